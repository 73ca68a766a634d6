"""Every valid form Excel and LibreOffice write reads as it shows in Excel, and forms no program writes are named.

Each case here once read wrong without a word (issue 18): number formats taken from conditional
formats, the 1904 calendar written another valid way, built-in format ids openpyxl does not know or
a file redefines, a cell whose reference names another row, two cells at one place.
"""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assembler.errors import InputError
from assembler.read.sheet import ExcelError, Percentage, Row, Sheet, UncachedFormula
from assembler.read.workbook import read_workbook
from tests.read.handmade import HandmadeSheet, HandmadeWorkbook, one_sheet

DECEMBER_9_2018 = 43443  # days after 30.12.1899, Excel's serial in the 1900 calendar
CALENDARS_APART = 1462  # days between the 1900 and the 1904 calendar's day 0


def read_one(tmp_path: Path, workbook: HandmadeWorkbook) -> Sheet:
    [sheet] = read_workbook(workbook.write(tmp_path / "plan.xlsx"), "plan.xlsx")
    return sheet


def first_value(tmp_path: Path, workbook: HandmadeWorkbook) -> object:
    sheet = read_one(tmp_path, workbook)
    assert sheet.problems == []
    return sheet.rows[0].cells[1]


def styled(value: str, xf: str, **workbook: object) -> HandmadeWorkbook:
    """A workbook whose A1 holds a stored number in the cell style xf."""
    rows = f'<row r="1"><c r="A1" s="1"><v>{value}</v></c></row>'
    return one_sheet(rows, cell_xfs=['<xf numFmtId="0"/>', xf], **workbook)


def test_number_formats_of_conditional_formats_never_decide_how_a_cell_reads(tmp_path: Path) -> None:
    # Måltal 40 read as 4.000 % once: the dxf's numFmt, with the cell format's id, was taken for the cell's.
    workbook = styled(
        "40",
        '<xf numFmtId="164" applyNumberFormat="1"/>',
        num_fmts='<numFmt numFmtId="164" formatCode="0"/>',
        dxfs='<dxf><numFmt numFmtId="164" formatCode="0%"/></dxf><dxf><numFmt numFmtId="1" formatCode="d.m.yy"/></dxf>',
    )
    assert first_value(tmp_path, workbook) == 40


@pytest.mark.parametrize(
    ("written", "is_1904"),
    [
        ('"1"', True),
        ('"true"', True),
        ('"&#49;"', True),
        ('" 1 "', True),
        ("'\ttrue\n'", True),
        ('"0"', False),
        ('"false"', False),
        ('"&#48;"', False),
        ('" 0 "', False),  # openpyxl reads this as 1904 (see below)
        ('" false "', False),
    ],
)
def test_the_1904_calendar_is_read_in_every_form_xml_allows(tmp_path: Path, written: str, is_1904: bool) -> None:
    serial = DECEMBER_9_2018 - CALENDARS_APART if is_1904 else DECEMBER_9_2018
    workbook = styled(str(serial), '<xf numFmtId="14"/>', workbook_pr=f" date1904={written}")
    sheet = read_one(tmp_path, workbook)
    assert sheet.rows[0].cells[1] == datetime(2018, 12, 9)
    assert sheet.epoch == (datetime(1904, 1, 1) if is_1904 else datetime(1899, 12, 30))


def test_openpyxl_reads_a_spaced_zero_as_the_1904_calendar_where_xml_says_1900(tmp_path: Path) -> None:
    # xsd:boolean collapses spaces: " 0 " is false. openpyxl's Bool takes any text but 'false', 'f' and
    # '0' as true; assembler reads the attribute as XML does.
    path = styled("1", '<xf numFmtId="14"/>', workbook_pr=' date1904=" 0 "').write(tmp_path / "plan.xlsx")
    assert load_workbook(path).epoch == datetime(1904, 1, 1)
    [sheet] = read_workbook(path, "plan.xlsx")
    assert sheet.epoch == datetime(1899, 12, 30)


def test_a_calendar_flag_xml_does_not_allow_is_named(tmp_path: Path) -> None:
    path = styled("1", '<xf numFmtId="14"/>', workbook_pr=' date1904="ja"').write(tmp_path / "plan.xlsx")
    with pytest.raises(InputError) as caught:
        read_workbook(path, "plan.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "plan.xlsx: projektmappens datosystem (date1904) står som 'ja', som Excel ikke kender. "
        "Åbn den i Excel og gem den igen."
    ]


@pytest.mark.parametrize(
    ("format_id", "stored", "expected"),
    [
        (0, "0.25", 0.25),
        (2, "0.25", 0.25),
        (5, "7", 7),  # a currency format of the locale
        (9, "0.25", Percentage(0.25)),
        (10, "0.125", Percentage(0.125)),
        (14, str(DECEMBER_9_2018), datetime(2018, 12, 9)),
        (22, "43443.5", datetime(2018, 12, 9, 12)),
        (20, "0.4375", datetime(1899, 12, 30, 10, 30).time()),
        (46, "1.25", timedelta(hours=30)),
        (49, "7", 7),  # text format '@' around a number: still the number
        (23, "7", 7),  # reserved, no format: General
        # East Asian date formats: 18.8.30 lists ids 27-36 and 50-58 as dates in every locale it names.
        (27, str(DECEMBER_9_2018), datetime(2018, 12, 9)),
        (30, str(DECEMBER_9_2018), datetime(2018, 12, 9)),
        (57, str(DECEMBER_9_2018), datetime(2018, 12, 9)),
        # Thai: numbers, percentages, dates and an elapsed time.
        (59, "7", 7),
        (67, "0.25", Percentage(0.25)),
        (71, str(DECEMBER_9_2018), datetime(2018, 12, 9)),
        (79, "1.25", timedelta(hours=30)),
        (200, "0.25", 0.25),  # a custom id the file never defines: Excel shows General
    ],
)
def test_built_in_format_ids_read_as_ecma_376_lists_them(
    tmp_path: Path, format_id: int, stored: str, expected: object
) -> None:
    assert first_value(tmp_path, styled(stored, f'<xf numFmtId="{format_id}"/>')) == expected


@pytest.mark.parametrize("format_id", [30, 67])
def test_openpyxl_reads_east_asian_and_thai_built_in_ids_as_general(tmp_path: Path, format_id: int) -> None:
    path = styled("0.25", f'<xf numFmtId="{format_id}"/>').write(tmp_path / "plan.xlsx")
    assert load_workbook(path)["Ark"]["A1"].value == 0.25
    [sheet] = read_workbook(path, "plan.xlsx")
    assert sheet.rows[0].cells[1] != 0.25


@pytest.mark.parametrize(
    ("format_id", "code", "stored", "expected"),
    [
        (9, "0.00", "0.25", 0.25),
        (14, "0.00", str(DECEMBER_9_2018), DECEMBER_9_2018),
        (2, "0%", "0.25", Percentage(0.25)),
        (1, "d.m.yyyy", str(DECEMBER_9_2018), datetime(2018, 12, 9)),
        (30, "#,##0", str(DECEMBER_9_2018), DECEMBER_9_2018),
    ],
)
def test_a_built_in_id_the_file_redefines_reads_as_the_files_format(
    tmp_path: Path, format_id: int, code: str, stored: str, expected: object
) -> None:
    # Excel's own templates write numFmt elements with built-in ids: the file's code is what Excel shows.
    workbook = styled(
        stored, f'<xf numFmtId="{format_id}"/>', num_fmts=f'<numFmt numFmtId="{format_id}" formatCode="{code}"/>'
    )
    assert first_value(tmp_path, workbook) == expected


def test_a_cell_whose_reference_names_another_row_is_placed_by_its_reference(tmp_path: Path) -> None:
    rows = '<row r="2"><c r="A2"><v>1</v></c><c r="F9"><v>7</v></c></row><row r="9"><c r="A9"><v>2</v></c></row>'
    sheet = read_one(tmp_path, one_sheet(rows))
    assert sheet.problems == []
    assert sheet.rows == [Row(2, {1: 1}), Row(9, {1: 2, 6: 7})]


def test_rows_and_cells_out_of_order_are_placed_by_their_numbers(tmp_path: Path) -> None:
    rows = '<row r="3"><c r="C3"><v>3</v></c><c r="A3"><v>1</v></c></row><row r="1"><c r="A1"><v>0</v></c></row>'
    sheet = read_one(tmp_path, one_sheet(rows))
    assert [(row.number, list(row.cells.items())) for row in sheet.rows] == [(1, [(1, 0)]), (3, [(1, 1), (3, 3)])]


@pytest.mark.parametrize(
    ("rows", "cell"),
    [
        ('<row r="2"><c r="A2"><v>1</v></c><c r="A2"><v>2</v></c></row>', "A2"),
        ('<row r="2"><c r="B3"><v>1</v></c></row><row r="3"><c r="B3"><v>2</v></c></row>', "B3"),
        ('<row r="3"><c r="C3"><v>1</v></c></row><row r="2"><c r="C3" s="0"/></row>', "C3"),
        ('<row r="2"><c r="A2"><v>1</v></c></row><row r="2"><c><v>2</v></c></row>', "A2"),
    ],
    ids=["twice in a row", "one names another row", "an empty one after", "one without a reference"],
)
def test_two_cells_at_one_place_are_a_located_error(tmp_path: Path, rows: str, cell: str) -> None:
    sheet = read_one(tmp_path, one_sheet(rows))
    assert [str(p) for p in sheet.problems] == [
        f"plan.xlsx › Ark!{cell}: filen har to celler på denne plads, så det er uklart, hvilken værdi der gælder. "
        "Åbn den i Excel og gem den igen."
    ]
    assert not sheet.is_readable


@pytest.mark.parametrize("written", ['"1"', '"true"', '" 1 "', '"&#49;"'])
def test_every_formula_is_named_when_the_file_asks_for_recalculation_in_any_form(tmp_path: Path, written: str) -> None:
    rows = '<row r="1"><c r="A1"><f>1+1</f><v>0</v></c><c r="B1"><v>5</v></c></row>'
    assert read_one(tmp_path, one_sheet(rows, calc_pr=f" fullCalcOnLoad={written}")).rows == [
        Row(1, {1: UncachedFormula("=1+1"), 2: 5})
    ]


def test_a_formula_excel_calculated_keeps_its_result_when_recalculation_is_off(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    sheet = read_one(tmp_path, one_sheet(rows, calc_pr=' fullCalcOnLoad=" 0 "'))
    assert sheet.rows == [Row(1, {1: 2, 2: ExcelError("#DIV/0!")})]


def test_a_shared_string_index_below_zero_is_no_string(tmp_path: Path) -> None:
    # openpyxl takes -1 as Python does: the last string of the table.
    rows = '<row r="1"><c r="A1" t="s"><v>-1</v></c></row>'
    path = one_sheet(rows, shared_strings=["<t>første</t>", "<t>sidste</t>"]).write(tmp_path / "plan.xlsx")
    assert load_workbook(path)["Ark"]["A1"].value == "sidste"
    with pytest.raises(InputError) as caught:
        read_workbook(path, "plan.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "plan.xlsx: filen kan ikke læses som Excel-projektmappe (IndexError). "
        "Åbn den i Excel og vælg Gem som › Excel-projektmappe (.xlsx)."
    ]


def test_shared_strings_keep_excel_s_escapes_as_written(tmp_path: Path) -> None:
    # _x005F_ escapes the underscore: Excel shows 'a_x000B_b'. openpyxl drops 'x005F_' from shared
    # strings (not from inline ones), which turns the text into an escaped control character.
    strings = ["<t>a_x005F_x000B_b</t>", "<r><t>fed </t></r><r><t>og tynd</t></r><rPh sb='0' eb='1'><t>x</t></rPh>"]
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    path = one_sheet(rows, shared_strings=strings).write(tmp_path / "plan.xlsx")
    assert load_workbook(path)["Ark"]["A1"].value == "a_x000B_b"
    [sheet] = read_workbook(path, "plan.xlsx")
    assert sheet.rows == [Row(1, {1: "a_x005F_x000B_b", 2: "fed og tynd"})]


def test_sheets_of_a_handmade_workbook_keep_their_order_and_visibility(tmp_path: Path) -> None:
    workbook = HandmadeWorkbook(
        [HandmadeSheet("Skjult", '<row r="1"><c r="A1"><v>1</v></c></row>', state="hidden"), HandmadeSheet("Ark", "")]
    )
    path = workbook.write(tmp_path / "plan.xlsx")
    assert zipfile.is_zipfile(path)
    assert [(s.title, s.hidden) for s in read_workbook(path, "plan.xlsx")] == [("Skjult", True), ("Ark", False)]
