"""What the reports say: the near-empty plan, Danish wording, one sign, no arrears after the statusår."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

from assembler.context.base import count_text, lower_first
from assembler.contract import declaration as c
from assembler.contract.vocabulary import load_vocabulary
from assembler.figures.economy import economy_figures
from tests.docxdump import charts, dump
from tests.factory import Sheets, header_row, plan_sheets, record_sheets, set_value, write_workbook, year_sheets
from tests.reports import example_plan, plan_of, report_name, report_spec, reports_of

CLI = Callable[..., Result]
GOLDEN = Path(__file__).parents[1] / "golden"


def golden(name: str) -> list[str]:
    return (GOLDEN / f"engparken-{name}.txt").read_text("utf-8").splitlines()


def near_empty_sheets() -> Sheets:
    """A plan with only what `check` asks for: stamdata, one year, and every list empty."""
    sheets = plan_sheets()
    for spec in record_sheets():
        sheets[spec.name] = sheets[spec.name][:1]
    sheets["Opmærksomhedspunkter"] = [[row[0], None] for row in sheets["Opmærksomhedspunkter"]]
    sheets["Opmærksomhedspunkter"][0][1] = "Tekst"
    set_value(sheets, "Stamdata", "Periode start", None)
    set_value(sheets, "Stamdata", "Periode slut", None)
    for spec in year_sheets():
        sheets[spec.name][0] = header_row(spec, [2018])
    return sheets


def build_dumps(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> dict[str, str]:
    """Build the plan; return each report's dump by its key."""
    write_workbook(inputs / "solbakken.xlsx", sheets)
    assert cli("check", inputs).exit_code == 0
    result = cli("build", inputs, "--out", out)
    assert result.exit_code == 0, result.output
    plan = plan_of(sheets)
    return {spec.key: dump(out / "solbakken" / spec.filename(plan)) for spec in reports_of(plan)}


def test_near_empty_plan_builds_and_says_what_is_missing(cli: CLI, inputs: Path, out: Path) -> None:
    sheets = near_empty_sheets()
    dumps = build_dumps(cli, inputs, out, sheets)
    assert "[Normal] Der er ikke registreret aktiviteter for 2018." in dumps["etaarsstatus"]
    fremdrift = dumps["fremdrift"]
    assert fremdrift.count("[Normal] Diagrammet er udeladt, fordi der ikke er tal at vise.") == 2
    assert charts(out / "solbakken" / report_name("fremdrift", plan_of(sheets))) == []
    oekonomi = dumps["oekonomi"]
    assert "Der er ikke lagt budget for 2018. Der er ikke registreret tilsagn om finansiering for 2018." in oekonomi
    for text in dumps.values():
        assert "udgør –" not in text and " 0 aktiviteter" not in text and "Af 0 " not in text


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["Tryghed og trivsel", "A", "Nattevandring", "Antal vandringer", 10, 12, "Igangsat", None]],
            "I 2018 omfatter helhedsplanen én aktivitet, der er igangsat. Det ene succeskriterie er opfyldt.",
        ),
        (
            [
                ["Tryghed og trivsel", "A", "Nattevandring", "Antal vandringer", 10, None, "Forsinket", None],
                ["Tryghed og trivsel", "A", "Gadeplan", "Antal kontakter", None, 3, "Forsinket", None],
            ],
            "I 2018 omfatter helhedsplanen 2 aktiviteter, der alle er forsinket. "
            "Ingen af de 2 succeskriterier kan endnu opgøres.",
        ),
    ],
)
def test_progress_sentence_reads_well_with_one_and_many(
    cli: CLI, inputs: Path, out: Path, rows: list[list[object]], expected: str
) -> None:
    sheets = plan_sheets()
    sheets["Fremdrift"] = sheets["Fremdrift"][:1] + rows
    assert f"[Normal] {expected}" in build_dumps(cli, inputs, out, sheets)["fremdrift"]


def test_statuses_take_their_plural_form() -> None:
    assert (
        "[Normal] I 2025 omfatter helhedsplanen 12 aktiviteter: 2 ikke igangsatte, 5 igangsatte, 2 forsinkede "
        "og 3 gennemførte." in " ".join(golden("fremdrift"))
    )
    assert "[Normal] Indsatsområdet har 3 aktiviteter: 2 igangsatte og 1 gennemført." in golden("fremdrift")


def test_a_post_over_budget_is_named_as_a_post() -> None:
    for name in ("etaarsstatus", "oekonomi", "referat"):
        text = "\n".join(golden(name))
        assert "Posterne Projektleder (2.480 kr.), Kompetenceudvikling (11.200 kr.) og Kommunikation" in text
        assert " over budget." not in text


def test_an_apposition_is_closed_by_a_comma_with_the_title_in_lower_case() -> None:
    text = "\n".join(golden("etaarsstatus"))
    assert "Jakob Nørgaard, jobcenterchef, Kildeby Kommune, er indtrådt i bestyrelsen 1. april 2025" in text
    assert "Susanne Friis, jobcenterchef, Kildeby Kommune, er trådt ud af bestyrelsen" in text


@pytest.mark.parametrize("name", ["etaarsstatus", "fremdrift", "oekonomi", "referat"])
def test_no_sentence_starts_with_digits_and_no_tool_words(name: str) -> None:
    for line in golden(name):
        # A chart is dumped as its data, not as a sentence.
        if line.startswith(("[Normal]", "[List Bullet]")) and not line.startswith("[Normal] {diagram:"):
            text = line.split("] ", 1)[1]
            assert not re.search(r"(?:^|[.!?;]\s+)\d", text) or line.startswith("[List Bullet]"), line
            assert not re.search(r"[.!?]\s+\d", text), line
        assert "projektmappe" not in line.casefold(), line


@pytest.mark.parametrize("name", ["etaarsstatus", "fremdrift", "oekonomi", "referat"])
def test_no_heading_is_repeated_as_the_next_paragraph(name: str) -> None:
    lines = golden(name)
    for heading, following in itertools.pairwise(lines):
        if heading.startswith("[Heading") and following.startswith("[Normal]"):
            title = heading.split("] ", 1)[1].rstrip(":").casefold()
            assert not following.split("] ", 1)[1].casefold().startswith(title), (heading, following)


def test_no_arrears_for_years_after_the_statusaar(tmp_path: Path) -> None:
    from assembler.pipeline import load_plan
    from assembler.read.sources import discover_plans

    sheets = plan_sheets()  # statusår 2018; 2019 has tilsagn and nothing paid
    write_workbook(tmp_path / "solbakken.xlsx", sheets)
    plan, _ = load_plan(discover_plans(tmp_path)[0])
    years = {f.year: f for f in economy_figures(plan, load_vocabulary()).financing_years}
    assert years[2018].total_unpaid == 105_000
    assert years[2019].total_tilsagn == 820_000 and years[2019].total_unpaid_all == 0
    oekonomi = golden("oekonomi")
    after = oekonomi[oekonomi.index("[Heading 3] 2026") :]
    assert after[1] == "[Normal] Året ligger efter statusåret, så tabellen viser kun tilsagnene."
    assert after[3] == "| Kilde | Tilsagn (kr.) |"
    assert not any("2.800.000" in line for line in after[3:10] if "Mangler" in line)


def test_one_sign_for_an_overspend_said_once() -> None:
    text = "\n".join(golden("oekonomi") + golden("etaarsstatus") + golden("referat"))
    assert "Uforbrugt" not in text and "uforbrugt" not in text.casefold()
    assert "| Øvrige | 25.000 | 26.900 | +1.900 | 107,6␣% |" in text
    assert "-1.900" not in text
    explanation = "Afvigelse er regnskab minus budget: et plus betyder, at der er brugt mere end budgetteret"
    assert "\n".join(golden("oekonomi")).count(explanation) == 1
    assert text.count("Afvigelse er") == 1


def test_etaarsstatus_is_an_overview_not_a_copy_of_the_fremdriftsrapport() -> None:
    lines = golden("etaarsstatus")
    assert "| Indsatsområde | Aktiviteter | Aktiviteternes status | Succeskriterier |" in lines
    assert "| Beskæftigelse | 3 | 1 ikke igangsat, 1 igangsat og 1 forsinket | " in "\n".join(lines)
    assert not any(line.startswith("| Aktivitet | Succeskriterie") for line in lines)
    assert sum(line.startswith("[table") for line in lines) == 4  # board, overview, budget, unpaid
    assert "[List Bullet] Virksomhedsnetværk (Beskæftigelse, forsinket):" in lines


def test_economy_sentences_are_worded_the_same_in_every_document() -> None:
    budget = next(line for line in golden("etaarsstatus") if line.startswith("[Normal] I 2025 er der brugt"))
    assert budget in golden("referat")
    assert next(line for line in golden("oekonomi") if line.startswith("[Normal] I 2025")).startswith(budget)
    deadline = "[Normal] Revisorpåtegnet regnskab for 2025 skal aflægges senest 30. juni 2026."
    assert deadline in golden("oekonomi") and deadline in golden("referat")


def test_no_column_is_empty_in_every_row() -> None:
    assert "| År | Tilsagn i alt (kr.) | Lokal medfinansiering (kr.) | Andel |" in golden("oekonomi")


def test_referat_follows_the_real_one() -> None:
    lines = golden("referat")
    title = example_plan().status_report.referat
    assert lines[lines.index("---") + 1] == f"[Title] {title} med␣LBF␣d.␣12.3.2026"
    point_1 = next(i for i, line in enumerate(lines) if line.startswith("[Heading 1] 1."))
    assert lines[point_1 - 1].startswith("[Normal] Vi startede mødet med")
    point_3 = lines.index("[Heading 1] 3. Opfølgning på økonomi")
    prepared = lines.index("[Heading 2] Nøgletal forberedt til mødet")
    assert lines[point_3 + 1].startswith("[Normal] Kommunen har endnu ikke indbetalt") and prepared == point_3 + 2


def test_new_workbook_has_a_place_for_the_introduction(cli: CLI, tmp_path: Path) -> None:
    assert cli("new-workbook", tmp_path / "ny.xlsx").exit_code == 0
    referat = load_workbook(tmp_path / "ny.xlsx")["Referat"]
    assert referat["A2"].value == "Indledning"


def test_introduction_alone_builds_the_referat(cli: CLI, inputs: Path, out: Path) -> None:
    sheets = plan_sheets()
    sheets["Stamdata"].append(["Mødedato for ét-årseftersyn", "9.10.2018"])
    sheets["Referat"] = [header_row(c.REFERAT), ["Indledning", "Vi startede mødet med data."], ["1", None]]
    write_workbook(inputs / "solbakken.xlsx", sheets)
    assert cli("build", inputs, "--out", out, "--report", "referat").exit_code == 0
    text = dump(out / "solbakken" / report_name("referat", plan_of(sheets)))
    assert "[Subtitle] Helhedsplan Solbakken, Nordby Kommune\n[Heading 1] Deltagere:" in text
    assert "[Normal] Vi startede mødet med data.\n[Heading 1] 1. Opfølgning" in text


def test_referat_asked_for_without_text_says_why_nothing_was_built(cli: CLI, inputs: Path, out: Path) -> None:
    sheets = plan_sheets()
    sheets["Referat"] = [header_row(c.REFERAT), ["Indledning", None], ["1", None]]
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("build", inputs, "--out", out, "--report", "referat")
    assert result.exit_code == 0
    assert report_spec("referat").not_built_because(plan_of(sheets)) in result.output
    assert not (out / "solbakken").exists() or not list((out / "solbakken").glob(f"{report_spec('referat').title}*"))


@pytest.mark.parametrize(
    ("title", "running"),
    [
        ("Jobcenterchef", "jobcenterchef"),
        ("Direktør for Børn og Unge", "direktør for Børn og Unge"),
        ("IT-chef", "IT-chef"),
    ],
)
def test_a_job_title_in_running_text_starts_in_lower_case(title: str, running: str) -> None:
    assert lower_first(title) == running


@pytest.mark.parametrize(("n", "text"), [(0, "0 forsinkede"), (1, "1 forsinket"), (2, "2 forsinkede")])
def test_a_count_takes_the_plural_for_any_number_but_one(n: int, text: str) -> None:
    assert count_text(n, "Forsinket", load_vocabulary().status_plurals["Forsinket"]) == text
