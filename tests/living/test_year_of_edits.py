"""A report edited in Word all year stays right after every rebuild (issue 19's failures 1–7 and 9, each a test).

Each test builds a report, edits and saves it as Word does (tests/living/wordedits.py), changes the
workbook, and builds again; what a fresh build of the same workbook gives is the measure of where
each generated part belongs.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document
from lxml import etree
from openpyxl import load_workbook

from assembler.living.comments import AUTHOR
from assembler.wordxml import W
from tests.clitext import lines_without_time
from tests.conftest import EXAMPLE
from tests.context.test_content import near_empty_sheets
from tests.docxdump import body_lines, dump
from tests.factory import Sheets, column_of, in_first_year, plan_sheets, set_value, write_workbook
from tests.living import wordedits as word
from tests.living.test_living import ooxml_errors
from tests.reports import plan_in, plan_of, report_name

CLI = Callable[..., Result]


def build(cli: CLI, inputs: Path, out: Path, key: str, *options: str) -> Result:
    result = cli("build", inputs, "--out", out, "--report", key, *options)
    assert result.exit_code == 0, result.output
    return result


def fresh(cli: CLI, inputs: Path, folder: Path, key: str) -> Path:
    """Build the report anew from the same workbook into a folder of its own; return it."""
    shutil.rmtree(folder, ignore_errors=True)
    build(cli, inputs, folder, key)
    (plan,) = [p for p in folder.iterdir() if p.is_dir()]
    (report,) = plan.glob("*.docx")
    return report


def placed(path: Path) -> list[tuple[str, str]]:
    """Each line of a report's body below the heading it stands under (the title counts as one).

    Highlighting is left out of the lines: the dump marks it run by run, and Word splits runs.
    """
    heading, found = "", []
    for line in body_lines(Document(str(path))):
        line = line.replace("»«", "").replace("«[", "[").replace("]»", "]")
        if line.startswith(("[Heading", "[Title]")):
            heading = line
        else:
            found.append((heading, line))
    return found


def comments(path: Path) -> list[tuple[str, str]]:
    """Each comment of a report: its author and its text."""
    with zipfile.ZipFile(path) as archive:
        if "word/comments.xml" not in archive.namelist():
            return []
        root = etree.fromstring(archive.read("word/comments.xml"))
    return [(str(c.get(f"{W}author")), "".join(c.itertext())) for c in root.iter(f"{W}comment")]


def ours(path: Path) -> list[str]:
    return [text for author, text in comments(path) if author == AUTHOR]


def commented_text(path: Path) -> dict[str, str]:
    """The text each of assembler's comments is anchored to (the frame it is on), by the comment's text."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        notes = etree.fromstring(archive.read("word/comments.xml"))
    by_id = {c.get(f"{W}id"): "".join(c.itertext()) for c in notes.iter(f"{W}comment") if c.get(f"{W}author") == AUTHOR}
    anchored = {}
    for start in body.iter(f"{W}commentRangeStart"):
        if start.get(f"{W}id") in by_id:
            texts, element = [], start.getnext()
            while element is not None and not (
                element.tag == f"{W}commentRangeEnd" and element.get(f"{W}id") == start.get(f"{W}id")
            ):
                texts.append(word.text_of(element))
                element = element.getnext()
            anchored[by_id[start.get(f"{W}id")]] = "\n".join(texts)
    return anchored


def first_line(result: Result) -> str:
    return lines_without_time(result.stdout)[0]


# 1. New text lands under the wrong heading -------------------------------------------------------


def filled_in(sheets: Sheets) -> Sheets:
    """The new plan's workbook once the secretariat has filled Bestyrelse, Møder and points 1–4."""
    full = plan_sheets()
    sheets["Bestyrelse"] = full["Bestyrelse"]
    sheets["Møder"] = full["Møder"]
    for row, text in zip(sheets["Opmærksomhedspunkter"][1:5], ("Et.", "To.", "Tre.", "Fire."), strict=True):
        row[1] = text
    return sheets


def test_text_filled_in_after_a_word_save_lands_under_its_heading(
    cli: CLI, inputs: Path, out: Path, tmp_path: Path
) -> None:
    sheets = in_first_year(near_empty_sheets())
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus", plan_of(sheets))
    word.edit(report)  # saved in Word without a word changed
    write_workbook(inputs / "solbakken.xlsx", filled_in(sheets))
    result = build(cli, inputs, out, "etaarsstatus")
    assert first_line(result).startswith(f"Opdaterede {report}")
    assert placed(report) == placed(fresh(cli, inputs, tmp_path / "fresh", "etaarsstatus"))
    assert ours(report) == []
    assert ooxml_errors(report) == []


def add_referat_text(workbook: Path, key: str, text: str, year: int) -> None:
    book = load_workbook(workbook)
    sheet = book["Referat"]
    sheet.append([key, text, year, None])
    book.save(workbook)


def test_text_added_to_the_referat_s_last_point_lands_under_it(
    cli: CLI, inputs: Path, out: Path, tmp_path: Path
) -> None:
    workbook = Path(shutil.copy(EXAMPLE, inputs / EXAMPLE.name))
    plan = plan_in(workbook)
    build(cli, inputs, out, "referat")
    report = out / "engparken" / report_name("referat", plan)
    word.edit(report)
    add_referat_text(workbook, "4", "Der er ikke behov for yderligere opfølgning.", plan.stamdata.statusaar)
    build(cli, inputs, out, "referat")
    assert placed(report) == placed(fresh(cli, inputs, tmp_path / "fresh", "referat"))
    assert ooxml_errors(report) == []


# 2. Untouched paragraphs stop updating and are reported as edited --------------------------------


def test_a_colleague_s_comment_and_split_runs_do_not_make_a_paragraph_edited(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus")

    def colleague(document: word.WordFile) -> None:
        statusdato = word.frame_with(document, "Statusdato").find(f"{W}sdtContent/{W}p")
        word.comment(document, statusdato, "Er datoen rigtig?")

    word.edit(report, colleague)  # the save splits every run, too
    set_value(sheets, "Stamdata", "Statusdato", "14.12.2018")
    set_value(sheets, "Stamdata", "Boligområder", "Nordbakken")
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = build(cli, inputs, out, "etaarsstatus")
    assert "ikke opdateret" not in first_line(result)
    lines = dump(report).splitlines()
    assert "[Normal] Statusdato: 14. december 2018" in lines
    assert "[Normal] Boligområder: Nordbakken" in lines
    assert ours(report) == []
    assert ("Hanne Berg", "Er datoen rigtig?") in comments(report)
    assert ooxml_errors(report) == []


# 3. Silent stale figures: an unwrapped and a copied part -----------------------------------------


def test_an_unwrapped_part_is_updated_and_a_copied_one_too(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus")

    def unwrap_and_copy(document: word.WordFile) -> None:
        word.unwrap(word.frame_with(document, "Statusdato"))
        areas = word.frame_with(document, "Boligområder")
        word.copy_frame(document, areas, word.paragraph_with(document, "Ændringer ift. bestyrelse:"))

    word.edit(report, unwrap_and_copy)
    set_value(sheets, "Stamdata", "Statusdato", "14.12.2018")
    set_value(sheets, "Stamdata", "Boligområder", "Nordbakken")
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    text = dump(report)
    assert "Statusdato: 9. december 2018" not in text
    assert "Statusdato: 14. december 2018" in text
    assert "Boligområder: Solbakken" not in text
    assert text.count("Boligområder: Nordbakken") == 2
    assert ooxml_errors(report) == []


def test_an_unwrapped_part_the_person_reworded_gets_a_comment(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus")

    def unwrap_and_reword(document: word.WordFile) -> None:
        (content,) = word.unwrap(word.frame_with(document, "Statusdato"))
        content.find(f"{W}r/{W}t").text = "Statusdato (opgjort af sekretariatet): 9. december 2018"

    word.edit(report, unwrap_and_reword)
    set_value(sheets, "Stamdata", "Statusdato", "14.12.2018")
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    assert "Statusdato (opgjort af sekretariatet): 9. december 2018" in dump(report)
    (note,) = ours(report)
    assert "14. december 2018" in note
    assert ooxml_errors(report) == []


# 4. Identities collide ------------------------------------------------------------------------------


def fremdrift_row(area: str, activity: str, status: str, comment: str) -> list[object]:
    return [area, "Delaftale C", activity, "Antal fædre", 15, None, status, comment]


def test_lines_sharing_a_long_start_keep_their_own_identity(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets, tmp_path: Path
) -> None:
    area = "Forebyggelse og forældreansvar"  # with ' – ' the lines share their first 32 characters
    sheets["Fremdrift"].append(fremdrift_row(area, "Mødregruppe", "Forsinket", "Lokalet blev først klar i maj."))
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "fremdrift")
    report = out / "solbakken" / report_name("fremdrift")
    edited_line = "Mødregruppe er forsinket; sekretariatet følger op."

    def reword_the_mothers(document: word.WordFile) -> None:
        word.retype(word.frame_with(document, f"{area} – Mødregruppe"), edited_line)

    word.edit(report, reword_the_mothers)
    # A new activity in the same area, listed before the others.
    sheets["Fremdrift"].insert(1, fremdrift_row(area, "Babycafé", "Ikke igangsat", "Ingen frivillige endnu."))
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "fremdrift")
    text = dump(report)
    assert text.count("Fædreprojekt (ikke igangsat)") == 1
    assert text.count(edited_line) == 1
    assert "Mødregruppe (forsinket)" not in text  # the person's own words stand for it, not a second copy
    assert "Babycafé (ikke igangsat)" in text
    assert ours(report) == []
    babycafe = [placing for placing in placed(report) if "Babycafé" in placing[1]]
    assert babycafe == [p for p in placed(fresh(cli, inputs, tmp_path / "fresh", "fremdrift")) if "Babycafé" in p[1]]


# 5. Comments a person can act on --------------------------------------------------------------------


LONG = " ".join(["Sekretariatet har fulgt op på alle aktiviteter i året og drøftet dem med bestyrelsen."] * 5)


def test_a_conflict_comment_shows_the_change_whole_and_before_is_what_assembler_last_wrote(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    sheets["Opmærksomhedspunkter"][1][1] = LONG + " Der er ansat 2 nye medarbejdere."
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus")
    word.edit(report, lambda d: word.retype(word.frame_with(d, "Der er ansat"), LONG + " Vi har ansat 2 nye folk."))
    sheets["Opmærksomhedspunkter"][1][1] = LONG + " Der er ansat 3 nye medarbejdere."
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    (first,) = ours(report)
    assert "»3«" in first and "»2«" in first  # the changed figure, whole, beside what was there before
    assert LONG + " Der er ansat 3 nye medarbejdere." in first  # the workbook's text, not cut
    sheets["Opmærksomhedspunkter"][1][1] = LONG + " Der er ansat 4 nye medarbejdere."
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    second = ours(report)[-1]
    assert "»4«" in second and "»3«" in second  # before: what assembler wrote last, not two builds ago
    assert "»2«" not in second


def test_a_table_conflict_names_the_rows_that_changed(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus")

    def note_in_table(document: word.WordFile) -> None:
        table = word.frames_named(document, "bestyrelse.deltagere")[0]
        cell = table.findall(f".//{W}tc")[-1]
        word.retype(cell, "Boligforeningen Solbakken (formand)")

    word.edit(report, note_in_table)
    sheets["Bestyrelse"][1][1] = "Administrerende direktør"  # Anne Mørk's title
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    (note,) = ours(report)
    assert "Anne Mørk | Administrerende direktør | Boligforeningen Solbakken" in note
    assert "Anne Mørk | Direktør | Boligforeningen Solbakken" in note
    assert "Per Dahl" not in note  # a row that did not change is not named
    assert "Boligforeningen Solbakken (formand)" in dump(report)


def test_emptying_a_frame_takes_the_workbook_s_version_and_the_comment_says_so(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus")
    word.edit(report, lambda d: word.retype(word.frame_with(d, "Statusdato"), "Status opgjort i december."))
    set_value(sheets, "Stamdata", "Statusdato", "14.12.2018")
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    (note,) = ours(report)
    assert "tøm rammen" in note.lower() and "så den bygges igen" not in note
    word.edit(report, lambda d: word.empty_frame(word.frame_with(d, "Status opgjort i december.")))
    result = build(cli, inputs, out, "etaarsstatus")
    assert "[Normal] Statusdato: 14. december 2018" in dump(report).splitlines()
    assert "ikke opdateret" not in first_line(result)
    assert ooxml_errors(report) == []


def test_deleting_a_frame_removes_the_part_for_good(cli: CLI, inputs: Path, out: Path, sheets: Sheets) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus")
    word.edit(report, lambda d: word.delete_frame(word.frame_with(d, "Statusdato")))
    for day in ("14.12.2018", "15.12.2018"):
        set_value(sheets, "Stamdata", "Statusdato", day)
        write_workbook(inputs / "solbakken.xlsx", sheets)
        build(cli, inputs, out, "etaarsstatus")
        assert "Statusdato" not in dump(report)
    assert ours(report) == []


# 6. Typed into a placeholder, the data hides ------------------------------------------------------


def test_data_for_a_placeholder_typed_into_comes_after_the_person_s_text(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    participant = column_of(sheets, "Bestyrelse", "Deltager i etårsstatus")
    for row in sheets["Bestyrelse"][1:]:
        row[participant] = "Nej"
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus")
    typed = "Anne Mørk og Per Dahl deltog."
    word.edit(report, lambda d: word.type_into_placeholder(word.frame_with(d, "Deltager i etårsstatus"), typed))
    for row in sheets["Bestyrelse"][1:3]:
        row[participant] = "Ja"
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    lines = dump(report).splitlines()
    assert f"[Normal] {typed}" in lines
    table = lines.index("| Navn | Titel | Organisation |")
    assert lines.index(f"[Normal] {typed}") < table
    assert "| Anne Mørk | Direktør | Boligforeningen Solbakken |" in lines
    (note,) = ours(report)
    assert typed in commented_text(report)[note]
    assert ooxml_errors(report) == []


# 7. A changed plan name: headers, footers and document properties ---------------------------------


def test_a_new_plan_name_reaches_the_footer_and_the_properties(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus")
    word.edit(report, lambda d: word.write_after(word.frame_with(d, "Statusdato"), "Vores egen tekst."))
    set_value(sheets, "Stamdata", "Helhedsplan", "Helhedsplan Solbakken og Måne")
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    text = dump(report)
    footers = [line for line in text.splitlines() if line.startswith("footer:")]
    assert footers and all("Solbakken og Måne" in line for line in footers), footers
    assert "title: " in text and "Solbakken og Måne" in text.splitlines()[0]
    assert "Vores egen tekst." in text
    assert ooxml_errors(report) == []


def test_a_footer_the_person_edited_keeps_their_text_and_gets_a_comment(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    report = out / "solbakken" / report_name("etaarsstatus")

    def draft_in_footer(document: word.WordFile) -> None:
        footer = next(root for root in document.parts() if root.tag == f"{W}ftr")
        first = footer.find(f".//{W}t")
        first.text = "UDKAST · " + first.text

    word.edit(report, draft_in_footer)
    set_value(sheets, "Stamdata", "Helhedsplan", "Helhedsplan Solbakken og Måne")
    write_workbook(inputs / "solbakken.xlsx", sheets)
    build(cli, inputs, out, "etaarsstatus")
    footers = [line for line in dump(report).splitlines() if line.startswith("footer:")]
    assert footers and all("UDKAST · Helhedsplan Solbakken ·" in line for line in footers), footers
    (note,) = ours(report)
    assert "Helhedsplan Solbakken og Måne" in note and "sidefod" in note.lower()
    assert ooxml_errors(report) == []


# 9. A damaged edited report: a Danish line and the safe fallback ----------------------------------


def damage_deflate(path: Path) -> None:
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 20, start + 60):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def odd_id(element_name: str, value: str) -> Callable[[word.WordFile], None]:
    def change(document: word.WordFile) -> None:
        if element_name == "comment":
            word.comment(document, word.paragraph_with(document, "Organisering"), "Se her.")
            note = document.xml("word/comments.xml").find(f"{W}comment")
            number = note.get(f"{W}id")
            note.set(f"{W}id", value)
            for mark in document.body.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}commentReference"):
                if mark.get(f"{W}id") == number:
                    mark.set(f"{W}id", value)
        elif element_name == "control":
            word.frame_with(document, "Statusdato").find(f"{W}sdtPr/{W}id").set(f"{W}val", value)
        else:  # a drawing's docPr
            drawing = next(
                document.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
            )
            drawing.set("id", value)

    return change


@pytest.mark.parametrize(
    "damage",
    [
        "deflate",
        *(f"{kind} {value}" for kind in ("comment", "control") for value in ("k1", "²", "9" * 5000)),
        "drawing k1",
        "drawing ²",
    ],
)
def test_a_damaged_edited_report_is_not_touched_and_the_new_one_goes_beside(
    cli: CLI, inputs: Path, out: Path, sheets: Sheets, damage: str
) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    key = "fremdrift" if damage.startswith("drawing") else "etaarsstatus"
    build(cli, inputs, out, key)
    report = out / "solbakken" / report_name(key)
    if damage == "deflate":
        word.edit(report, lambda d: word.write_after(d.body[0], "Egen tekst."))
        damage_deflate(report)
    else:
        kind, value = damage.split(" ", 1)
        word.edit(report, lambda d: word.write_after(d.body[0], "Egen tekst."))
        document = word.WordFile.open(report)  # after Word's save noise, which renumbers controls
        odd_id(kind, value)(document)
        document.save()
    before = report.read_bytes()
    set_value(sheets, "Stamdata", "Statusdato", "14.12.2018")
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = build(cli, inputs, out, key)
    assert report.read_bytes() == before
    beside = report.with_name(report.stem + " (ny).docx")
    assert beside.is_file()
    line = first_line(result)
    assert line.startswith(f"Skrev {beside}") and "kunne ikke opdateres, fordi" in line, line
