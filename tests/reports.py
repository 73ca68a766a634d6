"""The reports assembler writes for a plan, named as it names them: tests take their lists of reports from here.

Every list comes from `DOCUMENTS` and the plan itself (its status year, its referat), so a new
report is in every such list without a test naming it; a test that checks one report's text names
it by its key.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from assembler.app.options import with_danish_letters
from assembler.contract.model import Plan
from assembler.documents import DOCUMENTS, DocumentSpec
from assembler.pipeline import find_plans, load_plan
from tests.conftest import EXAMPLE
from tests.factory import Sheets, plan_sheets, write_workbook


def report_spec(key: str) -> DocumentSpec:
    """Return the report with this key ('etaarsstatus', 'fremdrift' …)."""
    return next(spec for spec in DOCUMENTS if spec.key == key)


def plan_in(path: Path) -> Plan:
    """Return the validated plan a workbook (or a plan's folder) holds."""
    (found,) = find_plans(path)
    plan, _ = load_plan(found.source)
    return plan


def plan_of(sheets: Sheets) -> Plan:
    """Return the validated plan of sheets as the factory writes them."""
    with tempfile.TemporaryDirectory() as folder:
        return plan_in(write_workbook(Path(folder) / "plan.xlsx", sheets))


@cache
def factory_plan() -> Plan:
    """The factory's plan (tests.factory.plan_sheets), validated."""
    return plan_of(plan_sheets())


@cache
def example_plan() -> Plan:
    """The shipped example plan (inputs/engparken.xlsx), validated."""
    return plan_in(EXAMPLE)


def reports_of(plan: Plan, keys: tuple[str, ...] | list[str] = ()) -> list[DocumentSpec]:
    """Return the reports a build writes for a plan (only those of `keys` when given), in DOCUMENTS' order."""
    return [spec for spec in DOCUMENTS if spec.applies_to(plan) and (not keys or spec.key in keys)]


def report_names(plan: Plan, keys: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Return the file names of the reports a build writes for a plan, in DOCUMENTS' order."""
    return [spec.filename(plan) for spec in reports_of(plan, keys)]


def report_name(key: str, plan: Plan | None = None) -> str:
    """Return the file name one report gets for a plan (the factory's plan unless another is given)."""
    return report_spec(key).filename(plan or factory_plan())


def factory_reports() -> list[str]:
    """The file names of the factory plan's reports, in the order a build writes them."""
    return report_names(factory_plan())


def example_reports() -> list[str]:
    """The file names of the example plan's reports (every report: the example has a referat)."""
    return report_names(example_plan())


def spelled_keys() -> str:
    """The reports as --report's messages list them: their keys with æ, ø and å ('etårsstatus, fremdrift, …')."""
    return ", ".join(with_danish_letters(spec.key) for spec in DOCUMENTS)
