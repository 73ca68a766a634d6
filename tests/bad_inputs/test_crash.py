"""Case 19: a build killed after any write step; the next build behaves as if the crash never happened.

The writer ends its process at once after its N-th write step (a temporary file written, a file
renamed into place) when ASSEMBLER_CRASH_AFTER_STEP=N, like a power cut: no cleanup runs. On the
command line that process is a build's worker, which the batch survives (see test_workers.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from assembler.batch import Died, describe_stopped
from assembler.documents import DOCUMENTS
from assembler.living.state import STATE_NAME
from assembler.output.atomic import CRASH_ENV, CRASH_EXIT_CODE
from assembler.output.reports import sha256_of
from assembler.pipeline import FoundPlan, build, build_plan, find_plans, rebuild
from tests.docxdump import document_text
from tests.factory import plan_sheets, write_workbook
from tests.living.test_renames import OWN_WORDS, add_own_paragraph, with_referat
from tests.reports import plan_of, report_name

ETAARSSTATUS, FREMDRIFT = report_name("etaarsstatus"), report_name("fremdrift")
REPORTS = ("etaarsstatus", "fremdrift")
STAFF_TEXT = "Rettet af sekretariatet."


@pytest.fixture
def prepared(inputs: Path, out: Path) -> Path:
    """Reports from an earlier build, one edited in Word since, and a workbook changed since."""
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    assert all(r.ok for r in build(inputs, out, reports=REPORTS))
    folder = out / "solbakken"
    document = Document(str(folder / FREMDRIFT))
    document.add_paragraph(STAFF_TEXT)
    document.save(str(folder / FREMDRIFT))
    sheets = plan_sheets()
    sheets["Fremdrift"][1][5] = 9  # a Resultat corrected since: the edited fremdriftsrapport gets the new figure
    write_workbook(inputs / "solbakken.xlsx", sheets)
    return folder


def crashed_build(inputs: Path, out: Path, step: int, reports: tuple[str, ...] = REPORTS) -> int:
    """Run a plan's build in a forked process that dies after write step `step`; return its exit code."""
    ((source, folder),) = find_plans(inputs, out)
    documents = [spec for spec in DOCUMENTS if spec.key in reports]
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        code = 1
        try:
            os.environ[CRASH_ENV] = str(step)
            code = 0 if build_plan(source, out, folder_name=folder, documents=documents).ok else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def crash_at_every_step(
    folder: Path, inputs: Path, out: Path, reports: tuple[str, ...], outcome: Callable[[Path], object]
) -> int:
    """Crash a build after each of its write steps in turn, build again, and check the outcome is the uncrashed one.

    Return the number of write steps. After each, the state must hold no pending change and record every
    report with the bytes it has.
    """
    pristine = folder.with_name(folder.name + " (før)")
    shutil.copytree(folder, pristine)
    (uncrashed,) = list(build(inputs, out, reports=reports))
    assert uncrashed.ok
    expected = outcome(folder)
    step = 0
    while True:
        step += 1
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        code = crashed_build(inputs, out, step, reports)
        if code == 0:
            return step
        assert code == CRASH_EXIT_CODE, step
        (result,) = list(build(inputs, out, reports=reports))
        assert result.ok, (step, result.problems)
        assert outcome(folder) == expected, step
        state = json.loads((folder / STATE_NAME).read_text("utf-8"))
        assert state["pending"] == [], step
        for name, entry in state["files"].items():
            assert entry["sha256"] == sha256_of((folder / name).read_bytes()), (step, name)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def outcome(folder: Path) -> tuple[list[str], str, str, int]:
    """The files of a plan's folder, the text of both reports and the number of Word comments."""
    with zipfile.ZipFile(folder / FREMDRIFT) as archive:
        names = archive.namelist()
        comments = archive.read("word/comments.xml").count(b"<w:comment ") if "word/comments.xml" in names else 0
    return files_in(folder), document_text(folder / ETAARSSTATUS), document_text(folder / FREMDRIFT), comments


def test_after_a_crash_at_any_step_the_next_build_ends_as_if_it_never_happened(
    prepared: Path, inputs: Path, out: Path
) -> None:
    steps = crash_at_every_step(prepared, inputs, out, REPORTS, outcome)
    files, _, fremdrift, comments = outcome(prepared)
    assert STAFF_TEXT in fremdrift and comments == 0 and not any(name.endswith("(ny).docx") for name in files)
    assert steps > 8  # every write step of both reports, their kept copy and the state was crashed


def test_after_a_crash_at_any_step_of_a_rename_the_next_build_ends_as_if_it_never_happened(
    inputs: Path, out: Path
) -> None:
    write_workbook(inputs / "solbakken.xlsx", with_referat(plan_sheets(), date(2019, 3, 14)))
    assert all(r.ok for r in build(inputs, out, reports=("referat",)))
    folder = out / "solbakken"
    (edited,) = folder.glob("Referat*.docx")
    add_own_paragraph(edited)
    corrected = with_referat(plan_sheets(), date(2019, 3, 15))
    write_workbook(inputs / "solbakken.xlsx", corrected)
    new_name = report_name("referat", plan_of(corrected))

    def renamed(folder: Path) -> tuple[list[str], str]:
        return files_in(folder), document_text(folder / new_name)

    steps = crash_at_every_step(folder, inputs, out, ("referat",), renamed)
    files, text = renamed(folder)
    assert OWN_WORDS in text and edited.name not in files
    assert steps > 5  # the copy kept, the report staged, the state, the rename, the replacement, the state


def test_the_crash_switch_works_on_the_command_line(prepared: Path, inputs: Path, out: Path) -> None:
    command = [sys.executable, "-m", "assembler", "build", str(inputs), "--out", str(out), "--report", "etaarsstatus"]
    before = (prepared / ETAARSSTATUS).read_bytes()
    killed = subprocess.run(
        command, env={**os.environ, CRASH_ENV: "1"}, capture_output=True, timeout=120, check=False, text=True
    )
    # The worker building the plan died twice (tried again once); the batch says so and goes on.
    assert (killed.returncode, killed.stderr) == (1, f"solbakken.xlsx: {describe_stopped(Died())}\n")
    assert [p.name for p in prepared.iterdir() if p.name.startswith(".~assembler-")] != []  # what a crash leaves
    assert (prepared / ETAARSSTATUS).read_bytes() == before
    again = subprocess.run(command, capture_output=True, timeout=120, check=False, text=True)
    assert (again.returncode, again.stderr) == (0, "")
    assert [p.name for p in prepared.iterdir() if p.name.startswith(".~assembler-")] == []


def test_a_crash_while_writing_fejl_txt_leaves_nothing_the_next_build_does_not_clean_up(
    inputs: Path, out: Path
) -> None:
    (inputs / "solbakken.xlsx").write_bytes(b"")
    ((source, folder),) = find_plans(inputs)
    pid = os.fork()
    if pid == 0:
        try:
            os.environ[CRASH_ENV] = "1"  # after FEJL.txt's temporary file is written, before its rename
            rebuild(FoundPlan(source, folder), out)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == CRASH_EXIT_CODE
    assert [p.name.startswith(".~assembler-") for p in (out / folder).iterdir() if p.name != ".assembler.lock"] == [
        True
    ]
    assert not rebuild(FoundPlan(source, folder), out).ok
    assert files_in(out / folder) == [".assembler.lock", "FEJL.txt"]
