"""Running the watcher as a service: one per inputs folder (a lock), its log, and stopping on signals."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from assembler.app.watch import LOCK_NAME, Watcher, WatchOptions
from assembler.boundary import printable
from assembler.errors import AssemblerError


class AlreadyWatched(AssemblerError):
    """Another watcher holds the inputs folder's lock."""


def hold_lock(inputs: Path) -> FileLock:
    """Take the inputs folder's watcher lock; raise AlreadyWatched when another watcher has it."""
    lock = FileLock(inputs / LOCK_NAME)
    try:
        lock.acquire(timeout=0)
    except Timeout as err:
        raise AlreadyWatched(
            f"{inputs} overvåges allerede af en anden assembler watch (låsefilen {inputs / LOCK_NAME} er i brug). "
            "Stop den anden først; der må kun være én pr. mappe."
        ) from err
    except OSError as err:
        raise AssemblerError(f"kan ikke oprette låsefilen {inputs / LOCK_NAME}: {err}") from err
    return lock


def watch(options: WatchOptions, log: logging.Logger, stop: threading.Event) -> None:
    """Hold the inputs folder's lock and build its plans as they change, until `stop` is set."""
    lock = hold_lock(options.inputs)
    try:
        Watcher(options, log).run(stop)
    finally:
        lock.release()


def watch_log(log_file: Path | None) -> logging.Logger:
    """Return a logger writing one time-stamped line per event to stderr and, if given, appending to a file."""
    log = logging.Logger("assembler.watch", logging.INFO)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        try:
            handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
        except OSError as err:
            raise AssemblerError(f"kan ikke skrive loggen {log_file}: {err}") from err
    formatter = logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S")
    log.addFilter(one_printable_line)
    for handler in handlers:
        handler.setFormatter(formatter)
        log.addHandler(handler)
    return log


def one_printable_line(record: logging.LogRecord) -> bool:
    """Make a log record's message one line with control characters escaped (its traceback, if any, follows)."""
    record.msg, record.args = printable(record.getMessage()), None
    return True


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Make Ctrl-C and SIGTERM set `stop` instead of interrupting, while the block runs."""
    signals = [signal.SIGINT, signal.SIGTERM]
    previous = {number: signal.signal(number, lambda *_: stop.set()) for number in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def serve(options: WatchOptions, log_file: Path | None) -> None:
    """Watch until Ctrl-C or SIGTERM, which end it after the build in progress."""
    log = watch_log(log_file)
    stop = threading.Event()
    try:
        with stop_on_signals(stop):
            watch(options, log, stop)
    finally:
        for handler in log.handlers:
            handler.close()
