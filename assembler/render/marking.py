"""Marking what assembler writes: each generated block of a report sits in a tagged content control.

Before Jinja runs, every body-level paragraph or table that prints a value, or that a Jinja block
decides on, is wrapped in a content control (w:sdt) whose tag names the field it shows and its
block in the template; a block repeated by a loop gets its item's key from the workbook while
Jinja renders (the environment's row-key filter). Headers and footers are not marked: LibreOffice
7.4 prints a field in a footer's control by its name (»Side PAGE1«). After rendering, every tag is made
unique, every control gets its own w:id, and a placeholder (»[Skriv …]«) becomes a control showing
Word's placeholder text. A template whose Jinja blocks do not nest with its paragraphs is not marked.
The template's property elements are put in schema order here too, while the body is parsed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from assembler.render.schemaorder import is_property, order_properties
from assembler.wordxml import VAL, W, w_element, w_sub_element

TAG_PREFIX = "assembler:"
GENERATED_TITLE = "Fra projektmappen"
PLACEHOLDER_TITLE = "Skriv her"
KEY_FILTER = "raekkenoegle"  # the environment's filter that prints a loop item's key (see environment)
MAX_ID = 2**31 - 1  # a control's w:id is a signed 32-bit number
_STATEMENT = re.compile(r"{%-?\s*(\w+)\s*(.*?)\s*-?%}", re.DOTALL)
_EXPRESSION = re.compile(r"{{-?\s*([A-Za-z_][\w.]*)")
_OWN_LOOP = re.compile(r"{%-?\s*for\s+[\w\s,]+?\s+in\s+([A-Za-z_][\w.]*)")
_LOOP = re.compile(r"^[\w\s,]+?\s+in\s+([A-Za-z_][\w.]*)")
_TARGET = re.compile(r"^\s*([A-Za-z_]\w*)")
_PATH = re.compile(r"[A-Za-z_][\w.]*")
_OPENING = {"if", "for"}
_CLOSING = {"endif", "endfor"}
_JINJA = re.compile(r"{{.*?}}|{%.*?%}", re.DOTALL)
_TOKEN = re.compile("\u27e6(\\d+)\u27e7")
_PLACEHOLDER = re.compile(r"^\s*\[.*\]\s*$", re.DOTALL)
_NUMBER = re.compile(r"-?[0-9]{1,10}")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)
_ID = f"{W}id"
_TAG = f"{W}tag"
_PROPERTIES = f"{W}sdtPr"
_TABLE = f"{W}tbl"
_PARAGRAPH = f"{W}p"
_TEXT = f"{W}t"
_TEXT_BOX = f"{W}txbxContent"
_CONTENT = f"{W}sdtContent"
_PARTS = {f"{W}body"}  # the parts whose blocks are marked


@dataclass(frozen=True)
class MarkedBody:
    """A template body's XML, its generated blocks in tagged controls, and whether its properties were sorted."""

    xml: str
    ordered: bool


@dataclass
class _Open:
    """A Jinja block open at body level: its keyword, the field it is about, its loop variable, its blocks so far."""

    keyword: str
    name: str
    variable: str = ""
    blocks: int = 0


class _Unbalanced(Exception):
    """A Jinja block opens in one paragraph and closes in another: the template is left unmarked."""


def mark_template_body(xml: str) -> str:
    """Return a template body's cleaned XML, its generated blocks wrapped in tagged controls, properties in order."""
    return marked_template_body(xml).xml


def marked_template_body(xml: str) -> MarkedBody:
    """Return a template part's cleaned XML (body, header or footer) marked, and whether it was sorted.

    A generated block's tag names the field it shows and its block in the template: the n-th block
    of that name (`plan.statusaar#2`), or, in a loop, the item's key and the block's place in the
    loop's body (`moeder[2018-03-08]/1`).
    """
    try:
        return _mark(xml)
    except (_Unbalanced, etree.XMLSyntaxError):
        return MarkedBody(xml, ordered=False)


def _mark(xml: str) -> MarkedBody:
    # Jinja may stand inside an attribute with quotes of its own: each piece becomes a token first.
    pieces: list[str] = []

    def token(match: re.Match[str]) -> str:
        pieces.append(match.group(0))
        return f"\u27e6{len(pieces) - 1}\u27e7"

    body = etree.fromstring(_JINJA.sub(token, xml).encode("utf-8"), _PARSER)
    if body.tag not in _PARTS:
        return MarkedBody(xml, ordered=False)

    def jinja(text: str | None) -> str:
        return _TOKEN.sub(lambda m: pieces[int(m.group(1))], text or "")

    open_blocks: list[_Open] = []
    named: dict[str, int] = {}
    _follow(jinja(body.text), open_blocks)
    for child in list(body):
        tail = jinja(child.tail)
        if child.tag in (f"{W}p", f"{W}tbl"):
            tag = _block_tag(jinja("".join(child.itertext())), open_blocks, named)
            if tag is not None:
                _wrap(child, tag)
        _follow(tail, open_blocks)
    if open_blocks:
        raise _Unbalanced
    ordered = _order_static_properties(body, jinja)
    return MarkedBody(jinja(str(etree.tostring(body, encoding="unicode"))), ordered)


def _order_static_properties(body: etree._Element, jinja: Callable[[str | None], str]) -> bool:
    """Sort the body's property elements and return True, if Jinja cannot change what is in any of them."""
    if not all(_is_static(element, jinja) for element in body.iter() if is_property(element)):
        return False
    order_properties(body)
    return True


def _is_static(properties: etree._Element, jinja: Callable[[str | None], str]) -> bool:
    """True for a property element Jinja renders whole: no text in it, each attribute's Jinja blocks closed in it."""
    if "".join(properties.itertext()).strip():
        return False
    try:
        for element in properties.iter():
            for value in element.values():
                open_blocks: list[_Open] = []
                _follow(jinja(value), open_blocks)
                if open_blocks:
                    return False
    except _Unbalanced:
        return False
    return True


def _follow(text: str, open_blocks: list[_Open]) -> None:
    """Update the stack of Jinja blocks open at body level with the statements in some text."""
    for keyword, rest in _STATEMENT.findall(text):
        if keyword in _OPENING:
            target = _TARGET.match(rest) if keyword == "for" else None
            open_blocks.append(_Open(keyword, _statement_name(keyword, rest), target.group(1) if target else ""))
        elif keyword in _CLOSING:
            if not open_blocks:
                raise _Unbalanced
            open_blocks.pop()


def _statement_name(keyword: str, rest: str) -> str:
    if keyword == "for" and (loop := _LOOP.match(rest)):
        return loop.group(1)
    path = _PATH.search(rest.removeprefix("not "))
    return path.group(0) if path else keyword


def _block_tag(text: str, open_blocks: list[_Open], named: dict[str, int]) -> str | None:
    """Return the tag a block's control gets (with Jinja for a loop item's key), or None for the template's own."""
    inner: list[_Open] = []
    _follow(text, inner)  # a block's own Jinja blocks must close inside it
    if inner:
        raise _Unbalanced
    loops = [block for block in open_blocks if block.keyword == "for"]
    if loops:
        loops[-1].blocks += 1
        return f"{loops[-1].name}[{_key_expression(loops)}]/{loops[-1].blocks}"
    own = _OWN_LOOP.search(text) or _EXPRESSION.search(text)
    if own:
        name = own.group(1)
    elif open_blocks:
        name = open_blocks[-1].name
    elif "{%" in text or _PLACEHOLDER.match(text):
        name = "tekst"
    else:
        return None
    named[name] = named.get(name, 0) + 1
    return f"{name}#{named[name]}"


def _key_expression(loops: list[_Open]) -> str:
    """Return the Jinja that prints a loop item's key: the keys of the items of every loop it stands in.

    Only the innermost loop's `loop.index` can be reached; it keys an item without a key of its own.
    """
    keys = []
    for number, block in enumerate(loops, start=1):
        index = "(loop.index)" if number == len(loops) else ""
        keys.append(f"{{{{ {block.variable}|{KEY_FILTER}{index} }}}}" if block.variable else "{{ loop.index }}")
    return " · ".join(keys)


def _wrap(block: etree._Element, name: str) -> None:
    sdt = w_element("sdt")
    properties = w_sub_element(sdt, "sdtPr")
    w_sub_element(properties, "alias", GENERATED_TITLE)
    w_sub_element(properties, "tag", TAG_PREFIX + name)
    content = w_sub_element(sdt, "sdtContent")
    block.addprevious(sdt)
    sdt.tail, block.tail = block.tail, None
    content.append(block)


def mark_rendered_body(body: etree._Element) -> None:
    """Give a rendered body's controls unique tags and ids, and their placeholder state.

    A tag two blocks share (a key two items share) gets `~2`, `~3` … in document order.
    """
    ids, tags = _ids_and_tags(body)
    numbers = free_numbers(number for number in map(plain_number, ids) if number is not None)
    seen: dict[str, int] = {}
    for tag, properties, value in tags:
        name = value[len(TAG_PREFIX) :]
        count = seen[name] = seen.get(name, 0) + 1
        if count > 1:
            tag.set(VAL, f"{TAG_PREFIX}{name}~{count}")
        if next(properties.iterchildren(_ID), None) is None:
            w_sub_element(properties, "id", str(next(numbers)))
        text = _text_unless_table(properties.getparent())  # a table is never a placeholder
        if text and _PLACEHOLDER.match(text):
            properties.find(f"{W}alias").set(VAL, PLACEHOLDER_TITLE)
            w_sub_element(properties, "showingPlcHdr")


def free_numbers(taken: Iterable[int]) -> Iterator[int]:
    """Yield the ids (w:id, a drawing's id) not taken: past the highest taken, then any free below it."""
    used = set(taken)
    after = max(used, default=0) + 1
    return (n for n in itertools.chain(range(after, MAX_ID + 1), range(1, after)) if n not in used)


def plain_number(value: str | None) -> int | None:
    """Return an id written as Word writes one (a decimal within 32 bits), or None for anything else."""
    if value is None or not _NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if -(2**31) <= number <= MAX_ID else None


def _ids_and_tags(body: etree._Element) -> tuple[list[str], list[tuple[etree._Element, etree._Element, str]]]:
    """Return the w:id of every content control, and the w:tag, properties and tag of each control assembler made."""
    ids: list[str] = []
    tags: list[tuple[etree._Element, etree._Element, str]] = []
    for element in body.iter(_ID, _TAG):
        properties = element.getparent()
        if properties is None or properties.tag != _PROPERTIES:
            continue
        value = element.get(VAL)
        if element.tag == _ID:
            ids.append(str(value))
        elif value is not None and value.startswith(TAG_PREFIX) and properties.getparent() is not None:
            tags.append((element, properties, value))
    return ids, tags


def _text_unless_table(sdt: etree._Element) -> str | None:
    """Return a control's text as `control_text` does, or None for one holding a table; in one walk."""
    content = _content(sdt)
    if content is None:
        return ""  # the schema allows a table nowhere else in a control
    lines: list[str] = []
    for element in content.iter(_TABLE, _PARAGRAPH, _TEXT, _TEXT_BOX):
        tag = element.tag
        if tag == _TEXT:
            if lines:
                lines[-1] += element.text or ""
        elif tag == _PARAGRAPH:
            lines.append("")
        elif tag == _TABLE:
            return None
        else:  # a text box's paragraphs lie inside another's, whose text holds theirs too
            return None if next(content.iter(_TABLE), None) is not None else control_text(sdt)
    return "\n".join(lines)


def control_ids(root: etree._Element) -> list[str]:
    """Return the w:id of every content control in a tree."""
    return [str(i.get(VAL)) for i in root.iter(f"{W}id") if i.getparent().tag == f"{W}sdtPr"]


def controls(root: etree._Element) -> Iterator[etree._Element]:
    """Yield the controls assembler made, in document order."""
    for tag in root.iter(f"{W}tag"):
        if (tag.get(VAL) or "").startswith(TAG_PREFIX):
            properties = tag.getparent()
            if properties is not None and properties.tag == f"{W}sdtPr":
                sdt = properties.getparent()
                if sdt is not None:
                    yield sdt


def tag_of(sdt: etree._Element) -> str:
    """Return a control's name: its tag without assembler's prefix (as find("sdtPr/tag"), without a path search)."""
    tags = (tag for properties in sdt.iterchildren(f"{W}sdtPr") for tag in properties.iterchildren(f"{W}tag"))
    return str(next(tags, None).get(VAL, ""))[len(TAG_PREFIX) :]  # type: ignore[union-attr]  # controls() has one


def control_text(sdt: etree._Element) -> str:
    """Return a control's text, a line per paragraph."""
    content = _content(sdt)
    if content is None:
        return ""
    return "\n".join(["".join([t.text or "" for t in p.iter(_TEXT)]) for p in content.iter(_PARAGRAPH)])


def _content(sdt: etree._Element) -> etree._Element | None:
    """Return a control's w:sdtContent, as find() would, without its path search."""
    return next(sdt.iterchildren(_CONTENT), None)
