"""Run a command as a child process and report its wall time, CPU time and peak memory.

Whole commands are timed (interpreter start-up included) so lmsexport and the
reference tools are measured the same way a user experiences them.  The
machine is shared, so each command runs several times, taking turns with the
commands it is compared with: the best wall time and the least CPU time count
(others' load only ever adds), and CPU time is the steadier number when the
box is busy.  Peak memory is the largest total
resident set of the command and all its worker processes, sampled every
10 ms, or the kernel's peak of the largest single process if that is higher.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass(frozen=True)
class Run:
    """Best wall time and least CPU time (user + system, workers included) over the repeats,
    and the largest peak memory seen."""

    seconds: float
    cpu_seconds: float
    peak_mib: float


class _TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.done.wait(0.01):
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.Error:
                return
            total = 0
            for process in processes:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)


@dataclass(frozen=True)
class Command:
    """A command line and the folder it runs in."""

    argv: Sequence[str]
    cwd: Path | None = None


def _run_once(command: Command) -> Run:
    """One run; fails loudly if the command exits non-zero."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command.argv, cwd=command.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    sampler = _TreeSampler(process.pid)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command.argv)} failed:\n{stderr}")
    peak = max(usage.ru_maxrss * 1024, sampler.peak)
    return Run(elapsed, usage.ru_utime + usage.ru_stime, peak / 2**20)


def measure_all(commands: Mapping[str, Command], repeat: int = 3) -> dict[str, Run]:
    """Run every command ``repeat`` times, taking turns, so a burst of load hits all alike."""
    runs: dict[str, list[Run]] = {label: [] for label in commands}
    for _ in range(repeat):
        for label, command in commands.items():
            runs[label].append(_run_once(command))
    return {
        label: Run(
            min(r.seconds for r in done),
            min(r.cpu_seconds for r in done),
            max(r.peak_mib for r in done),
        )
        for label, done in runs.items()
    }


def measure(command: Sequence[str], repeat: int = 3, cwd: Path | None = None) -> Run:
    """Run one command ``repeat`` times (see :func:`measure_all`)."""
    return measure_all({"": Command(command, cwd)}, repeat)[""]


def row(label: str, run: Run) -> str:
    """One aligned line of a benchmark table."""
    return f"{label:52} {run.seconds:7.2f} s {run.cpu_seconds:7.2f} s cpu {run.peak_mib:7.1f} MiB"
