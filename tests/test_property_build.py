"""Property: every workbook that `check` accepts builds with exit 0, whichever years have results and
texts, and no report prints a text from another year (hypothesis, on the factory's plan)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from assembler.app.cli import main
from assembler.contract import declaration as c
from assembler.contract.vocabulary import load_vocabulary
from tests.docxdump import document_text
from tests.factory import (
    YEARS,
    Sheets,
    header_row,
    plan_sheets,
    record_sheets,
    set_value,
    write_workbook,
    year_sheets,
)
from tests.reports import plan_in, report_names

AMOUNTS = st.one_of(st.none(), st.sampled_from([0, 1, 37_500, 600_000, 2_140_000]))
TARGETS = st.one_of(st.none(), st.integers(min_value=0, max_value=40))
# Every text the plan holds names its year ('tekst-S1-2017'), or 'uden-år' when it has none.
MARKED = re.compile(r"\b(?:tekst|referat|deltager)-\w+-(\d{4}|uden-år)\b")


def subset(draw: st.DrawFn, rows: list[list[object]]) -> list[list[object]]:
    """Keep the header row and any subset of the other rows (possibly none)."""
    keep = draw(st.lists(st.booleans(), min_size=len(rows) - 1, max_size=len(rows) - 1))
    return rows[:1] + [row for row, kept in zip(rows[1:], keep, strict=True) if kept]


def a_year(draw: st.DrawFn, years: list[int]) -> int | None:
    """One of the plan's years, or None (a text without År)."""
    return draw(st.one_of(st.none(), st.sampled_from(years)))


def marker(kind: str, key: str, year: int | None) -> str:
    """The text a row holds: what it is and the year it belongs to."""
    return f"{kind}-{key}-{'uden-år' if year is None else year}"


def is_number(header: str) -> bool:
    """True for Fremdrift's number columns: Måltal, and each per-year column (or the older single one)."""
    prefixes = tuple(y.prefix for y in c.FREMDRIFT.year_columns)
    return header == c.FREMDRIFT.header("maaltal") or header.startswith(prefixes)


def results_per_year(draw: st.DrawFn, sheets: Sheets, years: list[int]) -> None:
    """Rewrite Fremdrift with a Resultat column per year (any of them filled) or the older single one,
    and a Måltal column of its own for some years."""
    old_header, *old_rows = sheets["Fremdrift"]
    own_targets = draw(st.lists(st.sampled_from(years), unique=True, max_size=2))
    header = header_row(c.FREMDRIFT, years, single_year=draw(st.booleans())) + [f"Måltal {y}" for y in own_targets]
    status = c.FREMDRIFT.header("status")
    rows: list[list[object]] = [header]
    for old in old_rows:
        texts = dict(zip(old_header, old, strict=True))
        texts[status] = draw(st.sampled_from(load_vocabulary().statuses))
        rows.append([draw(TARGETS) if is_number(str(h)) else texts.get(h) for h in header])
    sheets["Fremdrift"] = rows


def texts_per_year(draw: st.DrawFn, sheets: Sheets, status: int, years: list[int]) -> None:
    """Give Opmærksomhedspunkter, Referat and Deltagere rows for any years, each text marked with its year."""
    points = [
        [key, marker("tekst", key.lower(), year), year]
        for key in ("1", "S1", "S3b")
        for year in draw(st.lists(st.one_of(st.none(), st.sampled_from(years)), unique=True, max_size=3))
    ]
    sheets["Opmærksomhedspunkter"] = [header_row(c.OPMAERKSOMHEDSPUNKTER), *points]
    if not draw(st.booleans()):
        return
    sheets["Stamdata"].append(["Mødedato for ét-årseftersyn", f"9.3.{status + 1}"])
    referat = []
    for key in ("Indledning", "1", "3"):
        year = a_year(draw, years)
        referat.append([key, marker("referat", key.lower(), year), year])
    sheets["Referat"] = [header_row(c.REFERAT), *referat]
    people = [[marker("deltager", str(i), year), "Rolle", None, None, year] for i, year in enumerate(years)]
    sheets["Deltagere"] = [header_row(c.DELTAGERE), *people]


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
    results_per_year(draw, sheets, years)
    for spec in year_sheets():
        start = len(spec.columns)
        for row in sheets[spec.name][1:]:
            for i, year in enumerate(years):
                row[start + 2 * i] = draw(AMOUNTS) or 0
                row[start + 2 * i + 1] = draw(AMOUNTS) if year <= status else None
    texts_per_year(draw, sheets, status, years)
    return sheets


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(accepted_plans())
def test_every_plan_check_accepts_builds_with_its_years_texts_only(sheets: Sheets) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "inputs"
        path = write_workbook(inputs / "plan.xlsx", sheets)
        checked = runner.invoke(main, ["check", str(inputs)])
        assume(checked.exit_code == 0)
        built = runner.invoke(main, ["build", str(inputs), "--out", str(Path(folder) / "out")], catch_exceptions=False)
        note(built.output)
        assert built.exit_code == 0, built.output
        plan = plan_in(path)
        written = sorted(p.name for p in (Path(folder) / "out" / "plan").glob("*.docx"))
        assert written == sorted(report_names(plan))
        status = str(plan.stamdata.statusaar)
        for name in written:
            years = set(MARKED.findall(document_text(Path(folder) / "out" / "plan" / name)))
            assert years <= {status, "uden-år"}, (name, years)
