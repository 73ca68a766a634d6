"""The whole context from the factory plan: the stamdata as text, the reports' date, the author."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

from assembler.context import Kontekst, build_context
from assembler.contract.vocabulary import load_vocabulary
from assembler.danish import format_long_date
from assembler.figures.compute import compute_figures
from assembler.pipeline import find_plans, load_plan
from tests.factory import Sheets, plan_sheets, set_value


def context_of(write_plan: Callable[..., Path], inputs: Path, sheets: Sheets) -> Kontekst:
    write_plan(sheets)
    plan, _ = load_plan(find_plans(inputs)[0].source)
    vocabulary = load_vocabulary()
    return build_context(plan, compute_figures(plan, vocabulary), vocabulary)


def test_context_has_every_part_a_template_may_use(write_plan: Callable[..., Path], inputs: Path) -> None:
    context = context_of(write_plan, inputs, plan_sheets())
    assert [f.name for f in fields(context)] == [
        "plan",
        "rapport",
        "bestyrelse",
        "moeder",
        "punkter",
        "fremdrift",
        "udvikling",
        "oekonomi",
        "referat",
    ]
    assert (context.plan.navn, context.plan.statusaar, context.plan.periode) == (
        "Helhedsplan Solbakken",
        "2018",
        "2016-2019",
    )


def test_context_dates_the_reports_by_their_statusdato(write_plan: Callable[..., Path], inputs: Path) -> None:
    context = context_of(write_plan, inputs, plan_sheets())
    assert context.plan.statusdato == "9. december 2018"


def test_context_without_statusdato_has_no_date_of_the_build(write_plan: Callable[..., Path], inputs: Path) -> None:
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Statusdato", None)
    context = context_of(write_plan, inputs, sheets)
    assert context.plan.statusdato == ""
    today = format_long_date(date.today())
    assert [name for name, value in asdict(context.plan).items() if value == today] == []


def test_context_author_is_the_secretariat_without_projektleder(write_plan: Callable[..., Path], inputs: Path) -> None:
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Projektleder", None)
    context = context_of(write_plan, inputs, sheets)
    assert context.plan.forfatter == "Sekretariatet for Helhedsplan Solbakken"
