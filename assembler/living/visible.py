"""What a reader sees of a block: its text, formatting and table structure, as a signature and as lines.

Two blocks that look the same to a reader have the same signature, whatever Word wrote around
them: revision ids, paragraph ids, proofing marks, bookmarks, comments, run boundaries, language
marks, `w:sdtEndPr`, field results (a page number Word updates) and deleted tracked changes do
not count; text, its formatting (style, bold, italics, underline, colour, size …), paragraph style,
alignment, lists, indentation, table rows and cells, and what a chart or picture shows do. The
lines are what a comment quotes: a line per paragraph, a table's rows as »cell | cell | cell«.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from assembler.wordxml import R, W, qn

Related = Callable[[str], str]  # what the part a relationship id names shows ('' for nothing shown)

_T, _P, _R, _TBL, _TR, _TC, _SDT = (f"{W}{n}" for n in ("t", "p", "r", "tbl", "tr", "tc", "sdt"))
_CONTENT, _PPR, _RPR, _TRPR, _TCPR = (f"{W}{n}" for n in ("sdtContent", "pPr", "rPr", "trPr", "tcPr"))
# Inside a paragraph: elements whose runs are shown, and those shown by what they hold.
_SHOWN_CONTAINERS = {f"{W}{n}" for n in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "dir", "bdo")}
_FIELD, _RESULT = "{field}", "{result}"  # a field's name, and the text of its result
_MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_TOGGLES = ("b", "i", "strike", "dstrike", "caps", "smallCaps", "vanish", "emboss", "imprint", "outline", "shadow")
_VALUED = ("rStyle", "color", "highlight", "sz", "vertAlign", "u", "position", "spacing")
_OFF = {"0", "false", "off", "none", "auto"}
_CHARACTERS = {
    f"{W}tab": "\t",
    f"{W}cr": "\n",
    f"{W}noBreakHyphen": "\u2011",
    f"{W}softHyphen": "\u00ad",
}
_PICTURES = {f"{W}drawing", f"{W}pict", f"{W}object"}
_BLIP = qn("a:blip")
_CHART = qn("c:chart")
_MATH_TEXT = f"{_MATH}t"
_SIDES = {"start": "left", "end": "right"}


@dataclass(frozen=True)
class Shown:
    """What a block (or a run of blocks) shows: its signature, and its text as lines for a comment."""

    signature: str
    lines: tuple[str, ...]
    table: bool = False  # a table alone: each line is a row, »cell | cell«
    empty: bool = False  # no text, no table, no picture: an empty paragraph, or none

    @property
    def text(self) -> str:
        """The text, a line per paragraph (or row)."""
        return "\n".join(self.lines)


def block_shown(block: etree._Element, related: Related) -> Shown:
    """Return what one block shows (a paragraph, a table, a control's content); a block deleted as a tracked
    change shows nothing at all (its signature is empty)."""
    walk = _Walk(related)
    walk.block(block)
    signature = hashlib.sha256("\x1f".join(walk.pieces).encode()).hexdigest()[:32] if walk.pieces else ""
    table = walk.tables > 0 and walk.paragraphs == 0
    empty = not walk.tables and not walk.pictures and not "".join(walk.lines).strip()
    return Shown(signature, tuple(walk.lines), table, empty)


def combined(shows: Iterable[Shown]) -> Shown:
    """Return what a run of blocks shows, from what each shows."""
    shows = [s for s in shows if s.signature]  # a block deleted as a tracked change is not there
    signature = hashlib.sha256("\x1d".join(s.signature for s in shows).encode()).hexdigest()[:32]
    lines = tuple(line for s in shows for line in s.lines)
    return Shown(signature, lines, bool(shows) and all(s.table for s in shows), all(s.empty for s in shows))


def content_blocks(sdt: etree._Element) -> list[etree._Element]:
    """Return the blocks inside a block-level control."""
    content = next(sdt.iterchildren(_CONTENT), None)
    return [] if content is None else [child for child in content if isinstance(child.tag, str)]


class _Walk:
    """One walk over blocks: the signature's pieces and the lines, gathered together."""

    def __init__(self, related: Related) -> None:
        self.related = related
        self.pieces: list[str] = []
        self.lines: list[str] = []
        self.tables = 0
        self.paragraphs = 0
        self.pictures = 0

    def block(self, element: etree._Element) -> None:
        tag = element.tag
        if tag == _P:
            self.paragraphs += 1
            line = self.paragraph(element)
            if line is not None:
                self.lines.append(line)
        elif tag == _TBL:
            self.tables += 1
            self.lines.extend(self.table(element))
        elif tag == _SDT or tag == f"{W}customXml":
            inner = next(element.iterchildren(_CONTENT), None) if tag == _SDT else element
            for child in inner if inner is not None else ():
                if isinstance(child.tag, str):
                    self.block(child)

    def paragraph(self, p: etree._Element) -> str | None:
        """Add a paragraph's pieces; return its line (None for a paragraph deleted as a tracked change)."""
        properties = next(p.iterchildren(_PPR), None)
        runs: list[tuple[str, str]] = []  # (formatting, text) of each piece shown
        fields: list[list[str]] = []  # the complex fields open: their instruction so far, or [] in their result
        self.inline(p, runs, fields)
        mark_deleted = properties is not None and properties.find(f"{_RPR}/{W}del") is not None
        if mark_deleted and not runs:
            return None
        self.pieces.append("¶" + _paragraph_properties(properties))
        merged: list[list[str]] = []
        for formatting, text in runs:  # runs of the same formatting are one: Word splits them as it likes
            if merged and merged[-1][0] == formatting:
                merged[-1][1] += text
            else:
                merged.append([formatting, text])
        for formatting, text in merged:
            if formatting != _RESULT:  # a field's result is Word's (a page number it updates), not an edit
                self.pieces.append(f"{formatting}\x1e{text}")
        return "".join(text for formatting, text in merged if formatting != _FIELD)

    def inline(self, parent: etree._Element, runs: list[tuple[str, str]], fields: list[list[str]]) -> None:
        for child in parent:
            tag = child.tag
            if tag == _R:
                self.run(child, runs, fields)
            elif tag in _SHOWN_CONTAINERS:
                self.inline(child, runs, fields)
            elif tag == _SDT:
                content = next(child.iterchildren(_CONTENT), None)
                if content is not None:
                    self.inline(content, runs, fields)
            elif tag == f"{W}fldSimple":
                runs.append((_FIELD, _field_name(child.get(f"{W}instr", ""))))
                result: list[tuple[str, str]] = []
                self.inline(child, result, [])
                runs.extend((_RESULT, text) for _, text in result)
            elif isinstance(tag, str) and tag.startswith(_MATH):
                runs.append(("math", "".join(t.text or "" for t in child.iter(_MATH_TEXT))))
            # Anything else is not shown: tracked deletions, proofing marks, bookmarks, comment marks.

    def run(self, run: etree._Element, runs: list[tuple[str, str]], fields: list[list[str]]) -> None:
        formatting = None
        for child in run:
            tag = child.tag
            if tag == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    fields.append([""])
                elif kind == "separate" and fields:
                    runs.append((_FIELD, _field_name(fields[-1][0])))
                    fields[-1] = []
                elif kind == "end" and fields:
                    ended = fields.pop()
                    if ended:  # a field without a result: its instruction is what it is
                        runs.append((_FIELD, _field_name(ended[0])))
                continue
            if fields and tag == f"{W}instrText":
                if fields[-1]:
                    fields[-1][0] += child.text or ""
                continue
            text = self.run_piece(child)
            if text is None:
                continue
            if fields:
                runs.append((_RESULT, text))
                continue
            if formatting is None:
                formatting = _run_properties(next(run.iterchildren(_RPR), None))
            runs.append((formatting, text))

    def run_piece(self, child: etree._Element) -> str | None:
        tag = child.tag
        if tag == _T:
            return child.text or ""
        if tag in _CHARACTERS:
            return _CHARACTERS[tag]
        if tag == f"{W}br":
            return {"page": "\f", "column": "\v"}.get(child.get(f"{W}type", ""), "\n")
        if tag == f"{W}sym":
            return chr(int(child.get(f"{W}char", "0"), 16)) if _is_hex(child.get(f"{W}char", "")) else "?"
        if tag in _PICTURES:
            self.pictures += 1
            return "\ufffc" + self.picture(child)
        return None

    def picture(self, element: etree._Element) -> str:
        """Return what a drawing shows: a chart's texts and values, a picture's bytes (by their hash)."""
        shows = []
        for node in element.iter(_CHART, _BLIP, "{urn:schemas-microsoft-com:vml}imagedata"):
            for key, value in node.attrib.items():
                if key.startswith(R):
                    shows.append(self.related(value))
        return "|".join(shows)

    def table(self, table: etree._Element) -> list[str]:
        self.pieces.append("table")
        rows = []
        for row in table.iterchildren(_TR):
            properties = next(row.iterchildren(_TRPR), None)
            if properties is not None and properties.find(f"{W}del") is not None:
                continue
            self.pieces.append("row")
            cells = []
            for cell in row.iterchildren(_TC, _SDT):
                for tc in [cell] if cell.tag == _TC else cell.iter(_TC):
                    self.pieces.append("cell" + _cell_properties(next(tc.iterchildren(_TCPR), None)))
                    walk = _Walk(self.related)
                    for child in tc:
                        if isinstance(child.tag, str):
                            walk.block(child)
                    self.pieces.extend(walk.pieces)
                    cells.append(" / ".join(line for line in walk.lines if line))
            rows.append(" | ".join(cells))
        self.pieces.append("end of table")
        return rows


def _paragraph_properties(properties: etree._Element | None) -> str:
    if properties is None:
        return ""
    found = []
    for child in properties:
        tag = child.tag
        if tag in (f"{W}pStyle", f"{W}jc"):
            value = child.get(f"{W}val", "")
            found.append(f"{tag[len(W) :]}={_SIDES.get(value, value)}")
        elif tag == f"{W}numPr":  # a list, and its level (Word may renumber the list itself)
            level = child.find(f"{W}ilvl")
            found.append("list=" + ("0" if level is None else str(level.get(f"{W}val", "0"))))
        elif tag == f"{W}ind":
            sides = sorted(f"{_SIDES.get(k[len(W) :], k[len(W) :])}:{v}" for k, v in child.items() if v not in ("0",))
            if sides:
                found.append("ind=" + ",".join(sides))
    return ";".join(sorted(found))


def _run_properties(properties: etree._Element | None) -> str:
    if properties is None:
        return ""
    found = []
    for child in properties:
        tag = child.tag
        if not isinstance(tag, str) or not tag.startswith(W):
            continue
        name = tag[len(W) :]
        value = child.get(f"{W}val")
        if name in _TOGGLES:
            if value is None or value.lower() not in _OFF:
                found.append(name)
        elif name in _VALUED:
            if value is not None and value.lower() not in _OFF:
                found.append(f"{name}={value.upper() if name == 'color' else value}")
        elif name == "rFonts":
            fonts = [child.get(f"{W}{side}") for side in ("ascii", "hAnsi")]
            if any(fonts):
                found.append("font=" + "/".join(f or "" for f in fonts))
        elif name == "shd":
            fill = (child.get(f"{W}fill") or "").upper()
            if fill and fill != "AUTO":
                found.append(f"shade={fill}")
    return ";".join(sorted(found))


def _cell_properties(properties: etree._Element | None) -> str:
    if properties is None:
        return ""
    found = []
    span = properties.find(f"{W}gridSpan")
    if span is not None and span.get(f"{W}val", "1") != "1":
        found.append(f"span={span.get(f'{W}val')}")
    merge = properties.find(f"{W}vMerge")
    if merge is not None:
        found.append(f"merge={merge.get(f'{W}val', 'continue')}")
    shading = properties.find(f"{W}shd")
    fill = "" if shading is None else (shading.get(f"{W}fill") or "").upper()
    if fill and fill != "AUTO":
        found.append(f"shade={fill}")
    return "[" + ";".join(found) + "]"


def _field_name(instruction: str) -> str:
    """Return a field's name from its instruction (' PAGE   \\* MERGEFORMAT ' → 'PAGE')."""
    words = instruction.split()
    return words[0].upper() if words else ""


def _is_hex(text: str) -> bool:
    return 0 < len(text) <= 6 and all(c in "0123456789abcdefABCDEF" for c in text)
