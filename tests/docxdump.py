"""Reading a written .docx back as text: paragraphs with their style, tables, footers, properties.

Golden tests compare this dump, never the bytes (docxtpl's output differs from run to run).
Highlighted runs are wrapped in «…», non-breaking spaces shown as ␣, fields as {PAGE}.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

NBSP_MARK = "␣"


def paragraph_text(paragraph: Paragraph) -> str:
    """Return a paragraph's text with highlighted runs marked and fields named."""
    parts = []
    for child in paragraph._p.iterchildren():
        if child.tag == qn("w:r"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            text += "\n" * len(child.findall(qn("w:br")))
            highlighted = child.find(f"{qn('w:rPr')}/{qn('w:highlight')}") is not None
            parts.append(f"«{text}»" if highlighted and text else text)
        elif child.tag == qn("w:fldSimple"):
            parts.append("{" + child.get(qn("w:instr")).strip() + "}")
    return "".join(parts).replace("\u00a0", NBSP_MARK)


def body_lines(document: DocumentObject) -> list[str]:
    """Return the body as lines: '[Style] text' per paragraph, '| a | b |' per table row."""
    lines = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document)
            text = paragraph_text(paragraph)
            if text.strip():
                lines.append(f"[{paragraph.style.name}] {text}")
        elif element.tag == qn("w:tbl"):
            table = Table(element, document)
            lines.append(f"[table: {table.style.name if table.style else '-'}]")
            for row in table.rows:
                cells = [" / ".join(paragraph_text(p) for p in cell.paragraphs).strip() for cell in row.cells]
                lines.append("| " + " | ".join(cells) + " |")
    return lines


def dump(path: Path) -> str:
    """Return the whole document as text for a golden comparison."""
    document = Document(str(path))
    props = document.core_properties
    lines = [
        f"title: {props.title}",
        f"author: {props.author}",
        f"subject: {props.subject}",
        f"language: {props.language}",
        "---",
        *body_lines(document),
        "---",
    ]
    for section in document.sections:
        for paragraph in section.footer.paragraphs:
            lines.append(f"footer: {paragraph_text(paragraph)}")
    return "\n".join(lines) + "\n"


def document_text(path: Path) -> str:
    """Return all visible text of the body, tables included, one paragraph a line."""
    document = Document(str(path))
    return "\n".join(line.split("] ", 1)[-1] for line in body_lines(document))


def headings(path: Path) -> list[tuple[str, str]]:
    """Return (style, text) for every Title and Heading paragraph, in order."""
    document = Document(str(path))
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]
