"""The contract is the one description of the workbook: a header typo fails here, not for a user."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assembler.contract import declaration as c
from assembler.contract.blank import blank_workbook
from assembler.contract.model import Stamdata, Succeskriterie
from assembler.contract.records import Choices, Reading, read_records
from assembler.contract.schema import COLUMN, DERIVED, LIST_KINDS, STAMDATA, YEARS, Kind
from assembler.contract.tables import Problems, read_table
from assembler.contract.vocabulary import STATUSER, load_vocabulary
from assembler.read.workbook import read_workbook
from tests.conftest import EXAMPLE
from tests.factory import header_row, plan_sheets, write_workbook

RECORD_SHEETS = [spec for spec in c.SHEETS if spec.record is not None]
# The Python type a cell of each kind is read into, when it must be filled and when it may be empty.
TYPES: dict[Kind, tuple[object, object]] = {
    Kind.TEXT: (str, str),
    Kind.CHOICE: (str, str),
    Kind.FRAME: (str, str),
    Kind.YEAR: (int, int | None),
    Kind.DATE: (date, date | None),
    Kind.NUMBER: (Decimal, Decimal | None),
    Kind.YES_NO: (bool, bool),
}


@pytest.mark.parametrize("spec", RECORD_SHEETS, ids=lambda s: s.name)
def test_every_field_of_a_record_is_a_column_per_year_columns_or_derived(spec: c.SheetSpec) -> None:
    assert spec.record is not None
    for field in dataclasses.fields(spec.record):
        assert len(field.metadata.keys() & {COLUMN, YEARS, DERIVED}) == 1, field.name


def test_every_field_of_stamdata_is_a_row_of_the_stamdata_sheet() -> None:
    assert all(STAMDATA in field.metadata for field in dataclasses.fields(Stamdata))
    assert [spec.attribute for spec in c.STAMDATA_FIELDS] == [f.name for f in dataclasses.fields(Stamdata)]


@pytest.mark.parametrize("spec", c.SHEETS, ids=lambda s: s.name)
def test_headers_and_attributes_are_declared_once_per_sheet(spec: c.SheetSpec) -> None:
    # 'Måltal' and 'Måltal 2025' differ: a column and a per-year column may share a word.
    headers = [col.header for col in spec.columns] + [f"{prefix} <år>" for prefix in spec.year_prefixes]
    attributes = [col.attribute for col in spec.columns] + [y.attribute for y in spec.year_columns]
    assert len(set(headers)) == len(headers)
    assert len(set(attributes)) == len(attributes) and all(attributes)


def test_sheet_and_stamdata_names_are_declared_once() -> None:
    assert len({spec.name for spec in c.SHEETS}) == len(c.SHEETS)
    assert len({spec.name for spec in c.STAMDATA_FIELDS}) == len(c.STAMDATA_FIELDS)


@pytest.mark.parametrize("spec", RECORD_SHEETS, ids=lambda s: s.name)
def test_every_column_fills_a_field_of_its_kind(spec: c.SheetSpec) -> None:
    hints = typing.get_type_hints(spec.record)
    for column in spec.columns:
        assert hints[column.attribute] == TYPES[column.kind][not column.required], column.attribute


def test_every_stamdata_field_fills_an_attribute_of_its_kind() -> None:
    hints = typing.get_type_hints(Stamdata)
    for spec in c.STAMDATA_FIELDS:
        filled = TYPES[spec.kind][0]
        # An empty text is ''; any other field left empty is None (a Ja/Nej not stated is neither).
        expected = filled if spec.required or filled is str else filled | None  # type: ignore[operator]
        assert hints[spec.attribute] == expected, spec.attribute


def test_a_column_names_a_list_exactly_when_its_kind_takes_one() -> None:
    declared = [*c.STAMDATA_FIELDS, *(column for spec in c.SHEETS for column in spec.columns)]
    vocabulary = load_vocabulary()
    frame = vocabulary.frames[0]
    for column in declared:
        assert (column.choices is not None) == (column.kind in LIST_KINDS), column
        if column.choices is not None:
            # The list stands in vocabulary.toml under the key the column names.
            assert vocabulary.values(column.choices, frame), column.choices


def test_the_example_and_the_blank_workbook_have_the_declared_headers() -> None:
    vocabulary = load_vocabulary()
    frame = vocabulary.find_frame("2019-26")
    assert frame is not None
    blank = blank_workbook(vocabulary, frame, [2023, 2024, 2025, 2026])
    example = load_workbook(EXAMPLE, read_only=True)
    for workbook in (blank, example):
        for spec in c.SHEETS:
            if spec.name not in workbook.sheetnames:
                assert spec.optional
                continue
            row = next(workbook[spec.name].iter_rows(max_row=1, values_only=True))
            headers = [str(v) for v in row if v is not None]
            # A column that may be left out may be missing in a workbook written before it was declared.
            absent = {column.header for column in spec.columns if column.may_be_absent and column.header not in headers}
            expected = [h for h in header_row(spec, range(2023, 2027)) if h not in absent]
            # new-workbook writes its help text to the right of the headers
            assert headers[: len(expected)] == expected, spec.name


def test_read_records_parses_each_column_by_its_kind_and_locates_problems(tmp_path: Path) -> None:
    sheets = plan_sheets()
    sheets["Fremdrift"][1][5] = "mange"  # Resultat 2018 is a number
    sheets["Fremdrift"][2][6] = "Igang"  # Status is from the vocabulary's list
    sheet = next(
        s for s in read_workbook(write_workbook(tmp_path / "p.xlsx", sheets), "p.xlsx") if s.title == "Fremdrift"
    )
    problems = Problems()
    table = read_table(sheet, c.FREMDRIFT, problems)
    reading = Reading(problems, {STATUSER: Choices(load_vocabulary().statuses, STATUSER.noun)}, years=(2018,))

    rows = read_records(table, c.FREMDRIFT, Succeskriterie, reading)

    assert rows[0].maaltal == Decimal(10) and rows[0].resultater == {2018: None}
    assert rows[1].status == "Igang"
    assert [(p.location.cell, p.message.split(".")[0]) for p in problems.items] == [
        ("F2", "forventede et tal, fandt 'mange'"),
        ("G3", "ukendt status 'Igang'"),
    ]


def test_read_records_refuses_a_record_class_the_sheet_does_not_declare() -> None:
    with pytest.raises(TypeError):
        read_records(None, c.FREMDRIFT, Stamdata, Reading(Problems()))
