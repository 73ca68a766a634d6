"""Reading a rendered table's cells for its layout: each cell's row, grid column, span, width element and text.

A report's tables hold thousands of cells, so a table is read in one walk in which lxml picks out
the elements in C. A table whose cells the walk cannot tell apart exactly (a table or a text box
inside it, rows or cells wrapped in a content control or custom XML, a tracked change of a cell's
properties) is read cell by cell instead; both readings give the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assembler.wordxml import W

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
class TableCells:
    """A table's cells (its w:tr children's w:tc children) in document order, and the text of their paragraphs.

    Kept in flat lists of numbers and strings: a table has thousands of cells, and objects that live
    on while it is read would make Python's garbage collector run many times over.
    """

    starts: list[int] = field(default_factory=list)  # each cell's first grid column
    spans: list[int] = field(default_factory=list)  # the grid columns each cell spans
    widths: list[Any] = field(default_factory=list)  # each cell's w:tcW, None where it has none
    bare: dict[int, Any] = field(default_factory=dict)  # the w:tc of each cell without a w:tcW, by its number
    # Each paragraph of a cell spanning one column, by that column and its row (the w:tr's number
    # among the table's rows); "" for such a cell without one.
    text_columns: list[int] = field(default_factory=list)
    text_rows: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def add_cell(self, row: int, start: int, span: int, width: Any, element: Any, paragraphs: list[str]) -> None:
        """Add a cell, read whole: its row, where it starts, its span, its w:tcW (or None) and w:tc, its paragraphs."""
        if width is None:
            self.bare[len(self.widths)] = element
        self.starts.append(start)
        self.spans.append(span)
        self.widths.append(width)
        if span == 1:
            count = max(len(paragraphs), 1)
            self.text_columns.extend([start] * count)
            self.text_rows.extend([row] * count)
            self.texts.extend(paragraphs or [""])

    def next_start(self, first_in_row: bool) -> int:
        """Return the first grid column of a row's next cell."""
        return 0 if first_in_row else self.starts[-1] + self.spans[-1]


def table_cells(table: Any) -> TableCells:
    """Return a table's cells with their grid columns, spans and width elements, and their paragraphs' text.

    A paragraph's text is that of its w:t elements as `itertext` gives it (their tails too).
    """
    cells = _cells_in_one_walk(table)
    return cells if cells is not None else _cells_one_by_one(table)


def _cells_one_by_one(table: Any) -> TableCells:
    cells = TableCells()
    for row_number, row in enumerate(table.iterchildren(_ROW)):
        for number, element in enumerate(row.iterchildren(_CELL)):
            span = element.find(f"{_CELL_PROPERTIES}/{_GRID_SPAN}")
            texts = ["".join(paragraph.itertext(_TEXT)) for paragraph in element.iter(_PARAGRAPH)]
            width = element.find(f"{_CELL_PROPERTIES}/{_CELL_WIDTH}")
            columns = int(span.get(_VALUE)) if span is not None else 1
            cells.add_cell(row_number, cells.next_start(number == 0), columns, width, element, texts)
    return cells


def _cells_in_one_walk(table: Any) -> TableCells | None:
    """Return the table's cells as `_cells_one_by_one` does, or None for a table the walk cannot read exactly.

    The walk touches each element once and keeps no list per cell: a cell's paragraphs go straight
    into the table's lists and are taken out again should the cell turn out to span columns.
    """
    cells = TableCells()
    text_columns, text_rows, texts = cells.text_columns, cells.text_rows, cells.texts
    in_row = in_cell = has_paragraph = False
    row = -1
    start = span = first = 0  # the cell's first grid column and span, where its paragraphs begin in texts
    width = element_of_cell = spanned = None
    for element in table.iter(*_WALKED):
        tag = element.tag
        if tag == _TEXT:
            if has_paragraph:
                text, tail = element.text, element.tail
                if text is not None or tail is not None:
                    texts[-1] += (text or "") + (tail or "")
        elif tag == _PARAGRAPH:
            if not in_cell:
                return None
            text_columns.append(start)
            text_rows.append(row)
            texts.append("")
            has_paragraph = True
        elif tag == _CELL_WIDTH:
            if in_cell and width is None:
                width = element
        elif tag in (_CELL, _ROW):
            if in_cell:
                _close_cell(cells, row, start, span, width, element_of_cell, first if has_paragraph else None)
            if tag == _ROW:
                in_row, in_cell = True, False
                row += 1
            elif not in_row:
                return None
            else:
                start = start + span if in_cell else 0
                in_cell = True
            span, width, element_of_cell, spanned, has_paragraph, first = 1, None, element, None, False, len(texts)
        elif tag == _GRID_SPAN:
            if in_cell and spanned is None:
                span, spanned = int(element.get(_VALUE)), element
        elif tag in (_CONTROL, _CUSTOM_XML):
            parent = element.getparent()
            if parent is table or parent.tag == _ROW:
                return None
        elif element is not table:
            return None
    if in_cell:
        _close_cell(cells, row, start, span, width, element_of_cell, first if has_paragraph else None)
    return cells


def _close_cell(
    cells: TableCells, row: int, start: int, span: int, width: Any, element: Any, first: int | None
) -> None:
    """Add a walked cell of a row whose paragraphs are in the lists from `first` on (None: it has none)."""
    if width is None:
        cells.bare[len(cells.widths)] = element
    cells.starts.append(start)
    cells.spans.append(span)
    cells.widths.append(width)
    if span != 1:
        if first is not None:
            del cells.texts[first:], cells.text_columns[first:], cells.text_rows[first:]
    elif first is None:
        cells.text_columns.append(start)
        cells.text_rows.append(row)
        cells.texts.append("")
