"""The Python API: one function per use, results that carry their problems, nothing raised for a bad plan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assembler import pipeline
from assembler.errors import TemplateError
from assembler.output.problemfile import PROBLEM_FILE
from tests.factory import plan_sheets, set_value
from tests.reports import factory_reports, report_spec


def test_pipeline_finds_plans_with_distinct_folder_names_and_skips_the_output_folder(
    write_plan: Callable[..., Path], inputs: Path
) -> None:
    write_plan(name="Solbakken.xlsx")
    (inputs / "solbakken").mkdir()
    write_plan(name="solbakken/plan.xlsx")
    (inputs / "rapporter").mkdir()
    found = pipeline.find_plans(inputs, inputs / "rapporter")
    assert [(plan.source.path.name, plan.folder) for plan in found] == [
        ("solbakken", "solbakken"),
        ("Solbakken.xlsx", "Solbakken (2)"),
    ]


def test_pipeline_build_reports_the_plans_and_writes_their_documents(
    write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    write_plan()
    batch = pipeline.build(inputs, out)
    assert [plan.folder for plan in batch.plans] == ["solbakken"]
    (result,) = list(batch)
    assert result.ok and result.problems == []
    assert sorted(item.path.name for item in result.written) == sorted(factory_reports())
    assert sorted(p.name for p in (out / "solbakken").glob("*.docx")) == sorted(factory_reports())


def test_pipeline_build_returns_a_bad_plan_s_problems_and_builds_the_others(
    write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    broken = plan_sheets()
    set_value(broken, "Stamdata", "Statusår", "sidste år")
    write_plan(broken, name="a.xlsx")
    write_plan(name="b.xlsx")
    first, second = pipeline.build(inputs, out)
    assert not first.ok and [str(p.location) for p in first.problems if not p.warning] == ["a.xlsx › Stamdata!B9"]
    assert second.ok and len(second.written) == len(factory_reports())
    assert not (out / "a").exists()


def test_pipeline_build_checks_the_templates_before_anything_is_written(
    write_plan: Callable[..., Path], inputs: Path, out: Path, tmp_path: Path
) -> None:
    write_plan()
    templates = tmp_path / "skabeloner"
    templates.mkdir()
    (templates / report_spec("etaarsstatus").template).write_bytes(b"ikke en skabelon")
    with pytest.raises(TemplateError):
        pipeline.build(inputs, out, template_folder=templates)
    assert not out.exists()


def test_pipeline_check_writes_nothing(write_plan: Callable[..., Path], inputs: Path, out: Path) -> None:
    write_plan()
    (result,) = pipeline.check(inputs)
    assert result.ok and result.written == []
    assert not out.exists()


def test_pipeline_rebuild_keeps_fejl_txt_while_a_plan_has_errors(
    write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    broken = plan_sheets()
    set_value(broken, "Stamdata", "Statusår", "sidste år")
    write_plan(broken)
    (plan,) = pipeline.find_plans(inputs, out)
    assert not pipeline.rebuild(plan, out).ok
    assert "Stamdata!B9: forventede et årstal" in (out / "solbakken" / PROBLEM_FILE).read_text("utf-8")
    write_plan()
    result = pipeline.rebuild(plan, out)
    assert result.ok and not (out / "solbakken" / PROBLEM_FILE).exists()
    assert pipeline.recorded_inputs_hash(out, "solbakken") == plan.source.inputs_hash()


def test_pipeline_load_context_gives_the_templates_values(write_plan: Callable[..., Path], inputs: Path) -> None:
    write_plan()
    (plan,) = pipeline.find_plans(inputs)
    model, context, warnings = pipeline.load_context(plan.source)
    assert context.plan.statusaar == str(model.stamdata.statusaar) == "2018"
    assert warnings == []
