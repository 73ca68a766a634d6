"""What Word does to a report when a person opens, edits and saves it, done to the file's XML in tests.

Each edit is what PITFALLS.md's »What Word writes when a person edits« describes: a plain save adds
revision ids, paragraph ids, proofing marks, a `_GoBack` bookmark, language marks and `w:sdtEndPr`,
splits runs and gives content controls new ids, none of it visible; a comment is a range and a
reference run inside the paragraph (inside the control when the text is there); typing into a
placeholder drops `w:showingPlcHdr` and the placeholder style; emptying a frame makes Word show its
own placeholder text; »Fjern indholdskontrol« keeps the content and drops the frame; a copied
frame keeps its tag. `WordFile` holds a .docx's parts; `save` writes every part again, deflated,
as Word does.
"""

from __future__ import annotations

import io
import itertools
import random
import zipfile
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from assembler.wordxml import W_NS, W

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
DOCUMENT = "word/document.xml"
RELS = "word/_rels/document.xml.rels"
WORD_PLACEHOLDER = "Klik eller tryk her for at skrive tekst."  # Word's own, in a Danish Word
DEFAULT_PLACEHOLDER = "DefaultPlaceholder_-1854013440"


@dataclass
class WordFile:
    """A .docx's members, with the XML parts edited so far parsed."""

    path: Path
    members: dict[str, bytes]
    parsed: dict[str, etree._Element] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path) -> WordFile:
        with zipfile.ZipFile(path) as archive:
            return cls(path, {name: archive.read(name) for name in archive.namelist()})

    def xml(self, name: str) -> etree._Element:
        if name not in self.parsed:
            self.parsed[name] = etree.fromstring(self.members[name])
        return self.parsed[name]

    @property
    def body(self) -> etree._Element:
        return self.xml(DOCUMENT).find(f"{W}body")

    def parts(self) -> Iterator[etree._Element]:
        """Yield the body and every header and footer part."""
        yield self.xml(DOCUMENT)
        for name in self.members:
            if name.startswith(("word/header", "word/footer")) and name.endswith(".xml"):
                yield self.xml(name)

    def save(self) -> None:
        for name, root in self.parsed.items():
            self.members[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.members.items():
                archive.writestr(name, data)
        self.path.write_bytes(buffer.getvalue())


def edit(path: Path, *changes: Callable[[WordFile], object]) -> None:
    """Open a report as Word would, make the changes, and save it as Word saves (with its save noise)."""
    document = WordFile.open(path)
    for change in changes:
        change(document)
    save_noise(document)
    document.save()


# Finding things ------------------------------------------------------------------------------------


def tag(sdt: etree._Element) -> str:
    found = sdt.find(f"{W}sdtPr/{W}tag")
    return "" if found is None else str(found.get(f"{W}val"))


def frames(root: etree._Element) -> list[etree._Element]:
    """Return assembler's content controls, in document order."""
    return [sdt for sdt in root.iter(f"{W}sdt") if tag(sdt).startswith("assembler:")]


def text_of(element: etree._Element) -> str:
    """Return an element's visible text, a line per paragraph (deleted text left out)."""
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in element.iter(f"{W}p"))


def frame_with(document: WordFile, text: str) -> etree._Element:
    """Return the first of assembler's frames whose text contains `text`."""
    return next(sdt for sdt in frames(document.xml(DOCUMENT)) if text in text_of(sdt))


def frames_named(document: WordFile, name: str) -> list[etree._Element]:
    """Return assembler's frames whose tag names a field ('bestyrelse.deltagere' …), in order."""
    return [sdt for sdt in frames(document.xml(DOCUMENT)) if tag(sdt).removeprefix("assembler:").startswith(name)]


def paragraph_with(document: WordFile, text: str) -> etree._Element:
    """Return the first paragraph of the body whose text is `text`."""
    return next(p for p in document.body.iter(f"{W}p") if text_of(p) == text)


# A person's edits ----------------------------------------------------------------------------------


def paragraph(text: str, style: str | None = None) -> etree._Element:
    p = etree.Element(f"{W}p")
    if style:
        etree.SubElement(etree.SubElement(p, f"{W}pPr"), f"{W}pStyle").set(f"{W}val", style)
    etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}t").text = text
    return p


def write_after(element: etree._Element, text: str, style: str | None = None) -> etree._Element:
    """Write a paragraph of one's own after a block (a frame or a paragraph), at body level."""
    while element.getparent() is not None and element.getparent().tag != f"{W}body":
        element = element.getparent()
    written = paragraph(text, style)
    element.addnext(written)
    return written


def retype(sdt: etree._Element, text: str) -> None:
    """Replace a frame's text with one's own, typed into its first paragraph (the frame stays)."""
    texts = list(sdt.iter(f"{W}t"))
    texts[0].text = text
    texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for other in texts[1:]:
        other.text = ""


def type_into_placeholder(sdt: etree._Element, text: str) -> None:
    """Type into a »Skriv her« frame: Word drops showingPlcHdr and the placeholder's run style."""
    properties = sdt.find(f"{W}sdtPr")
    for shown in properties.findall(f"{W}showingPlcHdr"):
        properties.remove(shown)
    for style in list(sdt.iter(f"{W}rStyle")):
        if style.get(f"{W}val") == "PlaceholderText":
            style.getparent().remove(style)
    for highlight in list(sdt.iter(f"{W}highlight")):
        highlight.getparent().remove(highlight)
    retype(sdt, text)


def empty_frame(sdt: etree._Element) -> None:
    """Delete a frame's text but not the frame: Word shows its own placeholder text in it."""
    properties = sdt.find(f"{W}sdtPr")
    if properties.find(f"{W}placeholder") is None:
        holder = etree.SubElement(properties, f"{W}placeholder")
        etree.SubElement(holder, f"{W}docPart").set(f"{W}val", DEFAULT_PLACEHOLDER)
    if properties.find(f"{W}showingPlcHdr") is None:
        etree.SubElement(properties, f"{W}showingPlcHdr")
    content = sdt.find(f"{W}sdtContent")
    first = content[0]
    kept = first.find(f"{W}pPr") if first.tag == f"{W}p" else None
    content[:] = []
    p = etree.SubElement(content, f"{W}p")
    if kept is not None:
        p.append(kept)
    run = etree.SubElement(p, f"{W}r")
    etree.SubElement(etree.SubElement(run, f"{W}rPr"), f"{W}rStyle").set(f"{W}val", "PlaceholderText")
    etree.SubElement(run, f"{W}t").text = WORD_PLACEHOLDER


def delete_frame(sdt: etree._Element) -> None:
    """Delete a frame with everything in it."""
    sdt.getparent().remove(sdt)


def unwrap(sdt: etree._Element) -> list[etree._Element]:
    """»Fjern indholdskontrol«: the frame goes, its content stays where it was; return the content."""
    content = list(sdt.find(f"{W}sdtContent"))
    for block in content:
        sdt.addprevious(block)
    sdt.getparent().remove(sdt)
    return content


def copy_frame(document: WordFile, sdt: etree._Element, after: etree._Element) -> etree._Element:
    """Copy a whole frame and paste it after a block: Word keeps its tag and gives it a new id, and gives each
    comment in it a copy of its own (a new id, the same text)."""
    pasted = deepcopy(sdt)
    identifier = pasted.find(f"{W}sdtPr/{W}id")
    if identifier is not None:
        identifier.set(f"{W}val", str(random.Random(len(text_of(sdt))).randint(10**8, 2 * 10**9)))
    marks = list(pasted.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}commentReference"))
    if marks:
        comments = _comments_part(document)
        notes = {c.get(f"{W}id"): c for c in comments.iter(f"{W}comment")}
        numbers: dict[str, str] = {}
        for mark in marks:
            old = mark.get(f"{W}id")
            if old not in numbers:
                numbers[old] = str(max(int(number) for number in notes) + 1)
                copied = deepcopy(notes[old])
                copied.set(f"{W}id", numbers[old])
                comments.append(copied)
                notes[numbers[old]] = copied
            mark.set(f"{W}id", numbers[old])
    after.addnext(pasted)
    return pasted


def comment(document: WordFile, paragraph: etree._Element, text: str, author: str = "Hanne Berg") -> None:
    """Write a Word comment on a paragraph's text: the range and reference inside the paragraph."""
    comments = _comments_part(document)
    number = str(max((int(c.get(f"{W}id")) for c in comments.iter(f"{W}comment")), default=-1) + 1)
    note = etree.SubElement(comments, f"{W}comment", {f"{W}id": number, f"{W}author": author, f"{W}initials": "HB"})
    note.set(f"{W}date", "2026-02-03T10:00:00Z")
    annotation = etree.SubElement(etree.SubElement(note, f"{W}p"), f"{W}r")
    etree.SubElement(annotation, f"{W}annotationRef")
    etree.SubElement(etree.SubElement(note[0], f"{W}r"), f"{W}t").text = text
    runs = paragraph.findall(f"{W}r")
    runs[0].addprevious(etree.Element(f"{W}commentRangeStart", {f"{W}id": number}))
    runs[-1].addnext(etree.Element(f"{W}commentRangeEnd", {f"{W}id": number}))
    reference = etree.Element(f"{W}r")
    etree.SubElement(etree.SubElement(reference, f"{W}rPr"), f"{W}rStyle").set(f"{W}val", "CommentReference")
    etree.SubElement(reference, f"{W}commentReference", {f"{W}id": number})
    paragraph.append(reference)


def _comments_part(document: WordFile) -> etree._Element:
    name = "word/comments.xml"
    if name not in document.members:
        document.members[name] = etree.tostring(etree.Element(f"{W}comments", nsmap={"w": W_NS}))
        rels = document.xml(RELS)
        taken = {r.get("Id") for r in rels}
        number = next(n for n in itertools.count(1) if f"rId{n}" not in taken)
        etree.SubElement(rels, f"{PR}Relationship", Id=f"rId{number}", Type=COMMENTS_TYPE, Target="comments.xml")
        types = document.xml("[Content_Types].xml")
        etree.SubElement(types, f"{CT}Override", PartName="/" + name, ContentType=COMMENTS_CONTENT)
    return document.xml(name)


def restyle(paragraph: etree._Element, style: str) -> None:
    properties = paragraph.find(f"{W}pPr")
    if properties is None:
        properties = etree.Element(f"{W}pPr")
        paragraph.insert(0, properties)
    found = properties.find(f"{W}pStyle")
    if found is None:
        found = etree.Element(f"{W}pStyle")
        properties.insert(0, found)
    found.set(f"{W}val", style)


# What Word writes on every save --------------------------------------------------------------------


def save_noise(document: WordFile, seed: int = 7) -> None:
    """Do what Word does to every part on a save without a visible change (see the module's description)."""
    chance = random.Random(seed)
    for root in document.parts():
        for number, p in enumerate(root.iter(f"{W}p")):
            p.set(f"{W}rsidR", f"00{chance.randrange(16**6):06X}")
            p.set(f"{W}rsidRDefault", "00A1B2C3")
            p.set(f"{{{W14}}}paraId", f"{chance.randrange(16**8 // 2):08X}")
            p.set(f"{{{W14}}}textId", "77777777")
            for run in list(p.findall(f"{W}r")):
                _split_run(run, chance)
            if number % 5 == 1:
                _proofing_marks(p)
        for sdt in root.iter(f"{W}sdt"):
            properties = sdt.find(f"{W}sdtPr")
            identifier = properties.find(f"{W}id")
            if identifier is not None:
                identifier.set(f"{W}val", str(chance.randint(-(2**31), 2**31 - 1)))
            if sdt.find(f"{W}sdtEndPr") is None:
                end = etree.Element(f"{W}sdtEndPr")
                etree.SubElement(end, f"{W}rPr")
                properties.addnext(end)
    body = document.body
    for old in list(body.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd")):
        if old.get(f"{W}name") == "_GoBack" or old.get(f"{W}id") == "990":
            old.getparent().remove(old)
    last = [p for p in body.iter(f"{W}p") if p.find(f"{W}r") is not None][-1]
    last.append(etree.Element(f"{W}bookmarkStart", {f"{W}id": "990", f"{W}name": "_GoBack"}))
    last.append(etree.Element(f"{W}bookmarkEnd", {f"{W}id": "990"}))


def _split_run(run: etree._Element, chance: random.Random) -> None:
    """Split a run of some text in two runs of the same formatting, one of them with a language mark."""
    texts = run.findall(f"{W}t")
    if len(texts) != 1 or len(texts[0].text or "") < 2 or len(run) > 2:
        return
    text = texts[0].text or ""
    cut = chance.randrange(1, len(text))
    second = deepcopy(run)
    texts[0].text = text[:cut]
    second.find(f"{W}t").text = text[cut:]
    for t in (texts[0], second.find(f"{W}t")):
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    properties = second.find(f"{W}rPr")
    if properties is None:
        properties = etree.Element(f"{W}rPr")
        second.insert(0, properties)
    if properties.find(f"{W}lang") is None:
        etree.SubElement(properties, f"{W}lang").set(f"{W}val", "da-DK")
    run.set(f"{W}rsidRPr", "00C0FFEE")
    run.addnext(second)


def _proofing_marks(p: etree._Element) -> None:
    runs = p.findall(f"{W}r")
    if runs:
        runs[0].addprevious(etree.Element(f"{W}proofErr", {f"{W}type": "spellStart"}))
        runs[0].addnext(etree.Element(f"{W}proofErr", {f"{W}type": "spellEnd"}))
