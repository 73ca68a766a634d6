"""The command line: defaults, exit codes, Danish help and messages, new-workbook."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from assembler.app.cli import main
from assembler.contract import declaration as c
from assembler.contract.vocabulary import load_vocabulary
from tests.clitext import lines_without_time
from tests.factory import header_row, lister_values, plan_sheets, set_value, write_workbook
from tests.reports import factory_plan, factory_reports, report_name, report_names, spelled_keys

CLI = Callable[..., Result]


def test_build_defaults_to_inputs_and_outputs(cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_workbook(tmp_path / "inputs" / "solbakken.xlsx", plan_sheets())
    monkeypatch.chdir(tmp_path)
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert lines_without_time(result.stdout) == [
        *(f"Skrev outputs/solbakken/{name}" for name in factory_reports()),
        "1 af 1 helhedsplan bygget.",
        f"{len(factory_reports())} dokumenter skrevet på … sekunder.",
    ]


@pytest.mark.parametrize(
    ("options", "keys"),
    [
        (["--report", "fremdrift"], ["fremdrift"]),
        (["--report", "oekonomi,etaarsstatus"], ["etaarsstatus", "oekonomi"]),
        (["--report", "oekonomi", "--report", "fremdrift"], ["fremdrift", "oekonomi"]),
        (["--report", "etårsstatus,Økonomi"], ["etaarsstatus", "oekonomi"]),
        (["--report", "økonomi", "--report", "oekonomi"], ["oekonomi"]),
    ],
)
def test_report_selects_documents(cli: CLI, inputs: Path, out: Path, options: list[str], keys: list[str]) -> None:
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    assert cli("build", inputs, "--out", out, *options).exit_code == 0
    written = sorted(p.name for p in (out / "solbakken").glob("*.docx"))
    assert written == sorted(report_names(factory_plan(), keys))


def test_unknown_report_is_a_usage_error(cli: CLI, inputs: Path) -> None:
    result = cli("build", inputs, "--report", "aarsrapport")
    assert result.exit_code == 2
    assert f"ukendt rapport 'aarsrapport'. Vælg blandt: {spelled_keys()}" in result.stderr


def test_bad_plan_gives_exit_1_and_the_others_are_still_built(cli: CLI, inputs: Path, out: Path) -> None:
    write_workbook(inputs / "a-god.xlsx", plan_sheets())
    bad = plan_sheets()
    set_value(bad, "Stamdata", "Statusår", "sidste år")
    write_workbook(inputs / "b-daarlig.xlsx", bad)
    result = cli("build", inputs, "--out", out)
    assert result.exit_code == 1
    assert (out / "a-god" / report_name("etaarsstatus")).exists()
    assert not (out / "b-daarlig").exists()
    assert result.stderr.splitlines() == [
        "b-daarlig.xlsx › Stamdata!B9: forventede et årstal (fx 2019), fandt 'sidste år'"
    ]
    assert lines_without_time(result.stdout)[-2:] == [
        "1 af 2 helhedsplaner bygget; 1 med fejl.",
        f"{len(factory_reports())} dokumenter skrevet på … sekunder.",
    ]


def test_one_workbook_can_be_named_directly(cli: CLI, inputs: Path, out: Path) -> None:
    path = write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    assert cli("build", path, "--out", out).exit_code == 0
    assert (out / "solbakken" / report_name("etaarsstatus")).exists()


def test_lock_files_and_other_files_are_not_plans(cli: CLI, inputs: Path, out: Path) -> None:
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    (inputs / "~$solbakken.xlsx").write_bytes(b"lock")
    (inputs / ".~lock.solbakken.xlsx#").write_text("lock")
    (inputs / "LÆS MIG.txt").write_text("noter")
    result = cli("check", inputs)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["solbakken.xlsx: ingen fejl", "1 af 1 helhedsplan uden fejl."]


def test_missing_inputs_folder_is_a_usage_error(cli: CLI, tmp_path: Path) -> None:
    result = cli("build", tmp_path / "findes-ikke")
    assert result.exit_code == 2
    assert "findes ikke. Angiv mappen med projektmapperne." in result.stderr


def test_unknown_option_is_a_usage_error(cli: CLI) -> None:
    assert cli("build", "--farve").exit_code == 2


def test_empty_inputs_folder(cli: CLI, inputs: Path) -> None:
    result = cli("build", inputs)
    assert result.exit_code == 0
    assert result.stdout.strip() == "Fandt ingen helhedsplaner (.xlsx-filer eller mapper med .xlsx-filer)."


def test_every_command_has_danish_help(cli: CLI) -> None:
    overview = cli("--help").stdout
    for name, command in main.commands.items():  # type: ignore[attr-defined]
        assert name in overview
        assert command.help and command.help.strip()
        assert cli(name, "--help").exit_code == 0
    assert "Byg rapporterne" in cli("build", "--help").stdout


def test_python_dash_m_and_help_do_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys, runpy; sys.argv=['assembler','--help']\n"
        "try:\n runpy.run_module('assembler', run_name='__main__')\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('openpyxl','docxtpl','docx','babel') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "new-workbook" in result.stdout
    assert result.stdout.strip().endswith("[]")


def test_the_pipeline_leaves_chart_and_workbook_writers_until_they_are_needed() -> None:
    code = (
        "import sys, assembler.pipeline\n"
        "print(sorted(m for m in ('openpyxl','pptx','xlsxwriter','assembler.contract.blank') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_new_workbook_has_every_sheet_header_list_and_help(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "ny.xlsx"
    result = cli("new-workbook", path)
    assert result.exit_code == 0
    workbook = load_workbook(path)
    # Every sheet of the contract but the one used only with a plan's own indsatsområder, then the lists.
    assert workbook.sheetnames == [*(s.name for s in c.SHEETS if s is not c.INDSATSOMRAADER), "Lister"]
    assert workbook["Lister"].sheet_state == "hidden"
    first_year = date.today().year  # new-workbook's plan starts this year unless told otherwise
    years = range(first_year, first_year + 4)
    for spec in c.SHEETS:
        if spec.name in workbook.sheetnames:
            row = [cell.value for cell in workbook[spec.name][1] if cell.value is not None]
            assert row[:-1] == header_row(spec, years)
            assert row[-1] == load_vocabulary().sheet_help[spec.name]  # the help text, right of the columns
    fremdrift = workbook["Fremdrift"]
    headers = header_row(c.FREMDRIFT, years)
    assert "Én række pr. succeskriterie" in str(fremdrift.cell(1, len(headers) + 2).value)
    validated = {str(dv.sqref): dv.formula1 for dv in fremdrift.data_validations.dataValidation}
    assert lister_values(workbook, validated["A2:A501"]) == load_vocabulary().find_frame("2019-26").indsatsomraader
    status = get_column_letter(headers.index(c.FREMDRIFT.header("status")) + 1)
    assert lister_values(workbook, validated[f"{status}2:{status}501"]) == load_vocabulary().statuses
    points = [workbook["Opmærksomhedspunkter"].cell(r, 1).value for r in range(2, 10)]
    assert points[0] == "1. Opmærksomhedspunkter vedr. daglig ledelse og bemanning i den boligsociale indsats."
    assert points[6].startswith("3 a.")
    budget_headers = [cell.value for cell in workbook["Budget"][1]]
    assert budget_headers[2:4] == [f"Budget {budget_headers[2][-4:]}", f"Regnskab {budget_headers[2][-4:]}"]


def test_new_workbook_filled_with_the_required_fields_passes_check(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "inputs" / "ny.xlsx"
    cli("new-workbook", path)
    check = cli("check", path.parent)
    assert check.exit_code == 1
    assert check.stderr.splitlines() == [
        "ny.xlsx › Stamdata!B2: cellen er tom; udfyld Helhedsplan",
        "ny.xlsx › Stamdata!B5: cellen er tom; udfyld Kommune",
    ]
    workbook = load_workbook(path)
    workbook["Stamdata"]["B2"] = "Helhedsplan Ny"
    workbook["Stamdata"]["B5"] = "Nordby Kommune"
    workbook.save(path)
    assert cli("check", path.parent).exit_code == 0


def test_new_workbook_does_not_overwrite(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "ny.xlsx"
    path.write_bytes(b"vigtigt")
    result = cli("new-workbook", path)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Fejl: {path} findes allerede. Vælg et andet navn eller brug --force."
    assert path.read_bytes() == b"vigtigt"


def test_new_workbook_for_another_frame_and_period(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "ny.xlsx"
    assert cli("new-workbook", path, "--bevillingsramme", "2015-18", "--startaar", "2016").exit_code == 0
    workbook = load_workbook(path)
    assert [c.value for c in workbook["Budget"][1]][2:10] == [
        "Budget 2016",
        "Regnskab 2016",
        "Budget 2017",
        "Regnskab 2017",
        "Budget 2018",
        "Regnskab 2018",
        "Budget 2019",
        "Regnskab 2019",
    ]
    assert [workbook["Lister"].cell(r, 3).value for r in range(2, 6)] == [
        "Tryghed og trivsel",
        "Kriminalpræventiv indsats",
        "Uddannelse og beskæftigelse",
        "Forebyggelse og forældreansvar",
    ]
    assert workbook["Stamdata"]["B6"].value == "2015-18"


def test_new_workbook_for_an_own_list_of_indsatsomraader(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "inputs" / "ny.xlsx"
    assert cli("new-workbook", path, "--bevillingsramme", "Egen", "--startaar", "2024").exit_code == 0
    workbook = load_workbook(path)
    assert "Indsatsområder" in workbook.sheetnames
    validated = {str(dv.sqref): dv.formula1 for dv in workbook["Fremdrift"].data_validations.dataValidation}
    assert validated["A2:A501"] == "'Indsatsområder'!$A$2:$A$21"
    workbook["Stamdata"]["B2"] = "Helhedsplan Ny"
    workbook["Stamdata"]["B5"] = "Nordby Kommune"
    workbook["Indsatsområder"]["A2"] = "Fællesskab"
    # Måltal, this year's result and none yet for the next three, then Status.
    workbook["Fremdrift"].append(
        ["Fællesskab", "Delaftale 1", "Café", "Antal gæster", 10, 12, None, None, None, "Igangsat"]
    )
    workbook.save(path)
    assert cli("check", path.parent).exit_code == 0


def test_new_workbook_unknown_frame(cli: CLI, tmp_path: Path) -> None:
    result = cli("new-workbook", tmp_path / "ny.xlsx", "--bevillingsramme", "2030")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Fejl: ukendt bevillingsramme '2030'. Brug en af: 2011-14, 2015-18, 2019-26, Egen"
    assert not (tmp_path / "ny.xlsx").exists()
