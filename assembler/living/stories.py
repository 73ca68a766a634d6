"""A report's stories (its body, headers and footers) as the parts a merge moves: controls and template text.

In what assembler writes, a story is a row of blocks: each of assembler's controls is a generated
part, known by its tag (`plan.statusaar#2`, `moeder[2018-03-08]/1`); every other block is the
template's own text, known by its place among them (`¶3`: the template's third such block). In an
edited file, a block is a control of assembler's (known by its tag wherever it stands, also when
copied) or bare: the person's own, or template text or a frame's content the merge finds again by
comparing with what assembler wrote (see align).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial

from lxml import etree

from assembler.living.package import CHART_TYPE, Package, UnreadablePackage
from assembler.living.visible import Shown, block_shown, combined, content_blocks
from assembler.render.marking import TAG_PREFIX, free_numbers, plain_number
from assembler.wordxml import VAL, W, qn

BODY = "body"
TEMPLATE = "¶"  # the start of a template block's identity: ¶1, ¶2, …
_BLOCKS = {f"{W}p", f"{W}tbl", f"{W}sdt", f"{W}customXml"}
_REFERENCES = {f"{W}headerReference": "sidehoved", f"{W}footerReference": "sidefod"}
_DOCUMENT_PART = "word/document.xml"
_DOCPR = qn("wp:docPr")
# The marks of ranges (comments, bookmarks …) that start just before a block and end just after it.
RANGE_STARTS = {f"{W}{n}" for n in ("commentRangeStart", "bookmarkStart", "permStart", "moveFromRangeStart")}
RANGE_ENDS = {f"{W}{n}" for n in ("commentRangeEnd", "bookmarkEnd", "permEnd", "moveFromRangeEnd")}


@dataclass
class Part:
    """A generated part or a block of template text in a story, and what it shows (worked out when first asked)."""

    identity: str
    elements: list[etree._Element]  # the block: a control, or a paragraph or table
    story: Story | None = None  # what tells what its blocks show (None: given)
    control: bool = True
    placeholder: bool = False  # a control showing its placeholder (Word's showingPlcHdr)
    given_inner: tuple[Shown, ...] | None = None
    given_shown: Shown | None = None
    twin: Part | None = None  # a part whose blocks are the same XML: it shows what this one does
    serialized: tuple[bytes, ...] | None = field(default=None, repr=False)  # its blocks' XML, once asked

    @property
    def is_template(self) -> bool:
        return not self.control

    @property
    def blocks(self) -> list[etree._Element]:
        """The blocks it shows: a control's content, or the template's paragraph or table."""
        return content_blocks(self.elements[0]) if self.control else self.elements

    @property
    def inner(self) -> tuple[Shown, ...]:
        """What each of its blocks shows (to know a control again when its frame is gone)."""
        if self.given_inner is None:
            story = self.story
            if self.twin is not None:
                self.given_inner = self.twin.inner
            else:
                self.given_inner = tuple(story.block(block) for block in self.blocks) if story is not None else ()
        return self.given_inner

    @property
    def shown(self) -> Shown:
        """What it shows (a control: its content)."""
        if self.given_shown is None:
            self.given_shown = self.twin.shown if self.twin is not None else combined(self.inner)
        return self.given_shown

    def shows_same(self, other: Part) -> bool:
        """True when it shows what another part shows (known without a walk when they are twins)."""
        return self.original() is other.original() or self.shown.signature == other.shown.signature

    def original(self) -> Part:
        return self if self.twin is None else self.twin.original()

    def same_as(self, other: Part) -> bool:
        """True when its blocks are the same XML as another part's and relate to no part (so they show the same)."""
        mine = self.xml()
        # A chart's or picture's part may differ under the same relationship id.
        return mine == other.xml() and not any(b" r:" in xml for xml in mine)

    def xml(self) -> tuple[bytes, ...]:
        """Return its blocks' XML, serialized once (a base's part is compared with the edited file and rendering)."""
        if self.serialized is None:
            self.serialized = tuple(etree.tostring(block) for block in self.blocks)
        return self.serialized


@dataclass
class Story:
    """A body, header or footer of a package: its container, the part's name, and how it is called in Danish."""

    package: Package
    name: str  # the part: word/document.xml, word/footer1.xml …
    container: etree._Element  # w:body, w:hdr, w:ftr
    role: str  # 'body', or the kind of header or footer ('sidefod' …) and its type: 'sidefod:default'

    def block(self, block: etree._Element) -> Shown:
        """Return what one block of this story shows (charts and pictures by the parts they relate to)."""
        return block_shown(block, partial(related_shows, self.package, self.name))

    def shown(self, blocks: list[etree._Element]) -> Shown:
        """Return what blocks of this story show."""
        return combined(self.block(block) for block in blocks)

    def blocks(self) -> list[etree._Element]:
        """Return the story's blocks, in order (a section's properties and loose marks are no blocks)."""
        return [child for child in self.container if child.tag in _BLOCKS]

    def parts(self) -> list[Part]:
        """Return the story as assembler writes it: its controls by tag, its other blocks as template text."""
        parts, number = [], 0
        for block in self.blocks():
            tag = control_tag(block)
            if tag is None:
                number += 1
                parts.append(Part(f"{TEMPLATE}{number}", [block], self, control=False))
            else:
                parts.append(self.control_part(tag, block))
        return parts

    def control_part(self, tag: str, sdt: etree._Element) -> Part:
        return Part(tag, [sdt], self, placeholder=is_showing_placeholder(sdt))


def control_tag(element: etree._Element) -> str | None:
    """Return the tag of one of assembler's controls (without its prefix), or None for any other element."""
    if element.tag != f"{W}sdt":
        return None
    tags = (tag for properties in element.iterchildren(f"{W}sdtPr") for tag in properties.iterchildren(f"{W}tag"))
    tag = next(tags, None)
    value = None if tag is None else tag.get(VAL)
    return None if value is None or not value.startswith(TAG_PREFIX) else value[len(TAG_PREFIX) :]


def is_showing_placeholder(sdt: etree._Element) -> bool:
    """True for a control showing its placeholder text (Word's showingPlcHdr)."""
    return any(next(p.iterchildren(f"{W}showingPlcHdr"), None) is not None for p in sdt.iterchildren(f"{W}sdtPr"))


def outer_controls(container: etree._Element) -> Iterator[etree._Element]:
    """Yield assembler's controls anywhere in a story that are not inside another of them, in order."""
    for sdt in container.iter(f"{W}sdt"):
        if control_tag(sdt) is None:
            continue
        ancestor = sdt.getparent()
        while ancestor is not None and ancestor is not container and control_tag(ancestor) is None:
            ancestor = ancestor.getparent()
        if ancestor is container:
            yield sdt


def related_shows(package: Package, part: str, rel_id: str) -> str:
    """Return what the part a relationship names shows: a chart's texts and values, a picture's bytes' hash."""
    found = package.target(part, rel_id)
    if found is None or found[1] not in package.members:
        return ""
    kind, name = found
    if kind == CHART_TYPE:
        chart = package.xml(name)
        return "|".join(e.text or "" for e in chart.iter(qn("c:v"), qn("a:t")))
    return package.digest(name)


@dataclass
class Stories:
    """A package's stories by role: the body, and the headers and footers of its last section."""

    body: Story
    others: dict[str, Story] = field(default_factory=dict)

    def all(self) -> list[Story]:
        return [self.body, *self.others.values()]


def stories_of(package: Package) -> Stories:
    """Return a package's body and the headers and footers its last section names, by type."""
    root = package.xml(_DOCUMENT_PART)
    body = root.find(f"{W}body")
    if body is None:
        raise UnreadablePackage("word/document.xml: ingen w:body")
    stories = Stories(Story(package, _DOCUMENT_PART, body, BODY))
    section = body.find(f"{W}sectPr")
    for reference in section if section is not None else ():
        kind = _REFERENCES.get(reference.tag)
        rel_id = reference.get(qn("r:id"))
        found = package.target(_DOCUMENT_PART, rel_id) if kind and rel_id else None
        if found is None or found[1] not in package.members:
            continue
        role = f"{kind}:{reference.get(f'{W}type', 'default')}"
        stories.others[role] = Story(package, found[1], package.xml(found[1]), role)
    return stories


def free_ids(package: Package) -> Iterator[int]:
    """Yield ids no control or tracked change of a package has, in any of its stories."""
    taken = (
        plain_number(element.get(VAL) if element.tag == f"{W}id" else element.get(f"{W}id"))
        for story in stories_of(package).all()
        for element in story.container.iter(f"{W}id", f"{W}ins", f"{W}del")
    )
    return free_numbers(number for number in taken if number is not None)


def free_drawing_ids(package: Package) -> Iterator[int]:
    """Yield drawing ids (wp:docPr) no drawing of a package has, in any of its stories."""
    drawings = (d for story in stories_of(package).all() for d in story.container.iter(_DOCPR))
    return free_numbers(number for d in drawings if (number := plain_number(d.get("id"))) is not None)


def marks_start(block: etree._Element) -> etree._Element:
    """Return where a block's own marks start: the range starts just before it, else the block itself."""
    while (previous := block.getprevious()) is not None and previous.tag in RANGE_STARTS:
        block = previous
    return block


def marks_end(block: etree._Element) -> etree._Element:
    """Return where a block's own marks end: the range ends just after it, else the block itself."""
    while (following := block.getnext()) is not None and following.tag in RANGE_ENDS:
        block = following
    return block
