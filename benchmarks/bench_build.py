"""Build a 1,000-question bank: lmsexport (validated) against text2qti.

Prints the wall time, CPU time and peak memory of: text2qti producing QTI 1.2
(the reference), lmsexport building qti12 alone, and lmsexport building qti12 +
qti21 + moodlexml with every file schema-validated, both with the default
``--jobs`` (all cores) and with ``--jobs 1``; then the ratios.  Run:

    .venv/bin/python benchmarks/bench_build.py [--questions 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from generate import write_bank_course, write_text2qti_bank
from measure import Command, Run, measure_all, row

BIN = Path(sys.executable).parent
REFERENCE = "text2qti -> QTI 1.2 (reference)"
THREE = ("qti12", "qti21", "moodlexml")


def bank_runs(questions: int, repeat: int) -> dict[str, Run]:
    """Time text2qti and lmsexport on the same seeded bank of ``questions`` questions."""
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        course = write_bank_course(work / "bank", questions)
        text = write_text2qti_bank(work / "bank.txt", questions)
        build = [str(BIN / "lmsexport"), "-q", "build", str(course), "--no-cache"]
        three = [flag for name in THREE for flag in ("-t", name)]
        return measure_all(
            {
                REFERENCE: Command([str(BIN / "text2qti"), str(text)], work),
                "lmsexport -> qti12, validated": Command(
                    [*build, "-o", str(work / "one"), "-t", "qti12"]
                ),
                "lmsexport -> qti12 + qti21 + moodlexml, validated": Command(
                    [*build, "-o", str(work / "three"), *three]
                ),
                "  the same with --jobs 1": Command(
                    [*build, "-o", str(work / "three-1"), *three, "--jobs", "1"]
                ),
            },
            repeat,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    runs = bank_runs(args.questions, args.repeat)
    print(f"{args.questions}-question bank, best of {args.repeat}")
    for label, run in runs.items():
        print(row(label, run))
    reference = runs[REFERENCE].seconds
    for label, run in runs.items():
        if label != REFERENCE:
            print(f"ratio {label.strip()}: {run.seconds / reference:.2f}x text2qti")


if __name__ == "__main__":
    main()
