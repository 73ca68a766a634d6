"""A real word processor opens the reports: LibreOffice converts each to PDF, charts as charts, tables as laid out."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from pypdf import PdfReader

from assembler.contract.model import Plan
from assembler.documents import DOCUMENTS, DocumentSpec
from assembler.wordxml import W
from tests.conftest import EXAMPLE
from tests.docxdump import charts, document_text, headings
from tests.reports import example_plan, plan_in, report_name, reports_of

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


@pytest.fixture(scope="module")
def near_empty(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """The reports of what `new-workbook` writes with only a name and a kommune, each with its PDF."""
    from click.testing import CliRunner

    from assembler.app.cli import main

    folder = tmp_path_factory.mktemp("near-empty")
    workbook = folder / "inputs" / "tom.xlsx"
    names = ["--helhedsplan", "Helhedsplan Tom", "--kommune", "Nordby Kommune"]
    assert CliRunner().invoke(main, ["new-workbook", str(workbook), *names]).exit_code == 0
    result = CliRunner().invoke(main, ["build", str(workbook.parent), "--out", str(folder / "outputs")])
    assert result.exit_code == 0, result.output
    plan = plan_in(workbook)
    documents = [folder / "outputs" / "tom" / spec.filename(plan) for spec in reports_of(plan)]
    return dict(zip(documents, convert(documents, folder / "pdf", "pdf"), strict=True))


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


def table_words(plan: Plan) -> set[str]:
    """Every word of the example's activities, succeskriterier and comments (the tables' words that wrap)."""
    texts = [text for row in plan.fremdrift for text in (row.aktivitet, row.succeskriterie, row.kommentar)]
    return {word for text in texts for word in re.findall(r"\w+", text)}


@needs_soffice
@pytest.mark.parametrize("spec", DOCUMENTS, ids=lambda d: d.key)
def test_libreoffice_breaks_no_table_word_mid_word(built: Path, pdfs: dict[str, Path], spec: DocumentSpec) -> None:
    # A word broken over two lines of a cell (»Virksomhedsnet|værk«) is two words in the PDF's text,
    # so every time a document holds a table's word, the PDF must hold it whole. With Carlito
    # installed, LibreOffice sets the text with Calibri's metrics, as Word does; .ci/run installs
    # Carlito and pdftotext (poppler-utils) with LibreOffice.
    words = table_words(example_plan())
    assert {"Virksomhedsnetværk", "Forældrenetværk", "Tryghedsvandringer", "Beboerrådgivning", "revideres"} <= words
    text = subprocess.run(["pdftotext", str(pdfs[spec.key]), "-"], check=True, capture_output=True, text=True).stdout
    in_pdf = Counter(re.findall(r"\w+", text))
    in_document = Counter(re.findall(r"\w+", document_text(built / spec.filename(example_plan()))))
    broken = {w: (in_document[w], in_pdf[w]) for w in words if in_pdf[w] < in_document[w]}
    assert broken == {}


@dataclass(frozen=True)
class Word:
    """A word on a PDF page as pdftotext's -bbox gives it (points, from the page's top left)."""

    text: str
    left: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        """The word's box height: its font size times the font's ascent and descent."""
        return self.bottom - self.top


def pdf_words(pdf: Path) -> list[list[Word]]:
    """Return the words of each page of a PDF, in the order pdftotext reads them."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True).stdout
    root = etree.fromstring(html, etree.XMLParser(recover=True))
    namespace = root.nsmap.get(None)
    tag = (lambda name: f"{{{namespace}}}{name}") if namespace else (lambda name: name)
    return [
        [
            Word(word.text or "", float(word.get("xMin")), float(word.get("yMin")), float(word.get("yMax")))
            for word in page.iter(tag("word"))
        ]
        for page in root.iter(tag("page"))
    ]


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Return a page's words grouped in lines (tops within 2 points), each line's words from left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.top):
        if lines and word.top - lines[-1][0].top < 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.left) for line in lines]


def header_starts(document: Path) -> list[tuple[str, ...]]:
    """Return, for each table of a document, the first word of each of its header cells."""
    starts = []
    for table in Document(str(document)).element.body.iter(f"{W}tbl"):
        cells = ["".join(cell.itertext(f"{W}t")) for cell in table.find(f"{W}tr").iter(f"{W}tc")]
        starts.append(tuple(re.split(r"[\s-]", text.strip())[0] for text in cells if text.strip()))
    return starts


def header_heights(pdf: Path, starts: tuple[str, ...]) -> list[list[float]]:
    """Return the box heights of a header's first words on each line of the PDF that holds them all, in order."""
    found = []
    for page in pdf_words(pdf):
        for line in lines_of(page):
            heights, wanted = [], iter(starts)
            expected = next(wanted)
            for word in line:
                if expected is not None and word.text.startswith(expected):
                    heights.append(word.height)
                    expected = next(wanted, None)
            if expected is None:
                found.append(heights)
    return found


def plans_reports(built: Path, pdfs: dict[str, Path], near_empty: dict[Path, Path]) -> dict[Path, Path]:
    """Every report of the example and of the near-empty plan, each with its PDF."""
    example = {built / spec.filename(example_plan()): pdfs[spec.key] for spec in DOCUMENTS}
    return example | near_empty


@needs_soffice
def test_libreoffice_sets_every_header_cell_of_a_table_in_one_size(
    built: Path, pdfs: dict[str, Path], near_empty: dict[Path, Path]
) -> None:
    # The first header cell stood taller than the rest (14.3 against 11.7 points): LibreOffice
    # makes the content control around a table a field in its first cell, set in the paragraph's
    # style's size; the table paragraphs' style now has the tables' size.
    tables = 0
    for document, pdf in plans_reports(built, pdfs, near_empty).items():
        for starts in header_starts(document):
            tables += 1
            found = header_heights(pdf, starts)
            assert found, (document.name, starts)
            for heights in found:
                assert max(heights) - min(heights) < 0.2, (document.name, starts, heights)
    assert tables >= len(DOCUMENTS)  # the example's reports have tables; the near-empty plan's have none


@needs_soffice
def test_libreoffice_gives_a_comment_the_room_its_text_needs(pdfs: dict[str, Path]) -> None:
    # »Målgruppen er mindre end forventet; delaftalen revideres.« ran over five lines in a column
    # squeezed to one word; the page has room for each of the example's comments in three.
    comments = [row.kommentar for row in example_plan().fremdrift if row.kommentar]
    words = [word for page in pdf_words(pdfs["fremdrift"]) for word in page]
    texts = [word.text for word in words]
    for comment in comments:
        wanted = comment.split()
        start = next(i for i in range(len(texts)) if texts[i : i + len(wanted)] == wanted)
        lines = {round(word.top) for word in words[start : start + len(wanted)]}
        assert len(lines) <= 3, (comment, len(lines))


@needs_soffice
def test_libreoffice_sets_every_row_of_a_development_table_alike(pdfs: dict[str, Path]) -> None:
    # A year's row with empty cells stood 2.5 points taller than one with text: an empty cell's
    # line took the size of its paragraph mark (11 points) rather than the table's.
    years = {str(year) for year in example_plan().years}
    steps = []
    for page in pdf_words(pdfs["fremdrift"]):
        by_column: dict[int, list[float]] = {}
        for word in page:
            if word.text in years:
                by_column.setdefault(round(word.left), []).append(word.top)
        tops = sorted(max(by_column.values(), key=len, default=[]))
        steps += [round(after - before, 1) for before, after in pairwise(tops) if after - before < 30]
    assert len(steps) > 10 and len(set(steps)) == 1, Counter(steps)
