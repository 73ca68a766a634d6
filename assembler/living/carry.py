"""A new year's report started from last year's edited one (`build --fra-sidste-år`): the person's own text comes along.

Last year's report is compared with what assembler wrote in it (its base), as the merge compares
(align): the blocks the person wrote themselves (paragraphs, headings and tables of their own,
also those they added inside a frame after assembler's text) and what they typed into a
placeholder are their own text. Each run of it is put in this year's new rendering after the
template block or generated part it followed last year, or the nearest one before it that this
year's rendering has too, so under the same heading. A placeholder typed into is filled again
where this year's rendering still shows it (else its text is a run of its own). Each carried run
and each filled placeholder gets the comment »Fra <last year's file> – gennemse«.

Everything else is this year's rendering: a generated sentence the person reworded is not carried
(it spoke of last year's figures, and this year's sentence is there), nor template text they
changed, parts they deleted, headers, footers, or their Word comments, footnotes and endnotes
(these stay in last year's file). Last year's file is only read. The report written is kept with
this year's rendering as its base, so the carried text is the person's own at every later update.
"""

from __future__ import annotations

import copy
import difflib
import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from lxml import etree

from assembler.danish import format_count
from assembler.errors import OutputError
from assembler.living.align import Instance, find_parts
from assembler.living.comments import add_comment
from assembler.living.merge import BaseOf, Unmatched, template_identities
from assembler.living.package import DOCUMENT, Package, UnreadablePackage
from assembler.living.state import Entry, Identity, State
from assembler.living.stories import BODY, Part, control_tag, free_drawing_ids, free_ids, marks_end, marks_start
from assembler.living.stories import stories_of as stories_in
from assembler.living.visible import content_blocks
from assembler.living.write import RenderedReport, Step, fresh_memory, read_report, remembered
from assembler.output.reports import Outcome, Written, sha256_of
from assembler.wordxml import VAL, R, W, qn

COMMENT = "Fra {name} – gennemse"
EXISTED = "den fandtes allerede, så den er opdateret som sædvanlig, og intet er taget med fra sidste år"
BESIDE = "den er skrevet ved siden af, så intet er taget med fra sidste år"
OWN_MEETING = "et referat er fra ét møde, så det starter forfra"
NONE_EARLIER = "der er ingen rapport fra et tidligere år at starte fra, så den er bygget uden"
_MARKS = {f"{W}{n}" for n in ("commentRangeStart", "commentRangeEnd", "bookmarkStart", "bookmarkEnd")}
_MARKS |= {f"{W}{n}" for n in ("permStart", "permEnd", "moveFromRangeStart", "moveFromRangeEnd")}
_MARKS |= {f"{W}{n}" for n in ("moveToRangeStart", "moveToRangeEnd")}
_DOCPR = qn("wp:docPr")
# Marks of what lives in other parts of last year's file: its comments, foot- and endnotes stay there.
_REFERENCES = {f"{W}{n}" for n in ("commentReference", "footnoteReference", "endnoteReference")}


@dataclass(frozen=True)
class Carried:
    """This year's rendering with last year's own text in it (None: there was none), and how much came along."""

    data: bytes | None
    runs: int = 0
    filled: int = 0


@dataclass(frozen=True)
class _Run:
    """Blocks of the person's own from last year, and the parts they followed there, nearest last."""

    after: tuple[str, ...]
    blocks: tuple[etree._Element, ...]


@dataclass(frozen=True)
class _Typed:
    """A placeholder the person typed into last year: its identity, the parts before it, and the frame."""

    identity: str
    after: tuple[str, ...]
    sdt: etree._Element


def start_from_last_year(
    state: State, identity: Identity, report: RenderedReport, step: Step | Written, *, kinds: Collection[str]
) -> Step | Written:
    """Return a report's step with last year's own text carried into it, where the report starts this year.

    Only reports of the given kinds (document keys) start from last year's. A report this year
    already has (edited, or carried before) is updated as usual; the line says so.
    """
    if isinstance(step, Written):  # open in Word: not touched at all
        return step
    if step.in_place:
        return _with_note(step, EXISTED)
    if identity.key not in kinds:
        return _with_note(step, OWN_MEETING)
    if step.identity is None:
        return _with_note(step, BESIDE)
    entry = last_years_entry(state, identity)
    if entry is None:
        return _with_note(step, NONE_EARLIER)
    try:
        last = read_report(state.folder / entry.name)
        carried = carry_own_text(last, remembered(state, entry), report.data, entry.name, datetime.now(UTC))
    except Unmatched as err:
        return _with_note(step, f"den er bygget uden {entry.name}, fordi {err}")
    except OutputError as err:  # last year's file cannot be read: this year's report is built all the same
        return _with_note(step, f"den er bygget uden sidste års rapport: {err}")
    if carried.data is None:
        return _with_note(step, f"{entry.name} har ingen egen tekst at tage med, så den er bygget uden")
    outcome = Outcome.WRITTEN if step.line.outcome is Outcome.UNCHANGED else step.line.outcome
    line = replace(step.line, note=_joined(step.line.note, started_note(entry.name, carried)), outcome=outcome)
    data = carried.data
    return replace(step, data=data, sha256=sha256_of(data), memory=fresh_memory(report), in_place=True, line=line)


def started_note(name: str, carried: Carried) -> str:
    """Say that a report was started from last year's, what came along, and how it is marked."""
    what = []
    if carried.runs:
        what.append(f"jeres egen tekst fra {format_count(carried.runs, 'sted', 'steder')}")
    if carried.filled:
        what.append(f"{format_count(carried.filled, 'felt', 'felter')}, I udfyldte,")
    return (
        f"startet fra sidste års rapport {name}: {' og '.join(what)} er taget med, hver med kommentaren "
        f"»{COMMENT.format(name=name)}«"
    )


def last_years_entry(state: State, identity: Identity) -> Entry | None:
    """Return the entry of the latest earlier year's report of the same kind whose file is still there."""
    earlier = [
        entry
        for entry in state.files.values()
        if entry.identity is not None
        and entry.identity.key == identity.key
        and entry.identity.year < identity.year
        and os.path.lexists(state.folder / entry.name)
    ]
    return max(earlier, key=lambda entry: (entry.identity.year if entry.identity else 0, entry.name), default=None)


def carry_own_text(last: bytes, base_of: BaseOf, fresh: bytes, name: str, now: datetime) -> Carried:
    """Return a new rendering with the own text of last year's report carried in (see the module's description)."""
    try:
        mine, theirs = Package.read(last), Package.read(fresh)
        base = base_of(mine, theirs)
        if BODY in base.guessed:
            raise Unmatched("assembler ved ikke, hvad den selv skrev i den")
        return _Carry(mine, theirs, COMMENT.format(name=name), now).run(base.stories.get(BODY, []))
    except UnreadablePackage as err:
        raise Unmatched("den ikke kan læses som et Word-dokument") from err


@dataclass
class _Carry:
    mine: Package  # last year's report, only read
    theirs: Package  # this year's rendering, changed
    comment: str
    now: datetime
    carried: dict[str, str] = field(default_factory=dict)  # parts carried with pictures and charts
    numbers: Iterator[int] = field(init=False)  # free ids for controls and tracked changes
    docpr: Iterator[int] = field(init=False)  # free ids for drawings

    def __post_init__(self) -> None:
        self.numbers, self.docpr = free_ids(self.theirs), free_drawing_ids(self.theirs)

    def run(self, base: list[Part]) -> Carried:
        old, new = stories_in(self.mine).body, stories_in(self.theirs).body
        parts = new.parts()
        base = template_identities(base, parts)
        runs, typed = own_text(old.blocks(), find_parts(old, base), {part.identity: part for part in base})
        if not runs and not typed:
            return Carried(None)
        present = {part.identity: part for part in parts}
        ends: dict[str | None, etree._Element] = {}  # where the last block put after each part stands
        filled = 0
        blocks = old.blocks()
        pieces: list[_Run | _Typed] = sorted([*runs, *typed], key=lambda piece: _order(blocks, piece))
        for piece in pieces:
            if isinstance(piece, _Typed):
                shown = present.get(piece.identity)
                if shown is not None and shown.placeholder:
                    self.fill(shown.elements[0], piece.sdt)
                    filled += 1
                    continue
                piece = _Run((*piece.after, piece.identity), tuple(content_blocks(piece.sdt)))
            anchor = next((identity for identity in reversed(piece.after) if identity in present), None)
            self.place(piece, anchor, present, ends, new.container)
        return Carried(self.theirs.to_bytes(), len(pieces) - filled, filled)

    def place(
        self,
        run: _Run,
        anchor: str | None,
        present: dict[str, Part],
        ends: dict[str | None, etree._Element],
        body: etree._Element,
    ) -> None:
        """Put a copy of a run after its part (after the runs put there before it), with the comment."""
        copies = [self.copy(block) for block in run.blocks]
        previous = ends.get(anchor)
        if previous is None and anchor is not None:
            previous = marks_end(present[anchor].elements[-1])
        if previous is None:
            first = next(iter(body), None)
            for block in copies:
                (first.addprevious if first is not None else body.append)(block)
        else:
            for block in reversed(copies):
                previous.addnext(block)
        add_comment(self.theirs, copies[0], copies[-1], self.comment, self.now)
        if copies[-1].tag == f"{W}tbl":
            _mark_beside(copies[-1])
        ends[anchor] = marks_end(copies[-1])

    def fill(self, sdt: etree._Element, typed: etree._Element) -> None:
        """Fill this year's placeholder with what the person typed into it last year, as Word has it once typed."""
        properties = sdt.find(f"{W}sdtPr")
        if properties is not None:
            for shown in properties.findall(f"{W}showingPlcHdr"):
                properties.remove(shown)
        content = sdt.find(f"{W}sdtContent")
        if content is None:
            content = etree.SubElement(sdt, f"{W}sdtContent")
        content[:] = [self.copy(block) for block in content_blocks(typed)]
        add_comment(self.theirs, sdt, sdt, self.comment, self.now)
        _mark_beside(sdt)

    def copy(self, block: etree._Element) -> etree._Element:
        """Return a copy of a block of last year's for this document: without the person's comments, notes and
        bookmarks, assembler's frames in it unwrapped, its ids free here, its pictures and links carried."""
        copied = copy.deepcopy(block)
        for mark in list(copied.iter(*_MARKS)):
            _remove(mark)
        for reference in list(copied.iter(*_REFERENCES)):
            run = reference.getparent()
            _remove(run if run is not None and len(run.findall(f"{W}t")) == 0 else reference)
        for sdt in [s for s in copied.iter(f"{W}sdt") if control_tag(s) is not None]:
            _unwrap(sdt)
        for node in copied.iter(f"{W}sdt", f"{W}ins", f"{W}del"):
            identifier = node.find(f"{W}sdtPr/{W}id") if node.tag == f"{W}sdt" else node
            if identifier is not None:
                identifier.set(VAL if node.tag == f"{W}sdt" else f"{W}id", str(next(self.numbers)))
        for docpr in copied.iter(_DOCPR):
            docpr.set("id", str(next(self.docpr)))
        for node in copied.iter():
            for key, value in node.attrib.items():
                if key.startswith(R):
                    node.set(key, self.theirs.bring_relationship(DOCUMENT, self.mine, DOCUMENT, value, self.carried))
        return copied



def own_text(
    blocks: list[etree._Element], found: dict[str, list[Instance]], known: dict[str, Part]
) -> tuple[list[_Run], list[_Typed]]:
    """Return the person's own runs of blocks in last year's body, and the placeholders they typed into."""
    owner: dict[etree._Element, Instance] = {}
    for instances in found.values():
        for placed in instances:
            if placed.body_level:
                owner.update(dict.fromkeys(placed.elements, placed))
    runs: list[_Run] = []
    typed: list[_Typed] = []
    after: list[str] = []
    own: list[etree._Element] = []
    for block in blocks:
        instance = owner.get(block)
        if instance is None:
            own.append(block)
            continue
        _add_run(runs, after, own)
        own = []
        last = known.get(instance.identity)
        if instance.kind == "control" and last is not None and last.placeholder and instance.holds_own_text:
            typed.append(_Typed(instance.identity, tuple(after), instance.elements[0]))
        elif instance.kind == "control" and last is not None and instance.touched and not last.placeholder:
            added = _added_blocks(instance, last)
            if added:
                runs.append(_Run((*after, instance.identity), added))
        if not after or after[-1] != instance.identity:
            after.append(instance.identity)
    _add_run(runs, after, own)
    return runs, typed


def _add_run(runs: list[_Run], after: list[str], own: list[etree._Element]) -> None:
    """Add the person's blocks as a run after the parts so far, unless they are empty paragraphs only."""
    trimmed = _trimmed(own)
    if trimmed and not _is_empty(trimmed):
        runs.append(_Run(tuple(after), trimmed))


def _added_blocks(instance: Instance, last: Part) -> tuple[etree._Element, ...]:
    """Return the blocks the person added inside a frame (after or between assembler's), not those they reworded."""
    mine = [shown.signature for shown in instance.seen.inner]
    before = [shown.signature for shown in last.inner]
    blocks = instance.seen.blocks
    added: list[etree._Element] = []
    for operation, _, _, j1, j2 in difflib.SequenceMatcher(None, before, mine, autojunk=False).get_opcodes():
        if operation == "insert":
            added.extend(blocks[j1:j2])
    trimmed = _trimmed(added)
    return () if _is_empty(trimmed) else trimmed


def _trimmed(blocks: list[etree._Element]) -> tuple[etree._Element, ...]:
    """Return blocks without the empty paragraphs at their ends."""
    start, end = 0, len(blocks)
    while start < end and _is_blank(blocks[start]):
        start += 1
    while end > start and _is_blank(blocks[end - 1]):
        end -= 1
    return tuple(blocks[start:end])


def _is_blank(block: etree._Element) -> bool:
    return block.tag == f"{W}p" and not "".join(block.itertext()).strip() and not _has_drawing(block)


def _is_empty(blocks: tuple[etree._Element, ...]) -> bool:
    return all(_is_blank(block) for block in blocks)


def _has_drawing(block: etree._Element) -> bool:
    return next(block.iter(f"{W}drawing", f"{W}pict", f"{W}object"), None) is not None


def _order(blocks: list[etree._Element], piece: _Run | _Typed) -> int:
    """Return where a piece stood in last year's body (a block added inside a frame: where its frame stood)."""
    first = piece.sdt if isinstance(piece, _Typed) else piece.blocks[0]
    for element in [first, *first.iterancestors()]:
        if element in blocks:
            return blocks.index(element)
    return len(blocks)


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        if element.tail and (before := element.getprevious()) is not None:
            before.tail = (before.tail or "") + element.tail
        parent.remove(element)


def _unwrap(sdt: etree._Element) -> None:
    """Replace a frame by what it holds."""
    content = sdt.find(f"{W}sdtContent")
    for child in list(content) if content is not None else []:
        sdt.addprevious(child)
    _remove(sdt)


def _mark_beside(block: etree._Element) -> None:
    """Move the mark of the comment on a carried block next to it, where Word shows the comment.

    `add_comment` marks a table or a frame in the nearest paragraph outside frames after it, which may
    be the next heading: the mark of a table goes in its last cell, that of a frame at the end of the
    paragraph just before it (its heading), when there is one.
    """
    end = marks_end(block)
    if end is block:
        return
    if block.tag == f"{W}tbl":
        last_cell = block.findall(f"{W}tr/{W}tc")[-1:]
        holder = next(iter(last_cell[0].findall(f"{W}p")[-1:]), None) if last_cell else None
    else:
        holder = marks_start(block).getprevious()
        holder = holder if holder is not None and holder.tag == f"{W}p" else None
    if holder is None:
        return
    for reference in block.getroottree().iter(f"{W}commentReference"):
        if reference.get(f"{W}id") == end.get(f"{W}id"):
            run = reference.getparent()
            if run is not None:
                holder.append(run)
            return


def _with_note(step: Step, note: str) -> Step:
    return replace(step, line=replace(step.line, note=_joined(step.line.note, note)))


def _joined(*notes: str) -> str:
    return "; ".join(note for note in notes if note)
