"""Files written whole or not at all: a temporary file beside the target, renamed into place.

A file a person may be saving at the same moment (a report) is only ever replaced by
`replace_unchanged`, which never replaces bytes it was not given the hash of. Every write step ends
in `crash_point`, the crash tests' power cut (see CRASH_ENV).
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import os
import tempfile
from contextlib import suppress
from functools import cache
from pathlib import Path

TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".~assembler-", ".tmp"
# A report taken aside for the moment of its replacement is called this plus its name (see replace_unchanged).
HELD_PREFIX = ".~assembler-held-"
# File systems without hard links (FAT, some SMB mounts) answer os.link with one of these.
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK, errno.EXDEV}
# Tests set this to N to make the process end after its N-th write step (see crash_point).
CRASH_ENV = "ASSEMBLER_CRASH_AFTER_STEP"
CRASH_EXIT_CODE = 70
_STEPS = itertools.count(1)


def remove_temporary_files(folder: Path) -> None:
    """Clean up after a build that died in a folder: its temporary files go, a report it held goes back."""
    with suppress(OSError):
        for path in folder.glob(f"{TEMPORARY_PREFIX}*{TEMPORARY_SUFFIX}"):
            with suppress(OSError):
                path.unlink()
        for held in folder.glob(f"{HELD_PREFIX}*"):
            # Back under its name; when a file stands there again, that file came later and supersedes it.
            with suppress(OSError):
                put_back(held, folder / held.name.removeprefix(HELD_PREFIX))


def replace_unchanged(temporary: Path, target: Path, expected: str | None) -> bool:
    """Put a staged file in `target`'s place if `target` still holds the bytes whose SHA-256 is `expected`
    (None: no file is there); return False, leaving `target` as it is, when a save came in meanwhile.

    The file is first taken aside (renamed to a held name, as Word does when it saves) and its bytes
    compared; the new file is then linked in only where no file stands. A save landing before the
    take is found by the comparison, one landing after it stands where the new file would go: either
    way it is never replaced. (For the moment between the take and the link, the name is free.)
    After a power cut, `remove_temporary_files` puts a held file back.
    """
    if expected is None:
        return place(temporary, target)
    held = target.with_name(HELD_PREFIX + target.name)
    try:
        os.rename(target, held)
    except FileNotFoundError:  # moved or deleted meanwhile: that was a person too
        return False
    crash_point()
    placed = False
    try:
        placed = digest_of_file(held) == expected and place(temporary, target)
    finally:
        if placed:
            os.unlink(held)
            crash_point()
        else:
            put_back(held, target)
    return placed


def place(source: Path, target: Path) -> bool:
    """Give `source` the name `target` only where no file stands (False when one does); `source` goes."""
    try:
        os.link(source, target)
    except FileExistsError:
        return False
    except OSError as err:
        if err.errno not in _NO_HARD_LINKS:
            raise
        # Without hard links the check and the rename are two steps: a save landing in the moment
        # between them is replaced.
        if os.path.lexists(target):
            return False
        os.rename(source, target)
    else:
        os.unlink(source)
    crash_point()
    return True


def put_back(held: Path, target: Path) -> None:
    """Return a held file to its name; if a save stands there now, it came later and the held file goes."""
    if not place(held, target):
        os.unlink(held)


def digest_of_file(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


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
