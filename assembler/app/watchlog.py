"""The watcher's log lines: one per build, saying what was written or what is wrong and where."""

from __future__ import annotations

from pathlib import Path

from assembler import pipeline
from assembler.danish import format_count

# What happened to the reports, in the order the log line says it.
CLAUSES = (
    (pipeline.Outcome.WRITTEN, "skrev"),
    (pipeline.Outcome.UPDATED, "opdaterede"),
    (pipeline.Outcome.NOT_UPDATED, "opdaterede ikke"),
    (pipeline.Outcome.UNCHANGED, "ingen ændringer i"),
)


def describe_result(result: pipeline.PlanResult, folder: Path) -> str:
    """Return one log line for a build: what happened to the reports, or the problems and where they are listed.

    The reports are named by what happened to them, as `build` prints them: »skrev A, B i <mappe>;
    ingen ændringer i C«; the folder follows the first clause.
    """
    where = result.source.location
    problems = " | ".join(str(p).replace("\r", " ").replace("\n", " ") for p in result.problems)
    if not result.ok:
        errors = format_count(sum(1 for p in result.problems if not p.warning), "fejl", "fejl")
        return f"{where}: ikke bygget, {errors} (se {folder / 'FEJL.txt'}): {problems}"
    clauses = []
    for outcome, verb in CLAUSES:
        named = [report_named(item) for item in result.written if item.outcome is outcome]
        if named:
            clauses.append(f"{verb} {', '.join(named)}")
    if clauses:
        clauses[0] += f" i {folder}"
    line = f"{where}: {'; '.join(clauses) or f'skrev ingen rapporter i {folder}'}"
    if problems:
        line += " | " + problems
    return line


def polling_interval(seconds: float) -> str:
    """Return how often the folder is looked at: 'med 1 sekunds mellemrum', 'med 0,5 sekunders mellemrum'."""
    return f"med {format_count(seconds, 'sekunds', 'sekunders')} mellemrum"


def report_named(item: pipeline.Written) -> str:
    """Return a report's name for a log line, with what was done or why not in parentheses."""
    if item.note:
        return f"{item.path.name} ({item.note})"
    if item.kept is not None:
        return f"{item.path.name} ({item.kept.name} er redigeret og ikke rørt)"
    return item.path.name
