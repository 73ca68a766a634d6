"""Rendering a .docx template with a context into a document's bytes, strictly and safely."""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import fields
from datetime import UTC, datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from docx.oxml.ns import nsmap, qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

try:
    from markupsafe._speedups import _escape_inner  # what escape() escapes a str with
except ImportError:  # pragma: no cover  # markupsafe without its C speedups, or a version that moved it

    def _escape_inner(text: str, /) -> str:
        return str(escape(text))

from assembler.context import Chart, Kontekst
from assembler.errors import TemplateError
from assembler.render.cache import (
    EscapingRecordsEnvironment,
    PreparedDocxTemplate,
    patched_xml,
    stored_by_template,
    template_file,
)
from assembler.render.docxfile import package_bytes
from assembler.render.layout import fit_tables
from assembler.render.marking import mark_rendered_body, mark_template_body
from assembler.render.opening import body_in_document, opened_document, tables_may_need_fixing
from assembler.render.wordxml import order_properties, was_ordered

CHANGED_IN_PLACE = ("docProps/core.xml",)
TEXT_PARTS = ("word/document.xml", "docProps/core.xml")
TEXT_PART_PREFIXES = ("word/header", "word/footer", "word/footnotes", "word/endnotes")
# docxtpl renders these core properties as templates too.
RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
BODY = qn("w:body")


def jinja_environment(document: DocxTemplate | None = None) -> SandboxedEnvironment:
    """Return the environment every template renders in: sandboxed, strict and escaping.

    A chart printed with {{ … }} becomes a native chart in the document being rendered.
    """

    printed = getattr(document, "printed", None)

    def finalize(value: Any) -> Any:
        if type(value) is not str and isinstance(value, Chart):
            if document is None:
                raise JinjaError("et diagram kan kun indsættes, når et dokument bygges")
            # python-pptx and xlsxwriter are imported only when a chart is really drawn.
            from assembler.render.charts import insert_chart

            return Markup(insert_chart(document.current_rendering_part, value))
        return printed_literally(value, printed)

    return EscapingRecordsEnvironment(undefined=StrictUndefined, autoescape=True, finalize=finalize)


def context_values(context: Kontekst) -> dict[str, Any]:
    """Return the context's top-level fields as the mapping docxtpl expects."""
    return {f.name: getattr(context, f.name) for f in fields(context)}


def render_template(template: Path, context: Kontekst) -> Any:
    """Render a template into a document held in memory (its `printed` lists the values printed)."""
    document = _Template(template_file(template))
    try:
        document.render(context_values(context), jinja_env=jinja_environment(document), autoescape=True)
    except JinjaError as err:
        raise TemplateError([describe_template_error(template, err)]) from err
    finish_layout(document)
    mark_rendered_body(rendered_body(document))
    finish_properties(document)
    return document


def body_source(patched_body: str) -> str:
    """Return the Jinja source of a template's body as rendered: docxtpl's cleaned XML with the controls marked."""
    return mark_template_body(patched_body)


@lru_cache(maxsize=64)
@stored_by_template
def _template_body_source(template: bytes) -> str:
    """Return a template's body as docxtpl's build_xml() gets it (get_xml, patch_xml), its controls marked."""
    body = opened_document(template, is_text_part).element.body
    return body_source(patched_xml(etree.tostring(body, encoding="unicode")))


def finish_layout(document: Any) -> None:
    """Size the tables' columns to their text and put generated properties in the schema's order."""
    body = rendered_body(document)
    ordered = was_ordered(body)
    fit_tables(body)
    if not ordered:  # Jinja may have written property elements the template's sorting did not see
        order_properties(document.docx.element)


def rendered_body(document: Any) -> Any:
    """Return a rendered document's <w:body> (an element of lxml's own when parsed in its document)."""
    return document.docx.element.find(BODY)


def document_bytes(document: Any) -> bytes:
    """Return a rendered document as the bytes of a .docx file (unchanged parts copied from the template)."""
    if document.pics_to_replace or document.zipname_to_replace or document.crc_to_new_media:
        buffer = BytesIO()  # docxtpl's replacements of pictures and files rewrite the zip file itself
        document.save(buffer)
        return buffer.getvalue()
    return package_bytes(document.docx.part.package, document.template_bytes, is_text_part)


def is_text_part(name: str) -> bool:
    """True for the parts rendering prints into: body, headers, footers, notes and properties."""
    return name in TEXT_PARTS or name.startswith(TEXT_PART_PREFIXES)


def finish_properties(document: Any) -> None:
    """Stamp the document's created and modified time (its properties were rendered as plain text)."""
    properties = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties.created = properties.modified = now


def describe_template_error(template: Path, err: JinjaError) -> str:
    """Return a Danish message naming the template and the text around the error."""
    around = " ".join(t.strip() for t in getattr(err, "docx_context", []) if t.strip())
    where = f" nær teksten »{around[:200]}«" if around else ""
    return f"skabelonen {template.name} kan ikke bruges{where}: {err}"


def printed_literally(value: Any, printed: list[str] | None) -> Any:
    """Return a value as a template prints it: escaped, and recorded so the document can be checked for it."""
    if type(value) is str:  # most values: a plain string, escaped as escape() escapes it, without a Markup
        if printed is not None:
            printed.append(value)
        escaped = _escape_inner(value)
        if "{" in value or "}" in value:
            escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
        return _Escaped(escaped)
    if isinstance(value, Markup):
        return value
    if printed is not None:
        printed.append(str(value))
    # docxtpl turns '{_{' into '{{' and '}_}' into '}}' after rendering; character references keep
    # cell text as it was typed.
    return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))


class _Escaped(str):
    """Text escaped for the document, taken by Jinja's escape() as it is, as a Markup is (but made in C)."""

    __slots__ = ()

    def __html__(self) -> str:
        return self


MAX_PROPERTY_CHARS = 255  # python-docx refuses longer core properties, as Word's format demands


class _Template(PreparedDocxTemplate):
    """docxtpl's template, recording the values printed, with core properties rendered as plain text."""

    def __init__(self, template: BytesIO) -> None:
        super().__init__(template)
        self.template_bytes = template.getvalue()
        self.printed: list[str] = []
        self.docx: Any = None
        self.is_rendered = False

    def init_docx(self, reload: bool = True) -> None:
        # As docxtpl's, opening the template without parsing again what rendering leaves alone:
        # it replaces the body and the headers and footers, and changes only the properties in place.
        if not self.docx or (self.is_rendered and reload):
            self.docx = opened_document(self.template_bytes, lambda name: name in CHANGED_IN_PLACE)
            self.is_rendered = False

    def build_xml(self, context: dict[str, Any], jinja_env: Any = None) -> str:
        # As docxtpl's, with assembler's content controls added to the body before Jinja runs; the
        # body is the template's, just opened, so its source is made once per template.
        xml = _template_body_source(self.template_bytes)
        return str(self.render_xml_part(xml, self.docx._part, context, jinja_env))

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None) -> str:
        """As docxtpl's, with its regular expressions over the rendered XML done as plain replacements."""
        src_xml = _paragraphs_on_lines(src_xml)
        try:
            self.current_rendering_part = part
            dst_xml = (jinja_env.from_string(src_xml) if jinja_env else Template(src_xml)).render(context)
        except JinjaError as exc:
            lineno = getattr(exc, "lineno", None)
            if lineno is not None:
                first = max(lineno - 4, 0)
                lines = src_xml.splitlines()[first : first + 7]
                setattr(exc, "docx_context", map(lambda line: re.sub(r"<[^>]+>", "", line), lines))  # noqa: B010
            raise exc
        # docxtpl's re.sub(r"\n<w:p([ >])", r"<w:p\1", …): the two cases replaced one after the other.
        dst_xml = dst_xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        if "{_" in dst_xml or "_}" in dst_xml:  # each of docxtpl's escapes holds one of the two
            dst_xml = dst_xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return self.resolve_listing(dst_xml)

    def resolve_listing(self, xml: str) -> str:
        """docxtpl's turning of tabs, line and page breaks in text into Word's elements; with none, the XML as it is.

        docxtpl runs three nested regular expressions over every paragraph and run to find them.
        """
        if "\t" in xml or "\a" in xml or "\n" in xml or "\f" in xml:
            return str(super().resolve_listing(xml))
        return xml

    def fix_tables(self, xml: str) -> Any:
        """docxtpl's parse of the rendered body, its fixing of table grids skipped when it would change nothing.

        docxtpl walks every cell of every table in Python to find grids that no longer fit their rows.
        """
        tree = body_in_document(self.template_bytes, xml)
        if tree is None:
            tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))  # as docxtpl parses it
        if tables_may_need_fixing(tree):
            return super().fix_tables(xml)
        return tree

    def fix_docpr_ids(self, tree: Any) -> None:
        # As docxtpl's; lxml's own xpath(), as python-docx's elements take no namespaces in theirs.
        for element in etree._Element.xpath(tree, "//wp:docPr", namespaces=nsmap):
            self.docx_ids_index += 1
            element.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree: Any) -> None:
        # A body parsed inside its document (see body_in_document) brings the document with it.
        document = tree.getparent()
        if document is None:
            part = self.docx.part
            part._element = deepcopy(part._element)  # the template's, shared: docxtpl replaces its body
            self.docx = part.document
            super().map_tree(tree)
        else:
            self.docx.part._element = document
            self.docx = self.docx.part.document

    def render_footnotes(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        # As docxtpl's, which renders the footnotes once for each of python-docx's sections; those
        # need python-docx's element classes, and a body parsed in its document has lxml's own.
        footnotes = [part for part in self.docx.part.package.parts if part.content_type == FOOTNOTES]
        for _ in range(section_count(self.docx.element) if footnotes else 0):
            for part in footnotes:
                xml = self.patch_xml(part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob)
                part._blob = self.render_xml_part(xml, part, context, jinja_env).encode("utf-8")

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        properties = self.docx.core_properties
        for name in RENDERED_PROPERTIES:
            # Rendered with autoescape like the body, but a property is plain text, not XML.
            text = Markup(_rendered_text(getattr(properties, name), context, jinja_env)).unescape()
            if len(text) > MAX_PROPERTY_CHARS:
                raise JinjaError(
                    f"dokumentegenskaben '{name}' bliver {len(text)} tegn lang, men Word tillader højst "
                    f"{MAX_PROPERTY_CHARS}; forkort teksten, der indsættes i den"
                )
            setattr(properties, name, text)


FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
SECTIONS = "./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr"  # python-docx's sections (CT_Document.sectPr_lst)


def section_count(root: Any) -> int:
    """Return how many sections python-docx finds in a <w:document>, with lxml's own xpath()."""
    return len(etree._Element.xpath(root, SECTIONS, namespaces=nsmap))


def _rendered_text(source: str, context: dict[str, Any], jinja_env: Any) -> str:
    """Return a text rendered by Jinja; text with no tag (no "{") and no line break renders as itself."""
    if "{" in source or "\n" in source or "\r" in source:
        return str(jinja_env.from_string(source).render(context))
    return source


@lru_cache(maxsize=64)
def _paragraphs_on_lines(src_xml: str) -> str:
    """docxtpl starts each paragraph on a line of its own before Jinja compiles a part (so errors name a line)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
