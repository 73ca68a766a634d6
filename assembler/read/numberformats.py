"""Which of a workbook's cell styles show a number as a percentage (Excel stores 25 % as 0.25)."""

from __future__ import annotations

import html
import re
from typing import Any

# Parts of a format code that are shown as they are, not as the number: "text", \x, [colour], _x, *x.
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
BUILTIN_FORMATS_MAX_SIZE = 164  # custom number formats have ids from here (openpyxl's constant)
# Excel's built-in number formats that are percentages: 9 is '0%', 10 is '0.00%'.
BUILTIN_PERCENT_FORMATS = frozenset({9, 10})
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.DOTALL)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)")
_NUM_FMT = re.compile(rb"<(?:\w+:)?numFmt\b([^>]*)")
_ATTRIBUTE = re.compile(rb"""\b(numFmtId|formatCode)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


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
            offset = number_format - BUILTIN_FORMATS_MAX_SIZE
            # A style may name a custom format the workbook never defines: Excel shows it as General.
            is_percent = is_percent_format(custom[offset]) if offset < len(custom) else False
        else:
            is_percent = number_format in BUILTIN_PERCENT_FORMATS
        if is_percent:
            found.add(index)
    return frozenset(found)


# Built-in ids openpyxl does not know (it reads them as General) but other readers may take for
# dates: the East Asian locale formats.
_UNKNOWN_BUILTIN_FORMATS = frozenset({*range(23, 37), *range(50, BUILTIN_FORMATS_MAX_SIZE)})


def uses_unknown_builtin_format(styles_xml: bytes) -> bool:
    """True when a cell style uses a built-in number format openpyxl does not know (read as General)."""
    cell_xfs = _CELL_XFS.search(styles_xml)
    styles = _XF.finditer(cell_xfs.group(1)) if cell_xfs else iter(())
    return any(int(_attributes(m.group(1)).get("numFmtId", "0")) in _UNKNOWN_BUILTIN_FORMATS for m in styles)


def percent_styles_in_xml(styles_xml: bytes) -> frozenset[int]:
    """Return the percentage cell styles read straight from styles.xml (as percent_styles finds them)."""
    codes = {}
    for match in _NUM_FMT.finditer(styles_xml):
        found = _attributes(match.group(1))
        if "numFmtId" in found and "formatCode" in found:
            codes[int(found["numFmtId"])] = html.unescape(found["formatCode"])
    cell_xfs = _CELL_XFS.search(styles_xml)
    styles = _XF.finditer(cell_xfs.group(1)) if cell_xfs else iter(())
    percent = set()
    for index, match in enumerate(styles):
        number_format = int(_attributes(match.group(1)).get("numFmtId", "0"))
        if number_format < BUILTIN_FORMATS_MAX_SIZE:
            is_percent = number_format in BUILTIN_PERCENT_FORMATS
        else:
            is_percent = is_percent_format(codes.get(number_format, ""))
        if is_percent:
            percent.add(index)
    return frozenset(percent)


def _attributes(text: bytes) -> dict[str, str]:
    return {m.group(1).decode(): (m.group(2) or m.group(3) or b"").decode("utf-8") for m in _ATTRIBUTE.finditer(text)}
