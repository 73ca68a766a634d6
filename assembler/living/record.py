"""The record of a report: what assembler put in each content control, to tell a person's edit later.

A control's record is a signature of what it shows and its text (`Control`). The record file keeps
them between builds, so both must come out the same for the same control in every version. A report
just rendered is recorded from the trees its bytes were saved from (`record_of_rendered`), a file
read from disk from its bytes (`record_of`): the same walk over the same XML, so the same record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from lxml import etree

from assembler.living.package import CHART_TYPE, DOCUMENT, PARSER, Package, UnreadablePackage
from assembler.render.marking import control_text, controls, tag_of
from assembler.render.verify import Rendered
from assembler.wordxml import VAL, R, W, qn

_TEXTS = {f"{W}t", f"{W}delText"}
_SHOWN = (
    *_TEXTS,
    *(f"{W}{name}" for name in ("p", "pStyle", "r", "tab", "br", "tbl", "tr", "tc", "ins", "del", "drawing")),
    *(f"{W}{name}" for name in ("b", "i", "u", "strike", "highlight", "color", "sz", "vertAlign", "rStyle", "jc")),
    qn("c:chart"),
)
_VAL = VAL
_PROPERTIES, _CONTENT, _TAG = f"{W}sdtPr", f"{W}sdtContent", f"{W}tag"
_PLACEHOLDER = f"{W}showingPlcHdr"
_P, _T = f"{W}p", f"{W}t"
_TOGGLES = {"true": None, "1": None, "on": None, "false": "0", "off": "0"}
_CHART_V = qn("c:v")
_PARAGRAPH_IN_PARAGRAPH = etree.XPath("boolean(.//w:p//w:p)", namespaces={"w": W[1:-1]})
_DRAWING_T = qn("a:t")


@dataclass(frozen=True)
class Control:
    """What assembler last put in a control: its signature, its text, and whether it was a placeholder."""

    sha: str
    text: str
    placeholder: bool = False
    noted: str = ""  # the signature of a new rendering already announced in a comment
    placed: str = ""  # the signature of what was put in the document, when not the rendering (tracked changes)

    def is_untouched(self, now: str) -> bool:
        """True when a control's current signature is what assembler put there (or its accepted changes)."""
        return now in (self.sha, self.placed)


def entry_of(record: dict[str, Control], *, merged: bool) -> dict[str, Any]:
    """Return a report's record as its entry in the record file."""
    # vars() is asdict() for fields that are strings and booleans, without its deep copy.
    return {"merged": merged, "controls": {tag: dict(vars(control)) for tag, control in record.items()}}


ShownBy = Callable[[str], str]  # the texts and values of the chart a relationship id of the body names ('' for none)


@dataclass(frozen=True)
class RenderedReport:
    """A report rendered and checked: its file name, its bytes and the record of its controls."""

    name: str
    data: bytes
    record: dict[str, Control]


def rendered_report(name: str, rendered: Rendered) -> RenderedReport:
    """Return a rendered report with its record, taken from the trees its bytes were saved from."""
    return RenderedReport(name, rendered.data, record_of_rendered(rendered))


def record_of(data: bytes) -> dict[str, Control]:
    """Return the record of a report as assembler writes it: each control's signature and text."""
    try:
        package = Package.read(data)
        root = package.xml(DOCUMENT)
    except UnreadablePackage:
        return {}
    return _record(root, partial(_shown_by, package))


def record_of_rendered(rendered: Rendered) -> dict[str, Control]:
    """Return the record of a rendered document from its trees in memory: what record_of returns for its bytes."""
    shown: dict[str, str] = {}

    def shown_by(rel_id: str) -> str:
        if rel_id not in shown:
            blob = rendered.charts.get(rel_id)
            shown[rel_id] = "" if blob is None else _chart_shows(etree.fromstring(blob, PARSER))
        return shown[rel_id]

    return _record(rendered.document, shown_by)


def _record(root: etree._Element, shown_by: ShownBy) -> dict[str, Control]:
    nested = _PARAGRAPH_IN_PARAGRAPH(root)  # once for the document: true of no report assembler writes
    return {tag_of(sdt): _control_record(sdt, shown_by, nested) for sdt in controls(root)}


def control_record(sdt: etree._Element, package: Package) -> Control:
    """Return the record of one control as it is now."""
    return _control_record(sdt, partial(_shown_by, package), bool(_PARAGRAPH_IN_PARAGRAPH(sdt)))


def _control_record(sdt: etree._Element, shown_by: ShownBy, nested: bool) -> Control:
    """Return a control's record (`nested`: a paragraph may stand in another in it)."""
    placeholder = any(next(p.iterchildren(_PLACEHOLDER), None) is not None for p in sdt.iterchildren(_PROPERTIES))
    content = next(sdt.iterchildren(_CONTENT), None)
    if content is None:
        return Control(_hash([]), "", placeholder)
    pieces, lines = _shown(content, shown_by)
    # The walk's lines are control_text's when each w:t was in a run in the paragraph last begun, and no
    # paragraph is in another (a text box's): each paragraph then holds its runs' w:t, and only those.
    text = control_text(sdt) if lines is None or nested else "\n".join(["".join(line) for line in lines])
    return Control(_hash(pieces), text, placeholder)


def signature(sdt: etree._Element, package: Package) -> str:
    """Return a hash of what a control shows: its text, paragraph styles, run formatting, tables and charts.

    Only these count, so what Word changes when it saves a file without an edit (revision ids,
    attribute order, empty properties, language marks) does not look like a person's edit.
    """
    return _signature(sdt, partial(_shown_by, package))


def _signature(sdt: etree._Element, shown_by: ShownBy) -> str:
    content = next(sdt.iterchildren(_CONTENT), None)
    return _hash(_shown(content, shown_by)[0] if content is not None else [])


def _shown(content: etree._Element, shown_by: ShownBy) -> tuple[list[str], list[list[str]] | None]:
    """Return the pieces of what a control's content shows, which its signature hashes, and each paragraph's
    w:t texts, read in the same walk (a control's table has thousands of elements): None when a w:t was not
    in a run of the paragraph last begun (its parent's parent)."""
    pieces: list[str] = []
    lines: list[list[str]] | None = []
    line: list[str] = []
    paragraph = None
    append, toggled = pieces.append, _TOGGLES.get  # bound once: this loop runs for every element shown
    for element in content.iter(*_SHOWN):
        tag = element.tag
        if tag in _TEXTS:
            text = element.text or ""
            append(text)
            if tag == _T and lines is not None:
                if element.getparent().getparent() is paragraph:  # in a run of it
                    line.append(text)
                else:
                    lines = None
            continue
        if tag == _P and lines is not None:
            paragraph, line = element, []
            lines.append(line)
        attributes = element.items()
        if not attributes:  # most elements: a table cell, a run
            append(tag)
            continue
        if len(attributes) == 1 and attributes[0][0] == _VAL:  # most others: a size, an alignment, a style
            value = attributes[0][1]
            append(f"{tag}={toggled(value, value)}")
            continue
        value = element.get(_VAL)
        append(tag if value is None else f"{tag}={toggled(value, value)}")
        for key, target in attributes:
            if key.startswith(R):
                append(shown_by(target))
    return pieces, lines


def _hash(pieces: list[str]) -> str:
    return hashlib.sha256("\x1f".join(pieces).encode()).hexdigest()[:32]


def _shown_by(package: Package, rel_id: str) -> str:
    """Return the texts and values a related chart shows ('' for anything else)."""
    found = package.target(DOCUMENT, rel_id)
    if found is None or found[0] != CHART_TYPE or found[1] not in package.members:
        return ""
    return _chart_shows(package.xml(found[1]))


def _chart_shows(chart: etree._Element) -> str:
    return "|".join(e.text or "" for e in chart.iter(_CHART_V, _DRAWING_T))
