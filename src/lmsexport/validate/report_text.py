"""The human report: per package its kind and why, then findings grouped by file."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

import click

from lmsexport.validate.findings import Finding, PackageReport

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _where(found: Finding) -> str:
    if found.line and found.column:
        return f"{found.line}:{found.column}"
    return str(found.line) if found.line else "-"


def _folder_header(following: Sequence[PackageReport]) -> list[str]:
    """Say that a folder was taken as a batch, so no one reads its reports as one package's.

    ``following`` starts at the folder's first package; its packages come in one run.
    """
    folder = following[0].found_in
    if not folder:
        return []
    count = next((i for i, r in enumerate(following) if r.found_in != folder), len(following))
    return [
        f"{folder}: a folder of packages (no imsmanifest.xml, cmi5.xml or index.html "
        f"at its top); each of its {count} package(s) is validated on its own"
    ]


def render_text(reports: Sequence[PackageReport], color: bool = False, verbosity: int = 0) -> str:
    """The report for people.

    ``verbosity`` below 0 (``-q``) keeps only failing packages and their errors,
    for a CI log that shows nothing when all is well; above 0 (``-v``) adds the
    checks that ran on each package.
    """

    def style(text: str, fg: str | None = None, bold: bool = False) -> str:
        return click.style(text, fg=fg, bold=bold) if color else text

    quiet = verbosity < 0
    lines: list[str] = []
    folder = ""
    for at, report in enumerate(reports):
        if report.found_in != folder and not quiet:
            lines.extend(_folder_header(reports[at:]))
        folder = report.found_in
        failed = report.unreadable or bool(report.errors)
        if quiet and not failed:
            continue
        verdict = (
            style("UNREADABLE", fg="red", bold=True)
            if report.unreadable
            else style("FAIL", fg="red", bold=True)
            if report.errors
            else style("OK", fg="green", bold=True)
        )
        lines.append(f"{verdict} {style(report.path, bold=True)}: {report.kind}")
        if report.detected_because and not quiet:
            lines.append(f"  detected: {report.detected_because}")
        if verbosity > 0:
            lines.append(f"  checks: {', '.join(report.checks)}")
        shown = report.errors if quiet else report.findings
        for file, group in groupby(shown, key=lambda f: f.file):
            lines.append(f"  {file or '(package)'}")
            for found in group:
                severity = style(found.severity, fg=_COLOURS[found.severity])
                lines.append(f"    {_where(found)}: {severity}: {found.code}: {found.message}")
    if not quiet:
        errors = sum(len(r.errors) for r in reports)
        warnings = sum(len(r.warnings) for r in reports)
        lines.append(f"{len(reports)} package(s), {errors} error(s), {warnings} warning(s)")
    return "".join(f"{line}\n" for line in lines)
