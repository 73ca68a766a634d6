"""Reading a workbook: the rows that hold values, where each cell is, and what Excel stored, nothing more."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from assembler.errors import InputError
from assembler.read.sheet import ExcelError, Percentage, UncachedFormula, column_letter
from assembler.read.workbook import read_workbook


def saved(path: Path, workbook: Workbook) -> Path:
    workbook.save(path)
    return path


def test_workbook_keeps_the_rows_with_values_and_their_columns(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Budget"
    sheet["A1"], sheet["C1"] = "Post", "Budget 2018"
    sheet["A3"], sheet["C3"] = "Projektleder", 480_000
    sheet["B4"] = "   "  # blank text is no value
    (read,) = read_workbook(saved(tmp_path / "plan.xlsx", workbook), "inputs/plan.xlsx")
    assert [(row.number, row.cells) for row in read.rows] == [
        (1, {1: "Post", 3: "Budget 2018"}),
        (3, {1: "Projektleder", 3: 480_000}),
    ]
    assert str(read.location(3, 3)) == "inputs/plan.xlsx › Budget!C3"
    assert str(read.location(row=3)) == "inputs/plan.xlsx › Budget, række 3"


def test_workbook_names_what_excel_stored_beyond_plain_values(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = datetime(2018, 12, 9)
    sheet["B1"] = 0.25
    sheet["B1"].number_format = "0%"
    sheet["C1"] = "=1+1"  # written by a program: no cached result
    sheet["D1"] = "#DIV/0!"
    sheet["D1"].data_type = "e"
    (read,) = read_workbook(saved(tmp_path / "plan.xlsx", workbook), "plan.xlsx")
    assert read.rows[0].cells == {
        1: datetime(2018, 12, 9),
        2: Percentage(0.25),
        3: UncachedFormula("=1+1"),
        4: ExcelError("#DIV/0!"),
    }


def test_workbook_reads_hidden_sheets_and_says_so(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Stamdata"
    workbook.create_sheet("Lister").sheet_state = "hidden"
    sheets = read_workbook(saved(tmp_path / "plan.xlsx", workbook), "plan.xlsx")
    assert [(s.title, s.hidden) for s in sheets] == [("Stamdata", False), ("Lister", True)]


def test_workbook_that_is_no_workbook_is_a_located_problem(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"")
    with pytest.raises(InputError) as caught:
        read_workbook(path, "inputs/plan.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "inputs/plan.xlsx: filen er tom (0 byte). Hvis den er ved at blive kopieret, så prøv igen, "
        "når kopieringen er færdig."
    ]


@pytest.mark.parametrize(("column", "letters"), [(1, "A"), (26, "Z"), (28, "AB"), (16384, "XFD")])
def test_workbook_column_letters_are_excel_s(column: int, letters: str) -> None:
    assert column_letter(column) == letters
