"""A light scan of a worksheet's XML: each cell with a value, its place, type, style and stored text.

The fast reader (read/fastread.py) takes what calamine does not give from here: a number stays
the int or float openpyxl reads, a percentage is found by its style. The scan costs one pass of
the regular-expression engine over the XML and Python work only for the cells that hold a value:
a template's thousands of formatted empty cells are passed over by the pattern itself. Whatever
it cannot vouch for raises NotExact, and openpyxl reads the workbook.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from assembler.read.sheetxml import MAX_PRESCANNED_BYTES
from assembler.read.workbook import MAX_PHYSICAL_ROWS

_ROW = re.compile(rb"<row[\s>/]")
_ROW_NUMBER = re.compile(rb"""<row\s[^>]*?\br\s*=\s*["']([0-9]+)["']""")
_MERGE = re.compile(rb"<mergeCell\s[^>]*?\bref\s*=\s*[\"']([^\"']+)[\"']")
# A cell with content (the lookahead passes over empty cells at once): first as Excel and openpyxl
# write most (reference, style, type, then a stored value or an inline text), else any other cell.
_CELL = re.compile(
    rb"<c\b(?=[^>]*+(?<!/)>(?!\s*</c>))(?:"
    rb' r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?(?: t="(n|b|s|str|inlineStr)")?>'
    rb"(?:<v>([^<]*)</v>|<is><t[^>]*>[^<]*</t></is>)</c>"
    rb"|([^>]*+)(?<!/)>(.*?)</c>)",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(rb"""\b([rst])\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_FORMULA = re.compile(rb"<f[\s>/]")
_VALUE = re.compile(rb"<v>([^<]*)</v>")
REFERENCE = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]+)")
_ANY_CELL_REFERENCE = re.compile(rb"""<(?:\w+:)?c\b[^>]*?\br\s*=\s*["']\$?([A-Z]{1,3})\$?([0-9]+)""")
# calamine fills a whole grid from A1 to the last cell with a value, and a failed allocation ends
# the process (Rust aborts; nothing to catch): a sheet whose grid would be larger is left to openpyxl.
MAX_GRID_CELLS = 2_000_000
TEXT_TYPES = ("s", "str", "inlineStr")
_KINDS = {None: "n", b"n": "n", b"b": "b", b"s": "s", b"str": "str", b"inlineStr": "inlineStr"}


class NotExact(Exception):
    """Something calamine cannot give exactly as openpyxl does: openpyxl reads the workbook."""


# A cell with a value: row, column, type (the t attribute: n, s, b, str or inlineStr), style, and
# the text of <v>. A tuple, not a dataclass: a sheet has thousands, and building one costs a tenth.
ScannedCell = tuple[int, int, str, int, str | None]


@dataclass
class Scan:
    cells: list[ScannedCell] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


def scan_sheet(xml: bytes, recalculate: bool) -> Scan:
    """Find each cell with a value: its place, type, style and stored text (openpyxl's reading of them)."""
    rows = len(_ROW.findall(xml))
    if len(xml) > MAX_PRESCANNED_BYTES or rows > MAX_PHYSICAL_ROWS:
        raise NotExact("size")
    found = list(_ROW_NUMBER.finditer(xml))
    numbers = [int(m.group(1)) for m in found]
    if len(numbers) != rows or any(a >= b for a, b in pairwise(numbers)):
        raise NotExact("a row without its number, or rows out of order")  # openpyxl keeps each row apart
    starts = [m.start() for m in found]
    scan = Scan(merged=[m.group(1).decode() for m in _MERGE.finditer(xml)])
    for match in _CELL.finditer(xml):
        column, row, style, kind, stored, attributes, _ = match.groups()
        if attributes is None and (kind == b"inlineStr") == (stored is None):
            text = None if stored is None else stored.decode()
            cell: ScannedCell = (int(row), _column_of(column), _KINDS[kind], int(style or 0), text)
        else:  # not plain, or a plain cell whose value and type disagree: the careful reading decides
            careful = _any_cell(match, recalculate)
            if careful is None:
                continue
            cell = careful
        within = bisect_right(starts, match.start()) - 1
        if within < 0 or numbers[within] != cell[0]:
            raise NotExact("a cell whose reference names another row than its own")  # openpyxl files it by its row
        scan.cells.append(cell)
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


def _any_cell(match: re.Match[bytes], recalculate: bool) -> ScannedCell | None:
    """Read any other cell (None when it holds nothing); raise NotExact when openpyxl must read it."""
    attributes_text, body = _careful_parts(match)
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


def _careful_parts(match: re.Match[bytes]) -> tuple[bytes, bytes]:
    """Return a cell's attribute text and body, as the general pattern splits them (also a plain cell's)."""
    if match.group(6) is not None:
        return match.group(6), match.group(7)
    text = match.group(0)
    opening = text.index(b">")
    return text[2:opening], text[opening + 1 : -len(b"</c>")]


@cache
def _column_of(letters: bytes) -> int:
    return column_number(letters.decode())


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
