"""``lmsexport validate PATH...``: check packages made by any tool, for people and CI.

Exit codes: 0 nothing at or above ``--fail-on``; 1 something was; 2 an input
could not be read at all (missing file, truncated zip).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lmsexport.commands.output import Printer, verbosity_options
from lmsexport.validate.engine import validate_paths
from lmsexport.validate.findings import SEVERITY_RANK
from lmsexport.validate.options import DEFAULT_OPTIONS, MIB, ValidateOptions
from lmsexport.validate.report_json import render_json
from lmsexport.validate.report_junit import render_junit
from lmsexport.validate.report_text import render_text


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
    help="Report for people (text) or CI (json, junit).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE, not stdout.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Packages validated in parallel.",
)
@click.option(
    "--schemas",
    "schema_dirs",
    multiple=True,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder of official schema sets (repeatable; searched before LMSEXPORT_SCHEMAS).",
)
@click.option("--no-xsd", is_flag=True, help="Skip official schema validation.")
@click.option(
    "--max-entries",
    type=click.IntRange(min=1),
    default=DEFAULT_OPTIONS.max_entries,
    show_default=True,
    help="Most zip members checked per package.",
)
@click.option(
    "--max-size-mb",
    type=click.IntRange(min=1),
    default=DEFAULT_OPTIONS.max_total_bytes // MIB,
    show_default=True,
    help="Total uncompressed size limit per package, in MiB.",
)
@click.option(
    "--max-ratio",
    type=click.FloatRange(min=1),
    default=DEFAULT_OPTIONS.max_ratio,
    show_default=True,
    help="Largest expansion ratio of a member of 1 MiB or more (zip bombs).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_OPTIONS.time_limit_s,
    show_default=True,
    help="Seconds per package.",
)
@verbosity_options
def validate(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    fail_on: str,
    jobs: int,
    schema_dirs: tuple[Path, ...],
    no_xsd: bool,
    max_entries: int,
    max_size_mb: int,
    max_ratio: float,
    time_limit: float,
    verbose: int,
    quiet: int,
) -> None:
    """Check SCORM, QTI, Common Cartridge, cmi5 and Moodle XML packages (zips, folders, XML files).

    GIFT and Aiken banks get syntax checks; lmsexport's own reports are skipped.
    -q lists only failing packages and their errors, -v adds the checks run;
    both apply to the text report only.
    """
    options = ValidateOptions(
        max_entries=max_entries,
        max_total_bytes=max_size_mb * MIB,
        max_member_bytes=min(DEFAULT_OPTIONS.max_member_bytes, max_size_mb * MIB),
        max_ratio=max_ratio,
        time_limit_s=time_limit,
        xsd=not no_xsd,
    )
    reports = validate_paths(paths, options, schema_dirs, jobs)
    if fmt == "json":
        text = render_json(reports, fail_on)
    elif fmt == "junit":
        text = render_junit(reports, fail_on)
    else:
        color = output is None and sys.stdout.isatty()
        verbosity = Printer.for_command(verbose, quiet).verbosity
        text = render_text(reports, color=color, verbosity=verbosity)
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if any(r.unreadable for r in reports):
        sys.exit(2)
    if any(r.worst() >= SEVERITY_RANK[fail_on] for r in reports):
        sys.exit(1)
