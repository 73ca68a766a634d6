"""No save is lost: a report saved while it is updated is kept, and a report open in a program is left alone.

Failure 8 of issue 19: with `watch` running, a person saving the report while it was updated lost
about one save per update; LibreOffice's lock file '.~lock.…#' did not count as open.

The person's save is made at the worst moment there is: the instant assembler first touches the
report to put its new version in place (the file system calls below are wrapped to save first).
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from lxml import etree

from assembler.app.watch import PlanState, Watcher, WatchOptions, owner_files
from assembler.living.owners import lock_name, who_has_open
from assembler.living.state import STATE_NAME
from assembler.living.versions import VERSIONS_FOLDER
from assembler.living.write import SAVED_AGAIN, SAVED_ONCE
from assembler.output.reports import sha256_of
from assembler.pipeline import find_plans
from assembler.wordxml import qn
from tests.clitext import lines_without_time
from tests.docxdump import dump
from tests.factory import plan_sheets, with_new_statusdato
from tests.living import test_living
from tests.living.test_living import REPORT, build, paragraph

CLI = Callable[..., Result]
edited = test_living.edited  # the fixture: a report built, edited in Word, its workbook changed since
SAVED_TEXT = "Gemt i Word, mens assembler opdaterede rapporten."
NEW_FIGURE = "20. november 2018 – Temamøde"  # the new meeting the workbook of the `edited` fixture gives


def save_as_a_person(report: Path, text: str, rename: Callable[[str, str], None]) -> bytes:
    """Save a report as Word does: a paragraph added, the file written beside and renamed over it."""
    with zipfile.ZipFile(report) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(members["word/document.xml"])
    root.find(qn("w:body")).insert(0, paragraph(text))
    members["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    temporary = report.with_name(f"~WRL{len(text):04}.tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    rename(str(temporary), str(report))
    return report.read_bytes()


class Saves:
    """The person's saves, kept as files: the build that makes them runs in a worker process (a fork)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir()

    def add(self, data: bytes) -> None:
        (self.folder / f"{len(self):04}.docx").write_bytes(data)

    def __len__(self) -> int:
        return len(list(self.folder.iterdir()))

    def __getitem__(self, number: int) -> bytes:
        return sorted(self.folder.iterdir())[number].read_bytes()


@pytest.fixture
def saves_while_updated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Callable[[Path, int], Saves]]:
    """Make a person save a report each time assembler is about to put a file in its place (up to `times`).

    The wrapped calls are inherited by the worker process a build forks, so the saves happen there.
    """
    real = {name: getattr(os, name) for name in ("rename", "replace", "link")}

    def arrange(report: Path, times: int) -> Saves:
        saved = Saves(tmp_path / "saves")

        def touching(name: str) -> Callable[[str, str], None]:
            def call(source: str, target: str) -> None:
                source, target = os.fspath(source), os.fspath(target)
                takes = source == str(report) or (target == str(report) and ".~assembler-" in source)
                if takes and len(saved) < times and ".~assembler-held-" not in source:
                    saved.add(save_as_a_person(report, f"{SAVED_TEXT} ({len(saved) + 1})", real["replace"]))
                real[name](source, target)

            return call

        for name in real:
            monkeypatch.setattr(os, name, touching(name))
        return saved

    yield arrange


def test_a_save_while_an_edited_report_is_updated_is_updated_in_turn(
    cli: CLI, inputs: Path, out: Path, edited: Path, saves_while_updated: Callable[[Path, int], Saves]
) -> None:
    saved = saves_while_updated(edited, 1)
    result = build(cli, inputs, out)
    assert len(saved) == 1
    text = dump(edited)
    assert f"{SAVED_TEXT} (1)" in text and NEW_FIGURE in text and "Vores egen indledning." in text
    assert saved[0] in [p.read_bytes() for p in (edited.parent / VERSIONS_FOLDER).iterdir()]
    (line,) = [line for line in lines_without_time(result.stdout) if REPORT in line]
    assert line.startswith(f"Opdaterede {edited}: ") and line.endswith(f"; {SAVED_ONCE}")


def test_a_report_saved_again_during_the_second_try_is_left_as_saved_and_updated_next_time(
    cli: CLI, inputs: Path, out: Path, edited: Path, saves_while_updated: Callable[[Path, int], Saves]
) -> None:
    saved = saves_while_updated(edited, 2)
    result = build(cli, inputs, out)
    assert len(saved) == 2
    assert edited.read_bytes() == saved[1]
    assert f"Opdaterede ikke {edited}: {SAVED_AGAIN}" in lines_without_time(result.stdout)
    assert f"{SAVED_TEXT} (2)" in dump(edited) and NEW_FIGURE not in dump(edited)
    build(cli, inputs, out)  # the next build: nothing saved meanwhile
    text = dump(edited)
    assert f"{SAVED_TEXT} (2)" in text and NEW_FIGURE in text


def test_a_first_save_of_an_unedited_report_during_its_rebuild_is_kept(
    cli: CLI,
    write_plan: Callable[..., Path],
    inputs: Path,
    out: Path,
    saves_while_updated: Callable[[Path, int], Saves],
) -> None:
    write_plan()
    build(cli, inputs, out)
    report = out / "solbakken" / REPORT
    write_plan(with_new_statusdato(plan_sheets()))  # so the report is written
    saves_while_updated(report, 1)
    result = build(cli, inputs, out)
    assert f"{SAVED_TEXT} (1)" in dump(report) and "14. december 2018" in dump(report)
    (line,) = [line for line in lines_without_time(result.stdout) if REPORT in line]
    assert line == f"Opdaterede {report}: 1 felt ændret, jeres tekst bevaret; {SAVED_ONCE}"


def test_a_report_open_in_libreoffice_is_not_touched(cli: CLI, inputs: Path, out: Path, edited: Path) -> None:
    before = edited.read_bytes()
    lock = edited.with_name(f".~lock.{REPORT}#")
    lock.write_text(",jonas,sekretariat-pc,07.12.2026 10:14,file:///home/jonas/.config/libreoffice/4;", "utf-8")
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    assert result.exit_code == 0
    assert edited.read_bytes() == before
    assert lines_without_time(result.stdout)[0] == (
        f"Opdaterede ikke {edited}: den er åben i LibreOffice hos jonas; når den er lukket, opdaterer "
        "assembler watch den, eller I bygger igen"
    )
    assert result.stderr == ""
    assert owner_files(edited.parent) == (lock,)  # the watcher builds it again once the lock file is gone


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Hanne Berg,hanne,pc-7,07.12.2026 10:14,file:///home/hanne/.config/libreoffice/4;", "Hanne Berg"),
        (",hanne,pc-7,07.12.2026 10:14,file:///home/hanne/.config/libreoffice/4;", "hanne"),
        ("Berg\\, Hanne,hanne,pc-7,07.12.2026 10:14,file:///x;", "Berg, Hanne"),
        ("Åse Ø,åse,pc,07.12.2026 10:14,file:///x;", "Åse Ø"),
        ("", "en anden"),
        ("\x1b[2J,\x07,pc,tid,file:///x;", "en anden"),
    ],
    ids=["name", "only the system user", "an escaped comma", "Danish letters", "empty", "control characters"],
)
def test_lock_name(content: str, expected: str) -> None:
    assert lock_name(content.encode("utf-8")) == expected


def test_word_s_owner_file_and_libreoffice_s_lock_file_both_count_as_open(tmp_path: Path) -> None:
    report = tmp_path / REPORT
    report.write_bytes(b"x")
    assert who_has_open(report) is None
    (tmp_path / f".~lock.{REPORT}#").write_text("Jonas Riis,jonas,pc,tid,file:///x;", "utf-8")
    holder = who_has_open(report)
    assert holder is not None and (holder.program, holder.person) == ("LibreOffice", "Jonas Riis")
    (tmp_path / f"~${REPORT[2:]}").write_bytes(b"\x0aHanne Berg" + b" " * 150)
    holder = who_has_open(report)
    assert holder is not None and (holder.program, holder.person) == ("Word", "Hanne Berg")


def test_the_state_never_records_bytes_assembler_did_not_write(
    cli: CLI, inputs: Path, out: Path, edited: Path, saves_while_updated: Callable[[Path, int], Saves]
) -> None:
    saved = saves_while_updated(edited, 2)
    build(cli, inputs, out)
    state = (edited.parent / STATE_NAME).read_text("utf-8")
    assert sha256_of(saved[1]) not in state  # the person's save is theirs: the next build sees it as edited


def test_the_watcher_builds_again_a_report_left_as_a_person_saved_it(
    inputs: Path,
    out: Path,
    edited: Path,
    saves_while_updated: Callable[[Path, int], Saves],
    caplog: pytest.LogCaptureFixture,
) -> None:
    saves_while_updated(edited, 2)
    ((source, folder),) = find_plans(inputs, out)
    watcher = Watcher(WatchOptions(inputs, out, quiet_seconds=0), logging.getLogger("assembler-test"))
    state = watcher.states[source.path.name] = PlanState(built_hash="")
    with watcher.workers, caplog.at_level(logging.INFO, logger="assembler-test"):  # its worker ends with the test
        watcher.build(source, folder, state)
        assert state.saved_meanwhile and NEW_FIGURE not in dump(edited)
        assert watcher.settle(source.path.name, source, folder)  # built again at once: nobody saves meanwhile now
    assert not state.saved_meanwhile
    assert f"{SAVED_TEXT} (2)" in dump(edited) and NEW_FIGURE in dump(edited)
    first, second = (record.getMessage() for record in caplog.records)
    assert f"opdaterede ikke {REPORT} ({SAVED_AGAIN})" in first and f"opdaterede {REPORT} (" in second
