"""The plans every template is tried on: the package's copy of the example, and the near-empty plan."""

from __future__ import annotations

from assembler.contract.samples import example_workbook, sample_plans
from assembler.documents import DOCUMENTS
from tests.conftest import EXAMPLE


def test_samples_the_package_carries_the_repository_s_example() -> None:
    assert example_workbook().read_bytes() == EXAMPLE.read_bytes(), "run python tools/make_example.py"


def test_samples_every_report_is_tried_on_the_example_and_the_near_empty_plan_has_nothing_but_names() -> None:
    example, near_empty = (sample.plan for sample in sample_plans())
    assert [spec.key for spec in DOCUMENTS if spec.applies_to(example)] == [spec.key for spec in DOCUMENTS]
    assert (near_empty.stamdata.helhedsplan, near_empty.stamdata.kommune) == (
        "Helhedsplan Prøvehuse",
        "Prøveby Kommune",
    )
    assert (near_empty.board, near_empty.meetings, near_empty.fremdrift, near_empty.budget) == ([], [], [], [])
