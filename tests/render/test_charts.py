"""Native charts: text from a cell stays text in the embedded workbook; colours, axes and labels explain the chart."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from lxml import etree
from openpyxl import load_workbook

from assembler.contract.vocabulary import load_vocabulary
from assembler.pipeline import find_plans
from tests.conftest import EXAMPLE
from tests.docxdump import charts
from tests.factory import Sheets, column_of, set_value, write_workbook

CLI = Callable[..., Result]
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
FORMULA = '=HYPERLINK("http://x","y")'


def write_text_cells(path: Path, sheets: Sheets) -> Path:
    """Write the workbook with every text cell stored as text, even one starting with '='."""
    write_workbook(path, sheets)
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    workbook.save(path)
    return path


def build(cli: CLI, inputs: Path, out: Path, sheets: Sheets, report: str) -> Path:
    write_text_cells(inputs / "solbakken.xlsx", sheets)
    result = cli("build", inputs, "--out", out, "--report", report)
    assert result.exit_code == 0, result.output
    return out / "solbakken"


def chart_workbooks(document: Path) -> list[bytes]:
    with zipfile.ZipFile(document) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/embeddings/")]


def test_charts_cell_text_like_a_formula_is_text_in_the_embedded_workbook(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    # A plan with its own indsatsområder may name one anything, even like a formula.
    set_value(sheets, "Stamdata", "Bevillingsramme", "Egen")
    area = column_of(sheets, "Fremdrift", "Indsatsområde")
    sheets["Indsatsområder"] = [["Indsatsområde"], *([name] for name in {r[area] for r in sheets["Fremdrift"][3:]})]
    sheets["Indsatsområder"].append([FORMULA])
    for row in sheets["Fremdrift"][1:3]:
        row[area] = FORMULA
    sheets["Fremdrift"][1][column_of(sheets, "Fremdrift", "Aktivitet")] = FORMULA
    sheets["Budget"][1][column_of(sheets, "Budget", "Post")] = FORMULA
    folder = build(cli, inputs, out, sheets, "fremdrift,oekonomi")
    workbooks = [w for d in folder.glob("*.docx") for w in chart_workbooks(d)]
    assert len(workbooks) == 3
    texts = []
    for data in workbooks:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheet_xml = archive.read("xl/worksheets/sheet1.xml")
        assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
        cells = load_workbook(io.BytesIO(data)).worksheets[0].iter_rows()
        assert all(cell.data_type != "f" for row in cells for cell in row)
        texts += [str(v) for row in load_workbook(io.BytesIO(data)).worksheets[0].values for v in row]
    assert FORMULA in texts  # the indsatsområde, as typed, in the band chart's data


def chart_spaces(document: Path) -> list[etree._Element]:
    with zipfile.ZipFile(document) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("word/charts/chart"))
        return [etree.fromstring(archive.read(n)) for n in names]


def test_charts_status_bars_have_the_status_cells_colours(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    document = build(cli, inputs, out, sheets, "fremdrift") / "Fremdriftsrapport 2018.docx"
    status = next(
        s for s in chart_spaces(document) if "Aktiviteter fordelt på status" in etree.tostring(s, encoding=str)
    )
    point_colours = [point.find(f".//{A}srgbClr").get("val") for point in status.iter(f"{C}dPt")]
    categories = charts(document)[0].categories
    colours = load_vocabulary().status_colours
    assert point_colours == [colours[name] for name in categories]


@pytest.mark.parametrize("report", ["fremdrift", "oekonomi"])
def test_charts_bars_have_labels_and_the_value_axis_below(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets, report: str
) -> None:
    (document,) = build(cli, inputs, out, sheets, report).glob("*.docx")
    for space in chart_spaces(document):
        assert space.find(f".//{C}dLbls/{C}showVal").get("val") == "1"
        if space.find(f".//{C}barDir").get("val") == "bar":  # horizontal, categories top-down
            assert space.find(f".//{C}catAx/{C}scaling/{C}orientation").get("val") == "maxMin"
            assert space.find(f".//{C}valAx/{C}crosses").get("val") == "max"
        assert all(int(axis.get("val")) > 0 for axis in space.iter(f"{C}axId"))


def test_charts_budget_lists_the_largest_kategori_first(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    sheets["Budget"][3][column_of(sheets, "Budget", "Budget 2018")] = 900_000  # Revision, the smallest until now
    (budget,) = charts(build(cli, inputs, out, sheets, "oekonomi") / "Økonomioversigt 2018.docx")
    assert budget.categories == ["Revision", "Personale", "Aktiviteter"]
    assert budget.series["Budget"] == [900_000, 600_000, 200_000]


def drawn_charts(data: bytes) -> list[tuple[bytes, bytes]]:
    """Return each chart part of a .docx with its embedded workbook, in the order of the parts' names."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith(("word/charts/chart", "word/embeddings/")))
        return [(n.encode(), archive.read(n)) for n in names]


def test_charts_a_chart_drawn_once_for_a_plans_reports_is_the_chart_each_report_draws_alone() -> None:
    from assembler.pipeline import load_context
    from assembler.render.environment import charts_drawn_once
    from assembler.render.templates import default_template_dir
    from assembler.render.verify import render_checked
    from tests.reports import reports_of

    (found,) = find_plans(EXAMPLE)
    plan, context, _ = load_context(found.source)
    reports = reports_of(plan)
    alone = {spec.key: render_checked(default_template_dir() / spec.template, context, spec.key) for spec in reports}
    with charts_drawn_once():
        once = {spec.key: render_checked(default_template_dir() / spec.template, context, spec.key) for spec in reports}
    for key, data in alone.items():
        assert drawn_charts(once[key]) == drawn_charts(data), key
    workbooks = [w for data in once.values() for n, w in drawn_charts(data) if n.startswith(b"word/embeddings/")]
    assert len(set(workbooks)) < len(workbooks)  # some chart is in two reports: drawn once, it is the same there
