"""A rendered body parsed in its template's document: taken for every template, with lxml's own elements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.parser import parse_xml
from lxml import etree

from assembler.render import engine
from assembler.render.engine import rendered_body, section_count
from assembler.render.opening import body_in_document, opened_document
from assembler.render.templates import default_template_dir
from tests.render.test_fastpaths import _example_context, _moved_by_docxtpl, _parsed_in_place, _template_body_tag

TEMPLATES = sorted(default_template_dir().glob("*.docx"))
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.stem)
def test_every_templates_rendered_body_is_parsed_in_its_document_as_plain_elements(template: Path) -> None:
    body = rendered_body(engine.render_template(template, _example_context()))
    # docxtpl's move into python-docx's document would make python-docx's classes (CT_Body, CT_P, …).
    assert type(body) is etree._Element
    assert {type(element) for element in body.iter()} <= {etree._Element, etree._Comment}


def test_a_body_moved_by_docxtpl_keeps_python_docx_classes_and_the_same_sections() -> None:
    template = default_template_dir() / "etaarsstatus.docx"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "body_in_document", lambda template, xml: None)
        document = engine.render_template(template, _example_context())
    assert type(rendered_body(document)) is not etree._Element
    assert section_count(document.docx.element) == len(document.docx.sections)


@pytest.mark.parametrize(
    "attributes",
    ['assembler-properties-ordered=""', 'w:rsidR="00AB12CD" assembler-properties-ordered=""'],
)
def test_a_body_with_attributes_of_its_own_is_parsed_in_place_as_docxtpl_moves_it(attributes: str) -> None:
    data = (default_template_dir() / "referat.docx").read_bytes()
    tag = _template_body_tag(data)
    body_xml = f"{tag[:-1]} {attributes}><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body>"
    parsed = _parsed_in_place(data, body_xml)
    assert parsed is not None
    assert parsed == _moved_by_docxtpl(data, body_xml)


@pytest.mark.parametrize("after_declarations", [' xmlns:x="urn:x"', ' a="1" xmlns:x="urn:x"', "/"])
def test_a_body_declaring_more_than_the_template_is_left_to_docxtpl(after_declarations: str) -> None:
    data = (default_template_dir() / "referat.docx").read_bytes()
    tag = _template_body_tag(data)
    assert body_in_document(data, f"{tag[:-1]}{after_declarations}><w:p/></w:body>") is None


@pytest.mark.parametrize(
    "content",
    [
        "",
        "<w:sectPr/>",
        "<w:p><w:pPr><w:sectPr/></w:pPr></w:p><w:p/><w:p><w:pPr><w:sectPr/></w:pPr></w:p><w:sectPr/>",
        "<w:sdt><w:sdtContent><w:p><w:pPr><w:sectPr/></w:pPr></w:p></w:sdtContent></w:sdt><w:sectPr/>",
    ],
)
def test_sections_are_counted_as_python_docx_counts_them(content: str) -> None:
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{content}</w:body></w:document>'
    no_part: Any = None  # counting sections reads only the element
    document = docx.document.Document(parse_xml(xml), no_part)
    assert section_count(etree.fromstring(xml)) == len(document.sections)


def test_templates_with_the_same_styles_share_one_parse_and_keep_python_docxs_reading_of_them() -> None:
    first, second = (
        opened_document((default_template_dir() / name).read_bytes(), lambda part: False)
        for name in ("etaarsstatus.docx", "referat.docx")
    )
    assert first.styles.element is second.styles.element
    own = docx.Document(str(default_template_dir() / "referat.docx"))
    assert etree.tostring(second.styles.element) == etree.tostring(own.styles.element)
    assert [style.name for style in second.styles] == [style.name for style in own.styles]
