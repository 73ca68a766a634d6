"""Formatted empty cells hold no value and move no value to another column."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from assembler.read.sheet import Row
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


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            b'<row r="1"><c s="0"/><c r="B1" s="0"/><c r="C1"><v>3</v></c><c s="0" t="n"> </c></row>',
            [Row(1, {3: 3})],
        ),
        (
            b'<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<c r="B1"/>]]></t></is></c></row>',
            [Row(1, {1: '<c r="B1"/>'})],
        ),
    ],
)
def test_text_and_spaces_are_read_as_written_around_empty_cells(
    tmp_path: Path, rows: bytes, expected: list[Row]
) -> None:
    [sheet] = read_workbook(sheet_with(tmp_path, rows), "rows.xlsx")
    assert sheet.rows == expected
