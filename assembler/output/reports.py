"""Writing reports safely: atomic saves, a manifest of what was written, edited files kept."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from assembler.boundary import decoded_name, describe_existing_error, describe_write_error, write_reason
from assembler.errors import OutputError
from assembler.output.atomic import commit, remove_temporary_files, write_atomically, write_temporary

MANIFEST_NAME = ".assembler-manifest.json"
LOCK_NAME = ".assembler.lock"
LOCK_TIMEOUT_SECONDS = 60.0
MAX_NAME_BYTES = 150
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f]')
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
    """What assembler wrote in one output folder: file name → SHA-256 of the bytes written.

    `previous` holds, while a build is renaming its files into place, the hash of the bytes each
    file had before: after a crash at any point a file holds one or the other, and both count as
    written by assembler (write-ahead), so the next build neither loses an edit nor invents one.
    """

    folder: Path
    files: dict[str, str] = field(default_factory=dict)
    inputs_hash: str = ""
    was_corrupt: bool = False
    previous: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """Read a folder's manifest; a missing or unreadable one counts as empty."""
        path = folder / MANIFEST_NAME
        try:
            raw = json.loads(path.read_text("utf-8"))
            files = {str(k): str(v["sha256"]) for k, v in raw["files"].items()}
            previous = {str(k): str(v["previous"]) for k, v in raw["files"].items() if "previous" in v}
            return cls(folder, files, str(raw.get("inputs_sha256", "")), previous=previous)
        except FileNotFoundError:
            return cls(folder)
        except (ValueError, KeyError, TypeError, AttributeError, OSError):
            return cls(folder, was_corrupt=True)

    def current_digest(self, name: str) -> str | None:
        """Return the SHA-256 of a file in the folder as it is now (None: there is none); OSError when unreadable."""
        path = self.folder / name
        if not os.path.lexists(path):
            return None
        return sha256_of(path.read_bytes())

    def is_unedited(self, name: str) -> bool:
        """True when a file is exactly as assembler wrote it (or does not exist); OSError when it cannot be read."""
        digest = self.current_digest(name)
        return digest is None or digest in (self.files.get(name), self.previous.get(name))

    def expect(self, name: str, digest: str, current: str | None) -> None:
        """Record a file about to be renamed into place: its new hash, and the hash it has until then."""
        self.files[name] = digest
        if current is None:
            self.previous.pop(name, None)
        else:
            self.previous[name] = current

    def settle(self, names: list[str]) -> None:
        """Forget the old hashes of files now renamed into place."""
        for name in names:
            self.previous.pop(name, None)

    def save(self) -> None:
        """Write the manifest atomically."""
        entries: dict[str, dict[str, str]] = {}
        for name, digest in sorted(self.files.items()):
            entries[name] = {"sha256": digest}
            if name in self.previous:
                entries[name]["previous"] = self.previous[name]
        payload: dict[str, Any] = {
            "version": 1,
            "written": datetime.now().isoformat(timespec="seconds"),
            "inputs_sha256": self.inputs_hash,
            "files": entries,
        }
        data = json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")
        write_atomically(self.folder / MANIFEST_NAME, data)


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


@dataclass(frozen=True)
class WriteResult:
    """What was written into a plan's folder, and whether its manifest had to be started over."""

    written: list[Written]
    manifest_was_corrupt: bool = False


@dataclass(frozen=True)
class Staged:
    """A report written to a temporary file beside its target, not yet renamed into place."""

    target: str
    kept: Path | None
    temporary: Path
    digest: str
    current: str | None


def write_reports(
    folder: Path, reports: list[tuple[str, bytes]], inputs_hash: str, *, force: bool = False
) -> WriteResult:
    """Write reports into a folder; a file edited since assembler wrote it gets its new version beside it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(describe_write_error(folder, err)) from err
    # Another build of the same plan (a second run, a watcher) waits here: two writers reading the
    # same manifest would each take the other's fresh report for one a person had edited.
    with locked(folder):
        remove_temporary_files(folder)  # whoever else wrote here held the lock: these are a dead build's
        return _write_reports(folder, reports, inputs_hash, force=force)


def _write_reports(folder: Path, reports: list[tuple[str, bytes]], inputs_hash: str, *, force: bool) -> WriteResult:
    manifest = Manifest.load(folder)
    staged: list[Staged] = []
    try:
        for name, data in reports:
            staged.append(stage_report(manifest, name, data, force=force))
        # Write-ahead: the manifest knows the new bytes (and the old ones) before any file is renamed.
        for item in staged:
            manifest.expect(item.target, item.digest, item.current)
        save_manifest(manifest, renamed=False)
        for item in staged:
            commit(item.temporary, folder / item.target)
        manifest.settle([item.target for item in staged])
        manifest.inputs_hash = inputs_hash  # only now: a watcher that sees it takes the build as done
        save_manifest(manifest, renamed=True)
    finally:
        for item in staged:
            with suppress(OSError):
                os.unlink(item.temporary)
    written = [Written(folder / item.target, item.kept) for item in staged]
    return WriteResult(written, manifest.was_corrupt)


def stage_report(manifest: Manifest, name: str, data: bytes, *, force: bool) -> Staged:
    """Choose where a report goes (beside an edited one) and write it to a temporary file there."""
    folder = manifest.folder
    try:
        current = manifest.current_digest(name)
    except OSError as err:
        raise OutputError(describe_existing_error(folder / name, err)) from err
    target, kept = name, None
    if not force and current is not None and current not in (manifest.files.get(name), manifest.previous.get(name)):
        try:
            target, kept = name_beside(manifest, name), folder / name
            current = manifest.current_digest(target)
        except OSError as err:
            raise OutputError(describe_existing_error(folder / target, err)) from err
    try:
        temporary = write_temporary(folder / target, data)
    except OSError as err:
        raise OutputError(describe_write_error(folder / target, err)) from err
    return Staged(target, kept, temporary, sha256_of(data), current)


def save_manifest(manifest: Manifest, *, renamed: bool) -> None:
    """Save a manifest; a failure is an OutputError saying whether the reports were renamed into place yet."""
    try:
        manifest.save()
    except OSError as err:
        state = "Rapporterne er skrevet." if renamed else "Ingen rapport er ændret."
        message = (
            f"kunne ikke skrive assemblers liste over skrevne filer ({MANIFEST_NAME}): {write_reason(err)}. {state}"
        )
        raise OutputError(message) from err


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


def name_beside(manifest: Manifest, name: str) -> str:
    """Return 'X (ny).docx', or 'X (ny 2).docx' and so on, the first not edited by a person."""
    stem, suffix = os.path.splitext(name)
    number = 1
    while True:
        candidate = f"{stem} (ny){suffix}" if number == 1 else f"{stem} (ny {number}){suffix}"
        if manifest.is_unedited(candidate):
            return candidate
        number += 1
