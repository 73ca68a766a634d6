"""Running plans through every stage: workbooks → plan → figures → context → documents → files.

This is assembler's Python API; the command line and any other front end call only this.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from assembler.app.batch import default_jobs, map_in_order
from assembler.boundary import describe_write_error
from assembler.context import build_context
from assembler.contract.model import Plan
from assembler.contract.validate import validate_plan
from assembler.contract.vocabulary import load_vocabulary
from assembler.documents import DOCUMENTS, DocumentSpec
from assembler.errors import AssemblerError, InputError, Location, OutputError, Problem, TemplateError
from assembler.figures.compute import compute_figures
from assembler.output.problemfile import PROBLEM_FILE, remove_problem_file, write_problem_file
from assembler.output.reports import Manifest, Written, safe_name, write_reports
from assembler.read.sources import PlanSource, discover_plans, read_plan_sheets
from assembler.render.templates import checked_template_paths, warm_templates
from assembler.render.verify import IncompleteDocument, render_checked


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
    templates: Mapping[str, Path] | None = None,
) -> PlanResult:
    """Build a plan's reports into out/<plan>/; input problems are returned, not raised.

    `templates` maps document keys to checked templates (see `checked_template_paths`); without
    it the default templates are checked and used.
    """
    if templates is None:
        templates = checked_template_paths(documents, None)
    # Hashed before reading: if a file changes meanwhile, the manifest records the older content
    # and the next look sees a change, never the other way round.
    inputs_hash = source.inputs_hash()
    try:
        plan, warnings = load_plan(source)
    except InputError as err:
        return PlanResult(source, err.problems)
    vocabulary = load_vocabulary()
    context = build_context(plan, compute_figures(plan, vocabulary), vocabulary)
    chosen = [spec for spec in documents if spec.applies_to(plan)]
    skipped = [spec for spec in documents if spec not in chosen]
    # Only a document asked for by name deserves a word when the plan cannot have it.
    asked_by_name = tuple(documents) != DOCUMENTS
    notes = [Problem(source.location, spec.not_built_because, warning=True) for spec in skipped if asked_by_name]
    reports = []
    try:
        for spec in chosen:
            name = spec.filename(plan)
            reports.append((name, render_checked(templates[spec.key], context, name)))
    except IncompleteDocument as err:
        return PlanResult(source, [*warnings, *notes, Problem(source.location, str(err))])
    folder = out / safe_name(folder_name or source.name)
    try:
        result = write_reports(folder, reports, inputs_hash, force=force)
    except OutputError as err:
        return PlanResult(source, [*warnings, *notes, Problem(Location(folder.as_posix()), str(err))])
    return PlanResult(source, [*warnings, *notes], result.written, result.manifest_was_corrupt)


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


def find_plans(inputs: Path) -> list[PlanSource]:
    """Return the plans in an inputs folder (sorted by name), or the one plan a workbook path names."""
    return discover_plans(inputs)


def build_all(
    inputs: Path,
    out: Path,
    *,
    force: bool = False,
    reports: Sequence[str] = (),
    template_folder: Path | None = None,
    jobs: int | None = 1,
) -> list[PlanResult]:
    """Build every plan in an inputs folder (or the one workbook given), `jobs` plans at a time.

    The templates are checked first: a broken one raises TemplateError and nothing is written.
    """
    return list(
        build_each(find_plans(inputs), out, force=force, reports=reports, template_folder=template_folder, jobs=jobs)
    )


def build_each(
    sources: Sequence[PlanSource],
    out: Path,
    *,
    force: bool = False,
    reports: Sequence[str] = (),
    template_folder: Path | None = None,
    jobs: int | None = 1,
) -> Iterator[PlanResult]:
    """Check the templates once, then build plans `jobs` at a time (None: one per core); yield results in order.

    A broken template raises TemplateError here, before any plan is built.
    """
    documents = select_documents(reports)
    templates = checked_template_paths(documents, template_folder)
    build = partial(_build_named, out=out, force=force, documents=documents, templates=templates)
    # An output folder inside the inputs folder holds reports, not a plan.
    plans = [source for source in sources if not is_output_folder(source, out)]
    if (jobs or default_jobs()) > 1 and len(plans) > 1:
        warm_templates(templates.values())  # once here, not once in every worker
    return map_in_order(build, with_folder_names(plans), jobs or default_jobs())


def is_output_folder(source: PlanSource, out: Path) -> bool:
    """True when a plan found in the inputs folder is the output folder itself."""
    return source.path.resolve() == out.resolve()


def _build_named(
    named: tuple[PlanSource, str],
    out: Path,
    force: bool,
    documents: Sequence[DocumentSpec],
    templates: Mapping[str, Path],
) -> PlanResult:
    source, folder_name = named
    return build_plan(source, out, folder_name=folder_name, force=force, documents=documents, templates=templates)


def check_all(inputs: Path) -> list[PlanResult]:
    """Validate every plan in an inputs folder (or the one workbook given)."""
    return [check_plan(source) for source in discover_plans(inputs)]


def find_named_plans(inputs: Path, out: Path | None = None) -> list[tuple[PlanSource, str]]:
    """Return each plan in an inputs folder with the name of its output folder (`out` is no plan)."""
    return with_folder_names(discover_plans(inputs, exclude=out))


def with_folder_names(sources: Sequence[PlanSource]) -> list[tuple[PlanSource, str]]:
    """Return each plan with the name of its output folder."""
    return list(zip(sources, output_folder_names(sources), strict=True))


def recorded_inputs_hash(out: Path, folder_name: str) -> str:
    """Return the inputs hash recorded when a plan's reports were last written ('' when never)."""
    return Manifest.load(out / folder_name).inputs_hash


def build_plan_noting_problems(
    source: PlanSource, out: Path, folder_name: str, template_folder: Path | None = None
) -> PlanResult:
    """Build a plan; while it has errors they stand in FEJL.txt in its output folder, removed once it builds.

    The templates are checked for every build, so one a person fixes while the watcher runs is used.
    """
    try:
        templates = checked_template_paths(DOCUMENTS, template_folder)
        result = build_plan(source, out, folder_name=folder_name, templates=templates)
    except TemplateError as err:  # a template that cannot be used stops every plan alike
        result = PlanResult(source, [Problem(source.location, issue) for issue in err.issues])
    except AssemblerError as err:
        result = PlanResult(source, [Problem(source.location, str(err))])
    folder = out / folder_name
    try:
        if result.ok:
            remove_problem_file(folder)
        else:
            write_problem_file(folder, source.name, result.problems, datetime.now())
    except OSError as err:
        result.problems.append(Problem(Location(folder.as_posix()), describe_write_error(folder / PROBLEM_FILE, err)))
    except OutputError as err:
        result.problems.append(Problem(Location(folder.as_posix()), str(err)))
    return result
