"""Updating a report a person has edited: assembler's controls get the new rendering, the rest is kept.

Three versions meet: what assembler wrote last time (its record: a signature and the text of each
control), the edited file, and the new rendering. A control the person did not touch is replaced;
one they edited is kept, with a Word comment when the workbook now says something else; one they
deleted stays deleted; a new one goes after the nearest control that is still there.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import datetime

from lxml import etree

from assembler.living.comments import add_comment
from assembler.living.package import DOCUMENT, Package, UnreadablePackage, relative
from assembler.living.record import Control, control_record, signature
from assembler.living.stamps import stamp_modified
from assembler.living.styles import carry_styles
from assembler.living.tracking import track_replacement
from assembler.render.marking import control_ids, control_text, controls, tag_of
from assembler.wordxml import R, W, qn

WP_DOCPR = qn("wp:docPr")
COMMENT_LIMIT = 300


@dataclass
class Merge:
    """The result of updating an edited report: the new file (None when nothing changed) and counts."""

    data: bytes | None
    record: dict[str, Control]
    changed: int = 0
    conflicts: int = 0
    added: int = 0
    removed: int = 0
    kept: int = 0
    comments: list[str] = field(default_factory=list)


class Unmatched(Exception):
    """The edited file cannot be updated; the message says why, in Danish."""


def merge_report(
    edited: bytes,
    fresh: bytes,
    last: dict[str, Control],
    *,
    track: bool,
    now: datetime,
    fresh_record: dict[str, Control] | None = None,
) -> Merge:
    """Update an edited report with a new rendering; raise Unmatched when it cannot be matched.

    `fresh_record` is the new rendering's record when it is known (`record_of(fresh)`, as rendering took it).
    """
    try:
        return _merge(Package.read(edited), Package.read(fresh), last, track, now, fresh_record or {})
    except UnreadablePackage as err:  # also a part of it (comments, relationships) that cannot be read
        raise Unmatched("den ikke kan læses som et Word-dokument") from err


def _merge(
    package: Package, new: Package, last: dict[str, Control], track: bool, now: datetime, known: dict[str, Control]
) -> Merge:
    body, new_body = package.xml(DOCUMENT), new.xml(DOCUMENT)
    here: dict[str, etree._Element] = {}
    for sdt in controls(body):
        here.setdefault(tag_of(sdt), sdt)
    wanted = [(tag_of(sdt), sdt) for sdt in controls(new_body)]
    if not here:
        raise Unmatched("assemblers rammer om tallene er væk (fx gemt i et program, der fjerner dem)")
    if not wanted:
        raise Unmatched("skabelonen giver ingen rammer om tallene")
    merge = Merge(None, {})
    # Numbered past the controls and past tracked changes an earlier update left unaccepted.
    changes = [str(e.get(f"{W}id")) for e in body.iter(f"{W}ins", f"{W}del")]
    job = _Job(package, new, merge, track, now, _next_number(control_ids(body) + changes), _docpr_number(body))
    # A record names each control once: with a name twice, each control is recorded by itself.
    job.known = known if len(known) == len(wanted) else {}
    anchor: etree._Element | None = None
    for tag, sdt in wanted:
        anchor = job.place(tag, sdt, here.get(tag), last.get(tag), anchor, here)
    for tag, sdt in here.items():
        if tag not in merge.record and tag in last:
            job.vanish(tag, sdt, last[tag])
    if merge.changed or merge.added or merge.removed or merge.conflicts:
        package.drop_unused_charts()
        stamp_modified(package, now)  # its content changed now; its created time stays the first build's
        carry_styles(package, new)
        merge.data = package.to_bytes()
    return merge


@dataclass
class _Job:
    package: Package
    new: Package
    merge: Merge
    track: bool
    now: datetime
    next_id: int
    next_docpr: int
    carried: dict[str, str] = field(default_factory=dict)
    known: dict[str, Control] = field(default_factory=dict)  # the new rendering's record, when known

    def place(
        self,
        tag: str,
        sdt: etree._Element,
        current: etree._Element | None,
        old: Control | None,
        anchor: etree._Element | None,
        here: dict[str, etree._Element],
    ) -> etree._Element | None:
        """Bring one control of the new rendering into the document; return the control now at its place."""
        fresh = self.known[tag] if tag in self.known else control_record(sdt, self.new)
        record = self.merge.record
        if current is None:
            if old is not None:  # the person deleted it: it stays deleted
                record[tag] = old
                return anchor
            current = self.insert(sdt, anchor, here)
            record[tag] = fresh
            self.merge.added += 1
            return current
        now = signature(current, self.package)
        if old is not None and old.is_untouched(now):
            if fresh.sha != old.sha:
                current = self.replace(current, sdt)
                self.merge.changed += 1
                record[tag] = replace(fresh, placed=signature(current, self.package) if self.track else "")
            else:
                record[tag] = old
        elif old is not None and old.placeholder:  # typed into a placeholder: the person's text now
            record[tag] = old
        elif fresh.sha == now:
            record[tag] = fresh
        elif old is not None and fresh.sha in (old.sha, old.noted):
            record[tag] = old
            self.merge.kept += 1
        else:
            before = old.text if old is not None else control_text(current)
            self.comment(current, _conflict_text(fresh.text, before))
            record[tag] = replace(old or fresh, sha=old.sha if old else "", noted=fresh.sha)
            self.merge.conflicts += 1
        return current

    def vanish(self, tag: str, sdt: etree._Element, old: Control) -> None:
        """Handle a control the workbook no longer gives: removed when untouched, else kept with a comment."""
        if old.is_untouched(signature(sdt, self.package)):
            parent = sdt.getparent()
            if self.track:
                track_replacement(sdt, None, self.now, self._next)
            elif parent is not None:
                parent.remove(sdt)
            self.merge.removed += 1
        elif old.noted != "bortfaldet" and not old.placeholder:
            self.comment(sdt, "Projektmappen giver ikke længere denne tekst. Slet rammen, hvis den ikke skal med.")
            self.merge.record[tag] = replace(old, noted="bortfaldet")
            self.merge.conflicts += 1
        else:
            self.merge.record[tag] = old

    def insert(
        self, sdt: etree._Element, anchor: etree._Element | None, here: dict[str, etree._Element]
    ) -> etree._Element:
        element = self.carry(sdt)
        if self.track:
            track_replacement(element, None, self.now, self._next, inserted=True)
        if anchor is not None:
            anchor.addnext(element)
        else:
            first = next(iter(here.values()))
            first.addprevious(element)
        return element

    def replace(self, current: etree._Element, sdt: etree._Element) -> etree._Element:
        element = self.carry(sdt, keep_id=current)
        if self.track:
            track_replacement(element, current, self.now, self._next)
        current.addprevious(element)
        current.getparent().remove(current)
        return element

    def carry(self, sdt: etree._Element, keep_id: etree._Element | None = None) -> etree._Element:
        """Return a copy of a new control for this document: its own w:id, docPr ids, and parts."""
        element = copy.deepcopy(sdt)
        identifier = element.find(f"{W}sdtPr/{W}id")
        kept = keep_id.find(f"{W}sdtPr/{W}id") if keep_id is not None else None
        if identifier is not None:
            identifier.set(f"{W}val", kept.get(f"{W}val", "") if kept is not None else str(self._next()))
        for docpr in element.iter(WP_DOCPR):
            self.next_docpr += 1
            docpr.set("id", str(self.next_docpr))
        for node in element.iter():
            for key, value in node.attrib.items():
                if key.startswith(R):
                    node.set(key, self._carry_rel(value))
        return element

    def _carry_rel(self, rel_id: str) -> str:
        found = self.new.target(DOCUMENT, rel_id)
        if found is None:
            return rel_id
        reltype, name = found
        carried = self.package.carry(self.new, name, self.carried)
        return self.package.relate(DOCUMENT, reltype, relative(DOCUMENT, carried))

    def comment(self, sdt: etree._Element, text: str) -> None:
        add_comment(self.package, sdt, text, self.now)
        self.merge.comments.append(text)

    def _next(self) -> int:
        self.next_id += 1
        return self.next_id - 1


def _conflict_text(new: str, before: str) -> str:
    return (
        f"Projektmappen giver nu: »{_shorten(new)}« (før: »{_shorten(before)}«). "
        "Ret teksten, eller slet rammen, så den bygges igen."
    )


def _shorten(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= COMMENT_LIMIT else one_line[: COMMENT_LIMIT - 1] + "…"


def _next_number(taken: list[str]) -> int:
    return max((int(i) for i in taken if i.lstrip("-").isdigit()), default=0) + 1


def _docpr_number(body: etree._Element) -> int:
    return max((int(d.get("id", "0")) for d in body.iter(WP_DOCPR) if d.get("id", "").isdigit()), default=0)
