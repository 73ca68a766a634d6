"""What the command line prints: a batch's progress bar, what was written, problems and the summary."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from assembler.pipeline import PlanResult, Written

T = TypeVar("T")

# Up to this many plans the printed lines are progress enough.
FEW = 3


@contextmanager
def progress_bar(total: int, description: str) -> Iterator[Callable[[], None]]:
    """Show a progress bar while the block runs (on a terminal, for more than a few); yield 'one more done'."""
    if total <= FEW:
        yield lambda: None
        return
    from rich.console import Console

    console = Console()
    if not console.is_terminal:  # CI and log files get the plain lines only
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # Lines printed meanwhile (click.echo to stdout or stderr) appear above the bar, which is
    # removed at the end so the summary follows the last line.
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda: progress.advance(task)


def require_exists(inputs: Path) -> None:
    """Stop with a usage error when the inputs folder or file is not there."""
    if not inputs.exists():
        raise click.UsageError(f"'{inputs}' findes ikke. Angiv mappen med projektmapperne.")


def run_safely(action: Callable[[], T]) -> T:
    """Run an action; an AssemblerError becomes a Danish message and exit code 1."""
    from assembler.errors import AssemblerError, TemplateError

    try:
        return action()
    except TemplateError as err:
        for issue in err.issues:
            click.echo(issue, err=True)
        fail("skabelonerne har fejl, så intet er skrevet. Ret dem i Word og prøv igen.")
    except AssemblerError as err:
        fail(str(err))


def fail(message: str) -> NoReturn:
    """Print an error on stderr and exit with code 1."""
    click.echo(f"Fejl: {message}", err=True)
    sys.exit(1)


def display_path(path: Path) -> str:
    """Return a path relative to the working folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def report_written(result: PlanResult) -> None:
    """Print one line per report of a plan: written, updated in place, unchanged, or why it was not updated."""
    for item in result.written:
        click.echo(describe_written(item))


def describe_written(item: Written) -> str:
    """Return the line for one report, beginning with what happened to it."""
    from assembler.pipeline import Outcome

    verbs = {
        Outcome.WRITTEN: "Skrev",
        Outcome.UPDATED: "Opdaterede",
        Outcome.UNCHANGED: "Ingen ændringer i",
        Outcome.NOT_UPDATED: "Opdaterede ikke",
    }
    line = f"{verbs[item.outcome]} {display_path(item.path)}"
    note = item.note
    if not note and item.kept is not None:
        note = f"{item.kept.name} er redigeret, siden assembler skrev den, og er ikke rørt"
        note += " (brug --force for at erstatte den)"
    if not note:
        return line
    # A file written beside an edited one says why after a dash; the others after a colon.
    return f"{line} – {note}" if item.outcome is Outcome.WRITTEN or item.kept is not None else f"{line}: {note}"


def removed_problem_file(path: str, inputs: str) -> str:
    """Return the line for a FEJL.txt removed because its plan is no longer in the inputs folder (paths as shown)."""
    return f"Fjernede {path}: helhedsplanen ligger ikke længere i {inputs}."


def report_problems(result: PlanResult) -> None:
    """Print a plan's problems, one line each, on stderr."""
    for problem in result.problems:
        click.echo(str(problem), err=True)


def summarize(results: Sequence[PlanResult], done: str) -> None:
    """Print how many plans went well and how many had problems."""
    if not results:
        click.echo("Fandt ingen helhedsplaner (.xlsx-filer eller mapper med .xlsx-filer).")
        return
    from assembler.danish import format_count, format_integer

    good = sum(1 for r in results if r.ok)
    bad = len(results) - good
    line = f"{format_integer(good)} af {format_count(len(results), 'helhedsplan', 'helhedsplaner')} {done}"
    click.echo(line + (f"; {format_integer(bad)} med fejl." if bad else "."))


def documents_written(results: Sequence[PlanResult], seconds: float) -> str:
    """Return the line saying how many documents were written and how long it took, then those left as they were."""
    from assembler.danish import format_count, format_integer
    from assembler.pipeline import Outcome

    reports = [item for result in results for item in result.written]
    documents = format_count(sum(1 for item in reports if item.changed), "dokument", "dokumenter")
    line = f"{documents} skrevet på {format_count(round(seconds, 1), 'sekund', 'sekunder')}"
    unchanged = sum(1 for item in reports if item.outcome is Outcome.UNCHANGED)
    not_updated = sum(1 for item in reports if item.outcome is Outcome.NOT_UPDATED)
    others = []
    if unchanged:
        others.append(f"{format_integer(unchanged)} uden ændringer")
    if not_updated:
        others.append(f"{format_integer(not_updated)} blev ikke opdateret (se ovenfor)")
    return f"{line}; {', '.join(others)}." if others else f"{line}."


def exit_code(results: Sequence[PlanResult]) -> int:
    """Return 0 when every plan went well, 1 when any had problems."""
    return 0 if all(r.ok for r in results) else 1
