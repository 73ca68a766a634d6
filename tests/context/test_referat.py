"""The referat of the ét-årseftersyn with LBF: seed 000's structure, participants, key figures.

The factory's plan is made a plan in its first year, whose meeting with LBF is the ét-årseftersyn;
the later meetings and their texts are tested in test_years.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document

from assembler.contract import declaration as c
from tests.docxdump import body_lines, headings
from tests.factory import UNPAID_2018, Sheets, header_row, in_first_year, plan_sheets, set_value, write_workbook
from tests.reports import plan_of, report_name, report_names, report_spec

CLI = Callable[..., Result]
SEED = Path(__file__).parents[1] / "data" / "seeds" / "000_ef3ced6fc214c562.txt"
AGENDA = [
    "1. Opfølgning på indsatsens organisering, herunder evt. Opmærksomhedspunkter vedrørende bestyrelsen, "
    "samspillet med evt. følgegrupper og samarbejdet mellem kommune og boligorganisationer.",
    "2. Opfølgning på fremdrift, det strategiske samarbejde og målopfyldelsen, herunder status og evt. "
    "opmærksomhedspunkter vedrørende den strategiske samarbejdsaftale og indsatserne.",
    "3. Opfølgning på økonomi",
    "4. Vurdering af behov for evt. yderligere opfølgning.",
]


@pytest.fixture
def sheets() -> Sheets:
    """The factory's plan in its first year (2018-2019)."""
    return in_first_year(plan_sheets())


@pytest.fixture
def with_referat(sheets: Sheets) -> Sheets:
    sheets["Stamdata"].append(["Mødedato for ét-årseftersyn", date(2018, 10, 9)])
    sheets["Deltagere"] = [
        header_row(c.DELTAGERE),
        ["Ole Bak", "Konsulent", "Landsbyggefonden", "Nej", 2018],
        ["Anne Mørk", "Direktør", "Boligforeningen Solbakken", None, 2018],
        ["Jonas Riis", "Sekretariatsleder for helhedsplanen", None, "Ja", 2018],
    ]
    sheets["Referat"] = [
        header_row(c.REFERAT),
        ["1", "Organiseringen virker godt.", 2018],
        ["2. Opfølgning på fremdrift", "Fædreprojektet er ikke startet.\nDelaftalen revideres.", 2018],
        ["1", "LBF anbefaler administrative repræsentanter.", 2018],
        ["3", "Kommunen indbetaler resten i 2019.", 2018],
        ["4", None, 2018],
    ]
    return sheets


def build(cli: CLI, inputs: Path, out: Path, sheets: Sheets, *options: str) -> Result:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    return cli("build", inputs, "--out", out, *options)


def test_agenda_headings_are_the_seeds_in_order() -> None:
    seed = " ".join(SEED.read_text("utf-8").split())
    positions = [seed.find(heading) for heading in AGENDA]
    assert -1 not in positions and positions == sorted(positions)


def test_referat_follows_the_seed(cli: CLI, inputs: Path, out: Path, with_referat: Sheets) -> None:
    result = build(cli, inputs, out, with_referat, "--report", "referat")
    assert result.exit_code == 0, result.output
    report = out / "solbakken" / report_name("referat", plan_of(with_referat))
    assert headings(report) == [
        ("Title", "Referat af ét-årseftersyn med\u00a0LBF\u00a0d.\u00a09.10.2018"),
        ("Heading 1", "Deltagere:"),
        *(("Heading 1", heading) for heading in AGENDA[:3]),
        ("Heading 2", "Nøgletal forberedt til mødet"),
        ("Heading 1", AGENDA[3]),
    ]
    lines = body_lines(Document(str(report)))
    assert lines[1:6] == [
        "[Subtitle] Helhedsplan Solbakken, Nordby Kommune",
        "[Heading 1] Deltagere:",
        "[Normal] Ole Bak (Konsulent, Landsbyggefonden)",
        "[Normal] Anne Mørk (Direktør, Boligforeningen Solbakken)",
        "[Normal] Jonas Riis (Sekretariatsleder for helhedsplanen), referent",
    ]
    point_1 = lines.index(f"[Heading 1] {AGENDA[0]}")
    assert lines[point_1 + 1 : point_1 + 3] == [
        "[Normal] Organiseringen virker godt.",
        "[Normal] LBF anbefaler administrative repræsentanter.",
    ]
    point_2 = lines.index(f"[Heading 1] {AGENDA[1]}")
    assert lines[point_2 + 1 : point_2 + 3] == [
        "[Normal] Fædreprojektet er ikke startet.",
        "[Normal] Delaftalen revideres.",
    ]
    assert lines[-2:] == [
        f"[Heading 1] {AGENDA[3]}",
        "[Normal] «[Skriv, om der er behov for yderligere opfølgning.]»",
    ]


def test_point_3_has_the_key_figures_for_the_meeting(cli: CLI, inputs: Path, out: Path, with_referat: Sheets) -> None:
    assert build(cli, inputs, out, with_referat, "--report", "referat").exit_code == 0
    lines = body_lines(Document(str(out / "solbakken" / report_name("referat", plan_of(with_referat)))))
    start = lines.index(f"[Heading 1] {AGENDA[2]}")
    assert lines[start + 1 : lines.index(f"[Heading 1] {AGENDA[3]}")] == [
        "[Normal] Kommunen indbetaler resten i 2019.",
        "[Heading 2] Nøgletal forberedt til mødet",
        "[Normal] I 2018 er der brugt 747.500 kr. af et budget på 820.000 kr. (91,2␣%), 72.500 kr. mindre end "
        "budgetteret. Posterne Projektchef (5.000 kr.) og Revision (2.500 kr.) er over budgettet.",
        "[Normal] Den lokale medfinansiering udgør 25,0␣% af tilsagnene for 2018 (205.000 kr. af 820.000 kr.); "
        "Landsbyggefonden kræver mindst 25␣%. Af den lovede lokale medfinansiering mangler 105.000 kr. at blive "
        "indbetalt.",
        "[Normal] Den lokale medfinansiering for 2018 fordelt på kilder:",
        *UNPAID_2018,
        "[Normal] Revisorpåtegnet regnskab for 2018 skal aflægges senest 30. juni 2019.",
    ]


def test_built_with_the_other_reports(cli: CLI, inputs: Path, out: Path, with_referat: Sheets) -> None:
    assert build(cli, inputs, out, with_referat).exit_code == 0
    assert sorted(p.name for p in (out / "solbakken").glob("*.docx")) == sorted(report_names(plan_of(with_referat)))


@pytest.mark.parametrize("referat_rows", [None, [header_row(c.REFERAT), ["1", None], ["2", None]]])
def test_no_referat_without_the_sheet_or_its_text(
    cli: CLI, inputs: Path, out: Path, with_referat: Sheets, referat_rows: list[list[object]] | None
) -> None:
    if referat_rows is None:
        del with_referat["Referat"]
    else:
        with_referat["Referat"] = referat_rows
    result = build(cli, inputs, out, with_referat)
    assert result.exit_code == 0
    assert not list((out / "solbakken").glob(f"{report_spec('referat').title}*"))
    assert result.stderr == ""


def test_asking_for_a_referat_the_plan_has_not_says_so(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    result = build(cli, inputs, out, sheets, "--report", "referat")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "solbakken.xlsx (advarsel): Referat af ét-årseftersyn er ikke bygget, fordi arket Referat mangler eller "
        "ikke har nogen tekst for 2018"
    ]


def test_referat_needs_the_meeting_date(cli: CLI, inputs: Path, out: Path, with_referat: Sheets) -> None:
    with_referat["Stamdata"].pop()
    result = build(cli, inputs, out, with_referat)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "solbakken.xlsx › Stamdata: feltet 'Mødedato for ét-årseftersyn' mangler; referatet skal have mødets dato. "
        "Tilføj en række med Felt 'Mødedato for ét-årseftersyn', eller skriv datoen i kolonnen Mødedato i arket "
        "Referat"
    ]
    assert not out.exists()


def test_a_stamdata_problem_does_not_also_claim_the_meeting_date_is_missing(
    cli: CLI, inputs: Path, out: Path, with_referat: Sheets
) -> None:
    set_value(with_referat, "Stamdata", "Helhedsplan", None)
    result = build(cli, inputs, out, with_referat)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["solbakken.xlsx › Stamdata!B2: cellen er tom; udfyld Helhedsplan"]


def test_unknown_agenda_point(cli: CLI, inputs: Path, out: Path, with_referat: Sheets) -> None:
    with_referat["Referat"][5] = ["5", "Eventuelt"]
    with_referat["Deltagere"][1][3] = "Måske"
    result = build(cli, inputs, out, with_referat)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "solbakken.xlsx › Deltagere!D2: forventede Ja eller Nej, fandt 'Måske'",
        "solbakken.xlsx › Referat!A6: ukendt punkt '5'. "
        "Skriv punktets nummer (Indledning, 1, 2, 3, 4) eller overskrift",
    ]
