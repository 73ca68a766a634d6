"""What a document's styles say about its tables: each paragraph style's text size, each table style's cell margins.

Styles inherit from the style they are based on; what no style in the chain says comes from the
document's defaults (sizes) or Word's (cell margins of 108 twips, 0.19 cm, left and right).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from assembler.wordxml import VAL, W

DEFAULT_HALF_POINTS = 22  # 11 pt, Word's size when nothing says another
DEFAULT_MARGIN = 108  # twips, each side of a cell in Word's own table styles
_STYLE = f"{W}style"
_STYLE_ID = f"{W}styleId"
_TYPE = f"{W}type"
_WIDTH = f"{W}w"
_MARGIN_SIDES = ((f"{W}left", f"{W}start"), (f"{W}right", f"{W}end"))
T = TypeVar("T")


@dataclass(frozen=True)
class Styles:
    """A document's styles, as far as a table's layout needs them."""

    sizes: dict[str, int] = field(default_factory=dict)  # half points, by paragraph style id
    default_size: int = DEFAULT_HALF_POINTS  # a paragraph's without a style of its own: the default style's
    margins: dict[str, int] = field(default_factory=dict)  # left and right cell margins together, by table style id
    default_margins: int = 2 * DEFAULT_MARGIN  # a table's without a style of its own: the default table style's

    def size_of(self, style: str | None) -> int:
        """Return the text size (half points) of a paragraph style, or of the default paragraph style for None."""
        return self.sizes.get(style, self.default_size) if style else self.default_size

    def margins_of(self, style: str | None) -> int:
        """Return the left and right cell margins together (twips) of a table style, or Word's without one."""
        return self.margins.get(style, self.default_margins) if style else self.default_margins


def read_styles(styles: Any) -> Styles:
    """Return what a styles part (w:styles, or None for a document without one) says about tables."""
    if styles is None:
        return Styles()
    by_id = {element.get(_STYLE_ID): element for element in styles.iterchildren(_STYLE)}
    size = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
    default = int(size.get(VAL)) if size is not None else DEFAULT_HALF_POINTS
    sizes: dict[str, int] = {}
    margins: dict[str, int] = {}
    defaults: dict[str | None, str] = {}  # the default style of each type
    for style_id, element in by_id.items():
        kind = element.get(_TYPE)
        if kind == "paragraph":
            sizes[style_id] = _inherited(by_id, style_id, _own_size) or default
        elif kind == "table":
            margins[style_id] = _inherited(by_id, style_id, _own_margins) or 2 * DEFAULT_MARGIN
        if element.get(f"{W}default") in ("1", "true", "on"):
            defaults[kind] = style_id
    return Styles(
        sizes,
        sizes.get(defaults.get("paragraph", ""), default),
        margins,
        margins.get(defaults.get("table", ""), 2 * DEFAULT_MARGIN),
    )


def table_margins(table_properties: Any) -> int | None:
    """Return a table's own left and right cell margins together (twips), or None when it sets none."""
    return _margins(table_properties.find(f"{W}tblCellMar")) if table_properties is not None else None


def _inherited(by_id: dict[str, Any], style_id: str, own: Callable[[Any], T | None]) -> T | None:
    """Return what a style or the first style it is based on says, following the chain at most once round."""
    seen: set[str] = set()
    current: str | None = style_id
    while current is not None and current not in seen and current in by_id:
        seen.add(current)
        value = own(by_id[current])
        if value is not None:
            return value
        based_on = by_id[current].find(f"{W}basedOn")
        current = based_on.get(VAL) if based_on is not None else None
    return None


def _own_size(style: Any) -> int | None:
    size = style.find(f"{W}rPr/{W}sz")
    return int(size.get(VAL)) if size is not None else None


def _own_margins(style: Any) -> int | None:
    return _margins(style.find(f"{W}tblPr/{W}tblCellMar"))


def _margins(cell_margins: Any) -> int | None:
    """Return the left and right margins of a w:tblCellMar together (Word's for a side it leaves out), or None."""
    if cell_margins is None:
        return None
    total = 0
    for names in _MARGIN_SIDES:
        side = next((found for name in names if (found := cell_margins.find(name)) is not None), None)
        width = side.get(_WIDTH) if side is not None and side.get(_TYPE, "dxa") == "dxa" else None
        total += int(width) if width is not None else DEFAULT_MARGIN
    return total
