"""A real word processor opens the reports: LibreOffice converts each to PDF, charts as charts."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from assembler.contract import declaration as c
from assembler.documents import DOCUMENTS, DocumentSpec
from tests.conftest import EXAMPLE
from tests.docxdump import charts, document_text, headings
from tests.reports import example_plan, report_name

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it")


def convert(documents: list[Path], workdir: Path, target: str) -> list[Path]:
    """Convert with LibreOffice headless, in a profile of its own; return the converted files."""
    profile = (workdir / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(workdir),
            *map(str, documents),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    converted = [workdir / f"{d.stem}.{target}" for d in documents]
    assert all(c.exists() for c in converted), "LibreOffice did not convert every document"
    return converted


def pdf_text(pdf: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from assembler.app.cli import main

    out = tmp_path_factory.mktemp("outputs")
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out / "engparken"


@pytest.fixture(scope="module")
def pdfs(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every report of the example converted to PDF once for the module (one soffice run), by its key."""
    documents = [built / spec.filename(example_plan()) for spec in DOCUMENTS]
    converted = convert(documents, tmp_path_factory.mktemp("pdf"), "pdf")
    return {spec.key: pdf for spec, pdf in zip(DOCUMENTS, converted, strict=True)}


@needs_soffice
@pytest.mark.parametrize("spec", DOCUMENTS, ids=lambda d: d.key)
def test_libreoffice_converts_every_report_with_its_headings_and_charts(
    built: Path, pdfs: dict[str, Path], spec: DocumentSpec
) -> None:
    document = built / spec.filename(example_plan())
    text = pdf_text(pdfs[spec.key])
    for _, heading in headings(document):
        assert " ".join(heading.split()) in text, heading
    for chart in charts(document):
        assert chart.title in text, chart.title
    assert "Side 1 af" in text


@needs_soffice
def test_libreoffice_imports_the_charts_as_charts_with_their_data(built: Path, tmp_path: Path) -> None:
    document = built / report_name("fremdrift", example_plan())
    (odt,) = convert([document], tmp_path, "odt")
    with zipfile.ZipFile(odt) as archive:
        objects = [n for n in archive.namelist() if re.fullmatch(r"Object \d+/content.xml", n)]
        contents = [archive.read(n).decode("utf-8") for n in objects]
    chart_objects = [c for c in contents if "<chart:chart" in c]
    # Status and målopfyldelse, and the development of each indsatsområde.
    assert len(chart_objects) == len(charts(document)) == 2 + len(example_plan().frame.indsatsomraader)
    status = next(c for c in chart_objects if "Aktiviteter fordelt på status" in c)
    values = [float(v) for v in re.findall(r'office:value-type="float" office:value="([^"]+)"', status)]
    assert values == charts(document)[0].series["Aktiviteter"]


def activity_words() -> set[str]:
    """Every word of every activity name in the example's Fremdrift sheet."""
    aktivitet = [column.attribute for column in c.FREMDRIFT.columns].index("aktivitet")
    rows = load_workbook(EXAMPLE, read_only=True)[c.FREMDRIFT.name].iter_rows(min_row=2, values_only=True)
    return {word for row in rows if row[aktivitet] for word in re.findall(r"\w+", str(row[aktivitet]))}


@needs_soffice
@pytest.mark.parametrize("spec", DOCUMENTS, ids=lambda d: d.key)
def test_libreoffice_breaks_no_activity_name_mid_word(built: Path, pdfs: dict[str, Path], spec: DocumentSpec) -> None:
    # A word broken over two lines of a cell (»Virksomhedsnet|værk«) is two words in the PDF's text,
    # so every time a document holds an activity's word, the PDF must hold it whole. With Carlito
    # installed, LibreOffice sets the text with Calibri's metrics, as Word does; .ci/run installs
    # Carlito and pdftotext (poppler-utils) with LibreOffice.
    words = activity_words()
    assert {"Virksomhedsnetværk", "Forældrenetværk", "Tryghedsvandringer", "Beboerrådgivning"} <= words
    text = subprocess.run(["pdftotext", str(pdfs[spec.key]), "-"], check=True, capture_output=True, text=True).stdout
    in_pdf = Counter(re.findall(r"\w+", text))
    in_document = Counter(re.findall(r"\w+", document_text(built / spec.filename(example_plan()))))
    broken = {w: (in_document[w], in_pdf[w]) for w in words if in_pdf[w] < in_document[w]}
    assert broken == {}
