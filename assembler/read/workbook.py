"""Reading Excel files into sheets of raw cell values with their row and column, nothing more."""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from assembler.boundary import describe_input_error
from assembler.danish import format_integer
from assembler.errors import InputError, Location, Problem
from assembler.read.sniff import OPEN_AND_SAVE, SAVE_AS_XLSX, describe_damaged, sniff_file

EXCEL_1900_EPOCH = datetime(1899, 12, 30)  # openpyxl's CALENDAR_WINDOWS_1900
MAX_DATA_ROWS = 10_000
MAX_PHYSICAL_ROWS = 100_000
# Programs that write formulas without calculating them (openpyxl, XlsxWriter) set this flag and
# store no result or a placeholder 0; Excel clears it when it saves.
RECALCULATE_ON_LOAD = re.compile(rb"<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad=[\"'](?:1|true)[\"']")

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
    epoch: datetime = EXCEL_1900_EPOCH
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
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def read_workbook(path: Path, display_name: str) -> list[Sheet]:
    """Read every worksheet of an Excel file; raise InputError when the file cannot be read."""
    where = Location(display_name)
    # The boundary with the file, its zip container and openpyxl: whatever they raise becomes
    # a located problem; the type check runs inside it, since zipfile raises more than BadZipFile.
    try:
        problem = sniff_file(path)
        if problem is None:
            sheets = _read_sheets(path, display_name)
    except OSError as err:
        raise InputError([Problem(where, describe_input_error(path, err))]) from err
    except Exception as err:  # openpyxl, zipfile and the XML parsers raise many kinds on broken files
        raise InputError([Problem(where, describe_unreadable(err))]) from err
    if problem is not None:
        raise InputError([Problem(where, problem)])
    if all(sheet.missing for sheet in sheets):
        raise InputError([Problem(where, "projektmappen har ingen ark, der kan læses. " + SAVE_AS_XLSX)])
    return sheets


def _read_sheets(path: Path, display_name: str) -> list[Sheet]:
    """Read with python-calamine when it gives every value exactly, else with openpyxl."""
    from assembler.read.fastread import read_fast

    fast = read_fast(path, display_name)
    if fast is not None:
        return fast
    from assembler.read.openpyxlreader import read_sheets

    # A file handle, not a path: openpyxl would refuse a workbook by its extension alone.
    with path.open("rb") as handle:
        return list(read_sheets(handle, display_name))


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


def too_many_rows(data_rows: int, physical_rows: int) -> str | None:
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


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


