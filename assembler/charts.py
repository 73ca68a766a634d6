"""Native Word charts: a DrawingML chart part with its data embedded as a workbook.

python-pptx writes the chart XML and the embedded workbook and styles the chart through its
chart model; this module stores both as parts of the .docx package and returns the inline
drawing that shows the chart, so Word's "Rediger data" and LibreOffice both see a real chart.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.shared import Cm
from lxml import etree
from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Pt

from .context import Chart

KINDS = {"column": XL_CHART_TYPE.COLUMN_CLUSTERED, "bar_stacked": XL_CHART_TYPE.BAR_STACKED}
WIDTH = Cm(15.5)
HEIGHT = Cm(8)
LANGUAGE = "da-DK"
FONT = "Calibri"
# Excel's number formats are locale-free; [$-406] marks them Danish so viewers use "." for thousands.
DANISH = "[$-406]"


def chart_data(chart: Chart) -> CategoryChartData:
    """Return python-pptx's chart data (categories and series) for a chart."""
    data = CategoryChartData(number_format=DANISH + chart.number_format)
    data.categories = chart.categories
    for series in chart.series:
        data.add_series(series.name, series.values)
    return data


def chart_xml(chart: Chart, data: CategoryChartData, workbook_rel_id: str) -> bytes:
    """Return the styled chart part XML, linked to its embedded workbook."""
    space = parse_xml(data.xml_bytes(KINDS[chart.kind]))
    style_chart(PptxChart(space, None), chart)
    language = space.find(qn("c:lang"))
    if language is None:
        language = etree.SubElement(space, qn("c:lang"))
        space.remove(language)
        space.insert(1 if space.find(qn("c:date1904")) is not None else 0, language)
    language.set("val", LANGUAGE)
    space.get_or_add_externalData().rId = workbook_rel_id
    return bytes(etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True))


def style_chart(target: Any, chart: Chart) -> None:
    """Give a chart its title, axis titles, Danish number formats, labels and colours."""
    # python-pptx's defaults are sized for slides; a chart on an A4 page wants the body text's size.
    target.font.name = FONT
    target.font.size = Pt(9)
    target.has_title = True
    target.chart_title.text_frame.text = chart.title
    title_font = target.chart_title.text_frame.paragraphs[0].runs[0].font
    title_font.size = Pt(11)
    title_font.bold = True
    target.has_legend = len(chart.series) > 1
    if target.has_legend:
        target.legend.position = XL_LEGEND_POSITION.BOTTOM
        target.legend.include_in_layout = False
    number_format = DANISH + chart.number_format
    for axis, title in ((target.value_axis, chart.value_axis_title), (target.category_axis, chart.category_axis_title)):
        axis.has_title = True
        axis.axis_title.text_frame.text = title
    target.value_axis.tick_labels.number_format = number_format
    target.value_axis.tick_labels.number_format_is_linked = False
    target.value_axis.has_major_gridlines = True
    if chart.kind.startswith("bar"):
        target.category_axis.reverse_order = True  # list the categories top-down, as in the table
    plot = target.plots[0]
    if chart.data_labels:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = f"{number_format};-{chart.number_format};;"  # zero values get no label
        labels.number_format_is_linked = False
        labels.show_value = True
    for series, spec in zip(plot.series, chart.series, strict=True):
        if spec.colour:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = RGBColor.from_string(spec.colour)


def insert_chart(part: Any, chart: Chart) -> str:
    """Add a chart and its workbook to the package of `part`; return the run XML that shows it."""
    package = part.package
    data = chart_data(chart)
    workbook = Part(
        package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
        CT.SML_SHEET,
        data.xlsx_blob,
        package,
    )
    chart_part = Part(package.next_partname("/word/charts/chart%d.xml"), CT.DML_CHART, b"", package)
    chart_part._blob = chart_xml(chart, data, chart_part.relate_to(workbook, RT.PACKAGE))
    return inline_drawing(part.relate_to(chart_part, RT.CHART), chart.title)


def inline_drawing(rel_id: str, title: str) -> str:
    """Return a run holding the chart inline, for a docxtpl placeholder inside a <w:t>."""
    return (
        "</w:t></w:r><w:r><w:drawing>"
        '<wp:inline distT="0" distB="0" distL="0" distR="0" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<wp:extent cx="{WIDTH}" cy="{HEIGHT}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="1" name="Diagram" descr={quoteattr(title)}/><wp:cNvGraphicFramePr/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{rel_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
        '<w:r><w:t xml:space="preserve">'
    )
