"""FEJL.txt: a plan's problems, written beside its reports while it cannot be built and removed once it can.

Only a FEJL.txt assembler wrote is ever removed: it is told from one a person wrote by its first two
lines (the second promises that assembler removes it), as every release has written them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from assembler.boundary import printable
from assembler.danish import format_short_date
from assembler.errors import Problem
from assembler.output.atomic import remove_temporary_files, write_atomically
from assembler.output.reports import locked

PROBLEM_FILE = "FEJL.txt"
FIRST_WORDS = "Rapporterne for "
PROMISE = "Ret fejlene herunder i projektmappen og gem den. Så bygger assembler rapporterne igen og fjerner denne fil."
HEAD_BYTES = 4096  # the two lines that tell assembler's FEJL.txt are far shorter, with a plan's name escaped


def problem_text(plan: str, problems: Sequence[Problem], when: datetime) -> str:
    """Return FEJL.txt's text: what happened, what to do, then one problem a line."""
    lines = [
        f"{FIRST_WORDS}{printable(plan)} kunne ikke bygges {format_short_date(when)} kl. {when:%H.%M}.",
        PROMISE,
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
    """Remove a plan's FEJL.txt if assembler wrote it (OSError when it cannot be); return True when it was removed."""
    path = folder / PROBLEM_FILE
    if not os.path.lexists(path):
        return False
    with locked(folder):
        if not is_assembler_problem_file(path):
            return False
        path.unlink(missing_ok=True)
    return True


def is_assembler_problem_file(path: Path) -> bool:
    """True when a FEJL.txt begins as assembler writes it; one a person wrote does not."""
    try:
        with path.open("rb") as file:
            head = file.read(HEAD_BYTES)
    except OSError:
        return False
    lines = head.decode("utf-8", errors="replace").splitlines()
    return len(lines) > 1 and lines[0].startswith(FIRST_WORDS) and lines[1] == PROMISE
