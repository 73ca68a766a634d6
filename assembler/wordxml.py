"""Word's XML for every stage that reads or writes it: the namespaces, qualified names and small element helpers."""

from __future__ import annotations

from lxml import etree

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
W_NS = NAMESPACES["w"]
R_NS = NAMESPACES["r"]
W = f"{{{W_NS}}}"  # the prefix of a WordprocessingML element's qualified name: f"{W}p"
R = f"{{{R_NS}}}"
VAL = f"{W}val"


def qn(name: str) -> str:
    """Return the qualified name lxml uses for a prefixed name: "w:p" → "{…/wordprocessingml/2006/main}p"."""
    prefix, _, local = name.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def w_element(local: str, val: str | None = None) -> etree._Element:
    """Return a new w: element, with a w:val when one is given."""
    element = etree.Element(W + local)
    if val is not None:
        element.set(VAL, val)
    return element


def w_sub_element(parent: etree._Element, local: str, val: str | None = None) -> etree._Element:
    """Append a new w: element to a parent and return it, with a w:val when one is given."""
    element = etree.SubElement(parent, W + local)
    if val is not None:
        element.set(VAL, val)
    return element
