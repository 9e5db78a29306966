"""The machine-readable report: versioned, deterministic, described by a JSON Schema.

The schema is ``schemas/validate-report.schema.json``; bump ``REPORT_VERSION``
on any incompatible change so CI scripts can refuse what they do not understand.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from lmsexport import __version__
from lmsexport.validate.findings import PackageReport

REPORT_FORMAT = "lmsexport-validate-report"
REPORT_VERSION = 1


def report_document(reports: Sequence[PackageReport], fail_on: str) -> dict[str, Any]:
    """The whole JSON report as data; versioned so CI scripts can rely on its shape."""
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "tool": {"name": "lmsexport", "version": __version__},
        "fail_on": fail_on,
        "summary": {
            "packages": len(reports),
            "errors": sum(len(r.errors) for r in reports),
            "warnings": sum(len(r.warnings) for r in reports),
            "unreadable": sum(r.unreadable for r in reports),
        },
        "packages": [r.to_json() for r in reports],
    }


def render_json(reports: Sequence[PackageReport], fail_on: str) -> str:
    """The JSON report as text, UTF-8 kept readable (file names and messages are not escaped)."""
    return json.dumps(report_document(reports, fail_on), indent=2, ensure_ascii=False) + "\n"
