"""Run course builds on a Dask cluster through its concurrent.futures executor.

Past one machine an existing distributed engine beats a home-made one: Dask's
``Client.get_executor()`` is a standard :class:`concurrent.futures.Executor`, so
the build loop is the same as for the local process pool.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from typing import Any

from distributed import Client

CONNECT_TIMEOUT = "10s"
"""How long to wait for the scheduler before telling the user it cannot be reached."""


class DaskExecutor(Executor):
    """An executor that owns its Dask client and closes it on shutdown."""

    def __init__(self, address: str) -> None:
        self._client = Client(address, set_as_default=False, timeout=CONNECT_TIMEOUT)
        self._executor = self._client.get_executor(pure=False)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = self._executor.submit(fn, *args, **kwargs)
        return future

    def map(
        self,
        fn: Callable[..., Any],
        *iterables: Iterable[Any],
        timeout: float | None = None,
        chunksize: int = 1,
    ) -> Iterator[Any]:
        return self._executor.map(fn, *iterables, timeout=timeout)  # type: ignore[no-any-return]

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait)
        self._client.close()


def dask_executor(address: str) -> Executor:
    """Connect to the Dask scheduler at ``HOST:PORT``."""
    return DaskExecutor(f"tcp://{address}" if "://" not in address else address)
