"""Native Word charts: a DrawingML chart part with its data embedded as a workbook.

python-pptx writes the chart XML and styles the chart through its chart model; the embedded
workbook is written here with xlsxwriter at the cells the chart XML names (python-pptx's own
writer turns text starting with "=" into a formula). Both become parts of the .docx package, and
the inline drawing that shows the chart is returned, so Word's "Rediger data" and LibreOffice
both see a real chart.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from io import BytesIO
from typing import Any
from xml.sax.saxutils import quoteattr

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.shared import Cm
from lxml import etree
from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Pt
from xlsxwriter import Workbook
from xlsxwriter.utility import xl_cell_to_rowcol

from assembler.context import Chart, ChartSeries
from assembler.wordxml import NAMESPACES

KINDS = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "bar_stacked": XL_CHART_TYPE.BAR_STACKED,
}
WIDTH = Cm(15.5)
HEIGHT = Cm(8)
# A horizontal bar chart grows with its bars, so each bar has room for its label.
BAR_HEIGHT_CM = 0.45
CATEGORY_GAP_CM = 0.3
FRAME_CM = 3.5  # title, value axis and legend
LANGUAGE = "da-DK"
FONT = "Calibri"
# Excel's number formats are locale-free; [$-406] marks them Danish so viewers use "." for thousands.
DANISH = "[$-406]"
# A thin outline keeps a pale bar (a status's light cell colour) visible on white paper.
OUTLINE = "7F7F7F"
# xlsxwriter's write() turns text starting with "=" into a live formula and "http://…" into a link;
# text from a cell is data, so the embedded workbook stores every string as a string.
TEXT_AS_TEXT = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
# The workbook's own creation time, fixed as its members' zip times are: a chart drawn again from the
# same figures gives the same bytes, so a report whose content did not change is not written again.
WORKBOOK_CREATED = datetime(1980, 1, 1, tzinfo=UTC)


def chart_data(chart: Chart) -> CategoryChartData:
    """Return python-pptx's chart data (categories and series) for a chart."""
    data = CategoryChartData(number_format=DANISH + chart.number_format)
    data.categories = chart.categories
    for series in chart.series:
        data.add_series(series.name, series.values)
    return data


def embedded_workbook(data: CategoryChartData) -> bytes:
    """Return the workbook a chart's data is edited in: each category, name and value in the cell the chart XML names.

    Laid out and formatted as python-pptx lays out its own; text is written as text.
    """
    buffer = BytesIO()
    workbook = Workbook(buffer, TEXT_AS_TEXT)
    workbook.set_properties({"created": WORKBOOK_CREATED})
    sheet = workbook.add_worksheet()  # Sheet1, the sheet python-pptx's references name
    categories = data.categories
    first_row, first_column = _first_cell(data.categories_ref)
    category_format = workbook.add_format({"num_format": categories.number_format})
    for level, labels in enumerate(categories.levels):
        column = first_column + categories.depth - level - 1
        sheet.set_column(column, column, 10)  # wide enough for a date, as python-pptx makes it
        for offset, label in labels:
            sheet.write(first_row + offset, column, label, category_format)
    for series in data:
        sheet.write(*_first_cell(series.name_ref), series.name)
        values_row, values_column = _first_cell(data.values_ref(series))
        values_format = workbook.add_format({"num_format": series.number_format})
        sheet.write_column(values_row, values_column, series.values, values_format)
    workbook.close()
    return buffer.getvalue()


def _first_cell(reference: str) -> tuple[int, int]:
    """Return the row and column of the first cell of a reference like "Sheet1!$B$2:$B$5"."""
    row, column = xl_cell_to_rowcol(reference.partition("!")[2].partition(":")[0].replace("$", ""))
    return int(row), int(column)


def drawn_order(chart: Chart) -> Chart:
    """Return the chart as drawn: a plain horizontal bar lists its categories largest first."""
    if chart.kind != "bar" or not chart.series:
        return chart
    order = sorted(range(len(chart.categories)), key=lambda i: -chart.series[0].values[i])
    return replace(
        chart,
        categories=tuple(chart.categories[i] for i in order),
        series=tuple(_reordered(series, order) for series in chart.series),
    )


def _reordered(series: ChartSeries, order: list[int]) -> ChartSeries:
    colours = tuple(series.point_colours[i] for i in order) if series.point_colours else ()
    return replace(series, values=tuple(series.values[i] for i in order), point_colours=colours)


def chart_space(chart: Chart, data: CategoryChartData) -> Any:
    """Return the styled chart part's root element (its link to the embedded workbook is made with the part)."""
    space = parse_xml(data.xml_bytes(KINDS[chart.kind]))
    style_chart(PptxChart(space, None), chart)
    if chart.kind.startswith("bar"):
        value_axis_below(space)
    language = space.find(qn("c:lang"))
    if language is None:
        language = etree.SubElement(space, qn("c:lang"))
        space.remove(language)
        space.insert(1 if space.find(qn("c:date1904")) is not None else 0, language)
    language.set("val", LANGUAGE)
    number_axis_ids(space)
    return space


def value_axis_below(space: Any) -> None:
    """Put a bar chart's value axis at the bottom, where the last category is (the categories run top-down).

    The value axis crosses the category axis at the first category unless told otherwise, which
    with the categories reversed is at the top; python-pptx sets this only from the other side.
    """
    for axis in space.iter(qn("c:valAx")):
        crosses = axis.find(qn("c:crosses"))
        if crosses is not None:
            crosses.set("val", "max")


def number_axis_ids(space: Any) -> None:
    """Renumber the axes 1, 2, …: python-pptx picks negative ids, which the schema's unsignedInt forbids."""
    ids: dict[str, str] = {}
    for element in space.iter(qn("c:axId"), qn("c:crossAx")):
        element.set("val", ids.setdefault(element.get("val"), str(len(ids) + 1)))


def style_chart(target: Any, chart: Chart) -> None:
    """Give a chart its title, axis titles, Danish number formats, labels and colours."""
    # python-pptx's defaults are sized for slides; a chart on an A4 page wants the body text's size.
    target.font.name = FONT
    target.font.size = Pt(9)
    target.has_title = True
    title = target.chart_title.text_frame  # each python-pptx object is looked up once: each lookup searches the XML
    title.text = chart.title
    title_font = title.paragraphs[0].runs[0].font
    title_font.size = Pt(11)
    title_font.bold = True
    target.has_legend = len(chart.series) > 1
    if target.has_legend:
        legend = target.legend
        legend.position = XL_LEGEND_POSITION.BOTTOM
        legend.include_in_layout = False
    number_format = DANISH + chart.number_format
    value_axis, category_axis = target.value_axis, target.category_axis
    for axis, axis_title in ((value_axis, chart.value_axis_title), (category_axis, chart.category_axis_title)):
        axis.has_title = True
        axis.axis_title.text_frame.text = axis_title
    tick_labels = value_axis.tick_labels
    tick_labels.number_format = number_format
    tick_labels.number_format_is_linked = False
    value_axis.has_major_gridlines = True
    if chart.kind.startswith("bar"):
        category_axis.reverse_order = True  # list the categories top-down, as in the table
    plot = target.plots[0]
    if chart.kind == "bar":
        plot.gap_width = 60  # thicker bars, so a label fits beside each
    if chart.data_labels:
        label_bars(plot, chart)
    for series, spec in zip(plot.series, chart.series, strict=True):
        colour_series(series, spec)


def label_bars(plot: Any, chart: Chart) -> None:
    """Write each bar's value on it (outside a lone bar, inside a stacked one); a zero gets no label."""
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = f"{DANISH + chart.number_format};-{chart.number_format};;"
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(8)
    if chart.kind == "bar_stacked":
        labels.position = XL_LABEL_POSITION.CENTER
    else:
        labels.position = XL_LABEL_POSITION.OUTSIDE_END


def colour_series(series: Any, spec: ChartSeries) -> None:
    """Fill a series in its colour, or each bar in its category's colour, with a thin outline."""
    if spec.colour:
        _fill(series.format, spec.colour)
    for index, colour in enumerate(spec.point_colours):
        _fill(series.points[index].format, colour)
    if spec.colour or spec.point_colours:
        line = series.format.line
        line.color.rgb = RGBColor.from_string(OUTLINE)
        line.width = Pt(0.5)


def _fill(fmt: Any, colour: str) -> None:
    fmt.fill.solid()
    fmt.fill.fore_color.rgb = RGBColor.from_string(colour)


def insert_chart(part: Any, chart: Chart) -> str:
    """Add a chart and its workbook to the package of `part`; return the run XML that shows it."""
    package = part.package
    chart = drawn_order(chart)
    data = chart_data(chart)
    workbook_name = package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
    workbook = Part(workbook_name, CT.SML_SHEET, embedded_workbook(data), package)
    space = chart_space(chart, data)
    chart_part = XmlPart(package.next_partname("/word/charts/chart%d.xml"), CT.DML_CHART, space, package)
    space.get_or_add_externalData().rId = chart_part.relate_to(workbook, RT.PACKAGE)
    return inline_drawing(part.relate_to(chart_part, RT.CHART), chart.title, chart_height(chart))


def chart_height(chart: Chart) -> int:
    """Return the chart's height in EMU: the standard height, or more for a bar chart with many bars."""
    if chart.kind != "bar":
        return int(HEIGHT)
    bars = len(chart.categories) * (BAR_HEIGHT_CM * len(chart.series) + CATEGORY_GAP_CM)
    return max(int(HEIGHT), int(Cm(FRAME_CM + bars)))


def inline_drawing(rel_id: str, title: str, height: int = HEIGHT) -> str:
    """Return a run holding the chart inline, for a docxtpl placeholder inside a <w:t>."""
    return (
        "</w:t></w:r><w:r><w:drawing>"
        f'<wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="{NAMESPACES["wp"]}">'
        f'<wp:extent cx="{WIDTH}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="1" name="Diagram" descr={quoteattr(title)}/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{NAMESPACES["a"]}"><a:graphicData uri="{NAMESPACES["c"]}">'
        f'<c:chart xmlns:c="{NAMESPACES["c"]}" xmlns:r="{NAMESPACES["r"]}" '
        f'r:id="{rel_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
        '<w:r><w:t xml:space="preserve">'
    )
