"""Running one function over many items in worker processes, with the results in the items' order."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_in_order(function: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """Return function(item) for every item, in order, computing up to `jobs` at a time in worker processes.

    The work starts at once; each result is handed over as soon as it and all before it are done,
    so what is printed does not depend on which worker finished first.
    """
    workers = min(jobs, len(items))
    if workers <= 1:
        return (function(item) for item in items)
    import gc
    from concurrent.futures import ProcessPoolExecutor  # only here: 10 ms of imports a single plan need not pay

    # A forked worker shares this process's memory until it writes to it, and a garbage collection
    # writes to every object it visits: frozen objects are never visited, so their pages stay shared.
    frozen_by_caller = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
        futures = [pool.submit(function, item) for item in items]  # forks the workers
    finally:
        if not frozen_by_caller:  # else a caller's own freeze would be undone too
            gc.unfreeze()
    return _in_order(pool, futures)


def _in_order(pool: ProcessPoolExecutor, futures: list[Future[R]]) -> Iterator[R]:
    try:
        for future in futures:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _context() -> BaseContext:
    import multiprocessing

    # A forked worker starts with the libraries the parent already imported (~0.4 s each to
    # import again under "spawn"); elsewhere fork is unsafe or missing, and the default is used.
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
