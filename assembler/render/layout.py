"""Sizing a rendered document's table columns from their text and the page, so no word breaks mid-word.

A fixed column narrower than its longest word makes Word and LibreOffice break the word
(»Virksomhedsnet|værk«). Word's own autofit is not followed by LibreOffice, so the widths are
computed here, after rendering, when the cells hold their real text: every column gets at least
its longest word, the rest of the page width goes to the columns whose text would wrap most,
like a browser's automatic table layout.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

from assembler.render.schemaorder import insert_in_order
from assembler.render.tablecells import TableCells, table_cells
from assembler.wordxml import W

TWIPS_PER_POINT = 20
DEFAULT_HALF_POINTS = 22  # 11 pt, the body text's size
# Left and right cell margins of Word's table styles (108 twips each) and a little air.
CELL_PADDING = 2 * 108 + 40
# Calibri Bold's advance widths in thousandths of an em (read from Carlito Bold, which has Calibri's
# metrics), for the characters a report's tables hold; bold is the wider, so plain text fits too.
WIDTHS_FILE = Path(__file__).parent.parent / "data" / "calibri_bold_widths.json"
WIDTHS: dict[str, int] = json.loads(WIDTHS_FILE.read_text("utf-8"))
UNKNOWN_WIDTH = 1000  # a character not in the table: as wide as a letter can be
SAFETY = 1.04  # word processors round and space a little differently
_WORD_BREAKS = re.compile(r"\s+|(?<=-)")
_TABLE = f"{W}tbl"
_CELL_PROPERTIES = f"{W}tcPr"
_CELL_WIDTH = f"{W}tcW"
_PARAGRAPH = f"{W}p"
_TEXT = f"{W}t"
_TYPE = f"{W}type"
_WIDTH = f"{W}w"


def text_width(text: str, half_points: int) -> int:
    """Return the width of a text set in Calibri Bold at a size (in half points), in twips, erring wide."""
    return _twips(_thousandths(text), half_points)


def _twips(thousandths: int, half_points: int) -> int:
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


def fit_tables(body: Any) -> None:
    """Give every table in the body column widths that fit its text within the page's text width."""
    available = text_width_of_page(body)
    for table in body.iter(_TABLE):
        fit_table(table, available)


def text_width_of_page(body: Any) -> int:
    """Return the width between the margins of the body's (last) section, in twips."""
    section = body.find(f"{W}sectPr")
    size = section.find(f"{W}pgSz") if section is not None else None
    margins = section.find(f"{W}pgMar") if section is not None else None
    if size is None or margins is None:
        return 9072  # A4 with 2.5 cm margins
    return int(size.get(f"{W}w")) - int(margins.get(f"{W}left", 0)) - int(margins.get(f"{W}right", 0))


def fit_table(table: Any, available: int) -> None:
    """Set a table's grid, cell widths and total width from its cells' text."""
    grid = table.find(f"{W}tblGrid")
    if grid is None:
        return
    columns = grid.findall(f"{W}gridCol")
    cells = table_cells(table)
    size = _font_size(table)
    # The widest in thousandths of an em is the widest in twips: rounding keeps the order of widths.
    longest_words = [0] * len(columns)
    longest_lines = [0] * len(columns)
    # A column repeats its texts (statuses, numbers, names): each is measured once per column.
    for column, text in set(zip(cells.text_columns, cells.texts, strict=True)):
        word, line = _paragraph_extent(text)
        if word > longest_words[column]:
            longest_words[column] = word
        if line > longest_lines[column]:
            longest_lines[column] = line
    least = [_twips(word, size) + CELL_PADDING for word in longest_words]
    most = [_twips(line, size) + CELL_PADDING for line in longest_lines]
    widths = share_width(least, most, available)
    for column, width in zip(columns, widths, strict=True):
        column.set(_WIDTH, str(width))
    _set_cell_widths(cells, widths)
    _set_table_width(table, sum(widths))


def share_width(least: Sequence[int], most: Sequence[int], available: int) -> list[int]:
    """Return column widths: each at least its longest word, the page's width shared where text wraps."""
    if sum(least) >= available:  # not even the longest words fit: shrink them alike
        return [width * available // sum(least) for width in least]
    if sum(most) <= available:  # every cell fits on one line: widen all alike to the page width
        return _spread(list(most), most, available - sum(most))
    return _spread(list(least), [m - n for m, n in zip(most, least, strict=True)], available - sum(least))


def _spread(widths: list[int], weights: Sequence[int], extra: int) -> list[int]:
    total = sum(weights) or 1
    shares = [extra * weight // total for weight in weights]
    shares[-1] += extra - sum(shares)  # what rounding left over, so the table fills the width exactly
    return [width + share for width, share in zip(widths, shares, strict=True)]


def cell_extent(cell: Any, size: int) -> tuple[int, int]:
    """Return the widths of a cell's longest word and of its longest paragraph on one line, in twips."""
    longest_word = longest_line = 0
    for paragraph in cell.iter(_PARAGRAPH):
        word, line = _paragraph_extent("".join(paragraph.itertext(_TEXT)))
        longest_word, longest_line = max(longest_word, word), max(longest_line, line)
    # Rounding keeps the order of widths, so the widest in thousandths is the widest in twips.
    return _twips(longest_word, size), _twips(longest_line, size)


def _words(text: str) -> Iterable[str]:
    return (word for word in _WORD_BREAKS.split(text) if word)


def _font_size(table: Any) -> int:
    """Return the size of a table's text in half points: its first run's (a document has one table size)."""
    size = table.find(f".//{W}r/{W}rPr/{W}sz")
    return int(size.get(f"{W}val")) if size is not None else DEFAULT_HALF_POINTS


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
