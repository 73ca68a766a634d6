"""The two files release a749f21 kept in an output folder, read once to make its state (see state.py).

`.assembler-manifest.json` held each file's SHA-256 (and, while a build renamed files into place,
the `previous` one); `.assembler-rammer.json` held each report's record of its controls (and, while
an update was written, the `pending` one). Both carried `"version": 1`. A crash could leave either
write-ahead half: the bytes on disk say which half counts, as they did for that release.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assembler.output.atomic import digest_of_file

MANIFEST_NAME = ".assembler-manifest.json"
RECORD_NAME = ".assembler-rammer.json"
LEGACY_VERSION = 1


@dataclass(frozen=True)
class LegacyFile:
    """A file the old release wrote: its name, the SHA-256 it wrote, whether it was updated in place, its record."""

    name: str
    sha256: str
    in_place: bool
    payload: dict[str, Any] | None


@dataclass
class Legacy:
    """What the old files say, the files read whole (to remove once the state is saved), and lines about the rest."""

    files: list[LegacyFile] = field(default_factory=list)
    inputs_hash: str = ""
    read: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Unreadable(Exception):
    pass


def read_legacy(folder: Path) -> Legacy | None:
    """Return what an old release's files in a folder say, or None when it has none."""
    manifest_path, records_path = folder / MANIFEST_NAME, folder / RECORD_NAME
    if not (os.path.lexists(manifest_path) or os.path.lexists(records_path)):
        return None
    legacy = Legacy()
    hashes: dict[str, str] = {}
    if os.path.lexists(manifest_path):
        try:
            hashes, legacy.inputs_hash = _manifest(folder, _json_of(manifest_path))
            legacy.read.append(manifest_path)
        except _Unreadable:
            legacy.notes.append(
                f"{MANIFEST_NAME} fra en tidligere udgave af assembler kan ikke læses og er ikke ændret; "
                "rapporterne i mappen er derfor ikke rørt, og de nye er skrevet ved siden af"
            )
    records: dict[str, dict[str, Any]] = {}
    if os.path.lexists(records_path):
        try:
            records = _records(folder, _json_of(records_path))
            legacy.read.append(records_path)
        except _Unreadable:
            legacy.notes.append(
                f"{RECORD_NAME} fra en tidligere udgave af assembler kan ikke læses og er ikke ændret; "
                "rapporter, I har rettet, kan derfor ikke opdateres og skrives ved siden af"
            )
    for name, digest in hashes.items():
        record = records.get(name)
        merged = record is not None and record.get("merged") is True
        legacy.files.append(LegacyFile(name, digest, merged, record))
    return legacy


def _json_of(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as err:
        raise _Unreadable from err
    if not isinstance(raw, dict) or raw.get("version") != LEGACY_VERSION:
        raise _Unreadable
    return raw


def _manifest(folder: Path, raw: dict[str, Any]) -> tuple[dict[str, str], str]:
    """Return each file's SHA-256 (the `previous` one where a crash left the old bytes) and the inputs hash."""
    files, inputs_hash = raw.get("files"), raw.get("inputs_sha256", "")
    if not isinstance(files, dict) or not isinstance(inputs_hash, str):
        raise _Unreadable
    hashes = {}
    for name, entry in files.items():
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        previous = entry.get("previous") if isinstance(entry, dict) else None
        if not isinstance(digest, str) or not isinstance(previous, str | None):
            raise _Unreadable
        hashes[name] = previous if previous is not None and _on_disk(folder, name) == previous else digest
    return hashes, inputs_hash


def _records(folder: Path, raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return each report's record; where an update was pending, the one whose bytes are on disk."""
    reports = raw.get("reports")
    if not isinstance(reports, dict):
        raise _Unreadable
    records = {}
    for name, record in reports.items():
        if not isinstance(record, dict):
            raise _Unreadable
        record = dict(record)
        pending = record.pop("pending", None)
        if pending is not None:
            if not isinstance(pending, dict) or not isinstance(pending.get("entry"), dict):
                raise _Unreadable
            if _on_disk(folder, name) == pending.get("sha256"):
                record = pending["entry"]
        records[name] = record
    return records


def _on_disk(folder: Path, name: str) -> str | None:
    try:
        return digest_of_file(folder / name)
    except OSError:
        return None
