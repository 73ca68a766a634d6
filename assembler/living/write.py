"""Writing a plan's reports into its folder: new ones written, edited ones updated in place, no save lost.

A report whose file already holds what would be written (its times aside: stamps.py) is left as it
is. A report is known by its identity (its document's key and the plan's statusår), not its file name:
when the same report gets another name (a corrected meeting date), its file is renamed (after a
copy is kept, if a person has written in it) and updated as usual. For each report `plan_report`
decides what to do from the folder's state (state.py) and the file on disk; all reading and
merging comes first, so a report that cannot be read stops the plan before anything is written.
`carry_out` then writes: the new bytes staged beside their targets, edited versions copied to
`Tidligere versioner/`, the state saved with the changes pending (write-ahead), each file renamed,
then replaced only if it still holds the bytes that were read, and the state saved settled. A
report a person saved in the meantime is read and updated once more; saved again, it is left as
they saved it, and the line says so. A report open in Word or LibreOffice is not touched.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assembler.boundary import describe_existing_error, describe_write_error, write_reason
from assembler.danish import format_count
from assembler.errors import OutputError
from assembler.living.legacy import RECORD_NAME as RECORD_NAME
from assembler.living.legacyrecord import base_of_record, old_controls
from assembler.living.merge import BaseOf, Merge, Unmatched, kept_base, merge_report
from assembler.living.owners import Holder, who_has_open
from assembler.living.stamps import same_content
from assembler.living.state import STATE_NAME, Entry, Identity, State, UnusableState
from assembler.living.store import STORE_NAME
from assembler.living.versions import VERSIONS_FOLDER, keep_version, versions_elsewhere
from assembler.output.atomic import remove_temporary_files, replace_unchanged, write_temporary
from assembler.output.reports import Outcome, Written, locked, names_beside, sha256_of

SAVED_ONCE = "den blev gemt, mens assembler var i gang, så assembler byggede videre på den gemte udgave"
SAVED_AGAIN = (
    "den blev gemt, mens assembler opdaterede den, og igen ved andet forsøg; jeres gemte udgave er ikke rørt "
    "og opdateres ved næste bygning"
)
SAVED_WHILE_WRITTEN = "den blev gemt, mens assembler skrev den; jeres gemte udgave er ikke rørt"
FORM = 2  # what the merge keeps: a copy of what assembler wrote ("base"), and the parts the person deleted


@dataclass(frozen=True)
class RenderedReport:
    """A report rendered and checked: its file name and its bytes."""

    name: str
    data: bytes


@dataclass
class LivingResult:
    """What was written into a plan's folder, and the lines about reports updated or left alone."""

    written: list[Written] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Memory:
    """What the merge keeps of a report it wrote, for the next update: its JSON, and bytes by role.

    The state stores `payload` as it is (`Entry.payload`) and `blobs` in its store, read back with
    `State.kept_bytes(entry, role)`; bytes no entry keeps any more are removed after the build.
    """

    payload: Any
    blobs: Mapping[str, bytes] = field(default_factory=dict)


def fresh_memory(report: RenderedReport) -> Memory:
    """Return what is kept of a report written as rendered: a copy of it, the base of its next update."""
    return Memory({"form": FORM}, {"base": report.data})


def merged_memory(merge: Merge, report: RenderedReport, kept: bytes | None) -> Memory:
    """Return what is kept of a report updated in place: the new rendering (the copy kept before, when it
    holds the same), and the parts the person deleted."""
    base = kept if kept is not None and same_content(kept, report.data) else report.data
    return Memory({"form": FORM, "deleted": sorted(merge.deleted)}, {"base": base})


def remembered(state: State, entry: Entry) -> BaseOf:
    """Return what gives the base of a report's update from what the state keeps of it; raise Unmatched."""
    payload = entry.payload
    if payload is None:
        raise Unmatched("assembler ved ikke, hvad den selv skrev i den sidst")
    wrong = Unmatched(f"det, assembler husker om den ({STATE_NAME}), ikke kan læses")
    if isinstance(payload, dict) and payload.get("form") == FORM:
        deleted = payload.get("deleted", [])
        if not isinstance(deleted, list) or not all(isinstance(key, str) for key in deleted):
            raise wrong
        data = state.kept_bytes(entry, "base")
        if data is None:
            raise Unmatched(f"assemblers kopi af det, den skrev i den sidst, mangler i {STORE_NAME}")
        return kept_base(data, frozenset(deleted))
    record = old_controls(payload)
    if record is None:
        raise wrong
    return base_of_record(record)


@dataclass(eq=False)  # a step is itself, not its bytes
class Step:
    """One report's change: the bytes written under a name, what is kept first, and the line about it."""

    target: str
    identity: Identity | None
    data: bytes | None  # None: the file's bytes stay as they are
    sha256: str  # of the bytes the file has once the step is done
    expected: str | None  # the SHA-256 of the bytes read from the file (None: there is none)
    memory: Memory
    in_place: bool
    line: Written
    source: str | None = None  # the file's present name, when it is renamed to `target` first
    keep: tuple[str, bytes] | None = None  # a name and bytes to copy to Tidligere versioner/ first


# What changes a report's planned step before it is carried out (--fra-sidste-år: living/carry.py).
Start = Callable[[State, Identity, RenderedReport, Step | Written], Step | Written]


def write_living_reports(
    folder: Path,
    reports: Mapping[Identity, RenderedReport],
    inputs_hash: str,
    *,
    force: bool = False,
    track: bool = False,
    start: Start | None = None,
) -> LivingResult:
    """Write a plan's reports; an edited one is updated in place (or, with `force`, replaced after a copy is kept).

    `start` may change each report's planned step (a new year's report started from last year's).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(describe_write_error(folder, err)) from err
    result = LivingResult()
    # Another build of the same plan (a second run, a watcher) waits here: two writers reading the
    # same state would each take the other's fresh report for one a person had edited.
    with locked(folder):
        remove_temporary_files(folder)  # whoever else wrote here held the lock: these are a dead build's
        try:
            state = State.load(folder)
        except UnusableState as err:
            result.notes.append(str(err))
            write_without_state(folder, reports, force=force, result=result)
            return result
        result.notes.extend(state.notes)
        lines = write_with_state(state, reports, force=force, track=track, notes=result.notes, start=start)
        state.inputs_hash = inputs_hash  # only now: a watcher that sees it takes the build as done
        save_state(state, renamed=any(line.changed for line in lines.values()))
        state.store.keep_only(state.referenced())
    result.written = [lines[identity] for identity in reports if identity in lines]
    return result


def write_with_state(
    state: State,
    reports: Mapping[Identity, RenderedReport],
    *,
    force: bool,
    track: bool,
    notes: list[str],
    start: Start | None = None,
) -> dict[Identity, Written]:
    """Plan and carry out every report's change; a report a person saved meanwhile is tried once more."""
    lines: dict[Identity, Written] = {}
    todo, retried = dict(reports), set[Identity]()
    for attempt in (1, 2):
        steps = {}
        for identity, report in todo.items():
            step = plan_report(state, identity, report, force=force, track=track, notes=notes)
            if start is not None:
                step = start(state, identity, report, step)
            if isinstance(step, Written):  # nothing to do
                lines[identity] = step
                continue
            steps[identity] = step
            lines[identity] = step.line
        saved = carry_out(state, list(steps.values()), notes, written_before=attempt > 1)
        todo = {identity: todo[identity] for identity, step in steps.items() if step in saved}
        if not todo:
            break
        if attempt == 1:
            retried = set(todo)
    for identity in retried - set(todo):
        line = lines.get(identity)
        if line is not None:
            lines[identity] = replace(line, note="; ".join(filter(None, (line.note, SAVED_ONCE))))
    for identity, report in todo.items():  # saved again during the second try: left as the person saved it
        lines[identity] = Written(
            state.folder / report.name, note=SAVED_AGAIN, outcome=Outcome.NOT_UPDATED, saved_meanwhile=True
        )
    return lines


def plan_report(
    state: State, identity: Identity, report: RenderedReport, *, force: bool, track: bool, notes: list[str]
) -> Step | Written:
    """Decide what to write for one report (a Written: nothing, the file is left alone, and the line says why)."""
    folder, name = state.folder, report.name
    entry = state.entry_for(identity, name)
    source = name
    if entry is not None and entry.name != name:
        if not os.path.lexists(folder / entry.name):  # removed or moved by a person: the report starts anew
            del state.files[entry.name]
            entry = state.entry_for(identity, name)
        elif os.path.lexists(folder / name):
            notes.append(
                f"{entry.name} skulle nu hedde {name}, men der ligger allerede en fil med det navn; "
                f"{entry.name} er ikke rørt"
            )
            state.files[entry.name] = replace(entry, identity=None)
            entry = state.entry_for(identity, name)
        else:
            source = entry.name
    path = folder / source
    if not os.path.lexists(path):
        return written_as_rendered(state, identity, report, None, keep=None)
    if (holder := who_has_open(path)) is not None:
        return Written(path, note=open_note(holder), outcome=Outcome.NOT_UPDATED)
    current = read_report(path)
    digest = sha256_of(current)
    if entry is None:  # a file assembler did not write, or one of another report (another statusår)
        if force:
            return written_as_rendered(state, identity, report, digest, keep=(name, current))
        other = state.files.get(name)
        year = other.identity.year if other is not None and other.identity is not None else None
        note = "" if year is None else f"{name} er skrevet for statusår {year} og er ikke rørt"
        return beside(state, identity, report, path, note=note)
    renamed = source if source != name else None
    ours = entry.sha256 == digest
    if force or (ours and not entry.in_place):
        if renamed is None and same_content(current, report.data):
            return left_as_it_is(name, identity, current, Written(folder / name, outcome=Outcome.UNCHANGED))
        # Without its record (lost, unreadable, or from before records), a report may be one updated
        # in place, holding a person's text: never overwrite it without a copy.
        keep = (source, current) if force or entry.payload is None else None
        return written_as_rendered(state, identity, report, digest, keep=keep, renamed=renamed)
    try:
        merge = merge_report(current, report.data, remembered(state, entry), track=track, now=datetime.now(UTC))
    except Unmatched as err:
        if renamed:  # the edited file keeps its name and is no longer this report's: the report gets its new name
            state.files[source] = replace(entry, identity=None)
        note = f"{source} er redigeret og kunne ikke opdateres, fordi {err}; den er ikke rørt"
        return beside(state, identity, report, path, note=note)
    # A copy of what the person had, before it is written over or renamed.
    keep = (source, current) if renamed or (merge.data is not None and not ours) else None
    said = "; ".join(filter(None, (renamed_note(renamed, name, keep), describe_merge(merge))))
    outcome = Outcome.UNCHANGED if merge.data is None and not renamed else Outcome.UPDATED
    line = Written(folder / name, note=said, outcome=outcome)
    sha = digest if merge.data is None else sha256_of(merge.data)
    memory = merged_memory(merge, report, state.kept_bytes(entry, "base"))
    return Step(name, identity, merge.data, sha, digest, memory, True, line, renamed, keep)


def written_as_rendered(
    state: State,
    identity: Identity,
    report: RenderedReport,
    expected: str | None,
    *,
    keep: tuple[str, bytes] | None,
    renamed: str | None = None,
) -> Step:
    """Return the step that writes a report as rendered under its name (over the file read, if any)."""
    name, data = report.name, report.data
    outcome = Outcome.WRITTEN if renamed is None else Outcome.UPDATED
    line = Written(state.folder / name, note=renamed_note(renamed, name, keep), outcome=outcome)
    return Step(name, identity, data, sha256_of(data), expected, fresh_memory(report), False, line, renamed, keep)


def left_as_it_is(name: str, identity: Identity | None, there: bytes, line: Written) -> Step:
    """Return the step for a report whose file holds its content already: the file stays as it is, and is the base."""
    digest = sha256_of(there)
    return Step(name, identity, None, digest, digest, fresh_memory(RenderedReport(name, there)), False, line)


def open_note(holder: Holder) -> str:
    """Say who has a report open, and when it is updated."""
    return (
        f"den er åben i {holder.program} hos {holder.person}; når den er lukket, opdaterer assembler watch den, "
        "eller I bygger igen"
    )


def renamed_note(renamed: str | None, name: str, keep: tuple[str, bytes] | None) -> str:
    """Say that a report has a new name ('' when it has not), and where the old one is kept."""
    if renamed is None:
        return ""
    return f"{renamed} hedder nu {name}" + (f" (den gamle udgave ligger i {VERSIONS_FOLDER})" if keep else "")


def beside(state: State, identity: Identity, report: RenderedReport, kept: Path, *, note: str) -> Step:
    """Return the step that writes a report under its name if that is free, else as '… (ny).docx' beside it."""
    folder, name = state.folder, report.name
    if not os.path.lexists(folder / name):
        target, there, owner = name, None, identity
    else:
        target, there = free_name_beside(state, name)
        owner = None
    expected = None if there is None else sha256_of(there)
    if there is not None and expected is not None and same_content(there, report.data):
        line = Written(folder / target, kept, note, Outcome.UNCHANGED)
        return left_as_it_is(target, owner, there, line)
    line = Written(folder / target, kept, note=note)
    data = report.data
    return Step(target, owner, data, sha256_of(data), expected, fresh_memory(report), False, line)


def free_name_beside(state: State, name: str) -> tuple[str, bytes | None]:
    """Return 'X (ny).docx', or 'X (ny 2).docx' and so on, the first free or as assembler wrote it, and its bytes."""
    for candidate in names_beside(name):
        path = state.folder / candidate
        if not os.path.lexists(path):
            return candidate, None
        entry = state.files.get(candidate)
        if entry is not None and entry.identity is None and sha256_of(data := read_report(path)) == entry.sha256:
            return candidate, data
    raise AssertionError("names_beside never ends")


def carry_out(state: State, steps: list[Step], notes: list[str], *, written_before: bool) -> list[Step]:
    """Write the steps under the state's write-ahead protocol; return those a person's save came in on."""
    folder = state.folder
    staged: dict[int, Path] = {}
    saved: list[Step] = []
    try:
        for number, step in enumerate(steps):
            if step.data is not None:
                try:
                    staged[number] = write_temporary(folder / step.target, step.data)
                except OSError as err:
                    raise OutputError(describe_write_error(folder / step.target, err)) from err
        kept_versions = [keep_version(folder, *step.keep) for step in steps if step.keep is not None]
        if kept_versions and (elsewhere := versions_elsewhere(folder)) is not None and elsewhere not in notes:
            notes.append(elsewhere)
        pending = []
        for number, step in enumerate(steps):
            entry = entry_of_step(state, step, written_before=written_before)
            if step.data is None and step.source is None:
                state.files[step.target] = entry  # only what the merge keeps has changed
                continue
            existing = step.source or (step.target if step.expected is not None else None)
            pending.append((number, step, state.begin(existing, entry)))
        if pending:
            save_state(state, renamed=written_before)
        for number, step, change in pending:
            renamed = step.source is not None and rename_report(folder, step.source, step.target)
            if step.source is not None and not renamed:
                written = False
            elif step.data is None:
                written = True
            else:
                try:
                    written = replace_unchanged(staged[number], folder / step.target, step.expected)
                except OSError as err:
                    raise OutputError(describe_write_error(folder / step.target, err)) from err
            state.finish(change, renamed=renamed, written=written)
            if not written:
                saved.append(step)
    finally:
        for temporary in staged.values():
            with suppress(OSError):
                os.unlink(temporary)
    return saved


def entry_of_step(state: State, step: Step, *, written_before: bool) -> Entry:
    """Return the state's entry for a step once done, the merge's bytes kept in the store (before any report is)."""
    try:
        kept = {role: state.store.put(data) for role, data in step.memory.blobs.items()}
    except OSError as err:
        done = "Rapporterne er skrevet." if written_before else "Ingen rapport er ændret."
        message = f"kunne ikke skrive assemblers kopi af det, den skriver ({STORE_NAME}): {write_reason(err)}. {done}"
        raise OutputError(message) from err
    return Entry(step.target, step.sha256, step.identity, step.in_place, step.memory.payload, kept)


def rename_report(folder: Path, source: str, target: str) -> bool:
    """Rename a report to its new name, never over a file; False when one stands there."""
    if os.path.lexists(folder / target):
        return False
    try:
        os.rename(folder / source, folder / target)
    except FileNotFoundError:
        return False
    except OSError as err:
        raise OutputError(describe_write_error(folder / target, err)) from err
    return True


def write_without_state(
    folder: Path, reports: Mapping[Identity, RenderedReport], *, force: bool, result: LivingResult
) -> None:
    """Write reports where the state cannot be used: never over a file (but with `force`), and nothing recorded."""
    for report in reports.values():
        path = folder / report.name
        target, expected, kept = report.name, None, None
        if os.path.lexists(path):
            if (holder := who_has_open(path)) is not None:
                result.written.append(Written(path, note=open_note(holder), outcome=Outcome.NOT_UPDATED))
                continue
            if force:
                current = read_report(path)
                keep_version(folder, report.name, current)
                expected = sha256_of(current)
            else:
                target = next(n for n in names_beside(report.name) if not os.path.lexists(folder / n))
                kept = path
        try:
            temporary = write_temporary(folder / target, report.data)
            try:
                placed = replace_unchanged(temporary, folder / target, expected)
            finally:
                with suppress(FileNotFoundError):
                    os.unlink(temporary)
        except OSError as err:
            raise OutputError(describe_write_error(folder / target, err)) from err
        saved = Written(
            folder / target, note=SAVED_WHILE_WRITTEN, outcome=Outcome.NOT_UPDATED, saved_meanwhile=True
        )
        result.written.append(Written(folder / target, kept) if placed else saved)


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


def read_report(path: Path) -> bytes:
    """Return an existing report's bytes; an OutputError names it when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as err:
        raise OutputError(describe_existing_error(path, err)) from err


def save_state(state: State, *, renamed: bool) -> None:
    """Save a folder's state; a failure is an OutputError saying whether reports were written yet."""
    try:
        state.save()
    except OSError as err:
        done = "Rapporterne er skrevet." if renamed else "Ingen rapport er ændret."
        message = f"kunne ikke skrive assemblers oplysninger om rapporterne ({STATE_NAME}): {write_reason(err)}. {done}"
        raise OutputError(message) from err
