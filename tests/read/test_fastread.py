"""The calamine reader gives exactly the sheets openpyxl's reader gives, or leaves the workbook to openpyxl."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import Workbook

from assembler.read.fastread import read_fast
from assembler.read.openpyxlreader import read_sheets
from assembler.read.workbook import MAX_PHYSICAL_ROWS, Sheet
from tests.factory import plan_sheets, write_workbook

EXAMPLE = Path(__file__).parents[2] / "inputs" / "engparken.xlsx"


def by_openpyxl(path: Path) -> list[Sheet]:
    with path.open("rb") as handle:
        return list(read_sheets(handle, "plan.xlsx"))


def assert_read_alike(path: Path) -> None:
    fast = read_fast(path, "plan.xlsx")
    assert fast is not None, "calamine should read this workbook"
    assert fast == by_openpyxl(path)


def test_the_example_and_the_factory_plan_are_read_alike(tmp_path: Path) -> None:
    assert_read_alike(EXAMPLE)
    assert_read_alike(write_workbook(tmp_path / "plan.xlsx", plan_sheets()))


VALUES: list[tuple[object, str | None]] = [
    (datetime(2018, 12, 9), None),
    (datetime(2018, 12, 9, 10, 30, 15), None),
    (date(1900, 1, 15), "d.m.yyyy"),  # before Excel's missing 29 February 1900
    (time(10, 30), None),
    (timedelta(hours=30, minutes=5), None),
    (0.5, "h:mm"),
    (3_000_000, "d.m.yyyy"),  # outside the calendar: kept as the number
    (45_000.25, "d.m.yyyy h:mm"),
    (0.25, "0%"),
    (0.125, "0.0 %"),
    (7, '0"%"'),  # a literal sign, no percentage
    (1, "0.00%"),
    (480_000, "#,##0"),
    (-12.5, None),
    (1e20, None),
    (3, None),
    (True, None),
    (False, None),
    ("  tekst med mellemrum  ", None),
    ("linje 1\nlinje 2 æøå €", None),
    ("0042", None),
    ("linje 1\r\nlinje 2\ttab", None),
]


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")
def test_every_kind_of_value_is_read_alike(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Værdier"
    for row, (value, number_format) in enumerate(VALUES, start=2):
        sheet.cell(row, 2, value)
        if number_format:
            sheet.cell(row, 2).number_format = number_format
    sheet["AB500"] = "langt ude"
    sheet.merge_cells("D2:E3")
    sheet.merge_cells("G7:G9")
    for row in range(600, 2600):  # formatted empty rows, as a template's
        sheet.cell(row, 1).number_format = "d.m.yyyy"
    workbook.create_sheet("Lister").sheet_state = "hidden"
    workbook.create_sheet("Skjult helt").sheet_state = "veryHidden"
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    assert_read_alike(path)


def test_a_workbook_written_by_xlsxwriter_is_read_alike(tmp_path: Path) -> None:
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
    sheet.write_string(6, 0, "  foran og bagved  ")
    workbook.close()
    assert_read_alike(path)


def saved(tmp_path: Path, workbook: Workbook) -> Path:
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("cell", "value", "data_type"),
    [
        ("A1", "=1+1", None),  # a formula openpyxl wrote: no result stored
        ("A1", "#DIV/0!", "e"),  # Excel's error value
        ("A1", "a_x000B_b", None),  # Excel's escape of a control character
    ],
)
def test_what_only_openpyxl_names_is_left_to_it(tmp_path: Path, cell: str, value: str, data_type: str | None) -> None:
    workbook = Workbook()
    workbook.active[cell] = value
    if data_type:
        workbook.active[cell].data_type = data_type
    assert read_fast(saved(tmp_path, workbook), "plan.xlsx") is None


def test_the_1904_calendar_is_left_to_openpyxl(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.epoch = datetime(1904, 1, 1)  # type: ignore[assignment]
    workbook.active["A1"] = 5
    assert read_fast(saved(tmp_path, workbook), "plan.xlsx") is None


def test_calamine_reads_by_content_not_by_the_name(tmp_path: Path) -> None:
    named = tmp_path / "plan.xltm"  # a name calamine would take for another format
    named.write_bytes(EXAMPLE.read_bytes())
    assert read_fast(named, "plan.xlsx") == by_openpyxl(named)


def test_rows_out_of_order_are_left_to_openpyxl(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active["A1"], workbook.active["A2"] = "først", "sidst"
    path = saved(tmp_path, workbook)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    first, second = re.findall(rb"<row\b.*?</row>", sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(first + second, second + first)
    reordered = tmp_path / "byttet.xlsx"
    with zipfile.ZipFile(reordered, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert read_fast(path, "plan.xlsx") is not None
    assert read_fast(reordered, "plan.xlsx") is None


def test_a_cell_whose_reference_names_another_row_is_left_to_openpyxl(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active["A1"], workbook.active["A2"] = "først", "sidst"
    path = saved(tmp_path, workbook)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    # A hostile file: the second row's cell says it is in row 3; openpyxl files it under row 2.
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b'r="A2"', b'r="A3"')
    lying = tmp_path / "skæv.xlsx"
    with zipfile.ZipFile(lying, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert read_fast(lying, "plan.xlsx") is None


def test_a_cell_far_out_is_left_to_openpyxl_before_calamine_fills_its_grid(tmp_path: Path) -> None:
    # calamine would fill A1:ZZ5000 (3.5 million cells); at XFD1048576 the allocation fails and the
    # process aborts, so the extent is judged from the XML first.
    workbook = Workbook()
    workbook.active["A1"], workbook.active["ZZ5000"] = "her", "langt ude"
    path = saved(tmp_path, workbook)
    assert read_fast(path, "plan.xlsx") is None
    assert [row.number for row in by_openpyxl(path)[0].rows] == [1, 5000]


def restyled(path: Path, old: bytes, new: bytes, tmp_path: Path) -> Path:
    """A copy of a workbook with its styles part changed as another program might write it."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert old in parts["xl/styles.xml"]
    parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(old, new)
    copy = tmp_path / "andet-program.xlsx"
    with zipfile.ZipFile(copy, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return copy


def test_an_east_asian_built_in_date_format_is_left_to_openpyxl(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active["A1"] = 45000
    workbook.active["A1"].number_format = "0.0000"  # a custom format, renumbered below to built-in 30
    path = saved(tmp_path, workbook)
    with zipfile.ZipFile(path) as archive:
        custom = re.search(rb'numFmtId="(1[6-9][0-9])"', archive.read("xl/styles.xml"))
    assert custom is not None
    locale_date = restyled(path, b'<xf numFmtId="' + custom.group(1), b'<xf numFmtId="30', tmp_path)
    assert read_fast(locale_date, "plan.xlsx") is None  # calamine reads 15.3.2023, openpyxl the number
    assert by_openpyxl(locale_date)[0].rows[0].cells == {1: 45000}


def test_a_style_naming_a_custom_format_never_defined_reads_as_general(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active["A1"] = 0.25
    workbook.active["A1"].number_format = "0%"  # built-in 9, renamed below to an undefined custom id
    path = restyled(saved(tmp_path, workbook), b'<xf numFmtId="9"', b'<xf numFmtId="200"', tmp_path)
    assert by_openpyxl(path)[0].rows[0].cells == {1: 0.25}  # it raised IndexError


def with_rows(tmp_path: Path, rows: bytes, name: str = "ark.xlsx") -> Path:
    """A workbook whose one sheet holds the given <row> elements after its first row."""
    workbook = Workbook()
    workbook.active["A1"] = "her"
    with zipfile.ZipFile(saved(tmp_path, workbook)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"</row>", b"</row>" + rows, 1)
    changed = tmp_path / name
    with zipfile.ZipFile(changed, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return changed


def test_formatted_empty_cells_far_out_make_no_grid_and_are_read_fast(tmp_path: Path) -> None:
    # The grid's size is judged from the cells with a value only, since calamine places no others.
    path = with_rows(tmp_path, b'<row r="1048576"><c r="XFD1048576" s="0"/><c r="A1048576" t="n"></c></row>')
    from python_calamine import CalamineWorkbook

    with path.open("rb") as handle:
        grid = CalamineWorkbook.from_filelike(handle).get_sheet_by_name("Sheet").to_python(skip_empty_area=False)
    assert grid == [["her"]]
    assert_read_alike(path)


def test_a_cell_with_a_namespace_prefix_far_out_is_left_to_openpyxl(tmp_path: Path) -> None:
    prefixed = b'<row r="5000"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    path = with_rows(tmp_path, prefixed + b' r="ZZ5000"><x:v>1</x:v></x:c></row>')
    assert read_fast(path, "plan.xlsx") is None


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="B2" t="inlineStr"><v>5</v></c>',  # a value where text belongs
        b'<c r="B2" t="s"><is><t>tekst</t></is></c>',  # text where a value belongs
        b"<c r='B2' t='n'><v>5</v></c>",  # another program's quotes
        b'<c t="n" r="B2"><v>5</v></c>',  # another order
        b'<c r="B2" t="n"><v>7.5</v><extLst/></c>',  # more than a value
    ],
)
def test_cells_written_otherwise_are_read_alike_or_left_to_openpyxl(tmp_path: Path, cell: bytes) -> None:
    path = with_rows(tmp_path, b'<row r="2">' + cell + b"</row>")
    fast = read_fast(path, "plan.xlsx")
    assert fast is None or fast == by_openpyxl(path)


@pytest.mark.parametrize(
    "rows",
    [
        b'<row><c r="A2"><v>1</v></c></row>',  # a row without its number
        b'<row r="0"><c r="A0"><v>1</v></c></row>',  # a row before the first
        b'<row r="2" spans="1:1"></row><c r="A2"><v>1</v></c>',  # a cell outside its row
    ],
)
def test_rows_that_cannot_be_vouched_for_are_left_to_openpyxl(tmp_path: Path, rows: bytes) -> None:
    assert read_fast(with_rows(tmp_path, rows), "plan.xlsx") is None


def test_a_workbook_with_a_picture_a_comment_and_a_table_is_read_fast_and_alike(tmp_path: Path) -> None:
    # calamine is given the XML parts only (the sheets without their empty cells), not the picture.
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixel = zlib.compress(b"\0\xff\0\0")
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")
    path = tmp_path / "plan.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Ark")
    sheet.write(0, 0, "tekst")
    sheet.write(1, 0, 12.5)
    sheet.insert_image("C3", "billede.png", {"image_data": io.BytesIO(png)})
    sheet.write_comment("A1", "en kommentar")
    sheet.add_table("E1:F3", {"data": [[1, 2], [3, 4]]})
    workbook.close()
    assert_read_alike(path)


@pytest.mark.parametrize("extra", [0, 1])
def test_rows_of_formatted_empty_cells_count_towards_the_physical_rows(tmp_path: Path, extra: int) -> None:
    count = MAX_PHYSICAL_ROWS - 1 + extra  # besides the row of 'her'
    row = b'<row r="%d"><c r="A%d" s="0"/><c r="B%d" s="0"></c></row>'
    empty = b"".join(row % (n, n, n) for n in range(2, count + 2))
    path = with_rows(tmp_path, empty)
    fast = read_fast(path, "plan.xlsx")
    assert (fast is None) == bool(extra)  # one row too many: openpyxl names it
