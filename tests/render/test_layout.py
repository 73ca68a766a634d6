"""The example's reports as Word reads them: valid OOXML, one table size, words whole, a kind's widths shared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree
from openxml_audit import OpenXmlValidator

from assembler.app.cli import main
from assembler.render.columnwidths import Row, cell_lines, choose_widths
from assembler.render.layout import AIR, cell_extent, text_width
from assembler.render.schemaorder import order_properties
from assembler.wordxml import VAL, W
from tests import docxdump
from tests.conftest import EXAMPLE
from tests.reports import example_plan, example_reports, report_name

REPORTS = example_reports()
PAGE = 11906 - 2 * 1417  # A4 less the templates' margins, in twips


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
    document = Document(str(built / report))
    for table in document.element.body.iter(f"{W}tbl"):
        widths = [int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")]
        assert sum(widths) <= PAGE
        (size,) = table_sizes(document, table)
        for row in table.iter(f"{W}tr"):
            for cell, width in zip(row.iter(f"{W}tc"), widths, strict=True):
                longest_word, _ = cell_extent(cell, size)
                text = etree.tostring(cell, encoding=str, method="text")
                assert longest_word + cell_margins(table) + AIR <= width, text


def table_sizes(document: Any, table: etree._Element) -> set[int]:
    """Return the sizes (half points) a table's text is set in: each run's own, or its paragraph's style's."""
    styles = {style.style_id: style for style in document.styles}
    sizes = set()
    for paragraph in table.iter(f"{W}p"):
        style_id = paragraph.find(f"{W}pPr/{W}pStyle")
        style = styles.get(style_id.get(VAL)) if style_id is not None else None
        for run in paragraph.iter(f"{W}r"):
            if run.find(f"{W}t") is None:
                continue
            own = run.find(f"{W}rPr/{W}sz")
            assert own is None, "the size is the table paragraphs' style's, so staff change it in one place"
            assert style is not None and style.font.size is not None
            sizes.add(int(style.font.size.pt * 2))
    return sizes


def cell_margins(table: etree._Element) -> int:
    """Return a table's left and right cell margins together, as the templates give each table its own."""
    return sum(int(table.find(f"{W}tblPr/{W}tblCellMar/{W}{side}").get(f"{W}w")) for side in ("left", "right"))


@pytest.mark.parametrize("report", REPORTS)
def test_layout_one_table_font_size_per_document(built: Path, report: str) -> None:
    document = Document(str(built / report))
    sizes = set().union(*(table_sizes(document, table) for table in document.element.body.iter(f"{W}tbl")))
    assert len(sizes) == 1, sizes


@pytest.mark.parametrize("report", REPORTS)
def test_layout_tables_of_one_kind_share_their_widths(built: Path, report: str) -> None:
    kinds: dict[tuple[str, ...], set[tuple[int, ...]]] = {}
    for table in Document(str(built / report)).element.body.iter(f"{W}tbl"):
        header = tuple("".join(cell.itertext(f"{W}t")) for cell in table.find(f"{W}tr").iter(f"{W}tc"))
        kinds.setdefault(header, set()).add(tuple(int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")))
    assert {header: len(widths) for header, widths in kinds.items() if len(widths) > 1} == {}


def test_layout_headings_and_their_lead_in_keep_with_what_follows(built: Path) -> None:
    document = Document(str(built / report_name("fremdrift", example_plan())))
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
        ([300, 300], [900, 900], 300, [150, 150]),  # not even the words fit: shrunk alike
    ],
)
def test_layout_widths_where_no_text_wraps_or_no_word_fits(
    least: list[int], most: list[int], available: int, expected: list[int]
) -> None:
    assert choose_widths(least, most, {}, 0, available) == expected


def words(*widths: float) -> tuple[tuple[float, float], ...]:
    """Return a paragraph of words of these widths, a space of 10 between them."""
    return tuple((10.0 if number else 0.0, width) for number, width in enumerate(widths))


COMMENT = (words(*[100] * 12),)  # twelve words: 1,310 on one line
HEADER = (words(300, 300),)  # »Mål-opfyldelse«: two pieces, 610 on one line


def test_layout_a_comment_gets_the_room_its_text_needs_before_a_number_header() -> None:
    rows = {Row(((0, COMMENT),)): 1, Row(((1, HEADER),), header=True): 4}
    widths = choose_widths([100, 300], [1310, 610], rows, 0, 1000)
    # The comment's row gets the room (two lines of six words), not the header of four tables.
    assert [cell_lines(COMMENT, widths[0]), cell_lines(HEADER, widths[1])] == [2, 2]
    assert sum(widths) == 1000


def test_layout_a_row_is_as_low_as_its_tallest_cell_lets_it_be() -> None:
    # Shared in proportion to what each lacks (330 and 220), the row would keep three lines.
    four, three = (words(100, 100, 100, 100),), (words(100, 100, 100),)
    widths = choose_widths([100, 100], [430, 320], {Row(((0, four), (1, three))): 1}, 0, 420)
    assert widths == [210, 210]
    assert max(cell_lines(four, widths[0]), cell_lines(three, widths[1])) == 2


@pytest.mark.parametrize(
    ("word", "bold_ems"),
    # Advance widths summed from Carlito Bold's hmtx table (Calibri's metrics), in ems.
    [("Virksomhedsnetværk", 8.868), ("Forældrenetværk", 7.238), ("Tryghedsvandringer", 8.285), ("WWWWWWWWWW", 9.062)],
)
def test_layout_text_width_errs_on_the_wide_side_of_calibri_bold(word: str, bold_ems: float) -> None:
    at_9_pt = bold_ems * 9 * 20  # twips
    assert at_9_pt <= text_width(word, 18) < 1.25 * at_9_pt
