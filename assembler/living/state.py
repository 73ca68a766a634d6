"""The state of an output folder: what assembler wrote there, file by file, kept in one file read safely.

`.assembler-state.json` holds, for each file assembler wrote, its name, the SHA-256 of the bytes it
wrote, which report it is (`Identity`: None for a copy written beside an edited report), whether it
was updated in place, the merge's own JSON (`payload`, opaque here) and the bytes the merge keeps
for later (`kept`: role → SHA-256 in the `Store`).

One write-ahead protocol guards every change of a file: before a file is renamed into place or
renamed, the change is saved as `pending`; after a crash at any point, `load` settles each pending
change by what is on disk, so a file holds its old or its new bytes and either counts as
assembler's. A state that cannot be used (unreadable, wrong types, written by a newer release)
raises UnusableState and is never saved over. The two files of release a749f21 are migrated the
first time a folder is used (`legacy.py`) and removed once the state is saved.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeGuard

from assembler.boundary import read_reason
from assembler.living.legacy import read_legacy
from assembler.living.store import Store, is_digest
from assembler.output.atomic import digest_of_file, write_atomically

STATE_NAME = ".assembler-state.json"
STATE_VERSION = 2  # release a749f21's two files were version 1
DAMAGED = (
    "Er den beskadiget, så slet den: så skriver assembler de nye rapporter ved siden af én gang til og opdaterer "
    "dem derefter"
)


@dataclass(frozen=True)
class Identity:
    """Which report a file is, whatever it is called: its document's key and the plan's statusår."""

    key: str
    year: int


@dataclass(frozen=True)
class Entry:
    """What assembler last wrote under one name in the folder."""

    name: str
    sha256: str
    identity: Identity | None = None
    in_place: bool = False
    payload: Any = None  # the merge's JSON, stored and returned as it is
    kept: Mapping[str, str] = field(default_factory=dict)  # role → SHA-256 of bytes in the store


@dataclass(frozen=True)
class Pending:
    """A change about to be made: `entry` once done; `source` is the file's name until then (None: a new file)."""

    source: str | None
    entry: Entry


class UnusableState(Exception):
    """The state file cannot be used; the message says why and what assembler did instead, in Danish."""


@dataclass
class State:
    """What assembler wrote in one output folder, with the changes under way."""

    folder: Path
    files: dict[str, Entry] = field(default_factory=dict)
    pending: list[Pending] = field(default_factory=list)
    inputs_hash: str = ""
    migrated: list[Path] = field(default_factory=list)  # release a749f21's files, removed once saved
    notes: list[str] = field(default_factory=list)  # what could not be migrated

    @property
    def store(self) -> Store:
        """Return the store of the bytes kept for the merge."""
        return Store.of(self.folder)

    @classmethod
    def load(cls, folder: Path) -> State:
        """Read a folder's state (migrated from an old release's files, or empty); raise UnusableState."""
        try:
            data = (folder / STATE_NAME).read_bytes()
        except FileNotFoundError:
            return cls.migrated_from_legacy(folder)
        except OSError as err:
            raise UnusableState(unusable(read_reason(err), "Ret adgangen til den, og byg igen")) from err
        try:
            raw = json.loads(data)
        except (ValueError, RecursionError) as err:
            raise UnusableState(unusable("den er beskadiget", DAMAGED)) from err
        try:
            state = parse_state(folder, raw)
        except WrongShape as err:
            raise UnusableState(unusable(f"den ikke har den form, assembler skriver ({err})", DAMAGED)) from err
        for pending in state.pending:
            state.settle_after_crash(pending)
        state.pending = []
        # The old release's files, left by a crash between the first save and their removal: they go at the next.
        leftover = read_legacy(folder)
        state.migrated = [] if leftover is None else leftover.read
        return state

    @classmethod
    def migrated_from_legacy(cls, folder: Path) -> State:
        """Return the state release a749f21's files give (identities are found by name at the next build)."""
        legacy = read_legacy(folder)
        if legacy is None:
            return cls(folder)
        files = {f.name: Entry(f.name, f.sha256, None, f.in_place, f.payload) for f in legacy.files}
        return cls(folder, files, inputs_hash=legacy.inputs_hash, migrated=legacy.read, notes=legacy.notes)

    def settle_after_crash(self, pending: Pending) -> None:
        """Settle a change a build began and did not finish, by what is on disk."""
        source, target = pending.source, pending.entry.name
        if source is not None and source != target:
            renamed = os.path.lexists(self.folder / target) and not os.path.lexists(self.folder / source)
            if not renamed or source not in self.files:
                return
            self.files[target] = replace(self.files.pop(source), name=target, identity=pending.entry.identity)
        try:
            on_disk = digest_of_file(self.folder / target)
        except OSError:
            return
        if on_disk == pending.entry.sha256:
            self.files[target] = pending.entry

    def entry_for(self, identity: Identity, name: str) -> Entry | None:
        """Return the entry of a report: the one with its identity, else one under its name that has none."""
        found = next((entry for entry in self.files.values() if entry.identity == identity), None)
        if found is None and (unclaimed := self.files.get(name)) is not None and unclaimed.identity is None:
            return unclaimed
        return found

    def begin(self, source: str | None, entry: Entry) -> Pending:
        """Note a change about to be made (saved with the state before any file is touched)."""
        pending = Pending(source, entry)
        self.pending.append(pending)
        return pending

    def finish(self, pending: Pending, *, renamed: bool, written: bool) -> None:
        """Record a change as made: the file renamed (if it was to be), its new bytes written or not."""
        self.pending.remove(pending)
        source, target = pending.source, pending.entry.name
        if renamed and source is not None and source in self.files:
            moved = replace(self.files.pop(source), name=target, identity=pending.entry.identity)
            self.files[target] = moved
        if written:
            self.files[target] = pending.entry

    def kept_bytes(self, entry: Entry, role: str) -> bytes | None:
        """Return the bytes the merge kept with an entry under `role`, or None when there are none (any more)."""
        digest = entry.kept.get(role)
        return None if digest is None else self.store.get(digest)

    def save(self) -> None:
        """Write the state atomically (OSError when it cannot be); then the old release's files go."""
        payload = {
            "version": STATE_VERSION,
            "written": datetime.now().isoformat(timespec="seconds"),
            "inputs_sha256": self.inputs_hash,
            "files": {name: entry_json(entry) for name, entry in sorted(self.files.items())},
            "pending": [{"from": p.source, "name": p.entry.name, **entry_json(p.entry)} for p in self.pending],
        }
        # Without indent, json encodes in C: a tenth of the time for a file no person reads.
        write_atomically(self.folder / STATE_NAME, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        for path in self.migrated:
            path.unlink(missing_ok=True)
        self.migrated = []

    def referenced(self) -> set[str]:
        """Return the SHA-256 of every kept bytes an entry (settled or pending) refers to."""
        entries = [*self.files.values(), *(p.entry for p in self.pending)]
        return {digest for entry in entries for digest in entry.kept.values()}


def last_inputs_hash(folder: Path) -> str:
    """Return the inputs hash recorded when a folder's reports were last written ('' when never or unknown)."""
    try:
        return State.load(folder).inputs_hash
    except UnusableState:
        return ""


def unusable(reason: str, advice: str) -> str:
    """Return the line for a state file that cannot be used: why, what was done instead, and what to do."""
    return (
        f"{STATE_NAME} kan ikke bruges, fordi {reason}; den er ikke ændret, og eksisterende rapporter er ikke rørt: "
        f"de nye er skrevet ved siden af som »… (ny).docx«. {advice}"
    )


def entry_json(entry: Entry) -> dict[str, Any]:
    """Return an entry as the state file holds it (its name is its key)."""
    identity = None if entry.identity is None else {"key": entry.identity.key, "year": entry.identity.year}
    return {
        "sha256": entry.sha256,
        "report": identity,
        "in_place": entry.in_place,
        "merge": entry.payload,
        "bytes": dict(entry.kept),
    }


class WrongShape(Exception):
    """A value in the state file is not of the type assembler writes; the message says where."""


def parse_state(folder: Path, raw: object) -> State:
    """Return the state a state file's JSON holds; raise WrongShape or UnusableState (a newer release's)."""
    if not isinstance(raw, dict):
        raise WrongShape("ikke et objekt")
    version = raw.get("version")
    if not _is_int(version):
        raise WrongShape("version")
    if version > STATE_VERSION:
        newer = f"den er skrevet af en nyere udgave af assembler (version {version})"
        raise UnusableState(unusable(newer, "Brug den nyere udgave af assembler til denne mappe"))
    if version != STATE_VERSION:
        raise WrongShape("version")
    inputs_hash, files, pending = raw.get("inputs_sha256", ""), raw.get("files"), raw.get("pending", [])
    if not isinstance(inputs_hash, str):
        raise WrongShape("inputs_sha256")
    if not isinstance(files, dict):
        raise WrongShape("files")
    if not isinstance(pending, list):
        raise WrongShape("pending")
    state = State(folder, inputs_hash=inputs_hash)
    state.files = {name: parse_entry(name, value, f"files › {name}") for name, value in files.items()}
    if not all(is_file_name(name) for name in state.files):
        raise WrongShape("files")
    for number, value in enumerate(pending, start=1):
        where = f"pending › {number}"
        source, name = (value.get(key) if isinstance(value, dict) else None for key in ("from", "name"))
        if not (source is None or is_file_name(source)) or not is_file_name(name):
            raise WrongShape(where)
        state.pending.append(Pending(source, parse_entry(name, value, where)))
    return state


def parse_entry(name: str, raw: object, where: str) -> Entry:
    """Return one file's entry from the state file; raise WrongShape naming where it is wrong."""
    if not isinstance(raw, dict):
        raise WrongShape(where)
    digest, report, in_place, kept = (raw.get(k) for k in ("sha256", "report", "in_place", "bytes"))
    if not is_digest(digest):
        raise WrongShape(f"{where} › sha256")
    if not isinstance(in_place, bool):
        raise WrongShape(f"{where} › in_place")
    if not isinstance(kept, dict) or not all(isinstance(k, str) and is_digest(v) for k, v in kept.items()):
        raise WrongShape(f"{where} › bytes")
    return Entry(name, digest, parse_identity(report, f"{where} › report"), in_place, raw.get("merge"), kept)


def parse_identity(raw: object, where: str) -> Identity | None:
    """Return a report's identity from the state file (None for a file that is no report's)."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"key", "year"}:
        raise WrongShape(where)
    key, year = raw["key"], raw["year"]
    if not isinstance(key, str) or not _is_int(year):
        raise WrongShape(where)
    return Identity(key, year)


def is_file_name(value: object) -> TypeGuard[str]:
    """True for the name of a file in the folder itself: never a path that leads out of it."""
    return isinstance(value, str) and value not in ("", ".", "..") and not set(value) & {"/", "\\", "\x00"}


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
