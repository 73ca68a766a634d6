"""FEJL.txt: a plan's problems, written beside its reports while it cannot be built and removed once it can."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from assembler.boundary import printable
from assembler.danish import format_short_date
from assembler.errors import Problem
from assembler.output.atomic import remove_temporary_files, write_atomically
from assembler.output.reports import locked

PROBLEM_FILE = "FEJL.txt"


def problem_text(plan: str, problems: Sequence[Problem], when: datetime) -> str:
    """Return FEJL.txt's text: what happened, what to do, then one problem a line."""
    lines = [
        f"Rapporterne for {printable(plan)} kunne ikke bygges {format_short_date(when)} kl. {when:%H.%M}.",
        "Ret fejlene herunder i projektmappen og gem den. Så bygger assembler rapporterne igen og fjerner denne fil.",
        "Rapporter, der allerede ligger i mappen, er bygget fra en tidligere udgave af projektmappen.",
        "",
        *(str(p) for p in problems),
    ]
    return "\n".join(lines) + "\n"


def write_problem_file(folder: Path, plan: str, problems: Sequence[Problem], when: datetime) -> Path:
    """Write FEJL.txt into a plan's output folder (atomically) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PROBLEM_FILE
    with locked(folder):  # under the lock, temporary files found here are a dead build's
        remove_temporary_files(folder)
        write_atomically(path, problem_text(plan, problems, when).encode("utf-8"))
    return path


def remove_problem_file(folder: Path) -> bool:
    """Remove a plan's FEJL.txt; return True when there was one."""
    with suppress(FileNotFoundError):
        (folder / PROBLEM_FILE).unlink()
        return True
    return False
