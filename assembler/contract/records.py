"""Reading a sheet into typed records by its declaration: the column's kind picks the parser."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from assembler.contract.cells import parse_amount, parse_number, parse_year, parse_yes_no, quoted_text
from assembler.contract.schema import Column, Kind, SheetSpec, YearColumns
from assembler.contract.tables import Problems, RowReader, Table, read_rows
from assembler.contract.vocabulary import ValueList, match, normalize, suggest
from assembler.danish import format_short_date
from assembler.read.sheet import CellValue

T = TypeVar("T")


@dataclass(frozen=True)
class Choices:
    """The values a list column may hold, what one is called, and what a message adds after an unknown one."""

    values: tuple[str, ...]
    noun: str
    context: str = ""


@dataclass(frozen=True)
class Reading:
    """What reading a plan's sheets needs besides the sheet: its problems, lists, years and total labels."""

    problems: Problems
    choices: dict[ValueList, Choices] = field(default_factory=dict)
    years: tuple[int, ...] = ()
    total_labels: tuple[str, ...] = ()


def read_records(table: Table | None, spec: SheetSpec, record: type[T], reading: Reading) -> list[T]:
    """Return a record per data row of a sheet, every problem recorded with its cell."""
    return [item for _, item in located_records(table, spec, record, reading)]


def located_records(
    table: Table | None, spec: SheetSpec, record: type[T], reading: Reading
) -> Iterator[tuple[RowReader, T]]:
    """Yield each row's reader with its record; a row whose required typed cell is unusable yields none."""
    if spec.record is not record:
        raise TypeError(f"the sheet {spec.name} declares {spec.record}, not {record}")
    # Each column's list of choices, looked up once per sheet rather than once per cell.
    columns = [(column, reading.choices.get(column.choices) if column.choices else None) for column in spec.columns]
    keys: dict[tuple[object, ...], RowReader] = {}
    for r in read_rows(table, reading.problems):
        if spec.total_rows and is_total_row(r, spec, reading.total_labels):
            continue
        values = {column.attribute: read_cell(r, column, choices) for column, choices in columns}
        if any(values[c.attribute] is None for c in spec.columns if c.required):
            continue
        check_key(r, spec, values, keys)
        for years in spec.year_columns:
            values[years.attribute] = read_years(r, years, spec.negative_amounts, reading.years)
        yield r, record(**values)


def check_key(r: RowReader, spec: SheetSpec, values: dict[str, Any], keys: dict[tuple[object, ...], RowReader]) -> None:
    """Record a problem when a row has the key of an earlier row (its key columns' values, as compared)."""
    if not spec.key_columns:
        return
    key = tuple(normalize(v) if isinstance(v, str) else v for v in (values[c.attribute] for c in spec.key_columns))
    first = keys.setdefault(key, r)
    if first is r:
        return
    headers = [column.header for column in spec.key_columns]
    if len(headers) == 1:
        value = values[spec.key_columns[0].attribute]
        shown = format_short_date(value) if isinstance(value, date) else quoted_text(str(value))
        said = f"{headers[0]} '{shown}' står også i række {first.row.number}"
        named = f"deres {headers[0]}, så to rækker må ikke have samme {headers[0]}"
    else:
        columns = f"{', '.join(headers[:-1])} og {headers[-1]}"
        said = f"{columns} er de samme som i række {first.row.number}"
        named = f"deres {columns}, så to rækker må ikke have dem alle ens"
    r.problems.error(
        r.location(headers[0]),
        f"{said}. assembler kender rækkerne i rapporterne på {named}: slå dem sammen til én, "
        "eller skriv dem forskelligt",
    )


def read_cell(r: RowReader, column: Column, choices: Choices | None) -> Any:
    """Return one cell's value, parsed by its column's kind ('' for an empty text, None for other kinds)."""
    header, required = column.header, column.required
    if column.kind is Kind.DATE:
        return r.date(header, required=required)
    if column.kind is Kind.NUMBER:
        return r.value(header, parse_number, required=required)
    if column.kind is Kind.YES_NO:
        return bool(r.value(header, parse_yes_no, required=required))
    if column.kind is Kind.YEAR:
        return r.value(header, parse_year, required=required)
    text = r.text(header, required=required)
    if text and choices is not None:
        return checked_choice(r, header, text, choices)
    return text


def read_years(r: RowReader, years: YearColumns, negative: bool, plan_years: tuple[int, ...]) -> dict[int, Any]:
    """Return a record's value per year ('Budget 2019' …); an empty cell is 0 or None, as declared."""
    parse: Callable[[CellValue], Any] = amount_allowing_income if negative else parse_amount
    if years.kind is Kind.NUMBER:
        parse = parse_number
    amounts = {y: r.value(years.prefix, parse, required=False, year=y) for y in plan_years}
    if years.empty_is_zero:
        return {y: amount or 0 for y, amount in amounts.items()}
    return amounts


def amount_allowing_income(value: CellValue) -> int:
    """Parse a budget or regnskab amount; a negative one is an income line."""
    return parse_amount(value, allow_negative=True)


def is_total_row(r: RowReader, spec: SheetSpec, total_labels: tuple[str, ...]) -> bool:
    """True for a row that sums the others ('I alt'), which assembler computes itself."""
    first, *others = spec.columns
    named_total = match(r.text(first.header, required=False), total_labels) is not None
    return named_total and all(r.raw(column.header) is None for column in others)


def checked_choice(r: RowReader, header: str, text: str, choices: Choices) -> str:
    """Return the choice a cell names, or record a problem listing the choices."""
    chosen = match(text, choices.values)
    if chosen is None:
        unknown = f"ukendt {choices.noun} '{quoted_text(text)}'{choices.context}"
        problems_text = f"{unknown}.{suggest(text, choices.values)} Brug en af: {', '.join(choices.values)}"
        r.problems.error(r.location(header), problems_text)
        return text
    return chosen
