"""The supervisor's side: worker processes given one item at a time, each step kept within its bound.

A worker whose step runs past the bound is killed and replaced; a worker that dies (killed by the
system) is replaced and its item tried once more. Results come back in the items' order.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from assembler.batch.worker import Step, serve

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

T = TypeVar("T")
R = TypeVar("R")

# Windows waits on at most 64 handles at once (concurrent.futures keeps the same margin).
WINDOWS_WORKERS = 61


@dataclass(frozen=True)
class TimedOut:
    """The item's worker was stopped: a step ran past the bound."""

    step: str
    seconds: float


@dataclass(frozen=True)
class Died:
    """The item's worker died twice while on it (killed by the system, e.g. for want of memory)."""


class WorkerTraceback(Exception):
    """The traceback of an exception raised in a worker, attached to it as its cause."""


def default_jobs() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_are_forked() -> bool:
    """True when a worker started now is a fork of this process, starting with what it has loaded."""
    # A fork copies only the thread that forks: a lock another thread holds stays locked in the child
    # for ever. So fork only while this process has one thread; elsewhere fork is unsafe or missing.
    return sys.platform == "linux" and threading.active_count() == 1


def default_context() -> BaseContext:
    """Return how to start a worker now: a fork where workers_are_forked, else a fresh process (~0.4 s of imports)."""
    import multiprocessing

    return multiprocessing.get_context("fork" if workers_are_forked() else "spawn")


def map_in_order(
    function: Callable[[T, Step], R], items: Sequence[T], jobs: int, seconds: float
) -> Iterator[R | TimedOut | Died]:
    """Return Workers.map's outcomes with up to `jobs` workers of their own, ended once all are handed over."""
    workers = Workers(min(jobs, len(items)), seconds)
    outcomes = workers.map(function, items)

    def handed_over() -> Iterator[R | TimedOut | Died]:
        with workers:
            yield from outcomes

    return handed_over()


@dataclass
class Task(Generic[T]):
    """An item on its way through a worker: its place, which attempt this is, and the step it is in."""

    index: int
    item: T
    attempt: int = 1
    step: str | None = None
    deadline: float | None = None


@dataclass(frozen=True)
class Failure:
    """An exception raised in a worker, with the traceback it had there."""

    error: BaseException
    traceback: str


class Worker:
    """One worker process and the pipe to it; it runs one task at a time."""

    def __init__(self, context: BaseContext) -> None:
        ours, theirs = context.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=serve, args=(theirs,), name="assembler-worker", daemon=True
        )
        self.process.start()
        theirs.close()  # the worker's end is the worker's alone: when it dies, reading ours ends
        self.connection: Connection = ours
        self.task: Task[Any] | None = None

    def give(self, function: Callable[..., Any], task: Task[Any]) -> None:
        """Send the worker a task."""
        self.task = task
        self.connection.send((function, task.item))

    def read(self, seconds: float) -> tuple[str, Any] | None:
        """Read what the worker said: its last word on the task ("done", "failed", "died"), or None while it works."""
        assert self.task is not None
        try:
            while self.connection.poll():
                kind, value = self.connection.recv()
                if kind != "step":
                    return kind, value
                self.task.step = value
                self.task.deadline = None if value is None else time.monotonic() + seconds
        except (EOFError, OSError):  # the pipe ended: the worker is gone
            return "died", None
        return None

    def is_late(self) -> bool:
        """True when the worker's step has run past its deadline."""
        return self.task is not None and self.task.deadline is not None and time.monotonic() >= self.task.deadline

    def stop(self) -> None:
        """Ask an idle worker to end, and wait for it."""
        try:
            self.connection.send(None)
            self.process.join(timeout=5)
        except OSError:  # its pipe is gone: so is the worker
            pass
        self.kill()

    def kill(self) -> None:
        """End the worker at once, whatever it is doing."""
        self.process.kill()
        self.process.join()
        self.connection.close()


class Workers:
    """Up to `count` worker processes, kept between batches until closed; each step within `seconds`."""

    def __init__(self, count: int, seconds: float, context: BaseContext | None = None) -> None:
        self.count = max(1, min(count, WINDOWS_WORKERS) if sys.platform == "win32" else count)
        self.seconds = seconds
        self.context = context
        self.idle: list[Worker] = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start every worker now, before they are needed (as forks while this process has one thread)."""
        while len(self.idle) < self.count:
            self.idle.append(self.new_worker())

    def new_worker(self) -> Worker:
        """Start a worker, with this process's objects frozen meanwhile (see workers_frozen)."""
        with workers_frozen():
            return Worker(self.context or default_context())

    def close(self) -> None:
        """End the idle workers."""
        for worker in self.idle:
            worker.stop()
        self.idle.clear()

    def map(self, function: Callable[[T, Step], R], items: Sequence[T]) -> Iterator[R | TimedOut | Died]:
        """Return function(item, step) for every item, in order, computing up to `count` at a time in workers.

        The work starts at once; each result is handed over as soon as it and all before it are done,
        so what is printed does not depend on which worker finished first. An item whose step runs
        past the bound gives TimedOut; one whose worker dies is tried again in another worker, and
        gives Died when that one dies too. An exception in `function` is raised when its turn comes.
        """
        tasks = deque(Task(index, item) for index, item in enumerate(items))
        busy: list[Worker] = []
        self.dispatch(function, tasks, busy)  # now, before the caller starts threads (a progress bar's)
        return self.supervise(function, tasks, busy, len(items))

    def supervise(
        self, function: Callable[[T, Step], R], tasks: deque[Task[T]], busy: list[Worker], total: int
    ) -> Iterator[R | TimedOut | Died]:
        """Yield the items' outcomes in order, keeping the workers busy and within their bound."""
        finished: dict[int, Any] = {}
        try:
            for index in range(total):
                while index not in finished:
                    self.wait(tasks, busy, finished)
                    self.dispatch(function, tasks, busy)  # before handing over: the freed workers go on
                yield outcome(finished.pop(index))
        finally:
            for worker in busy:  # abandoned: the caller stopped asking
                worker.kill()

    def dispatch(self, function: Callable[[T, Step], R], tasks: deque[Task[T]], busy: list[Worker]) -> None:
        """Give waiting tasks to idle workers, starting workers up to `count`."""
        if not tasks or len(busy) >= self.count:
            return
        while tasks and len(busy) < self.count:
            worker = self.idle.pop() if self.idle else self.new_worker()
            try:
                worker.give(function, tasks[0])
            except OSError:  # it died while idle (the system's kill): another takes the task
                worker.kill()
                continue
            busy.append(worker)
            tasks.popleft()

    def wait(self, tasks: deque[Task[T]], busy: list[Worker], finished: dict[int, Any]) -> None:
        """Wait until a worker says something or a step's deadline passes, and act on it."""
        from multiprocessing.connection import wait

        deadlines = [w.task.deadline for w in busy if w.task is not None and w.task.deadline is not None]
        ready = wait([w.connection for w in busy], max(0.0, min(deadlines) - time.monotonic()) if deadlines else None)
        for worker in list(busy):
            task = worker.task
            assert task is not None
            word = worker.read(self.seconds) if worker.connection in ready else None
            if word is None and worker.is_late():
                word = ("late", TimedOut(task.step or "", self.seconds))
            if word is None:
                continue
            busy.remove(worker)
            kind, value = word
            if kind in ("done", "failed"):
                worker.task = None
                self.idle.append(worker)
                finished[task.index] = value if kind == "done" else Failure(*value)
                continue
            worker.kill()
            if kind == "died" and task.attempt == 1:
                tasks.appendleft(replace(task, attempt=2, step=None, deadline=None))
            else:
                finished[task.index] = value if kind == "late" else Died()


def outcome(value: Any) -> Any:
    """Return a finished item's outcome; raise the exception its function raised in the worker."""
    if isinstance(value, Failure):
        raise value.error from WorkerTraceback(value.traceback)
    return value


@contextmanager
def workers_frozen() -> Iterator[None]:
    """Freeze the garbage collector's objects while the block starts workers, so forked workers share their pages.

    A forked worker shares this process's memory until it writes to it, and a garbage collection
    writes to every object it visits: frozen objects are never visited, so their pages stay shared.
    Only for starting a worker: counting the frozen objects walks every one of them (~10 ms).
    """
    frozen_by_caller = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_by_caller:  # else a caller's own freeze would be undone too
            gc.unfreeze()
