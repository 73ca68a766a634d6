"""Case 18: numbers and dates that would read wrong silently: -0, English form, percentages, bare years."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

from tests.bad_inputs.conftest import Refused
from tests.bad_inputs.corpus import patch_zip, replace_in, sheet_part
from tests.docxdump import document_text
from tests.factory import Sheets, plan_sheets, set_value, write_workbook
from tests.reports import report_name

ETAARSSTATUS = Path("solbakken") / report_name("etaarsstatus")
FREMDRIFT = Path("solbakken") / report_name("fremdrift")
BARE_YEAR = "forventede en dato (fx 9.12.2019), fandt kun årstallet 2018; skriv hele datoen"


def write_formatted(path: Path, sheets: Sheets, formats: dict[tuple[str, str], str]) -> Path:
    """Write a plan, then give cells a number format as a person would in Excel."""
    write_workbook(path, sheets)
    workbook = load_workbook(path)
    for (title, cell), number_format in formats.items():
        workbook[title][cell].number_format = number_format
    workbook.save(path)
    return path


def test_a_negative_zero_shows_as_0(built: Callable[..., Result], inputs: Path, out: Path) -> None:
    sheets = plan_sheets()
    sheets["Fremdrift"][3][7] = 1  # the delayed Jobklub's kommentar, a number to turn into -0.0 below
    path = write_workbook(inputs / "solbakken.xlsx", sheets)
    # openpyxl writes -0.0 as "-0", which reads back as 0; Excel's arithmetic can leave "-0.0".
    fremdrift = sheet_part(sheets, "Fremdrift")
    path.write_bytes(
        patch_zip(
            path.read_bytes(),
            {
                fremdrift: lambda xml: replace_in(b'<c r="F2" t="n"><v>8</v></c>', b'<c r="F2" t="n"><v>-0.0</v></c>')(
                    replace_in(b'<c r="H4" t="n"><v>1</v></c>', b'<c r="H4" t="n"><v>-0.0</v></c>')(xml)
                )
            },
        )
    )
    built()
    assert "| Nattevandring | Antal vandringer | 10 | 0 | 0,0␣% | Igangsat |  |" in document_text(out / FREMDRIFT)
    assert "Jobklub (Uddannelse og beskæftigelse, forsinket): 0" in document_text(out / ETAARSSTATUS).splitlines()


def test_numbers_typed_as_text_in_english_form_are_read_where_danish_cannot_be_meant(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    sheets = plan_sheets()
    sheets["Budget"][1][6] = "600,000.00"
    sheets["Fremdrift"][1][4] = "10.0"
    sheets["Fremdrift"][1][5] = "0.500"  # not 500: a Danish number never starts with '0.'
    sheets["Budget"][3][7] = "22.500"  # kroner have two decimals (øre) at most: Danish 22.500
    write_workbook(inputs / "solbakken.xlsx", sheets)
    built()
    text = document_text(out / ETAARSSTATUS)
    assert "| Personale | 600.000 | 605.000 | 100,8␣% |" in text
    assert "| Revision | 20.000 | 22.500 | 112,5␣% |" in text
    assert "| Nattevandring | Antal vandringer | 10 | 0,5 | 5,0␣% | Igangsat |  |" in document_text(out / FREMDRIFT)


def test_numbers_typed_as_text_that_read_two_ways_are_located(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    sheets["Fremdrift"][1][4] = "2.500"
    sheets["Fremdrift"][2][5] = "1,250 "
    write_workbook(inputs / "solbakken.xlsx", sheets)
    refused(
        "solbakken.xlsx › Fremdrift!E2: '2.500' kan læses både som 2.500 (dansk form) og som 2,5 (engelsk form); "
        "skriv 2500 eller 2,5, så der ikke er tvivl",
        "solbakken.xlsx › Fremdrift!F3: '1,250' kan læses både som 1,25 (dansk form) og som 1.250 (engelsk form); "
        "skriv 1,25 eller 1250, så der ikke er tvivl",
    )


def test_percentage_cells_are_read_as_the_percentage_they_show(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    sheets = plan_sheets()
    sheets["Fremdrift"][1][4] = 50  # Måltal typed as 50 (per cent) ...
    sheets["Fremdrift"][1][5] = 0.4  # ... and Resultat typed as 40 % in a percentage cell
    sheets["Fremdrift"][2][5] = "25 %"
    sheets["Fremdrift"][3][7] = 0.125  # the delayed Jobklub's kommentar
    formats = {("Fremdrift", "F2"): "0%", ("Fremdrift", "H4"): '0.0 %;[Red]-0.0 %;"nul"'}
    write_formatted(inputs / "solbakken.xlsx", sheets, formats)
    built()
    text = document_text(out / FREMDRIFT)
    assert "| Nattevandring | Antal vandringer | 50 | 40 | 80,0␣% | Igangsat |  |" in text
    assert "| Nattevandring | Antal deltagere | 20 | 25 | 125,0␣% | Igangsat |  |" in text
    assert "Jobklub (Uddannelse og beskæftigelse, forsinket): 12,5␣%" in document_text(out / ETAARSSTATUS).splitlines()


def test_a_percentage_where_an_amount_belongs_is_located(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    sheets["Budget"][1][2] = 0.25
    write_formatted(inputs / "solbakken.xlsx", sheets, {("Budget", "C2"): "0%"})
    refused("solbakken.xlsx › Budget!C2: forventede et beløb, fandt 25\u00a0%")


@pytest.mark.parametrize(
    ("value", "number_format"),
    [(2018, None), ("2018", None), (2018, "d.m.yyyy")],
    ids=["number", "text", "typed into a date cell"],
)
def test_a_bare_year_where_a_date_belongs_is_located(
    refused: Refused, inputs: Path, value: object, number_format: str | None
) -> None:
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Statusdato", value)
    sheets["Stamdata"].append(["Mødedato for ét-årseftersyn", value])
    sheets["Møder"][1][0] = value
    formats = {("Stamdata", "B10"): number_format, ("Stamdata", "B13"): number_format, ("Møder", "A2"): number_format}
    write_formatted(inputs / "solbakken.xlsx", sheets, formats if number_format else {})
    refused(
        f"solbakken.xlsx › Stamdata!B10: {BARE_YEAR}",
        f"solbakken.xlsx › Stamdata!B13: {BARE_YEAR}",
        f"solbakken.xlsx › Møder!A2: {BARE_YEAR}",
    )


def test_a_bare_year_is_the_periods_first_and_last_day(built: Callable[..., Result], inputs: Path, out: Path) -> None:
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Periode start", "2016")
    set_value(sheets, "Stamdata", "Periode slut", 2019)
    write_formatted(inputs / "solbakken.xlsx", sheets, {("Stamdata", "B8"): "d.m.yyyy"})
    built()
    assert "Bevillingsramme: 2015-18-midlerne, periode 2016-2019" in document_text(out / ETAARSSTATUS).splitlines()


def move_result_cell(extra: bytes = b"") -> Callable[[bytes], bytes]:
    """A patch of the Fremdrift sheet: F2's cell written inside row 3's element (and more cells there)."""

    def patch(xml: bytes) -> bytes:
        cell = b'<c r="F2" t="n"><v>8</v></c>'
        assert cell in xml
        start = xml.index(b'<row r="3"')
        inside = xml.index(b">", start) + 1
        moved = xml.replace(cell, b"")
        shift = len(xml) - len(moved)
        return moved[: inside - shift] + cell + extra + moved[inside - shift :]

    return patch


def test_a_cell_in_another_rows_element_is_read_at_its_reference(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    sheets = plan_sheets()
    path = write_workbook(inputs / "solbakken.xlsx", sheets)
    path.write_bytes(patch_zip(path.read_bytes(), {sheet_part(sheets, "Fremdrift"): move_result_cell()}))
    built()
    assert "| Nattevandring | Antal vandringer | 10 | 8 | 80,0␣% | Igangsat |  |" in document_text(out / FREMDRIFT)


def test_two_cells_at_one_place_are_refused_with_the_cell_named(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    path = write_workbook(inputs / "solbakken.xlsx", sheets)
    twice = move_result_cell(b'<c r="F2" t="n"><v>80</v></c>')
    path.write_bytes(patch_zip(path.read_bytes(), {sheet_part(sheets, "Fremdrift"): twice}))
    refused(
        "solbakken.xlsx › Fremdrift!F2: filen har to celler på denne plads, så det er uklart, hvilken værdi der "
        "gælder. Åbn den i Excel og gem den igen."
    )
