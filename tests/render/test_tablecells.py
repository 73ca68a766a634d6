"""Reading a rendered table's cells: the one walk and the cell-by-cell reading agree, and the layout they give."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest
from lxml import etree

from assembler.render.layout import fit_tables
from assembler.render.tablecells import _cells_in_one_walk, _cells_one_by_one, table_cells
from assembler.wordxml import W_NS

W = f"{{{W_NS}}}"


def table(rows: str) -> etree._Element:
    return etree.fromstring(f'<w:tbl xmlns:w="{W_NS}"><w:tblGrid/>{rows}</w:tbl>')


def plain(cells: Any) -> dict[str, Any]:
    """Return a reading as data, with the elements named by where they are, so two readings compare."""
    data = asdict(cells)
    data["widths"] = [None if w is None else w.getroottree().getpath(w) for w in cells.widths]
    data["bare"] = {n: e.getroottree().getpath(e) for n, e in cells.bare.items()}
    return data


CELL = "<w:tc><w:tcPr><w:tcW w:w='1' w:type='dxa'/></w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
WALKED = [
    "<w:tr>" + CELL.format("Aktivitet") + CELL.format("Status") + "</w:tr>",
    # a span, a cell without properties, one without a width, two paragraphs, an empty cell, a text's tail
    "<w:tr><w:tc><w:tcPr><w:gridSpan w:val='2'/><w:tcW w:w='2'/></w:tcPr><w:p><w:r><w:t>Over to</w:t></w:r></w:p>"
    "</w:tc><w:tc><w:p><w:r><w:t>uden</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:tcPr><w:shd w:fill='FFFFFF'/></w:tcPr><w:p><w:r><w:t>Første</w:t></w:r></w:p><w:p><w:r>"
    "<w:t>anden linje</w:t> </w:r></w:p></w:tc><w:tc/></w:tr>",
    # a content control inside a cell's paragraph is read by the walk
    "<w:tr><w:tc><w:p><w:sdt><w:sdtContent><w:r><w:t>i kontrol</w:t></w:r></w:sdtContent></w:sdt></w:p></w:tc></w:tr>",
    # a span found after the cell's paragraphs takes them out again; a spanning cell without paragraphs
    "<w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p/><w:tcPr><w:gridSpan w:val='2'/></w:tcPr></w:tc>"
    "<w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>",
    # empty text elements, a text's tail without text, several texts in a paragraph
    "<w:tr><w:tc><w:p><w:r><w:t/></w:r><w:r><w:t/> </w:r><w:r><w:t>x</w:t><w:t>y</w:t></w:r></w:p></w:tc></w:tr>",
]
ONE_BY_ONE = [
    # a table inside a cell, whose paragraphs are also the outer cell's
    "<w:tr><w:tc><w:tbl><w:tr>" + CELL.format("indre") + "</w:tr></w:tbl><w:p/></w:tc></w:tr>",
    # rows and cells inside content controls, which the cell-by-cell reading leaves out
    "<w:sdt><w:sdtContent><w:tr>" + CELL.format("skjult række") + "</w:tr></w:sdtContent></w:sdt>",
    "<w:tr><w:sdt><w:sdtContent>" + CELL.format("skjult celle") + "</w:sdtContent></w:sdt></w:tr>",
    "<w:customXml><w:tr>" + CELL.format("skjult") + "</w:tr></w:customXml>",
    # a text box, whose paragraphs lie inside another paragraph
    "<w:tr><w:tc><w:p><w:r><w:t>før</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>boks</w:t></w:r></w:p>"
    "</w:txbxContent></w:pict></w:r><w:r><w:t>efter</w:t></w:r></w:p></w:tc></w:tr>",
    # a tracked change of a cell's properties holds a width and a span of its own
    "<w:tr><w:tc><w:tcPr><w:tcPrChange><w:tcPr><w:gridSpan w:val='3'/><w:tcW w:w='9'/></w:tcPr></w:tcPrChange>"
    "</w:tcPr><w:p/></w:tc></w:tr>",
]


@pytest.mark.parametrize("rows", WALKED)
def test_tablecells_the_walk_reads_what_the_cell_by_cell_reading_reads(rows: str) -> None:
    walked = _cells_in_one_walk(table(rows))
    assert walked is not None
    assert plain(walked) == plain(_cells_one_by_one(table(rows)))


@pytest.mark.parametrize("rows", ONE_BY_ONE)
def test_tablecells_a_table_the_walk_cannot_read_exactly_is_read_cell_by_cell(rows: str) -> None:
    assert _cells_in_one_walk(table(rows)) is None
    assert plain(table_cells(table(rows))) == plain(_cells_one_by_one(table(rows)))


def test_tablecells_paragraphs_spans_and_tails() -> None:
    cells = table_cells(table(WALKED[1]))
    assert (cells.starts, cells.spans) == ([0, 2, 0, 1], [2, 1, 1, 1])
    # Only cells spanning one column are measured; a text's tail belongs to its paragraph, as itertext reads it.
    assert list(zip(cells.text_columns, cells.texts, strict=True)) == [
        (2, "uden"),
        (0, "Første"),
        (0, "anden linje "),
        (1, ""),
    ]
    assert cells.text_rows == [0, 1, 1, 1]  # each paragraph's row, by its number in the table
    assert sorted(cells.bare) == [1, 2, 3]


def test_tablecells_fitting_gives_missing_widths_their_place_in_the_cell_properties() -> None:
    body = etree.fromstring(
        f'<w:body xmlns:w="{W_NS}"><w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/>'
        f"<w:gridCol/></w:tblGrid>{WALKED[1]}</w:tbl></w:body>"
    )
    fit_tables(body)
    properties = [[child.tag.removeprefix(W) for child in cell.find(f"{W}tcPr")] for cell in body.iter(f"{W}tc")]
    assert properties == [["gridSpan", "tcW"], ["tcW"], ["tcW", "shd"], ["tcW"]]
    assert [child.tag.removeprefix(W) for child in body.find(f"{W}tbl/{W}tblPr")] == ["tblW"]
