"""FEJL.txt: written by the watcher while a plan has errors, removed once its cause is gone, also by `build`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from assembler import pipeline
from assembler.output.problemfile import PROBLEM_FILE
from tests.clitext import lines_without_time
from tests.factory import plan_sheets, set_value
from tests.reports import factory_reports

CLI = Callable[..., Result]
PERSONS = "Husk at tjekke regnskabet.\n"


def broken_then_rebuilt(write_plan: Callable[..., Path], inputs: Path, out: Path, name: str = "solbakken.xlsx") -> Path:
    """Write a broken plan and let the watcher's build write its FEJL.txt; return that file."""
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Statusår", "sidste år")
    write_plan(sheets, name=name)
    plan = next(p for p in pipeline.find_plans(inputs, out) if p.source.path.name == name)
    assert not pipeline.rebuild(plan, out).ok
    fejl = out / plan.folder / PROBLEM_FILE
    assert fejl.exists()
    return fejl


def test_build_removes_the_fejl_txt_of_a_plan_fixed_since(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    fejl = broken_then_rebuilt(write_plan, inputs, out)
    write_plan()
    assert cli("build", inputs, "--out", out).exit_code == 0
    assert not fejl.exists()


def test_build_removes_the_fejl_txt_of_a_removed_plan_and_keeps_its_reports_and_a_persons_fejl_txt(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    write_plan(name="solbakken.xlsx")
    assert cli("build", inputs, "--out", out).exit_code == 0
    fejl = broken_then_rebuilt(write_plan, inputs, out)
    persons = out / "noter" / PROBLEM_FILE
    persons.parent.mkdir()
    persons.write_text(PERSONS, "utf-8")
    (inputs / "solbakken.xlsx").unlink()
    write_plan(name="nordby.xlsx")
    result = cli("build", inputs, "--out", out)
    assert result.exit_code == 0, result.output
    assert not fejl.exists()
    assert sorted(p.name for p in fejl.parent.glob("*.docx")) == sorted(factory_reports())
    assert persons.read_text("utf-8") == PERSONS
    assert lines_without_time(result.stdout)[0] == (f"Fjernede {fejl}: helhedsplanen ligger ikke længere i {inputs}.")


def test_a_fejl_txt_a_person_wrote_stays_when_the_plan_builds(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    persons = out / "solbakken" / PROBLEM_FILE
    persons.parent.mkdir(parents=True)
    persons.write_text(PERSONS, "utf-8")
    write_plan()
    assert cli("build", inputs, "--out", out).exit_code == 0
    assert persons.read_text("utf-8") == PERSONS
    (plan,) = pipeline.find_plans(inputs, out)
    assert pipeline.rebuild(plan, out).ok
    assert persons.read_text("utf-8") == PERSONS


def test_building_one_workbook_leaves_the_other_plans_fejl_txt(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    fejl = broken_then_rebuilt(write_plan, inputs, out, name="a-daarlig.xlsx")
    good = write_plan(name="b-god.xlsx")
    assert cli("build", good, "--out", out).exit_code == 0
    assert fejl.exists()
