"""Run every benchmark and print one Markdown table against issue 8's targets.

    .venv/bin/python benchmarks/run_all.py [--repeat 5] [--questions 1000] [--courses 100]

Needs the official schemas (``LMSEXPORT_SCHEMAS``) and text2qti (the ``test``
extra).  Takes a few minutes.  Each row says what was measured, the number,
what it is compared with, the target and whether it is met; ``benchmarks/README.md``
explains each number and how to read it on a busy machine.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import validate
from bench_batch import CACHED, SERIAL, batch_runs, parallel_label
from bench_build import REFERENCE, bank_runs
from generate import write_bank_course
from measure import Run

from lmsexport.api import BuildOptions, build
from lmsexport.schemas import SchemaRegistry

THREE = "lmsexport -> qti12 + qti21 + moodlexml, validated"
ONE = "lmsexport -> qti12, validated"
SERIAL_THREE = "  the same with --jobs 1"
BATCH_TARGETS = "html,scorm12,qti21"


@dataclass(frozen=True)
class Row:
    """One line of the summary table."""

    what: str
    measured: str
    compared_with: str
    target: str
    met: str
    peak: str


def _seconds(run: Run) -> str:
    return f"{run.seconds:.2f} s (cpu {run.cpu_seconds:.2f} s)"


def _verdict(ok: bool, detail: str) -> str:
    return f"{'yes' if ok else 'no'} ({detail})"


def bank_rows(questions: int, repeat: int) -> list[Row]:
    runs = bank_runs(questions, repeat)
    reference = runs[REFERENCE]
    rows = []
    for label, note in ((THREE, "default --jobs"), (SERIAL_THREE, "--jobs 1"), (ONE, "")):
        run = runs[label]
        ratio = run.seconds / reference.seconds
        target = "<= 1.00x text2qti" if label != ONE else "(for comparison)"
        met = _verdict(ratio <= 1.0, f"{ratio:.2f}x") if label != ONE else f"{ratio:.2f}x"
        name = {THREE: "3 formats", SERIAL_THREE: "3 formats", ONE: "qti12 alone"}[label]
        what = f"{questions}-question bank, {name}" + (f", {note}" if note else "")
        rows.append(
            Row(
                what,
                _seconds(run),
                f"text2qti {reference.seconds:.2f} s",
                target,
                met,
                f"{run.peak_mib:.0f} MiB (text2qti {reference.peak_mib:.0f})",
            )
        )
    return rows


def batch_rows(courses: int, jobs: int, repeat: int) -> list[Row]:
    runs = batch_runs(courses, BATCH_TARGETS, jobs, repeat)
    serial, parallel, cached = runs[SERIAL], runs[parallel_label(jobs)], runs[CACHED]
    speedup = serial.seconds / parallel.seconds
    return [
        Row(
            f"{courses}-course tree ({BATCH_TARGETS}), cached rebuild, nothing changed",
            _seconds(cached),
            "",
            "< 2 s",
            _verdict(cached.seconds < 2.0, f"{cached.seconds:.2f} s"),
            f"{cached.peak_mib:.0f} MiB",
        ),
        Row(
            f"{courses}-course tree ({BATCH_TARGETS}), cold, --jobs {jobs}",
            _seconds(parallel),
            f"--jobs 1: {_seconds(serial)}",
            "clearly less than --jobs 1",
            _verdict(speedup >= 1.2, f"{speedup:.2f}x faster"),
            f"{parallel.peak_mib:.0f} MiB (--jobs 1: {serial.peak_mib:.0f})",
        ),
    ]


def _packages(folder: Path, targets: Sequence[str] = ()) -> list[Path]:
    out = folder.parent / f"{folder.name}-out"
    build([folder], BuildOptions(output=out, targets=tuple(targets), jobs=1))
    return sorted(p for p in out.iterdir() if p.suffix in (".zip", ".imscc", ".xml"))


def validate_rows(questions: int, repeat: int) -> list[Row]:
    registry = SchemaRegistry.discover()
    sample = Path(__file__).resolve().parents[1] / "source" / "stalins-soviet-union"
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / sample.name
        bank = write_bank_course(Path(scratch) / "bank", questions)
        suites = {
            "sample course, every target": _packages(Path(shutil.copytree(sample, copy))),
            f"{questions}-question bank, qti21 + scorm12": _packages(bank, ("qti21", "scorm12")),
        }
        for label, paths in suites.items():
            with contextlib.redirect_stdout(io.StringIO()):
                ours, bare = validate.compare(label, paths, registry, repeat)
            ratio = bare.seconds / ours.seconds
            rows.append(
                Row(
                    f"validate throughput, {label}",
                    f"{ours.seconds * 1000:.0f} ms (cpu {ours.cpu_seconds * 1000:.0f} ms)",
                    f"bare lxml XMLSchema {bare.seconds * 1000:.0f} ms",
                    f">= {validate.TARGET}x bare",
                    _verdict(ratio >= validate.TARGET, f"{ratio:.2f}x"),
                    f"+{ours.peak_mib:.1f} MiB (bare +{bare.peak_mib:.1f})",
                )
            )
    return rows


def table(rows: Sequence[Row]) -> str:
    head = ("measured", "result", "compared with", "target", "met", "peak memory")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        lines.append(
            f"| {r.what} | {r.measured} | {r.compared_with} | {r.target} | {r.met} | {r.peak} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--courses", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    rows = [
        *bank_rows(args.questions, args.repeat),
        *batch_rows(args.courses, args.jobs, args.repeat),
        *validate_rows(args.questions, args.repeat),
    ]
    print(
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
        f"1-minute load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after; "
        f"best of {args.repeat}\n"
    )
    print(table(rows))


if __name__ == "__main__":
    main()
