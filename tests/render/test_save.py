"""A report is written with the template's unchanged parts as the template has them, and the rendered ones anew."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document

from assembler.pipeline import build_plan, select_documents
from assembler.read.sources import discover_plans
from assembler.render.templates import default_template_dir
from tests import docxdump
from tests.factory import column_of, plan_sheets
from tests.reports import report_name

REPORT = "Fremdriftsrapport 2018.docx"


def test_unchanged_parts_are_the_templates_and_rendered_parts_written_anew(
    write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    write_plan()
    build_plan(discover_plans(inputs)[0], out, documents=select_documents(("fremdrift",)))
    report = out / "solbakken" / REPORT
    with zipfile.ZipFile(report) as written, zipfile.ZipFile(default_template_dir() / "fremdrift.docx") as template:
        assert written.testzip() is None
        names = written.namelist()
        assert names[0] == "[Content_Types].xml"
        for name in ("word/styles.xml", "word/theme/theme1.xml", "docProps/thumbnail.jpeg"):
            assert written.read(name) == template.read(name), name
        assert b"Helhedsplan Solbakken" in written.read("word/document.xml")
        assert b"Helhedsplan Solbakken" not in template.read("word/document.xml")
        charts = [name for name in names if name.startswith("word/charts/chart")]
        assert charts and not any(name.startswith("word/charts/") for name in template.namelist())
        assert all(f"/{name}".encode() in written.read("[Content_Types].xml") for name in charts)
    document = Document(str(report))  # python-docx reads it back, relationships and all
    assert any("Helhedsplan Solbakken" in p.text for p in docxdump.paragraphs(document))


def test_a_line_break_in_a_cell_is_a_line_break_in_the_report(
    write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    sheets = plan_sheets()
    sheets["Bestyrelse"][2][column_of(sheets, "Bestyrelse", "Bemærkning")] = "i stedet for\nOle Sand"
    write_plan(sheets)
    build_plan(discover_plans(inputs)[0], out, documents=select_documents(("etaarsstatus",)))
    with zipfile.ZipFile(out / "solbakken" / report_name("etaarsstatus")) as written:
        body = written.read("word/document.xml").decode("utf-8")
    assert 'i stedet for</w:t><w:br/><w:t xml:space="preserve">Ole Sand' in body
