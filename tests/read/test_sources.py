"""Finding plans: workbooks and plan folders in an inputs folder, by name, without lock files or temporaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from assembler.errors import InputError
from assembler.read.sources import discover_plans, is_candidate, plan_name


def touch(path: Path, content: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("plan.xlsx", True),
        ("PLAN.XLSM", True),
        ("skabelon.xltx", True),
        ("gammel.xls", True),  # recognised, so its owner gets a message
        ("plan.xlsx. ", True),  # a name Windows would have trimmed
        ("~$plan.xlsx", False),
        (".~lock.plan.xlsx#", False),
        (".plan.xlsx", False),
        ("plan.xlsx.tmp", False),
        ("plan.xlsx~", False),
        ("noter.docx", False),
    ],
)
def test_sources_candidate_is_a_spreadsheet_not_a_lock_or_temporary(name: str, expected: bool) -> None:
    assert is_candidate(Path(name)) is expected


def test_sources_plan_name_is_the_file_name_without_extension() -> None:
    assert plan_name(Path("inputs/Solbakken 2019.xlsx. ")) == "Solbakken 2019"


def test_sources_finds_workbooks_and_plan_folders_sorted_by_name(inputs: Path) -> None:
    touch(inputs / "b.xlsx")
    touch(inputs / "A" / "budget.xlsx")
    touch(inputs / "A" / "Aktiviteter.xlsx")
    touch(inputs / "A" / "~$budget.xlsx")
    touch(inputs / "_arkiv" / "gammel.xlsx")
    touch(inputs / ".skjult.xlsx")
    touch(inputs / "noter.txt")
    plans = discover_plans(inputs)
    assert [(p.name, [f.name for f in p.files]) for p in plans] == [
        ("A", ["Aktiviteter.xlsx", "budget.xlsx"]),
        ("b", ["b.xlsx"]),
    ]
    assert [str(p.location) for p in plans] == ["A", "b.xlsx"]
    assert plans[0].display(plans[0].files[0]) == "A/Aktiviteter.xlsx"


def test_sources_skips_the_output_folder_inside_the_inputs(inputs: Path) -> None:
    touch(inputs / "plan.xlsx")
    touch(inputs / "rapporter" / "x.xlsx")
    assert [p.name for p in discover_plans(inputs, exclude=inputs / "rapporter")] == ["plan"]


def test_sources_a_workbook_path_is_its_own_plan(inputs: Path) -> None:
    workbook = touch(inputs / "Solbakken.xlsx")
    (plan,) = discover_plans(workbook)
    assert (plan.name, plan.files, plan.root) == ("Solbakken", (workbook,), inputs)


def test_sources_a_missing_inputs_folder_is_a_located_problem(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        discover_plans(tmp_path / "inputs")
    assert [str(p.location) for p in caught.value.problems] == [(tmp_path / "inputs").as_posix()]


def test_sources_inputs_hash_changes_with_a_file_s_bytes_or_name(inputs: Path) -> None:
    workbook = touch(inputs / "plan" / "a.xlsx", b"1")
    hashes = [discover_plans(inputs)[0].inputs_hash()]
    workbook.write_bytes(b"2")
    hashes.append(discover_plans(inputs)[0].inputs_hash())
    workbook.rename(inputs / "plan" / "b.xlsx")
    hashes.append(discover_plans(inputs)[0].inputs_hash())
    assert len(set(hashes)) == 3
