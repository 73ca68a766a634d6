"""Which of a workbook's cell styles show a number as a percentage (Excel stores 25 % as 0.25)."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, builtin_format_code

# Parts of a format code that are shown as they are, not as the number: "text", \x, [colour], _x, *x.
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def is_percent_format(code: str) -> bool:
    """True when a number format multiplies by 100 and shows '%' ('0%', '0.0 %'; not '0"%"' or '0\\%')."""
    return "%" in _LITERALS.sub("", code)


def percent_styles(workbook: Any) -> frozenset[int]:
    """Return the indexes of the cell styles (a cell's s attribute) whose number format is a percentage."""
    custom = list(workbook._number_formats)
    found = set()
    for index, style in enumerate(workbook._cell_styles):
        number_format = style.numFmtId
        if number_format >= BUILTIN_FORMATS_MAX_SIZE:
            code = custom[number_format - BUILTIN_FORMATS_MAX_SIZE]
        else:
            code = builtin_format_code(number_format) or ""
        if is_percent_format(code):
            found.add(index)
    return frozenset(found)
