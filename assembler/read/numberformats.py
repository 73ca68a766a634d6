"""How each cell style shows a stored number: as a number, a percentage, a date or time, or a duration.

A cell's style is its index into styles.xml's cellXfs; the style's numFmtId names a format defined
in styleSheet/numFmts, or one of the built-in formats ECMA-376 lists. Conditional formats (dxfs)
carry numFmt elements of their own, with ids that may equal a cell format's: they never decide
how a cell reads.
"""

from __future__ import annotations

import enum
import re
from xml.etree.ElementTree import Element

from assembler.read.xmlparts import child, children, collapsed, main, parse_tree


class FormatKind(enum.Enum):
    """What a number format makes of a stored number."""

    NUMBER = "number"
    PERCENT = "percent"  # shows 0.25 as 25 %
    DATE = "date"  # a date, a time of day, or both (the serial decides which)
    DURATION = "duration"  # elapsed time: [h]:mm:ss


# ECMA-376 Part 1, 18.8.30: the built-in formats a file uses by id without writing them down.
# Ids 5-8 and 41-44 (currency and accounting) depend on the locale; like every id not listed, a number.
BUILTIN_FORMATS = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
# The ids 18.8.30 lists for the East Asian locales (zh-TW, zh-CN, ja-JP, ko-KR: 27-36, 50-58) and
# Thai (59-81): their codes differ between locales, their kind does not. openpyxl knows none of
# them and reads such a cell as General; Excel shows a date.
LOCALE_BUILTIN_KINDS = {
    **dict.fromkeys((*range(27, 37), *range(50, 59)), FormatKind.DATE),
    **dict.fromkeys((*range(59, 63), 69, 70), FormatKind.NUMBER),
    67: FormatKind.PERCENT,
    68: FormatKind.PERCENT,
    **dict.fromkeys((*range(71, 79), 80, 81), FormatKind.DATE),
    79: FormatKind.DURATION,
}

# Parts of a format code shown as they are, not as the number: "text", \x, _x (space of x's width), *x (fill).
_LITERALS = re.compile(r'"[^"]*"|\\.|_.|\*.')
# [Red], [$-406], [>100]: colour, locale and condition; [h], [mm], [ss] are elapsed time.
_BRACKETS = re.compile(r"\[[^\]]*\]")
_ELAPSED = re.compile(r"\[(?:h+|m+|s+)\]", re.IGNORECASE)
_DATE_PARTS = re.compile(r"[dmyhsDMYHS]")


def format_kind(code: str) -> FormatKind:
    """Return what a format code makes of a number; its first section decides dates, as in Excel."""
    plain = _LITERALS.sub("", code)
    first = plain.split(";")[0]
    if _ELAPSED.search(first):
        return FormatKind.DURATION
    if _DATE_PARTS.search(_BRACKETS.sub("", first)):
        return FormatKind.DATE
    if is_percent_format(code):
        return FormatKind.PERCENT
    return FormatKind.NUMBER


def is_percent_format(code: str) -> bool:
    """True when a number format multiplies by 100 and shows '%' ('0%', '0.0 %'; not '0"%"' or '0\\%')."""
    return "%" in _BRACKETS.sub("", _LITERALS.sub("", code))


def style_kinds(styles_xml: bytes | None) -> list[FormatKind]:
    """Return, for each cell style (a cell's s attribute), what its number format makes of a number."""
    if styles_xml is None:
        return []
    styles = parse_tree(styles_xml)
    # A numFmt with a built-in id redefines it: the file's own code is what Excel shows (Excel's own
    # templates write such elements), as openpyxl also reads it.
    defined = {
        _format_id(number_format): number_format.get("formatCode", "")
        for number_format in children(child(styles, main("numFmts")), main("numFmt"))
    }
    return [_kind_of(_format_id(xf), defined) for xf in children(child(styles, main("cellXfs")), main("xf"))]


def _format_id(element: Element) -> int:
    return int(collapsed(element.get("numFmtId", "0")))


def _kind_of(format_id: int, defined: dict[int, str]) -> FormatKind:
    if format_id in defined:
        return format_kind(defined[format_id])
    if format_id in BUILTIN_FORMATS:
        return format_kind(BUILTIN_FORMATS[format_id])
    # A locale's built-in id, or a custom id the file never defines (Excel shows General).
    return LOCALE_BUILTIN_KINDS.get(format_id, FormatKind.NUMBER)
