"""Marking a template: each generated block's tag names its field and its block in the template, a loop's its key."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from assembler.render.marking import _text_unless_table, control_text, mark_template_body
from assembler.wordxml import W_NS


def control(content: str) -> etree._Element:
    return etree.fromstring(f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr/><w:sdtContent>{content}</w:sdtContent></w:sdt>')


def paragraph(*texts: str) -> str:
    return "<w:p>" + "".join(f"<w:r><w:t>{text}</w:t></w:r>" for text in texts) + "</w:p>"


CONTROLS = [
    paragraph("[Skriv ", "her]"),
    paragraph("En") + paragraph() + paragraph("  to  ", "tre"),
    "",
    "<w:r><w:t>uden afsnit</w:t></w:r>",
    paragraph("før") + "<w:tbl><w:tr><w:tc>" + paragraph("celle") + "</w:tc></w:tr></w:tbl>",
    "<w:p><w:r><w:pict><w:txbxContent>" + paragraph("i boksen") + "</w:txbxContent></w:pict></w:r>"
    "<w:r><w:t>efter boksen</w:t></w:r></w:p>",
    "<w:p><w:r><w:pict><w:txbxContent><w:tbl/></w:txbxContent></w:pict></w:r></w:p>",
]


@pytest.mark.parametrize("content", CONTROLS)
def test_marking_text_unless_table_is_control_text_or_none_for_a_table(content: str) -> None:
    sdt = control(content)
    expected = None if sdt.find(".//{*}tbl") is not None else control_text(sdt)
    assert _text_unless_table(sdt) == expected


def tags(body: str) -> list[str]:
    return re.findall(
        r'w:tag w:val="assembler:([^"]*)"', mark_template_body(f'<w:body xmlns:w="{W_NS}">{body}</w:body>')
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            paragraph("{{ plan.navn }}") + paragraph("Fast") + paragraph("{{ plan.navn }}, igen"),
            ["plan.navn#1", "plan.navn#2"],
        ),
        (
            "{% for m in moeder %}" + paragraph("{{ m.dato }}") + paragraph("{{ m.type }}") + "{% endfor %}",
            ["moeder[{{ m|raekkenoegle(loop.index) }}]/1", "moeder[{{ m|raekkenoegle(loop.index) }}]/2"],
        ),
        (
            "{% for o in omraader %}{% for d in o.delaftaler %}"
            + paragraph("{{ d.navn }}")
            + "{% endfor %}{% endfor %}",
            ["o.delaftaler[{{ o|raekkenoegle }} · {{ d|raekkenoegle(loop.index) }}]/1"],
        ),
        ("{% if a %}" + paragraph("Tekst") + "{% else %}" + paragraph("[Skriv her]") + "{% endif %}", ["a#1", "a#2"]),
    ],
    ids=["a field twice", "a loop's blocks", "a loop in a loop", "both branches of an if"],
)
def test_marking_tags_a_block_by_its_place_in_the_template_and_a_loop_s_by_its_item(
    body: str, expected: list[str]
) -> None:
    assert tags(body) == expected
