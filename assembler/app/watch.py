"""Watching an inputs folder: a plan is built again once its workbooks have changed and then stayed still.

Events (from the operating system, or from polling on network drives, which send none) only say
*where* to look. What counts is each plan's files on disk: their names, sizes, modification times
and inode numbers (the "signature"). A plan is read once its signature has not changed for the
quiet period, and built only when the hash of its bytes differs from the last one built, so a
copy or an Excel save that fires a dozen events gives one build.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from assembler import pipeline
from assembler.app.console import removed_problem_file
from assembler.app.watchlog import describe_result, polling_interval
from assembler.boundary import printable
from assembler.errors import AssemblerError

if TYPE_CHECKING:
    from assembler.pipeline import PlanSource

# The service's lock file in the inputs folder (see service.py); its events are no plan's.
LOCK_NAME = ".assembler-watch.lock"
# Events can be lost (a full inotify queue, a share that reconnects); a look at every plan's
# signature now and then catches what they missed, at the cost of a stat per file.
RESCAN_SECONDS = 60.0
# Events that do not change a file; reading a workbook ourselves produces them.
IGNORED_EVENTS = {"opened", "closed_no_write"}

Signature = tuple[tuple[str, int, int, int], ...]


@dataclass(frozen=True)
class WatchOptions:
    """Where to watch and write, and how: OS events or polling, the quiet period, new reports from last year's."""

    inputs: Path
    out: Path
    poll: bool = False
    poll_seconds: float = 1.0
    quiet_seconds: float = 2.0
    templates: Path | None = None
    template_seconds: float = pipeline.TEMPLATE_SECONDS
    from_last_year: bool = False


@dataclass
class PlanState:
    """What the watcher knows of one plan: its files as last seen, and what it last built."""

    built_hash: str
    signature: Signature | None = None
    changed_at: float = 0.0
    built_signature: Signature | None = None
    open_in_word: tuple[Path, ...] = ()  # lock files of reports left alone (Word, LibreOffice); built again once gone
    saved_meanwhile: bool = False  # a report was saved while it was updated and left as saved: built again


def signature(source: PlanSource) -> Signature:
    """Return the names, sizes, modification times and inodes of a plan's files."""
    return tuple(file_signature(f) for f in source.files)


def file_signature(path: Path) -> tuple[str, int, int, int]:
    """Return a file's name, size, modification time and inode; an unreadable one gets its error instead."""
    try:
        s = path.stat()
    except OSError as err:  # a dangling link or a folder without access: still, so it is built and reported
        return (path.name, -1, -(err.errno or 1), -1)
    return (path.name, s.st_size, s.st_mtime_ns, s.st_ino)


class Changes(FileSystemEventHandler):
    """Collects the names of the inputs folder's entries (workbooks or plan folders) that events touched."""

    def __init__(self, inputs: Path, out: Path) -> None:
        self.inputs = inputs
        self.out = out
        self.lock = threading.Lock()
        self.entries: set[str] = set()

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Note the entry an event's paths lie in."""
        if event.event_type in IGNORED_EVENTS:
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            entry = self.entry_of(os.fsdecode(path)) if path else None
            if entry is not None:
                with self.lock:
                    self.entries.add(entry)

    def entry_of(self, path: str) -> str | None:
        """Return the name of the inputs folder's entry a path lies in (None: outside, or in the output folder)."""
        target = Path(path)
        if target == self.out or self.out in target.parents:
            return None
        try:
            parts = target.relative_to(self.inputs).parts
        except ValueError:
            return None
        return parts[0] if parts and parts[0] != LOCK_NAME else None

    def take(self) -> set[str]:
        """Return the entries noted since the last call, and forget them."""
        with self.lock:
            taken, self.entries = self.entries, set()
        return taken


class Watcher:
    """Builds the plans of one inputs folder as their workbooks change, until told to stop."""

    def __init__(self, options: WatchOptions, log: logging.Logger) -> None:
        self.options = options
        self.log = log
        self.states: dict[str, PlanState] = {}
        self.gone: dict[str, float] = {}  # entries no longer in the inputs folder, since when (monotonic)
        self.unreadable = False
        # One worker builds every plan, each template within its time; it lives as long as the watcher.
        self.workers = pipeline.Workers(1, options.template_seconds)

    def run(self, stop: threading.Event) -> None:
        """Build what changed since the reports were written, then follow changes until `stop` is set."""
        with self.workers:
            self.workers.start()  # before the observer's threads: so it can be a fork of this process
            self.follow(stop)
        self.log.info("Stoppet.")

    def follow(self, stop: threading.Event) -> None:
        """Watch the inputs folder and build the plans that change, until `stop` is set."""
        inputs, out = self.options.inputs.resolve(), self.options.out.resolve()
        changes = Changes(inputs, out)
        observer = self.start_observer(changes, inputs)
        self.log.info(self.describe_start(polling=isinstance(observer, PollingObserver)))
        plans = self.named_plans()
        pending = set(plans)
        if not self.unreadable:
            self.remove_orphaned_problem_files(plans)  # of plans removed while the watcher was stopped
        next_rescan = time.monotonic() + RESCAN_SECONDS
        tick = min(0.2, self.options.quiet_seconds / 4)
        try:
            while not stop.is_set():
                self.stop_if_inputs_gone()
                pending |= changes.take()
                if time.monotonic() >= next_rescan:  # the plans known too: one removed unseen is gone
                    pending |= self.all_entries() | set(self.states)
                    next_rescan = time.monotonic() + RESCAN_SECONDS
                if pending:
                    pending = self.step(pending, stop)
                stop.wait(tick)
        finally:
            observer.stop()
            observer.join()

    def start_observer(self, changes: Changes, inputs: Path) -> BaseObserver:
        """Start watching with OS events, or by polling (asked for, or when OS events are not available)."""
        if not self.options.poll:
            try:
                return self.started(Observer(), changes, inputs)
            except OSError as err:
                self.log.info(f"Styresystemets hændelser kan ikke bruges ({err}); ser efter ændringer i stedet.")
        return self.started(PollingObserver(timeout=self.options.poll_seconds), changes, inputs)

    @staticmethod
    def started(observer: BaseObserver, changes: Changes, inputs: Path) -> BaseObserver:
        """Schedule and start an observer of the inputs folder and everything in it."""
        observer.schedule(changes, str(inputs), recursive=True)
        observer.start()
        return observer

    def describe_start(self, polling: bool) -> str:
        """Return the log line that says what is watched, how, and where reports go."""
        how = (
            f"ser efter ændringer {polling_interval(self.options.poll_seconds)}"
            if polling
            else "får besked fra styresystemet"
        )
        return f"Overvåger {self.options.inputs} ({how}); rapporterne skrives i {self.options.out}."

    def all_entries(self) -> set[str]:
        """Return the name of every plan in the inputs folder."""
        return set(self.named_plans())

    def named_plans(self) -> dict[str, tuple[PlanSource, str]]:
        """Return the inputs folder's plans by entry name, with their output folder; {} when it cannot be read."""
        try:
            found = pipeline.find_plans(self.options.inputs, self.options.out)
            plans = {source.path.name: (source, folder) for source, folder in found}
        except (OSError, AssemblerError) as err:
            self.stop_if_inputs_gone()
            if not self.unreadable:
                self.log.info(f"Kan ikke læse {self.options.inputs} ({err}); prøver igen.")
            self.unreadable = True
            return {}
        if self.unreadable:
            self.log.info(f"Kan læse {self.options.inputs} igen.")
        self.unreadable = False
        return plans

    def stop_if_inputs_gone(self) -> None:
        """Stop the watcher (raise) when its inputs folder no longer exists: nothing is left to watch."""
        if not self.options.inputs.exists():
            message = f"{printable(str(self.options.inputs))} findes ikke længere; assembler watch stopper."
            self.log.info(message)
            raise AssemblerError(message)

    def step(self, pending: set[str], stop: threading.Event) -> set[str]:
        """Build the pending plans that are still and changed, and settle those gone; return those to look at again."""
        plans = self.named_plans()
        if self.unreadable:
            return pending
        waiting: set[str] = set()
        gone = False
        for entry in sorted(pending):
            if stop.is_set():  # stop after the build in progress, not in the middle of the queue
                return waiting
            if entry in plans:
                self.gone.pop(entry, None)
                if not self.settle_safely(entry, *plans[entry]):
                    waiting.add(entry)
            elif self.is_gone(entry):
                gone = True
            else:
                waiting.add(entry)
        if gone:
            self.remove_orphaned_problem_files(plans)
        return waiting

    def is_gone(self, entry: str) -> bool:
        """True once an entry has been missing for the quiet period (Excel's save takes the name away for a moment)."""
        self.states.pop(entry, None)
        since = self.gone.setdefault(entry, time.monotonic())
        if time.monotonic() - since < self.options.quiet_seconds:
            return False
        del self.gone[entry]
        return True

    def remove_orphaned_problem_files(self, plans: dict[str, tuple[PlanSource, str]]) -> None:
        """Remove the FEJL.txt assembler wrote for plans gone from the inputs folder (`plans` are there); log each."""
        found = [pipeline.FoundPlan(source, folder) for source, folder in plans.values()]
        for path in pipeline.remove_orphaned_problem_files(self.options.out, found):
            self.log.info(removed_problem_file(str(path), str(self.options.inputs)))

    def settle_safely(self, entry: str, source: PlanSource, folder: str) -> bool:
        """Settle one plan; a bug met on the way is logged with its traceback, and the other plans go on."""
        try:
            return self.settle(entry, source, folder)
        except Exception:  # one plan must never stop the service
            self.log.exception(f"{source.location}: uventet fejl i assembler; rapporterne er ikke bygget.")
            return True

    def settle(self, entry: str, source: PlanSource, folder: str) -> bool:
        """Build a plan if it is still and its content is new; return False while it is still changing."""
        state = self.states.get(entry)
        if state is None:
            state = self.states[entry] = PlanState(pipeline.recorded_inputs_hash(self.options.out, folder))
        if state.open_in_word and not any(owner.exists() for owner in state.open_in_word):
            state.open_in_word = ()  # the report left alone is closed now: build again
            self.build(source, folder, state)
            return not state.open_in_word
        if state.saved_meanwhile:  # the person's save is on disk now: update it
            self.build(source, folder, state)
            return not (state.open_in_word or state.saved_meanwhile)
        try:
            current = signature(source)
        except OSError:  # a file went away between listing and looking
            return False
        if current == state.built_signature:
            return not state.open_in_word  # a plan with a report open in Word is looked at on every tick
        now = time.monotonic()
        if current != state.signature:
            state.signature, state.changed_at = current, now
            return False
        if now - state.changed_at < self.options.quiet_seconds:
            return False
        try:
            digest = source.inputs_hash()
        except OSError as err:
            self.log.info(f"{source.location}: kan ikke læses ({err}); prøver igen, når filen ændres.")
            state.built_signature = current
            return True
        state.built_signature = current
        if digest != state.built_hash:
            state.built_hash = digest
            self.build(source, folder, state)
        return not (state.open_in_word or state.saved_meanwhile)  # a report open in Word keeps the plan pending

    def build(self, source: PlanSource, folder: str, state: PlanState) -> None:
        """Build one plan and log one line saying what was written or what was wrong."""
        try:
            plan = pipeline.FoundPlan(source, folder)
            result = pipeline.rebuild(
                plan,
                self.options.out,
                self.options.templates,
                self.workers,
                from_last_year=self.options.from_last_year,
            )
        except Exception:  # a bug must not stop the service; its traceback goes to the log
            self.log.exception(f"{source.location}: uventet fejl i assembler; rapporterne er ikke bygget.")
            return
        self.log.info(describe_result(result, self.options.out / folder))
        state.open_in_word = owner_files(self.options.out / folder)
        state.saved_meanwhile = any(item.saved_meanwhile for item in result.written)


def owner_files(folder: Path) -> tuple[Path, ...]:
    """Return the lock files Word ('~$…docx') and LibreOffice ('.~lock.…docx#') keep beside reports open in them."""
    try:
        return tuple(sorted([*folder.glob("~$*.docx"), *folder.glob(".~lock.*.docx#")]))
    except OSError:
        return ()
