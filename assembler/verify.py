"""Checking a rendered document before it is written: every value printed into it is there, whole.

docxtpl re-reads its own output with a forgiving XML parser that silently drops what it cannot
read; a report missing half a paragraph must never reach a person as if it were complete.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from .context import Kontekst
from .errors import AssemblerError
from .render import render_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXTS = {f"{W}t", f"{W}instrText", f"{W}delText"}
_BREAKS = {f"{W}br", f"{W}cr", f"{W}p"}
_TEXT_PARTS = ("word/document.xml", "docProps/core.xml")
_TEXT_PART_PREFIXES = ("word/header", "word/footer", "word/footnotes", "word/endnotes")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
QUOTED_CHARS = 60


class IncompleteDocument(AssemblerError):
    """A rendered document lacks a value that was printed into it: a bug, so nothing is written."""


def render_checked(template: Path, context: Kontekst, name: str) -> bytes:
    """Render a template and return its bytes, having checked that every printed value is in them."""
    printed: list[str] = []
    data = render_document(template, context, printed)
    check_document(name, data, printed)
    return data


def check_document(name: str, data: bytes, printed: Iterable[str]) -> None:
    """Raise IncompleteDocument unless each value is found whole in the document, once for each time printed."""
    text = document_text(data)
    times_printed = Counter(printed)
    # In the order printed: the first value missing is where the document broke off.
    for value, times in times_printed.items():
        if value and text.count(value) < times:
            raise IncompleteDocument(
                f"{name} er ikke skrevet, fordi teksten »{shorten(value)}« ikke kom helt med i dokumentet. "
                "Det er en fejl i assembler: send projektmappen til den, der passer assembler"
            )


def document_text(data: bytes) -> str:
    """Return the text of a .docx file's body, headers, footers, notes and properties, and its attributes."""
    pieces: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in archive.namelist():
            if part in _TEXT_PARTS or part.startswith(_TEXT_PART_PREFIXES):
                pieces.extend(_part_text(etree.fromstring(archive.read(part), _PARSER)))
    return "\n".join(pieces)


def _part_text(root: etree._Element) -> list[str]:
    texts: list[str] = []
    attributes: list[str] = []
    for element in root.iter():
        attributes.extend(str(v) for v in element.attrib.values())
        tag = element.tag
        if tag == f"{W}tab":
            texts.append("\t")
        elif tag in _BREAKS:
            texts.append("\n")
        elif tag in _TEXTS and element.text:
            texts.append(element.text)
        elif isinstance(tag, str) and not tag.startswith(W) and element.text:
            texts.append(f"\n{element.text}\n")  # a document property, or a drawing's settings
    # Values a template prints into attributes (a cell's shading colour) are checked there.
    return ["".join(texts), *attributes]


def shorten(value: str) -> str:
    """Return a value as it can be quoted in a message: on one line, printable and not too long."""
    one_line = " ".join(value.split())
    # What cannot be printed is shown as a replacement character: it may be just what broke the document.
    printable = "".join("�" if unicodedata.category(c) in ("Cc", "Cs", "Cn") else c for c in one_line)
    return printable if len(printable) <= QUOTED_CHARS else printable[: QUOTED_CHARS - 1] + "…"
