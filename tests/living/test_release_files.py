"""Reports a person edited under the release before issue 18 (tests/data/release-a749f21) keep living.

Each fixture folder is copied, a figure changed in its workbook, and built with today's code: the
edited report is updated in place, without a comment except where the person reworded a sentence
whose figure changed too, and every word the person wrote is still there.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from lxml import etree
from openpyxl import load_workbook
from openxml_audit import OpenXmlValidator

from assembler.living.comments import AUTHOR
from assembler.living.legacyrecord import old_signature
from assembler.living.package import DOCUMENT, Package
from assembler.living.stories import is_showing_placeholder
from assembler.living.write import RECORD_NAME
from assembler.render.marking import control_text, controls, tag_of
from assembler.wordxml import W, qn

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "release-a749f21"
# What the person wrote in Word (see the fixtures' README): a paragraph of their own in two reports,
# a placeholder typed into, a generated sentence reworded; and a Word comment of their own.
OWN_WORDS = ("Vores egen indledning.", "Styregruppen mødes nu hver måned.", "Skrevet i Word.")
REWORDED = "Status opgjort den 9. december 2016 af sekretariatet."
OWN_COMMENT = "Husk at læse korrektur."


def set_cell(workbook: Path, sheet: str, row_label: str, column: str, value: object) -> None:
    """Set the cell of a sheet in the row whose first cell is `row_label`, in the column headed `column`."""
    book = load_workbook(workbook)
    rows = list(book[sheet].iter_rows())
    headers = [cell.value for cell in rows[0]]
    row = next(row for row in rows if row[0].value == row_label)
    row[headers.index(column)].value = value
    book.save(workbook)


def new_accounts(workbook: Path) -> str | None:
    """Change the Projektchef's accounts for 2016; return the text a conflict comment would quote (none)."""
    set_cell(workbook, "Budget", "Projektchef", "Regnskab 2016", 612_000)
    return None


def new_status_date(workbook: Path) -> str | None:
    """Move the status date; the person reworded the sentence that states it, so it gets a comment."""
    book = load_workbook(workbook)
    row = next(row for row in book["Stamdata"].iter_rows() if row[0].value == "Statusdato")
    row[1].value = "16.12.2016"
    book.save(workbook)
    return "16. december 2016"


CHANGES: dict[str, Callable[[Path], str | None]] = {"regnskab": new_accounts, "statusdato": new_status_date}


def body_text(report: Path) -> str:
    with zipfile.ZipFile(report) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in root.iter(qn("w:p")))


def comments(report: Path) -> list[tuple[str, str]]:
    """Return each comment of a report: its author and its text."""
    with zipfile.ZipFile(report) as archive:
        if "word/comments.xml" not in archive.namelist():
            return []
        root = etree.fromstring(archive.read("word/comments.xml"))
    return [(str(c.get(f"{W}author")), "".join(c.itertext())) for c in root.iter(qn("w:comment"))]


def ooxml_errors(report: Path) -> list[str]:
    found = [f"{e.part_uri} {e.path}: {e.description}" for e in OpenXmlValidator().validate(str(report)).errors]
    # python-docx's add_comment, which stood in for Word when the fixture was made, uses Word's
    # CommentReference style without defining it (Word adds it with a person's first comment).
    return [e for e in found if "Style 'CommentReference' referenced but not defined" not in e]


@pytest.fixture(params=sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def release_folder(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of one fixture folder: inputs/ with the workbook, outputs/ with the reports and records."""
    folder = tmp_path / request.param
    shutil.copytree(FIXTURES / request.param, folder)
    return folder


@pytest.mark.parametrize("change", CHANGES)
def test_release_files_are_updated_in_place_keeping_every_word(
    release_folder: Path, change: str, cli: Callable[..., Result]
) -> None:
    (plan,) = [p for p in (release_folder / "outputs").iterdir() if p.is_dir()]
    before = {report: body_text(report) for report in plan.glob("*.docx")}
    edited = {report for report, text in before.items() if any(word in text for word in (*OWN_WORDS, REWORDED))}
    assert edited, "the fixture holds reports a person edited"
    quoted = CHANGES[change](release_folder / "inputs" / "solbakken.xlsx")

    result = cli("build", release_folder / "inputs", "--out", release_folder / "outputs")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for report in edited:
        (line,) = [line for line in lines if report.name in line]
        assert line.startswith(("Opdaterede", "Ingen ændringer i")), line
    updated = [line for line in lines if line.startswith("Opdaterede")]
    assert any(REWORDED in before[report] and report.name in " ".join(updated) for report in edited), lines
    assert not [p.name for p in plan.rglob("*.docx") if "(ny" in p.name]

    for report in edited:
        text = body_text(report)
        for words in (*OWN_WORDS, REWORDED):
            assert (words in text) == (words in before[report]), (report.name, words)
        ours = [comment for author, comment in comments(report) if author == AUTHOR]
        if quoted is not None and REWORDED in before[report]:
            assert len(ours) == 1 and quoted in ours[0] and "9. december 2016" in ours[0], ours
        else:
            assert ours == [], (report.name, ours)
        if "Vores egen indledning." in before[report]:
            assert ("Hanne Berg", OWN_COMMENT) in comments(report)
        assert ooxml_errors(report) == [], report.name


def test_release_files_records_still_tell_what_assembler_wrote(release_folder: Path) -> None:
    # A control's old signature from today's code is the one recorded exactly where its text is the recorded text:
    # a person's edit is told from assembler's own text as it was when the release wrote the record.
    (plan,) = [p for p in (release_folder / "outputs").iterdir() if p.is_dir()]
    records = json.loads((plan / RECORD_NAME).read_text("utf-8"))["reports"]
    assert records
    for name, entry in records.items():
        package = Package.read((plan / name).read_bytes())
        current = {tag_of(sdt): sdt for sdt in controls(package.xml(DOCUMENT))}
        assert set(current) == set(entry["controls"]), name
        for tag, stored in entry["controls"].items():
            sdt = current[tag]
            same_text = (control_text(sdt), is_showing_placeholder(sdt)) == (stored["text"], stored["placeholder"])
            assert (old_signature(sdt, package) == stored["sha"]) == same_text, (name, tag)
