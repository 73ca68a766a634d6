"""The plans every template is tried on before a real plan meets it: assembler's example, and a near-empty plan.

The example is a copy of `inputs/engparken.xlsx` in the package's data (tools/make_example.py writes
both): staff replace what lies in inputs/, the package's copy stays. The near-empty plan is what
`new-workbook` writes with only a name and a kommune: every list empty, every count 0.
"""

from __future__ import annotations

import hashlib
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from assembler.contract.declaration import KnownNames
from assembler.contract.model import Plan
from assembler.contract.validate import validate_plan
from assembler.errors import Location
from assembler.read.workbook import read_workbook

EXAMPLE = "engparken.xlsx"
NEAR_EMPTY = KnownNames("Helhedsplan Prøvehuse", "Prøveby Kommune")
NEAR_EMPTY_FIRST_YEAR = 2024  # fixed, so a template's trial does not change with the calendar


class SamplePlan(NamedTuple):
    """A plan a template is tried on, and how a message names it."""

    label: str
    plan: Plan


def example_workbook() -> Path:
    """Return the example workbook the package carries."""
    return Path(str(resources.files("assembler"))) / "data" / EXAMPLE


def samples_fingerprint() -> bytes:
    """Return what the sample plans are made from, besides assembler's code: the example's SHA-256."""
    return hashlib.sha256(example_workbook().read_bytes()).digest()


@cache
def sample_plans() -> tuple[SamplePlan, ...]:
    """Return the example and the near-empty plan, read and validated as any plan is (once per process)."""
    from assembler.contract.blank import write_blank_workbook  # openpyxl's writer, only when a template is tried

    with tempfile.TemporaryDirectory() as folder:
        near_empty = Path(folder) / "tom.xlsx"
        write_blank_workbook(near_empty, first_year=NEAR_EMPTY_FIRST_YEAR, names=NEAR_EMPTY)
        return (
            SamplePlan("assemblers eksempel (Engparken)", read_plan(example_workbook())),
            SamplePlan("en næsten tom helhedsplan (kun navn og kommune)", read_plan(near_empty)),
        )


def read_plan(workbook: Path) -> Plan:
    """Return the plan a workbook holds (raise InputError, a bug for a sample)."""
    plan, _ = validate_plan(workbook.stem, read_workbook(workbook, workbook.name), Location(workbook.name))
    return plan
