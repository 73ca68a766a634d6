"""Showing a batch's progress: a bar on a terminal for more than a few plans, nothing extra elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

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
