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


def render_text(reports: Sequence[PackageReport], color: bool = False) -> str:
    def style(text: str, fg: str | None = None, bold: bool = False) -> str:
        return click.style(text, fg=fg, bold=bold) if color else text

    lines: list[str] = []
    for report in reports:
        verdict = (
            style("UNREADABLE", fg="red", bold=True)
            if report.unreadable
            else style("FAIL", fg="red", bold=True)
            if report.errors
            else style("OK", fg="green", bold=True)
        )
        lines.append(f"{verdict} {style(report.path, bold=True)}: {report.kind}")
        if report.detected_because:
            lines.append(f"  detected: {report.detected_because}")
        for file, group in groupby(report.findings, key=lambda f: f.file):
            lines.append(f"  {file or '(package)'}")
            for found in group:
                severity = style(found.severity, fg=_COLOURS[found.severity])
                lines.append(f"    {_where(found)}: {severity}: {found.code}: {found.message}")
    errors = sum(len(r.errors) for r in reports)
    warnings = sum(len(r.warnings) for r in reports)
    lines.append(f"{len(reports)} package(s), {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines) + "\n"
