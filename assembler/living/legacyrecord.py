"""Reports remembered the old way (release a749f21, and this release until issue 19): a record of each control.

That record held, for each control by its old tag (a field's name, a loop row's first 32 characters,
`~2` for a second control of one tag), a signature of what it showed and its text. Such a report is
updated once from the record: its controls are found by the tags the new rendering's controls would
have had then, given their new tags, and compared by the old signature; from then on the report is
remembered as any other (a copy of what assembler wrote).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import partial
from typing import Any, get_type_hints

from lxml import etree

from assembler.living.merge import Base
from assembler.living.package import CHART_TYPE, DOCUMENT, Package
from assembler.living.stories import BODY, Part, stories_of
from assembler.living.visible import Shown
from assembler.render.marking import TAG_PREFIX, control_text, controls, tag_of
from assembler.wordxml import VAL, R, W, qn

KEY_CHARS = 32  # the old row key: a loop row's text, its first characters
_SHOWN = (
    f"{W}t",
    f"{W}delText",
    *(f"{W}{name}" for name in ("p", "pStyle", "r", "tab", "br", "tbl", "tr", "tc", "ins", "del", "drawing")),
    *(f"{W}{name}" for name in ("b", "i", "u", "strike", "highlight", "color", "sz", "vertAlign", "rStyle", "jc")),
    qn("c:chart"),
)
_TEXTS = {f"{W}t", f"{W}delText"}
_TOGGLES = {"true": None, "1": None, "on": None, "false": "0", "off": "0"}
_LOOP = re.compile(r"(.*)\[.*\]/(\d+)")
_COPY = re.compile(r"~\d+$")


@dataclass(frozen=True)
class OldControl:
    """What the old record kept of a control: its signature, its text, whether it was a placeholder, and more."""

    sha: str
    text: str
    placeholder: bool = False
    noted: str = ""  # the signature of a new rendering already announced in a comment
    placed: str = ""  # the signature of what was put in the document, when not the rendering (tracked changes)


def old_controls(payload: Any) -> dict[str, OldControl] | None:
    """Return an old record's controls by their old tags, or None when the payload is not of that shape."""
    controls = payload.get("controls") if isinstance(payload, dict) else None
    if not isinstance(controls, dict):
        return None
    types = get_type_hints(OldControl)
    names = {f.name for f in fields(OldControl)}
    record = {}
    for tag, values in controls.items():
        if not isinstance(values, dict) or not set(values) <= names or not {"sha", "text"} <= set(values):
            return None
        if not all(type(value) is types[key] for key, value in values.items()):
            return None
        record[str(tag)] = OldControl(**values)
    return record


def base_of_record(record: dict[str, OldControl]) -> Callable[[Package, Package], Base]:
    """Return what makes the base of a report remembered by an old record (see the module's description)."""
    return partial(_base, record)


def _base(record: dict[str, OldControl], mine: Package, theirs: Package) -> Base:
    """Return the base, the edited file's controls given their new tags (the file is changed in place)."""
    mine_body, theirs_body = mine.xml(DOCUMENT), theirs.xml(DOCUMENT)
    by_old_tag: dict[str, list[etree._Element]] = {}
    for sdt in controls(mine_body):
        by_old_tag.setdefault(tag_of(sdt), []).append(sdt)
    theirs_stories = stories_of(theirs)
    body = stories_of(mine).body
    parts: list[Part] = []
    matched: set[str] = set()
    old_tags = old_tags_of(theirs_body)
    for part in theirs_stories.body.parts():
        if not part.control:
            parts.append(part)  # template text: taken to be the template's then as now
            continue
        old_tag = old_tags[part.identity]
        found, kept = by_old_tag.get(old_tag, []), record.get(old_tag)
        if kept is not None and kept.placeholder and not part.placeholder and found:
            continue  # typed into a placeholder that data now fills: the person's text, and the data beside it
        matched.add(old_tag)
        for sdt in found:
            sdt.find(f"{W}sdtPr/{W}tag").set(VAL, TAG_PREFIX + part.identity)
        if found and kept is not None:
            parts.append(_known(part, kept, body.control_part(part.identity, found[0]), found[0], mine, theirs))
        elif kept is not None or found:  # deleted by the person, or not in the record: compared with the new
            parts.append(part)
    for old_tag, found in by_old_tag.items():  # controls the new rendering no longer has
        kept = record.get(old_tag)
        if old_tag not in matched and kept is not None:
            now = body.control_part(old_tag, found[0])
            untouched = old_signature(found[0], mine) in (kept.sha, kept.placed)
            parts.append(now if untouched else given(now, _recorded(kept), (), placeholder=kept.placeholder))
    # Headers and footers were not in the record: the new rendering stands in for what they were.
    stories = {role: story.parts() for role, story in theirs_stories.others.items()}
    return Base({BODY: parts, **stories}, None, guessed=frozenset(stories))


def _known(part: Part, kept: OldControl, now: Part, sdt: etree._Element, mine: Package, theirs: Package) -> Part:
    """Return a control as assembler wrote it last, as far as the old record tells."""
    if old_signature(sdt, mine) in (kept.sha, kept.placed):
        return given(part, now.shown, now.inner)  # untouched: what it shows is assembler's
    if old_signature(part.elements[0], theirs) in (kept.sha, kept.noted):
        return part  # the workbook gives what it gave: the person's text stands
    return given(part, _recorded(kept), (), placeholder=kept.placeholder)


def given(part: Part, shown: Shown, inner: tuple[Shown, ...], *, placeholder: bool | None = None) -> Part:
    """Return a part that shows what is given (not what its blocks show)."""
    placeholder = part.placeholder if placeholder is None else placeholder
    return Part(part.identity, part.elements, None, part.control, placeholder, inner, shown)


def _recorded(kept: OldControl) -> Shown:
    """Return what the record says a control showed: its text (its formatting is not known)."""
    digest = hashlib.sha256(f"old record\x1f{kept.sha}".encode()).hexdigest()[:32]
    return Shown(digest, tuple(kept.text.split("\n")))


def old_tags_of(body: etree._Element) -> dict[str, str]:
    """Return, for each control of a new rendering by its tag, the tag the old marking gave it.

    The old marking named a loop's row by the first 32 characters of the text of its first block,
    and a second control of one name `~2` in document order.
    """
    seen: dict[str, int] = {}
    row = ""
    tags = {}
    for sdt in controls(body):
        tag = tag_of(sdt)
        name = _COPY.sub("", tag)
        loop = _LOOP.fullmatch(name)
        if loop is not None:
            if loop.group(2) == "1":
                row = old_row_key(control_text(sdt))
            old = f"{loop.group(1)}[{row}]" + ("" if loop.group(2) == "1" else f"/{loop.group(2)}")
        else:
            old = name.partition("#")[0]
        count = seen[old] = seen.get(old, 0) + 1
        tags[tag] = old if count == 1 else f"{old}~{count}"
    return tags


def old_row_key(text: str) -> str:
    """Return the old key of a loop's row: the start of its text, on one line."""
    one_line = " ".join(text.split()).replace("[", "(").replace("]", ")")
    return one_line[:KEY_CHARS].rstrip()


def old_signature(sdt: etree._Element, package: Package) -> str:
    """Return the old signature of what a control shows (its text, run by run, and some formatting)."""
    content = next(sdt.iterchildren(f"{W}sdtContent"), None)
    pieces: list[str] = []
    for element in content.iter(*_SHOWN) if content is not None else ():
        tag = element.tag
        if tag in _TEXTS:
            pieces.append(element.text or "")
            continue
        value = element.get(VAL)
        pieces.append(str(tag) if value is None else f"{tag}={_TOGGLES.get(value, value)}")
        for key, target in element.items():
            if key.startswith(R):
                pieces.append(_chart_shows(package, target))
    return hashlib.sha256("\x1f".join(pieces).encode()).hexdigest()[:32]


def _chart_shows(package: Package, rel_id: str) -> str:
    found = package.target(DOCUMENT, rel_id)
    if found is None or found[0] != CHART_TYPE or found[1] not in package.members:
        return ""
    chart = package.xml(found[1])
    return "|".join(e.text or "" for e in chart.iter(qn("c:v"), qn("a:t")))
