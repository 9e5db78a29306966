"""Build 100 synthetic courses: one job against all cores, cold against cached.

Run:  .venv/bin/python benchmarks/bench_batch.py [--courses 100] [--targets html,scorm12,qti21]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from generate import write_course_tree
from measure import Command, Run, measure, measure_all, row

BIN = Path(sys.executable).parent
SERIAL = "cold, --jobs 1"
CACHED = "cached rebuild, nothing changed"


def parallel_label(jobs: int) -> str:
    return f"cold, --jobs {jobs}"


def batch_runs(courses: int, targets: str, jobs: int, repeat: int) -> dict[str, Run]:
    """Time cold builds of a seeded tree at one and ``jobs`` jobs, then cached rebuilds."""
    flags = [flag for name in targets.split(",") for flag in ("-t", name)]
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        tree = write_course_tree(work / "source", courses)
        base = [str(BIN / "lmsexport"), "-q", "build", str(tree), *flags, "-o", str(work / "dist")]
        cache = ["--cache", str(work / "cache")]
        cold = measure_all(
            {
                SERIAL: Command([*base, "--no-cache", "--jobs", "1"]),
                parallel_label(jobs): Command([*base, "--no-cache", "--jobs", str(jobs)]),
            },
            repeat,
        )
        fill = measure([*base, *cache, "--jobs", str(jobs)], 1)
        cached = measure([*base, *cache, "--jobs", str(jobs)], repeat)
        return {**cold, f"fill the cache, --jobs {jobs}": fill, CACHED: cached}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--courses", type=int, default=100)
    parser.add_argument("--targets", default="html,scorm12,qti21")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = batch_runs(args.courses, args.targets, args.jobs, args.repeat)
    print(f"{args.courses} courses, targets {args.targets}, best of {args.repeat}")
    for label, run in runs.items():
        print(row(label, run))
    one, many = runs[SERIAL].seconds, runs[parallel_label(args.jobs)].seconds
    print(f"speed-up with {args.jobs} jobs: {one / many:.2f}x")


if __name__ == "__main__":
    main()
