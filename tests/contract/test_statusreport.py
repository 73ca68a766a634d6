"""The status report that fits the plan's year: the rule of vocabulary.toml, a name of the plan's own, no period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from assembler.contract.model import Stamdata
from assembler.contract.statusreport import status_report
from assembler.contract.tables import Problems
from assembler.contract.vocabulary import MIDWAY, YEAR_SELECTORS, load_vocabulary, status_reports
from assembler.errors import Location
from tests.factory import Sheets, set_value, write_workbook
from tests.reports import plan_of, report_names

CLI = Callable[..., Result]
WHERE = Location("plan.xlsx", "Stamdata")


def report_for(start: int | None, end: int | None, year: int, own: str = "") -> tuple[str, str, Problems]:
    """Return the status report's and its referat's name for a statusår of a period, and the problems."""
    stamdata = Stamdata(
        helhedsplan="Helhedsplan",
        kommune="Kommune",
        bevillingsramme="2019-26",
        periode_start=None if start is None else date(start, 1, 1),
        periode_slut=None if end is None else date(end, 12, 31),
        statusaar=year,
        statusrapport=own,
    )
    problems = Problems()
    report = status_report(stamdata, load_vocabulary(), WHERE, problems)
    return report.name, report.referat, problems


@pytest.mark.parametrize(
    ("start", "end", "names"),
    [
        # The example: 2023-2026 reports midway in 2024 (year ⌈4/2⌉ = 2).
        (2023, 2026, ["Etårsstatus", "Midtvejsstatus", "Årsstatus", "Slutstatus"]),
        # Five years: year ⌈5/2⌉ = 3, 2024, ends the first half.
        (2022, 2026, ["Etårsstatus", "Årsstatus", "Midtvejsstatus", "Årsstatus", "Slutstatus"]),
        (2019, 2026, ["Etårsstatus", "Årsstatus", "Årsstatus", "Midtvejsstatus", *["Årsstatus"] * 3, "Slutstatus"]),
        (2020, 2022, ["Etårsstatus", "Midtvejsstatus", "Slutstatus"]),
        # The first year goes before the last and the midway one: a two-year plan has no midtvejsstatus.
        (2020, 2021, ["Etårsstatus", "Slutstatus"]),
        (2020, 2020, ["Etårsstatus"]),
    ],
)
def test_each_year_of_the_period_gets_its_status_report(start: int, end: int, names: list[str]) -> None:
    found = [report_for(start, end, year) for year in range(start, end + 1)]
    assert [name for name, _, _ in found] == names
    assert not any(problems.items for _, _, problems in found)


def test_the_referat_takes_its_title_from_the_same_rule() -> None:
    titles = [report_for(2023, 2026, year)[1] for year in range(2023, 2027)]
    assert titles == [
        "Referat af ét-årseftersyn",
        "Referat af midtvejsmøde",
        "Referat af årsstatusmøde",
        "Referat af slutstatusmøde",
    ]


def test_a_name_of_the_plans_own_wins() -> None:
    name, referat, problems = report_for(2023, 2026, 2025, own="Statusrapport til bestyrelsen")
    assert (name, referat, problems.items) == ("Statusrapport til bestyrelsen", "Referat af årsstatusmøde", [])


def test_a_name_of_the_plans_own_that_is_a_vocabulary_name_takes_that_reports_referat() -> None:
    # A plan ending early writes Slutstatus in its third year.
    assert report_for(2023, 2026, 2025, own="slutstatus")[:2] == ("slutstatus", "Referat af slutstatusmøde")


def test_without_a_period_the_report_is_the_etaarsstatus_and_check_says_why() -> None:
    name, _, problems = report_for(None, None, 2025)
    assert name == "Etårsstatus"
    assert [(str(p.location), p.message, p.warning) for p in problems.items] == [
        (
            "plan.xlsx › Stamdata",
            "Periode start og Periode slut mangler, så assembler ved ikke, hvilket år af planen 2025 er; "
            "statusrapporten hedder derfor Etårsstatus. Udfyld perioden, eller skriv rapportens navn i feltet "
            "Statusrapport",
            True,
        )
    ]


def test_without_a_period_a_name_of_the_plans_own_needs_no_warning() -> None:
    name, _, problems = report_for(None, None, 2025, own="Midtvejsstatus")
    assert (name, problems.items) == ("Midtvejsstatus", [])


def test_the_plans_own_name_names_the_file(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    sheets["Stamdata"].append(["Statusrapport", "Status for bestyrelsen"])
    write_workbook(inputs / "solbakken.xlsx", sheets)
    assert cli("build", inputs, "--out", out).exit_code == 0
    names = report_names(plan_of(sheets))
    assert names[0] == "Status for bestyrelsen 2018.docx"
    assert sorted(p.name for p in (out / "solbakken").glob("*.docx")) == sorted(names)


def test_a_name_that_cannot_be_a_file_name_is_located(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    sheets["Stamdata"].append(["Statusrapport", "Status 1/2: bestyrelsen"])
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("check", inputs)
    assert result.exit_code == 1
    row = len(sheets["Stamdata"])
    assert result.stderr.splitlines() == [
        f"solbakken.xlsx › Stamdata!B{row}: Statusrapport står i rapportens filnavn og må ikke indeholde / :; "
        "ret navnet"
    ]


def test_check_warns_once_for_a_plan_without_a_period(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    set_value(sheets, "Stamdata", "Periode start", None)
    set_value(sheets, "Stamdata", "Periode slut", None)
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("check", inputs)
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if "Periode start" in line] == [
        "solbakken.xlsx › Stamdata (advarsel): Periode start og Periode slut mangler, så assembler ved ikke, hvilket "
        "år af planen 2018 er; statusrapporten hedder derfor Etårsstatus. Udfyld perioden, eller skriv rapportens "
        "navn i feltet Statusrapport"
    ]


def test_every_year_of_a_period_has_a_report_in_the_vocabulary() -> None:
    kinds = load_vocabulary().status_reports
    assert {kind.year for kind in kinds} == set(YEAR_SELECTORS)
    without_midway = [
        {"navn": k.name, "referat": k.referat, "modtager": k.readers, "aar": k.year, "udvikling": True}
        for k in kinds
        if k.year != MIDWAY
    ]
    with pytest.raises(ValueError, match="missing \\['midtvejs'\\]"):
        status_reports(without_midway)
