"""A damaged or foreign state gives a Danish line and the safe fallback: nothing lost, nothing saved over.

Failure 9 of issue 19: a record written by a newer release or with wrong types ended in a
traceback, and no reader checked the files' `"version": 1`.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

from assembler.living.legacy import MANIFEST_NAME, RECORD_NAME
from assembler.living.state import STATE_NAME

CLI = Callable[..., Result]
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "release-a749f21"
EDITED = "Etårsstatus 2016.docx"


def damage_records(folder: Path) -> None:
    """A control's record with a field this release does not know, as a newer release might write it."""
    records = json.loads((folder / RECORD_NAME).read_text("utf-8"))
    tag = next(iter(records["reports"][EDITED]["controls"]))
    records["reports"][EDITED]["controls"][tag]["farve"] = "rød"
    (folder / RECORD_NAME).write_text(json.dumps(records), "utf-8")


def newer_records(folder: Path) -> None:
    records = json.loads((folder / RECORD_NAME).read_text("utf-8"))
    (folder / RECORD_NAME).write_text(json.dumps({**records, "version": 99}), "utf-8")


def cut_manifest(folder: Path) -> None:
    (folder / MANIFEST_NAME).write_bytes((folder / MANIFEST_NAME).read_bytes()[:100])


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """A copy of release a749f21's edited folder, with a figure in its workbook changed since."""
    shutil.copytree(FIXTURES / "edited", tmp_path / "release")
    workbook = tmp_path / "release" / "inputs" / "solbakken.xlsx"
    book = load_workbook(workbook)
    row = next(r for r in book["Budget"].iter_rows() if r[0].value == "Projektchef")
    row[[c.value for c in next(book["Budget"].iter_rows())].index("Regnskab 2016")].value = 612_000
    book.save(workbook)
    return tmp_path / "release"


@pytest.mark.parametrize(
    ("damage", "damaged", "line"),
    [
        (
            damage_records,
            None,
            f"Skrev {{beside}} – {EDITED} er redigeret og kunne ikke opdateres, fordi det, assembler husker om den "
            f"({STATE_NAME}), ikke kan læses; den er ikke rørt",
        ),
        (
            newer_records,
            RECORD_NAME,
            f"{RECORD_NAME} fra en tidligere udgave af assembler kan ikke læses og er ikke ændret; rapporter, I har "
            "rettet, kan derfor ikke opdateres og skrives ved siden af",
        ),
        (
            cut_manifest,
            MANIFEST_NAME,
            f"{MANIFEST_NAME} fra en tidligere udgave af assembler kan ikke læses og er ikke ændret; rapporterne i "
            "mappen er derfor ikke rørt, og de nye er skrevet ved siden af",
        ),
    ],
    ids=["a control's record with a field unknown here", "records from a newer release", "manifest cut off"],
)
def test_damaged_files_from_release_a749f21_give_a_line_and_a_new_report_beside(
    cli: CLI, release: Path, damage: Callable[[Path], None], damaged: str | None, line: str
) -> None:
    folder = release / "outputs" / "solbakken"
    damage(folder)
    kept = {name: (folder / name).read_bytes() for name in (EDITED, damaged) if name is not None}
    result = cli("build", release / "inputs", "--out", release / "outputs")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    beside = folder / EDITED.replace(".docx", " (ny).docx")
    assert line.format(beside=beside) in result.output
    assert {name: (folder / name).read_bytes() for name in kept} == kept  # the edited report, the damaged file
    assert beside.is_file()
    assert (folder / STATE_NAME).is_file()


@pytest.mark.parametrize(
    ("content", "reason", "advice"),
    [
        (
            '{"version": 99, "files": {}, "what": "a later release knows"}',
            "den er skrevet af en nyere udgave af assembler (version 99)",
            "Brug den nyere udgave af assembler til denne mappe",
        ),
        (
            '{"version": 2, "files": {"Etårsstatus 2016.docx": {"sha256": "k1"}}}',
            "den ikke har den form, assembler skriver (files › Etårsstatus 2016.docx › sha256)",
            "Er den beskadiget, så slet den",
        ),
        ('{"version": 2, "files": {"Etårsstatus 2016.docx": {"sha', "den er beskadiget", "Er den beskadiget"),
    ],
    ids=["from a newer release", "with wrong types", "cut off"],
)
def test_a_state_that_cannot_be_used_gives_a_line_and_new_reports_beside_and_is_not_saved_over(
    cli: CLI, release: Path, content: str, reason: str, advice: str
) -> None:
    inputs, out = release / "inputs", release / "outputs"
    folder = out / "solbakken"
    assert cli("build", inputs, "--out", out).exit_code == 0  # migrated to the state
    (folder / STATE_NAME).write_text(content, "utf-8")
    reports = {p.name: p.read_bytes() for p in folder.glob("*.docx")}
    result = cli("build", inputs, "--out", out)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    # The workbook's own warnings (release a749f21's workbook has no År columns) come first.
    (line,) = [line for line in result.stderr.splitlines() if line.startswith(folder.as_posix())]
    assert line.startswith(f"{folder.as_posix()} (advarsel): {STATE_NAME} kan ikke bruges, fordi {reason}; ")
    assert advice in line
    assert {name: (folder / name).read_bytes() for name in reports} == reports
    beside = sorted(name.replace(".docx", " (ny).docx") for name in reports)
    assert sorted(p.name for p in folder.glob("*(ny).docx")) == beside
    assert (folder / STATE_NAME).read_text("utf-8") == content
