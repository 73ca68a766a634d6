"""How the workbook is declared: kinds of cells, columns, Stamdata fields and sheets, each said once.

A record of the model (`model.py`) declares each of its fields as the column it is read from
(`column`, `year_columns`, `stamdata_row`, or `derived` for what the reader computes); a sheet
(`declaration.py`) takes its columns from its record. The validator, the blank workbook and the
README's sheet table all read these declarations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache
from typing import Any

from assembler.contract.vocabulary import ValueList

# The keys under which a record's field carries its declaration (dataclasses.field's metadata).
COLUMN, YEARS, STAMDATA, DERIVED = "column", "years", "stamdata", "derived"


class Kind(Enum):
    """What a cell must hold: it picks the parser, the blank workbook's guard and format."""

    TEXT = "tekst"
    DATE = "dato"
    YEAR = "årstal"
    NUMBER = "tal"
    AMOUNT = "beløb"
    YES_NO = "Ja/Nej"
    CHOICE = "værdi fra en liste"  # one of a list's values, as it stands there
    FRAME = "bevillingsramme"  # a bevillingsramme's key or alias, or the word for the plan's own list
    POINT = "punkt"  # a numbered point, by its number or its heading


LIST_KINDS = (Kind.CHOICE, Kind.FRAME, Kind.POINT)
YEAR_WIDTH = 14  # the blank workbook's width of a per-year column


@dataclass(frozen=True)
class Column:
    """A column of a sheet, named by its header in row 1, filling one attribute of the sheet's record.

    `required`: the cell must be filled; `may_be_absent`: the whole column may be left out;
    `choices`: the list in vocabulary.toml a list kind's values come from; `width`: the blank
    workbook's column width; `key`: the column is (part of) what tells a row from the others, so
    two rows may not have the same key (the reports' frames know a repeated part by it).
    `attribute` is the record field's name (given by hand only for sheets read by their own reader).
    """

    header: str
    kind: Kind = Kind.TEXT
    required: bool = True
    may_be_absent: bool = False
    width: int = 18
    choices: ValueList | None = None
    attribute: str = ""
    key: bool = False


@dataclass(frozen=True)
class YearColumns:
    """A column per year ('Budget 2019', 'Budget 2020' …) filling a record's {year: value} attribute.

    An empty cell is 0 when `empty_is_zero`, else None (a year without regnskab or result yet).
    `kind` is AMOUNT (whole kroner) or NUMBER. `every_year`: row 1 must have the column for each
    year of the period; otherwise a column may be added for some years only, and `new-workbook`
    does not write it. `single_is_status_year`: a column headed by the prefix alone (the older
    form, 'Resultat') is read as the statusår's.
    """

    prefix: str
    empty_is_zero: bool
    kind: Kind = Kind.AMOUNT
    every_year: bool = True
    single_is_status_year: bool = False
    attribute: str = ""

    def column(self, header: str) -> Column:
        """Return one of the columns, headed 'Budget 2019' (or 'Resultat' in the older form)."""
        return Column(header, self.kind, required=False, width=YEAR_WIDTH)


@dataclass(frozen=True)
class FieldSpec:
    """A row of the Stamdata sheet: its name in the Felt column, and what its Værdi must hold."""

    name: str
    kind: Kind = Kind.TEXT
    required: bool = False
    max_length: int | None = None
    choices: ValueList | None = None
    attribute: str = ""


def column(
    header: str,
    kind: Kind = Kind.TEXT,
    *,
    required: bool = True,
    may_be_absent: bool = False,
    width: int = 18,
    choices: ValueList | None = None,
    default: object = dataclasses.MISSING,
    key: bool = False,
) -> Any:
    """Declare a record field as the column it is read from (`key`: part of what tells its row from the others)."""
    declared = Column(header, kind, required, may_be_absent, width, choices, key=key)
    return field(default=default, metadata={COLUMN: declared})


def year_columns(
    prefix: str,
    *,
    empty_is_zero: bool,
    kind: Kind = Kind.AMOUNT,
    every_year: bool = True,
    single_is_status_year: bool = False,
) -> Any:
    """Declare a record field as the per-year columns it is read from ('Budget 2019' …)."""
    declared = YearColumns(prefix, empty_is_zero, kind, every_year, single_is_status_year)
    return field(metadata={YEARS: declared})


def stamdata_row(
    name: str,
    kind: Kind = Kind.TEXT,
    *,
    required: bool = False,
    max_length: int | None = None,
    choices: ValueList | None = None,
    default: object = dataclasses.MISSING,
) -> Any:
    """Declare a Stamdata field as the row of the Stamdata sheet it is read from."""
    return field(default=default, metadata={STAMDATA: FieldSpec(name, kind, required, max_length, choices)})


def derived(default: object) -> Any:
    """Declare a record field the reader computes rather than reads."""
    return field(default=default, metadata={DERIVED: True})


@cache
def columns_of(record: type) -> tuple[Column, ...]:
    """Return the columns a record's fields are read from, in the fields' order."""
    return tuple(
        replace(f.metadata[COLUMN], attribute=f.name) for f in dataclasses.fields(record) if COLUMN in f.metadata
    )


@cache
def year_columns_of(record: type) -> tuple[YearColumns, ...]:
    """Return the per-year columns a record's fields are read from."""
    return tuple(
        replace(f.metadata[YEARS], attribute=f.name) for f in dataclasses.fields(record) if YEARS in f.metadata
    )


Layout = tuple[Column | tuple[YearColumns, ...], ...]


@cache
def layout_of(record: type) -> Layout:
    """Return row 1 as new-workbook writes it: each column, and each run of per-year fields where it stands.

    Per-year fields next to each other are written year by year ('Budget 2019', 'Regnskab 2019',
    'Budget 2020' …); those not written for every year are left out (staff add them).
    """
    columns = {c.attribute: c for c in columns_of(record)}
    years = {y.attribute: y for y in year_columns_of(record)}
    layout: list[Column | tuple[YearColumns, ...]] = []
    for f in dataclasses.fields(record):
        if f.name in columns:
            layout.append(columns[f.name])
        elif f.name in years and years[f.name].every_year:
            last = layout[-1] if layout else None
            if isinstance(last, tuple):
                layout[-1] = (*last, years[f.name])
            else:
                layout.append((years[f.name],))
    return tuple(layout)


@cache
def stamdata_fields_of(record: type) -> tuple[FieldSpec, ...]:
    """Return the Stamdata rows a record's fields are read from, in the fields' order (the sheet's)."""
    return tuple(
        replace(f.metadata[STAMDATA], attribute=f.name) for f in dataclasses.fields(record) if STAMDATA in f.metadata
    )


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of the contract: its columns, from its record's fields (or its own, read by its own reader).

    `total_rows` says that a row naming a total ('I alt') with nothing else in its text columns is
    skipped; `negative_amounts` that the per-year amounts may be negative (income in the budget).
    """

    name: str
    record: type | None = None
    own_columns: tuple[Column, ...] = ()
    optional: bool = False
    negative_amounts: bool = False
    total_rows: bool = False

    @property
    def columns(self) -> tuple[Column, ...]:
        """The sheet's columns in row 1, in order (the per-year columns follow them)."""
        return columns_of(self.record) if self.record is not None else self.own_columns

    @property
    def year_columns(self) -> tuple[YearColumns, ...]:
        """The sheet's per-year columns, e.g. Budget and Regnskab."""
        return year_columns_of(self.record) if self.record is not None else ()

    @property
    def year_prefixes(self) -> tuple[str, ...]:
        """The prefixes of the per-year columns, e.g. ('Budget', 'Regnskab')."""
        return tuple(y.prefix for y in self.year_columns)

    @property
    def layout(self) -> Layout:
        """Row 1 as new-workbook writes it: columns and runs of per-year columns, in the record's order."""
        return layout_of(self.record) if self.record is not None else self.own_columns

    def row_one(self, years: Iterable[int], *, single_year: bool = False) -> list[Column]:
        """Return row 1's columns for a period's years, each per-year column as a column of its own.

        `single_year`: the older one-column form ('Resultat') where a sheet allows it.
        """
        years = tuple(years)
        columns: list[Column] = []
        for item in self.layout:
            if isinstance(item, Column):
                columns.append(item)
            elif single_year and all(y.single_is_status_year for y in item):
                columns += [y.column(y.prefix) for y in item]
            else:
                columns += [y.column(f"{y.prefix} {year}") for year in years for y in item]
        return columns

    def headers(self, years: Iterable[int], *, single_year: bool = False) -> list[str]:
        """Return row 1's headers for a period's years (see `row_one`)."""
        return [column.header for column in self.row_one(years, single_year=single_year)]

    @property
    def key_columns(self) -> tuple[Column, ...]:
        """The columns that together tell a row from the others (none: rows need not differ)."""
        return tuple(column for column in self.columns if column.key)

    def header(self, attribute: str) -> str:
        """Return the header of the column filling an attribute."""
        return next(column.header for column in self.columns if column.attribute == attribute)
