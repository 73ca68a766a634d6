"""What a document's styles say about its tables: text sizes and cell margins, inherited along basedOn."""

from __future__ import annotations

from lxml import etree

from assembler.render.styles import DEFAULT_MARGIN, read_styles, table_margins
from assembler.wordxml import W_NS

STYLES = f"""<w:styles xmlns:w="{W_NS}">
  <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="20"/></w:rPr></w:rPrDefault></w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:sz w:val="22"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Tabeltekst">
    <w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="18"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="Tabeltal"><w:basedOn w:val="Tabeltekst"/></w:style>
  <w:style w:type="paragraph" w:styleId="Ring"><w:basedOn w:val="Ring"/></w:style>
  <w:style w:type="table" w:default="1" w:styleId="TableNormal">
    <w:tblPr><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>
  </w:style>
  <w:style w:type="table" w:styleId="Smal">
    <w:basedOn w:val="TableNormal"/>
    <w:tblPr><w:tblCellMar><w:start w:w="57" w:type="dxa"/><w:end w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr>
  </w:style>
  <w:style w:type="table" w:styleId="Liste"><w:basedOn w:val="Smal"/></w:style>
</w:styles>"""


def test_styles_sizes_follow_the_styles_a_style_is_based_on() -> None:
    styles = read_styles(etree.fromstring(STYLES))
    sizes = [styles.size_of(name) for name in ("Tabeltekst", "Tabeltal", "Normal", None, "Ukendt")]
    assert sizes == [18, 18, 22, 22, 22]
    assert styles.size_of("Ring") == 20  # a chain that runs round says nothing: the document's default


def test_styles_cell_margins_follow_the_styles_a_table_style_is_based_on() -> None:
    styles = read_styles(etree.fromstring(STYLES))
    assert [styles.margins_of(name) for name in ("Liste", "Smal", "TableNormal", None)] == [117, 117, 216, 216]
    assert read_styles(None).margins_of("Liste") == 2 * DEFAULT_MARGIN


def test_styles_a_tables_own_margins() -> None:
    properties = etree.fromstring(
        f'<w:tblPr xmlns:w="{W_NS}"><w:tblCellMar><w:left w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    )
    assert table_margins(properties) == 57 + DEFAULT_MARGIN  # a side it leaves out has Word's margin
    assert table_margins(etree.fromstring(f'<w:tblPr xmlns:w="{W_NS}"/>')) is None
