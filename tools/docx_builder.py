"""Write docxtpl templates with python-docx, for tools/build_templates.py.

The templates in templates/docx/ are generated from tools/build_templates.py and never edited by
hand; staff edit their own exported copies. Every tag is written into one run, so Word and docxtpl
see it whole, and a template's bytes depend only on its source, so a test can compare them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

from assembler.wordxml import W

# Zip's earliest time, for every member: a template's bytes must not depend on when it was built.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
UNIX = 3  # zip's "made by" system, fixed so the bytes are the same on Windows
TABLE_STYLE = "Light List Accent 1"
LANGUAGE = "da-DK"
# One table font size per document: the small one when any table asks for it. It is the size of
# the style every table paragraph has, so an empty cell's line is as high as a filled one's, and
# LibreOffice sets the first cell's text (which it puts in the field it makes of the table's content
# control) at the size of the rest.
TABLE_SIZE = Pt(10)
SMALL_TABLE_SIZE = Pt(9)
TABLE_TEXT_STYLE = "Tabeltekst"
# A cell's left and right margin (Word's table styles have 108 twips, 0.19 cm): seven columns of
# words at 9 pt leave a comment room for its text only with narrower margins.
CELL_MARGIN = 57
# Word 2010's copy of styles.xml: python-docx's default template has one, which it never updates,
# so it contradicts styles.xml (Word may call that unreadable content). Later Words do without it.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


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
        self._table_size = TABLE_SIZE
        self._lead_in_depth: int | None = None  # loop depth of the last heading, until a paragraph follows it
        self._depth = 0
        self._drop_styles_with_effects()
        self._set_up_page()
        self._set_up_styles()
        self._set_properties(title, subject)

    def _drop_styles_with_effects(self) -> None:
        part = self.doc.part
        for rel_id, rel in list(part.rels.items()):
            if rel.reltype == STYLES_WITH_EFFECTS:
                part.drop_rel(rel_id)

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
            styles[name].paragraph_format.keep_with_next = True
        table_text = styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.paragraph_format.space_after = Pt(0)
        table_text.paragraph_format.line_spacing = 1.0  # as the table style has it
        run_defaults = styles.element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        lang = _child(run_defaults, "lang")
        for attribute in ("val", "eastAsia", "bidi"):
            lang.set(w(attribute), LANGUAGE)
        _child(self.doc.settings.element, "themeFontLang").set(w("val"), LANGUAGE)

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
        footer_paragraph = self.doc.sections[0].footer.part.element.find(w("p"))
        _field(footer_paragraph, "PAGE", "1")
        paragraph.add_run(" af ")
        _field(footer_paragraph, "NUMPAGES", "1")

    def title(self, text: str, subtitle: str) -> None:
        """Write the document's title and subtitle."""
        self.doc.add_paragraph(text, style="Title")
        self.doc.add_paragraph(subtitle, style="Subtitle")

    def heading(self, text: str, level: int) -> None:
        """Write a heading in Word's built-in Heading N style (kept on the page of what follows it)."""
        self.doc.add_heading(text, level=level)
        self._lead_in_depth = self._depth

    def para(self, *parts: str, style: str | None = None) -> None:
        """Write a paragraph; a part in [brackets] becomes a highlighted placeholder run.

        The one paragraph right after a heading (not repeated by a loop of its own) introduces
        what follows, so it is kept on the same page as that too.
        """
        paragraph = self.doc.add_paragraph(style=style)
        if self._lead_in_depth == self._depth:
            paragraph.paragraph_format.keep_with_next = True
        self._lead_in_depth = None
        for part in parts:
            run = paragraph.add_run(part)
            if part.startswith("[") and part.endswith("]"):
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def tag(self, statement: str) -> None:
        """Write a paragraph-level Jinja tag ({%p … %}), removed with its paragraph on rendering."""
        self.doc.add_paragraph(f"{{%p {statement} %}}")
        if statement.startswith("for "):
            self._depth += 1
        elif statement == "endfor":
            self._depth -= 1

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

    def repeat(self, loop: str, *parts: str, space_before: int = 0) -> None:
        """Write a plain paragraph repeated for each item of a loop (`space_before` in points sets it apart)."""
        self.tag(loop)
        self.para(*parts)
        if space_before:
            self._last_text_paragraph().paragraph_format.space_before = Pt(space_before)
        self.tag("endfor")

    def chart(self, expression: str) -> None:
        """Write a centred paragraph holding a native chart ({{ … }} of a Chart in the context)."""
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(f"{{{{ {expression} }}}}")
        self._lead_in_depth = None

    def table(self, loop: str, columns: Sequence[Col], total: bool = False, small: bool = False) -> None:
        """Write a table with a header row and one row per loop item (and a bold total row).

        Its column widths are the template's first guess: rendering sizes them to the text. A small
        table makes every table of the document small, so a document has one table font size.
        """
        previous = self._last_text_paragraph()
        if previous is not None:
            previous.paragraph_format.keep_with_next = True
        self._lead_in_depth = None
        if small:
            self._table_size = SMALL_TABLE_SIZE
        rows = 4 + (1 if total else 0)
        table = self.doc.add_table(rows=rows, cols=len(columns))
        table.style = self.doc.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _set_cell_margins(self.doc.element.body.findall(w("tbl"))[-1].find(w("tblPr")), CELL_MARGIN)
        for i, col in enumerate(columns):
            _cell_text(table.cell(0, i), col.header, col.numeric).paragraph_format.keep_with_next = True
            shade = f"{{% cellbg {col.shade} %}}" if col.shade else ""
            # Rows keep with the next (the last with the empty paragraph after the table), so a table
            # shorter than a page is not split over two.
            _cell_text(table.cell(2, i), shade + col.cell, col.numeric).paragraph_format.keep_with_next = True
            if total:
                _cell_text(table.cell(4, i), col.total or "", col.numeric, bold=True)
            if col.width_cm:
                table.columns[i].width = Cm(col.width_cm)
                for row in table.rows:
                    row.cells[i].width = Cm(col.width_cm)
        table.cell(1, 0).paragraphs[0].add_run(f"{{%tr {loop} %}}")
        table.cell(3, 0).paragraphs[0].add_run("{%tr endfor %}")
        self.doc.add_paragraph()

    def _last_text_paragraph(self) -> Paragraph | None:
        """Return the last paragraph that stays after rendering (not a {%p … %} tag), if any."""
        return next((p for p in reversed(self.doc.paragraphs) if not p.text.startswith("{%p ")), None)

    def to_bytes(self) -> bytes:
        """Return the template's .docx, every table's text in the document's one table font size.

        The zip is written again with fixed times and attributes, in python-docx's member order, so
        the same source gives the same bytes.
        """
        self.doc.styles[TABLE_TEXT_STYLE].font.size = self._table_size
        for table in self.doc.element.body.iter(w("tbl")):
            _repeat_header(table.find(w("tr")))
        written = io.BytesIO()
        self.doc.save(written)
        fixed = io.BytesIO()
        with zipfile.ZipFile(written) as source, zipfile.ZipFile(fixed, "w") as target:
            for member in source.infolist():
                info = zipfile.ZipInfo(member.filename, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = UNIX
                info.external_attr = 0o600 << 16  # rw------- as zipfile's writestr gives a member
                target.writestr(info, source.read(member))
        return fixed.getvalue()


def w(tag: str) -> str:
    """Return a Word element's or attribute's qualified name, e.g. w("tbl")."""
    return W + tag


def _child(parent: Any, tag: str) -> Any:
    """Return parent's Word child `tag`, appended when it has none."""
    found = parent.find(w(tag))
    return found if found is not None else etree.SubElement(parent, w(tag))


def _cell_text(cell: Any, text: str, numeric: bool, bold: bool = False) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0]
    paragraph.style = TABLE_TEXT_STYLE
    if numeric:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    return paragraph


def _set_cell_margins(table_properties: Any, margin: int) -> None:
    """Give a table's cells a left and right margin of their own, in twips (w:tblCellMar, before w:tblLook)."""
    margins = etree.Element(w("tblCellMar"))
    for side in ("left", "right"):
        etree.SubElement(margins, w(side), {w("w"): str(margin), w("type"): "dxa"})
    table_properties.find(w("tblLook")).addprevious(margins)


def _repeat_header(row: Any) -> None:
    """Mark a table's first row as its header, repeated on every page the table runs over."""
    # A header row has no other row properties, so its w:trPr is new and comes first in w:tr.
    properties = etree.Element(w("trPr"))
    row.insert(0, properties)
    # An on/off property without w:val is on; "true" is ECMA-376's too, but not every validator's.
    etree.SubElement(properties, w("tblHeader"))


def _field(paragraph: Any, instruction: str, placeholder: str) -> None:
    """Append a simple field (PAGE, NUMPAGES) showing `placeholder` until Word updates it."""
    simple = etree.SubElement(paragraph, w("fldSimple"))
    simple.set(w("instr"), instruction)
    etree.SubElement(etree.SubElement(simple, w("r")), w("t")).text = placeholder
