"""Reading a rendered table's cells for its layout: each cell's grid column, span, width element and text.

A report's tables hold thousands of cells, so a table is read in one walk in which lxml picks out
the elements in C. A table whose cells the walk cannot tell apart exactly (a table or a text box
inside it, rows or cells wrapped in a content control or custom XML, a tracked change of a cell's
properties) is read cell by cell instead; both readings give the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TABLE = f"{W}tbl"
_ROW = f"{W}tr"
_CELL = f"{W}tc"
_CELL_PROPERTIES = f"{W}tcPr"
_CELL_WIDTH = f"{W}tcW"
_GRID_SPAN = f"{W}gridSpan"
_PARAGRAPH = f"{W}p"
_TEXT = f"{W}t"
_VALUE = f"{W}val"
# Where a walk's elements could belong to another cell, another table or no cell: read cell by cell.
_TEXT_BOX = f"{W}txbxContent"
_CONTROL = f"{W}sdt"
_CUSTOM_XML = f"{W}customXml"
_PROPERTIES_CHANGE = f"{W}tcPrChange"
_WALKED = (
    *(_ROW, _CELL, _CELL_WIDTH, _GRID_SPAN, _PARAGRAPH, _TEXT, _TABLE),
    *(_TEXT_BOX, _CONTROL, _CUSTOM_XML, _PROPERTIES_CHANGE),
)


@dataclass
class Cell:
    """A table cell: its first grid column, the columns it spans, its w:tcW if any, and its paragraphs' text."""

    element: Any
    index: int = 0
    span: int = 1
    width: Any = None
    paragraphs: list[str] = field(default_factory=list)


def table_rows(table: Any) -> list[list[Cell]]:
    """Return the cells of each of a table's rows (its w:tr children, their w:tc children)."""
    rows = _rows_in_one_walk(table)
    return rows if rows is not None else _rows_cell_by_cell(table)


def _rows_cell_by_cell(table: Any) -> list[list[Cell]]:
    rows = []
    for row in table.iterchildren(_ROW):
        cells = []
        index = 0
        for element in row.iterchildren(_CELL):
            span = element.find(f"{_CELL_PROPERTIES}/{_GRID_SPAN}")
            columns = int(span.get(_VALUE)) if span is not None else 1
            texts = ["".join(paragraph.itertext(_TEXT)) for paragraph in element.iter(_PARAGRAPH)]
            cells.append(Cell(element, index, columns, element.find(f"{_CELL_PROPERTIES}/{_CELL_WIDTH}"), texts))
            index += columns
        rows.append(cells)
    return rows


def _rows_in_one_walk(table: Any) -> list[list[Cell]] | None:
    """Return the table's rows as `_rows_cell_by_cell` does, or None for a table the walk cannot read exactly."""
    rows: list[list[Cell]] = []
    paragraphs: list[tuple[Cell, list[str]]] = []  # each paragraph's text pieces, as `itertext` gives them
    cell: Cell | None = None
    spanned: Cell | None = None
    for element in table.iter(*_WALKED):
        tag = element.tag
        if tag == _TEXT:
            if paragraphs and paragraphs[-1][0] is cell:
                paragraphs[-1][1].extend((element.text or "", element.tail or ""))
        elif tag == _PARAGRAPH:
            if cell is None:
                return None
            paragraphs.append((cell, []))
        elif tag == _CELL:
            if not rows:
                return None
            cell = Cell(element)
            rows[-1].append(cell)
        elif tag == _ROW:
            rows.append([])
            cell = None
        elif tag == _CELL_WIDTH:
            if cell is not None and cell.width is None:
                cell.width = element
        elif tag == _GRID_SPAN:
            if cell is not None and spanned is not cell:
                cell.span, spanned = int(element.get(_VALUE)), cell
        elif tag in (_CONTROL, _CUSTOM_XML):
            parent = element.getparent()
            if parent is table or parent.tag == _ROW:
                return None
        elif element is not table:
            return None
    for owner, pieces in paragraphs:
        owner.paragraphs.append("".join(pieces))
    for cells in rows:
        _place(cells)
    return rows


def _place(cells: list[Cell]) -> None:
    """Set each of a row's cells' first grid column from the spans of the cells before it."""
    index = 0
    for cell in cells:
        cell.index = index
        index += cell.span
