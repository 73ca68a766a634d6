"""Case 19: a build killed after any write step; the next build behaves as if the crash never happened.

The writer ends its process at once after its N-th write step (a temporary file written, a file
renamed into place) when ASSEMBLER_CRASH_AFTER_STEP=N, like a power cut: no cleanup runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from assembler.output.atomic import CRASH_ENV, CRASH_EXIT_CODE
from assembler.output.reports import MANIFEST_NAME, sha256_of
from assembler.pipeline import FoundPlan, build, find_plans, rebuild
from tests.factory import plan_sheets, set_value, write_workbook

ETAARSSTATUS, FREMDRIFT = "Etårsstatus 2018.docx", "Fremdriftsrapport 2018.docx"
FREMDRIFT_NY = "Fremdriftsrapport 2018 (ny).docx"
REPORTS = ("etaarsstatus", "fremdrift")
# Two reports: two temporary files, the manifest (temporary, rename), two renames, the manifest again.
STEPS = 8


@pytest.fixture
def prepared(inputs: Path, out: Path) -> Path:
    """Reports from an earlier build, one edited in Word since, and a workbook changed since."""
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    assert all(r.ok for r in build(inputs, out, reports=REPORTS))
    folder = out / "solbakken"
    document = Document(str(folder / FREMDRIFT))
    document.add_paragraph("Rettet af sekretariatet.")
    document.save(str(folder / FREMDRIFT))
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Projektleder", "Ny Projektleder")
    write_workbook(inputs / "solbakken.xlsx", sheets)
    return folder


def crashed_build(inputs: Path, out: Path, step: int) -> int:
    """Run a build in a forked process that dies after write step `step`; return its exit code."""
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        code = 1
        try:
            os.environ[CRASH_ENV] = str(step)
            code = 0 if all(r.ok for r in build(inputs, out, reports=REPORTS)) else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_after_a_crash_at_any_step_the_next_build_writes_no_new_copies_and_leaves_no_temporary_files(
    prepared: Path, inputs: Path, out: Path, tmp_path: Path
) -> None:
    edited = (prepared / FREMDRIFT).read_bytes()
    pristine = tmp_path / "pristine"
    shutil.copytree(prepared, pristine)
    for step in range(1, STEPS + 2):
        shutil.rmtree(prepared)
        shutil.copytree(pristine, prepared)
        assert crashed_build(inputs, out, step) == (CRASH_EXIT_CODE if step <= STEPS else 0), step
        assert (prepared / FREMDRIFT).read_bytes() == edited, step
        (result,) = list(build(inputs, out, reports=REPORTS))
        assert result.ok, (step, result.problems)
        assert [(w.path.name, w.kept and w.kept.name) for w in result.written] == [
            (ETAARSSTATUS, None),
            (FREMDRIFT_NY, FREMDRIFT),
        ], step
        assert (prepared / FREMDRIFT).read_bytes() == edited, step
        assert files_in(prepared) == sorted(
            [".assembler-manifest.json", ".assembler.lock", ETAARSSTATUS, FREMDRIFT, FREMDRIFT_NY]
        ), step
        manifest = json.loads((prepared / MANIFEST_NAME).read_text("utf-8"))["files"]
        for name in (ETAARSSTATUS, FREMDRIFT_NY):
            assert manifest[name] == {"sha256": sha256_of((prepared / name).read_bytes())}, (step, name)


def test_the_crash_switch_works_on_the_command_line(prepared: Path, inputs: Path, out: Path) -> None:
    command = [sys.executable, "-m", "assembler", "build", str(inputs), "--out", str(out), "--report", "etaarsstatus"]
    before = (prepared / ETAARSSTATUS).read_bytes()
    killed = subprocess.run(command, env={**os.environ, CRASH_ENV: "1"}, capture_output=True, timeout=120, check=False)
    assert killed.returncode == CRASH_EXIT_CODE
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
