"""Run a command as a child process and report its wall time and peak memory.

Whole commands are timed (interpreter start-up included) so lmsexport and the
reference tools are measured the same way a user experiences them.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """Best wall time over the repeats, and the largest peak RSS seen."""

    seconds: float
    peak_mib: float


def measure(command: Sequence[str], repeat: int = 3, cwd: Path | None = None) -> Run:
    """Run ``command`` ``repeat`` times; fail loudly if it ever exits non-zero."""
    best = float("inf")
    peak = 0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        stderr = process.stderr.read().decode() if process.stderr else ""
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss)
    return Run(best, peak / 1024)


def row(label: str, run: Run) -> str:
    """One aligned line of a benchmark table."""
    return f"{label:48} {run.seconds:8.2f} s {run.peak_mib:8.1f} MiB"
