"""Writing reports safely: what a written report is, names safe on every system, the folder's lock."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from filelock import FileLock, Timeout

from assembler.boundary import decoded_name, describe_write_error
from assembler.errors import OutputError

LOCK_NAME = ".assembler.lock"
LOCK_TIMEOUT_SECONDS = 60.0
MAX_NAME_BYTES = 150
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f]')
_WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)(\..*)?", re.IGNORECASE)


class Outcome(Enum):
    """What a build did with one report."""

    WRITTEN = "written"  # written as rendered: a new file, or one whose content changed
    UPDATED = "updated"  # an edited report updated in place, or a report renamed
    UNCHANGED = "unchanged"  # its content would be the same: the file is left as it is
    NOT_UPDATED = "not updated"  # left alone: open in Word or LibreOffice, or saved while assembler wrote it


@dataclass(frozen=True)
class Written:
    """What happened to one report: its file, what was done (`outcome`), and the words for why.

    `kept` is the edited file left untouched when the report went beside it; `note` says what was
    done to a report updated in place, or why it was not (living/write.py); `saved_meanwhile` when
    a person saved it while it was being updated, so it is to be built again.
    """

    path: Path
    kept: Path | None = None
    note: str = ""
    outcome: Outcome = Outcome.WRITTEN
    saved_meanwhile: bool = False

    @property
    def changed(self) -> bool:
        """True when the file was written (or renamed): what a count of written documents counts."""
        return self.outcome in (Outcome.WRITTEN, Outcome.UPDATED)


def sha256_of(data: bytes) -> str:
    """Return the hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def safe_name(name: str, suffix: str = "") -> str:
    """Return a name usable as a file or folder name on Windows, macOS and Linux, ending in the suffix given."""
    text = decoded_name(name)
    text = _UNSAFE_CHARS.sub("-", text).strip(" .")
    if reserved := _WINDOWS_RESERVED.fullmatch(text):
        # Windows reserves the device name before any extension too ('aux.plan'), so mark the name itself.
        text = f"{reserved.group(1)}_{reserved.group(2) or ''}"
    encoded = text.encode("utf-8")[: MAX_NAME_BYTES - len(suffix.encode("utf-8"))]
    text = encoded.decode("utf-8", errors="ignore").strip(" .")
    return (text or "plan") + suffix


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold a folder's lock file while writing in it; wait at most LOCK_TIMEOUT_SECONDS for it."""
    try:
        with FileLock(folder / LOCK_NAME, timeout=LOCK_TIMEOUT_SECONDS):
            yield
    except Timeout as err:
        raise OutputError(
            f"en anden kørsel af assembler har skrevet i {folder.name} i over {LOCK_TIMEOUT_SECONDS:.0f} sekunder. "
            "Vent, til den er færdig, og prøv igen"
        ) from err
    except OSError as err:
        if err.filename is not None and Path(err.filename).name == LOCK_NAME:
            raise OutputError(describe_write_error(folder / LOCK_NAME, err)) from err
        raise


def names_beside(name: str) -> Iterator[str]:
    """Yield 'X (ny).docx', 'X (ny 2).docx' and so on: the names for a report written beside 'X.docx'."""
    stem, suffix = os.path.splitext(name)
    yield f"{stem} (ny){suffix}"
    for number in itertools.count(2):
        yield f"{stem} (ny {number}){suffix}"
