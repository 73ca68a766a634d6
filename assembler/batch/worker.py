"""A worker process's side: run the tasks its supervisor sends, saying which step each is in."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Step = Callable[[str | None], None]
"""Told by a function to its supervisor: the name of the step it starts, bounded in time; None once it is done."""


def no_step(name: str | None) -> None:
    """Tell no one (a function run outside a worker)."""


def serve(connection: Connection) -> None:
    """Run a worker: the tasks the supervisor sends, one at a time, until it sends None or goes away."""
    import signal
    import traceback

    # Ctrl+C reaches every process of the terminal's group: the supervisor decides, and ends its workers.
    # SIGTERM ends a worker (not the handler a forked one inherits): multiprocessing ends workers so at exit.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=exit_with_parent, daemon=True).start()

    def step(name: str | None) -> None:
        connection.send(("step", name))

    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        function, item = task
        try:
            word: tuple[str, Any] = ("done", function(item, step))
            connection.send(word)  # pickled before anything is sent: a result that cannot be leaves the pipe clean
        except Exception as err:  # a bug: its traceback goes to the supervisor
            connection.send(("failed", (sendable(err), traceback.format_exc())))


def sendable(err: Exception) -> Exception:
    """Return an exception as it can cross to the supervisor: itself, or its text when it cannot be pickled."""
    import pickle

    try:
        pickle.loads(pickle.dumps(err))
    except Exception:
        return RuntimeError(f"{type(err).__name__}: {err}")
    return err


def exit_with_parent() -> None:
    """End this worker once its supervisor is gone, whatever the worker is doing (a thread's work)."""
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is not None:
        wait([parent.sentinel])
        os._exit(1)
