"""The example's reports as Word reads them: valid OOXML, columns as wide as their words, one table size."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree
from openxml_audit import OpenXmlValidator

from assembler.app.cli import main
from assembler.render.layout import CELL_PADDING, cell_extent, share_width, text_width
from assembler.render.wordxml import order_properties
from tests import docxdump
from tests.conftest import EXAMPLE
from tests.reports import example_reports

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPORTS = example_reports()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("outputs")
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out / "engparken"


@pytest.mark.parametrize("report", REPORTS)
def test_layout_every_report_is_valid_ooxml(built: Path, report: str) -> None:
    # The Open XML SDK's checks (schema order, attribute values, the parts' relations and the
    # styles Word compares), ported to Python. No rule is ignored: none flags what ECMA-376 allows.
    result = OpenXmlValidator().validate(str(built / report))
    problems = [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors]
    assert problems == []


def test_layout_cell_shading_comes_after_the_width_as_the_schema_orders_it() -> None:
    # docxtpl's {% cellbg %} writes the shading first, where Word expects the width.
    cell = etree.fromstring(
        f'<w:tc xmlns:w="{W[1:-1]}"><w:tcPr><w:shd w:fill="F4B6B6"/><w:vAlign/><w:tcW w:w="1"/></w:tcPr></w:tc>'
    )
    assert order_properties(cell) == 1
    assert [child.tag.removeprefix(W) for child in cell[0]] == ["tcW", "shd", "vAlign"]
    assert order_properties(cell) == 0


@pytest.mark.parametrize("report", REPORTS)
def test_layout_every_column_is_at_least_as_wide_as_its_longest_word(built: Path, report: str) -> None:
    body = Document(str(built / report)).element.body
    page = 11906 - 2 * 1417  # A4 less the templates' margins, in twips
    for table in body.iter(f"{W}tbl"):
        widths = [int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")]
        assert sum(widths) <= page
        for row in table.iter(f"{W}tr"):
            for cell, width in zip(row.iter(f"{W}tc"), widths, strict=True):
                longest_word, _ = cell_extent(cell, font_half_points(cell))
                assert longest_word + CELL_PADDING <= width, etree.tostring(cell, encoding=str, method="text")


def font_half_points(cell: etree._Element) -> int:
    sizes = {int(size.get(f"{W}val")) for size in cell.iter(f"{W}sz")}
    assert len(sizes) <= 1
    return sizes.pop() if sizes else 22


@pytest.mark.parametrize("report", REPORTS)
def test_layout_one_table_font_size_per_document(built: Path, report: str) -> None:
    body = Document(str(built / report)).element.body
    run_sizes = {
        size.get(f"{W}val") if size is not None else None
        for table in body.iter(f"{W}tbl")
        for run in table.iter(f"{W}r")
        for size in [run.find(f"{W}rPr/{W}sz")]
        if run.find(f"{W}t") is not None
    }
    assert len(run_sizes) == 1 and None not in run_sizes, run_sizes


def test_layout_headings_and_their_lead_in_keep_with_what_follows(built: Path) -> None:
    document = Document(str(built / "Fremdriftsrapport 2025.docx"))
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        assert document.styles[name].paragraph_format.keep_with_next, name
    paragraphs = docxdump.paragraphs(document)
    area = next(i for i, p in enumerate(paragraphs) if p.text == "Beskæftigelse")
    assert paragraphs[area + 1].text.startswith("Indsatsområdet har 3 aktiviteter")
    assert paragraphs[area + 1].paragraph_format.keep_with_next


@pytest.mark.parametrize(
    ("least", "most", "available", "expected"),
    [
        ([100, 100], [200, 100], 600, [400, 200]),  # all fits on one line: widened alike to the page
        ([100, 100], [900, 100], 600, [500, 100]),  # the room goes where text wraps
        ([300, 300], [900, 900], 300, [150, 150]),  # not even the words fit: shrunk alike
    ],
)
def test_layout_share_width(least: list[int], most: list[int], available: int, expected: list[int]) -> None:
    assert share_width(least, most, available) == expected


@pytest.mark.parametrize(
    ("word", "bold_ems"),
    # Advance widths summed from Carlito Bold's hmtx table (Calibri's metrics), in ems.
    [("Virksomhedsnetværk", 8.868), ("Forældrenetværk", 7.238), ("Tryghedsvandringer", 8.285), ("WWWWWWWWWW", 9.062)],
)
def test_layout_text_width_errs_on_the_wide_side_of_calibri_bold(word: str, bold_ems: float) -> None:
    at_9_pt = bold_ems * 9 * 20  # twips
    assert at_9_pt <= text_width(word, 18) < 1.25 * at_9_pt
