"""The build's checks of one artifact in memory: the schemas and the package validator's rules.

Before this, the build schema-checked each tagged file (one parse), then wrote
the zip to a temp file and ran ``lmsexport validate``'s rules on it (read back,
inflate, a second parse).  Now one pass over the rendered files does both: the
validator parses each XML member once, runs its rules on the tree, and hands the
same tree to the schema check of the file's tag.  The zip is written only after.
"""

from __future__ import annotations

import math
from typing import Any

from lmsexport.errors import Diagnostic, SchemaSetMissing, error, warning
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import Artifact, BuildContext, OutputFile
from lmsexport.validate.context import Context
from lmsexport.validate.engine import validate_files
from lmsexport.validate.findings import Finding
from lmsexport.validate.options import ValidateOptions
from lmsexport.validate.xmlread import ParsedXml

SOURCE_CHECKED_CODES = frozenset({"LMS-FILENAME"})
"""Findings the loader already reports once, at the line of the source that causes them
(media names with spaces or non-ASCII letters); repeating them per target is noise."""

OWN_OUTPUT = ValidateOptions(xsd=False, time_limit_s=math.inf)
"""The validator's settings for our own artifacts.

Without XSDs: the tagged files are schema-checked by the build's own rule below,
on the tags the targets gave them.  Without a time limit: the limit keeps a hostile
upload from stalling a batch, and a large course of ours must not fail for being large.
"""

SchemaOutcome = list[Diagnostic] | SchemaSetMissing
"""One tagged file's schema errors, or the missing set that kept it from being checked."""


class _SchemaCheck:
    """Validates each tagged member against its schema on the tree the validator parsed.

    A member the validator does not parse (not ``*.xml``, not well-formed,
    hostile, or never reached) is left in ``pending`` for
    :meth:`PackageInspection._schema_outcomes` to check from its bytes, which
    reports a syntax error exactly as before.
    """

    def __init__(self, registry: SchemaRegistry, pending: dict[str, OutputFile]) -> None:
        self.registry = registry
        self.pending = pending
        self.outcomes: dict[str, SchemaOutcome] = {}

    def __call__(self, ctx: Context, member: ParsedXml) -> None:
        file = self.pending.get(member.name)
        if file is None or file.schema is None or member.tree is None or member.hostile:
            return
        del self.pending[member.name]
        try:
            # The validator drops this tree after the member's rules (this one is
            # last), unless it keeps it (the manifest): a DTD check may strip it in place.
            self.outcomes[member.name] = self.registry.validate_tree(
                file.schema, member.tree, file.path, disposable=not ctx.kept(member.name)
            )
        except SchemaSetMissing as exc:
            self.outcomes[member.name] = exc


class PackageInspection:
    """Schema-checks an artifact's tagged files and runs ``lmsexport validate``'s rules on it.

    The package validator adds what only the finished package shows (manifest at
    the root, every file listed, LMS pitfalls).  Its errors stop the artifact from
    being written; its warnings become build warnings.  The schema results are
    given in the artifact's file order (:attr:`schema_diagnostics`,
    :attr:`checked`, :attr:`missing`) for the build's validation record; the
    package findings (:attr:`diagnostics`) are added to the build only if it gets
    as far as writing.
    """

    def __init__(self, artifact: Artifact, ctx: BuildContext) -> None:
        self.filename = artifact.filename
        members = _members(artifact)
        schema = _SchemaCheck(ctx.schemas, {n: f for n, f in members.items() if f.schema})
        report = validate_files(
            artifact.filename,
            {name: file.data for name, file in members.items()},
            ctx.schemas,
            OWN_OUTPUT,
            single_file=not artifact.zipped,
            member_rules=(schema,),
        )
        self.schema_diagnostics: list[Diagnostic] = []
        self.checked: set[str] = set()
        self.missing: set[str] = set()
        self._schema_outcomes(ctx.schemas, members, schema)
        self.diagnostics = [
            self._diagnostic(found, artifact.zipped)
            for found in report.findings
            if found.code not in SOURCE_CHECKED_CODES and found.severity in ("error", "warning")
        ]
        self.ok = not report.errors
        self.summary: dict[str, Any] = {
            "kind": report.kind,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "codes": sorted({f.code for f in report.findings}),
        }

    def _schema_outcomes(
        self, registry: SchemaRegistry, members: dict[str, OutputFile], schema: _SchemaCheck
    ) -> None:
        """Gather every tagged file's result, checking from bytes those the validator did not parse."""
        for name, file in members.items():
            if file.schema is None:
                continue
            outcome = schema.outcomes.get(name)
            if outcome is None:
                try:
                    outcome = registry.validate(file.schema, file.data, file.path)
                except SchemaSetMissing as exc:
                    outcome = exc
            if isinstance(outcome, SchemaSetMissing):
                self.missing.add(outcome.set_name)
            else:
                self.schema_diagnostics.extend(outcome)
                self.checked.add(file.schema)

    def _diagnostic(self, found: Finding, zipped: bool) -> Diagnostic:
        # A loose file's findings name the file itself, which is the artifact.
        where = f"{self.filename}/{found.file}" if found.file and zipped else self.filename
        line = f":{found.line}" if found.line else ""
        make = error if found.severity == "error" else warning
        return make(f"{where}{line}: {found.message}", code=found.code)


def _members(artifact: Artifact) -> dict[str, OutputFile]:
    """The artifact's files by the name the package validator sees them under.

    Inside a zip that is each file's path; a file written as is (a Moodle XML or
    GIFT bank) is the artifact itself, named by its output filename, whose suffix
    tells the validator what it is.
    """
    if artifact.zipped:
        return {file.path: file for file in artifact.files}
    return {artifact.filename: artifact.files[0]}
