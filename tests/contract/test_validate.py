"""Every input problem is reported in Danish with file, sheet and cell, all at once, exit code 1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from assembler.contract import declaration as c
from assembler.contract.vocabulary import load_vocabulary
from tests.factory import Sheets, column_of, header_row, plan_sheets, set_value, write_workbook

CLI = Callable[..., Result]
STATUSES = ", ".join(load_vocabulary().statuses)


def problems_of(cli: CLI, inputs: Path, sheets: Sheets) -> list[str]:
    """Write the plan, run `assembler check`, and return its problem lines (exit code 1)."""
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("check", inputs)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.stderr.splitlines()


def test_a_valid_plan_has_no_problems(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("check", inputs)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["solbakken.xlsx: ingen fejl", "1 af 1 helhedsplan uden fejl."]
    assert result.stderr == ""


def test_missing_sheet_lists_the_sheets_present(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    del sheets["Budget"]
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx: arket 'Budget' mangler. Fandt arkene: Stamdata, Bestyrelse, Møder, "
        "Opmærksomhedspunkter, Fremdrift, Finansiering"
    ]


def test_missing_sheet_listing_marks_hidden_sheets(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    del sheets["Møder"]
    path = write_workbook(inputs / "solbakken.xlsx", sheets)
    workbook = load_workbook(path)
    workbook["Budget"].sheet_state = "hidden"
    workbook.save(path)
    result = cli("check", inputs)
    assert result.stderr.splitlines() == [
        "solbakken.xlsx: arket 'Møder' mangler. Fandt arkene: Stamdata, Bestyrelse, "
        "Opmærksomhedspunkter, Fremdrift, Budget (skjult), Finansiering"
    ]


def test_sheet_names_and_headers_match_ignoring_case_and_spaces(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["  fremdrift\u00a0"] = sheets.pop("Fremdrift")
    sheets["  fremdrift\u00a0"][0] = [f" {h.upper()}\u00a0" for h in sheets["  fremdrift\u00a0"][0]]  # type: ignore[union-attr]
    write_workbook(inputs / "solbakken.xlsx", sheets)
    assert cli("check", inputs).exit_code == 0


def test_extra_sheets_columns_and_empty_rows_are_ignored(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Noter"] = [["Hvad som helst"], [1, 2, 3]]
    for row in sheets["Fremdrift"]:
        row.append("ekstra")
    sheets["Fremdrift"].insert(3, [None] * 8)
    write_workbook(inputs / "solbakken.xlsx", sheets)
    assert cli("check", inputs).exit_code == 0


def test_missing_required_column_names_what_was_found(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    status = column_of(sheets, "Fremdrift", "Status")
    for row in sheets["Fremdrift"]:
        del row[status]
    found = ", ".join(str(header) for header in sheets["Fremdrift"][0])
    assert problems_of(cli, inputs, sheets) == [
        f"solbakken.xlsx › Fremdrift, række 1: kolonnen 'Status' mangler i række 1. Fandt: {found}"
    ]


def test_optional_columns_may_be_left_out(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    for row in sheets["Møder"]:
        del row[1:]
    write_workbook(inputs / "solbakken.xlsx", sheets)
    assert cli("check", inputs).exit_code == 0


def test_text_in_an_amount_cell(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Budget"][2][4] = "ca. 200"
    assert problems_of(cli, inputs, sheets) == ["solbakken.xlsx › Budget!E3: forventede et beløb, fandt 'ca. 200'"]


def test_unknown_status_suggests_the_closest(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Fremdrift"][3][6] = "Forsinkt"
    assert problems_of(cli, inputs, sheets) == [
        f"solbakken.xlsx › Fremdrift!G4: ukendt status 'Forsinkt'. Mente du »Forsinket«? Brug en af: {STATUSES}"
    ]


def test_unknown_indsatsomraade_names_the_frame_and_its_list(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Fremdrift"][1][0] = "Beskæftigelse"
    sheets["Fremdrift"][2][0] = "Beskæftigelse"
    assert problems_of(cli, inputs, sheets) == [
        f"solbakken.xlsx › Fremdrift!A{row}: ukendt indsatsområde 'Beskæftigelse' for bevillingsramme 2015-18. "
        "Mente du »Uddannelse og beskæftigelse«? Brug en af: Tryghed og trivsel, Kriminalpræventiv indsats, "
        "Uddannelse og beskæftigelse, "
        "Forebyggelse og forældreansvar"
        for row in (2, 3)
    ]


def test_a_date_that_is_not_a_date(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Bestyrelse"][2][3] = "snart"
    sheets["Møder"][1][0] = "31.02.2018"
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx › Bestyrelse!D3: forventede en dato (fx 9.12.2019), fandt 'snart'",
        "solbakken.xlsx › Møder!A2: forventede en dato (fx 9.12.2019), fandt '31.02.2018'",
    ]


def test_status_year_outside_the_period(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    set_value(sheets, "Stamdata", "Statusår", 2021)
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx › Stamdata!B9: statusåret 2021 ligger uden for perioden 2016-2019"
    ]


def test_formula_without_a_cached_value(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Budget"][1][2] = "=300000*2"  # openpyxl writes the formula but no result, as programs do
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx › Budget!C2: formlen '=300000*2' har ingen gemt værdi – åbn filen i Excel og gem den"
    ]


def test_cached_excel_error(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Finansiering"][2][5] = "#DIV/0!"
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx › Finansiering!F3: cellen indeholder Excel-fejlen #DIV/0! (ret formlen eller værdien i Excel)"
    ]


def test_two_statuses_for_one_activity(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Fremdrift"][2][6] = "Forsinket"
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx › Fremdrift!G3: aktiviteten 'Nattevandring' har status 'Igangsat' i G2, men "
        "'Forsinket' her; en aktivitet har én status, gentaget på hver række"
    ]


def test_missing_and_empty_required_fields(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Stamdata"] = [row for row in sheets["Stamdata"] if row[0] != "Kommune"]
    set_value(sheets, "Stamdata", "Helhedsplan", None)
    sheets["Fremdrift"][1][2] = None
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx › Stamdata!B2: cellen er tom; udfyld Helhedsplan",
        "solbakken.xlsx › Stamdata: feltet 'Kommune' mangler; tilføj en række med Felt 'Kommune'",
        "solbakken.xlsx › Fremdrift!C2: cellen er tom; udfyld Aktivitet",
    ]


def test_unknown_bevillingsramme(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    set_value(sheets, "Stamdata", "Bevillingsramme", "2020-24")
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx › Stamdata!B6: ukendt bevillingsramme '2020-24'. Brug en af: 2011-14, 2015-18, 2019-26 "
        "– eller Egen med planens egne indsatsområder i arket Indsatsområder"
    ]


def test_own_frame_takes_its_indsatsomraader_from_the_sheet(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    set_value(sheets, "Stamdata", "Bevillingsramme", "Egen")
    sheets["Indsatsområder"] = [header_row(c.INDSATSOMRAADER), ["Tryghed og trivsel"], ["Uddannelse og beskæftigelse"]]
    sheets["Fremdrift"][3][0] = "Beskæftigelse"
    assert problems_of(cli, inputs, sheets) == [
        f"solbakken.xlsx › Fremdrift!A{row}: ukendt indsatsområde '{area}' for bevillingsramme Egen. "
        f"{hint}Brug en af: Tryghed og trivsel, Uddannelse og beskæftigelse"
        for row, area, hint in (
            (4, "Beskæftigelse", "Mente du »Uddannelse og beskæftigelse«? "),
            (5, "Forebyggelse og forældreansvar", ""),
            (6, "Kriminalpræventiv indsats", ""),
        )
    ]


def test_own_frame_without_its_sheet(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    set_value(sheets, "Stamdata", "Bevillingsramme", "egen")
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx › Stamdata: Bevillingsramme er 'Egen', men arket 'Indsatsområder' mangler; skriv planens "
        "indsatsområder dér, ét pr. række"
    ]


def test_indsatsomraader_sheet_is_ignored_with_a_warning_for_lbf_frames(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Indsatsområder"] = [header_row(c.INDSATSOMRAADER), ["Noget andet"]]
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("check", inputs)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "solbakken.xlsx › Indsatsområder (advarsel): arket bruges kun, når Bevillingsramme er 'Egen'; det er ignoreret"
    ]


def test_headers_must_be_in_row_one(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Møder"][:0] = [["Møder i bestyrelsen"], [None]]
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx › Møder, række 3: kolonneoverskrifterne skal stå i række 1, men står i række 3. "
        "Slet rækkerne over dem."
    ]


def test_duplicate_header(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    for row in sheets["Møder"]:
        row.append(row[0])
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx › Møder!D1: kolonnen 'Dato' står to gange (i A1 og her); slet den ene"
    ]


def test_missing_year_column(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    column = column_of(sheets, "Budget", "Regnskab 2017")
    for row in sheets["Budget"]:
        del row[column]
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx › Budget, række 1: kolonnen 'Regnskab 2017' mangler i række 1 "
        "(der skal være Budget og Regnskab for hvert år i perioden)"
    ]


def test_unknown_and_repeated_afsnit(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Opmærksomhedspunkter"][2][0] = "9. Noget andet"
    sheets["Opmærksomhedspunkter"][3][0] = "1"
    assert problems_of(cli, inputs, sheets) == [
        "solbakken.xlsx › Opmærksomhedspunkter!A3: ukendt afsnit '9. Noget andet'. Skriv punktets nummer "
        "(1, 2, 3, 4, S1, S2, S3a, S3b) eller overskrift",
        "solbakken.xlsx › Opmærksomhedspunkter!A4: afsnit 1 for 2018 står også i A2; skriv teksten ét sted",
    ]


def test_all_problems_are_reported_at_once(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Budget"][1][2] = "mange"
    sheets["Fremdrift"][1][4] = "ti"
    sheets["Møder"][2][0] = "i går"
    del sheets["Finansiering"]
    lines = problems_of(cli, inputs, sheets)
    assert len(lines) == 4
    assert [line.split(":")[0] for line in lines] == [
        "solbakken.xlsx",
        "solbakken.xlsx › Møder!A3",
        "solbakken.xlsx › Fremdrift!E2",
        "solbakken.xlsx › Budget!C2",
    ]


@pytest.mark.parametrize(
    ("label", "key_text"),
    [
        ("1", "Der blev ansat"),
        ("1. Opmærksomhedspunkter vedr. daglig ledelse og bemanning i den boligsociale indsats.", "Der blev ansat"),
    ],
)
def test_afsnit_are_matched_by_number_or_heading(label: str, key_text: str) -> None:
    from assembler.contract.points import match_point
    from assembler.contract.vocabulary import load_vocabulary

    assert match_point(label, load_vocabulary().afsnit) == "1"


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("S1", "S1"),
        (
            "1. (Status og) opmærksomhedspunkter vedr. den strategiske samarbejdsaftale samt målopfyldelse "
            "under indsatsområderne",
            "S1",
        ),
        ("2. Opmærksomhedspunkter vedr. budgettet", "S2"),
        ("3 a.", "S3a"),
        ("3a", "S3a"),
        ("S3 b", "S3b"),
        ("4", "4"),
        ("3. Opmærksomhedspunkter vedr. det daglige samarbejde mellem den boligsociale indsats og …", "3"),
        ("5", None),
    ],
)
def test_match_afsnit(label: str, key: str | None) -> None:
    from assembler.contract.points import match_point
    from assembler.contract.vocabulary import load_vocabulary

    assert match_point(label, load_vocabulary().afsnit) == key


def test_plan_folder_combines_workbooks(cli: CLI, inputs: Path) -> None:
    sheets = plan_sheets()
    budget = {name: sheets.pop(name) for name in ("Budget", "Finansiering")}
    write_workbook(inputs / "solbakken" / "fremdrift.xlsx", sheets)
    write_workbook(inputs / "solbakken" / "budget.xlsx", budget)
    result = cli("check", inputs)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "solbakken: ingen fejl"


def test_plan_folder_sheet_in_two_workbooks(cli: CLI, inputs: Path) -> None:
    sheets = plan_sheets()
    write_workbook(inputs / "solbakken" / "alt.xlsx", sheets)
    write_workbook(inputs / "solbakken" / "budget.xlsx", {"Budget": sheets["Budget"]})
    result = cli("check", inputs)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "solbakken/budget.xlsx › Budget: arket 'Budget' findes også i solbakken/alt.xlsx; et ark må kun stå ét sted"
    ]


def test_plan_folder_names_the_file_in_problems(cli: CLI, inputs: Path) -> None:
    sheets = plan_sheets()
    budget = {name: sheets.pop(name) for name in ("Budget", "Finansiering")}
    budget["Budget"][1][2] = "ca. 200"
    write_workbook(inputs / "solbakken" / "fremdrift.xlsx", sheets)
    write_workbook(inputs / "solbakken" / "budget.xlsx", budget)
    assert cli("check", inputs).stderr.splitlines() == [
        "solbakken/budget.xlsx › Budget!C2: forventede et beløb, fandt 'ca. 200'"
    ]


def test_two_members_of_one_name_and_two_meetings_on_one_day_are_errors_naming_the_cells(
    cli: CLI, inputs: Path, sheets: Sheets
) -> None:
    # A repeated part of a report is known by its row's key (issue 19): two rows with one key are refused.
    sheets["Bestyrelse"].append(list(sheets["Bestyrelse"][1]))
    sheets["Møder"].append(list(sheets["Møder"][1]))
    names, dates = column_of(sheets, "Bestyrelse", "Navn"), column_of(sheets, "Møder", "Dato")
    name, day = sheets["Bestyrelse"][1][names], sheets["Møder"][1][dates]
    problems = problems_of(cli, inputs, sheets)
    assert [line.split(":")[0] for line in problems] == [
        f"solbakken.xlsx › Bestyrelse!{get_column_letter(names + 1)}{len(sheets['Bestyrelse'])}",
        f"solbakken.xlsx › Møder!{get_column_letter(dates + 1)}{len(sheets['Møder'])}",
    ]
    assert f"Navn '{name}' står også i række 2" in problems[0]
    assert f"Dato '{day:%-d.%-m.%Y}' står også i række 2" in problems[1]
