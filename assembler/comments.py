"""Word comments on assembler's controls: the comments part, and the range a comment covers."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from .marking import W_NS, W
from .package import COMMENTS, COMMENTS_CONTENT_TYPE, COMMENTS_TYPE, DOCUMENT, Package, relative

AUTHOR = "assembler"
INITIALS = "A"


def add_comment(package: Package, sdt: etree._Element, text: str, now: datetime) -> None:
    """Attach a comment saying some text to everything inside a control."""
    paragraphs = list(sdt.iter(f"{W}p"))
    if not paragraphs:
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
    first, last = paragraphs[0], paragraphs[-1]
    start = etree.Element(f"{W}commentRangeStart")
    start.set(f"{W}id", identifier)
    properties = first.find(f"{W}pPr")
    first.insert(first.index(properties) + 1 if properties is not None else 0, start)
    etree.SubElement(last, f"{W}commentRangeEnd").set(f"{W}id", identifier)
    etree.SubElement(etree.SubElement(last, f"{W}r"), f"{W}commentReference").set(f"{W}id", identifier)


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
