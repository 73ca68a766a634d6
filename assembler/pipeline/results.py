"""What the pipeline hands back: the plans found, and each plan's result with its problems."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from assembler.batch import Stopped, describe_stopped
from assembler.errors import AssemblerError, InputError, Location, Problem, TemplateError
from assembler.output.reports import Written
from assembler.read.sources import PlanSource


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
    manifest_was_corrupt: bool = False

    @property
    def ok(self) -> bool:
        """True when the plan had no errors (warnings allowed)."""
        return all(p.warning for p in self.problems)


@dataclass
class Batch:
    """A build under way: the plans found, and their results in the plans' order as they finish."""

    plans: list[FoundPlan]
    results: Iterator[PlanResult]

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
