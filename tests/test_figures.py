"""The status year's figures for the factory plan, checked against values computed by hand."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from assembler.figures import Figures, compute_figures
from assembler.pipeline import load_plan
from assembler.sources import discover_plans
from assembler.vocabulary import load_vocabulary
from tests.factory import Sheets, write_workbook


def figures_of(inputs: Path, sheets: Sheets) -> Figures:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    plan, _ = load_plan(discover_plans(inputs)[0])
    return compute_figures(plan, load_vocabulary())


def test_activities_by_status_per_indsatsomraade_in_frame_order(inputs: Path, sheets: Sheets) -> None:
    figures = figures_of(inputs, sheets)
    assert [a.name for a in figures.areas] == [
        "Tryghed og trivsel",
        "Kriminalpræventiv indsats",
        "Uddannelse og beskæftigelse",
        "Forebyggelse og forældreansvar",
    ]
    tryghed = figures.areas[0]
    # Nattevandring has two succeskriterier but is one activity.
    assert tryghed.activity_count == 1
    assert dict(tryghed.status_counts) == {
        "Ikke igangsat": 0,
        "Igangsat": 1,
        "Forsinket": 0,
        "Gennemført": 0,
        "Udgået": 0,
    }


def test_maalopfyldelse_only_where_both_figures_exist(inputs: Path, sheets: Sheets) -> None:
    figures = figures_of(inputs, sheets)
    by_area = {a.name: [(x.item.succeskriterie, x.ratio) for x in a.attainments] for a in figures.areas}
    assert by_area == {
        "Tryghed og trivsel": [("Antal vandringer", Fraction(8, 10)), ("Antal deltagere", Fraction(25, 20))],
        "Kriminalpræventiv indsats": [],  # Måltal 0: cannot be computed
        "Uddannelse og beskæftigelse": [("Antal i job", Fraction(3, 12))],
        "Forebyggelse og forældreansvar": [],  # no Resultat
    }


def test_activities_not_started_or_delayed_with_comments(inputs: Path, sheets: Sheets) -> None:
    figures = figures_of(inputs, sheets)
    attention = [(a.name, a.status, a.kommentar) for area in figures.areas for a in area.attention]
    assert attention == [
        ("Jobklub", "Forsinket", "Ny medarbejder først ansat i juni."),
        ("Fædreprojekt", "Ikke igangsat", ""),
    ]


def test_budget_by_kategori_for_the_status_year(inputs: Path, sheets: Sheets) -> None:
    budget = figures_of(inputs, sheets).budget
    assert [(c.label, c.budget, c.regnskab) for c in budget.categories] == [
        ("Personale", 600_000, 605_000),
        ("Aktiviteter", 200_000, 120_000),
        ("Revision", 20_000, 22_500),
    ]
    assert (budget.total.budget, budget.total.regnskab) == (820_000, 747_500)
    assert budget.total.forbrug == Fraction(747_500, 820_000)
    assert budget.categories[0].forbrug == Fraction(605, 600)
    assert budget.closed


def test_a_year_without_regnskab_is_not_closed(inputs: Path, sheets: Sheets) -> None:
    for row in sheets["Stamdata"]:
        if row[0] == "Statusår":
            row[1] = 2019
    budget = figures_of(inputs, sheets).budget
    assert not budget.closed
    assert budget.total.regnskab is None and budget.total.forbrug is None


def test_empty_regnskab_in_a_closed_year_counts_as_zero(inputs: Path, sheets: Sheets) -> None:
    sheets["Budget"][3][6] = None  # Revision, Budget 2018 → empty budget counts as 0
    sheets["Budget"][3][7] = None  # Revision, Regnskab 2018
    budget = figures_of(inputs, sheets).budget
    assert [(c.label, c.budget, c.regnskab) for c in budget.categories][-1] == ("Revision", 0, 0)


def test_lokal_medfinansiering_share_and_unpaid(inputs: Path, sheets: Sheets) -> None:
    financing = figures_of(inputs, sheets).financing
    assert financing.total_tilsagn == 820_000
    assert financing.local_tilsagn == 205_000
    assert financing.local_share == Fraction(1, 4)
    assert not financing.below_floor  # exactly 25 % meets LBF's floor
    assert [(s.kilde, s.tilsagn, s.indbetalt, s.unpaid) for s in financing.cofinancing] == [
        ("Kommunen", 150_000, 100_000, 50_000),
        ("Boligorganisationerne", 55_000, 0, 55_000),  # empty Indbetalt counts as 0
    ]
    assert financing.total_unpaid == 105_000


@pytest.mark.parametrize(("kommune_tilsagn", "below"), [(150_000, False), (149_999, True)])
def test_share_below_the_floor_is_flagged(inputs: Path, sheets: Sheets, kommune_tilsagn: int, below: bool) -> None:
    sheets["Finansiering"][1][5] = 615_000 + (150_000 - kommune_tilsagn) * 3  # keep LBF large
    sheets["Finansiering"][2][5] = kommune_tilsagn
    assert figures_of(inputs, sheets).financing.below_floor is below
