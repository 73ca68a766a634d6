"""The development over the years in the context and the reports: sentences, table rows and chart values
from the factory's plan with results for earlier years, computed by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document

from assembler.context import build_context
from assembler.contract.vocabulary import load_vocabulary
from assembler.figures.compute import compute_figures
from tests.docxdump import body_lines, charts
from tests.factory import Sheets, column_of, plan_sheets, write_workbook
from tests.reports import plan_of, report_name

CLI = Callable[..., Result]


@pytest.fixture
def with_years(sheets: Sheets) -> Sheets:
    """The factory's plan with 2016's and 2017's results, and a target of its own for Nattevandring in 2018.

    Nattevandring, Antal vandringer (Måltal 10): 6 in 2016, none in 2017, 8 in 2018 against 16.
    Nattevandring, Antal deltagere (Måltal 20): 15, 18 and 25.
    """
    fremdrift = sheets["Fremdrift"]
    y2016, y2017 = (column_of(sheets, "Fremdrift", f"Resultat {year}") for year in (2016, 2017))
    fremdrift[1][y2016], fremdrift[2][y2016], fremdrift[2][y2017] = 6, 15, 18
    fremdrift[0].append("Måltal 2018")
    fremdrift[1].append(16)
    return sheets


def test_a_sentence_per_succeskriterie_says_each_years_result(with_years: Sheets) -> None:
    plan = plan_of(with_years)
    vocabulary = load_vocabulary()
    context = build_context(plan, compute_figures(plan, vocabulary), vocabulary)
    assert (context.udvikling.vises, context.udvikling.periode) == (True, "2016-2018")
    vandringer, deltagere = context.fremdrift.indsatsomraader[0].udvikling.kriterier
    assert (vandringer.maaltal, [(a.aar, a.resultat, a.maaltal, a.maalopfyldelse) for a in vandringer.aar]) == (
        "",  # the target differs between the years
        [("2016", "6", "10", "60,0\u00a0%"), ("2017", "–", "10", "–"), ("2018", "8", "16", "50,0\u00a0%")],
    )
    assert (deltagere.maaltal, [a.maalopfyldelse for a in deltagere.aar]) == (
        "20",
        ["75,0\u00a0%", "90,0\u00a0%", "125,0\u00a0%"],
    )


def test_the_reports_show_the_development(cli: CLI, inputs: Path, out: Path, with_years: Sheets) -> None:
    write_workbook(inputs / "solbakken.xlsx", with_years)
    assert cli("build", inputs, "--out", out).exit_code == 0
    plan = plan_of(with_years)
    status = body_lines(Document(str(out / "solbakken" / report_name("etaarsstatus", plan))))
    assert status[status.index("[Heading 3] Tryghed og trivsel: udviklingen 2016-2018") + 2 :][:2] == [
        "[List Bullet] Antal vandringer: 6 i 2016 (måltal 10), intet resultat i 2017 og 8 i 2018 (måltal 16).",
        "[List Bullet] Antal deltagere: 15 i 2016, 18 i 2017 og 25 i 2018 (måltal 20).",
    ]
    # A year without a result says so, rather than showing 0.
    assert "[List Bullet] Antal i job: intet resultat i 2016, intet resultat i 2017 og 3 i 2018 (måltal 12)." in status
    assert "[List Bullet] Antal fædre: intet resultat i 2016-2018 (måltal 15)." in status
    fremdrift_path = out / "solbakken" / report_name("fremdrift", plan)
    fremdrift = body_lines(Document(str(fremdrift_path)))
    assert "| Nattevandring | Antal vandringer | 16 | 8 | 50,0␣% | Igangsat |  |" in fremdrift  # 2018's own target
    start = fremdrift.index("[Heading 2] Udviklingen 2016-2018")
    assert fremdrift[start + 4 : start + 10] == [
        "| Nattevandring | Antal vandringer | 2016 | 6 | 10 | 60,0␣% |",
        "|  |  | 2017 | – | 10 | – |",
        "|  |  | 2018 | 8 | 16 | 50,0␣% |",
        "| Nattevandring | Antal deltagere | 2016 | 15 | 20 | 75,0␣% |",
        "|  |  | 2017 | 18 | 20 | 90,0␣% |",
        "|  |  | 2018 | 25 | 20 | 125,0␣% |",
    ]
    chart = next(c for c in charts(fremdrift_path) if c.title == "Tryghed og trivsel: resultat i procent af måltal")
    assert (chart.categories, chart.series) == (
        ["Antal vandringer", "Antal deltagere"],
        {"2016": [60.0, 75.0], "2017": [0.0, 90.0], "2018": [50.0, 125.0]},
    )
    assert chart.axis_titles == ["Succeskriterie", "Procent af måltal"]


def test_no_development_without_an_earlier_result(cli: CLI, inputs: Path, out: Path) -> None:
    # The factory's plan has its statusår's results only: its reports read as before results per year.
    sheets = plan_sheets()
    write_workbook(inputs / "solbakken.xlsx", sheets)
    assert cli("build", inputs, "--out", out).exit_code == 0
    for key in ("etaarsstatus", "fremdrift", "oekonomi"):
        text = "\n".join(body_lines(Document(str(out / "solbakken" / report_name(key)))))
        assert "Udviklingen" not in text and "Forbrug af periodens tilsagn" not in text, key
