"""Marking a rendered body: a control's text is read once, and a table's only as far as its row key needs."""

from __future__ import annotations

import pytest
from lxml import etree

from assembler.render.marking import _text_start, _text_unless_table, control_text, row_key
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


@pytest.mark.parametrize(
    "texts",
    [
        ["kort"],
        ["a" * 20, "b" * 20],
        [" ", "", "  mange   mellemrum   her  ", "og flere ord efter dem, mange"],
        ["x" * 40],
    ],
)
def test_marking_a_row_key_from_the_start_of_a_text_is_the_key_of_the_whole(texts: list[str]) -> None:
    sdt = control("".join(paragraph(text) for text in texts) + paragraph("[sidste] linje"))
    assert row_key(_text_start(sdt)) == row_key(control_text(sdt))
