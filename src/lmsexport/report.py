"""``build-report.json``: what a build wrote and said, for people, CI and shard merges.

The report is deterministic (no clock, sorted courses) so CI can diff it.  Each
report says which shard (``K/N``) produced it, so :func:`merge_reports` can
refuse an incomplete or repeated set of shards instead of silently reporting
on part of the tree.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmsexport import __version__
from lmsexport.errors import Diagnostic, LmsExportError, Severity, SourcePos

if TYPE_CHECKING:
    from lmsexport.api import CourseResult

REPORT_NAME = "build-report.json"
REPORT_VERSION = 1


class ReportError(LmsExportError, ValueError):
    """A build report that cannot be read or merged."""


def render_report(results: Sequence[CourseResult], shard: tuple[int, int] | None = None) -> bytes:
    """The report of one build (one shard of it when ``shard`` is given)."""
    courses = [
        {
            "source": r.source,
            "course": r.course,
            "ok": r.ok,
            "cached": r.cached,
            "failed_targets": r.failed_targets,
            "artifacts": [asdict(a) for a in r.artifacts],
            "diagnostics": [diagnostic_to_json(d) for d in r.diagnostics],
        }
        for r in results
    ]
    return _dump(courses, f"{shard[0]}/{shard[1]}" if shard else None)


def merge_reports(reports: Sequence[Path]) -> bytes:
    """Join the reports of the shards ``1/N`` ... ``N/N`` of one build into one.

    Raises :class:`ReportError` when a report is unreadable, when shards are
    missing or given twice, or when reports of different shard counts are mixed.
    """
    courses: dict[str, dict[str, Any]] = {}
    seen: dict[str, Path] = {}
    for path in reports:
        data = _read(path)
        shard = data.get("shard")
        if shard is not None:
            if shard in seen:
                raise ReportError(f"{path}: shard {shard} was already given by {seen[shard]}")
            seen[shard] = path
        for course in data.get("courses", []):
            courses[course["source"]] = course
    _check_complete(seen)
    return _dump([courses[source] for source in sorted(courses)], None)


def _check_complete(seen: Mapping[str, Path]) -> None:
    counts = {shard.partition("/")[2] for shard in seen}
    if len(counts) > 1:
        raise ReportError(f"reports of different shard counts: {', '.join(sorted(seen))}")
    if counts:
        total = int(counts.pop())
        missing = [f"{k}/{total}" for k in range(1, total + 1) if f"{k}/{total}" not in seen]
        if missing:
            raise ReportError(f"missing the report of shard {', '.join(missing)}")


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(f"{path}: not a readable build report: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != REPORT_VERSION:
        raise ReportError(f"{path}: not a build report of version {REPORT_VERSION}")
    return data


def _dump(courses: list[dict[str, Any]], shard: str | None) -> bytes:
    diagnostics = [d for c in courses for d in c["diagnostics"]]
    report = {
        "version": REPORT_VERSION,
        "tool": f"lmsexport {__version__}",
        "shard": shard,
        "ok": all(c["ok"] for c in courses),
        "totals": {
            "courses": len(courses),
            "failed": sum(not c["ok"] for c in courses),
            "cached": sum(bool(c.get("cached")) for c in courses),
            "artifacts": sum(len(c["artifacts"]) for c in courses),
            "errors": sum(d["severity"] == "error" for d in diagnostics),
            "warnings": sum(d["severity"] == "warning" for d in diagnostics),
        },
        "courses": courses,
    }
    return (json.dumps(report, indent=2) + "\n").encode("utf-8")


def diagnostic_to_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """A diagnostic as the report (and the build cache) stores it."""
    pos = diagnostic.pos
    return {
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "file": os.fspath(pos.file) if pos else None,
        "line": pos.line if pos else None,
        "column": pos.column if pos else None,
        "field": diagnostic.field,
        "hint": diagnostic.hint,
        "code": diagnostic.code,
    }


def diagnostic_from_json(data: Mapping[str, Any]) -> Diagnostic:
    """The inverse of :func:`diagnostic_to_json`."""
    pos = None
    if data.get("file") is not None:
        pos = SourcePos(Path(data["file"]), data.get("line") or 0, data.get("column") or 0)
    return Diagnostic(
        Severity(data["severity"]),
        data["message"],
        pos,
        data.get("field"),
        data.get("hint"),
        data.get("code"),
    )
