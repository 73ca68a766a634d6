"""Case 17: the same plan dropped twice, two plans at once, and two builds at once on one folder."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document
from filelock import FileLock

from assembler.living.state import STATE_NAME
from assembler.living.store import STORE_NAME
from assembler.output import reports as output
from assembler.output.reports import LOCK_NAME, sha256_of
from tests.bad_inputs.corpus import snapshot
from tests.clitext import lines_without_time
from tests.conftest import EXAMPLE, REPO
from tests.docxdump import document_text
from tests.factory import column_of, plan_sheets, write_workbook
from tests.reports import example_plan, example_reports, factory_reports, report_name

CLI = Callable[..., Result]
DOCUMENTS = factory_reports()
# A build in another process that says when it is about to take the folder's lock.
ANNOUNCING_BUILD = """
import sys
from pathlib import Path
import assembler.living.write as writer
from assembler.pipeline import build

taking = writer.locked

def announced(folder):
    print("venter på låsen", flush=True)
    return taking(folder)

writer.locked = announced
results = list(build(Path(sys.argv[1]), Path(sys.argv[2])))
print("færdig", all(r.ok for r in results), flush=True)
"""


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def folder_is_complete(folder: Path) -> None:
    """Check that a plan's folder holds exactly its reports, each recorded as written, and nothing half done."""
    assert sorted(p.name for p in folder.iterdir()) == sorted([STORE_NAME, STATE_NAME, LOCK_NAME, *DOCUMENTS])
    files = json.loads((folder / STATE_NAME).read_text("utf-8"))["files"]
    assert sorted(files) == sorted(DOCUMENTS)
    for name in DOCUMENTS:
        assert files[name]["sha256"] == sha256_of((folder / name).read_bytes())


def test_the_same_plan_twice_and_two_plans_at_once_each_get_their_folder(cli: CLI, inputs: Path, out: Path) -> None:
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    shutil.copy(inputs / "solbakken.xlsx", inputs / "solbakken - Kopi.xlsx")
    shutil.copy(EXAMPLE, inputs / "engparken.xlsx")
    reports = 2 * len(DOCUMENTS) + len(example_reports())
    # Dropped again: the unedited reports are left as they are, no copies pile up.
    for counted in (
        f"{reports} dokumenter skrevet på … sekunder.",
        f"0 dokumenter skrevet på … sekunder; {reports} uden ændringer.",
    ):
        result = cli("build", inputs, "--out", out)
        assert result.exit_code == 0, result.output
        assert "(ny)" not in result.stdout
        assert lines_without_time(result.stdout)[-2:] == ["3 af 3 helhedsplaner bygget.", counted]
    assert sorted(p.name for p in out.iterdir()) == ["engparken", "solbakken", "solbakken - Kopi"]
    for folder in ("solbakken", "solbakken - Kopi"):
        folder_is_complete(out / folder)
        assert "Helhedsplan Solbakken, Nordby Kommune" in document_text(out / folder / report_name("etaarsstatus"))
    example_report = report_name("etaarsstatus", example_plan())
    assert "Helhedsplan Solbakken" not in document_text(out / "engparken" / example_report)


def test_two_builds_started_at_once_on_one_folder_do_not_interleave(inputs: Path, out: Path) -> None:
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    command = [sys.executable, "-m", "assembler", "build", str(inputs), "--out", str(out)]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True, "env": environment()}
    builds = [subprocess.Popen(command, **pipes) for _ in range(2)]  # type: ignore[call-overload]
    for build in builds:
        stdout, stderr = build.communicate(timeout=120)
        assert build.returncode == 0, stderr
        assert "(ny)" not in stdout
    folder_is_complete(out / "solbakken")


def test_a_build_waits_for_the_folder_another_build_is_writing(inputs: Path, out: Path) -> None:
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    folder = out / "solbakken"
    folder.mkdir(parents=True)
    with FileLock(folder / LOCK_NAME):  # this process is "the other build", in the middle of writing
        build = subprocess.Popen(
            [sys.executable, "-c", ANNOUNCING_BUILD, str(inputs), str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
        )
        assert build.stdout is not None
        ready, _, _ = select.select([build.stdout], [], [], 120)
        assert ready and build.stdout.readline().strip() == "venter på låsen"
        time.sleep(0.5)
        assert sorted(p.name for p in folder.iterdir()) == [LOCK_NAME]  # it waits, writing nothing
    stdout, stderr = build.communicate(timeout=120)
    assert stdout.splitlines()[-1] == "færdig True", stderr
    folder_is_complete(folder)


def test_a_build_that_cannot_get_the_lock_in_time_says_so_and_writes_nothing(
    cli: CLI, inputs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    folder = out / "solbakken"
    folder.mkdir(parents=True)
    monkeypatch.setattr(output, "LOCK_TIMEOUT_SECONDS", 0.3)
    with FileLock(folder / LOCK_NAME):
        before = snapshot(inputs, out)
        result = cli("build", inputs, "--out", out)
        assert snapshot(inputs, out) == before
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder.as_posix()}: en anden kørsel af assembler har skrevet i solbakken i over 0 sekunder. "
        "Vent, til den er færdig, og prøv igen"
    ]


# A person in another process, with the report open as it is now, who saves it (as Word does: a new
# file renamed over it) the moment assembler starts writing in the report's folder.
SAVING_PERSON = """
import io, os, sys, time, zipfile
from pathlib import Path
report = Path(sys.argv[1])
with zipfile.ZipFile(report) as archive:
    members = {name: archive.read(name) for name in archive.namelist()}
paragraph = b'<w:p><w:r><w:t>' + sys.argv[2].encode() + b'</w:t></w:r></w:p>'
members["word/document.xml"] = members["word/document.xml"].replace(b"<w:body>", b"<w:body>" + paragraph, 1)
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
    for name, data in members.items():
        archive.writestr(name, data)
print("klar", flush=True)
while not any(n.startswith(".~assembler-") and n.endswith(".tmp") for n in os.listdir(report.parent)):
    pass
temporary = report.with_name("~WRL0001.tmp")
temporary.write_bytes(buffer.getvalue())
os.replace(temporary, report)
print("gemt", flush=True)
"""


def test_a_save_by_another_process_while_the_report_is_updated_is_never_lost(
    cli: CLI, inputs: Path, out: Path
) -> None:
    # Failure 8 of issue 19: the save landed between assembler's reading the report and replacing it.
    sheets = plan_sheets()
    write_workbook(inputs / "solbakken.xlsx", sheets)
    assert cli("build", inputs, "--out", out, "--report", "etaarsstatus").exit_code == 0
    report = out / "solbakken" / report_name("etaarsstatus")
    document = Document(str(report))
    document.add_paragraph("Skrevet i Word før opdateringen.")
    document.save(str(report))
    sheets["Budget"][2][column_of(sheets, "Budget", "Regnskab 2018")] = 130_000
    write_workbook(inputs / "solbakken.xlsx", sheets)
    saved_text = "Gemt i Word under opdateringen."
    person = subprocess.Popen(
        [sys.executable, "-c", SAVING_PERSON, str(report), saved_text], stdout=subprocess.PIPE, text=True
    )
    assert person.stdout is not None and person.stdout.readline().strip() == "klar"
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    assert result.exit_code == 0, result.output
    assert person.communicate(timeout=60)[0].strip() == "gemt"
    versions = [p.read_bytes() for p in (report.parent / "Tidligere versioner").glob("*.docx")]
    assert saved_text in document_text(report) or any(saved_text.encode() in v for v in versions)
    assert cli("build", inputs, "--out", out, "--report", "etaarsstatus").exit_code == 0
    text = document_text(report)
    assert saved_text in text and "Skrevet i Word før opdateringen." in text and "130.000" in text
