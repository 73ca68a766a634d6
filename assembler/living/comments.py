"""Word comments on assembler's controls: the comments part, and the range a comment covers."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from assembler.living.package import COMMENTS, COMMENTS_CONTENT_TYPE, COMMENTS_TYPE, DOCUMENT, Package, relative
from assembler.wordxml import W_NS, W

AUTHOR = "assembler"
INITIALS = "A"


def add_comment(package: Package, sdt: etree._Element, text: str, now: datetime) -> None:
    """Attach a comment saying some text to a control: its range around the control, its mark after it.

    LibreOffice 7.4 drops a paragraph in a block-level control that holds a comment's mark, so the
    mark goes in the nearest paragraph outside any control, after the control (else before it).
    """
    holder = _mark_holder(sdt)
    if holder is None:
        return
    comments = comments_part(package)
    number = max((int(c.get(f"{W}id", "0")) for c in comments.iter(f"{W}comment")), default=-1) + 1
    identifier = str(number)
    comment = etree.SubElement(comments, f"{W}comment")
    comment.set(f"{W}id", identifier)
    comment.set(f"{W}author", AUTHOR)
    comment.set(f"{W}date", now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    comment.set(f"{W}initials", INITIALS)
    run = etree.SubElement(etree.SubElement(comment, f"{W}p"), f"{W}r")
    etree.SubElement(run, f"{W}t").text = text
    start, end = etree.Element(f"{W}commentRangeStart"), etree.Element(f"{W}commentRangeEnd")
    start.set(f"{W}id", identifier)
    end.set(f"{W}id", identifier)
    sdt.addprevious(start)
    sdt.addnext(end)
    run = etree.Element(f"{W}r")
    etree.SubElement(run, f"{W}commentReference").set(f"{W}id", identifier)
    if holder.getparent() is sdt.getparent() and holder.getparent().index(holder) < sdt.getparent().index(sdt):
        holder.append(run)
    else:
        properties = holder.find(f"{W}pPr")
        holder.insert(holder.index(properties) + 1 if properties is not None else 0, run)


def _mark_holder(sdt: etree._Element) -> etree._Element | None:
    """Return the paragraph outside controls nearest after a control (else before it)."""
    following = [e for e in sdt.itersiblings() if e.tag == f"{W}p"]
    if following:
        return following[0]
    preceding = [e for e in sdt.itersiblings(preceding=True) if e.tag == f"{W}p"]
    return preceding[0] if preceding else None


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
