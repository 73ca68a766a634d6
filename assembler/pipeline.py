"""Running plans through every stage: workbooks → plan → figures → context → documents → files.

This is assembler's Python API; the command line and any other front end call only this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .context import build_context
from .documents import DOCUMENTS, DocumentSpec, default_template_dir
from .errors import InputError, Location, OutputError, Problem
from .figures import compute_figures
from .model import Plan
from .output import Written, safe_name, write_reports
from .sources import PlanSource, discover_plans, read_plan_sheets
from .validate import validate_plan
from .verify import IncompleteDocument, render_checked
from .vocabulary import load_vocabulary


@dataclass
class PlanResult:
    """What happened to one plan: its problems (errors and warnings) and the files written."""

    source: PlanSource
    problems: list[Problem] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)
    manifest_was_corrupt: bool = False

    @property
    def ok(self) -> bool:
        """True when the plan had no errors (warnings allowed)."""
        return all(p.warning for p in self.problems)


def load_plan(source: PlanSource) -> tuple[Plan, list[Problem]]:
    """Read and validate a plan's workbooks; return the plan and its warnings."""
    return validate_plan(source.name, read_plan_sheets(source), source.location)


def check_plan(source: PlanSource) -> PlanResult:
    """Validate a plan without writing anything."""
    try:
        _, warnings = load_plan(source)
    except InputError as err:
        return PlanResult(source, err.problems)
    return PlanResult(source, warnings)


def build_plan(
    source: PlanSource,
    out: Path,
    *,
    folder_name: str | None = None,
    force: bool = False,
    documents: Sequence[DocumentSpec] = DOCUMENTS,
    template_dir: Path | None = None,
) -> PlanResult:
    """Build a plan's reports into out/<plan>/; input problems are returned, not raised."""
    try:
        plan, warnings = load_plan(source)
    except InputError as err:
        return PlanResult(source, err.problems)
    vocabulary = load_vocabulary()
    context = build_context(plan, compute_figures(plan, vocabulary), vocabulary)
    templates = template_dir or default_template_dir()
    try:
        reports = [
            (spec.filename(plan), render_checked(templates / spec.template, context, spec.filename(plan)))
            for spec in documents
        ]
    except IncompleteDocument as err:
        return PlanResult(source, [*warnings, Problem(source.location, str(err))])
    folder = out / safe_name(folder_name or source.name)
    try:
        result = write_reports(folder, reports, source.inputs_hash(), force=force)
    except OutputError as err:
        return PlanResult(source, [*warnings, Problem(Location(folder.as_posix()), str(err))])
    return PlanResult(source, warnings, result.written, result.manifest_was_corrupt)


def output_folder_names(sources: Sequence[PlanSource]) -> list[str]:
    """Return a safe, distinct output folder name per plan (names equal but for case get a suffix)."""
    taken: set[str] = set()
    names = []
    for source in sources:
        base = safe_name(source.name)
        name, number = base, 2
        while name.casefold() in taken:
            name, number = safe_name(base, suffix=f" ({number})"), number + 1
        taken.add(name.casefold())
        names.append(name)
    return names


def select_documents(reports: Sequence[str] = ()) -> tuple[DocumentSpec, ...]:
    """Return the documents named by their keys, in the usual order (all of them when none is named)."""
    return tuple(d for d in DOCUMENTS if not reports or d.key in reports)


def build_all(inputs: Path, out: Path, *, force: bool = False, reports: Sequence[str] = ()) -> list[PlanResult]:
    """Build every plan in an inputs folder (or the one workbook given)."""
    sources = discover_plans(inputs)
    documents = select_documents(reports)
    return [
        build_plan(source, out, folder_name=name, force=force, documents=documents)
        for source, name in zip(sources, output_folder_names(sources), strict=True)
    ]


def check_all(inputs: Path) -> list[PlanResult]:
    """Validate every plan in an inputs folder (or the one workbook given)."""
    return [check_plan(source) for source in discover_plans(inputs)]
