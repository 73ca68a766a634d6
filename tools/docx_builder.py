"""Helpers for writing docxtpl templates with python-docx, used by tools/build_templates.py.

The templates in templates/docx/ are the source staff edit in Word; these helpers only make the
first version reproducible and reviewable. Every tag is written into one run, so Word and docxtpl
see it whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TABLE_STYLE = "Light List Accent 1"
LANGUAGE = "da-DK"


@dataclass(frozen=True)
class Col:
    """A table column: header text, the cell's template text, alignment and a total cell."""

    header: str
    cell: str
    numeric: bool = False
    total: str | None = None
    width_cm: float | None = None
    shade: str | None = None  # a Jinja expression giving the cell's background colour (hex)


class TemplateWriter:
    """A python-docx document set up as an assembler template."""

    def __init__(self, title: str, subject: str) -> None:
        self.doc = Document()
        self._set_up_page()
        self._set_up_styles()
        self._set_properties(title, subject)

    def _set_up_page(self) -> None:
        for section in self.doc.sections:
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2.5)
            section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)

    def _set_up_styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Title", 26), ("Subtitle", 14), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 12)):
            styles[name].font.name = "Calibri"
            styles[name].font.size = Pt(size)
        for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
            styles[name].font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        defaults = styles.element.find(qn("w:docDefaults"))
        run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = run_defaults.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            run_defaults.append(lang)
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), LANGUAGE)
        settings = self.doc.settings.element
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is None:
            theme_lang = OxmlElement("w:themeFontLang")
            settings.append(theme_lang)
        theme_lang.set(qn("w:val"), LANGUAGE)

    def _set_properties(self, title: str, subject: str) -> None:
        props = self.doc.core_properties
        props.title = title
        props.subject = subject
        props.author = "{{ plan.forfatter }}"
        props.last_modified_by = "assembler"
        props.language = LANGUAGE
        props.keywords = "Landsbyggefonden, boligsocial helhedsplan"
        props.comments = ""
        props.revision = 1

    def footer(self, text: str) -> None:
        """Write a footer line followed by 'Side N af M' fields."""
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.style = self.doc.styles["Footer"]
        paragraph.add_run(f"{text} · Side ")
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" af ")
        _field(paragraph, "NUMPAGES", "1")

    def title(self, text: str, subtitle: str) -> None:
        """Write the document's title and subtitle."""
        self.doc.add_paragraph(text, style="Title")
        self.doc.add_paragraph(subtitle, style="Subtitle")

    def heading(self, text: str, level: int) -> None:
        """Write a heading in Word's built-in Heading N style."""
        self.doc.add_heading(text, level=level)

    def para(self, *parts: str, style: str | None = None) -> None:
        """Write a paragraph; a part in [brackets] becomes a highlighted placeholder run."""
        paragraph = self.doc.add_paragraph(style=style)
        for part in parts:
            run = paragraph.add_run(part)
            if part.startswith("[") and part.endswith("]"):
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def tag(self, statement: str) -> None:
        """Write a paragraph-level Jinja tag ({%p … %}), removed with its paragraph on rendering."""
        self.doc.add_paragraph(f"{{%p {statement} %}}")

    def bullets(self, loop: str, *parts: str) -> None:
        """Write a bulleted paragraph repeated for each item of a loop."""
        self.tag(loop)
        self.para(*parts, style="List Bullet")
        self.tag("endfor")

    def when(self, condition: str, *parts: str, style: str | None = None) -> None:
        """Write a paragraph that appears only when a condition holds."""
        self.tag(f"if {condition}")
        self.para(*parts, style=style)
        self.tag("endif")

    def text_or_placeholder(self, point: str, placeholder: str) -> None:
        """Write a point's paragraphs, or a highlighted placeholder when it has no text."""
        self.tag(f"if {point}.har_tekst")
        self.repeat(f"for afsnit in {point}.afsnit", "{{ afsnit }}")
        self.tag("else")
        self.para(f"[{placeholder}]")
        self.tag("endif")

    def repeat(self, loop: str, *parts: str) -> None:
        """Write a plain paragraph repeated for each item of a loop."""
        self.tag(loop)
        self.para(*parts)
        self.tag("endfor")

    def chart(self, expression: str) -> None:
        """Write a centred paragraph holding a native chart ({{ … }} of a Chart in the context)."""
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(f"{{{{ {expression} }}}}")

    def table(self, loop: str, columns: Sequence[Col], total: bool = False, small: bool = False) -> None:
        """Write a table with a header row and one row per loop item (and a bold total row)."""
        previous = self.doc.paragraphs[-1] if self.doc.paragraphs else None
        if previous is not None:
            previous.paragraph_format.keep_with_next = True
        rows = 4 + (1 if total else 0)
        table = self.doc.add_table(rows=rows, cols=len(columns))
        table.style = self.doc.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        size = Pt(9) if small else None
        for i, col in enumerate(columns):
            _cell_text(table.cell(0, i), col.header, col.numeric, size=size)
            shade = f"{{% cellbg {col.shade} %}}" if col.shade else ""
            _cell_text(table.cell(2, i), shade + col.cell, col.numeric, size=size)
            if total:
                _cell_text(table.cell(4, i), col.total or "", col.numeric, bold=True, size=size)
            if col.width_cm:
                table.columns[i].width = Cm(col.width_cm)
                for row in table.rows:
                    row.cells[i].width = Cm(col.width_cm)
        table.cell(1, 0).paragraphs[0].add_run(f"{{%tr {loop} %}}")
        table.cell(3, 0).paragraphs[0].add_run("{%tr endfor %}")
        _repeat_header(table.rows[0])
        self.doc.add_paragraph()

    def save(self, path: str) -> None:
        """Save the template."""
        self.doc.save(path)


def _cell_text(cell: object, text: str, numeric: bool, bold: bool = False, size: Pt | None = None) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.paragraph_format.space_after = Pt(0)
    if numeric:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size is not None:
        run.font.size = size


def _repeat_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _field(paragraph: object, instruction: str, placeholder: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)  # type: ignore[attr-defined]
