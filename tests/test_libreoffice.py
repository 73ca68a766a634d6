"""A real word processor opens the report: LibreOffice converts it to PDF with every heading."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from pypdf import PdfReader

from tests.docxdump import headings

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(document: Path, workdir: Path) -> Path:
    """Convert with LibreOffice headless, in a profile of its own; return the PDF's path."""
    profile = (workdir / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = workdir / (document.stem + ".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf


def pdf_text(pdf: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it")
def test_libreoffice_converts_the_report_with_every_heading(
    cli: Callable[..., Result], example_inputs: Path, out: Path, tmp_path: Path
) -> None:
    assert cli("build", example_inputs, "--out", out).exit_code == 0
    report = out / "engparken" / "Etårsstatus 2025.docx"
    text = pdf_text(convert_to_pdf(report, tmp_path))
    for _, heading in headings(report):
        assert " ".join(heading.split()) in text
    assert "2.907.500" in text and "Side 1 af" in text
