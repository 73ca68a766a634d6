"""A report is known by its document and statusår, not its file name: renamed with its person's text, or new.

Failure 7 of issue 19: correcting the referat's meeting date wrote a new referat without the
person's text and said nothing about the edited one.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

from assembler.contract import declaration as c
from assembler.living.state import STATE_NAME
from assembler.living.versions import VERSIONS_FOLDER
from assembler.wordxml import qn
from tests.clitext import lines_without_time
from tests.docxdump import document_text
from tests.factory import Sheets, header_row, plan_sheets, set_value
from tests.living.test_living import edit_xml, paragraph
from tests.reports import plan_of, report_name

CLI = Callable[..., Result]
OWN_WORDS = "Referenten tilføjer: mødet sluttede kl. 15."
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "release-a749f21"


def with_referat(sheets: Sheets, meeting: date) -> Sheets:
    """The factory's plan with the minutes of its ét-årseftersyn, held on `meeting`."""
    sheets[c.STAMDATA.name].append([c.stamdata_field("moededato_eftersyn").name, meeting])
    sheets[c.DELTAGERE.name] = [header_row(c.DELTAGERE), ["Lise Holm", "Konsulent", "Landsbyggefonden", None]]
    sheets[c.REFERAT.name] = [
        header_row(c.REFERAT),
        ["Indledning", "Mødet blev holdt i beboerhuset."],
        ["1", "Organiseringen fungerer."],
        ["3", "Økonomien er i balance."],
    ]
    return sheets


def referat_name(sheets: Sheets) -> str:
    return report_name("referat", plan_of(sheets))


def add_own_paragraph(report: Path) -> None:
    """What a referent does in Word: a paragraph of their own after the first generated part."""
    edit_xml(report, lambda root: next(root.iter(qn("w:sdt"))).addnext(paragraph(OWN_WORDS)))


def build(cli: CLI, inputs: Path, out: Path) -> Result:
    result = cli("build", inputs, "--out", out)
    assert result.exit_code == 0, result.output
    return result


def state_files(folder: Path) -> dict[str, dict[str, object]]:
    files: dict[str, dict[str, object]] = json.loads((folder / STATE_NAME).read_text("utf-8"))["files"]
    return files


@pytest.fixture
def edited_referat(cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, sheets: Sheets) -> Path:
    """A plan's referat built, then given a paragraph of the referent's own in Word."""
    write_plan(with_referat(sheets, date(2019, 3, 14)))
    build(cli, inputs, out)
    report = out / "solbakken" / referat_name(sheets)
    add_own_paragraph(report)
    return report


def test_a_corrected_meeting_date_renames_the_edited_referat_and_updates_it(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, edited_referat: Path
) -> None:
    edited = edited_referat.read_bytes()
    sheets = with_referat(plan_sheets(), date(2019, 3, 15))
    sheets[c.REFERAT.name][3][1] = "Økonomien viser et lille overskud."
    write_plan(sheets)
    result = build(cli, inputs, out)
    renamed = edited_referat.with_name(referat_name(sheets))
    assert renamed.name.endswith(" 15.3.2019.docx") and renamed.name != edited_referat.name
    assert not edited_referat.exists()
    text = document_text(renamed)
    assert OWN_WORDS in text and "15.3.2019" in text and "Økonomien viser et lille overskud." in text
    (kept,) = (edited_referat.parent / VERSIONS_FOLDER).iterdir()
    assert kept.name.startswith(f"{edited_referat.stem} (") and kept.read_bytes() == edited
    (line,) = [line for line in lines_without_time(result.stdout) if "Referat" in line]
    assert line.startswith(
        f"Opdaterede {renamed}: {edited_referat.name} hedder nu {renamed.name} (den gamle udgave ligger i "
        f"{VERSIONS_FOLDER}); "
    )
    assert not [p.name for p in renamed.parent.iterdir() if "(ny" in p.name]
    files = state_files(renamed.parent)
    assert files[renamed.name]["report"] == {"key": "referat", "year": 2018}
    assert edited_referat.name not in files


def test_an_unedited_report_with_a_new_name_is_renamed_without_a_copy(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, sheets: Sheets
) -> None:
    write_plan(with_referat(sheets, date(2019, 3, 14)))
    build(cli, inputs, out)
    first = out / "solbakken" / referat_name(sheets)
    corrected = with_referat(plan_sheets(), date(2019, 3, 15))
    write_plan(corrected)
    result = build(cli, inputs, out)
    renamed = first.with_name(referat_name(corrected))
    assert f"Opdaterede {renamed}: {first.name} hedder nu {renamed.name}" in lines_without_time(result.stdout)
    assert not first.exists() and not (first.parent / VERSIONS_FOLDER).exists()
    assert "15.3.2019" in document_text(renamed)


def test_a_changed_statusaar_makes_new_reports_and_leaves_last_year_s_alone(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, sheets: Sheets, edited_referat: Path
) -> None:
    folder = edited_referat.parent
    last_year = {p.name: p.read_bytes() for p in folder.glob("*.docx")}
    next_year = with_referat(plan_sheets(), date(2019, 3, 14))
    set_value(next_year, c.STAMDATA.name, c.stamdata_field("statusaar").name, 2019)
    # Named as last year's report (a name given in Stamdata wins), so this year's referat gets last year's name.
    next_year[c.STAMDATA.name].append([c.stamdata_field("statusrapport").name, plan_of(sheets).status_report.name])
    write_plan(next_year)
    result = build(cli, inputs, out)
    assert {name: (folder / name).read_bytes() for name in last_year} == last_year  # untouched
    new = [name for name in (report_name(key, plan_of(next_year)) for key in ("etaarsstatus", "fremdrift"))]
    assert all(name.endswith("2019.docx") and (folder / name).is_file() for name in new)
    # The referat keeps its meeting's date in its name: last year's has it, so this year's goes beside it.
    beside = edited_referat.with_name(edited_referat.stem + " (ny).docx")
    assert (
        f"Skrev {beside} – {edited_referat.name} er skrevet for statusår 2018 og er ikke rørt"
        in lines_without_time(result.stdout)
    )
    files = state_files(folder)
    assert {name: files[name]["report"]["year"] for name in last_year} == dict.fromkeys(last_year, 2018)  # type: ignore[index]
    assert {files[name]["report"]["year"] for name in new} == {2019}  # type: ignore[index]


def test_a_new_name_that_is_taken_leaves_both_files_alone_and_says_so(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, edited_referat: Path
) -> None:
    edited = edited_referat.read_bytes()
    corrected = with_referat(plan_sheets(), date(2019, 3, 15))
    taken = edited_referat.with_name(referat_name(corrected))
    taken.write_bytes(b"referentens egen fil")
    write_plan(corrected)
    result = build(cli, inputs, out)
    assert (edited_referat.read_bytes(), taken.read_bytes()) == (edited, b"referentens egen fil")
    assert (
        f"{edited_referat.name} skulle nu hedde {taken.name}, men der ligger allerede en fil med det navn; "
        f"{edited_referat.name} er ikke rørt" in result.stderr
    )
    assert taken.with_name(taken.stem + " (ny).docx").is_file()


def test_a_report_open_in_libreoffice_is_not_renamed(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, edited_referat: Path
) -> None:
    edited = edited_referat.read_bytes()
    lock = edited_referat.with_name(f".~lock.{edited_referat.name}#")
    lock.write_text(",Hanne Berg,sekretariat-pc,07.12.2026 10:14,file:///home/hanne/.config/libreoffice/4;", "utf-8")
    corrected = with_referat(plan_sheets(), date(2019, 3, 15))
    write_plan(corrected)
    result = build(cli, inputs, out)
    assert edited_referat.read_bytes() == edited
    assert not edited_referat.with_name(referat_name(corrected)).exists()
    assert (
        f"Opdaterede ikke {edited_referat}: den er åben i LibreOffice hos Hanne Berg; når den er lukket, opdaterer "
        "assembler watch den, eller I bygger igen"
    ) in lines_without_time(result.stdout)


def test_a_referat_written_by_release_a749f21_is_renamed_once_it_has_been_built(
    cli: CLI, tmp_path: Path
) -> None:
    shutil.copytree(FIXTURES / "edited", tmp_path / "release")
    inputs, out = tmp_path / "release" / "inputs", tmp_path / "release" / "outputs"
    build(cli, inputs, out)  # migrated: each report found by its name and given its identity
    book = load_workbook(inputs / "solbakken.xlsx")
    row = next(r for r in book[c.STAMDATA.name].iter_rows() if r[0].value == "Mødedato for ét-årseftersyn")
    row[1].value = date(2017, 3, 15)
    book.save(inputs / "solbakken.xlsx")
    result = build(cli, inputs, out)
    old, new = "Referat af ét-årseftersyn 14.3.2017.docx", "Referat af ét-årseftersyn 15.3.2017.docx"
    assert f"{old} hedder nu {new}" in result.stdout
    assert sorted(p.name for p in (out / "solbakken").glob("Referat*")) == [new]
