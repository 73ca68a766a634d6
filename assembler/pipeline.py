"""Assembler's Python API: one function per use, each running the stages workbooks → plan → figures →
context → documents → files, and returning results that carry their problems.

The command line, the watcher, the service and the bench call only this module (and the documents
list); they never reach a stage, openpyxl or docxtpl themselves.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, partial
from pathlib import Path
from typing import Any, NamedTuple

from assembler.batch import (
    Step,
    Stopped,
    Workers,
    default_jobs,
    describe_stopped,
    describe_stopped_trial,
    map_in_order,
    no_step,
    workers_are_forked,
)
from assembler.boundary import describe_write_error
from assembler.context import Kontekst, build_context
from assembler.contract.declaration import BESTYRELSE, KnownNames
from assembler.contract.model import Plan
from assembler.contract.samples import sample_plans, samples_fingerprint
from assembler.contract.validate import validate_plan
from assembler.contract.vocabulary import load_vocabulary
from assembler.documents import DOCUMENTS, DocumentSpec
from assembler.errors import AssemblerError, InputError, Location, OutputError, Problem, TemplateError
from assembler.figures.compute import compute_figures
from assembler.living.carry import start_from_last_year
from assembler.living.stamps import first_builds
from assembler.living.state import Identity, last_inputs_hash
from assembler.living.write import RenderedReport, write_living_reports
from assembler.output.problemfile import PROBLEM_FILE, remove_problem_file, write_problem_file
from assembler.output.reports import Outcome, Written, safe_name
from assembler.read.sources import PlanSource, discover_plans, read_plan_sheets
from assembler.render import templates as template_files
from assembler.render.check import TemplateIssue, literal_names
from assembler.render.environment import charts_drawn_once
from assembler.render.fields import describe_fields, format_fields
from assembler.render.templates import (
    TemplateReport,
    Trial,
    Tried,
    checked_template_paths,
    export_templates,
    warm_templates,
)
from assembler.render.trial import Sample, trial_issues
from assembler.render.verify import IncompleteDocument, render_checked

__all__ = [
    "TEMPLATE_SECONDS",
    "Batch",
    "FoundPlan",
    "KnownNames",
    "Outcome",
    "PlanResult",
    "PlanSource",
    "TemplateReport",
    "Workers",
    "Written",
    "build",
    "build_plan",
    "check",
    "check_templates",
    "export_templates",
    "find_plans",
    "load_context",
    "load_plan",
    "rebuild",
    "recorded_inputs_hash",
    "remove_orphaned_problem_files",
    "template_fields",
    "template_warnings",
    "write_blank_workbook",
]

# How long one template may take to render for one plan before its worker is stopped: the default
# reports take well under a second, so only a template that never ends gets near it.
TEMPLATE_SECONDS = 30.0


class FoundPlan(NamedTuple):
    """A plan in an inputs folder and the name of its output folder (safe, distinct from the others')."""

    source: PlanSource
    folder: str


@dataclass
class PlanResult:
    """What happened to one plan: its problems (errors and warnings) and the files written."""

    source: PlanSource
    problems: list[Problem] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the plan had no errors (warnings allowed)."""
        return all(p.warning for p in self.problems)


@dataclass
class Batch:
    """A build under way: the plans found, and their results in the plans' order as they finish.

    `removed` are the FEJL.txt files assembler wrote for plans no longer in the inputs folder, removed first.
    """

    plans: list[FoundPlan]
    results: Iterator[PlanResult]
    removed: list[Path] = field(default_factory=list)

    def __iter__(self) -> Iterator[PlanResult]:
        """Yield each plan's result, in the plans' order."""
        return self.results


def problems_of(err: AssemblerError, where: Location) -> list[Problem]:
    """Return an error as the problems a result carries: its own, a template's issues, or one at `where`."""
    if isinstance(err, InputError):
        return err.problems
    if isinstance(err, TemplateError):
        return [Problem(where, issue) for issue in err.issues]
    return [Problem(where, str(err))]


def result_of(source: PlanSource, outcome: PlanResult | Stopped) -> PlanResult:
    """Return a plan's result from its worker: as it came, or saying why the worker was stopped."""
    if isinstance(outcome, PlanResult):
        return outcome
    return PlanResult(source, [Problem(source.location, describe_stopped(outcome))])


def find_plans(inputs: Path, out: Path | None = None) -> list[FoundPlan]:
    """Return the plans in an inputs folder (sorted by name), or the one plan a workbook path names.

    `out` is the output folder: when it lies inside the inputs folder it holds reports, not a plan.
    """
    sources = discover_plans(inputs, exclude=out)
    return [FoundPlan(s, name) for s, name in zip(sources, output_folder_names(sources), strict=True)]


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


def check(inputs: Path) -> list[PlanResult]:
    """Validate every plan in an inputs folder (or the one workbook given) without writing anything."""
    return [check_plan(plan.source) for plan in find_plans(inputs)]


def check_plan(source: PlanSource) -> PlanResult:
    """Validate one plan without writing anything."""
    try:
        _, warnings = load_plan(source)
    except InputError as err:
        return PlanResult(source, problems_of(err, source.location))
    return PlanResult(source, warnings)


def build(
    inputs: Path,
    out: Path,
    *,
    force: bool = False,
    reports: Sequence[str] = (),
    template_folder: Path | None = None,
    jobs: int | None = 1,
    track_changes: bool = False,
    template_seconds: float = TEMPLATE_SECONDS,
    from_last_year: bool = False,
) -> Batch:
    """Build every plan in an inputs folder (or the one workbook given), `jobs` at a time (None: one per core).

    The plans are found and the templates checked first (and tried on the sample plans, in a worker
    bounded like a build): a broken template raises TemplateError here, before anything is written.
    Iterating the batch builds the plans, each in a worker process that is stopped when one template
    takes more than `template_seconds`; a template that fails on one plan is that plan's problem.
    With `from_last_year`, a report new this statusår starts from last year's edited one (living/carry.py).
    """
    plans = find_plans(inputs, out)
    documents = select_documents(reports)
    templates = checked_template_paths(documents, template_folder, template_trial(template_seconds))
    # Only a folder of plans tells which plans are gone; one workbook named says nothing of the others.
    removed = remove_orphaned_problem_files(out, plans) if inputs.is_dir() else []
    one = partial(
        _build_found,
        out=out,
        force=force,
        documents=documents,
        templates=templates,
        track_changes=track_changes,
        from_last_year=from_last_year,
    )
    jobs = min(jobs or default_jobs(), len(plans))
    if jobs > 1 and workers_are_forked():  # one worker would do it itself: it is the only one
        warm_for_workers(templates)
    outcomes = map_in_order(one, plans, jobs, template_seconds)
    results = (
        settle_problem_file(result_of(plan.source, outcome), out / plan.folder, write=False)
        for plan, outcome in zip(plans, outcomes, strict=True)
    )
    return Batch(plans, results, removed)


def warm_for_workers(templates: Mapping[str, Path]) -> None:
    """Do once, before the workers start, what each would otherwise do for its first plan: they inherit it."""
    warm_templates(templates.values())
    load_vocabulary()
    # Imported by a build only when first needed, which in a worker is after the fork.
    from assembler.render import charts  # noqa: F401


def _build_found(plan: FoundPlan, step: Step, out: Path, **options: Any) -> PlanResult:
    return build_plan(plan.source, out, folder_name=plan.folder, starting=step, **options)


def select_documents(reports: Sequence[str] = ()) -> tuple[DocumentSpec, ...]:
    """Return the documents named by their keys, in the usual order (all of them when none is named)."""
    return tuple(d for d in DOCUMENTS if not reports or d.key in reports)


def build_plan(
    source: PlanSource,
    out: Path,
    *,
    folder_name: str | None = None,
    force: bool = False,
    documents: Sequence[DocumentSpec] = DOCUMENTS,
    templates: Mapping[str, Path] | None = None,
    track_changes: bool = False,
    starting: Step = no_step,
    from_last_year: bool = False,
) -> PlanResult:
    """Build one plan's reports into out/<plan>/; input and output problems are returned, not raised.

    A report a person has edited is updated in place (as tracked changes with `track_changes`). With
    `from_last_year`, a report new this statusår starts from last year's edited report of its kind.

    `templates` maps document keys to checked templates; without it the default templates are
    checked and used. `starting` is told each template's name as its rendering starts, and None
    when rendering is over (so a supervisor can bound each template's time).
    """
    if templates is None:
        templates = checked_template_paths(documents, None, Trial(samples_fingerprint(), partial(tried_here, starting)))
    # Hashed before reading: if a file changes meanwhile, the manifest records the older content
    # and the next look sees a change, never the other way round.
    inputs_hash = source.inputs_hash()
    try:
        plan, context, warnings = load_context(source)
    except InputError as err:
        return PlanResult(source, problems_of(err, source.location))
    chosen = [spec for spec in documents if spec.applies_to(plan)]
    # Only a document asked for by name deserves a word when the plan cannot have it.
    asked_by_name = tuple(documents) != DOCUMENTS
    notes = [
        Problem(source.location, spec.not_built_because(plan), warning=True)
        for spec in documents
        if spec not in chosen and asked_by_name
    ]
    folder = out / safe_name(folder_name or source.name)
    # A report is known by its document and statusår, whatever its file is called (living/state.py).
    names = {Identity(spec.key, plan.stamdata.statusaar): spec.filename(plan) for spec in chosen}
    created = first_builds(folder, names)  # each report keeps the created time of its first build
    reports = {}
    try:
        with charts_drawn_once():  # a chart in two reports is drawn once
            for spec, (identity, name) in zip(chosen, names.items(), strict=True):
                starting(templates[spec.key].name)
                rendered = render_checked(templates[spec.key], context, name, created.get(identity))
                reports[identity] = RenderedReport(name, rendered)
    except (IncompleteDocument, TemplateError) as err:  # a value lost, or a template failed on this plan: no report
        return PlanResult(source, [*warnings, *notes, *problems_of(err, source.location)])
    finally:
        starting(None)
    try:
        kinds = frozenset(spec.key for spec in chosen if spec.starts_from_last_year)
        start = partial(start_from_last_year, kinds=kinds) if from_last_year else None
        result = write_living_reports(folder, reports, inputs_hash, force=force, track=track_changes, start=start)
    except OutputError as err:
        return PlanResult(source, [*warnings, *notes, *problems_of(err, Location(folder.as_posix()))])
    notes += [Problem(Location(folder.as_posix()), note, warning=True) for note in result.notes]
    return PlanResult(source, [*warnings, *notes], result.written)


def load_plan(source: PlanSource) -> tuple[Plan, list[Problem]]:
    """Read and validate a plan's workbooks; return the plan and its warnings (raise InputError)."""
    return validate_plan(source.name, read_plan_sheets(source), source.location)


def load_context(source: PlanSource) -> tuple[Plan, Kontekst, list[Problem]]:
    """Read a plan and return it with its templates' context and its warnings (raise InputError)."""
    plan, warnings = load_plan(source)
    vocabulary = load_vocabulary()
    return plan, build_context(plan, compute_figures(plan, vocabulary), vocabulary), warnings


def rebuild(
    plan: FoundPlan,
    out: Path,
    template_folder: Path | None = None,
    workers: Workers | None = None,
    *,
    from_last_year: bool = False,
) -> PlanResult:
    """Build a plan again (the watcher's use); while it has errors they stand in FEJL.txt in its output folder.

    The build runs in one of `workers` (kept by the caller between builds; without it, a worker of
    its own bounded by TEMPLATE_SECONDS). The templates are checked for every build (and tried in
    the same worker when they changed), so one a person fixes while the watcher runs is used.
    """
    source, folder_name = plan
    with Workers(1, TEMPLATE_SECONDS) if workers is None else nullcontext(workers) as chosen:
        try:  # a template that cannot be used stops every plan alike
            templates = checked_template_paths(DOCUMENTS, template_folder, template_trial(chosen.seconds, chosen))
        except AssemblerError as err:
            result = PlanResult(source, problems_of(err, source.location))
        else:
            one = partial(_build_found, out=out, templates=templates, from_last_year=from_last_year)
            (outcome,) = chosen.map(one, [plan])
            result = result_of(source, outcome)
    return settle_problem_file(result, out / folder_name, write=True)


def settle_problem_file(result: PlanResult, folder: Path, *, write: bool) -> PlanResult:
    """Settle a plan's FEJL.txt by its result; return the result, with a problem when FEJL.txt could not be settled.

    The FEJL.txt assembler wrote goes once the plan builds; with `write` (the watcher's builds), the
    plan's problems are written there while it has errors.
    """
    try:
        if result.ok:
            remove_problem_file(folder)
        elif write:
            write_problem_file(folder, result.source.name, result.problems, datetime.now())
    except OSError as err:
        result.problems.append(Problem(Location(folder.as_posix()), describe_write_error(folder / PROBLEM_FILE, err)))
    except OutputError as err:
        result.problems.extend(problems_of(err, Location(folder.as_posix())))
    return result


def remove_orphaned_problem_files(out: Path, plans: Sequence[FoundPlan]) -> list[Path]:
    """Remove the FEJL.txt assembler wrote in output folders no plan in `plans` builds; return the files removed.

    The folders keep everything else: the reports, and a FEJL.txt a person wrote. One that cannot be
    removed now is tried again at the next build.
    """
    built = {plan.folder for plan in plans}
    try:
        folders = sorted(path for path in out.iterdir() if path.name not in built and path.is_dir())
    except OSError:  # no output folder yet, or none that can be read: nothing to remove
        return []
    removed = []
    for folder in folders:
        with suppress(OSError, OutputError):
            if remove_problem_file(folder):
                removed.append(folder / PROBLEM_FILE)
    return removed


def check_templates(folder: Path | None, template_seconds: float = TEMPLATE_SECONDS) -> list[TemplateReport]:
    """Check every document's template in a folder (or the default one where the folder has none).

    Each template without a problem in its text is rendered on the sample plans too (assembler's
    example and a near-empty plan), in a worker process stopped after `template_seconds`.
    """
    return template_files.check_templates(folder, template_trial(template_seconds))


def template_trial(template_seconds: float, workers: Workers | None = None) -> Trial:
    """Return how templates are tried: rendered on the sample plans in one of `workers` (or a worker of its own)."""

    def run(paths: Sequence[Path]) -> dict[Path, Tried]:
        with Workers(1, template_seconds) if workers is None else nullcontext(workers) as chosen:
            outcomes = list(chosen.map(_try_template, paths))
        return {path: tried_in_worker(path, outcome) for path, outcome in zip(paths, outcomes, strict=True)}

    return Trial(samples_fingerprint(), run)


def tried_in_worker(path: Path, outcome: list[TemplateIssue] | Stopped) -> Tried:
    """Return what trying a template in a worker gave: its issues, or why the worker was stopped (not kept)."""
    if isinstance(outcome, list):
        return Tried(outcome)
    return Tried([TemplateIssue(path.name, "", describe_stopped_trial(outcome))], lasting=False)


def _try_template(path: Path, step: Step) -> list[TemplateIssue]:
    return trial_issues(path, sample_contexts(), step)


def tried_here(starting: Step, paths: Sequence[Path]) -> dict[Path, Tried]:
    """Return what trying templates in this process gave (`starting` bounds each, as a worker's step)."""
    return {path: Tried(trial_issues(path, sample_contexts(), starting)) for path in paths}


@cache
def sample_contexts() -> tuple[Sample, ...]:
    """Return the sample plans templates are tried on, with their contexts (made once per process)."""
    vocabulary = load_vocabulary()
    return tuple(
        Sample(label, plan, build_context(plan, compute_figures(plan, vocabulary), vocabulary))
        for label, plan in sample_plans()
    )


def recorded_inputs_hash(out: Path, folder_name: str) -> str:
    """Return the inputs hash recorded when a plan's reports were last written ('' when never)."""
    return last_inputs_hash(out / folder_name)


def template_warnings(reports: Sequence[TemplateReport]) -> list[TemplateIssue]:
    """Return where checked templates write a report's name that changes with the plan's year as plain text."""
    from assembler.context.base import lower_first

    vocabulary = load_vocabulary()
    fields: dict[str, str] = {}
    for kind in vocabulary.status_reports:
        fields |= {kind.name: "rapport.navn", lower_first(kind.name): "rapport.navn_i_tekst"}
        fields[kind.referat] = "rapport.referat"
    exempt = (BESTYRELSE.header("deltager"),)  # the column's name, which stays the same every year
    return [issue for report in reports for issue in literal_names(report.path, fields, exempt)]


def template_fields() -> list[str]:
    """Return the lines describing every field and loop a template may use."""
    return format_fields(describe_fields())


def write_blank_workbook(
    path: Path, frame_key: str = "2019-26", first_year: int | None = None, names: KnownNames | None = None
) -> None:
    """Write an empty input workbook (openpyxl's writer is imported only for this)."""
    from assembler.contract import blank

    blank.write_blank_workbook(path, frame_key, first_year, names)
