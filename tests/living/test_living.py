"""A rebuild updates the figures in a report a person has edited, and keeps every word they wrote."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document
from lxml import etree
from openxml_audit import OpenXmlValidator

from assembler.living.notes import EMPTY_FRAME
from assembler.living.owners import owner_name
from assembler.living.state import STATE_NAME
from assembler.living.versions import VERSIONS_FOLDER, keep_version
from assembler.render.marking import mark_template_body
from assembler.wordxml import W
from tests.clitext import lines_without_time
from tests.docxdump import charts, dump
from tests.factory import Sheets, column_of, set_value
from tests.reports import report_name
from tests.test_libreoffice import convert, needs_soffice, pdf_text

CLI = Callable[..., Result]
REPORT = report_name("etaarsstatus")
STEM = REPORT.removesuffix(".docx")


def build(cli: CLI, inputs: Path, out: Path, *options: str) -> Result:
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus", *options)
    assert result.exit_code == 0, result.output
    return result


def edit_xml(path: Path, change: Callable[[etree._Element], None]) -> None:
    """Change a document's body as Word would save it: the XML edited, every part written again."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(members["word/document.xml"])
    change(root)
    members["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def control(root: etree._Element, name: str) -> etree._Element:
    """Return the first of assembler's controls showing a field (its tag without the block's number)."""
    tags = root.iter(f"{W}tag")
    return next(t.getparent().getparent() for t in tags if t.get(f"{W}val").partition("#")[0] == f"assembler:{name}")


def paragraph(text: str, style: str | None = None) -> etree._Element:
    p = etree.Element(f"{W}p")
    if style:
        etree.SubElement(etree.SubElement(p, f"{W}pPr"), f"{W}pStyle").set(f"{W}val", style)
    etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}t").text = text
    return p


def ooxml_errors(path: Path) -> list[str]:
    """What the Open XML SDK's checks (as openxml-audit ports them) find wrong in a document."""
    found = [f"{e.part_uri} {e.path}: {e.description}" for e in OpenXmlValidator().validate(str(path)).errors]
    # python-docx's add_comment, standing in for Word in these tests, uses Word's CommentReference
    # style without defining it (Word adds the style with the first comment a person writes).
    return [e for e in found if "Style 'CommentReference' referenced but not defined" not in e]


def set_text(sdt: etree._Element, text: str) -> None:
    texts = list(sdt.iter(f"{W}t"))
    texts[0].text = text
    for other in texts[1:]:
        other.text = ""


def staff_edits(root: etree._Element) -> None:
    """What a person does in Word: writes, rewords, restyles and deletes."""
    control(root, "plan.boligomraader").addnext(paragraph("Vores egen indledning."))
    placeholder = control(root, "punkter.p2.har_tekst")
    set_text(placeholder, "Styregruppen mødes nu hver måned.")
    placeholder.find(f"{W}sdtPr/{W}showingPlcHdr").getparent().remove(placeholder.find(f"{W}sdtPr/{W}showingPlcHdr"))
    heading = next(p for p in root.iter(f"{W}p") if "".join(p.itertext()) == "Ændringer ift. bestyrelse:")
    heading.find(f"{W}pPr/{W}pStyle").set(f"{W}val", "Heading1")
    set_text(control(root, "plan.statusdato"), "Status opgjort den 9. december 2018 af sekretariatet.")
    table = control(root, "bestyrelse.deltagere")
    table.getparent().remove(table)
    # What Word adds on saving without changing the text: still assembler's, so it is updated.
    untouched = control(root, "oekonomi.statusaar.poster_over_budget").find(f"{W}sdtContent/{W}p")
    untouched.set(f"{W}rsidR", "00A1B2C3")
    untouched.insert(
        1 if untouched.find(f"{W}pPr") is not None else 0, etree.Element(f"{W}proofErr", {f"{W}type": "spellStart"})
    )
    language = etree.SubElement(etree.Element(f"{W}rPr"), f"{W}lang", {f"{W}val": "da-DK"}).getparent()
    untouched.find(f"{W}r").insert(0, language)


def new_figures(sheets: Sheets) -> Sheets:
    """The workbook a week later: a corrected accounts figure, a new meeting, a new status date."""
    budget = sheets["Budget"]
    budget[2][column_of(sheets, "Budget", "Regnskab 2018")] = 130_000
    sheets["Møder"].append([date(2018, 11, 20), "Temamøde", None])
    set_value(sheets, "Stamdata", "Statusdato", "14.12.2018")
    return sheets


@pytest.fixture
def edited(cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, sheets: Sheets) -> Path:
    """A report built, then edited in Word, with the workbook's figures changed since."""
    write_plan(sheets)
    build(cli, inputs, out)
    report = out / "solbakken" / REPORT
    edit_xml(report, staff_edits)
    document = Document(str(report))
    commented = next(p for p in document.paragraphs if p.text == "Vores egen indledning.")
    document.add_comment(commented.runs, "Husk at læse korrektur.", author="Hanne Berg", initials="HB")
    document.save(str(report))
    write_plan(new_figures(sheets))
    return report


def test_rebuild_updates_figures_and_keeps_every_staff_edit(cli: CLI, inputs: Path, out: Path, edited: Path) -> None:
    result = build(cli, inputs, out)
    assert lines_without_time(result.stdout)[0] == (
        f"Opdaterede {edited}: 2 felter ændret, jeres tekst bevaret; 1 nyt afsnit indsat; "
        "1 felt, som I har rettet, er ikke opdateret (se kommentaren i dokumentet)"
    )
    text = dump(edited)
    lines = text.splitlines()
    # The person's paragraph sits where they put it, their placeholder text and restyle are kept.
    assert lines[lines.index("[Normal] Boligområder: Solbakken") + 1] == "[Normal] Vores egen indledning."
    assert "[Normal] «Styregruppen mødes nu hver måned.»" in lines
    assert "[Heading 1] Ændringer ift. bestyrelse:" in lines
    # Their reworded sentence is kept, the deleted table stays deleted, the new meeting is in its place.
    assert "[Normal] Status opgjort den 9. december 2018 af sekretariatet." in lines
    assert "| Navn | Titel | Organisation |" not in lines
    meetings = [line for line in lines if line.startswith("[List Bullet] ") and "2018 –" in line]
    assert meetings[-1] == "[List Bullet] 20. november 2018 – Temamøde"
    assert "130.000" in text
    document = Document(str(edited))
    comments = {c.author: c.text for c in document.comments}
    assert comments == {
        "Hanne Berg": "Husk at læse korrektur.",
        "assembler": "Projektmappen giver nu: »Statusdato: 14. december 2018« (før: »Statusdato: 9. december 2018«). "
        f"Ændret: »9.« → »14.«. {EMPTY_FRAME}",
    }
    with zipfile.ZipFile(edited) as archive:
        ids = [i.get(f"{W}val") for i in etree.fromstring(archive.read("word/document.xml")).iter(f"{W}id")]
    assert len(ids) == len(set(ids)) > 30  # every control has its own w:id, as Word demands
    versions = list((edited.parent / VERSIONS_FOLDER).iterdir())
    assert [v.name.startswith(f"{STEM} (") for v in versions] == [True]
    assert ooxml_errors(edited) == []  # opens in Word without repair: controls, comments and their parts


def test_a_third_build_without_changes_leaves_the_file_byte_identical(
    cli: CLI, inputs: Path, out: Path, edited: Path
) -> None:
    build(cli, inputs, out)
    updated = edited.read_bytes()
    result = build(cli, inputs, out)
    assert edited.read_bytes() == updated
    assert lines_without_time(result.stdout)[0] == (
        f"Ingen ændringer i {edited}: ingen nye tal fra projektmappen, og jeres tekst er urørt"
    )


def test_tracked_changes_mark_the_update_for_review(cli: CLI, inputs: Path, out: Path, edited: Path) -> None:
    build(cli, inputs, out, "--spor-ændringer")
    with zipfile.ZipFile(edited) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    inserted = [e for e in body.iter(f"{W}ins") if e.get(f"{W}author") == "assembler"]
    deleted = [e for e in body.iter(f"{W}del") if e.get(f"{W}author") == "assembler"]
    assert inserted and deleted
    assert "120.000" in "".join(t.text or "" for d in deleted for t in d.iter(f"{W}delText"))
    assert "130.000" in "".join(t.text or "" for i in inserted for t in i.iter(f"{W}t"))
    assert "Vores egen indledning." in dump(edited)
    assert ooxml_errors(edited) == []
    tracked = edited.read_bytes()
    build(cli, inputs, out, "--spor-ændringer")  # the changes not yet reviewed are not made twice
    assert edited.read_bytes() == tracked


def accepted_text(path: Path) -> str:
    """The document's text after Word's Accept All: deletions gone, insertions kept."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    for row in list(body.iter(f"{W}tr")):
        if row.find(f"{W}trPr/{W}del") is not None:
            row.getparent().remove(row)
    for deleted in list(body.iter(f"{W}del")):
        if deleted.getparent().tag not in (f"{W}rPr", f"{W}trPr"):
            deleted.getparent().remove(deleted)
    return "".join(t.text or "" for t in body.iter(f"{W}t"))


def test_two_tracked_updates_leave_only_the_newest_value_once_accepted(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, sheets: Sheets, edited: Path
) -> None:
    build(cli, inputs, out, "--spor-ændringer")
    assert "130.000" in accepted_text(edited)
    for area in ("Nordbakken", "Sydbakken"):  # changed twice, the update between not accepted
        set_value(sheets, "Stamdata", "Boligområder", area)
        write_plan(sheets)
        build(cli, inputs, out, "--spor-ændringer")
    text = accepted_text(edited)
    assert "Boligområder: Sydbakken" in text
    assert "Nordbakken" not in text
    assert "Vores egen indledning." in text
    assert ooxml_errors(edited) == []


@pytest.mark.parametrize(
    ("body", "marked"),
    [
        ("<w:p><w:r><w:t>{{ plan.navn }}</w:t></w:r></w:p>", True),
        ("<w:p><w:r><w:t>Fast tekst</w:t></w:r></w:p>", False),
        ("<w:p><w:r><w:t>{% if a %}x</w:t></w:r></w:p><w:p><w:r><w:t>{% endif %}</w:t></w:r></w:p>", False),
    ],
    ids=["a value", "the template's own text", "a Jinja block across paragraphs"],
)
def test_a_template_is_marked_only_where_its_blocks_nest_with_its_paragraphs(body: str, marked: bool) -> None:
    xml = f'<w:body xmlns:w="{W[1:-1]}">{body}</w:body>'
    assert ("<w:sdt>" in mark_template_body(xml)) is marked


def test_a_report_without_markings_is_not_touched_and_the_new_one_goes_beside(
    cli: CLI, inputs: Path, out: Path, edited: Path
) -> None:
    def unwrap(root: etree._Element) -> None:  # as a program that drops content controls saves it
        for sdt in list(root.iter(f"{W}sdt")):
            content = sdt.find(f"{W}sdtContent")
            for block in list(content):
                sdt.addprevious(block)
            sdt.getparent().remove(sdt)

    edit_xml(edited, unwrap)
    before = edited.read_bytes()
    result = build(cli, inputs, out)
    assert edited.read_bytes() == before
    assert lines_without_time(result.stdout)[0] == (
        f"Skrev {edited.with_name(f'{STEM} (ny).docx')} – {REPORT} er redigeret og kunne ikke opdateres, "
        "fordi assemblers rammer om tallene er væk (fx gemt i et program, der fjerner dem); den er ikke rørt"
    )


def test_a_report_open_in_word_is_not_touched(cli: CLI, inputs: Path, out: Path, edited: Path) -> None:
    before = edited.read_bytes()
    edited.with_name(f"~${REPORT[2:]}").write_bytes(b"\x0aHanne Berg" + b" " * 150)
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    assert result.exit_code == 0
    assert edited.read_bytes() == before
    assert lines_without_time(result.stdout)[0] == (
        f"Opdaterede ikke {edited}: den er åben i Word hos Hanne Berg; når den er lukket, opdaterer "
        "assembler watch den, eller I bygger igen"
    )


def test_force_rebuilds_from_the_template_after_keeping_the_edited_file(
    cli: CLI, inputs: Path, out: Path, edited: Path
) -> None:
    before = edited.read_bytes()
    build(cli, inputs, out, "--force")
    assert "Vores egen indledning." not in dump(edited)
    (kept,) = (edited.parent / VERSIONS_FOLDER).iterdir()
    assert kept.read_bytes() == before


def test_force_keeps_the_edited_file_also_when_the_state_is_corrupt(
    cli: CLI, inputs: Path, out: Path, edited: Path
) -> None:
    before = edited.read_bytes()
    (edited.parent / STATE_NAME).write_text("{ikke json", "utf-8")
    build(cli, inputs, out, "--force")
    assert "Vores egen indledning." not in dump(edited)
    (kept,) = (edited.parent / VERSIONS_FOLDER).iterdir()
    assert kept.read_bytes() == before


def test_a_report_updated_in_place_is_copied_before_an_overwrite_when_its_record_is_lost(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, sheets: Sheets, edited: Path
) -> None:
    build(cli, inputs, out)  # updated in place: the person's text is in it, the state has its hash
    updated = edited.read_bytes()
    state = json.loads((edited.parent / STATE_NAME).read_text("utf-8"))
    # As migrated from release a749f21 without its record file: neither its controls nor the update are known.
    state["files"][REPORT].update({"merge": None, "in_place": False})
    (edited.parent / STATE_NAME).write_text(json.dumps(state), "utf-8")
    set_value(sheets, "Stamdata", "Boligområder", "Nordbakken")
    write_plan(sheets)
    build(cli, inputs, out)
    kept = [v.read_bytes() for v in (edited.parent / VERSIONS_FOLDER).iterdir()]
    assert updated in kept


def test_an_unreadable_state_file_is_not_saved_over_and_the_edited_report_is_not_touched(
    cli: CLI, inputs: Path, out: Path, edited: Path
) -> None:
    before = edited.read_bytes()
    state = edited.parent / STATE_NAME
    state.write_text('{"version": 2, "files": {"Andet.docx": ', "utf-8")  # cut off: another report's entry in it
    result = build(cli, inputs, out)
    assert edited.read_bytes() == before
    assert edited.with_name(f"{STEM} (ny).docx").is_file()
    assert state.read_text("utf-8") == '{"version": 2, "files": {"Andet.docx": '
    assert f"{STATE_NAME} kan ikke bruges, fordi den er beskadiget; den er ikke ændret" in result.stderr


def test_only_the_last_ten_versions_are_kept(tmp_path: Path) -> None:
    own = tmp_path / VERSIONS_FOLDER / f"{STEM} (min endelige udgave).docx"
    own.parent.mkdir()
    own.write_bytes(b"mine")
    for number in range(12):
        keep_version(tmp_path, REPORT, bytes([number]))
    kept = sorted(p for p in (tmp_path / VERSIONS_FOLDER).iterdir() if p != own)
    assert len(kept) == 10
    assert {k.read_bytes() for k in kept} == {bytes([n]) for n in range(2, 12)}
    assert own.read_bytes() == b"mine"  # a person's own file there is not a kept version to prune


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x0aHanne Berg" + b" " * 40, "Hanne Berg"),
        (b"\x03\xc5se" + b"\x00" * 51 + "Åse".encode("utf-16-le"), "Åse"),
        (b"", "en anden"),
    ],
)
def test_owner_name(data: bytes, expected: str) -> None:
    assert owner_name(data) == expected


@needs_soffice
def test_libreoffice_prints_the_update_and_keeps_its_tracked_changes(
    cli: CLI, inputs: Path, out: Path, edited: Path, tmp_path: Path
) -> None:
    build(cli, inputs, out, "--spor-ændringer")
    (pdf,) = convert([edited], tmp_path, "pdf")
    text = pdf_text(pdf)
    assert "130.000" in text and "Vores egen indledning." in text and "20. november 2018" in text
    assert "Status opgjort den 9. december 2018 af sekretariatet." in text
    # Saved again by LibreOffice, the changes are still changes by assembler: it read them as such.
    (resaved,) = convert([edited], tmp_path / "resaved", "docx")
    with zipfile.ZipFile(resaved) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    assert {e.get(f"{W}author") for e in body.iter(f"{W}ins", f"{W}del")} == {"assembler"}
    assert "120.000" in "".join(t.text or "" for t in body.iter(f"{W}delText"))


@needs_soffice
def test_a_report_saved_by_libreoffice_falls_back_to_a_new_file_beside(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, tmp_path: Path
) -> None:
    write_plan()
    build(cli, inputs, out)
    report = out / "solbakken" / REPORT
    (resaved,) = convert([report], tmp_path / "resaved", "docx")
    report.write_bytes(resaved.read_bytes())
    result = build(cli, inputs, out)
    assert report.read_bytes() == resaved.read_bytes()
    assert "kunne ikke opdateres, fordi assemblers rammer om tallene er væk" in result.stdout


def test_a_chart_is_replaced_whole_with_its_data(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, sheets: Sheets, tmp_path: Path
) -> None:
    write_plan(sheets)
    assert cli("build", inputs, "--out", out, "--report", "fremdrift").exit_code == 0
    report = out / "solbakken" / report_name("fremdrift")
    edit_xml(report, lambda root: next(root.iter(f"{W}sdt")).addnext(paragraph("Skrevet i Word.")))
    before = charts(report)
    status = column_of(sheets, "Fremdrift", "Status")
    sheets["Fremdrift"][4][status] = "Gennemført"  # the Fædreprojekt is done after all
    write_plan(sheets)
    result = cli("build", inputs, "--out", out, "--report", "fremdrift")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Opdaterede {report}: ")
    after = charts(report)
    assert len(after) == len(before) and after != before
    assert cli("build", inputs, "--out", tmp_path / "fresh", "--report", "fremdrift").exit_code == 0
    assert [c.series for c in after] == [c.series for c in charts(tmp_path / "fresh" / "solbakken" / report.name)]
    assert "Skrevet i Word." in dump(report)
    with zipfile.ZipFile(report) as archive:
        names = archive.namelist()
    assert len([n for n in names if n.startswith("word/charts/chart")]) == len(after)  # the old charts are gone


def test_a_report_with_a_broken_part_is_not_touched(cli: CLI, inputs: Path, out: Path, edited: Path) -> None:
    with zipfile.ZipFile(edited) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/comments.xml"] = b"<w:comments"  # cut short
    with zipfile.ZipFile(edited, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    before = edited.read_bytes()
    result = build(cli, inputs, out)
    assert edited.read_bytes() == before
    assert "kunne ikke opdateres, fordi den ikke kan læses som et Word-dokument" in result.stdout
