"""Reading Excel files into sheets of raw cell values with their row and column, nothing more."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from .danish import format_integer
from .errors import InputError, Location, Problem

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_DATA_ROWS = 10_000
MAX_PHYSICAL_ROWS = 100_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
SAVE_AS_XLSX = "Åbn den i Excel og vælg Gem som › Excel-projektmappe (.xlsx)."


@dataclass(frozen=True)
class ExcelError:
    """A cell whose cached value is one of Excel's errors, e.g. #DIV/0!."""

    code: str


@dataclass(frozen=True)
class UncachedFormula:
    """A formula cell with no stored result (the file was written by a program, not by Excel)."""

    formula: str


CellValue = str | int | float | bool | datetime | date | time | timedelta | ExcelError | UncachedFormula


@dataclass(frozen=True)
class Row:
    """One row that has at least one value; `cells` maps 1-based column numbers to values."""

    number: int
    cells: dict[int, CellValue]


@dataclass(frozen=True)
class MergedRange:
    """Cells merged in Excel: only the top-left one holds the value."""

    ref: str
    min_column: int
    min_row: int
    max_column: int
    max_row: int


@dataclass
class Sheet:
    """A worksheet's non-empty rows, as read, with what is needed to point at a cell."""

    title: str
    file: str
    hidden: bool = False
    rows: list[Row] = field(default_factory=list)
    merged: list[MergedRange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def location(self, row: int | None = None, column: int | None = None) -> Location:
        """Return the location of a cell, a row or (with no arguments) the whole sheet."""
        if row is not None and column is not None:
            return Location(self.file, self.title, cell=f"{column_letter(column)}{row}")
        return Location(self.file, self.title, row=row)


def column_letter(column: int) -> str:
    """Return Excel's letters for a 1-based column number (1 → A, 28 → AB)."""
    return str(get_column_letter(column))


def read_workbook(path: Path, display_name: str) -> list[Sheet]:
    """Read every worksheet of an Excel file; raise InputError when the file cannot be read."""
    where = Location(display_name)
    problem = sniff_file(path)
    if problem is not None:
        raise InputError([Problem(where, problem)])
    try:
        sheets = list(_read_sheets(path, display_name))
    except InputError:
        raise
    except Exception as err:  # openpyxl and the XML parsers raise many kinds on broken files
        raise InputError([Problem(where, describe_unreadable(err))]) from err
    if not sheets:
        raise InputError([Problem(where, "projektmappen har ingen ark, der kan læses. " + SAVE_AS_XLSX)])
    return sheets


def sniff_file(path: Path) -> str | None:
    """Tell, from the bytes alone, why a file is not a readable .xlsx workbook (None if it may be)."""
    with path.open("rb") as handle:
        head = handle.read(8)
        if not head:
            return "filen er tom (0 byte). Hvis den er ved at blive kopieret, så prøv igen, når kopieringen er færdig."
        if head.startswith(OLE2_MAGIC):
            handle.seek(0)
            return describe_ole2(handle.read(4 * 1024 * 1024))
    if not head.startswith(ZIP_MAGIC):
        return describe_non_zip(path, head)
    try:
        with zipfile.ZipFile(path) as archive:
            return describe_zip_contents(archive)
    except (zipfile.BadZipFile, OSError, EOFError):
        return (
            "filen er ufuldstændig eller beskadiget. Hvis den er ved at blive kopieret, så prøv igen, "
            "når kopieringen er færdig; ellers åbn den i Excel og gem den igen."
        )


def describe_ole2(data: bytes) -> str:
    """Tell an encrypted workbook from an old binary .xls (both are OLE2 containers)."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return (
            "projektmappen er beskyttet med en adgangskode. Åbn den i Excel, fjern adgangskoden "
            "(Filer › Info › Beskyt projektmappe) og gem den igen."
        )
    return "filen er i det gamle Excel-format (.xls). " + SAVE_AS_XLSX


def describe_non_zip(path: Path, head: bytes) -> str:
    """Describe a file that is neither a zip nor an OLE2 container."""
    if path.suffix.lower() in {".csv", ".txt"} or all(32 <= b < 127 or b in b"\t\r\n" for b in head):
        return "filen er en tekst- eller CSV-fil, ikke en Excel-projektmappe. " + SAVE_AS_XLSX
    return "filen er ikke en Excel-projektmappe. " + SAVE_AS_XLSX


def describe_zip_contents(archive: zipfile.ZipFile) -> str | None:
    """Describe a zip that is not an .xlsx workbook, or one too large to unpack safely."""
    names = set(archive.namelist())
    if "xl/workbook.bin" in names:
        return "filen er en binær Excel-projektmappe (.xlsb). " + SAVE_AS_XLSX
    if "word/document.xml" in names:
        return "filen er et Word-dokument, ikke en Excel-projektmappe."
    if "content.xml" in names and "mimetype" in names:
        return "filen er et OpenDocument-regneark (.ods). " + SAVE_AS_XLSX
    if "xl/workbook.xml" not in names:
        return "filen er en zip-fil, men ikke en Excel-projektmappe. " + SAVE_AS_XLSX
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        return (
            f"filen fylder {unpacked // (1024 * 1024)} MB udpakket; assembler læser højst "
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB. Er det den rigtige fil?"
        )
    with archive.open("xl/workbook.xml") as part:
        if b"purl.oclc.org/ooxml" in part.read(4096):
            return "filen er gemt som »Strict Open XML-regneark«, som assembler ikke kan læse. " + SAVE_AS_XLSX
    return None


def describe_unreadable(err: Exception) -> str:
    """Turn an exception raised while parsing a workbook into a Danish message."""
    if type(err).__module__.startswith("defusedxml"):
        return (
            "filen indeholder XML-definitioner (DTD eller entiteter), som Excel aldrig skriver; "
            "den afvises af sikkerhedshensyn. Åbn den i Excel og gem den igen."
        )
    return f"filen kan ikke læses som Excel-projektmappe ({type(err).__name__}). " + SAVE_AS_XLSX


def _read_sheets(path: Path, display_name: str) -> Iterator[Sheet]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        for worksheet in workbook.worksheets:
            yield _read_sheet(workbook, worksheet, display_name)
    finally:
        workbook.close()


def _read_sheet(workbook: Any, worksheet: Any, display_name: str) -> Sheet:
    # openpyxl's read-only worksheet pads rows to the dimension the file *claims*; its own
    # parser yields only the rows that exist, with cell types, formulas and merged ranges, in
    # one pass. It is internal API, hence the pinned openpyxl version in pyproject.toml.
    sheet = Sheet(worksheet.title, display_name, hidden=worksheet.sheet_state != "visible")
    source = worksheet._get_source()
    parser = _CellParser(
        source,
        worksheet._shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    physical = 0
    try:
        for number, cells in parser.parse():
            physical += 1
            values = {c["column"]: c["value"] for c in cells if not _is_blank(c["value"])}
            if values:
                sheet.rows.append(Row(number, values))
            if len(sheet.rows) > MAX_DATA_ROWS or physical > MAX_PHYSICAL_ROWS:
                sheet.problems.append(
                    Problem(
                        sheet.location(row=number),
                        f"arket har flere end {format_integer(MAX_DATA_ROWS)} rækker; assembler læser "
                        f"højst {format_integer(MAX_DATA_ROWS)}. Slet tomme eller overflødige rækker.",
                    )
                )
                sheet.rows.clear()
                return sheet
    finally:
        source.close()
    if parser.merged_cells is not None:
        sheet.merged = [MergedRange(str(m.ref), *range_boundaries(str(m.ref))) for m in parser.merged_cells.mergeCell]
    return sheet


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _CellParser(WorkSheetParser):
    """openpyxl's worksheet parser, keeping cached values and naming errors and lost formulas."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["data_type"] == "e":
            cell["value"] = ExcelError(str(cell["value"]))
        elif element.find(FORMULA_TAG) is not None:
            formula = self.parse_formula(element)  # type: ignore[no-untyped-call]  # registers shared formulas
            if cell["value"] is None:
                cell["value"] = UncachedFormula(str(getattr(formula, "text", formula)))
        return cell
