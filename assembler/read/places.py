"""Places in Excel's grid (A1 to XFD1048576): a cell's from its reference, a range's corners, a row's number."""

from __future__ import annotations

import re
from functools import lru_cache

from assembler.read.xmlparts import collapsed

MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_ROW_NUMBER = re.compile(r"[0-9]{1,7}")
Place = tuple[int, int]  # row, column


@lru_cache(maxsize=1 << 16)  # a sheet's references recur in every sheet and every workbook
def cell_place(reference: str) -> Place | None:
    """Return the row and column an A1 reference names, or None when it is no cell of Excel's grid."""
    found = _REFERENCE.fullmatch(reference)
    if found is None:
        return None
    column = 0
    for letter in found.group(1).upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    row = int(found.group(2))
    return (row, column) if 1 <= row <= MAX_ROW and column <= MAX_COLUMN else None


def range_boundaries(ref: str) -> tuple[int, int, int, int]:
    """Return a range's first column, first row, last column and last row ('B2:C3' → 2, 2, 3, 3)."""
    corners = [cell_place(corner) for corner in ref.split(":")]
    first, last = corners[0], corners[-1]
    if len(corners) > 2 or first is None or last is None:
        raise ValueError(f"merged range {ref!r}")
    return first[1], first[0], last[1], last[0]


@lru_cache(maxsize=1 << 16)
def row_number(written: str) -> int | None:
    """Return the row a <row r> names, or None when it is no row of Excel's grid."""
    text = collapsed(written)
    number = int(text) if _ROW_NUMBER.fullmatch(text) else 0
    return number if 1 <= number <= MAX_ROW else None
