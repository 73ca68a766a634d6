"""The fremdriftsrapport: summary, charts with their data, every succeskriterie, attention list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from docx import Document
from docx.oxml.ns import qn

from tests import docxdump
from tests.docxdump import body_lines, charts, headings, workbook_values
from tests.factory import Sheets, write_workbook
from tests.reports import plan_in, report_name

CLI = Callable[..., Result]
# A reason the Kommentar column does not give: a placeholder (« ») in a paragraph of its own under its bullet.
WRITE_REASON = "[List Continue] «[Skriv begrundelse i kolonnen Kommentar i arket Fremdrift, eller skriv den her]»"


def build(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> Path:
    path = write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("build", inputs, "--out", out, "--report", "fremdrift")
    assert result.exit_code == 0, result.output
    return out / "solbakken" / report_name("fremdrift", plan_in(path))


def test_headings_one_section_per_indsatsomraade_and_delaftale(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    assert headings(build(cli, inputs, out, sheets)) == [
        ("Title", "Fremdriftsrapport 2018"),
        ("Heading 1", "Sammenfatning"),
        ("Heading 2", "Aktiviteter fordelt på status"),
        ("Heading 2", "Målopfyldelse"),
        ("Heading 1", "Tryghed og trivsel"),
        ("Heading 2", "Delaftale A"),
        ("Heading 1", "Kriminalpræventiv indsats"),
        ("Heading 2", "Delaftale D"),
        ("Heading 1", "Uddannelse og beskæftigelse"),
        ("Heading 2", "Delaftale B"),
        ("Heading 1", "Forebyggelse og forældreansvar"),
        ("Heading 2", "Delaftale C"),
        ("Heading 1", "Opmærksomhedspunkter"),
    ]


def test_front_matter_and_drafted_summary(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    assert lines[:8] == [
        "[Title] Fremdriftsrapport 2018",
        "[Subtitle] Helhedsplan Solbakken, Nordby Kommune",
        "[Normal] Boligområder: Solbakken",
        "[Normal] Boligorganisationer: Boligforeningen Solbakken",
        "[Normal] Bevillingsramme: 2015-18-midlerne, periode 2016-2019",
        "[Normal] Statusdato: 9. december 2018",
        "[Heading 1] Sammenfatning",
        "[Normal] I 2018 omfatter helhedsplanen 4 aktiviteter: 1 ikke igangsat, 1 igangsat, 1 forsinket og 1 udgået. "
        "Af de 5 succeskriterier kan 3 opgøres: 1 er opfyldt, 1 er delvist opfyldt og 1 er ikke opfyldt.",
    ]


def test_summary_tables_match_the_charts(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    report = build(cli, inputs, out, sheets)
    lines = body_lines(Document(str(report)))
    status_table = lines[
        lines.index("| Status | Antal aktiviteter |") + 1 : lines.index("| Status | Antal aktiviteter |") + 7
    ]
    assert status_table == [
        "| Ikke igangsat | 1 |",
        "| Igangsat | 1 |",
        "| Forsinket | 1 |",
        "| Gennemført | 0 |",
        "| Udgået | 1 |",
        "| I alt | 4 |",
    ]
    band_header = lines.index("| Indsatsområde | Opfyldt | Delvist opfyldt | Ikke opfyldt | Kan ikke opgøres |")
    band_table = lines[band_header + 1 : band_header + 6]
    assert band_table == [
        "| Tryghed og trivsel | 1 | 1 | 0 | 0 |",
        "| Kriminalpræventiv indsats | 0 | 0 | 0 | 1 |",
        "| Uddannelse og beskæftigelse | 0 | 0 | 1 | 0 |",
        "| Forebyggelse og forældreansvar | 0 | 0 | 0 | 1 |",
        "| I alt | 1 | 1 | 1 | 2 |",
    ]
    status_chart, band_chart = charts(report)
    assert status_chart.title == "Aktiviteter fordelt på status"
    assert status_chart.categories == [row.split(" | ")[0][2:] for row in status_table[:-1]]
    assert status_chart.series == {"Aktiviteter": [float(row.split(" | ")[1][:-2]) for row in status_table[:-1]]}
    assert band_chart.title == "Målopfyldelse pr. indsatsområde"
    assert band_chart.categories == [row.split(" | ")[0][2:] for row in band_table[:-1]]
    for index, band in enumerate(("Opfyldt", "Delvist opfyldt", "Ikke opfyldt", "Kan ikke opgøres"), start=1):
        assert band_chart.series[band] == [float(row.strip("| ").split(" | ")[index]) for row in band_table[:-1]]
    assert workbook_values(band_chart)[1] == ["Tryghed og trivsel", 1, 1, 0, 0]


def test_each_delaftale_lists_its_succeskriterier_with_shaded_status(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    report = build(cli, inputs, out, sheets)
    lines = body_lines(Document(str(report)))
    start = lines.index("[Heading 2] Delaftale A")
    assert lines[start : start + 5] == [
        "[Heading 2] Delaftale A",
        "[table: Light List Accent 1]",
        "| Aktivitet | Succeskriterie | Måltal | Resultat | Mål-opfyldelse | Status | Kommentar |",
        "| Nattevandring | Antal vandringer | 10 | 8 | 80,0␣% | Igangsat |  |",
        "| Nattevandring | Antal deltagere | 20 | 25 | 125,0␣% | Igangsat |  |",
    ]
    assert "| Gadeplan | Antal kontakter | 0 | 5 | – | Udgået |  |" in lines
    assert "| Fædreprojekt | Antal fædre | 15 | – | – | Ikke igangsat |  |" in lines
    fills = {}
    for table in docxdump.tables(Document(str(report))):
        for row in table.rows[1:]:
            status = row.cells[-2] if len(row.cells) == 7 else None
            if status is not None:
                shading = status._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
                fills[status.text] = shading.get(qn("w:fill"))
    assert fills == {"Igangsat": "D8EFD0", "Udgået": "D9D9D9", "Forsinket": "FFE699", "Ikke igangsat": "F4B6B6"}


def test_attention_list_with_placeholders_for_missing_comments(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    sheets["Fremdrift"][1][5] = 4  # 40 %: a succeskriterie below 50 % in an activity that is going
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    start = lines.index("[Heading 1] Opmærksomhedspunkter")
    assert lines[start + 2 :] == [
        "[List Bullet] Tryghed og trivsel – Nattevandring, Antal vandringer (ikke opfyldt):",
        WRITE_REASON,
        "[List Bullet] Kriminalpræventiv indsats – Gadeplan (udgået):",
        WRITE_REASON,
        "[List Bullet] Uddannelse og beskæftigelse – Jobklub (forsinket): Ny medarbejder først ansat i juni.",
        "[List Bullet] Forebyggelse og forældreansvar – Fædreprojekt (ikke igangsat):",
        WRITE_REASON,
    ]


def test_nothing_to_explain(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    sheets["Fremdrift"] = sheets["Fremdrift"][:3]  # only Nattevandring, 80 % and 125 %
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    assert lines[-1] == "[Normal] Ingen aktiviteter eller succeskriterier kræver særlig opmærksomhed i 2018."
