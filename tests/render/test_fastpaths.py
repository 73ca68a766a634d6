"""The rendering engine's shortcuts agree with the libraries' own way of doing the same thing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, Undefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from assembler.render import engine
from assembler.render.cache import template_file
from assembler.render.engine import (
    _Template,
    is_text_part,
    jinja_environment,
    printed_literally,
)
from assembler.render.opening import body_in_document, opened_document, tables_may_need_fixing
from assembler.render.templates import default_template_dir

TEMPLATES = sorted(default_template_dir().glob("*.docx"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.stem)
def test_opened_template_has_the_parts_python_docx_opens(template: Path) -> None:
    data = template.read_bytes()
    ours, theirs = opened_document(data, is_text_part), docx.Document(BytesIO(data))

    def parts(document: object) -> list[tuple[str, str, type, bytes, list[tuple[str, str]]]]:
        package = document.part.package  # type: ignore[attr-defined]
        return [
            (part.partname, part.content_type, type(part), part.blob, sorted(_rel_types(part)))
            for part in package.iter_parts()
        ]

    assert parts(ours) == parts(theirs)


def test_opened_documents_share_only_what_rendering_leaves_alone() -> None:
    data = (default_template_dir() / "referat.docx").read_bytes()
    first, second = opened_document(data, is_text_part), opened_document(data, is_text_part)
    assert first.element is not second.element
    assert first.core_properties._element is not second.core_properties._element
    assert first.styles.element is second.styles.element
    first.core_properties.title = "ændret"
    assert second.core_properties.title != "ændret"


def _rel_types(part: object) -> list[tuple[str, str]]:
    return [(rel_id, rel.reltype) for rel_id, rel in part.rels.items()]  # type: ignore[attr-defined]


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _table(columns: int, rows: list[int], span: bool = False, inner: str = "") -> str:
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(columns))
    span_xml = '<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>' if span else ""
    cell = f"<w:tc>{span_xml}<w:p><w:r><w:t>x</w:t></w:r>{inner}</w:p></w:tc>"
    body = "".join("<w:tr>" + cell * cells + "</w:tr>" for cells in rows)
    return f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"


TABLES = {
    "fits": _table(3, [3, 3, 2]),
    "row wider than grid": _table(2, [2, 4]),
    "rows narrower than grid": _table(4, [2, 3]),
    "no rows": _table(2, []),
    "no columns": _table(0, []),
    "spans": _table(3, [2, 1], span=True),
    "nested wider": _table(2, [2], inner="</w:p>" + _table(1, [3]) + "<w:p>"),
    "nested fits": _table(2, [2], inner="</w:p>" + _table(1, [1]) + "<w:p>"),
    "two tables, the second wider": _table(2, [2]) + _table(1, [2]),
}


def _template() -> _Template:
    return _Template(template_file(default_template_dir() / "referat.docx"))


@pytest.mark.parametrize("tables", TABLES.values(), ids=TABLES.keys())
def test_table_grids_are_fixed_as_docxtpl_fixes_them(tables: str) -> None:
    xml = f"<w:body {W_NS}><w:p/>{tables}</w:body>"
    ours = _template().fix_tables(xml)
    theirs = DocxTemplate(template_file(default_template_dir() / "referat.docx")).fix_tables(xml)
    assert etree.tostring(ours) == etree.tostring(theirs)
    if tables in (TABLES["fits"], TABLES["nested fits"]):
        assert not tables_may_need_fixing(ours)


def test_a_table_without_a_grid_fails_as_in_docxtpl() -> None:
    xml = f"<w:body {W_NS}><w:tbl><w:tr><w:tc/></w:tr></w:tbl></w:body>"
    with pytest.raises(AttributeError):
        DocxTemplate(template_file(default_template_dir() / "referat.docx")).fix_tables(xml)
    with pytest.raises(AttributeError):
        _template().fix_tables(xml)


def _example_context() -> Any:
    from assembler.context import build_context
    from assembler.contract.vocabulary import load_vocabulary
    from assembler.figures.compute import compute_figures
    from assembler.pipeline import load_plan
    from assembler.read.sources import discover_plans
    from tests.conftest import EXAMPLE

    plan, _ = load_plan(discover_plans(EXAMPLE)[0])
    vocabulary = load_vocabulary()
    return build_context(plan, compute_figures(plan, vocabulary), vocabulary)


def _lookups(value: Any, seen: set[int]) -> Iterator[tuple[Any, str]]:
    """Yield every (object, attribute) a template could look up in the context, and some it must not."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _lookups(item, seen)
    elif is_dataclass(value):
        for name in [f.name for f in fields(value)] + ["__class__", "_private", "missing", "__init__"]:
            yield value, name
        for field in fields(value):
            yield from _lookups(getattr(value, field.name), seen)
    yield value, "format"  # str.format is wrapped by the sandbox
    yield value, "upper"


def test_context_lookups_are_the_sandboxs_own() -> None:
    environment = jinja_environment()
    lookups = list(_lookups(_example_context(), set()))
    assert len(lookups) > 1000

    def looked_up(getattr_: Callable[[Any, str], Any], obj: Any, name: str) -> Any:
        value = getattr_(obj, name)
        if isinstance(value, Undefined):
            return type(value), value._undefined_hint, value._undefined_exception
        return type(value).__qualname__ if callable(value) else value

    for obj, name in lookups:
        sandboxed = partial(SandboxedEnvironment.getattr, environment)
        assert looked_up(environment.getattr, obj, name) == looked_up(sandboxed, obj, name), (type(obj), name)


def test_printed_literally_escapes_a_string_as_any_other_value() -> None:
    class Text(str):
        pass

    for text in ["", "plain", "a < b & c", "{{ x }}", "{% if %}", "}{", "quote \" and ' ", "æøå\n\t"]:
        fast, general = [], []
        printed, expected = printed_literally(text, fast), printed_literally(Text(text), general)
        assert type(expected) is Markup and escape(printed) == escape(expected) == expected  # as Jinja prints them
        assert type(escape(printed)) is Markup
        assert fast == general == [text]


PARTS = {
    "paragraphs": "<w:body><w:p><w:r><w:t>{{ a }}</w:t></w:r></w:p><w:p w:rsidR='1'><w:pPr/></w:p><w:pPr/></w:body>",
    "escapes": "<w:p><w:t>{_{ {{ a }} }_} {_% %_} {_{_% x</w:t></w:p>",
    "newlines printed": "<w:p><w:t>{{ b }}</w:t></w:p>",
    "no paragraphs": "<w:t>{{ a }}</w:t>",
}


@pytest.mark.parametrize("source", PARTS.values(), ids=PARTS.keys())
def test_parts_render_as_docxtpl_renders_them(source: str) -> None:
    context = {"a": "x{_{y}_}", "b": "to\nlinjer\n<w:p>\t"}
    ours = _template()
    ours.render_init()
    theirs = DocxTemplate(template_file(default_template_dir() / "referat.docx"))
    theirs.render_init()
    expected = theirs.render_xml_part(source, None, context, jinja_environment(theirs))
    assert ours.render_xml_part(source, None, context, jinja_environment(ours)) == expected


def test_a_template_error_names_the_text_around_it_as_in_docxtpl() -> None:
    source = "".join(f"<w:p><w:t>linje {i}</w:t></w:p>" for i in range(12)) + "<w:p><w:t>{{ a. }}</w:t></w:p>"
    contexts = []
    for template in (_template(), DocxTemplate(template_file(default_template_dir() / "referat.docx"))):
        template.render_init()
        with pytest.raises(TemplateSyntaxError) as caught:
            template.render_xml_part(source, None, {}, jinja_environment(template))
        contexts.append(list(getattr(caught.value, "docx_context")))  # noqa: B009
    assert contexts[0] == contexts[1] and "linje 11" in contexts[0]


def _moved_by_docxtpl(template: bytes, body_xml: str) -> bytes:
    document = opened_document(template, is_text_part)
    root = document.element
    root.replace(root.body, etree.fromstring(body_xml, parser=etree.XMLParser(recover=True)))
    return bytes(etree.tostring(root))


def _parsed_in_place(template: bytes, body_xml: str) -> bytes | None:
    body = body_in_document(template, body_xml)
    return None if body is None else bytes(etree.tostring(body.getparent()))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.stem)
def test_a_rendered_body_parsed_in_its_document_is_the_body_docxtpl_moves_there(template: Path) -> None:
    data = template.read_bytes()
    tag = _template_body_tag(data)
    drawing = (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><wp:docPr xmlns:x="urn:x" xmlns:w='
        '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"/></a:graphic></wp:inline></w:drawing></w:r></w:p>'
    )
    renamed = (
        '<w:p><q:r xmlns:q="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><q:t>x</q:t></q:r></w:p>'
    )
    default = '<w:p><r\n xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><t>y</t></r></w:p>'
    text = "<w:p><w:r><w:t> xmlns:w= i en tekst</w:t></w:r></w:p>"
    for content in ("", drawing, renamed, default, text, drawing + renamed + default + text):
        body_xml = f"{tag}{content}</w:body>"
        assert _parsed_in_place(data, body_xml) == _moved_by_docxtpl(data, body_xml), content


def test_a_body_that_is_not_well_formed_is_left_to_docxtpl() -> None:
    data = (default_template_dir() / "referat.docx").read_bytes()
    assert body_in_document(data, _template_body_tag(data) + "<w:p><w:r></w:p></w:body>") is None
    assert body_in_document(data, "<w:body><w:p/></w:body>") is None  # not the template's own body


def _template_body_tag(template: bytes) -> str:
    body = etree.tostring(opened_document(template, is_text_part).element.body, encoding="unicode")
    return body[: body.index(">") + 1]


def test_reports_render_as_with_docxtpl_moving_the_body() -> None:
    context = _example_context()

    def rendered(fast: bool) -> list[bytes]:
        documents = []
        with pytest.MonkeyPatch.context() as patch:
            if not fast:
                patch.setattr(engine, "body_in_document", lambda template, xml: None)
            for template in TEMPLATES:
                document = engine.render_template(template, context)
                documents.append(bytes(document.docx.part.blob))
        return documents

    assert rendered(fast=True) == rendered(fast=False)


def test_relationships_and_content_types_are_written_as_python_docx_writes_them() -> None:
    from docx.opc.pkgwriter import _ContentTypesItem

    from assembler.render import docxfile

    context = _example_context()
    for template in TEMPLATES:
        package = engine.render_template(template, context).docx.part.package
        parts = list(package.iter_parts())
        assert docxfile._content_types(parts) == _ContentTypesItem.from_parts(parts).blob
        for owner in [package, *parts]:
            assert docxfile._rels_xml(owner.rels) == owner.rels.xml


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.stem)
def test_a_templates_body_source_is_made_once_as_docxtpl_makes_it(template: Path) -> None:
    document = _Template(template_file(template))
    document.render_init()
    expected = engine.body_source(document.patch_xml(document.get_xml()))
    assert engine._template_body_source(document.template_bytes) == expected


def test_a_property_without_tags_renders_as_jinja_renders_it() -> None:
    environment = jinja_environment()
    context = {"a": "<x>"}
    for text in ["", "da-DK", "A &amp; B", "<b>", "100 %", "}", "#", "{{ a }}", "{# x #}", "linje\n", "a\r\nb", "a\nb"]:
        assert engine._rendered_text(text, context, environment) == environment.from_string(text).render(context)


@pytest.mark.parametrize("fast", [False, True], ids=["docxtpl's move", "parsed in place"])
def test_rendering_leaves_the_template_it_shares_as_it_was(fast: bool) -> None:
    template = default_template_dir() / "etaarsstatus.docx"
    data = template.read_bytes()

    def shared() -> list[bytes]:
        document = opened_document(data, lambda name: name in engine.CHANGED_IN_PLACE)
        return [bytes(part.blob) for part in document.part.package.iter_parts()]

    before = shared()
    with pytest.MonkeyPatch.context() as patch:
        if not fast:
            patch.setattr(engine, "body_in_document", lambda template, xml: None)
        engine.render_template(template, _example_context())
    assert shared() == before


@pytest.mark.parametrize(
    "extra",
    [
        'xmlns:w2="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
        'xmlns:aa="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
        'xmlns:zz="urn:only-the-document"',
    ],
)
def test_a_document_declaring_a_namespace_twice_gets_the_body_docxtpl_gives_it(extra: str) -> None:
    import zipfile

    source = (default_template_dir() / "referat.docx").read_bytes()
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(source)) as original, zipfile.ZipFile(buffer, "w") as changed:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:document ", f"<w:document {extra} ".encode(), 1)
            changed.writestr(info, data)
    data = buffer.getvalue()
    tag = _template_body_tag(data)
    body_xml = f"{tag}<w:p><w:r><w:t>x</w:t></w:r></w:p></w:body>"
    ours = _parsed_in_place(data, body_xml)
    assert ours is None or ours == _moved_by_docxtpl(data, body_xml)


class _DocxtplPlumbing(_Template):
    """The engine's template with docxtpl's own opening, part rendering, table fixing and body moving."""

    init_docx = DocxTemplate.init_docx
    render_xml_part = DocxTemplate.render_xml_part
    fix_tables = DocxTemplate.fix_tables
    fix_docpr_ids = DocxTemplate.fix_docpr_ids
    map_tree = DocxTemplate.map_tree

    def build_xml(self, context: dict[str, Any], jinja_env: Any = None) -> str:
        xml = engine.body_source(self.patch_xml(self.get_xml()))
        return str(self.render_xml_part(xml, self.docx._part, context, jinja_env))

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        for name in engine.RENDERED_PROPERTIES:
            text = Markup(jinja_env.from_string(getattr(self.docx.core_properties, name)).render(context)).unescape()
            setattr(self.docx.core_properties, name, text)


def _rendered_parts(kind: type[_Template], template: Path, context: dict[str, Any]) -> list[tuple[str, bytes]]:
    document = kind(template_file(template))
    document.render(context, jinja_env=jinja_environment(document), autoescape=True)
    package = document.docx.part.package
    return [(part.partname, bytes(part.blob)) for part in package.iter_parts()] + [
        (part.partname + ".rels", bytes(part.rels.xml)) for part in package.iter_parts()
    ]


def _merging_template(path: Path) -> Path:
    """A template whose tables use docxtpl's cell tags: a cell loop, colspan, cellbg, hm and vm."""
    document = docx.Document()
    document.add_paragraph("Tabeller med docxtpl's celle-mærker")
    loop = document.add_table(rows=2, cols=3)
    for cell, text in zip(loop.rows[0].cells, ["{%tc for c in kolonner %}", "{{ c }}", "{%tc endfor %}"], strict=True):
        cell.text = text
    for cell, text in zip(loop.rows[1].cells, ["Fast", "{% colspan 2 %}{{ spændt }}", "x"], strict=True):
        cell.text = text
    colour = document.add_table(rows=1, cols=2)
    colour.rows[0].cells[0].text = "{% cellbg farve %}{{ farvet }}"
    colour.rows[0].cells[1].text = "ufarvet"
    merged = document.add_table(rows=1, cols=3)
    for cell, text in zip(
        merged.rows[0].cells, ["{%tc for i in kolonner %}", "{% hm %}Flettet", "{%tc endfor %}"], strict=True
    ):
        cell.text = text
    vertical = document.add_table(rows=3, cols=2)
    vertical.rows[0].cells[0].text = "{%tr for r in rækker %}"
    vertical.rows[1].cells[0].text = "{% vm %}{{ gruppe }}"
    vertical.rows[1].cells[1].text = "{{ r }}"
    vertical.rows[2].cells[0].text = "{%tr endfor %}"
    document.save(str(path))
    return path


def test_reports_render_as_with_docxtpls_own_plumbing() -> None:
    context = engine.context_values(_example_context())
    for template in TEMPLATES:
        assert _rendered_parts(_Template, template, context) == _rendered_parts(_DocxtplPlumbing, template, context)


def test_a_template_merging_cells_renders_as_with_docxtpls_own_plumbing(tmp_path: Path) -> None:
    template = _merging_template(tmp_path / "celler.docx")
    context = {"kolonner": ["a", "b", "c", "d"], "spændt": "over to", "farve": "FF0000", "farvet": "rød"}
    context |= {"rækker": ["1", "2", "3"], "gruppe": "G"}
    ours = _rendered_parts(_Template, template, context)
    assert ours == _rendered_parts(_DocxtplPlumbing, template, context)
    body = dict(ours)["/word/document.xml"].decode()
    assert 'w:gridSpan w:val="2"' in body and 'w:fill="FF0000"' in body and "vMerge" in body
    assert body.count("<w:gridCol ") > 3 + 2 + 3 + 2  # the cell loop widened its grid
