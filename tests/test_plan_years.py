"""The four-year example built for each of its years: the status report that fits the year, that year's
figures and texts, and from the second year the development over the years, checked by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from assembler.app.cli import main
from assembler.contract import declaration as c
from tests.conftest import EXAMPLE
from tests.docxdump import body_lines, charts
from tests.reports import plan_in, report_names

# The example's period is 2023-2026; its Fritidsjobindsats has the target 30 and the results 22, 28
# and 34 in 2023-2025 and none yet for 2026.
NAMES = {2023: "Etårsstatus", 2024: "Midtvejsstatus", 2025: "Årsstatus", 2026: "Slutstatus"}
REFERATS = {2024: "Referat af midtvejsmøde 13.3.2025.docx", 2025: "Referat af årsstatusmøde 12.3.2026.docx"}
FRITIDSJOB = {2023: "22 | 73,3␣%", 2024: "28 | 93,3␣%", 2025: "34 | 113,3␣%", 2026: "– | –"}
DEVELOPMENT = {
    2024: "Antal unge i fritidsjob: 22 i 2023 og 28 i 2024 (måltal 30).",
    2025: "Antal unge i fritidsjob: 22 i 2023, 28 i 2024 og 34 i 2025 (måltal 30).",
    2026: "Antal unge i fritidsjob: 22 i 2023, 28 i 2024, 34 i 2025 og intet resultat i 2026 (måltal 30).",
}
# Tilsagn 2.800.000 + 2.900.000 + 2.900.000 + 2.800.000; regnskab 2.639.910 (2023), 2.810.650 (2024) and
# 2.843.255 (2025); budget 2.907.500 (2025) and 2.847.500 (2026).
GRANT = {
    2024: "Af periodens tilsagn på 11.400.000 kr. er der brugt 5.450.560 kr. (47,8␣%) i 2023-2024; der er "
    "5.949.440 kr. tilbage til 2025-2026, hvor budgettet er 5.755.000 kr.",
    2025: "Af periodens tilsagn på 11.400.000 kr. er der brugt 8.293.815 kr. (72,8␣%) i 2023-2025; der er "
    "3.106.185 kr. tilbage til 2026, hvor budgettet er 2.847.500 kr.",
}
GRANT[2026] = GRANT[2025]  # 2026 has no regnskab yet


def set_status_year(path: Path, year: int) -> Path:
    """Write another Statusår into a workbook's Stamdata, as staff do when a new year begins."""
    workbook = load_workbook(path)
    for row in workbook[c.STAMDATA.name].iter_rows(min_row=2):
        if row[0].value == c.stamdata_field("statusaar").name:
            row[1].value = year
    workbook.save(path)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """The example built once for each year of its period: the folder of each year's reports."""
    folders = {}
    for year in NAMES:
        inputs = tmp_path_factory.mktemp(f"inputs{year}")
        path = set_status_year(Path(shutil.copy(EXAMPLE, inputs / EXAMPLE.name)), year)
        out = tmp_path_factory.mktemp(f"out{year}")
        result = CliRunner().invoke(main, ["build", str(inputs), "--out", str(out)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        folders[year] = out / "engparken"
        assert sorted(p.name for p in folders[year].glob("*.docx")) == sorted(report_names(plan_in(path)))
    return folders


def lines(built: dict[int, Path], year: int, prefix: str) -> list[str]:
    """The body of the year's report whose file name starts with prefix."""
    (path,) = built[year].glob(f"{prefix}*.docx")
    return body_lines(Document(str(path)))


@pytest.mark.parametrize("year", NAMES)
def test_each_year_gets_the_status_report_that_fits_it(built: dict[int, Path], year: int) -> None:
    names = sorted(p.name for p in built[year].glob("*.docx"))
    expected = [f"{NAMES[year]} {year}.docx", f"Fremdriftsrapport {year}.docx", f"Økonomioversigt {year}.docx"]
    assert names == sorted(expected + ([REFERATS[year]] if year in REFERATS else []))
    status = lines(built, year, NAMES[year])
    assert status[0] == f"[Title] {NAMES[year]} {year}"
    assert f"[Heading 2] Deltagende bestyrelsesmedlemmer til {NAMES[year].lower()}:" in status


@pytest.mark.parametrize("year", NAMES)
def test_each_year_shows_its_own_results(built: dict[int, Path], year: int) -> None:
    row = f"| Fritidsjobindsats | Antal unge i fritidsjob | 30 | {FRITIDSJOB[year]} | Gennemført |  |"
    assert row in lines(built, year, "Fremdriftsrapport")


@pytest.mark.parametrize("year", NAMES)
def test_the_development_from_the_second_year(built: dict[int, Path], year: int) -> None:
    fremdrift, status = lines(built, year, "Fremdriftsrapport"), lines(built, year, NAMES[year])
    oekonomi = lines(built, year, "Økonomioversigt")
    if year == 2023:
        assert not any("Udviklingen" in line for line in fremdrift + status)
        assert "[Heading 1] Forbrug af periodens tilsagn" not in oekonomi
        return
    assert f"[Heading 2] Udviklingen 2023-{year}" in fremdrift
    assert f"[List Bullet] {DEVELOPMENT[year]}" in status
    assert f"[Normal] {GRANT[year]}" in oekonomi and f"[Normal] {GRANT[year]}" in status


def test_the_development_table_and_chart_hold_each_years_result_against_its_target(built: dict[int, Path]) -> None:
    fremdrift = lines(built, 2025, "Fremdriftsrapport")
    table = fremdrift.index("| Aktivitet | Succeskriterie | År | Resultat | Måltal | Mål-opfyldelse |")
    assert fremdrift[table + 7 : table + 13] == [
        "| Forældrekurset Sprogstart | Antal forældre, der gennemfører | 2023 | – | 24 | – |",
        "|  |  | 2024 | 12 | 24 | 50,0␣% |",
        "|  |  | 2025 | 18 | 24 | 75,0␣% |",
        "| Fritidsjobindsats | Antal unge i fritidsjob | 2023 | 22 | 30 | 73,3␣% |",
        "|  |  | 2024 | 28 | 30 | 93,3␣% |",
        "|  |  | 2025 | 34 | 30 | 113,3␣% |",
    ]
    (path,) = built[2025].glob("Fremdriftsrapport*.docx")
    chart = next(c for c in charts(path) if c.title == "Uddannelse og livschancer: resultat i procent af måltal")
    assert chart.categories[2:] == ["Antal forældre, der gennemfører", "Antal unge i fritidsjob"]
    # One series per year; a year without a result has no column (0), never a made-up one.
    assert {year: [round(v, 1) for v in values[2:]] for year, values in chart.series.items()} == {
        "2023": [0.0, 73.3],
        "2024": [50.0, 93.3],
        "2025": [75.0, 113.3],
    }


def test_the_grant_table_per_year_and_in_total(built: dict[int, Path]) -> None:
    oekonomi = lines(built, 2025, "Økonomioversigt")
    start = oekonomi.index("| År | Tilsagn (kr.) | Brugt (kr.) | Tilbage af tilsagnet (kr.) |")
    assert oekonomi[start : start + 6] == [
        "| År | Tilsagn (kr.) | Brugt (kr.) | Tilbage af tilsagnet (kr.) |",
        "| 2023 | 2.800.000 | 2.639.910 | 8.760.090 |",
        "| 2024 | 2.900.000 | 2.810.650 | 5.949.440 |",
        "| 2025 | 2.900.000 | 2.843.255 | 3.106.185 |",
        "| 2026 | 2.800.000 | – | – |",
        "| I alt | 11.400.000 | 8.293.815 | 3.106.185 |",
    ]


@pytest.mark.parametrize(
    ("year", "text"),
    [
        (2024, "Helhedsplanen var uden projektleder i tre måneder; stillingen blev besat 1. maj 2024."),
        (2025, "Sekretariatet har i 2025 været fuldt bemandet med projektleder og fire boligsociale medarbejdere."),
    ],
)
def test_each_year_prints_its_own_texts_only(built: dict[int, Path], year: int, text: str) -> None:
    for other in NAMES:
        assert (f"[Normal] {text}" in lines(built, other, NAMES[other])) == (other == year), other


def test_the_referat_of_each_years_meeting(built: dict[int, Path]) -> None:
    midway = lines(built, 2024, "Referat")
    assert midway[0] == "[Title] Referat af midtvejsmøde med␣LBF␣d.␣13.3.2025"
    assert "[Normal] Susanne Friis (Jobcenterchef, Kildeby Kommune)" in midway
    assert "[Normal] Mødet var helhedsplanens midtvejsmøde med LBF." in midway
    assert not any("Jakob Nørgaard" in line or "positiv udvikling" in line for line in midway)


def test_the_board_of_each_year(built: dict[int, Path]) -> None:
    # Karim El-Sayed and Jakob Nørgaard joined the board in 2025: they are not 2024's participants.
    midway = "\n".join(lines(built, 2024, NAMES[2024]))
    assert "| Lars Holm | Direktør | Boligselskabet Engen |" in midway
    assert "Karim El-Sayed" not in midway and "Jakob Nørgaard" not in midway
    assert "| Karim El-Sayed | Erhvervschef | Kildeby Erhvervsråd |" in lines(built, 2025, NAMES[2025])


def test_the_next_years_build_leaves_last_years_reports_alone(tmp_path: Path) -> None:
    inputs, out = tmp_path / "inputs", tmp_path / "outputs"
    inputs.mkdir()
    path = Path(shutil.copy(EXAMPLE, inputs / EXAMPLE.name))
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(inputs), "--out", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in (out / "engparken").glob("*.docx")}
    set_status_year(path, 2026)
    assert runner.invoke(main, ["build", str(inputs), "--out", str(out)]).exit_code == 0
    after = {p.name: p.read_bytes() for p in (out / "engparken").glob("*.docx")}
    assert {name: after[name] for name in before} == before
    assert sorted(set(after) - set(before)) == sorted(report_names(plan_in(path)))


def test_report_etaarsstatus_names_the_status_report_of_any_year(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--out", str(out), "--report", "etårsstatus"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (out / "engparken").glob("*.docx")] == ["Årsstatus 2025.docx"]
