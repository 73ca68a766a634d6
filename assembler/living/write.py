"""Writing reports that live on after a person edits them: updated in place, earlier versions kept.

Around `output.write_reports`: a report that exists and was edited (or was updated in place
before) is updated by `update.merge_report`, after its edited version is copied to
`Tidligere versioner/`; one that cannot be matched goes beside it as before, with the reason. A
report open in Word is not touched. What assembler put in each control is recorded in
`.assembler-rammer.json`, so the next build can tell a person's edit from its own text.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assembler.boundary import describe_existing_error, describe_write_error
from assembler.danish import format_count
from assembler.errors import OutputError
from assembler.living.merge import Merge, Unmatched, merge_report
from assembler.living.record import Control, RenderedReport, entry_of
from assembler.output import reports as output
from assembler.output.atomic import write_atomically
from assembler.output.reports import Manifest, Written, name_beside, sha256_of, write_reports

RECORD_NAME = ".assembler-rammer.json"
VERSIONS_FOLDER = "Tidligere versioner"
VERSIONS_KEPT = 10
_STAMP = re.compile(r"\((\d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d)(?: (\d+))?\)[^(]*$")


@dataclass
class LivingResult:
    """What was written into a plan's folder, and the lines about reports updated or left alone."""

    written: list[Written] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    manifest_was_corrupt: bool = False


def write_living_reports(
    folder: Path, reports: Sequence[RenderedReport], inputs_hash: str, *, force: bool = False, track: bool = False
) -> LivingResult:
    """Write reports; an edited one is updated in place (or, with `force`, replaced after a copy is kept)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(describe_write_error(folder, err)) from err
    result = LivingResult()
    if not any((folder / report.name).exists() for report in reports):  # a first build: nothing to update
        return _write_fresh(folder, reports, inputs_hash, force=force, result=result)
    with output.locked(folder):
        manifest = Manifest.load(folder)
        loaded = load_records(folder)
        records = {} if loaded is None else loaded  # unreadable: no report can be matched (see _existing)
        before = dict(records)
        fresh = []
        for report in reports:
            if not _existing(folder, manifest, records, report, force=force, track=track, result=result):
                fresh.append(report)
        if records != before and loaded is not None:  # never over a record file that holds others' entries
            _save_records(folder, records)
    return _write_fresh(folder, fresh, inputs_hash, force=force, result=result)


def _write_fresh(
    folder: Path, fresh: Sequence[RenderedReport], inputs_hash: str, *, force: bool, result: LivingResult
) -> LivingResult:
    """Write reports as new ones (`output.write_reports`), and record what is in their controls."""
    written = write_reports(folder, [(report.name, report.data) for report in fresh], inputs_hash, force=force)
    with output.locked(folder):
        records = load_records(folder)
        if records is None:  # left as it is: saving over it would lose every other report's entries
            note = f"{RECORD_NAME} kan ikke læses og er ikke ændret; slet den, hvis rapporterne skal kunne opdateres"
            result.notes = [*[n for n in result.notes if n != note], note]
        else:
            for item, report in zip(written.written, fresh, strict=True):
                records[item.path.name] = entry_of(report.record, merged=False)
            _save_records(folder, records)
    result.written = [*result.written, *written.written]
    result.manifest_was_corrupt = written.manifest_was_corrupt
    return result


def _existing(
    folder: Path,
    manifest: Manifest,
    records: dict[str, Any],
    report: RenderedReport,
    *,
    force: bool,
    track: bool,
    result: LivingResult,
) -> bool:
    """Update or keep a report that exists; return False when `write_reports` should write it as before."""
    name, data = report.name, report.data
    path = folder / name
    if not path.is_file():  # a folder in its place: write_reports says so
        return False
    if manifest.was_corrupt:  # nothing tells whether a person edited it: with force, keep a copy first
        if force:
            keep_version(folder, name, _read(path))
            records.pop(name, None)
        return False
    if (holder := word_owner(path)) is not None:
        result.notes.append(
            f"{name} er åben i Word hos {holder} og er ikke opdateret. Luk den, og byg igen "
            "(assembler watch opdaterer den, når den er lukket)"
        )
        return True
    record = settled_record(records, name, manifest)
    living = record is not None and record.get("merged")
    try:
        unedited = manifest.is_unedited(name)
    except OSError:
        return False  # write_reports names the report it cannot read, and leaves it alone
    if unedited and not living:
        # Without its record (lost, unreadable, or from before records), a report the manifest knows
        # may be one updated in place, holding a person's text: never overwrite it without a copy.
        if record is None:
            keep_version(folder, name, _read(path))
        return False
    current = _read(path)
    if force:
        keep_version(folder, name, current)
        records.pop(name, None)
        return False
    try:
        if record is None or name not in manifest.files:
            raise Unmatched("assembler ved ikke, hvad den selv skrev i den sidst")
        last = {tag: Control(**fields) for tag, fields in record["controls"].items()}
        merge = merge_report(current, data, last, track=track, now=datetime.now(UTC), fresh_record=report.record)
    except Unmatched as err:
        _write_beside(folder, manifest, records, report, str(err), result)
        return True
    entry = entry_of(merge.record, merged=True)
    if merge.data is not None:
        if not manifest.is_unedited(name):
            keep_version(folder, name, current)
        # Write-ahead: after a crash, the record that matches the bytes on disk is the one used.
        records[name] = {**(record or {}), "pending": {"sha256": sha256_of(merge.data), "entry": entry}}
        _save_records(folder, records)
        _write(folder, manifest, name, merge.data)
    records[name] = entry
    result.written.append(Written(path, note=describe_merge(merge), unchanged=merge.data is None))
    return True


def describe_merge(merge: Merge) -> str:
    """Return what an update did, in Danish, for the line about the report."""
    if merge.data is None:
        return "ingen nye tal fra projektmappen, og jeres tekst er urørt"
    parts = [f"{format_count(merge.changed, 'felt', 'felter')} ændret, jeres tekst bevaret"]
    if merge.added:
        parts.append(f"{format_count(merge.added, 'nyt afsnit', 'nye afsnit')} indsat")
    if merge.removed:
        parts.append(f"{format_count(merge.removed, 'afsnit', 'afsnit')} fjernet, som projektmappen ikke længere giver")
    if merge.conflicts:
        which = format_count(merge.conflicts, "felt, som I har rettet, er", "felter, som I har rettet, er")
        comment = "kommentaren" if merge.conflicts == 1 else "kommentarerne"
        parts.append(f"{which} ikke opdateret (se {comment} i dokumentet)")
    return "; ".join(parts)


def _write_beside(
    folder: Path,
    manifest: Manifest,
    records: dict[str, Any],
    report: RenderedReport,
    reason: str,
    result: LivingResult,
) -> None:
    target = name_beside(manifest, report.name)
    _write(folder, manifest, target, report.data)
    records[target] = entry_of(report.record, merged=False)
    note = f"{report.name} er redigeret og kunne ikke opdateres, fordi {reason}; den er ikke rørt"
    result.written.append(Written(folder / target, folder / report.name, note=note))


def _write(folder: Path, manifest: Manifest, name: str, data: bytes) -> None:
    """Write a report in place, the manifest first: after a crash it knows the new bytes if they are there."""
    try:
        manifest.expect(name, sha256_of(data), None)  # the bytes there now may be a person's: never "ours"
        manifest.save()
        write_atomically(folder / name, data)
        manifest.settle([name])
        manifest.save()
    except OSError as err:
        raise OutputError(describe_write_error(folder / name, err)) from err


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise OutputError(describe_existing_error(path, err)) from err


def keep_version(folder: Path, name: str, data: bytes) -> Path:
    """Copy a report's current bytes to 'Tidligere versioner/' with a time stamp; keep the last ten."""
    versions = folder / VERSIONS_FOLDER
    stem, suffix = os.path.splitext(name)
    stamp = datetime.now().strftime("%Y-%m-%d %H.%M.%S")
    try:
        versions.mkdir(exist_ok=True)
        # Numbered after the highest kept from the same second: a lower free number would sort first.
        same = [_version_order(p)[1] for p in versions.glob(f"{_glob_escape(stem)} ({stamp}*){suffix}")]
        number = max(same, default=0) + 1
        target = versions / (f"{stem} ({stamp}){suffix}" if number == 1 else f"{stem} ({stamp} {number}){suffix}")
        write_atomically(target, data)
        # Only assembler's own stamped copies: a person's "… (min udgave).docx" there is theirs.
        stamped = re.compile(re.escape(stem) + r" \(\d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d(?: \d+)?\)" + re.escape(suffix))
        ours = [p for p in versions.glob(f"{_glob_escape(stem)} (*){suffix}") if stamped.fullmatch(p.name)]
        for old in sorted(ours, key=_version_order)[:-VERSIONS_KEPT]:
            old.unlink()
    except OSError as err:
        raise OutputError(describe_write_error(versions / name, err)) from err
    return target


def _version_order(path: Path) -> tuple[str, int]:
    """Return a kept version's time stamp and number, for sorting (the name alone sorts 10 before 2)."""
    found = _STAMP.search(path.name)
    return (found.group(1), int(found.group(2) or 1)) if found else ("", 0)


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def word_owner(path: Path) -> str | None:
    """Return who has a document open in Word (from its owner file '~$…'), or None when nobody has."""
    name = path.name
    for candidate in {f"~${name}", f"~${name[1:]}", f"~${name[2:]}"}:
        owner = path.with_name(candidate)
        if owner.is_file():
            try:
                return owner_name(owner.read_bytes())
            except OSError:
                return "en anden"
    return None


def owner_name(data: bytes) -> str:
    """Return the user name Word writes into an owner file (a length byte, then the name)."""
    length = data[0] if data else 0
    ansi = data[1 : 1 + length].decode("cp1252", errors="replace")
    # The same name follows in UTF-16 (exact for names outside Windows's code page); where, varies.
    for start in (54, 55, 56):
        try:
            wide = data[start : start + 2 * length].decode("utf-16-le")
        except UnicodeDecodeError:
            continue
        if len(wide) == length and all(a in (w, "?") for a, w in zip(ansi, wide, strict=True)):
            return wide.strip() or "en anden"
    return ansi.strip() if ansi.isprintable() and ansi.strip() else "en anden"


def settled_record(records: dict[str, Any], name: str, manifest: Manifest) -> dict[str, Any] | None:
    """Return a report's record; one a crashed update left pending counts only if its bytes are on disk."""
    record = records.get(name)
    if record is None or "pending" not in record:
        return record
    record = dict(record)  # a copy: the caller compares the records with those loaded, to know whether to save
    pending = record.pop("pending")
    try:
        on_disk = manifest.current_digest(name)
    except OSError:
        on_disk = None
    records[name] = pending["entry"] if on_disk == pending["sha256"] else record
    return records[name]  # type: ignore[no-any-return]


def load_records(folder: Path) -> dict[str, Any] | None:
    """Return what assembler put in each report's controls, by file name: empty when there is no
    record file, None when there is one that cannot be read (it must then not be saved over)."""
    try:
        raw = json.loads((folder / RECORD_NAME).read_text("utf-8"))
        reports = raw["reports"]
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return dict(reports) if isinstance(reports, dict) else None


def _save_records(folder: Path, records: dict[str, Any]) -> None:
    # Without indent, json encodes in C: a tenth of the time for a file no person reads.
    data = json.dumps({"version": 1, "reports": records}, ensure_ascii=False).encode("utf-8")
    try:
        write_atomically(folder / RECORD_NAME, data)
    except OSError as err:
        raise OutputError(describe_write_error(folder / RECORD_NAME, err)) from err
