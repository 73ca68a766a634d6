"""The new workbook guards its cells: drop-downs, dates, numbers, readable help, named sources."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assembler.contract import declaration as c
from assembler.contract.blank import danish_list, write_blank_workbook
from assembler.contract.declaration import KnownNames
from assembler.contract.schema import Kind
from assembler.contract.vocabulary import ValueList, load_vocabulary
from tests.factory import lister_values

CLI = Callable[..., Result]
FIRST_DATE, LAST_DATE = "36526", "73050"  # 1.1.2000 and 31.12.2099 as Excel's serial numbers
LARGEST = "1000000000000"
NUMBER_PROMPT = "Et tal, fx 25. Lad cellen stå tom, hvis det ikke kan opgøres."
UNGUARDED = (Kind.TEXT, Kind.POINT)


YEARS = [2024, 2025, 2026, 2027]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("blank") / "ny.xlsx"
    write_blank_workbook(path, "2019-26", YEARS[0])
    return load_workbook(path)


def guards(sheet: Worksheet) -> dict[str, DataValidation]:
    """Return the sheet's validations by the range they cover."""
    return {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}


def drop_down_cells(workbook: Workbook) -> Iterator[tuple[Worksheet, str, Kind, ValueList | None]]:
    """Yield every guarded range of a declared column or Stamdata field with its kind and list."""
    for spec in c.SHEETS:
        if spec.name in workbook.sheetnames:
            for index, column in enumerate(spec.row_one(YEARS), start=1):
                letter = get_column_letter(index)
                yield workbook[spec.name], f"{letter}2:{letter}501", column.kind, column.choices
    for row, field in enumerate(c.STAMDATA_FIELDS, start=2):
        yield workbook[c.STAMDATA.name], f"B{row}", field.kind, field.choices


def test_drop_downs_offer_their_lists_values_and_refuse_others(workbook: Workbook) -> None:
    vocabulary = load_vocabulary()
    frame = vocabulary.find_frame("2019-26")
    checked = 0
    for sheet, cells, kind, choices in drop_down_cells(workbook):
        if kind not in (Kind.CHOICE, Kind.FRAME, Kind.YES_NO):
            continue
        guard = guards(sheet)[cells]
        assert guard.type == "list"
        expected = ("Ja", "Nej") if choices is None else vocabulary.values(choices, frame)
        assert lister_values(workbook, guard.formula1) == expected, (sheet.title, cells)
        assert guard.showErrorMessage and guard.errorStyle == "stop"
        assert guard.error.startswith("Vælg ") and guard.error.endswith("assembler kan kun læse værdierne i listen.")
        assert guard.showInputMessage and guard.prompt.startswith("Vælg ")
        checked += 1
    assert checked >= 5  # indsatsområde, status, kategori, bevillingsramme and Ja/Nej at least


@pytest.mark.parametrize(
    ("sheet", "cells", "values", "prompt"),
    [
        ("Fremdrift", "J2:J501", ("Ikke igangsat", "Igangsat", "Forsinket", "Gennemført", "Udgået"), "status"),
        ("Stamdata", "B6", ("2011-14", "2015-18", "2019-26", "Egen"), "bevillingsramme"),
        ("Bestyrelse", "F2:F501", ("Ja", "Nej"), "Ja/Nej"),
    ],
)
def test_drop_downs_name_their_list(
    workbook: Workbook, sheet: str, cells: str, values: tuple[str, ...], prompt: str
) -> None:
    guard = guards(workbook[sheet])[cells]
    assert lister_values(workbook, guard.formula1) == values
    assert guard.prompt == f"Vælg {prompt} i listen (pilen ved cellen)."


@pytest.mark.parametrize(
    ("sheet", "cells", "rule", "prompt"),
    [
        ("Bestyrelse", "D2:D501", ("date", "between", FIRST_DATE, LAST_DATE), "Skriv en dato, fx 9.12.2019."),
        ("Bestyrelse", "E2:E501", ("date", "between", FIRST_DATE, LAST_DATE), "Skriv en dato, fx 9.12.2019."),
        ("Møder", "A2:A501", ("date", "between", FIRST_DATE, LAST_DATE), "Skriv en dato, fx 9.12.2019."),
        ("Stamdata", "B7", ("date", "between", FIRST_DATE, LAST_DATE), "Skriv en dato, fx 9.12.2019."),
        ("Stamdata", "B13", ("date", "between", FIRST_DATE, LAST_DATE), "Skriv en dato, fx 9.12.2019."),
        ("Stamdata", "B9", ("whole", "between", "2000", "2099"), "Skriv et årstal, fx 2025."),
        ("Stamdata", "B2", ("textLength", "lessThanOrEqual", "200", None), "Højst 200 tegn."),
        (
            "Budget",
            "C2:C501",
            ("decimal", "between", f"-{LARGEST}", LARGEST),
            "Beløb i hele kroner, fx 125000. Et negativt beløb er en indtægt.",
        ),
        ("Budget", "J2:J501", ("decimal", "between", f"-{LARGEST}", LARGEST), None),
        ("Finansiering", "B2:B501", ("decimal", "greaterThanOrEqual", "0", None), "Beløb i hele kroner, fx 125000."),
        ("Finansiering", "I2:I501", ("decimal", "greaterThanOrEqual", "0", None), None),
        ("Fremdrift", "E2:E501", ("decimal", "greaterThanOrEqual", "0", None), None),
        ("Fremdrift", "F2:F501", ("decimal", "greaterThanOrEqual", "0", None), NUMBER_PROMPT),
        ("Fremdrift", "I2:I501", ("decimal", "greaterThanOrEqual", "0", None), None),
        ("Opmærksomhedspunkter", "C2:C501", ("whole", "between", "2000", "2099"), "Skriv et årstal, fx 2025."),
        ("Referat", "C2:C501", ("whole", "between", "2000", "2099"), None),
        ("Referat", "D2:D501", ("date", "between", FIRST_DATE, LAST_DATE), None),
        ("Deltagere", "E2:E501", ("whole", "between", "2000", "2099"), None),
    ],
)
def test_dates_years_amounts_and_numbers_are_checked(
    workbook: Workbook, sheet: str, cells: str, rule: tuple[str, str, str, str | None], prompt: str | None
) -> None:
    guard = guards(workbook[sheet])[cells]
    assert (guard.type, guard.operator, guard.formula1, guard.formula2) == rule
    assert guard.showErrorMessage and guard.errorStyle == "stop" and guard.allow_blank
    if prompt is not None:
        assert guard.prompt == prompt


def test_every_column_with_a_kind_is_guarded(workbook: Workbook) -> None:
    for spec in c.SHEETS:
        if spec.name not in workbook.sheetnames or spec is c.STAMDATA:
            continue
        covered = guards(workbook[spec.name])
        for index, column in enumerate(spec.row_one(YEARS), start=1):
            letter = get_column_letter(index)
            assert (f"{letter}2:{letter}501" in covered) == (column.kind not in UNGUARDED), (spec.name, column)
    stamdata = guards(workbook["Stamdata"])
    for row, field in enumerate(c.STAMDATA_FIELDS, start=2):
        assert (f"B{row}" in stamdata) == (field.kind not in UNGUARDED or field.max_length is not None), field


def test_every_message_is_danish_and_within_excels_limits(workbook: Workbook) -> None:
    messages = set()
    for sheet in workbook.worksheets:
        for guard in sheet.data_validations.dataValidation:
            assert guard.showInputMessage and guard.showErrorMessage
            assert guard.errorTitle.startswith("Ugyldig værdi: ")
            # Excel calls a file with longer texts damaged: titles 32, input message 255, error 225 characters.
            assert 0 < len(guard.promptTitle) <= 32 and len(guard.errorTitle) <= 32
            assert 0 < len(guard.prompt) <= 255 and 0 < len(guard.error) <= 225
            messages |= {guard.prompt, guard.error}
    assert "Skriv et beløb i kroner, fx 125000. Beløbet kan ikke være negativt." in messages
    assert "Skriv en dato mellem 1.1.2000 og 31.12.2099, fx 9.12.2019." in messages


def test_headers_fit_and_the_header_row_stays_in_view(workbook: Workbook) -> None:
    for sheet in workbook.worksheets:
        if sheet.title == "Lister":
            continue
        assert sheet.freeze_panes == "A2"
        for cell in sheet[1]:
            if cell.value is None or cell.font.italic:
                continue
            assert sheet.column_dimensions[cell.column_letter].width >= len(str(cell.value)) * 1.15, cell.value
    assert workbook["Stamdata"].column_dimensions["A"].width >= len(c.STAMDATA_FIELDS[10].name)


def test_help_text_has_room_to_be_read(workbook: Workbook) -> None:
    for sheet in workbook.worksheets:
        if sheet.title == "Lister":
            continue
        help_cell = next(cell for cell in sheet[1] if cell.font.italic)
        assert help_cell.alignment.wrap_text
        width = sheet.column_dimensions[help_cell.column_letter].width
        # At most about one character per unit of column width fits on a line.
        lines = math.ceil(len(help_cell.value) / width)
        assert sheet.row_dimensions[1].height >= 15 * lines, sheet.title


def test_long_point_headings_get_rows_tall_enough(workbook: Workbook) -> None:
    points = workbook["Opmærksomhedspunkter"]
    width = points.column_dimensions["A"].width
    for row in range(2, 10):
        heading = points.cell(row, 1).value
        lines = math.ceil(len(heading) / width)
        assert lines == 1 or points.row_dimensions[row].height >= 15 * lines, heading


def test_finansiering_lists_the_named_kommune_and_boligorganisationer(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "inputs" / "ny.xlsx"
    result = cli(
        "new-workbook",
        path,
        "--helhedsplan",
        "Helhedsplan Solbakken",
        "--kommune",
        "Nordby Kommune",
        "--boligorganisation",
        "Boligforeningen Solbakken",
        "--boligorganisation",
        "AAB",
    )
    assert result.exit_code == 0, result.output
    workbook = load_workbook(path)
    assert [workbook["Finansiering"].cell(r, 1).value for r in range(2, 6)] == [
        "Landsbyggefonden",
        "Nordby Kommune",
        "Boligforeningen Solbakken",
        "AAB",
    ]
    stamdata = {row[0].value: row[1].value for row in workbook["Stamdata"].iter_rows(min_row=2)}
    assert stamdata["Helhedsplan"] == "Helhedsplan Solbakken"
    assert stamdata["Kommune"] == "Nordby Kommune"
    assert stamdata["Boligorganisationer"] == "Boligforeningen Solbakken og AAB"
    # Named up front, the workbook passes check as it is.
    assert cli("check", path.parent).stdout.splitlines() == ["ny.xlsx: ingen fejl", "1 af 1 helhedsplan uden fejl."]


def test_finansiering_without_names_has_generic_rows_to_rename(workbook: Workbook) -> None:
    assert [workbook["Finansiering"].cell(r, 1).value for r in range(2, 6)] == [
        "Landsbyggefonden",
        "Kommunen",
        "Boligorganisationerne",
        None,
    ]


def test_new_workbook_filled_with_values_its_guards_allow_passes_check(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "inputs" / "ny.xlsx"
    write_blank_workbook(path, "2019-26", 2024, KnownNames("Helhedsplan Ny", "Nordby Kommune", ("AAB",)))
    workbook = load_workbook(path)
    # Måltal, then a result for 2024 and none yet for 2025-2027, then Status.
    workbook["Fremdrift"].append(
        ["Beskæftigelse", "Delaftale 1", "Café", "Antal gæster", 10, 12.5, None, None, None, "Igangsat"]
    )
    workbook["Budget"]["A2"], workbook["Budget"]["B2"], workbook["Budget"]["C2"] = "Husleje", "Øvrige", -5000
    for column, amount in (("B", 500_000), ("C", 250_000)):
        workbook["Finansiering"][f"{column}3"] = amount
    workbook.save(path)
    result = cli("check", path.parent)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("names", "listed"),
    [((), ""), (("AAB",), "AAB"), (("A", "B"), "A og B"), (("A", "B", "C"), "A, B og C")],
)
def test_danish_list(names: tuple[str, ...], listed: str) -> None:
    assert danish_list(names) == listed
