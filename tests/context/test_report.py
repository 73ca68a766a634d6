"""The written etårsstatus: every heading, name, date and figure in place, in Danish form.

The factory's plan is made a plan in its first year (its period starts in the statusår), so its
status report is the etårsstatus the seed is; the later years' names are tested in test_statusreport.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document

from tests import docxdump
from tests.docxdump import body_lines, document_text, headings
from tests.factory import UNPAID_2018, Sheets, in_first_year, plan_sheets, set_value, write_workbook
from tests.reports import plan_in, report_name

CLI = Callable[..., Result]
SEED_DIR = Path(__file__).parents[1] / "data" / "seeds"


@pytest.fixture
def sheets() -> Sheets:
    """The factory's plan in its first year (2018-2019)."""
    return in_first_year(plan_sheets())


def build(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> Path:
    path = write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("build", inputs, "--out", out)
    assert result.exit_code == 0, result.output
    return out / "solbakken" / report_name("etaarsstatus", plan_in(path))


def seed_headings(year: str) -> list[str]:
    """The seed etårsstatus's headings, in order, checked against the seed's own text."""
    expected = [
        "Organisering",
        "Deltagende bestyrelsesmedlemmer til etårsstatus:",
        f"Datoer for afholdte møder {year}:",
        "Ændringer ift. bestyrelse:",
        "Indtrådt i bestyrelsen",
        "Trådt ud af bestyrelsen:",
        "1. Opmærksomhedspunkter vedr. daglig ledelse og bemanning i den boligsociale indsats.",
        "2. Opmærksomhedspunkter vedr. bestyrelsens samspil med evt. styre-/følgegrupper",
        "3. Opmærksomhedspunkter vedr. det daglige samarbejde mellem den boligsociale indsats og "
        "boligorganisationen/boligorganisationerne.",
        "4. Opmærksomhedspunkter vedr. det daglige samarbejde mellem den boligsociale indsats og kommunen.",
        "Opfølgning på det strategiske samarbejde og målopfyldelse",
        "1. (Status og) opmærksomhedspunkter vedr. den strategiske samarbejdsaftale samt målopfyldelse "
        "under indsatsområderne",
        "2. Opmærksomhedspunkter vedr. budgettet",
        "3 a. Opmærksomhedspunkter vedr. samspillet mellem den boligsociale indsats og øvrige tiltag og "
        "områdebaserede indsatser.",
        "Opfølgning på fremdrift og målopfyldelse i indsatser og aktiviteter",
    ]
    seed = " ".join((SEED_DIR / "001_06fe8efd1091dd92.txt").read_text("utf-8").split())
    position = 0
    for heading in expected:
        found = seed.find(heading.replace(year, "2019"), position)
        assert found >= 0, f"not in the seed, in this order: {heading}"
        position = found + 1
    return expected


def test_headings_follow_the_seed_in_order_and_wording(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    report = build(cli, inputs, out, sheets)
    found = headings(report)
    assert found[0] == ("Title", "Etårsstatus 2018")
    seed_level = [text for style, text in found if style in ("Heading 1", "Heading 2")]
    level_3 = ("Indtrådt i bestyrelsen", "Trådt ud af bestyrelsen:")
    expected = [h for h in seed_headings("2018") if h not in level_3]
    # 3 b appears, after 3 a, only because the plan has text for it.
    expected.insert(-1, "3 b. Øvrige opmærksomhedspunkter vedr. det strategiske samarbejde.")
    assert seed_level == expected
    in_order = [text for _, text in found]
    positions = [in_order.index(h) for h in seed_headings("2018")]
    assert positions == sorted(positions)


def test_point_3b_is_left_out_without_text(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    sheets["Opmærksomhedspunkter"][8][1] = None
    texts = [t for _, t in headings(build(cli, inputs, out, sheets))]
    assert not any(t.startswith("3 b.") for t in texts)


def test_title_subtitle_and_front_matter(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    assert lines[:6] == [
        "[Title] Etårsstatus 2018",
        "[Subtitle] Helhedsplan Solbakken, Nordby Kommune",
        "[Normal] Boligområder: Solbakken",
        "[Normal] Boligorganisationer: Boligforeningen Solbakken",
        "[Normal] Bevillingsramme: 2015-18-midlerne, periode 2018-2019",
        "[Normal] Statusdato: 9. december 2018",
    ]


def test_organisering_names_dates_and_changes(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    start = lines.index("[Heading 2] Deltagende bestyrelsesmedlemmer til etårsstatus:")
    end = lines.index(
        "[Heading 2] 1. Opmærksomhedspunkter vedr. daglig ledelse og bemanning i den boligsociale indsats."
    )
    assert lines[start:end] == [
        "[Heading 2] Deltagende bestyrelsesmedlemmer til etårsstatus:",
        "[table: Light List Accent 1]",
        "| Navn | Titel | Organisation |",
        "| Anne Mørk | Direktør | Boligforeningen Solbakken |",
        "| Per Dahl | Centerchef | Nordby Kommune |",
        "[Heading 2] Datoer for afholdte møder 2018:",
        "[List Bullet] 8. marts 2018 – Bestyrelsesmøde",
        "[List Bullet] 12. juni 2018 – Bestyrelsesmøde",
        "[List Bullet] 9. december 2018",
        "[Heading 2] Ændringer ift. bestyrelse:",
        "[Heading 3] Indtrådt i bestyrelsen",
        "[List Bullet] Per Dahl, centerchef, Nordby Kommune, er indtrådt i bestyrelsen 1. maj 2018, "
        "i stedet for Ole Sand.",
        "[Heading 3] Trådt ud af bestyrelsen:",
        "[List Bullet] Ole Sand, centerchef, Nordby Kommune, er trådt ud af bestyrelsen 30. april 2018, "
        "grundet jobskifte.",
        "[Normal] Mødeindkaldelser og referater er ikke blevet udsendt rettidigt.",
    ]


@pytest.mark.parametrize(
    ("value", "sentence"),
    [
        ("Ja", "Mødeindkaldelser og referater er blevet udsendt rettidigt."),
        (None, "«[Skriv, om mødeindkaldelser og referater er blevet udsendt rettidigt.]»"),
    ],
)
def test_moedeindkaldelser_sentence(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets, value: str | None, sentence: str
) -> None:
    set_value(sheets, "Stamdata", "Mødeindkaldelser og referater udsendt rettidigt", value)
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    assert f"[Normal] {sentence}" in lines


def test_points_without_text_get_a_highlighted_placeholder(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    point_1 = lines.index(
        "[Heading 2] 1. Opmærksomhedspunkter vedr. daglig ledelse og bemanning i den boligsociale indsats."
    )
    assert lines[point_1 + 1] == "[Normal] Der blev ansat en ny projektchef."
    point_2 = lines.index("[Heading 2] 2. Opmærksomhedspunkter vedr. bestyrelsens samspil med evt. styre-/følgegrupper")
    assert lines[point_2 + 1] == (
        "[Normal] «[Skriv opmærksomhedspunkter vedr. bestyrelsens samspil med styre- og følgegrupper.]»"
    )
    placeholders = [line for line in lines if "«[Skriv" in line]
    assert len(placeholders) == 6  # points 2, 3, 4, S2, 3 a and the Fædreprojekt's missing comment


def test_strategic_point_1_is_an_overview_per_indsatsomraade(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    start = lines.index("| Indsatsområde | Aktiviteter | Aktiviteternes status | Succeskriterier |")
    assert lines[start - 2 : start + 12] == [
        "[Normal] Status pr. indsatsområde; de enkelte aktiviteter og succeskriterier står i den medsendte "
        "fremdriftsrapport.",
        "[table: Light List Accent 1]",
        "| Indsatsområde | Aktiviteter | Aktiviteternes status | Succeskriterier |",
        "| Tryghed og trivsel | 1 | 1 igangsat | 1 opfyldt og 1 delvist opfyldt |",
        "| Kriminalpræventiv indsats | 1 | 1 udgået | 1 kan ikke opgøres |",
        "| Uddannelse og beskæftigelse | 1 | 1 forsinket | 1 ikke opfyldt |",
        "| Forebyggelse og forældreansvar | 1 | 1 ikke igangsat | 1 kan ikke opgøres |",
        "| I alt | 4 | 1 ikke igangsat, 1 igangsat, 1 forsinket og 1 udgået | "
        "1 opfyldt, 1 delvist opfyldt, 1 ikke opfyldt og 2 kan ikke opgøres |",
        "[Normal] Aktiviteter, der ikke er igangsat eller er forsinket:",
        "[List Bullet] Jobklub (Uddannelse og beskæftigelse, forsinket): Ny medarbejder først ansat i juni.",
        "[List Bullet] Fædreprojekt (Forebyggelse og forældreansvar, ikke igangsat):",
        "[List Continue] «[Skriv begrundelse i kolonnen Kommentar i arket Fremdrift, eller skriv den her]»",
        "[Normal] Projekterne nåede i store træk deres mål.",
        "[Normal] Fædreprojektet er ikke startet.",
    ]


def test_strategic_point_1_opens_with_a_drafted_paragraph(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    start = lines.index(
        "[Heading 2] 1. (Status og) opmærksomhedspunkter vedr. den strategiske samarbejdsaftale samt målopfyldelse "
        "under indsatsområderne"
    )
    assert lines[start + 1] == (
        "[Normal] I 2018 omfatter helhedsplanen 4 aktiviteter: 1 ikke igangsat, 1 igangsat, 1 forsinket og 1 udgået. "
        "Af de 5 succeskriterier kan 3 opgøres: 1 er opfyldt, 1 er delvist opfyldt og 1 er ikke opfyldt."
    )


def test_strategic_point_2_budget_and_cofinancing(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    start = lines.index("[Heading 2] 2. Opmærksomhedspunkter vedr. budgettet")
    assert lines[start : start + 19] == [
        "[Heading 2] 2. Opmærksomhedspunkter vedr. budgettet",
        "[Normal] I 2018 er der brugt 747.500 kr. af et budget på 820.000 kr. (91,2␣%), 72.500 kr. mindre end "
        "budgetteret. Posterne Projektchef (5.000 kr.) og Revision (2.500 kr.) er over budgettet.",
        "[Normal] Budget og regnskab for 2018 fordelt på kategorier:",
        "[table: Light List Accent 1]",
        "| Kategori | Budget (kr.) | Regnskab (kr.) | Forbrug |",
        "| Personale | 600.000 | 605.000 | 100,8␣% |",
        "| Aktiviteter | 200.000 | 120.000 | 60,0␣% |",
        "| Revision | 20.000 | 22.500 | 112,5␣% |",
        "| I alt | 820.000 | 747.500 | 91,2␣% |",
        "[Normal] Den lokale medfinansiering udgør 25,0␣% af tilsagnene for 2018 (205.000 kr. af 820.000 kr.); "
        "Landsbyggefonden kræver mindst 25␣%. Af den lovede lokale medfinansiering mangler 105.000 kr. at blive "
        "indbetalt.",
        "[Normal] Den lokale medfinansiering for 2018 fordelt på kilder:",
        *UNPAID_2018,
        "[Normal] «[Skriv opmærksomhedspunkter vedr. budgettet.]»",
        "[Heading 2] 3 a. Opmærksomhedspunkter vedr. samspillet mellem den boligsociale indsats og øvrige "
        "tiltag og områdebaserede indsatser.",
        "[Normal] «[Skriv opmærksomhedspunkter vedr. samspillet med øvrige tiltag og områdebaserede indsatser.]»",
    ]


def test_cofinancing_below_the_floor_is_said(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    sheets["Finansiering"][2][5] = 100_000  # Kommunen's tilsagn 2018: 155.000 of 770.000 = 20,1 %
    text = document_text(build(cli, inputs, out, sheets))
    assert (
        "Den lokale medfinansiering udgør 20,1␣% af tilsagnene for 2018 (155.000 kr. af 770.000 kr.), hvilket er "
        "under Landsbyggefondens krav på mindst 25␣%." in text
    )


def test_open_year_shows_budget_only(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    set_value(sheets, "Stamdata", "Statusår", 2019)
    path = write_workbook(inputs / "solbakken.xlsx", sheets)
    assert cli("build", inputs, "--out", out).exit_code == 0
    lines = body_lines(Document(str(out / "solbakken" / report_name("etaarsstatus", plan_in(path)))))
    assert "| I alt | 820.000 | – | – |" in lines
    assert "[Normal] Der er endnu ikke regnskab for 2019; budgettet er 820.000 kr." in lines


def test_strategic_text_is_split_into_paragraphs(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    assert "[Normal] Projekterne nåede i store træk deres mål." in lines
    assert "[Normal] Fædreprojektet er ikke startet." in lines


def test_cell_text_is_data_never_template_code(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    tricky = "{{ 7*7 }} {% if True %}x{% endif %} Jensen & Søn <b>fed</b> \"citat\" 'enkelt' </w:t>"
    sheets["Opmærksomhedspunkter"][1][1] = tricky
    sheets["Bestyrelse"][1][0] = "R&D <Anne>"
    text = document_text(build(cli, inputs, out, sheets))
    assert tricky in text
    assert "| R&D <Anne> | Direktør |" in text.replace("\n", " ") or "R&D <Anne>" in text
    assert "49" not in text


def test_no_none_nan_true_or_iso_dates_anywhere(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    report = build(cli, inputs, out, sheets)
    with zipfile.ZipFile(report) as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
    text = " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    for bad in (r"\bNone\b", r"\bnan\b", r"\bTrue\b", r"\bFalse\b", r"\{\{", r"\{%"):
        assert not re.search(bad, text), bad
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)


def test_real_editable_word_document(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    report = build(cli, inputs, out, sheets)
    document = Document(str(report))
    props = document.core_properties
    assert props.title == "Etårsstatus 2018 – Helhedsplan Solbakken"
    assert props.author == "Jonas Riis"
    assert props.language == "da-DK"
    assert {t.style.name for t in docxdump.tables(document)} == {"Light List Accent 1"}
    styles = document.styles.element.xml
    assert 'w:lang w:val="da-DK"' in styles
    footer = document.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert "Helhedsplan Solbakken · Etårsstatus 2018" in footer
    assert round(document.sections[0].page_width.cm, 1) == 21.0  # A4


def test_author_falls_back_to_the_secretariat(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    set_value(sheets, "Stamdata", "Projektleder", None)
    props = Document(str(build(cli, inputs, out, sheets))).core_properties
    assert props.author == "Sekretariatet for Helhedsplan Solbakken"


def test_ampersand_in_plan_name_is_kept_in_properties(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    set_value(sheets, "Stamdata", "Helhedsplan", "Nord & Syd")
    document = Document(str(build(cli, inputs, out, sheets)))
    assert document.core_properties.title == "Etårsstatus 2018 – Nord & Syd"
    assert docxdump.paragraphs(document)[1].text == "Nord & Syd, Nordby Kommune"
