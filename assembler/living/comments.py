"""Word comments on what assembler updates: the comments part, and the range a comment covers."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from assembler.living.package import COMMENTS, COMMENTS_CONTENT_TYPE, COMMENTS_TYPE, DOCUMENT, Package, relative
from assembler.render.marking import plain_number
from assembler.wordxml import W_NS, W

AUTHOR = "assembler"
INITIALS = "A"
_CONTROL = f"{W}sdt"
_PARAGRAPH = f"{W}p"


def add_comment(package: Package, first: etree._Element, last: etree._Element, text: str, now: datetime) -> None:
    """Attach a comment to blocks (a control, or paragraphs and tables): its range around them, its mark after.

    LibreOffice 7.4 drops a paragraph in a block-level control that holds a comment's mark, so the
    mark goes in a paragraph outside any control: the last block itself when it is one, else the
    nearest after the blocks (or before them). A control with no such paragraph beside it (alone
    in a table cell) is commented where its cell's table stands.
    """
    holder = _mark_holder(first, last)
    while holder is None and (outer := _outer_block(first)) is not None:
        first = last = outer
        holder = _mark_holder(first, last)
    if holder is None:
        return
    comments = comments_part(package)
    numbers = [plain_number(c.get(f"{W}id")) for c in comments.iter(f"{W}comment")]
    identifier = str(max((n for n in numbers if n is not None), default=-1) + 1)
    comment = etree.SubElement(comments, f"{W}comment")
    comment.set(f"{W}id", identifier)
    comment.set(f"{W}author", AUTHOR)
    comment.set(f"{W}date", now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    comment.set(f"{W}initials", INITIALS)
    for line in text.split("\n"):
        etree.SubElement(etree.SubElement(etree.SubElement(comment, f"{W}p"), f"{W}r"), f"{W}t").text = line
    start, end = etree.Element(f"{W}commentRangeStart"), etree.Element(f"{W}commentRangeEnd")
    start.set(f"{W}id", identifier)
    end.set(f"{W}id", identifier)
    first.addprevious(start)
    last.addnext(end)
    place_reference(holder, reference_run(identifier), after=last)


def reference_run(identifier: str) -> etree._Element:
    """Return the run that marks a comment in the text."""
    run = etree.Element(f"{W}r")
    etree.SubElement(run, f"{W}commentReference").set(f"{W}id", identifier)
    return run


def place_reference(holder: etree._Element, run: etree._Element, *, after: etree._Element) -> None:
    """Put a comment's mark in a paragraph: at its end when it is or precedes the commented blocks, else first."""
    parent = after.getparent()
    if holder is after or (
        holder.getparent() is parent and parent is not None and parent.index(holder) < parent.index(after)
    ):
        holder.append(run)
    else:
        properties = holder.find(f"{W}pPr")
        holder.insert(holder.index(properties) + 1 if properties is not None else 0, run)


def holder_beside(block: etree._Element) -> etree._Element | None:
    """Return the paragraph outside controls nearest after a block (else before it), not the block itself."""
    following = next((e for e in block.itersiblings() if e.tag == _PARAGRAPH), None)
    if following is not None and not _in_control(following):
        return following
    preceding = next((e for e in block.itersiblings(preceding=True) if e.tag == _PARAGRAPH), None)
    return preceding if preceding is not None and not _in_control(preceding) else None


def _mark_holder(first: etree._Element, last: etree._Element) -> etree._Element | None:
    if last.tag == _PARAGRAPH and not _in_control(last):
        return last
    following = next((e for e in last.itersiblings() if e.tag == _PARAGRAPH), None)
    if following is not None and not _in_control(following):
        return following
    preceding = next((e for e in first.itersiblings(preceding=True) if e.tag == _PARAGRAPH), None)
    return preceding if preceding is not None and not _in_control(preceding) else None


def _in_control(element: etree._Element) -> bool:
    return any(ancestor.tag == _CONTROL for ancestor in element.iterancestors())


def _outer_block(element: etree._Element) -> etree._Element | None:
    """Return the block of its story an element stands in (a table holding its cell), or None at the top."""
    ancestors = list(element.iterancestors())
    stories = [i for i, a in enumerate(ancestors) if a.tag in (f"{W}body", f"{W}hdr", f"{W}ftr")]
    if not stories or stories[0] == 0:
        return None
    return ancestors[stories[0] - 1]


def comments_part(package: Package) -> etree._Element:
    """Return the document's comments part, made and related to the body when it has none."""
    for rel in package.rels(DOCUMENT):
        if rel.get("Type") == COMMENTS_TYPE:
            found = package.target(DOCUMENT, str(rel.get("Id")))
            if found is not None and found[1] in package.members:
                return package.xml(found[1])
    name = COMMENTS if COMMENTS not in package.members else package.free_name(COMMENTS)
    package.add_part(name, b"", COMMENTS_CONTENT_TYPE)
    package.parsed[name] = etree.Element(f"{W}comments", nsmap={"w": W_NS})
    package.relate(DOCUMENT, COMMENTS_TYPE, relative(DOCUMENT, name))
    return package.parsed[name]
