"""Sizing a rendered document's table columns from their text and the page, so no word breaks mid-word.

A fixed column narrower than its longest word makes Word and LibreOffice break the word
(»Virksomhedsnet|værk«). Word's own autofit is not followed by LibreOffice, so the widths are
computed here, after rendering, when the cells hold their real text, and chosen in columnwidths.
Tables of one kind (the same columns under the same header, such as the delaftale of each
indsatsområde) share one set of widths, chosen from all their text, so they stand alike on the page.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from pathlib import Path
from typing import Any

from assembler.render.columnwidths import Cell, Pieces, Row, choose_widths
from assembler.render.schemaorder import insert_in_order
from assembler.render.styles import Styles, table_margins
from assembler.render.tablecells import TableCells, table_cells
from assembler.wordxml import VAL, W

TWIPS_PER_POINT = 20
AIR = 40  # twips a column has beyond its text and its cells' margins
# Calibri Bold's advance widths in thousandths of an em (read from Carlito Bold, which has Calibri's
# metrics), for the characters a report's tables hold; bold is the wider, so plain text fits too.
WIDTHS_FILE = Path(__file__).parent.parent / "data" / "calibri_bold_widths.json"
WIDTHS: dict[str, int] = json.loads(WIDTHS_FILE.read_text("utf-8"))
UNKNOWN_WIDTH = 1000  # a character not in the table: as wide as a letter can be
SAFETY = 1.04  # word processors round and space a little differently
# A line breaks at a space (not a non-breaking one: »82,5 %« stays whole) and after a hyphen.
_SPACES = re.compile(r"[^\S\xa0\u2007\u202f]+")
_AFTER_HYPHEN = re.compile(r"(?<=-)(?=.)")
_BREAK = re.compile(r"[^\S\xa0\u2007\u202f]|-.")  # where a paragraph may break, after its first character
_TABLE = f"{W}tbl"
_ROW = f"{W}tr"
_CELL_PROPERTIES = f"{W}tcPr"
_CELL_WIDTH = f"{W}tcW"
_PARAGRAPH = f"{W}p"
_TEXT = f"{W}t"
_TYPE = f"{W}type"
_WIDTH = f"{W}w"
_OFF = ("0", "false", "off")


@dataclass
class _Table:
    """A table to be sized: its cells, the grid columns it has, and how its text is set."""

    element: Any
    cells: TableCells
    columns: list[Any]  # its w:gridCol elements
    size: int  # half points
    padding: int  # twips a cell's text is narrower than its column

    def kind(self) -> tuple[object, ...]:
        """Return what tables of one kind share: their columns, their first row's text and how it is set."""
        first_row = self.cells.texts[: bisect_left(self.cells.text_rows, 1)]  # the paragraphs are in row order
        return len(self.columns), self.size, self.padding, tuple(first_row)


def text_width(text: str, half_points: int) -> int:
    """Return the width of a text set in Calibri Bold at a size (in half points), in twips, erring wide."""
    return _twips(_thousandths(text), half_points)


def _twips(thousandths: float, half_points: int) -> int:
    return round(thousandths / 1000 * half_points / 2 * TWIPS_PER_POINT * SAFETY)


def _thousandths(text: str) -> int:
    # map() calls the dictionary's get for each character in C, without a Python loop.
    return sum(map(WIDTHS.get, text, repeat(UNKNOWN_WIDTH)))


@lru_cache(maxsize=8192)
def _paragraph_extent(text: str) -> tuple[int, int]:
    """Return the widths of a paragraph's longest word and of the whole paragraph, in thousandths of an em.

    A table's rows repeat the same texts (statuses, numbers, names), so each is measured once.
    """
    return max((_thousandths(word) for word in _words(text)), default=0), _thousandths(text)


@lru_cache(maxsize=8192)
def _pieces(text: str, half_points: int) -> Pieces:
    """Return a paragraph's pieces between which a line may break, with the space before each, in twips."""
    scale = half_points / 2 * TWIPS_PER_POINT * SAFETY / 1000  # from thousandths of an em
    space = WIDTHS[" "] * scale
    pieces: list[tuple[float, float]] = []
    for word in _SPACES.split(text.strip()):
        for number, piece in enumerate(_AFTER_HYPHEN.split(word)):
            before = space if pieces and number == 0 else 0.0
            pieces.append((before, _thousandths(piece) * scale))
    return tuple(pieces)


def fit_tables(body: Any, styles: Styles | None = None) -> None:
    """Give every table in the body column widths that fit its text within the page's text width.

    `styles` says the text size and cell margins a table's own properties leave to its styles.
    """
    available = text_width_of_page(body)
    known = styles or Styles()
    kinds: dict[tuple[object, ...], list[_Table]] = {}
    for element in body.iter(_TABLE):
        table = _table(element, known)
        if table is not None:
            kinds.setdefault(table.kind(), []).append(table)
    for tables in kinds.values():
        shared = _shared_widths(tables, available)
        for table in tables:
            # Where the kind's longest words together are wider than the page, each table by itself.
            _set_widths(table, shared if shared is not None else _own_widths(table, available))


def text_width_of_page(body: Any) -> int:
    """Return the width between the margins of the body's (last) section, in twips."""
    section = body.find(f"{W}sectPr")
    size = section.find(f"{W}pgSz") if section is not None else None
    margins = section.find(f"{W}pgMar") if section is not None else None
    if size is None or margins is None:
        return 9072  # A4 with 2.5 cm margins
    return int(size.get(f"{W}w")) - int(margins.get(f"{W}left", 0)) - int(margins.get(f"{W}right", 0))


def _table(element: Any, styles: Styles) -> _Table | None:
    grid = element.find(f"{W}tblGrid")
    if grid is None:
        return None
    properties = element.find(f"{W}tblPr")
    style = properties.find(f"{W}tblStyle") if properties is not None else None
    style_id = style.get(VAL) if style is not None else None
    margins = table_margins(properties)
    padding = (margins if margins is not None else styles.margins_of(style_id)) + AIR
    return _Table(element, table_cells(element), grid.findall(f"{W}gridCol"), _font_size(element, styles), padding)


def _shared_widths(tables: list[_Table], available: int) -> list[int] | None:
    """Return the widths tables of one kind share, or None when their longest words together are wider than the page."""
    least, most = _extents(tables)
    return _chosen(tables, least, most, available) if sum(least) <= available else None


def _own_widths(table: _Table, available: int) -> list[int]:
    """Return a table's widths chosen from its text alone (its words shrunk alike where even they do not fit)."""
    least, most = _extents([table])
    return _chosen([table], least, most, available)


def _extents(tables: list[_Table]) -> tuple[list[int], list[int]]:
    """Return each column's longest word and longest paragraph on one line, with the cell's padding, in twips."""
    first = tables[0]
    # The widest in thousandths of an em is the widest in twips: rounding keeps the order of widths.
    longest_words = [0] * len(first.columns)
    longest_lines = [0] * len(first.columns)
    for table in tables:
        # A column repeats its texts (statuses, numbers, names): each is measured once per column.
        for column, text in set(zip(table.cells.text_columns, table.cells.texts, strict=True)):
            word, line = _paragraph_extent(text)
            if word > longest_words[column]:
                longest_words[column] = word
            if line > longest_lines[column]:
                longest_lines[column] = line
    least = [_twips(word, first.size) + first.padding for word in longest_words]
    most = [_twips(line, first.size) + first.padding for line in longest_lines]
    return least, most


def _chosen(tables: list[_Table], least: list[int], most: list[int], available: int) -> list[int]:
    rows = _rows(tables) if sum(least) < available < sum(most) else {}  # rows matter only where text wraps
    return choose_widths(least, most, rows, tables[0].padding, available)


def _rows(tables: list[_Table]) -> dict[Row, int]:
    """Return the rows of one kind of table whose lines depend on the widths, with how often each occurs."""
    rows: dict[Row, int] = {}
    for table in tables:
        found = table.cells
        at = list(zip(found.text_rows, found.text_columns, strict=True))
        # Most cells are one word or number, one line at any width: only the others are gathered
        # (all of a cell's paragraphs, where a cell has several).
        breaks = map(_BREAK.search, found.texts)
        paragraphs = Counter(at)
        chosen: Iterable[object] = breaks
        if max(paragraphs.values(), default=1) > 1:
            several = {key for key, count in paragraphs.items() if count > 1}
            chosen = [key in several or hit is not None for key, hit in zip(at, breaks, strict=True)]
        cells: dict[tuple[int, int], list[str]] = {}
        for key, text in compress(zip(at, found.texts, strict=True), chosen):
            cells.setdefault(key, []).append(text)
        by_row: dict[int, list[tuple[int, Cell]]] = {}
        least_lines: dict[int, int] = {}
        for (row, column), texts in cells.items():
            cell = tuple(_pieces(text, table.size) for text in texts)
            if any(len(pieces) > 1 for pieces in cell):
                by_row.setdefault(row, []).append((column, cell))
            else:
                least_lines[row] = max(least_lines.get(row, 1), len(cell))
        headers = _header_rows(table.element)
        for row, row_cells in by_row.items():
            found_row = Row(tuple(row_cells), row < headers, least_lines.get(row, 1))
            rows[found_row] = rows.get(found_row, 0) + 1
    return rows


def _header_rows(table: Any) -> int:
    """Return how many of a table's first rows are its header (repeated on each page)."""
    count = 0
    for row in table.iterchildren(_ROW):
        header = row.find(f"{W}trPr/{W}tblHeader")
        if header is None or header.get(VAL) in _OFF:
            break
        count += 1
    return count


def cell_extent(cell: Any, size: int) -> tuple[int, int]:
    """Return the widths of a cell's longest word and of its longest paragraph on one line, in twips."""
    longest_word = longest_line = 0
    for paragraph in cell.iter(_PARAGRAPH):
        word, line = _paragraph_extent("".join(paragraph.itertext(_TEXT)))
        longest_word, longest_line = max(longest_word, word), max(longest_line, line)
    # Rounding keeps the order of widths, so the widest in thousandths is the widest in twips.
    return _twips(longest_word, size), _twips(longest_line, size)


def _words(text: str) -> Iterable[str]:
    return (piece for word in _SPACES.split(text) for piece in _AFTER_HYPHEN.split(word) if piece)


def _font_size(table: Any, styles: Styles) -> int:
    """Return the size of a table's text in half points: its first paragraph's first run's, or that paragraph's style's.

    A document has one table size, and the templates give it in their table paragraphs' style.
    """
    paragraph = next(table.iter(_PARAGRAPH), None)
    if paragraph is None:
        return styles.size_of(None)
    size = paragraph.find(f"{W}r/{W}rPr/{W}sz")
    if size is not None:
        return int(size.get(VAL))
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return styles.size_of(style.get(VAL) if style is not None else None)


def _set_widths(table: _Table, widths: list[int]) -> None:
    """Set a table's grid, its cells' widths and its total width."""
    for column, width in zip(table.columns, widths, strict=True):
        column.set(_WIDTH, str(width))
    _set_cell_widths(table.cells, widths)
    _set_table_width(table.element, sum(widths))


def _set_cell_widths(cells: TableCells, widths: list[int]) -> None:
    """Give each cell the width of the grid columns it spans."""
    for number, element in cells.bare.items():
        properties = element.find(_CELL_PROPERTIES)
        if properties is None:
            properties = element.makeelement(_CELL_PROPERTIES, {})
            element.insert(0, properties)
        cells.widths[number] = properties.makeelement(_CELL_WIDTH, {})
        insert_in_order(properties, cells.widths[number])  # where the schema puts it: no sorting after
    column_widths = [str(width) for width in widths]
    for start, span, cell_width in zip(cells.starts, cells.spans, cells.widths, strict=True):
        if cell_width.get(_TYPE) != "dxa":  # reading is cheaper than writing, and most widths are in twips
            cell_width.set(_TYPE, "dxa")
        if span == 1 and start >= 0:  # (a start made negative by a negative span is summed as a slice)
            cell_width.set(_WIDTH, column_widths[start])
        else:
            cell_width.set(_WIDTH, str(sum(widths[start : start + span])))


def _set_table_width(table: Any, width: int) -> None:
    properties = table.find(f"{W}tblPr")
    if properties is None:
        return
    table_width = properties.find(f"{W}tblW")
    if table_width is None:
        table_width = properties.makeelement(f"{W}tblW", {})
        insert_in_order(properties, table_width)
    table_width.set(f"{W}type", "dxa")
    table_width.set(f"{W}w", str(width))
