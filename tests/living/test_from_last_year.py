"""A new year's report started from last year's edited one (`build --fra-sidste-år`, issue 21 item 5).

Last year's report is built, edited as Word edits (tests/living/wordedits.py), the workbook's
statusår moves on a year, and the new year's report is built with and without the option; a fresh
build of the new year is the measure of what the generated parts say.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document
from lxml import etree

from assembler import pipeline
from assembler.contract import declaration as c
from assembler.documents import DOCUMENTS
from assembler.living.carry import COMMENT, EXISTED, NONE_EARLIER, OWN_MEETING
from assembler.wordxml import R_NS, W
from tests.docxdump import document_text, dump
from tests.factory import Sheets, plan_sheets, set_value, with_new_statusdato, write_workbook
from tests.living import wordedits as word
from tests.living.test_living import ooxml_errors
from tests.living.test_renames import with_referat
from tests.living.test_year_of_edits import build, comments, first_line, fresh, ours, placed
from tests.reports import plan_of, report_name

CLI = Callable[..., Result]
OPTION = "--fra-sidste-år"
OWN = "Vi samarbejder med Nordby Bibliotek om lektiecafeen."
INSIDE = "Projektchefen startede 1. marts."  # typed after assembler's sentence, inside its frame
TYPED = "Styregruppen mødes nu hver måned."
REWORDED = "I 2018 havde vi fire aktiviteter i gang, og det gik godt."
COLLEAGUE = "Skal biblioteket nævnes?"
TABLE = (("Pulje", "Beløb"), ("Sommerferie", "12.000 kr."))
POINT_3A = (
    "3 a. Opmærksomhedspunkter vedr. samspillet mellem den boligsociale indsats og øvrige tiltag og "
    "områdebaserede indsatser."
)


def own_table(rows: tuple[tuple[str, ...], ...]) -> etree._Element:
    """Return a table as Word inserts one (Indsæt › Tabel), its cells typed into."""
    table = etree.Element(f"{W}tbl")
    etree.SubElement(etree.SubElement(table, f"{W}tblPr"), f"{W}tblW", {f"{W}w": "0", f"{W}type": "auto"})
    grid = etree.SubElement(table, f"{W}tblGrid")
    for _ in rows[0]:
        etree.SubElement(grid, f"{W}gridCol", {f"{W}w": "4500"})
    for row in rows:
        tr = etree.SubElement(table, f"{W}tr")
        for text in row:
            etree.SubElement(tr, f"{W}tc").append(word.paragraph(text))
    return table


def edited_as_last_year(document: word.WordFile) -> None:
    """A year's edits: an own paragraph with a colleague's comment, an own table, a placeholder typed into,
    a generated sentence reworded, and a paragraph typed inside a generated part's frame."""
    own = word.write_after(word.paragraph_with(document, POINT_3A), OWN)
    word.comment(document, own, COLLEAGUE)
    word.frame_with(document, "I 2018 er der brugt").addnext(own_table(TABLE))
    word.type_into_placeholder(word.frame_with(document, "bestyrelsens samspil med styre"), TYPED)
    word.retype(word.frame_with(document, "I 2018 omfatter helhedsplanen"), REWORDED)
    word.frame_with(document, "Der blev ansat en ny projektchef.").find(f"{W}sdtContent").append(
        word.paragraph(INSIDE)
    )


def next_year(sheets: Sheets) -> Sheets:
    """Return the plan a year on: its Stamdata's statusår is the next year."""
    field = c.stamdata_field("statusaar").name
    year = next(row[1] for row in sheets[c.STAMDATA.name] if row[0] == field)
    set_value(sheets, c.STAMDATA.name, field, int(str(year)) + 1)
    return sheets


@pytest.fixture
def last_year(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> Path:
    """Last year's status report, built and edited in Word; the workbook then moved on to the next year."""
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus", plan_of(sheets))
    word.edit(report, edited_as_last_year)
    write_workbook(inputs / "solbakken.xlsx", next_year(sheets))
    return report


def this_years(last_year: Path) -> Path:
    return last_year.with_name(report_name("etaarsstatus", plan_of(next_year(plan_sheets()))))


def commented(path: Path) -> list[tuple[str, str]]:
    """Each of assembler's comments with the text it is anchored to."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        notes = etree.fromstring(archive.read("word/comments.xml"))
    texts = {n.get(f"{W}id"): "".join(n.itertext()) for n in notes.iter(f"{W}comment")}
    found = []
    for start in body.iter(f"{W}commentRangeStart"):
        anchored, element = [], start.getnext()
        while not (element.tag == f"{W}commentRangeEnd" and element.get(f"{W}id") == start.get(f"{W}id")):
            anchored.append(word.text_of(element))
            element = element.getnext()
        found.append((texts[start.get(f"{W}id")], "\n".join(anchored)))
    return found


def heading_of(path: Path, text: str) -> str:
    """Return the heading a line of a report stands under."""
    return next(heading for heading, line in placed(path) if line.endswith(text))


def test_the_new_year_starts_from_last_year_s_own_text_under_the_same_headings(
    cli: CLI, inputs: Path, out: Path, last_year: Path, tmp_path: Path
) -> None:
    before = last_year.read_bytes()
    result = build(cli, inputs, out, "etaarsstatus", OPTION)
    report = this_years(last_year)
    note = COMMENT.format(name=last_year.name)
    assert first_line(result) == (
        f"Skrev {report} – startet fra sidste års rapport {last_year.name}: jeres egen tekst fra 3 steder og 1 "
        f"felt, I udfyldte, er taget med, hver med kommentaren »{note}«"
    )
    assert last_year.read_bytes() == before
    row = f"| {' | '.join(TABLE[1])} |"
    for text in (OWN, INSIDE, TYPED, row):
        assert heading_of(report, text) == heading_of(last_year, text), text
    table = "\n".join(cell for cells in TABLE for cell in cells)
    assert sorted(commented(report)) == sorted((note, text) for text in (OWN, INSIDE, TYPED, table))
    assert comments(report) == [("assembler", note)] * 4  # the colleague's comment stays in last year's report
    # Every generated part is this year's: without the text carried, the report is a fresh build's,
    # the placeholder typed into last year showing what was typed.
    fresh_lines = placed(fresh(cli, inputs, tmp_path / "fresh", "etaarsstatus"))
    carried = {f"[Normal] {OWN}", f"[Normal] {INSIDE}", "[table: Normal Table]", row, f"| {' | '.join(TABLE[0])} |"}
    placeholder = next(i for i, (_, line) in enumerate(fresh_lines) if "bestyrelsens samspil" in line)
    fresh_lines[placeholder] = (fresh_lines[placeholder][0], f"[Normal] {TYPED}")
    assert [line for line in placed(report) if line[1] not in carried] == fresh_lines
    assert REWORDED not in document_text(report)
    assert ooxml_errors(report) == []


def test_without_the_option_the_new_year_starts_clean(
    cli: CLI, inputs: Path, out: Path, last_year: Path, tmp_path: Path
) -> None:
    result = build(cli, inputs, out, "etaarsstatus")
    report = this_years(last_year)
    assert first_line(result) == f"Skrev {report}"
    assert dump(report) == dump(fresh(cli, inputs, tmp_path / "fresh", "etaarsstatus"))
    assert comments(report) == []


def test_a_report_started_from_last_year_lives_on_and_is_started_only_once(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets, last_year: Path
) -> None:
    build(cli, inputs, out, "etaarsstatus")  # this year's report, built without the option and not edited
    report = this_years(last_year)
    result = build(cli, inputs, out, "etaarsstatus", OPTION)
    assert first_line(result).startswith(f"Skrev {report} – startet fra sidste års rapport {last_year.name}")
    word.edit(report, lambda d: word.write_after(word.paragraph_with(d, OWN), "Årets egen tekst."))
    result = build(cli, inputs, out, "etaarsstatus", OPTION)
    assert first_line(result) == (
        f"Ingen ændringer i {report}: ingen nye tal fra projektmappen, og jeres tekst er urørt; {EXISTED}"
    )
    write_workbook(inputs / "solbakken.xlsx", with_new_statusdato(next_year(plan_sheets())))
    result = build(cli, inputs, out, "etaarsstatus")
    assert first_line(result) == f"Opdaterede {report}: 1 felt ændret, jeres tekst bevaret"
    text = document_text(report)
    assert all(text.count(own) == 1 for own in (OWN, INSIDE, TYPED, "Årets egen tekst."))
    assert "Statusdato: 14. december 2018" in text
    assert len(ours(report)) == 4


def test_without_last_year_s_report_the_line_says_so(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = build(cli, inputs, out, "etaarsstatus", OPTION)
    report = out / "solbakken" / report_name("etaarsstatus", plan_of(sheets))
    assert first_line(result) == f"Skrev {report} – {NONE_EARLIER}"
    write_workbook(inputs / "solbakken.xlsx", next_year(sheets))
    result = build(cli, inputs, out, "etaarsstatus", OPTION)
    assert first_line(result) == (
        f"Skrev {this_years(report)} – {report.name} har ingen egen tekst at tage med, så den er bygget uden"
    )


def test_the_watcher_s_build_starts_from_last_year_s_report_too(inputs: Path, out: Path, last_year: Path) -> None:
    (plan,) = pipeline.find_plans(inputs, out)
    result = pipeline.rebuild(plan, out, from_last_year=True)
    report = this_years(last_year)
    status = next(line for line in result.written if line.path == report)  # the other reports: not edited last year
    assert status.note.startswith(f"startet fra sidste års rapport {last_year.name}")
    assert OWN in document_text(report)


HYPERLINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def with_link(document: word.WordFile, text: str, target: str) -> etree._Element:
    """Write a paragraph of one's own holding a link to a web page (Indsæt › Link)."""
    rels = document.xml(word.RELS)
    rel_id = "rIdLink1"
    etree.SubElement(rels, f"{word.PR}Relationship", Id=rel_id, Type=HYPERLINK_TYPE, Target=target)
    rels[-1].set("TargetMode", "External")
    p = etree.Element(f"{W}p")
    link = etree.SubElement(p, f"{W}hyperlink", {f"{{{R_NS}}}id": rel_id})
    etree.SubElement(etree.SubElement(link, f"{W}r"), f"{W}t").text = text
    word.paragraph_with(document, POINT_3A).addnext(p)
    return p


def test_a_link_in_last_year_s_own_text_still_leads_to_its_page(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus", plan_of(sheets))
    word.edit(report, lambda d: with_link(d, "Lektiecafeens side", "https://bibliotek.nordby.dk/lektiecafe"))
    write_workbook(inputs / "solbakken.xlsx", next_year(sheets))
    build(cli, inputs, out, "etaarsstatus", OPTION)
    new = Document(str(this_years(report)))
    (link,) = new.element.body.iter(f"{W}hyperlink")
    assert "".join(t.text or "" for t in link.iter(f"{W}t")) == "Lektiecafeens side"
    relationship = new.part.rels[link.get(f"{{{R_NS}}}id")]
    assert (relationship.target_ref, relationship.is_external) == ("https://bibliotek.nordby.dk/lektiecafe", True)
    assert ooxml_errors(this_years(report)) == []


def test_a_referat_starts_clean_each_year(cli: CLI, inputs: Path, out: Path, tmp_path: Path) -> None:
    """A referat is the minutes of one meeting: next year's meeting gets minutes of its own, without last year's."""
    (key,) = [spec.key for spec in DOCUMENTS if not spec.starts_from_last_year]
    sheets = with_referat(plan_sheets(), date(2019, 3, 12))
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, key)
    last = out / "solbakken" / report_name(key, plan_of(sheets))
    word.edit(last, lambda d: word.write_after(word.paragraph_with(d, "3. Opfølgning på økonomi"), OWN))
    sheets = next_year(sheets)
    set_value(sheets, c.STAMDATA.name, c.stamdata_field("moededato_eftersyn").name, date(2020, 3, 10))
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = build(cli, inputs, out, key, OPTION)
    report = out / "solbakken" / report_name(key, plan_of(sheets))
    assert report != last and OWN in document_text(last)
    assert first_line(result) == f"Skrev {report} – {OWN_MEETING}"
    assert dump(report) == dump(fresh(cli, inputs, tmp_path / "fresh", key))
