"""Checking a rendered document before it is written: every value printed into it is there, whole.

docxtpl re-reads its own output with a forgiving XML parser that silently drops what it cannot
read; a report missing half a paragraph must never reach a person as if it were complete.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from assembler.context import Kontekst
from assembler.errors import AssemblerError
from assembler.render.engine import document_bytes, is_text_part, render_template

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXTS = {f"{W}t", f"{W}instrText", f"{W}delText"}
_BREAKS = {f"{W}br", f"{W}cr", f"{W}p"}
_TAB = f"{W}tab"
_PRINTED_ATTRIBUTES = {f"{W}shd": f"{W}fill", f"{W}gridSpan": f"{W}val"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
QUOTED_CHARS = 60


class IncompleteDocument(AssemblerError):
    """A rendered document lacks a value that was printed into it: a bug, so nothing is written."""


def render_checked(template: Path, context: Kontekst, name: str) -> bytes:
    """Render a template and return its bytes, having checked that every printed value is in them."""
    document = render_template(template, context)
    # The parts' trees in memory are what saving serializes, so their text is the file's text.
    check_text(name, rendered_text(document), document.printed)
    return document_bytes(document)


def check_text(name: str, text: str, printed: Iterable[str]) -> None:
    """Raise IncompleteDocument unless each value is found whole in a document's text, as often as printed."""
    times_printed = Counter(printed)
    # In the order printed: the first value missing is where the document broke off.
    for value, times in times_printed.items():
        if value and (value not in text if times == 1 else text.count(value) < times):
            raise IncompleteDocument(
                f"{name} er ikke skrevet, fordi teksten »{shorten(value)}« ikke kom helt med i dokumentet. "
                "Det er en fejl i assembler: send projektmappen til den, der passer assembler"
            )


def document_text(data: bytes) -> str:
    """Return the text of a .docx file's body, headers, footers, notes and properties, and its attributes."""
    pieces: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in archive.namelist():
            if is_text_part(part):
                pieces.extend(_part_text(etree.fromstring(archive.read(part), _PARSER)))
    return "\n".join(pieces)


def rendered_text(document: Any) -> str:
    """Return the same text as `document_text`, read from a rendered document's parts in memory."""
    pieces: list[str] = []
    for part in document.docx.part.package.iter_parts():
        if is_text_part(part.partname.lstrip("/")):
            root = getattr(part, "_element", None)
            pieces.extend(_part_text(root if root is not None else etree.fromstring(part.blob, _PARSER)))
    return "\n".join(pieces)


def _part_text(root: etree._Element) -> list[str]:
    if not str(root.tag).startswith(W):  # the document's properties: each element's text
        return [f"\n{element.text}\n" for element in root.iter() if isinstance(element.tag, str) and element.text]
    texts = []
    for element in root.iter(*_TEXTS, *_BREAKS, _TAB):  # lxml filters the tags, quickly
        if element.tag == _TAB:
            texts.append("\t")
        elif element.tag in _BREAKS:
            texts.append("\n")
        elif element.text:
            texts.append(element.text)
    # The only attributes docxtpl prints into: a cell's shading ({% cellbg %}) and width ({% colspan %}).
    attributes = [str(element.get(name)) for element, name in _attribute_values(root)]
    return ["".join(texts), *attributes]


def _attribute_values(root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    for element in root.iter(*_PRINTED_ATTRIBUTES):
        name = _PRINTED_ATTRIBUTES[element.tag]
        if element.get(name) is not None:
            yield element, name


def shorten(value: str) -> str:
    """Return a value as it can be quoted in a message: on one line, printable and not too long."""
    one_line = " ".join(value.split())
    # What cannot be printed is shown as a replacement character: it may be just what broke the document.
    printable = "".join("�" if unicodedata.category(c) in ("Cc", "Cs", "Cn") else c for c in one_line)
    return printable if len(printable) <= QUOTED_CHARS else printable[: QUOTED_CHARS - 1] + "…"
