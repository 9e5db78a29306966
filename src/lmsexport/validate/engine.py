"""Validate packages: open safely, detect the kind, run its rules and the XSDs.

``validate_paths`` is what the CLI calls, fanning packages out to worker
processes, each of which compiles every schema set at most once;
``validate_package`` checks one path.  ``validate_files`` is what the build
pipeline calls on each artifact it is about to write: the same rules on the
files in memory, with the pipeline's own checks riding the same single parse.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from lmsexport.schemas import SchemaRegistry
from lmsexport.validate.archive import (
    Deadline,
    Package,
    PackageTimeout,
    UnreadableInput,
    memory_package,
    open_package,
)
from lmsexport.validate.context import Context
from lmsexport.validate.detect import detect
from lmsexport.validate.findings import Finding, PackageReport, finding
from lmsexport.validate.inputs import Input, expand
from lmsexport.validate.options import DEFAULT_OPTIONS, ValidateOptions
from lmsexport.validate.rules import NOT_XML, RULES, MemberRule
from lmsexport.validate.rules.xsd import SchemaValidator, XsdCheck

# Which check (JUnit test case) each code family belongs to.
CHECK_OF_PREFIX = {
    "INPUT": "archive",
    "ZIP": "archive",
    "PKG": "archive",
    "XML": "xml",
    "XSD": "schema",
    "DTD": "schema",
    "CP": "manifest",
    "SCORM": "scorm",
    "QTI": "qti",
    "CC": "cc",
    "CMI5": "cmi5",
    "MOODLE": "moodle",
    "LMS": "lms",
}
_CHECK_OF_RULE_MODULE = {
    "cp": "manifest",
    "lms": "lms",
    "scorm": "scorm",
    "qti": "qti",
    "cc": "cc",
    "cmi5": "cmi5",
    "moodlexml": "moodle",
    "textbank": "moodle",
}


def check_of(found: Finding) -> str:
    """The check family (``zip``, ``xsd``, ``scorm``...) a finding belongs to, for the report's list of checks run."""
    return CHECK_OF_PREFIX[found.code.split("-", 1)[0]]


def validate_package(
    path: Path, registry: SchemaValidator, options: ValidateOptions = DEFAULT_OPTIONS
) -> PackageReport:
    """Everything wrong with the package (zip, folder or loose XML file) at ``path``."""
    report = PackageReport(str(path), checks=["archive"])
    deadline = Deadline.after(options.time_limit_s)
    try:
        package = open_package(path, options, deadline)
    except UnreadableInput as exc:
        return _unreadable(report, exc)
    return _validate_opened(package, report, registry, options)


def validate_files(
    label: str,
    files: Mapping[str, bytes],
    registry: SchemaValidator,
    options: ValidateOptions = DEFAULT_OPTIONS,
    *,
    single_file: bool = False,
    member_rules: Sequence[MemberRule] = (),
) -> PackageReport:
    """Everything wrong with the package made of ``files`` (member name -> bytes), in memory.

    The build calls this on an artifact before writing it, instead of zipping,
    writing, reading back, inflating and re-parsing it.  ``member_rules`` run on
    every parsed XML member after the package kind's own rules, so a caller's
    per-file check (the build's schema check) reuses the one parse; a rule that
    alters a tree must leave alone those :meth:`Context.kept` says stay in use.
    """
    report = PackageReport(label, checks=["archive"])
    deadline = Deadline.after(options.time_limit_s)
    package = memory_package(label, files, options, deadline, single_file)
    return _validate_opened(package, report, registry, options, member_rules)


def _validate_opened(
    package: Package,
    report: PackageReport,
    registry: SchemaValidator,
    options: ValidateOptions,
    extra_rules: Sequence[MemberRule] = (),
) -> PackageReport:
    """Detect the kind of the opened ``package`` and run its rules, each member parsed once."""
    ctx = Context(package)
    checks = {"archive", "xml"}
    try:
        detection = detect(ctx)
        ctx.kind = report.kind = detection.kind
        report.detected_because = detection.because
        rules = RULES[ctx.kind]
        for rule in (*rules.package, *rules.members):
            checks.add(_CHECK_OF_RULE_MODULE[rule.__module__.rsplit(".", 1)[-1]])
        for package_rule in rules.package:
            package_rule(ctx)
        member_rules: list[MemberRule] = list(rules.members)
        if ctx.kind in NOT_XML:
            checks.discard("xml")
        elif options.xsd:
            checks.add("schema")
            member_rules.append(XsdCheck(ctx, registry))
        member_rules.extend(extra_rules)
        # One pass: each XML member is parsed once, checked by every member rule
        # and the schema, then dropped (only the manifest's tree is kept).
        for member in ctx.each_xml():
            for member_rule in member_rules:
                member_rule(ctx, member)
        package.verify_all()
    except UnreadableInput as exc:
        return _unreadable(report, exc)
    except PackageTimeout:
        ctx.add(
            "PKG-TIMEOUT",
            "",
            f"stopped after {options.time_limit_s:g} s; findings are incomplete "
            f"(raise --time-limit if the package is genuinely large)",
        )
    finally:
        package.close()
    report.findings = sorted(set(package.findings + ctx.findings))
    report.checks = sorted(checks | {check_of(f) for f in report.findings})
    return report


def _unreadable(report: PackageReport, exc: UnreadableInput) -> PackageReport:
    """A package that could not be opened as a package.

    Only a path that cannot be read at all (missing, a dangling link, no
    permission) makes the report ``unreadable`` (exit 2); a truncated zip or a file
    of an unknown format is a defect of the input, reported like any other finding
    (exit 1), so a corpus of hostile uploads fails with 1 whatever it holds.
    """
    report.unreadable = exc.finding.code == "INPUT-UNREADABLE"
    report.findings = [exc.finding]
    return report


@cache
def _registry(schema_dirs: tuple[str, ...]) -> SchemaRegistry:
    """One registry per worker process, so each schema set compiles once per process."""
    return SchemaRegistry.discover(schema_dirs)


def _validate_one(
    path: str, options: ValidateOptions, schema_dirs: tuple[str, ...]
) -> PackageReport:
    try:
        return validate_package(Path(path), _registry(schema_dirs), options)
    except RecursionError:
        report = PackageReport(path, unreadable=True)
        report.findings = [finding("XML-TOO-DEEP", "", "nesting too deep to check; flatten it")]
        return report


def _validate_input(
    found: Input, options: ValidateOptions, schema_dirs: tuple[str, ...]
) -> PackageReport:
    """Validate one input; a link found in a folder of packages is reported, never followed."""
    if found.link:
        report = PackageReport(str(found.path), checks=["archive"])
        report.findings = [
            finding("ZIP-SYMLINK", "", "symbolic link in a folder of packages; not followed")
        ]
    else:
        report = _validate_one(str(found.path), options, schema_dirs)
    report.found_in = found.found_in
    return report


def validate_paths(
    paths: Sequence[Path],
    options: ValidateOptions = DEFAULT_OPTIONS,
    schema_dirs: Sequence[Path] = (),
    jobs: int = 1,
) -> list[PackageReport]:
    """Reports for ``paths`` in their given order, validated ``jobs`` at a time.

    A folder of packages (see :mod:`lmsexport.validate.inputs`) gives one report
    per package in it, each with ``found_in`` naming the folder.
    """
    dirs = tuple(str(d) for d in schema_dirs)
    inputs = expand(paths)
    workers = min(max(jobs, 1), len(inputs), os.cpu_count() or 1)
    if workers <= 1:
        return [_validate_input(found, options, dirs) for found in inputs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        count = len(inputs)
        return list(pool.map(_validate_input, inputs, [options] * count, [dirs] * count))
