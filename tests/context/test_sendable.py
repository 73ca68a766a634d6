"""What a secretariat would otherwise fix by hand before sending: reasons, dates, joined lists, an uncovered budget.

Each point on the example (its golden dumps and its built reports) and on the near-empty plan that
`assembler new-workbook` writes, with only its names filled in.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from assembler.app.cli import main
from assembler.danish import format_long_date
from assembler.render.marking import PLACEHOLDER_TITLE, control_text, controls, tag_of
from assembler.wordxml import VAL, W
from tests.context.test_content import build_dumps, golden
from tests.docxdump import dump
from tests.factory import Sheets, column_of, plan_sheets, write_workbook
from tests.living.test_living import edit_xml, set_text
from tests.reports import example_plan, plan_in, report_name, reports_of

CLI = Callable[..., Result]
PLACEHOLDER = "[Skriv begrundelse i kolonnen Kommentar i arket Fremdrift, eller skriv den her]"
REASON_LINE = f"[List Continue] «{PLACEHOLDER}»"
UNCOVERED_EXAMPLE = (
    "[Normal] Budgettet er højere end årets tilsagn med 7.500 kr. i 2025 og 47.500 kr. i 2026. Pengene skal findes "
    "andetsteds, eller budgettet skal ændres efter aftale med Landsbyggefonden."
)
POSTS_EXAMPLE = (
    "Posterne Projektleder (2.480 kr.), Kompetenceudvikling (11.200 kr.) og Kommunikation (1.900 kr.) er over "
    "budgettet."
)
ECONOMY_REPORTS = ("etaarsstatus", "oekonomi", "referat")  # the documents that share the economy's sentences
LATE = "[List Bullet] "


@pytest.fixture(scope="module")
def near_empty(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The dumps of the reports of what `new-workbook` writes, with only Helhedsplan and Kommune filled in."""
    folder = tmp_path_factory.mktemp("near-empty")
    path = folder / "inputs" / "tom.xlsx"
    runner = CliRunner()
    names = ["--helhedsplan", "Helhedsplan Tom", "--kommune", "Nordby Kommune"]
    assert runner.invoke(main, ["new-workbook", str(path), *names]).exit_code == 0
    result = runner.invoke(main, ["build", str(path.parent), "--out", str(folder / "outputs")])
    assert result.exit_code == 0, result.output
    plan = plan_in(path)
    return {spec.key: dump(folder / "outputs" / "tom" / spec.filename(plan)) for spec in reports_of(plan)}


def economy_reports(dumps: dict[str, str]) -> list[str]:
    """Return the reports built that share the economy's sentences (the factory's plan has no referat)."""
    keys = [key for key in ECONOMY_REPORTS if key in dumps]
    assert keys[:2] == ["etaarsstatus", "oekonomi"]
    return keys


# 1. A late activity's reason comes from Kommentar; without one, a placeholder that is a frame of its own.


@pytest.mark.parametrize(
    ("name", "late"),
    [
        (
            "etaarsstatus",
            [
                "Virksomhedsnetværk (Beskæftigelse, forsinket):",
                "Forældrenetværk (Kriminalitetsforebyggelse, ikke igangsat):",
            ],
        ),
        (
            "fremdrift",
            [
                "Beskæftigelse – Virksomhedsnetværk (forsinket):",
                "Kriminalitetsforebyggelse – Forældrenetværk (ikke igangsat):",
                "Sammenhængskraft og medborgerskab – Frivilligcenter, Antal nye foreninger (ikke opfyldt):",
            ],
        ),
    ],
)
def test_a_reason_missing_in_kommentar_is_a_placeholder_under_its_bullet(name: str, late: list[str]) -> None:
    lines = golden(name)
    assert [lines[i - 1] for i, line in enumerate(lines) if line == REASON_LINE] == [LATE + text for text in late]
    mentoring = next(line for line in lines if line.startswith(LATE) and "Mentorordning for kvinder (" in line)
    assert mentoring.endswith("ikke igangsat): Målgruppen er mindre end forventet; delaftalen revideres.")


@pytest.mark.parametrize(("key", "count"), [("etaarsstatus", 2), ("fremdrift", 3)])
def test_the_placeholder_is_a_skriv_her_frame_of_its_own(
    cli: CLI, example_inputs: Path, out: Path, key: str, count: int
) -> None:
    assert cli("build", example_inputs, "--out", out, "--report", key).exit_code == 0
    path = out / "engparken" / report_name(key, example_plan())
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    frames = [(sdt, control_text(sdt)) for sdt in controls(body)]
    reasons = [sdt for sdt, text in frames if text == PLACEHOLDER]
    assert len(reasons) == count
    for sdt in reasons:
        assert sdt.find(f"{W}sdtPr/{W}alias").get(VAL) == PLACEHOLDER_TITLE
        assert sdt.find(f"{W}sdtPr/{W}showingPlcHdr") is not None
        assert tag_of(sdt).endswith("]/2")  # the second block of its bullet's row
    assert not [text for _, text in frames if "[Skriv begrundelse" in text and text != PLACEHOLDER]


def test_a_kommentar_replaces_the_placeholder(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    sheets["Fremdrift"][4][column_of(sheets, "Fremdrift", "Kommentar")] = "Ingen fædre har meldt sig."
    dumps = build_dumps(cli, inputs, out, sheets)
    for key, bullet in (
        ("etaarsstatus", "Fædreprojekt (Forebyggelse og forældreansvar, ikke igangsat)"),
        ("fremdrift", "Forebyggelse og forældreansvar – Fædreprojekt (ikke igangsat)"),
    ):
        assert f"{LATE}{bullet}: Ingen fædre har meldt sig.\n" in dumps[key]
        assert f"{LATE}{bullet}:\n{REASON_LINE}" not in dumps[key]


def test_a_reason_typed_in_the_placeholder_stays_the_persons(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    path = write_workbook(inputs / "solbakken.xlsx", sheets)
    assert cli("build", inputs, "--out", out, "--report", "etaarsstatus").exit_code == 0
    report = out / "solbakken" / report_name("etaarsstatus")

    def type_reason(root: etree._Element) -> None:
        sdt = next(s for s in controls(root) if control_text(s) == PLACEHOLDER)
        set_text(sdt, "Projektmedarbejderen blev først ansat i november.")
        sdt.find(f"{W}sdtPr").remove(sdt.find(f"{W}sdtPr/{W}showingPlcHdr"))

    edit_xml(report, type_reason)
    sheets["Budget"][1][column_of(sheets, "Budget", "Regnskab 2018")] = 606_000
    write_workbook(path, sheets)
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    assert result.exit_code == 0
    assert "ikke opdateret" not in result.stdout
    lines = dump(report).splitlines()
    bullet = lines.index(f"{LATE}Fædreprojekt (Forebyggelse og forældreansvar, ikke igangsat):")
    assert lines[bullet + 1] == "[List Continue] «Projektmedarbejderen blev først ansat i november.»"


def test_the_near_empty_plan_asks_for_no_reason(near_empty: dict[str, str]) -> None:
    for text in near_empty.values():
        assert "[Skriv begrundelse" not in text and "ikke er igangsat eller er forsinket:" not in text


# 3. Lists of posts over budget are one sentence; the unpaid co-financing has a lead-in and a whole total row.


def test_the_posts_over_budget_are_one_sentence_in_every_economy_text() -> None:
    for name in ECONOMY_REPORTS:
        text = "\n".join(golden(name))
        assert text.count(POSTS_EXAMPLE) == 1
        assert "Posten " not in text
    assert "[Normal] Kategorien Øvrige er 1.900 kr. over budgettet." in golden("oekonomi")


@pytest.mark.parametrize(
    ("revision", "sentence"),
    [
        (20_000, "Posten Projektchef er 5.000 kr. over budgettet."),
        (22_500, "Posterne Projektchef (5.000 kr.) og Revision (2.500 kr.) er over budgettet."),
    ],
)
def test_one_post_or_several_over_budget(cli: CLI, inputs: Path, out: Path, revision: int, sentence: str) -> None:
    sheets = plan_sheets()
    sheets["Budget"][3][column_of(sheets, "Budget", "Regnskab 2018")] = revision
    dumps = build_dumps(cli, inputs, out, sheets)
    for key in economy_reports(dumps):
        assert f"budgetteret. {sentence}" in dumps[key]


def test_the_unpaid_cofinancing_is_led_in_and_totalled() -> None:
    for name in ECONOMY_REPORTS:
        lines = golden(name)
        lead_in = lines.index("[Normal] Den lokale medfinansiering for 2025 fordelt på kilder:")
        assert lines[lead_in + 2 : lead_in + 7] == [
            "| Kilde | Tilsagn (kr.) | Indbetalt (kr.) | Mangler (kr.) |",
            "| Kildeby Kommune | 450.000 | 300.000 | 150.000 |",
            "| Boligorganisationerne | 250.000 | 250.000 | 0 |",
            "| Fonden for Socialt Ansvar | 100.000 | 50.000 | 50.000 |",
            "| I alt | 800.000 | 600.000 | 200.000 |",
        ]
        assert not any(line.startswith("[Normal] Lovet, men") for line in lines)


def test_the_near_empty_plan_names_no_post_and_no_unpaid_source(near_empty: dict[str, str]) -> None:
    for text in near_empty.values():
        assert "over budgettet" not in text and "fordelt på kilder" not in text


# 4. No date the workbook did not give.


def test_the_example_is_dated_by_its_statusdato_alone() -> None:
    for spec in reports_of(example_plan()):
        expected = [] if spec.key == "referat" else ["[Normal] Statusdato: 20. januar 2026"]
        assert [line for line in golden(spec.key) if "ato:" in line] == expected


def test_without_statusdato_no_report_has_a_date(
    cli: CLI, inputs: Path, out: Path, near_empty: dict[str, str]
) -> None:
    sheets = plan_sheets()
    sheets["Stamdata"] = [row for row in sheets["Stamdata"] if row[0] != "Statusdato"]
    today = format_long_date(date.today())
    for dumps in (build_dumps(cli, inputs, out, sheets), near_empty):
        for text in dumps.values():
            assert "Dato:" not in text and "Statusdato" not in text and today not in text


# 5. A year whose budget is above its tilsagn.


def test_the_example_says_which_years_budget_is_above_its_tilsagn() -> None:
    for name in ECONOMY_REPORTS:
        assert "\n".join(golden(name)).count(UNCOVERED_EXAMPLE.removeprefix("[Normal] ")) == 1
    assert UNCOVERED_EXAMPLE in golden("etaarsstatus") and UNCOVERED_EXAMPLE in golden("referat")
    assert (
        "[Normal] Det samlede budget for perioden 2023-2026 er 11.355.000 kr. "
        + UNCOVERED_EXAMPLE.removeprefix("[Normal] ")
        in golden("oekonomi")
    )


def test_one_year_above_its_tilsagn_is_named_with_the_tilsagn(cli: CLI, inputs: Path, out: Path) -> None:
    sheets = plan_sheets()
    sheets["Budget"][1][column_of(sheets, "Budget", "Budget 2019")] = 612_500
    sentence = (
        "Budgettet for 2019 er 12.500 kr. højere end årets tilsagn på 820.000 kr. Pengene skal findes andetsteds, "
        "eller budgettet skal ændres efter aftale med Landsbyggefonden."
    )
    dumps = build_dumps(cli, inputs, out, sheets)
    for key in economy_reports(dumps):
        assert dumps[key].count(sentence) == 1


def test_a_covered_budget_and_the_near_empty_plan_say_nothing_of_it(
    cli: CLI, inputs: Path, out: Path, near_empty: dict[str, str]
) -> None:
    for dumps in (build_dumps(cli, inputs, out, plan_sheets()), near_empty):
        assert not any("højere end årets tilsagn" in text for text in dumps.values())
