"""Files written whole or not at all: a temporary file beside the target, renamed into place.

Every write step ends in `crash_point`, the crash tests' power cut (see CRASH_ENV).
"""

from __future__ import annotations

import itertools
import os
import tempfile
from contextlib import suppress
from functools import cache
from pathlib import Path

from assembler.boundary import describe_write_error
from assembler.errors import OutputError

TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".~assembler-", ".tmp"
# Tests set this to N to make the process end after its N-th write step (see crash_point).
CRASH_ENV = "ASSEMBLER_CRASH_AFTER_STEP"
CRASH_EXIT_CODE = 70
_STEPS = itertools.count(1)


def commit(temporary: Path, target: Path) -> None:
    """Rename a staged file over its target; a failure is an OutputError naming the target."""
    try:
        os.replace(temporary, target)
    except OSError as err:
        raise OutputError(describe_write_error(target, err)) from err
    crash_point()


def remove_temporary_files(folder: Path) -> None:
    """Remove temporary files a build that died left in a folder."""
    with suppress(OSError):
        for path in folder.glob(f"{TEMPORARY_PREFIX}*{TEMPORARY_SUFFIX}"):
            with suppress(OSError):
                path.unlink()


def write_atomically(path: Path, data: bytes) -> None:
    """Write bytes to a temporary file beside the target, then rename it over the target."""
    temporary = write_temporary(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    crash_point()


def write_temporary(path: Path, data: bytes) -> Path:
    """Write bytes, whole and on the disk, to a new temporary file beside `path`; return its path."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX)
    try:
        # mkstemp creates the file readable by its owner only; colleagues on a shared drive
        # must be able to open the reports, so give it the mode a normal save would.
        os.chmod(temporary, 0o666 & ~current_umask())
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    crash_point()
    return Path(temporary)


def crash_point() -> None:
    """End the process at once after the N-th write step when CRASH_ENV=N: the crash tests' power cut."""
    limit = os.environ.get(CRASH_ENV)
    if limit is not None and next(_STEPS) >= int(limit):
        os._exit(CRASH_EXIT_CODE)


@cache
def current_umask() -> int:
    """Return the process's umask (reading it means setting it, so it is read once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
