"""Reports are written atomically, and a report a person edited is never overwritten silently."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document
from docx.oxml.ns import qn

from assembler.living.state import STATE_NAME, Identity
from assembler.living.store import STORE_NAME
from assembler.living.versions import VERSIONS_FOLDER
from assembler.living.write import RenderedReport, write_living_reports
from assembler.output import atomic
from assembler.output import reports as output
from assembler.output.reports import LOCK_NAME, safe_name, sha256_of
from tests.bad_inputs.corpus import snapshot
from tests.clitext import lines_without_time
from tests.factory import plan_sheets, with_new_statusdato
from tests.reports import factory_reports, report_name

CLI = Callable[..., Result]
REPORT = report_name("etaarsstatus")
BESIDE, BESIDE_2 = (REPORT.replace(".docx", f" ({ny}).docx") for ny in ("ny", "ny 2"))


@pytest.fixture
def built(cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path) -> Path:
    """Build the factory plan once and return its output folder."""
    write_plan()
    assert cli("build", inputs, "--out", out, "--report", "etaarsstatus").exit_code == 0
    return out / "solbakken"


def edit(path: Path, text: str = "Tilføjet i Word.") -> bytes:
    """Add a paragraph and drop assembler's content controls, as a program that cannot keep them saves."""
    document = Document(str(path))
    document.add_paragraph(text)
    for sdt in list(document.element.body.iter(qn("w:sdt"))):
        for block in list(sdt.find(qn("w:sdtContent"))):
            sdt.addprevious(block)
        sdt.getparent().remove(sdt)
    document.save(str(path))
    return path.read_bytes()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~assembler-"))


def write_one(folder: Path, name: str, data: bytes) -> None:
    """Write one report with the living writer, as a build does (without a record of controls)."""
    write_living_reports(folder, {Identity("etaarsstatus", 2018): RenderedReport(name, data)}, "x")


def test_the_state_records_what_was_written(built: Path) -> None:
    state = json.loads((built / STATE_NAME).read_text("utf-8"))
    assert {name: entry["sha256"] for name, entry in state["files"].items()} == {
        REPORT: sha256_of((built / REPORT).read_bytes())
    }
    assert state["files"][REPORT]["report"] == {"key": "etaarsstatus", "year": 2018}
    assert len(state["inputs_sha256"]) == 64
    assert state["pending"] == []


def test_every_document_is_recorded(cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path) -> None:
    write_plan()
    assert cli("build", inputs, "--out", out).exit_code == 0
    state = json.loads((out / "solbakken" / STATE_NAME).read_text("utf-8"))
    assert sorted(state["files"]) == sorted(factory_reports())


def test_unedited_report_is_replaced_in_place(
    cli: CLI, built: Path, write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    write_plan(with_new_statusdato(plan_sheets()))
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    assert result.exit_code == 0
    assert sorted(p.name for p in built.iterdir()) == sorted([STORE_NAME, STATE_NAME, LOCK_NAME, REPORT])
    assert lines_without_time(result.stdout) == [
        f"Skrev {built / REPORT}",
        "1 af 1 helhedsplan bygget.",
        "1 dokument skrevet på … sekunder.",
    ]


def test_edited_report_is_kept_and_new_one_written_beside(cli: CLI, built: Path, inputs: Path, out: Path) -> None:
    edited = edit(built / REPORT)
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    assert result.exit_code == 0
    assert (built / REPORT).read_bytes() == edited
    beside = built / BESIDE
    assert beside.exists()
    assert (
        f"{REPORT} er redigeret og kunne ikke opdateres, fordi assemblers rammer om tallene er væk "
        "(fx gemt i et program, der fjerner dem); den er ikke rørt" in result.stdout
    )
    assert BESIDE in result.stdout
    # The next build replaces the unedited "(ny)" file rather than piling up copies.
    assert cli("build", inputs, "--out", out, "--report", "etaarsstatus").exit_code == 0
    assert sorted(p.name for p in built.iterdir()) == sorted([STORE_NAME, STATE_NAME, LOCK_NAME, BESIDE, REPORT])


def test_edited_beside_file_gets_a_numbered_successor(cli: CLI, built: Path, inputs: Path, out: Path) -> None:
    edit(built / REPORT)
    cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    edited_beside = edit(built / BESIDE)
    cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    assert (built / BESIDE).read_bytes() == edited_beside
    assert (built / BESIDE_2).exists()


def test_force_replaces_an_edited_report(cli: CLI, built: Path, inputs: Path, out: Path) -> None:
    edited = edit(built / REPORT)
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus", "--force")
    assert result.exit_code == 0
    assert (built / REPORT).read_bytes() != edited
    assert "Tilføjet i Word." not in "\n".join(p.text for p in Document(str(built / REPORT)).paragraphs)
    expected = [STORE_NAME, STATE_NAME, LOCK_NAME, REPORT, VERSIONS_FOLDER]
    assert sorted(p.name for p in built.iterdir()) == sorted(expected)
    assert [p.read_bytes() for p in (built / VERSIONS_FOLDER).iterdir()] == [edited]


def test_a_report_assembler_did_not_write_is_kept(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    write_plan()
    folder = out / "solbakken"
    folder.mkdir(parents=True)
    (folder / REPORT).write_bytes(b"staff's own file")
    assert cli("build", inputs, "--out", out, "--report", "etaarsstatus").exit_code == 0
    assert (folder / REPORT).read_bytes() == b"staff's own file"
    assert (folder / BESIDE).exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{ikke json", "den er beskadiget"),
        (b"[]", "den ikke har den form, assembler skriver (ikke et objekt)"),
        (
            b'{"version": 2, "files": {"Etaarsstatus 2018.docx": 1}}',
            "den ikke har den form, assembler skriver (files › Etaarsstatus 2018.docx)",
        ),
        (b'{"version": 2, "files": []}', "den ikke har den form, assembler skriver (files)"),
        (b'{"files": {}}', "den ikke har den form, assembler skriver (version)"),
        (b"\xff\xfe\x00", "den er beskadiget"),
        (b"", "den er beskadiget"),
    ],
    ids=["not json", "a list", "a number for an entry", "files as a list", "no version", "binary", "empty"],
)
def test_a_corrupt_state_keeps_every_existing_report_and_is_not_saved_over(
    cli: CLI, built: Path, inputs: Path, out: Path, content: bytes, reason: str
) -> None:
    before = (built / REPORT).read_bytes()
    (built / STATE_NAME).write_bytes(content)
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    assert result.exit_code == 0
    assert (built / REPORT).read_bytes() == before
    assert (built / BESIDE).exists()
    assert result.stderr.splitlines() == [
        f"{built.as_posix()} (advarsel): {STATE_NAME} kan ikke bruges, fordi {reason}; den er ikke ændret, og "
        "eksisterende rapporter er ikke rørt: de nye er skrevet ved siden af som »… (ny).docx«. Er den beskadiget, "
        "så slet den: så skriver assembler de nye rapporter ved siden af én gang til og opdaterer dem derefter"
    ]
    assert (built / STATE_NAME).read_bytes() == content


def test_full_disk_leaves_the_old_report_and_no_partial_file(
    cli: CLI, built: Path, write_plan: Callable[..., Path], inputs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plan(with_new_statusdato(plan_sheets()))  # so the report is written
    before = (built / REPORT).read_bytes()
    state_before = (built / STATE_NAME).read_bytes()

    def disk_full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "replace", disk_full)
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    assert result.exit_code == 1
    # The copy kept for the next update, then the state, are written first (write-ahead): there the full disk shows.
    assert result.stderr.splitlines() == [
        f"{(out / 'solbakken').as_posix()}: kunne ikke skrive assemblers kopi af det, den skriver "
        f"({STORE_NAME}): disken er fuld. Ingen rapport er ændret."
    ]
    assert (built / REPORT).read_bytes() == before
    assert (built / STATE_NAME).read_bytes() == state_before
    assert leftovers(built) == []


def test_crash_during_save_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plan"
    write_one(folder, "a.docx", b"old")

    def crash(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        write_one(folder, "a.docx", b"new")
    assert (folder / "a.docx").read_bytes() == b"old"
    assert leftovers(folder) == []
    assert json.loads((folder / STATE_NAME).read_text("utf-8"))["files"]["a.docx"]["sha256"] == sha256_of(b"old")


def test_read_only_output_folder(
    cli: CLI, built: Path, write_plan: Callable[..., Path], inputs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plan(with_new_statusdato(plan_sheets()))  # so the report is written
    before = snapshot(inputs, out)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{(out / 'solbakken').as_posix()}: kunne ikke skrive {REPORT}: der er ikke skriveadgang, eller filen er "
        f"åben i et andet program (så luk den). {REPORT} er ikke ændret."
    ]
    assert snapshot(inputs, out) == before


def test_written_reports_are_readable_by_colleagues(built: Path) -> None:
    mode = (built / REPORT).stat().st_mode & 0o777
    assert mode == 0o666 & ~atomic.current_umask()
    assert mode & 0o044  # group and others may read on a shared drive


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("engparken", "engparken"),
        ("../../x", "-..-x"),
        ("CON", "CON_"),
        ("aux.plan", "aux_.plan"),
        ("aux_.plan", "aux_.plan"),
        ("Rapport: 2024/Q1?", "Rapport- 2024-Q1-"),
        ("", "plan"),
        ("  .skjult. ", "skjult"),
    ],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_safe_name_limits_length_without_breaking_characters() -> None:
    name = safe_name("Æ" * 300)
    assert len(name.encode("utf-8")) <= 150
    assert set(name) == {"Æ"}


def test_write_atomically_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "x.bin"
    target.write_bytes(b"old")
    atomic.write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["x.bin"]


def test_safe_name_keeps_a_suffix_within_the_length_limit() -> None:
    name = safe_name("Æ" * 300, suffix=" (2)")
    assert name == "Æ" * 73 + " (2)"
    assert len(name.encode("utf-8")) <= 150
