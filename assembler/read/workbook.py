"""Reading Excel files into sheets of raw cell values with their row and column, nothing more."""

from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900
from openpyxl.worksheet._reader import (  # type: ignore[attr-defined]  # _cast_number is untyped internal API
    FORMULA_TAG,
    VALUE_TAG,
    WorkSheetParser,
    _cast_number,
)

from assembler.boundary import describe_input_error
from assembler.danish import format_integer
from assembler.errors import InputError, Location, Problem
from assembler.read.numberformats import percent_styles
from assembler.read.sheetxml import sheet_source
from assembler.read.sniff import OPEN_AND_SAVE, SAVE_AS_XLSX, describe_damaged, sniff_file

MAX_DATA_ROWS = 10_000
MAX_PHYSICAL_ROWS = 100_000
# Programs that write formulas without calculating them (openpyxl, XlsxWriter) set this flag and
# store no result or a placeholder 0; Excel clears it when it saves.
_RECALCULATE_ON_LOAD = re.compile(rb"<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad=[\"'](?:1|true)[\"']")

# openpyxl warns in English about parts it drops (data validation extensions, missing default
# styles); staff cannot act on that, and assembler reports what matters itself.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")


@dataclass(frozen=True)
class ExcelError:
    """A cell whose cached value is one of Excel's errors, e.g. #DIV/0!."""

    code: str


@dataclass(frozen=True)
class UncachedFormula:
    """A formula cell with no stored result (the file was written by a program, not by Excel)."""

    formula: str


@dataclass(frozen=True)
class Percentage:
    """A number in a cell formatted as a percentage: 0.25 in a cell that shows 25 %."""

    fraction: int | float


CellValue = str | int | float | bool | datetime | date | time | timedelta | ExcelError | UncachedFormula | Percentage


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
    epoch: datetime = CALENDAR_WINDOWS_1900
    missing: bool = False

    def location(self, row: int | None = None, column: int | None = None) -> Location:
        """Return the location of a cell, a row or (with no arguments) the whole sheet."""
        if row is not None and column is not None:
            return Location(self.file, self.title, cell=f"{column_letter(column)}{row}")
        return Location(self.file, self.title, row=row)

    @property
    def is_readable(self) -> bool:
        """True when the sheet was read whole (no error stopped the reading)."""
        return all(p.warning for p in self.problems)


def column_letter(column: int) -> str:
    """Return Excel's letters for a 1-based column number (1 → A, 28 → AB)."""
    return str(get_column_letter(column))


def read_workbook(path: Path, display_name: str) -> list[Sheet]:
    """Read every worksheet of an Excel file; raise InputError when the file cannot be read."""
    where = Location(display_name)
    # The boundary with the file, its zip container and openpyxl: whatever they raise becomes
    # a located problem; the type check runs inside it, since zipfile raises more than BadZipFile.
    try:
        problem = sniff_file(path)
        if problem is None:
            with path.open("rb") as handle:
                sheets = list(_read_sheets(handle, display_name))
    except OSError as err:
        raise InputError([Problem(where, describe_input_error(path, err))]) from err
    except Exception as err:  # openpyxl, zipfile and the XML parsers raise many kinds on broken files
        raise InputError([Problem(where, describe_unreadable(err))]) from err
    if problem is not None:
        raise InputError([Problem(where, problem)])
    if all(sheet.missing for sheet in sheets):
        raise InputError([Problem(where, "projektmappen har ingen ark, der kan læses. " + SAVE_AS_XLSX)])
    return sheets


def describe_unreadable(err: Exception) -> str:
    """Turn an exception raised while parsing a workbook into a Danish message."""
    causes = [err, *([err.__cause__] if err.__cause__ else [])]
    if any(type(e).__module__.startswith("defusedxml") for e in causes):
        return (
            "filen indeholder XML-definitioner (DTD eller entiteter), som Excel aldrig skriver; "
            "den afvises af sikkerhedshensyn. " + OPEN_AND_SAVE
        )
    if any(isinstance(e, zipfile.BadZipFile | zlib.error | EOFError) for e in causes):
        return describe_damaged()
    return f"filen kan ikke læses som Excel-projektmappe ({type(causes[-1]).__name__}). " + SAVE_AS_XLSX


def _read_sheets(handle: Any, display_name: str) -> Iterator[Sheet]:
    # A file handle, not a path: openpyxl would refuse a workbook by its extension alone.
    reader = ExcelReader(handle, read_only=True, data_only=True, keep_links=False)
    # What openpyxl's reader.read() does, but for the properties, theme and worksheet objects: a
    # read-only worksheet parses its whole XML once more to find a size assembler does not use.
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    workbook = reader.wb
    try:
        recalculate = bool(_RECALCULATE_ON_LOAD.search(reader.archive.read(reader.parser.workbook_part_name)))
        sheets = list(reader.parser.find_sheets())
        readable = {
            listed.name: _SheetPart(listed.name, listed.state or "visible", rel.target, reader.archive)
            for listed, rel in sheets
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        }
        for listed, rel in sheets:
            if listed.name in readable:
                yield _read_sheet(workbook, readable[listed.name], display_name, recalculate, reader.shared_strings)
            elif "chartsheet" not in rel.Type:
                yield _missing_sheet(listed.name, listed.state, display_name)
    finally:
        workbook.close()


@dataclass(frozen=True)
class _SheetPart:
    """A worksheet listed in the workbook whose XML part is in the file."""

    title: str
    sheet_state: str
    path: str
    archive: zipfile.ZipFile


def _missing_sheet(title: str, state: str | None, display_name: str) -> Sheet:
    sheet = Sheet(title, display_name, hidden=state not in (None, "visible"), missing=True)
    sheet.problems.append(
        Problem(sheet.location(), "arket står i projektmappen, men dets indhold mangler i filen. " + OPEN_AND_SAVE)
    )
    return sheet


def _read_sheet(
    workbook: Any, worksheet: _SheetPart, display_name: str, recalculate: bool, shared_strings: Any
) -> Sheet:
    # openpyxl's read-only worksheet pads rows to the dimension the file *claims*; its own
    # parser yields only the rows that exist, with cell types, formulas and merged ranges, in
    # one pass. It is internal API, hence the pinned openpyxl version in pyproject.toml.
    sheet = Sheet(worksheet.title, display_name, hidden=worksheet.sheet_state != "visible", epoch=workbook.epoch)
    source = sheet_source(worksheet.archive, worksheet.path)
    parser = _CellParser(
        source,
        shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    parser.recalculate = recalculate
    parser.percent_styles = percent_styles(workbook)
    physical = 0
    try:
        for number, cells in parser.parse():
            physical += 1
            values = {c["column"]: c["value"] for c in cells if not _is_blank(c["value"])}
            if values:
                sheet.rows.append(Row(number, values))
            problem = _too_many_rows(len(sheet.rows), physical)
            if problem is not None:
                sheet.problems.append(Problem(sheet.location(row=number), problem))
                sheet.rows.clear()
                return sheet
    finally:
        source.close()
    if parser.merged_cells is not None:
        sheet.merged = [MergedRange(str(m.ref), *range_boundaries(str(m.ref))) for m in parser.merged_cells.mergeCell]
    return sheet


def _too_many_rows(data_rows: int, physical_rows: int) -> str | None:
    if data_rows > MAX_DATA_ROWS:
        return (
            f"arket har flere end {format_integer(MAX_DATA_ROWS)} rækker med indhold; assembler læser højst "
            f"{format_integer(MAX_DATA_ROWS)}. Slet overflødige rækker, eller del arket op."
        )
    if physical_rows > MAX_PHYSICAL_ROWS:
        return (
            f"arket har flere end {format_integer(MAX_PHYSICAL_ROWS)} rækker, når tomme rækker med formatering "
            "tælles med. Markér de tomme rækker under dataene, slet dem (højreklik › Slet) og gem."
        )
    return None


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _CellParser(WorkSheetParser):
    """openpyxl's worksheet parser, keeping cached values and naming errors and lost formulas."""

    recalculate = False
    percent_styles: frozenset[int] = frozenset()

    def parse_cell(self, element: Any) -> dict[str, Any]:
        try:
            cell: dict[str, Any] = super().parse_cell(element)
        except ValueError:
            # A value Excel never writes ('nan', 'TRUE' as a boolean): handed on as the text it is.
            cell = self._cell_as_text(element)
        if element.find(FORMULA_TAG) is not None:
            formula = self.parse_formula(element)  # type: ignore[no-untyped-call]  # registers shared formulas
            if self.recalculate or element.find(VALUE_TAG) is None:
                cell["value"] = UncachedFormula(str(getattr(formula, "text", formula)))
                return cell
        if cell["data_type"] == "e" and element.get("t", "n") == "n":
            # openpyxl turns a date-formatted number outside the calendar into #VALUE!; keep the number.
            cell["value"] = _number_or_text(element.findtext(VALUE_TAG))
        elif cell["data_type"] == "e":
            cell["value"] = ExcelError(str(cell["value"]))
        elif cell["data_type"] == "n" and cell.get("style_id") in self.percent_styles:
            cell["value"] = Percentage(cell["value"]) if isinstance(cell["value"], int | float) else cell["value"]
        return cell

    def _cell_as_text(self, element: Any) -> dict[str, Any]:
        coordinate = element.get("r")
        row, column = coordinate_to_tuple(coordinate) if coordinate else (self.row_counter, self.col_counter)
        return {"row": row, "column": column, "value": element.findtext(VALUE_TAG), "data_type": "s"}


def _number_or_text(text: str | None) -> CellValue | None:
    try:
        return None if text is None else _cast_number(text)
    except ValueError:
        return text
