"""The økonomioversigt: the status year in front, every year of the period, financing, deadline.

Hand computations for the factory plan (budget 820.000 every year):
2016: 760.000 / 820.000 = 92,68 % → 92,7 %; 2017: 810.000 / 820.000 = 98,78 % → 98,8 %;
2018: 747.500 / 820.000 = 91,16 % → 91,2 %; closed years: 2.317.500 / 2.460.000 = 94,21 % → 94,2 %.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from docx import Document
from docx.oxml.ns import qn

from tests import docxdump
from tests.docxdump import body_lines, charts, headings
from tests.factory import UNPAID_2018, Sheets, write_workbook
from tests.reports import plan_in, report_name

CLI = Callable[..., Result]


def build(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> Path:
    path = write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("build", inputs, "--out", out, "--report", "oekonomi")
    assert result.exit_code == 0, result.output
    return out / "solbakken" / report_name("oekonomi", plan_in(path))


def table_after(lines: list[str], header: str, rows: int, start: int = 0) -> list[str]:
    at = lines.index(header, start)
    return lines[at : at + rows + 1]


def test_headings(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    assert headings(build(cli, inputs, out, sheets)) == [
        ("Title", "Økonomioversigt 2018"),
        ("Heading 1", "Statusåret 2018"),
        ("Heading 2", "Forbrug i forhold til budget"),
        ("Heading 1", "Budget og regnskab for perioden"),
        ("Heading 2", "2016"),
        ("Heading 2", "2017"),
        ("Heading 2", "2018"),
        ("Heading 2", "2019"),
        ("Heading 1", "Finansiering"),
        ("Heading 2", "Lokal medfinansiering pr. år"),
        ("Heading 2", "Tilsagn og indbetalinger pr. kilde"),
        ("Heading 3", "2016"),
        ("Heading 3", "2017"),
        ("Heading 3", "2018"),
        ("Heading 3", "2019"),
        ("Heading 2", "Manglende indbetalinger"),
        ("Heading 1", "Frist for regnskab"),
    ]


def test_drafted_paragraph_names_spending_overruns_and_cofinancing(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    assert lines[6] == (
        "[Normal] I 2018 er der brugt 747.500 kr. af et budget på 820.000 kr. (91,2␣%), 72.500 kr. mindre end "
        "budgetteret. Posterne Projektchef (5.000 kr.) og Revision (2.500 kr.) er over budgettet. "
        "Den lokale medfinansiering udgør 25,0␣% af tilsagnene for 2018 (205.000 kr. af 820.000 kr.); "
        "Landsbyggefonden kræver mindst 25␣%. Af den lovede lokale medfinansiering mangler 105.000 kr. at blive "
        "indbetalt."
    )


def test_status_year_by_kategori_flags_overruns_and_matches_the_chart(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    report = build(cli, inputs, out, sheets)
    lines = body_lines(Document(str(report)))
    assert table_after(lines, "| Kategori | Budget (kr.) | Regnskab (kr.) | Afvigelse (kr.) | Forbrug |", 4) == [
        "| Kategori | Budget (kr.) | Regnskab (kr.) | Afvigelse (kr.) | Forbrug |",
        "| Personale | 600.000 | 605.000 | +5.000 | 100,8␣% |",
        "| Aktiviteter | 200.000 | 120.000 | -80.000 | 60,0␣% |",
        "| Revision | 20.000 | 22.500 | +2.500 | 112,5␣% |",
        "| I alt | 820.000 | 747.500 | -72.500 | 91,2␣% |",
    ]
    assert "[Normal] Kategorierne Personale (5.000 kr.) og Revision (2.500 kr.) er over budgettet." in lines
    flagged = docxdump.tables(Document(str(report)))[0].rows[1].cells[3]._tc
    assert flagged.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill")) == "F4B6B6"
    (chart,) = charts(report)
    assert chart.title == "Budget og regnskab 2018 pr. kategori"
    assert chart.categories == ["Personale", "Aktiviteter", "Revision"]
    assert chart.series == {"Budget": [600000, 200000, 20000], "Regnskab": [605000, 120000, 22500]}
    assert chart.axis_titles == ["Kategori", "Kroner"]
    assert "[$-406]#,##0" in chart.number_formats
    assert chart.language == "da-DK"


def test_every_year_of_the_period(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    assert "[Normal] Det samlede budget for perioden 2016-2019 er 3.280.000 kr." in lines
    assert table_after(lines, "| År | Budget (kr.) | Regnskab (kr.) | Afvigelse (kr.) | Forbrug |", 5) == [
        "| År | Budget (kr.) | Regnskab (kr.) | Afvigelse (kr.) | Forbrug |",
        "| 2016 | 820.000 | 760.000 | -60.000 | 92,7␣% |",
        "| 2017 | 820.000 | 810.000 | -10.000 | 98,8␣% |",
        "| 2018 | 820.000 | 747.500 | -72.500 | 91,2␣% |",
        "| 2019 | 820.000 | – | – | – |",
        "| Afsluttede år i alt | 2.460.000 | 2.317.500 | -142.500 | 94,2␣% |",
    ]
    year_2017 = lines.index("[Heading 2] 2017")
    assert table_after(
        lines, "| Post | Kategori | Budget (kr.) | Regnskab (kr.) | Afvigelse (kr.) | Forbrug |", 4, year_2017
    ) == [
        "| Post | Kategori | Budget (kr.) | Regnskab (kr.) | Afvigelse (kr.) | Forbrug |",
        "| Projektchef | Personale | 600.000 | 610.000 | +10.000 | 101,7␣% |",
        "| Aktiviteter | Aktiviteter | 200.000 | 180.000 | -20.000 | 90,0␣% |",
        "| Revision | Revision | 20.000 | 20.000 | 0 | 100,0␣% |",
        "| I alt |  | 820.000 | 810.000 | -10.000 | 98,8␣% |",
    ]
    year_2019 = lines.index("[Heading 2] 2019")
    assert lines[year_2019 + 1] == "[Normal] Der er endnu ikke regnskab for 2019; tabellerne viser budgettet. Pr. post:"
    assert table_after(lines, "| Post | Kategori | Budget (kr.) |", 4, year_2019)[-1] == "| I alt |  | 820.000 |"


def test_financing_per_year_flags_a_share_below_the_floor(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    sheets["Finansiering"][2][3] = 100_000  # Kommunen's tilsagn 2017: 155.000 of 770.000 = 20,1 %
    report = build(cli, inputs, out, sheets)
    lines = body_lines(Document(str(report)))
    assert table_after(lines, "| År | Tilsagn i alt (kr.) | Lokal medfinansiering (kr.) | Andel |", 4) == [
        "| År | Tilsagn i alt (kr.) | Lokal medfinansiering (kr.) | Andel |",
        "| 2016 | 820.000 | 205.000 | 25,0␣% |",
        "| 2017 | 770.000 | 155.000 | 20,1␣% |",
        "| 2018 | 820.000 | 205.000 | 25,0␣% |",
        "| 2019 | 820.000 | 205.000 | 25,0␣% |",
    ]
    assert (
        "[Normal] Landsbyggefonden kræver, at mindst 25␣% af tilsagnene er lokal medfinansiering. "
        "Andelen er under kravet i 2017."
    ) in lines
    year_2019 = lines.index("[Heading 3] 2019")  # after the statusår: tilsagn only, nothing in arrears
    assert lines[year_2019 + 1] == "[Normal] Året ligger efter statusåret, så tabellen viser kun tilsagnene."
    assert table_after(lines, "| Kilde | Tilsagn (kr.) |", 4, year_2019) == [
        "| Kilde | Tilsagn (kr.) |",
        "| Landsbyggefonden | 615.000 |",
        "| Kommunen | 150.000 |",
        "| Boligorganisationerne | 55.000 |",
        "| I alt | 820.000 |",
    ]


def test_unpaid_cofinancing_and_the_deadline(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    lines = body_lines(Document(str(build(cli, inputs, out, sheets))))
    unpaid = lines.index("[Heading 2] Manglende indbetalinger")
    assert lines[unpaid + 1 : unpaid + 7] == [
        "[Normal] Den lokale medfinansiering for 2018 fordelt på kilder:",
        *UNPAID_2018,
    ]
    assert lines[-1] == "[Normal] Revisorpåtegnet regnskab for 2018 skal aflægges senest 30. juni 2019."
