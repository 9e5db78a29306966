"""Worker processes forked from this one, so they start with its memory.

Building a course's targets in parallel needs the loaded course in every
worker.  Pickling a large course (and its schema registry) to each worker would
cost more than it saves, so :func:`fork_map` forks: workers inherit the function
and its items, and only an item's index goes out and its (small, picklable)
result comes back.  Course pools (:func:`process_pool`) fork too, so workers
reuse the imports and the schemas compiled before the pool started.  Where
``fork`` does not exist (Windows) the items simply run here, one after the other.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_pending: dict[int, tuple[Callable[[Any], Any], Sequence[Any]]] = {}
_tokens = itertools.count()


def _call(token: int, index: int) -> Any:
    function, items = _pending[token]
    return function(items[index])


def can_fork() -> bool:
    """True where worker processes can inherit this process's memory."""
    return "fork" in multiprocessing.get_all_start_methods()


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers are forked where possible, so they start with this
    process's imports and compiled schemas (Python 3.14 no longer forks by default)."""
    context = multiprocessing.get_context("fork") if can_fork() else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def fork_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> list[Result]:
    """``[function(item) for item in items]``, on up to ``jobs`` forked processes.

    Results keep the order of ``items``; an exception in a worker is raised here.
    Call it with no other thread running: a fork copies locks other threads hold.
    """
    workers = min(jobs, len(items))
    if workers < 2 or not can_fork():
        return [function(item) for item in items]
    token = next(_tokens)
    _pending[token] = (function, items)
    try:
        with process_pool(workers) as pool:
            futures = [pool.submit(_call, token, index) for index in range(len(items))]
            return [future.result() for future in futures]
    finally:
        del _pending[token]
