"""Case 16: an edited, foreign or unwritable output never loses a file (more in tests/output/test_output.py)."""

from __future__ import annotations

import errno
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document

from assembler.living.state import STATE_NAME
from assembler.living.store import STORE_NAME, is_digest
from assembler.output import reports as output
from assembler.output.reports import LOCK_NAME, sha256_of
from assembler.pipeline import build_plan, find_plans
from tests.bad_inputs.corpus import snapshot
from tests.factory import plan_sheets, with_new_statusdato, write_workbook
from tests.reports import factory_reports, report_name

CLI = Callable[..., Result]
ETAARSSTATUS, FREMDRIFT = report_name("etaarsstatus"), report_name("fremdrift")
# The reports the tests below leave as assembler wrote them (the økonomioversigt among them).
UNTOUCHED = [name for name in factory_reports() if name not in (ETAARSSTATUS, FREMDRIFT)]


@pytest.fixture
def folder(cli: CLI, inputs: Path, out: Path) -> Path:
    """Build the factory plan once and return its output folder."""
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    assert cli("build", inputs, "--out", out).exit_code == 0
    return out / "solbakken"


def changes(before: dict[str, str], after: dict[str, str], root: Path) -> dict[str, list[str]]:
    """Return the files changed, added and removed between two snapshots, by name relative to root.

    The copies assembler keeps of what it wrote (STORE_NAME, named by their hash) come and go with the reports.
    """

    def names(paths: set[str]) -> list[str]:
        return sorted(Path(p).relative_to(root).as_posix() for p in paths if STORE_NAME not in Path(p).parts)

    return {
        "changed": names({p for p in before.keys() & after.keys() if before[p] != after[p]}),
        "added": names(after.keys() - before.keys()),
        "removed": names(before.keys() - after.keys()),
    }


def recorded_as_written(folder: Path, *names: str) -> None:
    """Check that the state is valid and records these files as they are; and that no temporary file is left.

    A file being renamed into place when the build stopped may still hold its old bytes: then the
    state holds its new ones as pending.
    """
    state = json.loads((folder / STATE_NAME).read_text("utf-8"))
    for name in names:
        recorded = {state["files"][name]["sha256"], *(p["sha256"] for p in state["pending"] if p["name"] == name)}
        assert sha256_of((folder / name).read_bytes()) in recorded, name
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".~assembler-")]


def test_edited_and_foreign_files_are_kept_byte_for_byte(cli: CLI, folder: Path, inputs: Path, out: Path) -> None:
    document = Document(str(folder / ETAARSSTATUS))
    document.add_paragraph("Rettet af sekretariatet.")
    document.save(str(folder / ETAARSSTATUS))
    (folder / "Noter.docx").write_bytes(b"sekretariatets egne noter")
    state = json.loads((folder / STATE_NAME).read_text("utf-8"))
    del state["files"][FREMDRIFT]  # a report the state does not know: as if a person put it there
    (folder / STATE_NAME).write_text(json.dumps(state), "utf-8")
    before = snapshot(inputs, out)
    result = cli("build", inputs, "--out", out)
    assert result.exit_code == 0
    found = changes(before, snapshot(inputs, out), out)
    # The unedited reports are replaced; their bytes differ unless both builds fell in one second.
    # The edited etårsstatus is updated in place, and with no new figures its bytes stay as they are.
    assert set(found["changed"]) - {f"solbakken/{name}" for name in UNTOUCHED} == {f"solbakken/{STATE_NAME}"}
    beside = FREMDRIFT.replace(".docx", " (ny).docx")
    assert found["added"] == [f"solbakken/{beside}"]
    assert found["removed"] == []
    recorded_as_written(folder, *UNTOUCHED, beside)


def test_a_disk_full_while_writing_removes_the_partial_file(
    cli: CLI, folder: Path, inputs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_workbook(inputs / "solbakken.xlsx", with_new_statusdato(plan_sheets()))  # so the reports are written
    before = snapshot(inputs, out)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)  # the data is in the temporary file, not yet on the disk
    result = cli("build", inputs, "--out", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder.as_posix()}: kunne ikke skrive {ETAARSSTATUS}: disken er fuld. {ETAARSSTATUS} er ikke ændret."
    ]
    assert snapshot(inputs, out) == before


def test_a_crash_during_the_second_save_leaves_every_file_whole_and_accounted_for(
    folder: Path, inputs: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_workbook(inputs / "solbakken.xlsx", with_new_statusdato(plan_sheets()))  # so the reports are written
    before = snapshot(folder)
    link, replace = output.os.link, output.os.replace
    calls: list[str] = []
    first, second = factory_reports()[:2]

    def crash_on_the_second_report(source: str, target: str) -> None:
        calls.append(Path(target).name)
        if calls.count(second) == 1 and Path(target).name == second:
            raise RuntimeError("strømmen gik")
        link(source, target)

    def record(source: str, target: str) -> None:
        calls.append(Path(target).name)
        replace(source, target)

    monkeypatch.setattr(output.os, "link", crash_on_the_second_report)
    monkeypatch.setattr(output.os, "replace", record)
    ((source, name),) = find_plans(inputs, out)
    with pytest.raises(RuntimeError, match="strømmen gik"):
        build_plan(source, out, folder_name=name)  # in this process, where the calls are noted
    # Write-ahead: the state records the new bytes (and keeps the old) before any report is renamed into place.
    written = [name for name in calls if not is_digest(name)]  # a copy kept of each report comes first
    assert written == [STATE_NAME, first, second, second]  # the second report put back where it was taken from
    found = changes(before, snapshot(folder), folder)
    # The first report was replaced; the one being saved and the one after are untouched; all are recorded.
    assert set(found["changed"]) <= {first, STATE_NAME}
    assert found["added"] == found["removed"] == []
    recorded_as_written(folder, *factory_reports())


def test_a_file_where_the_output_folder_should_be(cli: CLI, inputs: Path, out: Path) -> None:
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    out.mkdir()
    (out / "solbakken").write_bytes(b"en fil, ikke en mappe")
    before = snapshot(inputs, out)
    result = cli("build", inputs, "--out", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{(out / 'solbakken').as_posix()}: kunne ikke skrive solbakken: der ligger en fil med samme navn som "
        "mappen. solbakken er ikke ændret."
    ]
    assert snapshot(inputs, out) == before


def test_the_lock_file_is_the_only_file_assembler_adds_besides_reports(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted([STORE_NAME, STATE_NAME, LOCK_NAME, *factory_reports()])
