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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from lxml import etree

from assembler.context import Kontekst
from assembler.errors import AssemblerError
from assembler.render.engine import RenderedDocument, document_bytes, render_template
from assembler.wordxml import W

TEXT_PARTS = ("word/document.xml", "docProps/core.xml")
TEXT_PART_PREFIXES = ("word/header", "word/footer", "word/footnotes", "word/endnotes")
_TEXTS = {f"{W}t", f"{W}instrText", f"{W}delText"}
_MARKS = {f"{W}br": "\n", f"{W}cr": "\n", f"{W}p": "\n", f"{W}tab": "\t"}
_PRINTED_ATTRIBUTES = {f"{W}shd": f"{W}fill", f"{W}gridSpan": f"{W}val"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
QUOTED_CHARS = 60
NEAR = 2000  # characters: a template's fixed text between two printed values is shorter than this


class IncompleteDocument(AssemblerError):
    """A rendered document lacks a value that was printed into it: a bug, so nothing is written."""


@dataclass(frozen=True)
class Rendered:
    """A rendered document's checked bytes, with the trees in memory they were saved from.

    `document` is the root of word/document.xml and `charts` the bytes of each chart part the body
    relates, by relationship id.
    """

    data: bytes
    document: etree._Element
    charts: dict[str, bytes]


def render_checked(template: Path, context: Kontekst, name: str, created: datetime | None = None) -> bytes:
    """Render a template and return its bytes, having checked that every printed value is in them.

    `created` is the report's first build, which it keeps (see render_template).
    """
    return render_verified(template, context, name, created).data


def render_verified(template: Path, context: Kontekst, name: str, created: datetime | None = None) -> Rendered:
    """Render a template and return its bytes and trees, having checked that every printed value is in them.

    `created` is the report's first build, which it keeps (see render_template).
    """
    document = render_template(template, context, created)
    # The parts' trees in memory are what saving serializes, so their text is the file's text.
    check_text(name, rendered_text(document), document.printed)
    data = document_bytes(document)
    part = document.docx.part
    charts = {
        rel_id: rel.target_part.blob
        for rel_id, rel in part.rels.items()
        if rel.reltype == RT.CHART and not rel.is_external
    }
    return Rendered(data, part.element, charts)


def check_text(name: str, text: str, printed: Iterable[str]) -> None:
    """Raise IncompleteDocument unless each value is found whole in a document's text, as often as printed."""
    printed = list(printed)
    times_printed = Counter(printed)
    found_in_order = _found_in_order(text, printed)
    # In the order printed: the first value missing is where the document broke off.
    for value, times in times_printed.items():
        if value in found_in_order:
            continue
        if value and (value not in text if times == 1 else text.count(value) < times):
            raise IncompleteDocument(
                f"{name} er ikke skrevet, fordi teksten »{shorten(value)}« ikke kom helt med i dokumentet. "
                "Det er en fejl i assembler: send projektmappen til den, der passer assembler"
            )


def _found_in_order(text: str, printed: list[str]) -> set[str]:
    """Return the values each printing of which is found in the text, each after the one before it.

    The body prints its values in the order of its text, so each is looked for from where the value
    printed before it was found: one pass over the text, where counting each value took one each.
    A value printed out of the text's order (into an attribute, a header, the properties) is looked
    for from its own last finding. Every printing of a value returned was found apart from the others,
    so the text holds it at least as often as it was printed.
    """
    cursor = 0
    ends: dict[str, int] = {}  # where each value was last found: its next printing is looked for after that
    missing: set[str] = set()
    for value in printed:
        if not value or value in missing:
            continue
        end = ends.get(value, 0)
        found = text.find(value, max(cursor, end))
        if found < 0 and cursor > end:
            found = text.find(value, end)
        if found < 0:
            missing.add(value)
            continue
        ends[value] = found + len(value)
        if found < cursor or found - cursor <= NEAR:  # found out of order far on: the cursor stays
            cursor = ends[value]
    return ends.keys() - missing


def is_text_part(name: str) -> bool:
    """True for the parts rendering prints into: body, headers, footers, notes and properties."""
    return name in TEXT_PARTS or name.startswith(TEXT_PART_PREFIXES)


def document_text(data: bytes) -> str:
    """Return the text of a .docx file's body, headers, footers, notes and properties, and its attributes."""
    pieces: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in archive.namelist():
            if is_text_part(part):
                pieces.extend(_part_text(etree.fromstring(archive.read(part), _PARSER)))
    return "\n".join(pieces)


def rendered_text(document: RenderedDocument) -> str:
    """Return the same text as `document_text`, read from a rendered document's parts in memory."""
    pieces: list[str] = []
    for part in document.docx.part.package.iter_parts():
        if is_text_part(part.partname.membername):
            root = part.element if isinstance(part, XmlPart) else etree.fromstring(part.blob, _PARSER)
            pieces.extend(_part_text(root))
    return "\n".join(pieces)


def _part_text(root: etree._Element) -> list[str]:
    if not str(root.tag).startswith(W):  # the document's properties: each element's text
        return [f"\n{element.text}\n" for element in root.iter() if isinstance(element.tag, str) and element.text]
    # lxml filters the tags in C; a break or tab stands for its character, other elements for their text.
    texts = [_MARKS.get(element.tag) or element.text or "" for element in root.iter(*_TEXTS, *_MARKS)]
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
