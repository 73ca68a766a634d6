"""Property: every workbook that `check` accepts builds with exit 0 (hypothesis, on the factory's plan)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from assembler.app.cli import main
from assembler.contract import declaration as c
from assembler.contract.vocabulary import load_vocabulary
from tests.factory import (
    YEARS,
    Sheets,
    column_of,
    header_row,
    plan_sheets,
    record_sheets,
    set_value,
    write_workbook,
    year_sheets,
)

AMOUNTS = st.one_of(st.none(), st.sampled_from([0, 1, 37_500, 600_000, 2_140_000]))
TARGETS = st.one_of(st.none(), st.integers(min_value=0, max_value=40))


def subset(draw: st.DrawFn, rows: list[list[object]]) -> list[list[object]]:
    """Keep the header row and any subset of the other rows (possibly none)."""
    keep = draw(st.lists(st.booleans(), min_size=len(rows) - 1, max_size=len(rows) - 1))
    return rows[:1] + [row for row, kept in zip(rows[1:], keep, strict=True) if kept]


@st.composite
def accepted_plans(draw: st.DrawFn) -> Sheets:
    """A variation of the factory's plan: any subset of its rows, other figures, one or four years."""
    sheets = plan_sheets()
    status = draw(st.sampled_from(YEARS))
    set_value(sheets, "Stamdata", "Statusår", status)
    set_value(sheets, "Stamdata", "Statusdato", None)
    years = list(YEARS)
    if draw(st.booleans()):  # one year: no period, the budget and financing have that year's columns only
        set_value(sheets, "Stamdata", "Periode start", None)
        set_value(sheets, "Stamdata", "Periode slut", None)
        for spec in year_sheets():
            first = len(spec.columns)
            column = first + 2 * YEARS.index(status)
            sheets[spec.name] = [row[:first] + row[column : column + 2] for row in sheets[spec.name]]
        years = [status]
    for spec in record_sheets():
        sheets[spec.name] = subset(draw, sheets[spec.name])
    statuses = load_vocabulary().statuses
    maaltal, resultat, status_column = (column_of(sheets, "Fremdrift", h) for h in ("Måltal", "Resultat", "Status"))
    for row in sheets["Fremdrift"][1:]:
        row[maaltal], row[resultat] = draw(TARGETS), draw(TARGETS)
        row[status_column] = draw(st.sampled_from(statuses))
    for spec in year_sheets():
        start = len(spec.columns)
        for row in sheets[spec.name][1:]:
            for i, year in enumerate(years):
                row[start + 2 * i] = draw(AMOUNTS) or 0
                row[start + 2 * i + 1] = draw(AMOUNTS) if year <= status else None
    if draw(st.booleans()):
        sheets["Stamdata"].append(["Mødedato for ét-årseftersyn", "9.10.2019"])
        sheets["Referat"] = [header_row(c.REFERAT), [draw(st.sampled_from(["Indledning", "1", "3"])), "Tekst."]]
    return sheets


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(accepted_plans())
def test_every_plan_check_accepts_builds(sheets: Sheets) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "inputs"
        write_workbook(inputs / "plan.xlsx", sheets)
        checked = runner.invoke(main, ["check", str(inputs)])
        assume(checked.exit_code == 0)
        built = runner.invoke(main, ["build", str(inputs), "--out", str(Path(folder) / "out")], catch_exceptions=False)
        note(built.output)
        assert built.exit_code == 0, built.output
        written = {p.name.split(" ")[0] for p in (Path(folder) / "out" / "plan").glob("*.docx")}
        assert {"Etårsstatus", "Fremdriftsrapport", "Økonomioversigt"} <= written
