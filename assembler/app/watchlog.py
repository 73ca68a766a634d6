"""The watcher's log lines: one per build, saying what was written or what is wrong and where."""

from __future__ import annotations

from pathlib import Path

from assembler import pipeline
from assembler.danish import format_count


def describe_result(result: pipeline.PlanResult, folder: Path) -> str:
    """Return one log line for a build: the files written, or the problems and where they are listed."""
    where = result.source.location
    problems = " | ".join(str(p).replace("\r", " ").replace("\n", " ") for p in result.problems)
    if not result.ok:
        errors = format_count(sum(1 for p in result.problems if not p.warning), "fejl", "fejl")
        return f"{where}: ikke bygget, {errors} (se {folder / 'FEJL.txt'}): {problems}"
    written = []
    for item in result.written:
        text = item.path.name
        if item.note:
            text += f" ({item.note})"
        elif item.kept is not None:
            text += f" ({item.kept.name} er redigeret og ikke rørt)"
        written.append(text)
    line = f"{where}: skrev {', '.join(written)} i {folder}"
    if problems:
        line += " | " + problems
    return line


def polling_interval(seconds: float) -> str:
    """Return how often the folder is looked at: 'med 1 sekunds mellemrum', 'med 0,5 sekunders mellemrum'."""
    return f"med {format_count(seconds, 'sekunds', 'sekunders')} mellemrum"
