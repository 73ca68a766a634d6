"""What reading gives: each worksheet's rows of raw cell values, placed by their cells, and its problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from assembler.errors import Location, Problem

EXCEL_1900_EPOCH = datetime(1899, 12, 30)  # day 0 of the 1900 calendar (as Excel counts, leap bug included)
EXCEL_1904_EPOCH = datetime(1904, 1, 1)


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
    """One row that has at least one value; `cells` maps 1-based column numbers to values, in column order."""

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
    """A worksheet's non-empty rows, in row order, with what is needed to point at a cell."""

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


def is_blank(value: object) -> bool:
    """True for no value, or text of spaces only: a cell that holds nothing to read."""
    return value is None or (isinstance(value, str) and not value.strip())
