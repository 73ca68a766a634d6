"""Cases 8-10: formulas without results, Excel errors, dates and numbers in every form staff type them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import Result
from docx import Document
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from tests.bad_inputs.conftest import Refused
from tests.bad_inputs.corpus import patch_zip, replace_in, sheet_part
from tests.docxdump import body_lines, document_text
from tests.factory import Sheets, plan_sheets, set_value, write_workbook
from tests.reports import report_name

ETAARSSTATUS = Path("solbakken") / report_name("etaarsstatus")
OEKONOMI = Path("solbakken") / report_name("oekonomi")
FREMDRIFT = Path("solbakken") / report_name("fremdrift")
NO_RESULT = "har ingen gemt værdi – åbn filen i Excel og gem den"


def write_with_xlsxwriter(path: Path, sheets: Sheets, formulas: dict[tuple[str, str], str]) -> None:
    """Write a plan as XlsxWriter does (shared strings, dates formatted), with formulas it cannot calculate."""
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "d.m.yyyy"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, datetime.combine(value, datetime.min.time()), date_format)
                elif value is not None:
                    sheet.write(r, c, value)
        for (title, cell), formula in formulas.items():
            if title == name:
                sheet.write_formula(cell, formula)
    workbook.close()


def test_a_formula_written_by_a_program_without_its_result(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    sheets["Budget"][1][2] = "=SUM(600000,0)"
    sheets["Fremdrift"][2][5] = "=20+5"
    write_workbook(inputs / "solbakken.xlsx", sheets)
    refused(
        f"solbakken.xlsx › Fremdrift!F3: formlen '=20+5' {NO_RESULT}",
        f"solbakken.xlsx › Budget!C2: formlen '=SUM(600000,0)' {NO_RESULT}",
    )


def test_a_formula_with_xlsxwriters_placeholder_zero_is_not_taken_for_a_result(refused: Refused, inputs: Path) -> None:
    write_with_xlsxwriter(inputs / "solbakken.xlsx", plan_sheets(), {("Budget", "C2"): "=300000*2"})
    refused(f"solbakken.xlsx › Budget!C2: formlen '=300000*2' {NO_RESULT}")


def test_a_formula_excel_has_calculated_is_read_as_its_result(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    path = inputs / "solbakken.xlsx"
    write_with_xlsxwriter(path, plan_sheets(), {("Budget", "G2"): "=300000*2"})
    # What Excel leaves after opening and saving: the result stored, the recalculation flag gone.
    path.write_bytes(
        patch_zip(
            path.read_bytes(),
            {
                "xl/workbook.xml": replace_in(b' fullCalcOnLoad="1"', b""),
                "xl/worksheets/sheet6.xml": replace_in(b"<f>300000*2</f><v>0</v>", b"<f>300000*2</f><v>600000</v>"),
            },
        )
    )
    built()
    assert "| Personale | 600.000 | 605.000 | 100,8␣% |" in document_text(out / ETAARSSTATUS)


def test_a_shared_formula_without_results_names_each_cell(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    path = write_workbook(inputs / "solbakken.xlsx", sheets)
    part = sheet_part(sheets, "Fremdrift")
    # The way Excel stores a formula filled down: the first cell holds it, the next refer to it.
    master = b'<c r="F2" t="n"><f t="shared" ref="F2:F3" si="0">E2*2</f></c>'
    follower = b'<c r="F3" t="n"><f t="shared" si="0"/></c>'
    path.write_bytes(
        patch_zip(
            path.read_bytes(),
            {
                part: lambda x: x.replace(b'<c r="F2" t="n"><v>8</v></c>', master).replace(
                    b'<c r="F3" t="n"><v>25</v></c>', follower
                )
            },
        )
    )
    refused(
        f"solbakken.xlsx › Fremdrift!F2: formlen '=E2*2' {NO_RESULT}",
        f"solbakken.xlsx › Fremdrift!F3: formlen '=E3*2' {NO_RESULT}",
    )


@pytest.mark.parametrize("code", ["#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?"])
def test_a_cached_excel_error_is_located(refused: Refused, inputs: Path, code: str) -> None:
    sheets = plan_sheets()
    sheets["Finansiering"][2][5] = code
    sheets["Møder"][2][0] = code
    write_workbook(inputs / "solbakken.xlsx", sheets)
    refused(
        f"solbakken.xlsx › Møder!A3: cellen indeholder Excel-fejlen {code} (ret formlen eller værdien i Excel)",
        f"solbakken.xlsx › Finansiering!F3: cellen indeholder Excel-fejlen {code} (ret formlen eller værdien i Excel)",
    )


def meetings_in(report: Path) -> list[str]:
    """Return the bullet lines under »Datoer for afholdte møder«."""
    lines = body_lines(Document(str(report)))
    start = next(i for i, line in enumerate(lines) if line.startswith("[Heading 2] Datoer for afholdte møder"))
    end = next(i for i, line in enumerate(lines) if i > start and not line.startswith("[List Bullet]"))
    return [line.removeprefix("[List Bullet] ") for line in lines[start + 1 : end]]


def meeting_dates(sheets: Sheets, *values: object) -> None:
    """Put values in the Dato column of the Møder sheet's data rows."""
    for row, value in zip(sheets["Møder"][1:], values, strict=True):
        row[0] = value


def test_dates_as_dates_serials_and_text_all_reach_the_report(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    sheets = plan_sheets()
    serial = (date(2018, 6, 12) - date(1899, 12, 30)).days  # a date typed into a cell formatted as a number
    meeting_dates(sheets, datetime(2018, 3, 8, 14, 30), serial, "9.12.2018", "15/1/2019")
    set_value(sheets, "Stamdata", "Statusdato", "9. december 2018")
    write_workbook(inputs / "solbakken.xlsx", sheets)
    built()
    assert meetings_in(out / ETAARSSTATUS) == [
        "8. marts 2018 – Bestyrelsesmøde",
        "12. juni 2018",
        "9. december 2018 – Bestyrelsesmøde",
    ]


def test_a_1904_workbook_reads_dates_and_serials_in_its_own_calendar(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    sheets = plan_sheets()
    serial_1904 = (date(2018, 6, 12) - date(1904, 1, 1)).days
    meeting_dates(sheets, date(2018, 3, 8), serial_1904, date(2018, 12, 9), date(2019, 1, 15))
    workbook = Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(inputs / "solbakken.xlsx")
    built()
    assert meetings_in(out / ETAARSSTATUS) == [
        "8. marts 2018 – Bestyrelsesmøde",
        "12. juni 2018",
        "9. december 2018 – Bestyrelsesmøde",
    ]
    assert "Per Dahl, centerchef, Nordby Kommune, er indtrådt i bestyrelsen 1. maj 2018" in document_text(
        out / ETAARSSTATUS
    )


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("31.02.2018", "forventede en dato (fx 9.12.2019), fandt '31.02.2018'"),
        ("2018-02-31", "forventede en dato (fx 9.12.2019), fandt '2018-02-31'"),
        ("12.13.2018", "forventede en dato (fx 9.12.2019), fandt '12.13.2018'"),
        ("i morgen", "forventede en dato (fx 9.12.2019), fandt 'i morgen'"),
        ("1.3.1918", "datoen 1.3.1918 ligger uden for årene 1990-2100; ret årstallet"),
        (12, "forventede en dato (fx 9.12.2019), fandt 12"),
        (True, "forventede en dato (fx 9.12.2019), fandt SAND"),
    ],
)
def test_impossible_dates_are_located(refused: Refused, inputs: Path, value: object, found: str) -> None:
    sheets = plan_sheets()
    sheets["Møder"][1][0] = value
    write_workbook(inputs / "solbakken.xlsx", sheets)
    refused(f"solbakken.xlsx › Møder!A2: {found}")


def test_float_noise_and_numbers_typed_as_text_come_out_as_meant(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    sheets = plan_sheets()
    sheets["Budget"][1][6] = 0.1 * 3 * 2_000_000  # 600000.0000000001, as Excel arithmetic leaves it
    sheets["Budget"][2][7] = "120.000,40"
    sheets["Budget"][3][7] = "22 500 kr."
    sheets["Fremdrift"][1][4] = 0.1 + 0.2  # 0.30000000000000004
    sheets["Fremdrift"][1][5] = "0,3"
    write_workbook(inputs / "solbakken.xlsx", sheets)
    built()
    text = document_text(out / ETAARSSTATUS)
    assert "| Personale | 600.000 | 605.000 | 100,8␣% |" in text
    assert "| Aktiviteter | 200.000 | 120.000 | 60,0␣% |" in text
    assert "| Revision | 20.000 | 22.500 | 112,5␣% |" in text
    assert "| Nattevandring | Antal vandringer | 0,3 | 0,3 | 100,0␣% | Igangsat |" in document_text(out / FREMDRIFT)


def test_a_negative_budget_line_is_income(built: Callable[..., Result], inputs: Path, out: Path) -> None:
    sheets = plan_sheets()
    sheets["Budget"].append(["Overskud fra 2017", "Øvrige", 0, 0, 0, 0, -165_000, "-165.000", 0, None])
    write_workbook(inputs / "solbakken.xlsx", sheets)
    built()
    assert "| Øvrige | -165.000 | -165.000 |" in document_text(out / ETAARSSTATUS)


@pytest.mark.parametrize(
    ("sheet", "row", "column", "cell", "value", "message"),
    [
        ("Finansiering", 2, 5, "F3", -150_000, "beløbet må ikke være negativt, fandt -150.000"),
        ("Finansiering", 2, 6, "G3", "-100.000", "beløbet må ikke være negativt, fandt '-100.000'"),
        ("Fremdrift", 1, 4, "E2", -10, "tallet må ikke være negativt, fandt -10"),
        ("Fremdrift", 1, 5, "F2", "-8", "tallet må ikke være negativt, fandt '-8'"),
        ("Budget", 1, 2, "C2", True, "forventede et beløb, fandt SAND"),
        ("Fremdrift", 1, 4, "E2", False, "forventede et tal, fandt FALSK"),
        ("Budget", 1, 2, "C2", "0.500", "forventede et beløb, fandt '0.500'"),
        (
            "Fremdrift",
            1,
            4,
            "E2",
            "1.500",
            "'1.500' kan læses både som 1.500 (dansk form) og som 1,5 (engelsk form); skriv 1500 eller 1,5, "
            "så der ikke er tvivl",
        ),
        (
            "Fremdrift",
            1,
            5,
            "F2",
            "1,234",
            "'1,234' kan læses både som 1,234 (dansk form) og som 1.234 (engelsk form); skriv 1234, "
            "eller skriv tallet i en celle, der er formateret som tal",
        ),
        ("Budget", 1, 3, "D2", "–", "forventede et beløb, fandt '–'. Skriv 0, eller lad cellen stå tom"),
        ("Budget", 1, 2, "C2", 1e20, "tallet er for stort, fandt 1e+20"),
        ("Fremdrift", 1, 4, "E2", "12 stk.", "forventede et tal, fandt '12 stk.'"),
        ("Budget", 1, 2, "C2", date(2018, 1, 1), "forventede et beløb, fandt 1.1.2018"),
    ],
)
def test_numbers_that_make_no_sense_are_located(
    refused: Refused, inputs: Path, sheet: str, row: int, column: int, cell: str, value: object, message: str
) -> None:
    sheets = plan_sheets()
    sheets[sheet][row][column] = value
    write_workbook(inputs / "solbakken.xlsx", sheets)
    refused(f"solbakken.xlsx › {sheet}!{cell}: {message}")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (date(2019, 12, 9), "9.12.2019"),
        (datetime(2019, 12, 9, 14, 30), "9.12.2019"),
        (time(14, 30), "14.30"),
        (timedelta(hours=2, minutes=30), "2.30"),
        (True, "Ja"),
        (False, "Nej"),
        (1234, "1.234"),
        (1234.5, "1.234,5"),
        (0.1 + 0.2, "0,3"),
        (-3, "-3"),
    ],
)
def test_a_number_date_or_truth_value_in_a_text_cell_is_shown_in_danish(
    built: Callable[..., Result], inputs: Path, out: Path, value: object, shown: str
) -> None:
    sheets = plan_sheets()
    sheets["Fremdrift"][3][7] = value  # the delayed Jobklub's kommentar
    write_workbook(inputs / "solbakken.xlsx", sheets)
    built()
    assert (
        f"Jobklub (Uddannelse og beskæftigelse, forsinket): {shown}" in document_text(out / ETAARSSTATUS).splitlines()
    )
