"""The figures of the factory plan, checked against values computed by hand.

The factory plan (tests/factory.py), status year 2018, period 2016-2019:
- Tryghed og trivsel: Nattevandring (Igangsat) with 8/10 = 80 % and 25/20 = 125 %.
- Kriminalpræventiv indsats: Gadeplan (Udgået), Måltal 0: not computable.
- Uddannelse og beskæftigelse: Jobklub (Forsinket), 3/12 = 25 %.
- Forebyggelse og forældreansvar: Fædreprojekt (Ikke igangsat), no Resultat.
- Budget 820.000 every year; regnskab 760.000 (2016), 810.000 (2017), 747.500 (2018), none (2019).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assembler.contract.model import Succeskriterie
from assembler.contract.vocabulary import load_vocabulary
from assembler.figures.compute import Figures, compute_figures
from assembler.figures.progress import attainment
from assembler.pipeline import load_plan
from assembler.read.sources import discover_plans
from tests.factory import Sheets, set_value, write_workbook

BANDS = ("Opfyldt", "Delvist opfyldt", "Ikke opfyldt", "Kan ikke opgøres")


def figures_of(inputs: Path, sheets: Sheets) -> Figures:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    plan, _ = load_plan(discover_plans(inputs)[0])
    return compute_figures(plan, load_vocabulary())


def test_activities_by_status_per_indsatsomraade_in_frame_order(inputs: Path, sheets: Sheets) -> None:
    progress = figures_of(inputs, sheets).progress
    assert [a.name for a in progress.areas] == [
        "Tryghed og trivsel",
        "Kriminalpræventiv indsats",
        "Uddannelse og beskæftigelse",
        "Forebyggelse og forældreansvar",
    ]
    tryghed = progress.areas[0]
    assert len(tryghed.activities) == 1  # Nattevandring has two succeskriterier but is one activity
    assert dict(tryghed.status_counts) == {
        "Ikke igangsat": 0,
        "Igangsat": 1,
        "Forsinket": 0,
        "Gennemført": 0,
        "Udgået": 0,
    }
    assert dict(progress.status_counts) == {
        "Ikke igangsat": 1,
        "Igangsat": 1,
        "Forsinket": 1,
        "Gennemført": 0,
        "Udgået": 1,
    }
    assert (progress.activity_count, progress.succeskriterie_count) == (4, 5)


def test_maalopfyldelse_and_bands(inputs: Path, sheets: Sheets) -> None:
    progress = figures_of(inputs, sheets).progress
    by_area = {a.name: [(x.item.succeskriterie, x.ratio, x.band) for x in a.attainments] for a in progress.areas}
    assert by_area == {
        "Tryghed og trivsel": [
            ("Antal vandringer", Fraction(8, 10), "Delvist opfyldt"),
            ("Antal deltagere", Fraction(25, 20), "Opfyldt"),
        ],
        "Kriminalpræventiv indsats": [("Antal kontakter", None, "Kan ikke opgøres")],  # Måltal 0
        "Uddannelse og beskæftigelse": [("Antal i job", Fraction(3, 12), "Ikke opfyldt")],
        "Forebyggelse og forældreansvar": [("Antal fædre", None, "Kan ikke opgøres")],  # no Resultat
    }
    assert dict(progress.band_counts) == dict(zip(BANDS, (1, 1, 1, 2), strict=True))
    assert dict(progress.areas[0].band_counts) == dict(zip(BANDS, (1, 1, 0, 0), strict=True))


@pytest.mark.parametrize(
    ("resultat", "band"),
    [(10, "Opfyldt"), (9.99, "Delvist opfyldt"), (5, "Delvist opfyldt"), (4.99, "Ikke opfyldt"), (0, "Ikke opfyldt")],
)
def test_band_boundaries(inputs: Path, sheets: Sheets, resultat: float, band: str) -> None:
    sheets["Fremdrift"][1][5] = resultat  # Måltal 10
    assert figures_of(inputs, sheets).progress.areas[0].attainments[0].band == band


def test_delaftaler_keep_workbook_order(inputs: Path, sheets: Sheets) -> None:
    sheets["Fremdrift"].insert(2, ["Tryghed og trivsel", "Delaftale Z", "Café", "Antal gæster", 5, 5, "Igangsat", None])
    tryghed = figures_of(inputs, sheets).progress.areas[0]
    assert [(d.name, [a.item.succeskriterie for a in d.attainments]) for d in tryghed.delaftaler] == [
        ("Delaftale A", ["Antal vandringer", "Antal deltagere"]),
        ("Delaftale Z", ["Antal gæster"]),
    ]


def test_attention_lists_statuses_and_low_attainment(inputs: Path, sheets: Sheets) -> None:
    sheets["Fremdrift"][1][5] = 4  # Nattevandring, 4/10 = 40 %: below 50 % in an activity that is going
    attention = figures_of(inputs, sheets).progress.attention
    assert [(a.indsatsomraade, a.aktivitet, a.succeskriterie, a.reason, a.kommentar) for a in attention] == [
        ("Tryghed og trivsel", "Nattevandring", "Antal vandringer", "Ikke opfyldt", ""),
        ("Kriminalpræventiv indsats", "Gadeplan", "", "Udgået", ""),
        ("Uddannelse og beskæftigelse", "Jobklub", "", "Forsinket", "Ny medarbejder først ansat i juni."),
        ("Forebyggelse og forældreansvar", "Fædreprojekt", "", "Ikke igangsat", ""),
    ]


def test_budget_by_kategori_and_post_for_the_status_year(inputs: Path, sheets: Sheets) -> None:
    year = figures_of(inputs, sheets).economy.status_year
    assert [(c.label, c.budget, c.regnskab) for c in year.categories] == [
        ("Personale", 600_000, 605_000),
        ("Aktiviteter", 200_000, 120_000),
        ("Revision", 20_000, 22_500),
    ]
    assert (year.total.budget, year.total.regnskab) == (820_000, 747_500)
    assert year.total.forbrug == Fraction(747_500, 820_000)
    assert year.total.afvigelse == -72_500 and year.total.uforbrugt == 72_500
    assert [(p.label, p.afvigelse) for p in year.posts if p.over_budget] == [
        ("Projektchef", 5_000),
        ("Revision", 2_500),
    ]
    assert [c.label for c in year.categories if c.over_budget] == ["Personale", "Revision"]


def test_every_year_of_the_period(inputs: Path, sheets: Sheets) -> None:
    economy = figures_of(inputs, sheets).economy
    assert [(y.year, y.total.budget, y.total.regnskab, y.closed) for y in economy.years] == [
        (2016, 820_000, 760_000, True),
        (2017, 820_000, 810_000, True),
        (2018, 820_000, 747_500, True),
        (2019, 820_000, None, False),
    ]
    total = economy.closed_years_total
    assert (total.budget, total.regnskab, total.afvigelse) == (2_460_000, 2_317_500, -142_500)
    assert economy.period_budget == 3_280_000
    assert economy.accounts_deadline == date(2019, 6, 30)


def test_a_year_without_regnskab_is_not_closed(inputs: Path, sheets: Sheets) -> None:
    set_value(sheets, "Stamdata", "Statusår", 2019)
    year = figures_of(inputs, sheets).economy.status_year
    assert not year.closed
    assert year.total.regnskab is None and year.total.forbrug is None and year.total.afvigelse is None


def test_empty_regnskab_in_a_closed_year_counts_as_zero(inputs: Path, sheets: Sheets) -> None:
    sheets["Budget"][3][6] = None  # Revision, Budget 2018 → empty budget counts as 0
    sheets["Budget"][3][7] = None  # Revision, Regnskab 2018
    year = figures_of(inputs, sheets).economy.status_year
    assert [(c.label, c.budget, c.regnskab) for c in year.categories][-1] == ("Revision", 0, 0)


def test_lokal_medfinansiering_share_and_unpaid(inputs: Path, sheets: Sheets) -> None:
    financing = figures_of(inputs, sheets).economy.financing
    assert (financing.total_tilsagn, financing.local_tilsagn) == (820_000, 205_000)
    assert financing.local_share == Fraction(1, 4)
    assert not financing.below_floor  # exactly 25 % meets LBF's floor
    assert [(s.kilde, s.tilsagn, s.indbetalt, s.unpaid) for s in financing.cofinancing] == [
        ("Kommunen", 150_000, 100_000, 50_000),
        ("Boligorganisationerne", 55_000, 0, 55_000),  # empty Indbetalt counts as 0
    ]
    assert financing.total_unpaid == 105_000


def test_financing_for_every_year(inputs: Path, sheets: Sheets) -> None:
    years = figures_of(inputs, sheets).economy.financing_years
    assert [(f.year, f.total_indbetalt, f.total_unpaid, f.total_unpaid_all) for f in years] == [
        (2016, 820_000, 0, 0),
        (2017, 820_000, 0, 0),
        (2018, 715_000, 105_000, 105_000),
        (2019, 0, 0, 0),  # after the statusår: tilsagn, but nothing in arrears yet
    ]


@pytest.mark.parametrize(("kommune_tilsagn", "below"), [(150_000, False), (149_999, True)])
def test_share_below_the_floor_is_flagged(inputs: Path, sheets: Sheets, kommune_tilsagn: int, below: bool) -> None:
    sheets["Finansiering"][1][5] = 615_000 + (150_000 - kommune_tilsagn) * 3  # keep LBF's tilsagn large
    sheets["Finansiering"][2][5] = kommune_tilsagn
    assert figures_of(inputs, sheets).economy.financing.below_floor is below


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9),
)
def test_attainment_is_resultat_over_maaltal_exactly(resultat: Decimal, maaltal: Decimal) -> None:
    item = Succeskriterie("Område", "Delaftale", "Aktivitet", "Kriterie", maaltal, {2018: resultat}, {}, "I gang")
    found = attainment(item, 2018, load_vocabulary().bands)
    assert found.ratio == (None if maaltal == 0 else Fraction(resultat) / Fraction(maaltal))
