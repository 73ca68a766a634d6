"""Parsing a workbook's XML parts with the standard library's expat, refusing DTDs and entities (defused).

The sniff (read/sniff.py) turns away a part that declares a DTD before anything is parsed; the
parser refuses one all the same, as defusedxml does, so no entity is ever expanded or fetched.
Names are given as expat gives them with a space between namespace and name: 'uri local'.
"""

from __future__ import annotations

import re
from typing import Any, NoReturn
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XSD_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}
_SPACES = re.compile(r"[ \t\r\n]+")


class DeclarationRefused(ValueError):
    """A part declares a DTD or entities, which Excel never writes."""


def main(name: str) -> str:
    """Return an element's or attribute's name in the spreadsheet namespace, as the parser gives it."""
    return f"{MAIN} {name}"


def new_parser() -> Any:
    """Return an expat parser that refuses DTDs and entities; the caller sets the element handlers."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = 1 << 16  # fewer, larger reads from an unpacking zip member
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    return parser


def _refuse(*_: object) -> NoReturn:
    raise DeclarationRefused("DTD or entity declaration")


def parse_tree(data: bytes) -> Element:
    """Return a small part (workbook, relationships, styles) as a tree; tags as 'uri local'."""
    builder = TreeBuilder()
    parser = new_parser()
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.Parse(data, True)
    root: Element = builder.close()
    return root


def children(element: Element | None, name: str) -> list[Element]:
    """Return the element's children of one name ('uri local'), in their order."""
    return [] if element is None else [child for child in element if child.tag == name]


def child(element: Element | None, name: str) -> Element | None:
    """Return the element's first child of one name ('uri local'), if any."""
    found = children(element, name)
    return found[0] if found else None


def xsd_boolean(text: str) -> bool | None:
    """Read an xsd:boolean as XML Schema defines it (spaces collapsed): True, False, or None if it is none."""
    return _XSD_BOOLEANS.get(_SPACES.sub(" ", text).strip(" "))


def collapsed(text: str) -> str:
    """Return an attribute's text with spaces collapsed, as XML Schema reads numbers and booleans."""
    return _SPACES.sub(" ", text).strip(" ")
