"""Updating a report a person has edited: a three-way merge of its parts, story by story.

Three versions meet: what assembler wrote last (the base), the edited file (mine) and the new
rendering (theirs). Each story (the body, each header and footer) is a row of parts: assembler's
controls, known by their tags, and the template's own text (see stories); `align` finds them in
the edited file. Then each part of the new rendering ends as one of:

- in place with the new content, where the person left it as assembler wrote it, emptied its
  frame (Word shows its placeholder), or it is new (put under the same heading and between the
  same neighbours as in a fresh build: before the next of its neighbours still there, after the
  person's own text there);
- deleted, where the person deleted it (remembered: it does not come back);
- kept as the person wrote it, with a comment saying what the workbook now gives (notes), where
  they changed it and the workbook changed it too.

A part the workbook no longer gives is removed, or kept with a comment where the person changed
it. The same holds for a frame's content without its frame (»Fjern indholdskontrol«) and for each
copy of a copied frame. Template text the person left alone follows the template; text they
changed stays theirs. The document's properties (title, subject …) follow the same rule.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime

from lxml import etree

from assembler.living.align import Instance, find_parts
from assembler.living.comments import add_comment, holder_beside, place_reference
from assembler.living.notes import changed_note, gone_note, property_note, template_note
from assembler.living.package import Package, UnreadablePackage
from assembler.living.stamps import stamp_modified
from assembler.living.stories import (
    BODY,
    RANGE_ENDS,
    RANGE_STARTS,
    TEMPLATE,
    Part,
    Story,
    free_drawing_ids,
    free_ids,
    marks_end,
    marks_start,
    stories_of,
)
from assembler.living.styles import carry_styles
from assembler.living.tracking import track_blocks, track_replacement
from assembler.render.marking import plain_number
from assembler.wordxml import VAL, R, W, qn

WP_DOCPR = qn("wp:docPr")
CORE = "docProps/core.xml"
# The document properties rendering writes from the template (Filer › Oplysninger in Word).
PROPERTIES = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "subject": "{http://purl.org/dc/elements/1.1/}subject",
    "creator": "{http://purl.org/dc/elements/1.1/}creator",
    "keywords": "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords",
    "description": "{http://purl.org/dc/elements/1.1/}description",
    "category": "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}category",
    "language": "{http://purl.org/dc/elements/1.1/}language",
    "identifier": "{http://purl.org/dc/elements/1.1/}identifier",
}


@dataclass(frozen=True)
class Base:
    """What assembler last wrote in a report: each story's parts by role, its properties, the parts deleted since."""

    stories: dict[str, list[Part]]
    properties: dict[str, str] | None  # None: not known
    deleted: frozenset[str] = frozenset()  # 'role|identity' of each part the person deleted
    guessed: frozenset[str] = frozenset()  # the stories whose base is the new rendering, standing in for one lost


@dataclass
class Merge:
    """The result of updating an edited report: the new file (None when nothing changed), what it did, by count."""

    data: bytes | None
    deleted: frozenset[str] = frozenset()
    changed: int = 0
    conflicts: int = 0
    added: int = 0
    removed: int = 0
    kept: int = 0
    comments: list[str] = field(default_factory=list)


class Unmatched(Exception):
    """The edited file cannot be updated; the message says why, in Danish."""


BaseOf = Callable[[Package, Package], Base]  # the base, from the edited file and the new rendering


def merge_report(edited: bytes, fresh: bytes, base_of: BaseOf, *, track: bool, now: datetime) -> Merge:
    """Update an edited report with a new rendering; raise Unmatched when it cannot be matched."""
    try:
        mine, theirs = Package.read(edited), Package.read(fresh)
        check_ids(mine)
        base = base_of(mine, theirs)
        return _merge(mine, theirs, base, track, now)
    except UnreadablePackage as err:  # also a part of it (comments, relationships) that cannot be read
        raise Unmatched("den ikke kan læses som et Word-dokument") from err


def kept_base(data: bytes, deleted: frozenset[str]) -> BaseOf:
    """Return what gives the base from a kept copy of what assembler wrote and the parts deleted since."""

    def base_of(mine: Package, theirs: Package) -> Base:
        try:
            package = Package.read(data)
            stories = {story.role: story.parts() for story in stories_of(package).all()}
            return Base(stories, properties_of(package), deleted)
        except UnreadablePackage as err:
            raise Unmatched("assemblers kopi af det, den skrev i den sidst, kan ikke læses") from err

    return base_of


def check_ids(package: Package) -> None:
    """Raise Unmatched when an id in the parts a merge changes is not a plain number (a file Word calls damaged)."""
    names = [story.name for story in stories_of(package).all()]
    names += [name for name in package.members if name.startswith("word/comments") and name.endswith(".xml")]
    for name in names:
        for element in package.xml(name).iter():
            tag = element.tag
            value = element.get(VAL) if tag == f"{W}id" else element.get("id" if tag == WP_DOCPR else f"{W}id")
            if value is not None and plain_number(value) is None:
                shown = value if len(value) <= 20 else value[:19] + "…"
                raise Unmatched(
                    f"den har et id, der ikke er et helt tal (»{shown}« i {name}); Word vil kalde den beskadiget"
                )


def _merge(mine: Package, theirs: Package, base: Base, track: bool, now: datetime) -> Merge:
    mine_stories, theirs_stories = stories_of(mine), stories_of(theirs)
    if not any(part.control for part in mine_stories.body.parts()):
        raise Unmatched("assemblers rammer om tallene er væk (fx gemt i et program, der fjerner dem)")
    if not any(part.control for part in theirs_stories.body.parts()):
        raise Unmatched("skabelonen giver ingen rammer om tallene")
    job = _Job(mine, theirs, Merge(None), track, now, free_ids(mine), free_drawing_ids(mine), base.deleted)
    job.anchor = mine_stories.body.blocks()[0]
    job.story(mine_stories.body, theirs_stories.body, base.stories.get(BODY, []), BODY in base.guessed)
    for role, story in theirs_stories.others.items():
        own = mine_stories.others.get(role)
        if own is not None:  # a header or footer the person removed stays removed
            job.story(own, story, base.stories.get(role, []), role in base.guessed)
    job.properties(properties_of(mine), properties_of(theirs), base.properties)
    merge = job.merge
    merge.deleted = frozenset(job.deleted)
    if merge.changed or merge.added or merge.removed or merge.conflicts:
        mine.drop_unused_charts()
        stamp_modified(mine, now)  # its content changed now; its created time stays the first build's
        carry_styles(mine, theirs)
        merge.data = mine.to_bytes()
    return merge


@dataclass
class _Job:
    mine: Package
    theirs: Package
    merge: Merge
    track: bool
    now: datetime
    numbers: Iterator[int]  # free ids for controls and tracked changes
    docpr: Iterator[int]  # free ids for drawings
    remembered: frozenset[str]  # the parts deleted before this build
    deleted: set[str] = field(default_factory=set)
    carried: dict[str, str] = field(default_factory=dict)
    anchor: etree._Element | None = None  # where a comment on a header, footer or property goes

    def story(self, mine: Story, theirs: Story, base: list[Part], guessed: bool) -> None:
        """Merge one story: update, keep or comment each part found, remove what is gone, put new parts in place.

        A guessed base (the new rendering standing in) finds the parts, but tells nothing of what they were.
        """
        parts = theirs.parts()
        reuse_shown(base, parts)
        base = template_identities(base, parts)
        known = {part.identity: part for part in base}
        found = find_parts(mine, base)
        wanted = {part.identity for part in parts}
        new: set[str] = set()
        present: dict[str, list[etree._Element]] = {}
        for part in parts:
            instances = found.get(part.identity, [])
            last = known.get(part.identity)
            key = f"{mine.role}|{part.identity}"
            for instance in instances:
                self.update(mine, theirs, instance, part, None if guessed else last)
            if any(i.body_level for i in instances):
                present[part.identity] = next(i.elements for i in instances if i.body_level)
            elif not instances and (last is not None or key in self.remembered):
                self.deleted.add(key)
            elif not instances:
                new.add(part.identity)
        self.deleted |= {key for key in self.remembered if key.startswith(f"{mine.role}|")} - {
            f"{mine.role}|{identity}" for identity in found
        }
        for identity, instances in found.items():
            last = known.get(identity)
            if identity not in wanted and last is not None:
                for instance in instances:
                    self.vanish(mine, instance, last)
        self.place(mine, theirs, parts, new, present)

    def update(self, mine: Story, theirs: Story, instance: Instance, part: Part, last: Part | None) -> None:
        """Bring a part found in the edited file up to date, or keep the person's text with a comment."""
        same = instance.seen.shows_same(part)
        if instance.touched is None:  # not in the base (a copy from elsewhere): theirs unless it differs
            instance.touched = not same
        if same:
            return
        if not instance.holds_own_text:
            instance.elements[:] = self.replace(mine, theirs, instance, part)
            self.merge.changed += 1
        elif last is not None and part.shows_same(last):
            self.merge.kept += 1  # the workbook gives what it gave: the person's text stands
        elif instance.kind == "template" and mine.role == BODY:
            if last is not None:
                self.comment(mine, instance.elements, template_note(part.shown, last.shown))
        else:
            self.comment(mine, instance.elements, changed_note(part.shown, last.shown if last else None, mine.role))

    def vanish(self, mine: Story, instance: Instance, last: Part) -> None:
        """Handle a part the workbook no longer gives: removed as assembler wrote it, else kept with a comment."""
        if not instance.holds_own_text:
            if self.track:
                track_blocks(instance.elements, self.now, self._next, inserted=False)
            else:
                for element in instance.elements:
                    self.rescue_marks(element, element)
                    element.getparent().remove(element)
            self.merge.removed += 1
        elif instance.kind != "template":
            self.comment(
                mine, instance.elements, gone_note(last.shown, was_placeholder=last.placeholder, role=mine.role)
            )

    def place(
        self, mine: Story, theirs: Story, parts: list[Part], new: set[str], present: dict[str, list[etree._Element]]
    ) -> None:
        """Put each new part between its neighbours as the new rendering has them (see the module's description)."""
        for index, part in enumerate(parts):
            if part.identity not in new:
                continue
            element = self.carry(theirs, mine, part.elements[0])
            before = next((present[p.identity][-1] for p in reversed(parts[:index]) if p.identity in present), None)
            after = next((present[p.identity][0] for p in parts[index + 1 :] if p.identity in present), None)
            if after is not None and (before is None or _is_before(before, after)):
                marks_start(after).addprevious(element)
            elif before is not None:
                marks_end(before).addnext(element)
            else:
                section = mine.container.find(f"{W}sectPr")
                (section.addprevious if section is not None else mine.container.append)(element)
            if self.track:
                if element.tag == f"{W}sdt":
                    track_replacement(element, None, self.now, self._next, inserted=True)
                else:
                    track_blocks([element], self.now, self._next, inserted=True)
            present[part.identity] = [element]
            self.merge.added += 1

    def replace(self, mine: Story, theirs: Story, instance: Instance, part: Part) -> list[etree._Element]:
        """Put the new rendering of a part where an instance of it stands; return the new elements."""
        old = instance.elements
        kept_id = old[0] if instance.kind == "control" else None
        new = self.carry(theirs, mine, part.elements[0], kept_id)
        old[0].addprevious(new)
        if self.track and instance.kind == "control" and new.tag == f"{W}sdt":
            track_replacement(new, old[0], self.now, self._next)
        elif self.track:
            track_blocks(old, self.now, self._next, inserted=False)
            track_blocks([new], self.now, self._next, inserted=True)
            return [*old, new] if new.tag != f"{W}sdt" else [new]
        for element in old:
            if element.getparent() is not None:
                self.rescue_marks(element, new)
                element.getparent().remove(element)
        return [new]

    def rescue_marks(self, old: etree._Element, new: etree._Element) -> None:
        """Keep a person's comments and bookmarks on what is replaced or removed: around its replacement, or beside."""
        for mark in list(old.iter(*RANGE_STARTS, *RANGE_ENDS, f"{W}r")):
            if mark.tag != f"{W}r":
                if mark.get(f"{W}name") != "_GoBack":  # Word's own mark of where the cursor was
                    (new.addprevious if mark.tag in RANGE_STARTS else new.addnext)(mark)
            elif mark.find(f"{W}commentReference") is not None:
                holder = holder_beside(new)
                if holder is not None:
                    place_reference(holder, mark, after=new)

    def comment(self, mine: Story, elements: list[etree._Element], text: str) -> None:
        """Comment on a part where it stands (in the body), or at the body's start for a header, footer or property."""
        if mine.role == BODY:
            add_comment(self.mine, elements[0], elements[-1], text, self.now)
        elif self.anchor is not None:
            add_comment(self.mine, self.anchor, self.anchor, text, self.now)
        self.merge.comments.append(text)
        self.merge.conflicts += 1

    def properties(self, mine: dict[str, str], theirs: dict[str, str], base: dict[str, str] | None) -> None:
        """Update each document property the person left as assembler wrote it (or emptied); comment on the others."""
        root = self.mine.xml(CORE) if CORE in self.mine.members else None
        if root is None:
            return
        for name, tag in PROPERTIES.items():
            now, here = theirs.get(name), mine.get(name, "")
            last = None if base is None else base.get(name)
            if now is None or here == now:
                continue
            if here == "" or (last is not None and here == last):
                element = root.find(tag)
                if element is None:
                    element = etree.SubElement(root, tag)
                element.text = now
                self.merge.changed += 1
            elif last is None or now != last:
                if self.anchor is not None:
                    add_comment(self.mine, self.anchor, self.anchor, property_note(name, now, last), self.now)
                self.merge.comments.append(property_note(name, now, last))
                self.merge.conflicts += 1

    def carry(
        self, theirs: Story, mine: Story, element: etree._Element, keep_id: etree._Element | None = None
    ) -> etree._Element:
        """Return a copy of a new block for this document: its own w:id, docPr ids, and related parts."""
        copied = copy.deepcopy(element)
        identifier = copied.find(f"{W}sdtPr/{W}id")
        kept = keep_id.find(f"{W}sdtPr/{W}id") if keep_id is not None else None
        if identifier is not None:
            identifier.set(VAL, kept.get(VAL, "") if kept is not None else str(self._next()))
        for docpr in copied.iter(WP_DOCPR):
            docpr.set("id", str(next(self.docpr)))
        for node in copied.iter():
            for key, value in node.attrib.items():
                if key.startswith(R):
                    related = self.mine.bring_relationship(mine.name, self.theirs, theirs.name, value, self.carried)
                    node.set(key, related)
        return copied

    def _next(self) -> int:
        return next(self.numbers)


def reuse_shown(base: list[Part], parts: list[Part]) -> None:
    """Make each part of the new rendering the twin of the base's part of its identity, where their XML is the same.

    Rendering the same content gives the same XML: most parts need no walk of their own.
    """
    known = {part.identity: part for part in base if part.story is not None}
    for part in parts:
        old = known.get(part.identity)
        if old is not None and old.control == part.control and part.same_as(old):
            part.twin = old


def template_identities(base: list[Part], parts: list[Part]) -> list[Part]:
    """Return the base with its template text known as the new rendering knows it (the template may have changed).

    Template text is matched by what it shows, in order; a block reworded in the template is the
    block it replaces one for one; a block the template no longer has gets an identity of its own.
    """
    old = [part for part in base if part.is_template]
    new = [part for part in parts if part.is_template]
    renamed: dict[str, str] = {part.identity: f"{TEMPLATE}-{number}" for number, part in enumerate(old, start=1)}
    matcher = difflib.SequenceMatcher(
        None, [p.shown.signature for p in old], [p.shown.signature for p in new], autojunk=False
    )
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal" or (operation == "replace" and i2 - i1 == j2 - j1):
            for offset in range(i2 - i1):
                renamed[old[i1 + offset].identity] = new[j1 + offset].identity
    return [replace(part, identity=renamed[part.identity]) if part.is_template else part for part in base]


def properties_of(package: Package) -> dict[str, str]:
    """Return the document properties rendering writes, by name ('' for one that is empty)."""
    if CORE not in package.members:
        return {}
    root = package.xml(CORE)
    found = {}
    for name, tag in PROPERTIES.items():
        element = root.find(tag)
        if element is not None:
            found[name] = element.text or ""
    return found


def _is_before(first: etree._Element, second: etree._Element) -> bool:
    parent = first.getparent()
    return parent is not None and parent is second.getparent() and parent.index(first) < parent.index(second)


