"""The package validator's rules, run by the build on every artifact it writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lmsexport.errors import error, warning
from lmsexport.targets.base import BuildContext
from lmsexport.validate.engine import validate_package
from lmsexport.validate.options import ValidateOptions

SOURCE_CHECKED_CODES = frozenset({"LMS-FILENAME"})
"""Findings the loader already reports once, at the line of the source that causes them
(media names with spaces or non-ASCII letters); repeating them per target is noise."""


class PackageInspection:
    """Runs ``lmsexport validate``'s package rules on a written (temp) artifact.

    The pipeline has already schema-checked every tagged file, so the package
    validator runs without XSDs here: it adds what only the finished package shows
    (manifest at the root, every file listed, LMS pitfalls).  Its errors stop the
    artifact from replacing the previous one; its warnings become build warnings.
    """

    def __init__(self, filename: str, ctx: BuildContext) -> None:
        self.filename = filename
        self.ctx = ctx
        self.summary: dict[str, Any] = {}

    def __call__(self, temp: Path) -> bool:
        report = validate_package(temp, self.ctx.schemas, ValidateOptions(xsd=False))
        for found in report.findings:
            if found.code in SOURCE_CHECKED_CODES:
                continue
            where = f"{self.filename}/{found.file}" if found.file else self.filename
            line = f":{found.line}" if found.line else ""
            message = f"{where}{line}: {found.message}"
            make = error if found.severity == "error" else warning
            if found.severity in ("error", "warning"):
                self.ctx.diagnostics.append(make(message, code=found.code))
        self.summary = {
            "kind": report.kind,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "codes": sorted({f.code for f in report.findings}),
        }
        return not report.errors
