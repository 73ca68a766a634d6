"""Stamdata's Statusdato: the reports' one date; `check` says once when it is empty or missing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.factory import Sheets, set_value, write_workbook

CLI = Callable[..., Result]


def check(cli: CLI, inputs: Path, sheets: Sheets) -> Result:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    return cli("check", inputs)


def test_an_empty_statusdato_is_one_warning_at_its_cell(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    set_value(sheets, "Stamdata", "Statusdato", None)
    result = check(cli, inputs, sheets)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "solbakken.xlsx › Stamdata!B10 (advarsel): Statusdato er tom, så rapporterne står uden dato. Skriv "
        "rapporternes dato her, fx 9.12.2019"
    ]


def test_a_missing_statusdato_row_is_one_warning_on_the_sheet(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Stamdata"] = [row for row in sheets["Stamdata"] if row[0] != "Statusdato"]
    result = check(cli, inputs, sheets)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "solbakken.xlsx › Stamdata (advarsel): feltet 'Statusdato' mangler, så rapporterne står uden dato. Tilføj "
        "en række med Felt 'Statusdato' og rapporternes dato"
    ]


def test_a_statusdato_that_is_no_date_is_an_error_not_also_a_warning(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    set_value(sheets, "Stamdata", "Statusdato", "snart")
    result = check(cli, inputs, sheets)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert "(advarsel)" not in result.stderr


def test_the_new_workbook_filled_with_its_names_warns_only_about_the_statusdato(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "inputs" / "ny.xlsx"
    assert cli("new-workbook", path, "--helhedsplan", "Helhedsplan Ny", "--kommune", "Nordby Kommune").exit_code == 0
    result = cli("check", path.parent)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["ny.xlsx: ingen fejl", "1 af 1 helhedsplan uden fejl."]
    assert result.stderr.splitlines() == [
        "ny.xlsx › Stamdata!B10 (advarsel): Statusdato er tom, så rapporterne står uden dato. Skriv rapporternes "
        "dato her, fx 9.12.2019"
    ]
