"""Formatted empty cells are left out before parsing, without moving any value to another column."""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from assembler.read.fastread import read_fast
from assembler.read.openpyxlreader import read_sheets
from assembler.read.sheetxml import EMPTY_CELL
from assembler.read.workbook import read_workbook

EMPTY_THEN_VALUES = (
    b'<row r="1"><c r="A1" s="0"/><c r="B1" t="n"></c><c r="C1"><v>3</v></c></row>'
    b'<row r="2"><c r="A2" s="0"/><c><v>7</v></c></row>'  # no reference: the column after the empty cell
)


def sheet_with(tmp_path: Path, rows: bytes) -> Path:
    """Write a workbook whose one sheet holds the given <row> elements as they are."""
    plain = tmp_path / "plain.xlsx"
    workbook = Workbook()
    workbook.active.title = "Ark"
    workbook.save(plain)
    target = tmp_path / "rows.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as written:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData></sheetData>", b"<sheetData>" + rows + b"</sheetData>")
                assert rows in data
            written.writestr(info, data)
    return target


@pytest.mark.parametrize("referenced", [True, False])
def test_values_keep_their_columns_around_empty_cells(tmp_path: Path, referenced: bool) -> None:
    rows = EMPTY_THEN_VALUES if not referenced else EMPTY_THEN_VALUES.replace(b"<c><v>7", b'<c r="B2"><v>7')
    [sheet] = read_workbook(sheet_with(tmp_path, rows), "rows.xlsx")
    assert [(row.number, row.cells) for row in sheet.rows] == [(1, {3: 3}), (2, {2: 7})]


def test_the_empty_cell_pattern_is_the_first_one_without_its_backtracking() -> None:
    first = re.compile(rb"<c [^<>]*?(?:/>|>\s*</c>)")  # as it was: the same, but slow on thousands of cells
    pieces = [b"<c ", b'r="A1"', b" ", b"/", b">", b"</c>", b"<v>1</v>", b"\n", b"<c>", b'"/>"', b"<"]
    for size in range(1, 6):
        for combination in itertools.product(pieces, repeat=size):
            text = b"".join(combination)
            assert EMPTY_CELL.sub(b"", text) == first.sub(b"", text), text


@pytest.mark.parametrize(
    "rows",
    [
        b'<row r="1"><c s="0"/><c r="B1" s="0"/><c r="C1"><v>3</v></c><c s="0" t="n"> </c></row>',
        b'<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<c r="B1"/>]]></t></is></c></row>',
    ],
)
def test_the_fast_reader_reads_around_empty_cells_as_openpyxl_does(tmp_path: Path, rows: bytes) -> None:
    path = sheet_with(tmp_path, rows)
    with path.open("rb") as handle:
        by_openpyxl = list(read_sheets(handle, "rows.xlsx"))
    assert read_fast(path, "rows.xlsx") in (None, by_openpyxl)
    assert read_workbook(path, "rows.xlsx") == by_openpyxl
