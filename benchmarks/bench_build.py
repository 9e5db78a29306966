"""Build a 1,000-question bank: lmsexport (validated) against text2qti.

Prints the time and peak memory of: text2qti producing QTI 1.2 (the reference),
lmsexport building qti12 alone, and lmsexport building qti12 + qti21 +
moodlexml, every file schema-validated; then the ratios.  Run:

    .venv/bin/python benchmarks/bench_build.py [--questions 1000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from generate import write_bank_course, write_text2qti_bank
from measure import measure, row

BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        course = write_bank_course(work / "bank", args.questions)
        text = write_text2qti_bank(work / "bank.txt", args.questions)
        lmsexport = [str(BIN / "lmsexport"), "-q", "build", str(course), "--no-cache"]
        runs = {
            "text2qti -> QTI 1.2 (reference)": measure(
                [str(BIN / "text2qti"), str(text)], args.repeat, cwd=work
            ),
            "lmsexport -> qti12, validated": measure(
                [*lmsexport, "-o", str(work / "one"), "-t", "qti12"], args.repeat
            ),
            "lmsexport -> qti12 + qti21 + moodlexml, validated": measure(
                [
                    *lmsexport,
                    "-o",
                    str(work / "three"),
                    "-t",
                    "qti12",
                    "-t",
                    "qti21",
                    "-t",
                    "moodlexml",
                ],
                args.repeat,
            ),
        }
        shutil.rmtree(work / "one", ignore_errors=True)
    print(f"{args.questions}-question bank, best of {args.repeat}")
    for label, run in runs.items():
        print(row(label, run))
    reference = runs["text2qti -> QTI 1.2 (reference)"].seconds
    for label, run in runs.items():
        if "lmsexport" in label:
            print(f"ratio {label}: {run.seconds / reference:.2f}x text2qti")


if __name__ == "__main__":
    main()
