"""Reading a workbook: the rows that hold values, where each cell is, and what Excel stored, nothing more."""

from __future__ import annotations

import io
import zlib
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import Workbook

from assembler.errors import InputError
from assembler.read.sheet import ExcelError, MergedRange, Percentage, Row, UncachedFormula, column_letter
from assembler.read.workbook import read_workbook
from tests.read.handmade import one_sheet


def saved(path: Path, workbook: Workbook) -> Path:
    workbook.save(path)
    return path


def test_workbook_keeps_the_rows_with_values_and_their_columns(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Budget"
    sheet["A1"], sheet["C1"] = "Post", "Budget 2018"
    sheet["A3"], sheet["C3"] = "Projektleder", 480_000
    sheet["B4"] = "   "  # blank text is no value
    (read,) = read_workbook(saved(tmp_path / "plan.xlsx", workbook), "inputs/plan.xlsx")
    assert [(row.number, row.cells) for row in read.rows] == [
        (1, {1: "Post", 3: "Budget 2018"}),
        (3, {1: "Projektleder", 3: 480_000}),
    ]
    assert str(read.location(3, 3)) == "inputs/plan.xlsx › Budget!C3"
    assert str(read.location(row=3)) == "inputs/plan.xlsx › Budget, række 3"


def test_workbook_names_what_excel_stored_beyond_plain_values(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = datetime(2018, 12, 9)
    sheet["B1"] = 0.25
    sheet["B1"].number_format = "0%"
    sheet["C1"] = "=1+1"  # written by a program: no cached result
    sheet["D1"] = "#DIV/0!"
    sheet["D1"].data_type = "e"
    (read,) = read_workbook(saved(tmp_path / "plan.xlsx", workbook), "plan.xlsx")
    assert read.rows[0].cells == {
        1: datetime(2018, 12, 9),
        2: Percentage(0.25),
        3: UncachedFormula("=1+1"),
        4: ExcelError("#DIV/0!"),
    }


def test_workbook_reads_hidden_sheets_and_says_so(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Stamdata"
    workbook.create_sheet("Lister").sheet_state = "hidden"
    sheets = read_workbook(saved(tmp_path / "plan.xlsx", workbook), "plan.xlsx")
    assert [(s.title, s.hidden) for s in sheets] == [("Stamdata", False), ("Lister", True)]


def test_workbook_that_is_no_workbook_is_a_located_problem(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"")
    with pytest.raises(InputError) as caught:
        read_workbook(path, "inputs/plan.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "inputs/plan.xlsx: filen er tom (0 byte). Hvis den er ved at blive kopieret, så prøv igen, "
        "når kopieringen er færdig."
    ]


@pytest.mark.parametrize(("column", "letters"), [(1, "A"), (26, "Z"), (28, "AB"), (16384, "XFD")])
def test_workbook_column_letters_are_excel_s(column: int, letters: str) -> None:
    assert column_letter(column) == letters


VALUES: list[tuple[object, str | None, object]] = [
    (datetime(2018, 12, 9), None, datetime(2018, 12, 9)),
    (datetime(2018, 12, 9, 10, 30, 15), None, datetime(2018, 12, 9, 10, 30, 15)),
    (date(1900, 1, 15), "d.m.yyyy", datetime(1900, 1, 15)),  # before Excel's 29 February 1900, which never was
    (time(10, 30), None, time(10, 30)),
    (timedelta(hours=30, minutes=5), None, timedelta(hours=30, minutes=5)),
    (0.5, "h:mm", time(12)),
    (3_000_000, "d.m.yyyy", 3_000_000),  # outside the calendar: Excel shows ####, the number stays
    (45_000.25, "d.m.yyyy h:mm", datetime(2023, 3, 15, 6)),
    (0.25, "0%", Percentage(0.25)),
    (0.125, "0.0 %", Percentage(0.125)),
    (7, '0"%"', 7),  # a literal sign: no percentage
    (1, "0.00%", Percentage(1)),
    (480_000, "#,##0", 480_000),
    (-12.5, None, -12.5),
    (1e20, None, 1e20),
    (3, None, 3),
    (True, None, True),
    (False, None, False),
    ("  tekst med mellemrum  ", None, "  tekst med mellemrum  "),
    ("linje 1\nlinje 2 æøå €", None, "linje 1\nlinje 2 æøå €"),
    ("0042", None, "0042"),
    ("a_x000B_b", None, "a_x000B_b"),  # Excel's escape, handed on for the contract to clean
]


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")
def test_every_kind_of_value_reads_as_excel_shows_it(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Værdier"
    for row, (value, number_format, _) in enumerate(VALUES, start=2):
        sheet.cell(row, 2, value)
        if number_format:
            sheet.cell(row, 2).number_format = number_format
    sheet["AB500"] = "langt ude"
    sheet.merge_cells("D2:E3")
    for row in range(600, 2600):  # formatted empty rows, as a template's
        sheet.cell(row, 1).number_format = "d.m.yyyy"
    workbook.create_sheet("Skjult helt").sheet_state = "veryHidden"
    [read, hidden] = read_workbook(saved(tmp_path / "plan.xlsx", workbook), "plan.xlsx")
    assert read.rows == [Row(n, {2: expected}) for n, (_, _, expected) in enumerate(VALUES, start=2)] + [
        Row(500, {28: "langt ude"})
    ]
    assert read.merged == [MergedRange("D2:E3", 4, 2, 5, 3)]
    assert (hidden.title, hidden.hidden, hidden.rows) == ("Skjult helt", True, [])


def test_a_workbook_written_by_xlsxwriter_reads_with_its_shared_and_rich_strings(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Budget")
    sheet.write_string(0, 0, "Post")
    sheet.write_number(1, 0, 480000)
    sheet.write_number(2, 0, 0.3, workbook.add_format({"num_format": "0%"}))
    sheet.write_datetime(3, 0, datetime(2020, 5, 17), workbook.add_format({"num_format": "d.m.yyyy"}))
    sheet.write_boolean(4, 0, True)
    sheet.merge_range("C1:D2", "flettet")
    sheet.write_rich_string(5, 0, "fed ", workbook.add_format({"bold": True}), "og", " almindelig")
    sheet.insert_image("F3", "billede.png", {"image_data": io.BytesIO(PNG)})
    sheet.write_comment("A1", "en kommentar")
    sheet.add_table("H1:I3", {"data": [[1, 2], [3, 4]]})
    workbook.close()
    [read] = read_workbook(path, "plan.xlsx")
    assert read.rows == [
        Row(1, {1: "Post", 3: "flettet", 8: "Column1", 9: "Column2"}),
        Row(2, {1: 480000, 8: 1, 9: 2}),
        Row(3, {1: Percentage(0.3), 8: 3, 9: 4}),
        Row(4, {1: datetime(2020, 5, 17)}),
        Row(5, {1: True}),
        Row(6, {1: "fed og almindelig"}),
    ]
    assert read.merged == [MergedRange("C1:D2", 3, 1, 4, 2)]


def png() -> bytes:
    """A one-pixel picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
        + chunk(b"IEND", b"")
    )


PNG = png()


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ("<c r='B2' t='n'><v>5</v></c>", {2: 5}),  # another program's quotes
        ('<c t="n" r="B2"><v>5</v></c>', {2: 5}),  # another order
        ('<c r="B2" t="n"><v>7.5</v><extLst/></c>', {2: 7.5}),  # more than a value
        ('<c r="B2" t="inlineStr"><v>5</v></c>', None),  # a value where text belongs: nothing
        ('<c r="B2" t="s"><is><t>tekst</t></is></c>', None),  # text where a value belongs: nothing
        ('<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="B2"><x:v>1</x:v></x:c>', {2: 1}),
        ('<c r="B2"><v>nan</v></c><c r="C2" t="b"><v>TRUE</v></c>', {2: "nan", 3: "TRUE"}),  # Excel never writes these
        ('<c r="B2" t="d"><v>2018-12-09</v></c><c r="C2" t="str"><v>tekst</v></c>', {2: date(2018, 12, 9), 3: "tekst"}),
    ],
)
def test_cells_written_otherwise_read_as_their_xml_says(
    tmp_path: Path, cells: str, expected: dict[int, object]
) -> None:
    [sheet] = read_workbook(one_sheet(f'<row r="2">{cells}</row>').write(tmp_path / "plan.xlsx"), "plan.xlsx")
    assert sheet.problems == []
    assert sheet.rows == ([Row(2, expected)] if expected else [])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ('<row><c r="A1"><v>1</v></c></row><row><c><v>2</v></c></row>', [Row(1, {1: 1}), Row(2, {1: 2})]),
        ('<row r="4"><c r="A4"><v>1</v></c></row><c r="B9"><v>2</v></c>', [Row(4, {1: 1}), Row(9, {2: 2})]),
    ],
    ids=["rows without numbers follow the one before", "a cell outside every row, placed by its reference"],
)
def test_rows_without_numbers_and_cells_outside_rows_are_placed(tmp_path: Path, rows: str, expected: list[Row]) -> None:
    [sheet] = read_workbook(one_sheet(rows).write(tmp_path / "plan.xlsx"), "plan.xlsx")
    assert (sheet.rows, sheet.problems) == (expected, [])


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            '<row r="0"><c><v>1</v></c></row>',
            "plan.xlsx › Ark: en række har nummeret '0', som ikke findes i Excel. Åbn den i Excel og gem den igen.",
        ),
        (
            '<row r="2"><c r="XFE2"><v>1</v></c></row>',
            "plan.xlsx › Ark, række 2: en celle har referencen 'XFE2', som ikke findes i Excel. "
            "Åbn den i Excel og gem den igen.",
        ),
        (
            "<c><v>1</v></c>",
            "plan.xlsx › Ark: en celle står uden for arkets rækker og uden reference. Åbn den i Excel og gem den igen.",
        ),
    ],
)
def test_places_outside_excel_s_grid_are_located(tmp_path: Path, rows: str, message: str) -> None:
    [sheet] = read_workbook(one_sheet(rows).write(tmp_path / "plan.xlsx"), "plan.xlsx")
    assert [str(p) for p in sheet.problems] == [message]
    assert not sheet.is_readable


def test_a_chart_sheet_holds_no_cells_and_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    data = workbook.add_worksheet("Tal")
    data.write_column(0, 0, [1, 2, 3])
    chart = workbook.add_chart({"type": "column"})
    chart.add_series({"values": "=Tal!$A$1:$A$3"})
    workbook.add_chartsheet("Diagram").set_chart(chart)
    workbook.close()
    assert [(s.title, [r.cells for r in s.rows]) for s in read_workbook(path, "plan.xlsx")] == [
        ("Tal", [{1: 1}, {1: 2}, {1: 3}])
    ]


@pytest.mark.parametrize(
    ("rows", "where"),
    [
        ('<row r="1"><c r="A1"><c r="B1"><v>1</v></c><v>2</v></c></row>', "Ark!A1"),
        ('<row r="1"><c r="A1"><v>1</v></c><row r="2"><c><v>2</v></c></row></row>', "Ark, række 1"),
    ],
)
def test_a_cell_or_row_inside_another_is_refused_not_half_read(tmp_path: Path, rows: str, where: str) -> None:
    [sheet] = read_workbook(one_sheet(rows).write(tmp_path / "plan.xlsx"), "plan.xlsx")
    assert [str(p) for p in sheet.problems] == [
        f"plan.xlsx › {where}: filen har en celle eller række inde i en anden, hvilket Excel aldrig skriver. "
        "Åbn den i Excel og gem den igen."
    ]
    assert sheet.rows == []


def test_a_sheet_of_cells_in_no_order_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    # A cell at the grid's last row first: every cell after it is out of order and must be remembered.
    first = '<row r="1"><c r="A1048576" s="0"/></row>'
    cells = "".join(
        f'<row r="{row}">' + "".join(f'<c r="{column_letter(c)}{row}" s="0"/>' for c in range(1, 16385)) + "</row>"
        for row in range(2, 9)
    )
    [sheet] = read_workbook(one_sheet(first + cells).write(tmp_path / "plan.xlsx"), "plan.xlsx")
    assert [str(p) for p in sheet.problems] == [
        "plan.xlsx › Ark: arkets celler står i så uordnet rækkefølge i filen, at de ikke kan læses. "
        "Åbn den i Excel og gem den igen."
    ]
