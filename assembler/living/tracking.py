"""Updates written as tracked changes (author assembler), to be accepted or rejected in Word's Gennemse tab."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime

from lxml import etree

from assembler.living.comments import AUTHOR
from assembler.wordxml import W

_RENAMED_WHEN_DELETED = {f"{W}t": f"{W}delText", f"{W}instrText": f"{W}delInstrText"}


def track_replacement(
    new: etree._Element,
    old: etree._Element | None,
    now: datetime,
    next_id: Callable[[], int],
    *,
    inserted: bool = False,
) -> None:
    """Mark a control's content as tracked changes.

    With `old`, the new control's content is marked inserted and the old content, marked deleted,
    is put before it; without, the control's own content is marked inserted (`inserted`) or deleted.
    """
    content = new.find(f"{W}sdtContent")
    if content is None:
        return
    if old is None:
        _mark(content, "ins" if inserted else "del", now, next_id)
        return
    _mark(content, "ins", now, next_id)
    old_content = old.find(f"{W}sdtContent")
    if old_content is None:
        return
    deleted = copy.deepcopy(old_content)
    _drop_own_insertions(deleted)
    _mark(deleted, "del", now, next_id)
    for position, block in enumerate(list(deleted)):
        content.insert(position, block)


def track_blocks(blocks: list[etree._Element], now: datetime, next_id: Callable[[], int], *, inserted: bool) -> None:
    """Mark blocks outside any control (template text, a frame's content) as inserted or deleted."""
    for block in blocks:
        if not inserted:
            _drop_own_insertions(block)
        _mark(block, "ins" if inserted else "del", now, next_id)


def _drop_own_insertions(content: etree._Element) -> None:
    """Take out what assembler inserted earlier and nobody accepted: replaced now, it simply goes.

    Marked deleted instead, Accept All would keep it (only the deletion's wrapper is accepted, the
    insertion inside it stays). Assembler's earlier deletions are left as they are: still deleted.
    """

    def ours(element: etree._Element | None) -> bool:
        return element is not None and element.get(f"{W}author") == AUTHOR

    for paragraph in list(content.iter(f"{W}p")):  # a paragraph assembler inserted, its mark too
        if ours(paragraph.find(f"{W}pPr/{W}rPr/{W}ins")) and (parent := paragraph.getparent()) is not None:
            parent.remove(paragraph)
    for row in list(content.iter(f"{W}tr")):
        if ours(row.find(f"{W}trPr/{W}ins")) and (parent := row.getparent()) is not None:
            parent.remove(row)
    for table in list(content.iter(f"{W}tbl")):  # a table left without rows is not a table
        if table.find(f"{W}tr") is None and (parent := table.getparent()) is not None:
            parent.remove(table)
    for inserted in list(content.iter(f"{W}ins")):
        if ours(inserted) and (parent := inserted.getparent()) is not None and parent.tag != f"{W}rPr":
            parent.remove(inserted)


def _mark(content: etree._Element, kind: str, now: datetime, next_id: Callable[[], int]) -> None:
    def change() -> etree._Element:
        element = etree.Element(f"{W}{kind}")
        element.set(f"{W}id", str(next_id()))
        element.set(f"{W}author", AUTHOR)
        element.set(f"{W}date", now.strftime("%Y-%m-%dT%H:%M:%SZ"))
        return element

    for run in list(content.iter(f"{W}r")):
        parent = run.getparent()
        if parent is None or parent.tag in (f"{W}ins", f"{W}del"):
            continue
        wrapper = change()
        run.addprevious(wrapper)
        wrapper.append(run)
        if kind == "del":
            for text in run.iter(*_RENAMED_WHEN_DELETED):
                text.tag = _RENAMED_WHEN_DELETED[str(text.tag)]
    for paragraph in content.iter(f"{W}p"):
        properties = _child(paragraph, "pPr", first=True)
        mark = properties.find(f"{W}rPr")
        if mark is None:  # the paragraph mark's properties come after the others, before a section's
            mark = etree.Element(f"{W}rPr")
            ending = [c for c in properties if c.tag in (f"{W}sectPr", f"{W}pPrChange")]
            (ending[0].addprevious if ending else properties.append)(mark)
        if mark.find(f"{W}ins") is None and mark.find(f"{W}del") is None:  # not one already tracked
            mark.insert(0, change())  # w:ins and w:del come first in a paragraph mark's properties
    for row in content.iter(f"{W}tr"):
        properties = _child(row, "trPr", first=True)
        if len(properties) == 0:  # the schema wants one row property before the change: the default one
            etree.SubElement(properties, f"{W}cantSplit", {f"{W}val": "off"})
        if properties.find(f"{W}ins") is None and properties.find(f"{W}del") is None:
            properties.append(change())


def _child(parent: etree._Element, name: str, *, first: bool = False) -> etree._Element:
    found = parent.find(f"{W}{name}")
    if found is None:
        found = etree.Element(f"{W}{name}")
        if first:
            parent.insert(1 if parent.tag == f"{W}tr" and parent.find(f"{W}tblPrEx") is not None else 0, found)
        else:
            parent.append(found)
    return found
