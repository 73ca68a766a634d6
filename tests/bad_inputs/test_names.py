"""Case 15: names that become folder names are made safe, stay inside outputs/, and never collide."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from assembler.pipeline import build_plan
from assembler.read.sources import PlanSource
from tests.clitext import lines_without_time
from tests.factory import plan_sheets, write_workbook
from tests.reports import factory_reports

DOCUMENTS = factory_reports()


def inside(out: Path) -> list[str]:
    """Return every file under out, relative to it, failing if any resolves outside it."""
    files = []
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve()), path
        if path.suffix == ".docx":
            files.append(path.relative_to(out).as_posix())
    return sorted(files)


def test_file_and_folder_names_become_safe_distinct_output_folders(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    names = ("CON", "Rapport: 2024?Q1", "Æ" * 125, "æ" * 125, "Solbakken", "solbakken", "aux.plan", "  .skjult. ")
    for name in names:
        write_workbook(inputs / f"{name}.xlsx", plan_sheets())
    write_workbook(inputs / " " / "alt.xlsx", plan_sheets())  # a plan folder named only by a space
    result = built()
    safe = ["plan", "skjult", "aux_.plan", "CON_", "Rapport- 2024-Q1", "Solbakken", "solbakken (2)", "Æ" * 75]
    safe.append("æ" * 73 + " (2)")  # shortened so that the suffix fits the 150-byte limit
    assert inside(out) == sorted(f"{folder}/{document}" for folder in safe for document in DOCUMENTS)
    assert lines_without_time(result.stdout)[-2:] == [
        "9 af 9 helhedsplaner bygget.",
        f"{len(safe) * len(DOCUMENTS)} dokumenter skrevet på … sekunder.",
    ]


@pytest.mark.parametrize(
    ("name", "folder_name", "expected"),
    [
        ("../../x", None, "-..-x"),
        ("Rapport: 2024/Q1?", None, "Rapport- 2024-Q1-"),
        ("", None, "plan"),
        ("Æ" * 300, None, "Æ" * 75),
        ("solbakken", "../../x", "-..-x"),
        ("solbakken", "/etc", "-etc"),
        ("solbakken", "..", "plan"),
        ("solbakken", "COM1", "COM1_"),
    ],
)
def test_names_given_through_the_python_api_stay_inside_outputs(
    inputs: Path, out: Path, name: str, folder_name: str | None, expected: str
) -> None:
    path = write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    result = build_plan(PlanSource(name, path, (path,), inputs), out, folder_name=folder_name)
    assert result.ok, result.problems
    assert [w.path.parent.name for w in result.written] == [expected] * len(DOCUMENTS)
    assert inside(out) == sorted(f"{expected}/{document}" for document in DOCUMENTS)
