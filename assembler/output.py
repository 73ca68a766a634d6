"""Writing reports safely: atomic saves, a manifest of what was written, edited files kept."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from .errors import OutputError

MANIFEST_NAME = ".assembler-manifest.json"
LOCK_NAME = ".assembler.lock"
LOCK_TIMEOUT_SECONDS = 60.0
MAX_NAME_BYTES = 150
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)(\..*)?", re.IGNORECASE)


@dataclass(frozen=True)
class Written:
    """A report written; `kept` is the edited file left untouched when it went beside it.

    `note` says what was done to a report updated in place, or why it could not be (living.py);
    `unchanged` is True when an update found nothing to change and left the file as it was.
    """

    path: Path
    kept: Path | None = None
    note: str = ""
    unchanged: bool = False


@dataclass
class Manifest:
    """What assembler wrote in one output folder: file name → SHA-256 of the bytes written."""

    folder: Path
    files: dict[str, str] = field(default_factory=dict)
    inputs_hash: str = ""
    was_corrupt: bool = False

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """Read a folder's manifest; a missing or unreadable one counts as empty."""
        path = folder / MANIFEST_NAME
        try:
            raw = json.loads(path.read_text("utf-8"))
            files = {str(k): str(v["sha256"]) for k, v in raw["files"].items()}
            return cls(folder, files, str(raw.get("inputs_sha256", "")))
        except FileNotFoundError:
            return cls(folder)
        except (ValueError, KeyError, TypeError, AttributeError, OSError):
            return cls(folder, was_corrupt=True)

    def is_unedited(self, name: str) -> bool:
        """True when a file is exactly as assembler wrote it (or does not exist)."""
        path = self.folder / name
        if not path.exists():
            return True
        return self.files.get(name) == sha256_of(path.read_bytes())

    def save(self) -> None:
        """Write the manifest atomically."""
        payload: dict[str, Any] = {
            "version": 1,
            "written": datetime.now().isoformat(timespec="seconds"),
            "inputs_sha256": self.inputs_hash,
            "files": {name: {"sha256": digest} for name, digest in sorted(self.files.items())},
        }
        data = json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")
        write_atomically(self.folder / MANIFEST_NAME, data)


def sha256_of(data: bytes) -> str:
    """Return the hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def safe_name(name: str, suffix: str = "") -> str:
    """Return a name usable as a file or folder name on Windows, macOS and Linux, ending in the suffix given."""
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE_CHARS.sub("-", text).strip(" .")
    if reserved := _WINDOWS_RESERVED.fullmatch(text):
        # Windows reserves the device name before any extension too ('aux.plan'), so mark the name itself.
        text = f"{reserved.group(1)}_{reserved.group(2) or ''}"
    encoded = text.encode("utf-8")[: MAX_NAME_BYTES - len(suffix.encode("utf-8"))]
    text = encoded.decode("utf-8", errors="ignore").strip(" .")
    return (text or "plan") + suffix


@dataclass(frozen=True)
class WriteResult:
    """What was written into a plan's folder, and whether its manifest had to be started over."""

    written: list[Written]
    manifest_was_corrupt: bool = False


def write_reports(
    folder: Path, reports: list[tuple[str, bytes]], inputs_hash: str, *, force: bool = False
) -> WriteResult:
    """Write reports into a folder; a file edited since assembler wrote it gets its new version beside it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(describe_os_error(folder, err)) from err
    # Another build of the same plan (a second run, a watcher) waits here: two writers reading the
    # same manifest would each take the other's fresh report for one a person had edited.
    with locked(folder):
        return _write_reports(folder, reports, inputs_hash, force=force)


def _write_reports(folder: Path, reports: list[tuple[str, bytes]], inputs_hash: str, *, force: bool) -> WriteResult:
    manifest = Manifest.load(folder)
    manifest.inputs_hash = inputs_hash
    written = []
    for name, data in reports:
        target, kept = name, None
        if not force and not manifest.is_unedited(name):
            target, kept = name_beside(manifest, name), folder / name
        try:
            write_atomically(folder / target, data)
            # Recorded after every file, so a failure later never leaves a report unaccounted for.
            manifest.files[target] = sha256_of(data)
            manifest.save()
        except OSError as err:
            raise OutputError(describe_os_error(folder / target, err)) from err
        written.append(Written(folder / target, kept))
    return WriteResult(written, manifest.was_corrupt)


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
            raise OutputError(describe_os_error(folder / LOCK_NAME, err)) from err
        raise


def name_beside(manifest: Manifest, name: str) -> str:
    """Return 'X (ny).docx', or 'X (ny 2).docx' and so on, the first not edited by a person."""
    stem, suffix = os.path.splitext(name)
    number = 1
    while True:
        candidate = f"{stem} (ny){suffix}" if number == 1 else f"{stem} (ny {number}){suffix}"
        if manifest.is_unedited(candidate):
            return candidate
        number += 1


def write_atomically(path: Path, data: bytes) -> None:
    """Write bytes to a temporary file beside the target, then rename it over the target."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".~assembler-", suffix=".tmp")
    try:
        # mkstemp creates the file readable by its owner only; colleagues on a shared drive
        # must be able to open the reports, so give it the mode a normal save would.
        os.chmod(temporary, 0o666 & ~current_umask())
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


@cache
def current_umask() -> int:
    """Return the process's umask (reading it means setting it, so it is read once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def describe_os_error(path: Path, err: OSError) -> str:
    """Return a Danish message for a failed write, saying that the file there is as it was."""
    reasons = {
        errno.ENOSPC: "disken er fuld",
        errno.EDQUOT: "der er ikke mere plads til jer på drevet",
        errno.EACCES: "der er ikke skriveadgang, eller filen er åben i et andet program (så luk den)",
        errno.EPERM: "der er ikke skriveadgang",
        errno.EROFS: "drevet er skrivebeskyttet",
        errno.EEXIST: "der ligger en fil med samme navn som mappen",
        errno.ENOTDIR: "der ligger en fil med samme navn som mappen",
        errno.EISDIR: "der ligger en mappe med samme navn",
        errno.ENAMETOOLONG: "navnet er for langt",
    }
    reason = reasons.get(err.errno or 0, err.strerror or type(err).__name__)
    return f"kunne ikke skrive {path.name}: {reason}. {path.name} er ikke ændret."
