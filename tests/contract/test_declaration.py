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
from assembler.contract.tables import Problems, read_table
from assembler.contract.vocabulary import load_vocabulary
from assembler.read.workbook import read_workbook
from tests.factory import YEARS, plan_sheets, write_workbook

EXAMPLE = Path(__file__).parents[2] / "inputs" / "engparken.xlsx"
RECORD_SHEETS = [spec for spec in c.SHEETS if spec.record is not None]
# The Python type each Stamdata kind is read into (None: the field may be absent).
STAMDATA_TYPES: dict[c.Kind, object] = {
    c.Kind.TEXT: str,
    c.Kind.FRAME: str,
    c.Kind.YEAR: int,
    c.Kind.DATE: date | None,
    c.Kind.YES_NO: bool | None,
}


def declared_headers(spec: c.SheetSpec, years: typing.Iterable[int]) -> list[str]:
    """Return a sheet's row 1 as the contract declares it: the columns, then the per-year pairs."""
    return [col.header for col in spec.columns] + [f"{p} {y}" for y in years for p in spec.year_prefixes]


@pytest.mark.parametrize("spec", RECORD_SHEETS, ids=lambda s: s.name)
def test_every_declared_attribute_is_a_field_of_the_record_and_every_field_is_declared(spec: c.SheetSpec) -> None:
    assert spec.record is not None
    declared = [col.attribute for col in spec.columns] + [y.attribute for y in spec.year_columns]
    fields = [f.name for f in dataclasses.fields(spec.record)]
    assert sorted([*declared, *spec.derived]) == sorted(fields)


@pytest.mark.parametrize("spec", c.SHEETS, ids=lambda s: s.name)
def test_headers_and_attributes_are_declared_once_per_sheet(spec: c.SheetSpec) -> None:
    headers = [col.header for col in spec.columns]
    attributes = [col.attribute for col in spec.columns]
    assert len(set(headers)) == len(headers)
    assert len(set(attributes)) == len(attributes)


def test_every_stamdata_field_fills_a_stamdata_attribute_of_its_kind() -> None:
    hints = typing.get_type_hints(Stamdata)
    declared = {spec.attribute: spec for spec in c.STAMDATA_FIELDS}
    assert sorted(declared) == sorted(f.name for f in dataclasses.fields(Stamdata))
    for attribute, spec in declared.items():
        assert hints[attribute] == STAMDATA_TYPES[spec.kind], attribute


@pytest.mark.parametrize("spec", c.SHEETS, ids=lambda s: s.name)
def test_the_factory_plan_has_the_declared_headers(spec: c.SheetSpec) -> None:
    sheets = plan_sheets()
    if spec.name in sheets:
        assert sheets[spec.name][0] == declared_headers(spec, YEARS)
    else:
        assert spec.optional


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
            expected = declared_headers(spec, range(2023, 2027))
            # new-workbook writes its help text to the right of the headers
            assert headers[: len(expected)] == expected, spec.name


def test_stamdata_field_names_in_the_factory_are_declared() -> None:
    names = {spec.name for spec in c.STAMDATA_FIELDS}
    assert {row[0] for row in plan_sheets()["Stamdata"][1:]} <= names


def test_read_records_parses_each_column_by_its_kind_and_locates_problems(tmp_path: Path) -> None:
    sheets = plan_sheets()
    sheets["Fremdrift"][1][5] = "mange"  # Resultat is a number
    sheets["Fremdrift"][2][6] = "Igang"  # Status is from the vocabulary's list
    sheet = next(
        s for s in read_workbook(write_workbook(tmp_path / "p.xlsx", sheets), "p.xlsx") if s.title == "Fremdrift"
    )
    problems = Problems()
    table = read_table(sheet, c.FREMDRIFT, problems)
    reading = Reading(problems, {c.Kind.STATUS: Choices(load_vocabulary().statuses)})

    rows = read_records(table, c.FREMDRIFT, Succeskriterie, reading)

    assert rows[0].maaltal == Decimal(10) and rows[0].resultat is None
    assert rows[1].status == "Igang"
    assert [(p.location.cell, p.message.split(".")[0]) for p in problems.items] == [
        ("F2", "forventede et tal, fandt 'mange'"),
        ("G3", "ukendt status 'Igang'"),
    ]


def test_read_records_refuses_a_record_class_the_sheet_does_not_declare() -> None:
    with pytest.raises(TypeError):
        read_records(None, c.FREMDRIFT, Stamdata, Reading(Problems()))
