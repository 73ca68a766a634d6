"""Reading a written .docx back as text: paragraphs with their style, tables, footers, properties.

Golden tests compare this dump, never the bytes (docxtpl's output differs from run to run).
Highlighted runs are wrapped in «…», non-breaking spaces shown as ␣, fields as {PAGE}.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

NBSP_MARK = "␣"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class ChartInfo:
    """What a native chart in a document shows, read back from its chart part."""

    title: str
    axis_titles: list[str]
    number_formats: list[str]
    language: str
    categories: list[str]
    series: dict[str, list[float]]
    workbook: bytes

    def summary(self) -> str:
        values = "; ".join(
            f"{name}: {', '.join(format(v, '.15g') for v in vals)}" for name, vals in self.series.items()
        )
        return f"{{diagram: {self.title} | {' / '.join(self.axis_titles)} | {', '.join(self.categories)} | {values}}}"


def chart_info(part: object) -> ChartInfo:
    """Read a chart part: its title, axes, categories, series values and embedded workbook."""
    from lxml import etree

    space = etree.fromstring(part.blob)  # type: ignore[attr-defined]
    chart = space.find(f"{C}chart")
    title = "".join(t.text or "" for t in chart.find(f"{C}title").iter(f"{A}t"))
    axis_titles = ["".join(t.text or "" for t in axis.iter(f"{A}t")) for axis in chart.iter(f"{C}title")][1:]
    series = {}
    categories: list[str] = []
    for ser in chart.iter(f"{C}ser"):
        name = ser.find(f"{C}tx").find(f".//{C}v").text
        series[name] = [float(v.text) for v in ser.find(f"{C}val").iter(f"{C}v")]
        categories = [v.text for v in ser.find(f"{C}cat").iter(f"{C}v")]
    workbook_rid = space.find(f"{C}externalData").get(R_ID)
    return ChartInfo(
        title=title,
        axis_titles=axis_titles,
        number_formats=[n.get("formatCode") for n in chart.iter(f"{C}numFmt")],
        language=space.find(f"{C}lang").get("val"),
        categories=categories,
        series=series,
        workbook=part.related_parts[workbook_rid].blob,  # type: ignore[attr-defined]
    )


def charts(path: Path) -> list[ChartInfo]:
    """Return every native chart in a document's body, in order."""
    document = Document(str(path))
    return [chart_info(document.part.related_parts[ref.get(R_ID)]) for ref in document.element.body.iter(f"{C}chart")]


def workbook_values(info: ChartInfo) -> list[list[object]]:
    """Return the rows of a chart's embedded workbook (what Word's "Rediger data" opens)."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(info.workbook)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def paragraph_text(paragraph: Paragraph) -> str:
    """Return a paragraph's text with highlighted runs marked, fields named and charts summarised."""
    parts = []
    for child in paragraph._p.iterchildren():
        chart = next(child.iter(f"{C}chart"), None) if child.tag == qn("w:r") else None
        if chart is not None:
            parts.append(chart_info(paragraph.part.related_parts[chart.get(R_ID)]).summary())
        elif child.tag == qn("w:r"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            text += "\n" * len(child.findall(qn("w:br")))
            highlighted = child.find(f"{qn('w:rPr')}/{qn('w:highlight')}") is not None
            parts.append(f"«{text}»" if highlighted and text else text)
        elif child.tag == qn("w:fldSimple"):
            parts.append("{" + child.get(qn("w:instr")).strip() + "}")
    return "".join(parts).replace("\u00a0", NBSP_MARK)


def blocks(parent: object) -> list[object]:
    """Return a body's paragraphs and tables in order, those inside content controls included."""
    found = []
    for element in parent.iterchildren():  # type: ignore[attr-defined]
        if element.tag == qn("w:sdt"):
            content = element.find(qn("w:sdtContent"))
            found.extend(blocks(content) if content is not None else [])
        else:
            found.append(element)
    return found


def paragraphs(document: DocumentObject) -> list[Paragraph]:
    """Return the body's paragraphs (outside tables), those inside content controls included."""
    return [Paragraph(e, document) for e in blocks(document.element.body) if e.tag == qn("w:p")]  # type: ignore[attr-defined]


def tables(document: DocumentObject) -> list[Table]:
    """Return the body's tables, those inside content controls included."""
    return [Table(e, document) for e in blocks(document.element.body) if e.tag == qn("w:tbl")]  # type: ignore[attr-defined]


def body_lines(document: DocumentObject) -> list[str]:
    """Return the body as lines: '[Style] text' per paragraph, '| a | b |' per table row."""
    lines = []
    for element in blocks(document.element.body):
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
        footer = section.footer
        for element in blocks(footer.part.element):
            if element.tag == qn("w:p"):
                lines.append(f"footer: {paragraph_text(Paragraph(element, footer))}")
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
        for p in paragraphs(document)
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]
