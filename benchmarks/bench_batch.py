"""Build 100 synthetic courses: one job against all cores, cold against cached.

Run:  .venv/bin/python benchmarks/bench_batch.py [--courses 100] [--targets html,scorm12]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from generate import write_course_tree
from measure import measure, row

BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--courses", type=int, default=100)
    parser.add_argument("--targets", default="html,scorm12,qti21")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    targets = [flag for name in args.targets.split(",") for flag in ("-t", name)]
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        tree = write_course_tree(work / "source", args.courses)
        base = [
            str(BIN / "lmsexport"),
            "-q",
            "build",
            str(tree),
            *targets,
            "-o",
            str(work / "dist"),
        ]
        cache = ["--cache", str(work / "cache")]
        runs = {
            "cold, --jobs 1": measure([*base, "--no-cache", "--jobs", "1"], repeat=1),
            f"cold, --jobs {args.jobs}": measure(
                [*base, "--no-cache", "--jobs", str(args.jobs)], repeat=1
            ),
            f"fill cache, --jobs {args.jobs}": measure(
                [*base, *cache, "--jobs", str(args.jobs)], repeat=1
            ),
            "cached, nothing changed": measure([*base, *cache], repeat=3),
        }
    print(f"{args.courses} courses, targets {args.targets}")
    for label, run in runs.items():
        print(row(label, run))
    one, many = runs["cold, --jobs 1"].seconds, runs[f"cold, --jobs {args.jobs}"].seconds
    print(f"speed-up with {args.jobs} jobs: {one / many:.2f}x")


if __name__ == "__main__":
    main()
