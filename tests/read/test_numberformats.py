from pathlib import Path

import pytest
from openpyxl import Workbook

from assembler.read.numberformats import is_percent_format
from assembler.read.sheet import Percentage
from assembler.read.workbook import read_workbook


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("0%", True),
        ("0.00%", True),
        ("0,0 %", True),
        ('0.0 %;[Red]-0.0 %;"nul"', True),
        ("#,##0", False),
        ("d.m.yyyy", False),
        ('0" %"', False),  # the sign as literal text: the number is not multiplied by 100
        ("0\\%", False),
        ("[$%-406]0", False),
        ("General", False),
    ],
)
def test_is_percent_format(code: str, expected: bool) -> None:
    assert is_percent_format(code) is expected


def test_read_workbook_reads_built_in_and_custom_percentage_cells_as_percentages(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ark"
    formats = ["0%", "0.0 %", "#,##0", '0" %"', "General"]
    for row, number_format in enumerate(formats, start=1):
        sheet.cell(row, 1, 0.5).number_format = number_format
    workbook.save(tmp_path / "formats.xlsx")
    [read] = read_workbook(tmp_path / "formats.xlsx", "formats.xlsx")
    assert [row.cells[1] for row in read.rows] == [Percentage(0.5), Percentage(0.5), 0.5, 0.5, 0.5]
