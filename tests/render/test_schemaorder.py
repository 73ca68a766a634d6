"""Property elements in schema order: sorted in the template before Jinja runs, or after rendering when it cannot be."""

from __future__ import annotations

import copy
import itertools

import pytest
from lxml import etree

from assembler.render.marking import marked_template_body
from assembler.render.schemaorder import SEQUENCES, insert_in_order, order_properties
from assembler.wordxml import W_NS, W


def body(inner: str) -> str:
    return f'<w:body xmlns:w="{W_NS}">{inner}</w:body>'


SHADED_CELL = (
    '<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:fill="{{ farve }}"/><w:tcW w:w="1"/></w:tcPr>'
    '<w:p><w:r><w:rPr><w:sz w:val="18"/><w:b/></w:rPr><w:t>{{ tekst }}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
)


def test_schemaorder_a_template_body_is_sorted_and_marked_before_jinja_runs() -> None:
    result = marked_template_body(body(SHADED_CELL))
    assert result.ordered
    marked = etree.fromstring(result.xml)
    assert [c.tag.removeprefix(W) for c in marked.find(f".//{W}tcPr")] == ["tcW", "shd"]
    assert [c.tag.removeprefix(W) for c in marked.find(f".//{W}rPr")] == ["b", "sz"]
    assert marked.find(f".//{W}shd").get(f"{W}fill") == "{{ farve }}"


@pytest.mark.parametrize(
    "properties",
    [
        '<w:rPr>{% if fed %}<w:b/>{% endif %}<w:sz w:val="18"/></w:rPr>',  # Jinja writes its children
        '<w:rPr><w:sz w:val="{% if stor %}24"/><w:b w:val="1{% endif %}"/></w:rPr>',  # a block across attributes
    ],
)
def test_schemaorder_a_template_whose_properties_jinja_may_change_is_left_to_be_sorted_after_rendering(
    properties: str,
) -> None:
    source = body(f"<w:p><w:r>{properties}<w:t>{{{{ tekst }}}}</w:t></w:r></w:p>")
    marked = marked_template_body(source)
    assert not marked.ordered
    assert "<w:sdt>" in marked.xml  # the marking itself is done all the same


def test_schemaorder_jinja_closed_within_one_attribute_leaves_the_element_static() -> None:
    # docxtpl's {% vm %} writes such a w:vMerge, last in the cell's properties.
    cell = '<w:tcPr><w:vMerge w:val="{% if loop.first %}restart{% else %}continue{% endif %}"/><w:tcW/></w:tcPr>'
    result = marked_template_body(body(f"<w:tbl><w:tr><w:tc>{cell}<w:p/></w:tc></w:tr></w:tbl>"))
    assert result.ordered
    marked = etree.fromstring(result.xml)
    assert [c.tag.removeprefix(W) for c in marked.find(f".//{W}tcPr")] == ["tcW", "vMerge"]


@pytest.mark.parametrize("kind", sorted(SEQUENCES))
def test_schemaorder_inserting_in_order_is_appending_and_sorting(kind: str) -> None:
    names = list(SEQUENCES[kind])
    for present, new in itertools.product(itertools.combinations([*names[::7], "{urn:x}unknown"], 3), names):
        if new in present:
            continue
        properties = etree.Element(kind)
        for name in present:
            etree.SubElement(properties, name)
        order_properties(properties)
        appended = copy.deepcopy(properties)
        etree.SubElement(appended, new)
        order_properties(appended)
        insert_in_order(properties, properties.makeelement(new, {}))
        assert [c.tag for c in properties] == [c.tag for c in appended]


def test_schemaorder_every_rendered_report_needs_no_sorting_after_rendering() -> None:
    from assembler.context import build_context
    from assembler.contract.vocabulary import load_vocabulary
    from assembler.figures.compute import compute_figures
    from assembler.pipeline import load_plan
    from assembler.read.sources import discover_plans
    from assembler.render.engine import render_template
    from assembler.render.prepare import prepared_template
    from assembler.render.templates import default_template_dir
    from tests.conftest import EXAMPLE

    plan, _ = load_plan(discover_plans(EXAMPLE)[0])
    vocabulary = load_vocabulary()
    context = build_context(plan, compute_figures(plan, vocabulary), vocabulary)
    for template in sorted(default_template_dir().glob("*.docx")):
        assert prepared_template(template.read_bytes()).ordered, template.name  # so nothing is sorted after rendering
        element = render_template(template, context).docx.element
        # What sorting after rendering would move, sorting before it has put in place already.
        assert order_properties(copy.deepcopy(element)) == 0, template.name
