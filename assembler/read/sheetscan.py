"""A light scan of a worksheet's XML: each cell with a value, its place, type, style and stored text.

The fast reader (read/fastread.py) takes what calamine does not give from here: a number stays
the int or float openpyxl reads, a percentage is found by its style. The scan costs one pass of
the regular-expression engine over the XML and Python work only for the cells that hold a value:
a template's thousands of formatted empty cells are passed over by the pattern itself. Whatever
it cannot vouch for raises NotExact, and openpyxl reads the workbook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from assembler.read.sheetxml import MAX_PRESCANNED_BYTES
from assembler.read.workbook import MAX_PHYSICAL_ROWS

_MERGE = re.compile(rb"<mergeCell\s[^>]*?\bref\s*=\s*[\"']([^\"']+)[\"']")
# One pass over the XML finds, in the document's order, each row (and its number, if it has one)
# and each cell with content; the lookahead passes over empty cells at once. A cell written as
# Excel and openpyxl write most (reference, style, type, then a stored value, or an inline text
# for t="inlineStr") is read from the pattern's groups; any other is read with care.
_ROW_OR_CELL = re.compile(
    rb"<(?:(row)(?=[\s>/])(?:\s[^>]*?\br\s*=\s*[\"']([0-9]+)[\"'])?"
    rb"|c\b(?=[^>]*+(?<!/)>(?!\s*</c>))(?:"
    rb' r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?'
    rb'(?:( t="inlineStr")><is><t[^>]*>[^<]*</t></is>|(?: t="(n|b|s|str)")?><v>([^<]*)</v>)</c>'
    rb"|([^>]*+)(?<!/)>(.*?)</c>))",
    re.DOTALL,
)
# Anything after a row but another row or the end of the sheet's data: a cell outside every row
# (openpyxl passes over it, calamine reads it), or something Excel never writes there.
_AFTER_ROW = re.compile(rb"</row>(?!\s*(?:<row[\s>/]|</sheetData>))")
_AFTER_EMPTY_ROW = re.compile(rb"<row\b[^>]*/>(?!\s*(?:<row[\s>/]|</sheetData>))")
_ATTRIBUTE = re.compile(rb"""\b([rst])\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_FORMULA = re.compile(rb"<f[\s>/]")
_VALUE = re.compile(rb"<v>([^<]*)</v>")
REFERENCE = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]+)")
_ANY_CELL_REFERENCE = re.compile(rb"""<(?:\w+:)?c\b[^>]*?\br\s*=\s*["']\$?([A-Z]{1,3})\$?([0-9]+)""")
# calamine fills a whole grid from A1 to the last cell with a value, and a failed allocation ends
# the process (Rust aborts; nothing to catch): a sheet whose grid would be larger is left to openpyxl.
MAX_GRID_CELLS = 2_000_000
TEXT_TYPES = ("s", "str", "inlineStr")
_KINDS = {b"": "n", b"n": "n", b"b": "b", b"s": "s", b"str": "str"}


class NotExact(Exception):
    """Something calamine cannot give exactly as openpyxl does: openpyxl reads the workbook."""


# A cell with a value: row, column, type (the t attribute: n, s, b, str or inlineStr), style, and
# the text of <v>. A tuple, not a dataclass: a sheet has thousands, and building one costs a tenth.
ScannedCell = tuple[int, int, str, int, str | None]


@dataclass
class Scan:
    cells: list[ScannedCell] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


def scan_sheet(xml: bytes, empty_rows: int, recalculate: bool) -> Scan:
    """Find each cell with a value: its place, type, style and stored text (openpyxl's reading of them).

    `empty_rows` is how many rows were taken out of the XML as empty: they count towards the rows.
    """
    if len(xml) > MAX_PRESCANNED_BYTES:
        raise NotExact("size")
    if _AFTER_ROW.search(xml) or _AFTER_EMPTY_ROW.search(xml):
        raise NotExact("a cell outside its row")
    scan = Scan(merged=[m.group(1).decode() for m in _MERGE.finditer(xml)])
    rows = current = 0  # the rows met, and the number of the one being read
    for is_row, number, column, row, style, inline, kind, stored, attributes, body in _ROW_OR_CELL.findall(xml):
        if is_row:
            if not number or int(number) <= current:
                raise NotExact("a row without its number, or rows out of order")  # openpyxl keeps each row apart
            rows, current = rows + 1, int(number)
            continue
        if column:  # written as Excel and openpyxl write most
            text = None if inline else stored.decode()
            cell: ScannedCell = (
                int(row),
                _column_of(column),
                "inlineStr" if inline else _KINDS[kind],
                int(style or 0),
                text,
            )
        else:
            careful = _any_cell(attributes, body, recalculate)
            if careful is None:
                continue
            cell = careful
        if cell[0] != current or not current:
            raise NotExact("a cell whose reference names another row than its own")  # openpyxl files it by its row
        scan.cells.append(cell)
    if rows + empty_rows > MAX_PHYSICAL_ROWS:
        raise NotExact("size")
    if _grid_cells(xml, scan.cells) > MAX_GRID_CELLS:
        raise NotExact("a cell so far out that calamine's grid would not fit in memory")
    return scan


def _grid_cells(xml: bytes, cells: list[ScannedCell]) -> int:
    """How many cells calamine's grid of the sheet would hold, or more.

    calamine places only the cells with a value (formatted empty cells and rows make no grid),
    and those are the scanned cells; a cell element with a namespace prefix is not scanned, so
    when one may be there, every cell's reference counts.
    """
    if b":c" in xml:
        references = _ANY_CELL_REFERENCE.findall(xml)
        last_row = max((int(row) for _, row in references), default=0)
        last_column = max((column_number(column.decode()) for column, _ in references), default=1)
    else:
        last_row = max((cell[0] for cell in cells), default=0)
        last_column = max((cell[1] for cell in cells), default=1)
    return last_row * last_column


def _any_cell(attributes_text: bytes, body: bytes, recalculate: bool) -> ScannedCell | None:
    """Read any other cell (None when it holds nothing); raise NotExact when openpyxl must read it."""
    if not body.strip():
        return None
    found = _ATTRIBUTE.finditer(attributes_text)
    attributes = {m.group(1): (m.group(2) or m.group(3) or b"").decode() for m in found}
    reference = REFERENCE.fullmatch(attributes.get(b"r", ""))
    stored = _VALUE.search(body)
    kind = attributes.get(b"t", "n")
    if reference is None or kind not in ("n", "b", *TEXT_TYPES):
        raise NotExact("cell")
    if (stored is None and kind != "inlineStr") or (_FORMULA.search(body) and (stored is None or recalculate)):
        raise NotExact("a formula openpyxl names, or a cell without a value")
    row, column = int(reference.group(2)), column_number(reference.group(1))
    text = stored.group(1).decode() if stored else None
    return (row, column, kind, int(attributes.get(b"s", "0") or 0), text)


@cache
def _column_of(letters: bytes) -> int:
    return column_number(letters.decode())


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
