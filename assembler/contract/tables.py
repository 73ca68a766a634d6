"""A sheet read against its contract: headers found in row 1, typed cells, problems collected."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from assembler.contract.cells import CellValueError, clean_text, describe, parse_date, parse_text, quoted_text
from assembler.contract.schema import SheetSpec
from assembler.contract.vocabulary import normalize
from assembler.errors import Location, Problem
from assembler.read.sheet import CellValue, MergedRange, Row, Sheet

T = TypeVar("T")
HEADER_SEARCH_ROWS = 10
_YEAR_HEADER = re.compile(r"(\w+)\s*(\d{4})(?:\s*\(?kr\.?\)?)?")


@dataclass
class Problems:
    """The problems found so far in one plan, errors and warnings in the order found."""

    items: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        """Record a problem that stops the plan from being built."""
        self.items.append(Problem(location, message))

    def warn(self, location: Location, message: str) -> None:
        """Record a problem the report is still built despite."""
        self.items.append(Problem(location, message, warning=True))

    @property
    def has_errors(self) -> bool:
        """True when at least one problem is not a warning."""
        return any(not p.warning for p in self.items)


@dataclass
class Table:
    """A sheet whose contract columns were all found in row 1."""

    spec: SheetSpec
    sheet: Sheet
    columns: dict[str, int]
    year_columns: dict[str, dict[int, int]]
    # The older one-column form of per-year columns ('Resultat'), by prefix, until the statusår is known.
    single_year_columns: dict[str, int] = field(default_factory=dict)
    # Merges already reported: saying that the cells they blank are empty would only repeat them.
    reported_merges: list[MergedRange] = field(default_factory=list)

    def rows(self) -> Iterator[Row]:
        """Yield the data rows below the header that have a value in a contract column."""
        wanted = set(self.columns.values()) | {c for by_year in self.year_columns.values() for c in by_year.values()}
        for row in self.sheet.rows:
            if row.number > 1 and wanted & row.cells.keys():
                yield row


def read_table(sheet: Sheet, spec: SheetSpec, problems: Problems) -> Table | None:
    """Match row 1 against the contract; record what is missing and return None if anything is."""
    header = sheet.rows[0] if sheet.rows and sheet.rows[0].number == 1 else None
    found = _header_columns(sheet, header, problems)
    missing = [c.header for c in spec.columns if not c.may_be_absent and normalize(c.header) not in found]
    if missing:
        _report_missing_columns(sheet, spec, header, missing, problems)
        return None
    columns = {c.header: found[normalize(c.header)] for c in spec.columns if normalize(c.header) in found}
    singles = {
        y.prefix: found[normalize(y.prefix)]
        for y in spec.year_columns
        if y.single_is_status_year and normalize(y.prefix) in found
    }
    table = Table(spec, sheet, columns, _year_columns(spec, found), singles)
    _report_merged_data_cells(table, problems)
    return table


def _header_columns(sheet: Sheet, header: Row | None, problems: Problems) -> dict[str, int]:
    found: dict[str, int] = {}
    for column, value in sorted((header.cells if header else {}).items()):
        if not isinstance(value, str | int):
            continue
        name = normalize(str(value))
        if name in found:
            first = sheet.location(1, found[name]).cell
            problems.error(
                sheet.location(1, column),
                f"kolonnen '{quoted_text(str(value))}' står to gange (i {first} og her); slet den ene",
            )
            continue
        found[name] = column
    return found


def _report_missing_columns(
    sheet: Sheet, spec: SheetSpec, header: Row | None, missing: list[str], problems: Problems
) -> None:
    required = {normalize(c.header) for c in spec.columns if not c.may_be_absent}
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        names = {normalize(str(v)) for v in row.cells.values() if isinstance(v, str)}
        if row.number > 1 and required <= names:
            problems.error(
                sheet.location(row=row.number),
                f"kolonneoverskrifterne skal stå i række 1, men står i række {row.number}. Slet rækkerne over dem.",
            )
            return
    if header is None:
        expected = ", ".join(c.header for c in spec.columns)
        problems.error(
            sheet.location(row=1),
            f"række 1 er tom; den skal have kolonneoverskrifterne {expected}",
        )
        return
    present = ", ".join(quoted_text(v) if isinstance(v, str) else describe(v) for _, v in sorted(header.cells.items()))
    for name in missing:
        problems.error(sheet.location(row=1), f"kolonnen '{name}' mangler i række 1. Fandt: {present}")


def _year_columns(spec: SheetSpec, found: dict[str, int]) -> dict[str, dict[int, int]]:
    by_prefix: dict[str, dict[int, int]] = {prefix: {} for prefix in spec.year_prefixes}
    prefixes = {normalize(p): p for p in spec.year_prefixes}
    for name, column in found.items():
        match = _YEAR_HEADER.fullmatch(name)
        if match and match.group(1) in prefixes:
            by_prefix[prefixes[match.group(1)]][int(match.group(2))] = column
    return by_prefix


def _report_merged_data_cells(table: Table, problems: Problems) -> None:
    contract_columns = set(table.columns.values()) | {
        c for by_year in table.year_columns.values() for c in by_year.values()
    }
    for merged in sorted(table.sheet.merged, key=lambda m: (m.min_row, m.min_column)):
        covered = {c for c in contract_columns if merged.min_column <= c <= merged.max_column}
        spans_rows = merged.max_row > merged.min_row and merged.max_row > 1 and bool(covered)
        spans_columns = merged.max_row > 1 and len(covered) > 1
        if spans_rows or spans_columns:
            across = "flere rækker" if spans_rows else "flere kolonner"
            first = "den øverste række" if spans_rows else "den første kolonne"
            problems.error(
                Location(table.sheet.file, table.sheet.title, cell=merged.ref),
                f"cellerne er flettet hen over {across}, så kun {first} har en værdi. "
                "Ophæv fletningen og skriv værdien i hver celle.",
            )
            table.reported_merges.append(merged)


def read_rows(table: Table | None, problems: Problems) -> Iterator[RowReader]:
    """Yield a reader for each data row of a table (none when the sheet was unusable)."""
    if table is not None:
        for row in table.rows():
            yield RowReader(table, row, problems)


class RowReader:
    """Typed access to one data row's cells; every problem is recorded with its cell."""

    def __init__(self, table: Table, row: Row, problems: Problems) -> None:
        self.table = table
        self.row = row
        self.problems = problems

    def location(self, header: str, year: int | None = None) -> Location:
        """Return the location of the cell under a header (or a per-year header)."""
        return self.table.sheet.location(self.row.number, self._column(header, year))

    @property
    def epoch(self) -> datetime:
        """The date system of the row's workbook (1900, or 1904 from old Mac Excel)."""
        return self.table.sheet.epoch

    def date(self, header: str, *, required: bool = True, label: str | None = None) -> date | None:
        """Return the cell as a date, reading serial numbers in the workbook's own date system."""
        return self.value(header, lambda v: parse_date(v, self.epoch), required=required, label=label)

    def raw(self, header: str, year: int | None = None) -> CellValue | None:
        """Return the cell's value as read, or None when the column or the value is absent."""
        column = self._column(header, year)
        return None if column is None else self.row.cells.get(column)

    def text(self, header: str, *, required: bool = True, label: str | None = None) -> str:
        """Return the cell as clean text; '' (and a problem if required) when it is empty."""
        value = self.raw(header)
        if isinstance(value, str):
            text: str | None = value  # what parse_text gives text, without its checks of other kinds
        else:
            text = self.parse(header, value, parse_text) if value is not None else None
        if text is None:
            if value is None and required:
                self.report_empty(header, None, label or header)
            return ""
        cleaned, removed = clean_text(text)
        if removed:
            self.problems.warn(
                self.location(header),
                "tegn, som Word ikke kan vise (kontroltegn), er fjernet fra teksten",
            )
        if not cleaned and required:
            self.report_empty(header, None, label or header)
        return cleaned

    def value(
        self,
        header: str,
        parse: Callable[[CellValue], T],
        *,
        required: bool = True,
        year: int | None = None,
        label: str | None = None,
    ) -> T | None:
        """Return the parsed cell, or None (with a problem if required) when it is empty."""
        value = self.raw(header, year)
        if value is None:
            if required:
                self.report_empty(header, year, label or (f"{header} {year}" if year is not None else header))
            return None
        return self.parse(header, value, parse, year=year)

    def parse(
        self, header: str, value: CellValue, parse: Callable[[CellValue], T], year: int | None = None
    ) -> T | None:
        """Apply a cell parser, turning its complaint into a located problem."""
        try:
            return parse(value)
        except CellValueError as err:
            self.problems.error(self.location(header, year), str(err))
            return None

    def report_empty(self, header: str, year: int | None, label: str) -> None:
        """Record that a required cell is empty, unless a reported merge is why."""
        row, column = self.row.number, self._column(header, year) or 0
        blanked = any(
            m.min_row <= row <= m.max_row
            and m.min_column <= column <= m.max_column
            and (row, column) != (m.min_row, m.min_column)
            for m in self.table.reported_merges
        )
        if not blanked:
            self.problems.error(self.location(header, year), f"cellen er tom; udfyld {label}")

    def _column(self, header: str, year: int | None) -> int | None:
        if year is None:
            return self.table.columns.get(header)
        return self.table.year_columns.get(header, {}).get(year)
