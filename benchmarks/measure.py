"""Run a command as a child process and report its wall time, CPU time and peak memory.

Whole commands are timed (interpreter start-up included) so lmsexport and the
reference tools are measured the same way a user experiences them.  The
machine is shared, so each command runs several times: the best wall time and
the least CPU time count (others' load only ever adds), and CPU time is the
steadier number when the box is busy.  Peak memory is the largest total
resident set of the command and all its worker processes, sampled every
10 ms, or the kernel's peak of the largest single process if that is higher.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
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


def measure(command: Sequence[str], repeat: int = 3, cwd: Path | None = None) -> Run:
    """Run ``command`` ``repeat`` times; fail loudly if it ever exits non-zero."""
    best = best_cpu = float("inf")
    peak = 0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        sampler = _TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        stderr = process.stderr.read().decode() if process.stderr else ""
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
        best = min(best, elapsed)
        best_cpu = min(best_cpu, usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss * 1024, sampler.peak)
    return Run(best, best_cpu, peak / 2**20)


def row(label: str, run: Run) -> str:
    """One aligned line of a benchmark table."""
    return f"{label:52} {run.seconds:7.2f} s {run.cpu_seconds:7.2f} s cpu {run.peak_mib:7.1f} MiB"
