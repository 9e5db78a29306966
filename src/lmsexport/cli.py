"""The ``lmsexport`` command line: parses options, calls :mod:`lmsexport.api`, prints.

No logic lives here beyond mapping results to output and exit codes
(0 ok, 1 a package failed validation, 2 bad input).
"""

from __future__ import annotations

import functools
import importlib
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from lmsexport import __version__
from lmsexport.commands.output import Printer, group_verbosity_options, verbosity_options
from lmsexport.errors import LmsExportError, SourceError
from lmsexport.targets.registry import get_target, target_names

if TYPE_CHECKING:
    from lmsexport import api

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

# Sub-commands that live in their own modules, imported only when used so that
# start-up stays fast: name -> "module:attribute".
COMMANDS: dict[str, str] = {
    "import": "lmsexport.commands.import_bank:import_command",
    "schemas": "lmsexport.commands.schemas:schemas",
    "validate": "lmsexport.commands.validate:validate",
}


class LazyGroup(click.Group):
    """A group that imports the modules of :data:`COMMANDS` on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module, _, attribute = COMMANDS[cmd_name].partition(":")
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lmsexport")
@verbosity_options
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: int) -> None:
    """Compile course source into SCORM, QTI, Common Cartridge, Moodle and HTML packages."""
    ctx.obj = verbose - quiet


def _source_paths(sources: Sequence[str]) -> list[Path]:
    """The given paths; by default the current folder when it is a course, else ``./source``."""
    if sources:
        return [Path(s) for s in sources]
    return [Path(".")] if Path("course.yaml").is_file() else [Path("source")]


def _parse_shard(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> tuple[int, int] | None:
    if value is None:
        return None
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise click.BadParameter("expected K/N with 1 <= K <= N, e.g. 2/4")
    return int(index), int(count)


_TARGET_OPTIONS = (
    click.option(
        "-t",
        "--target",
        "targets",
        multiple=True,
        help="Target (repeatable); default: course.yaml's list, else all.",
    ),
    click.option(
        "--strict",
        is_flag=True,
        help="Treat missing schema sets and warnings that lose content as errors.",
    ),
    click.option(
        "--schemas",
        "schema_dirs",
        multiple=True,
        type=click.Path(file_okay=False, exists=True),
        help="Folder of official schema sets (searched before LMSEXPORT_SCHEMAS).",
    ),
    click.option(
        "--scorm-edition",
        type=click.Choice(["3", "4"]),
        default="4",
        show_default=True,
        help="SCORM 2004 edition.",
    ),
    click.option(
        "--sco-granularity",
        type=click.Choice(["leaf", "course"]),
        default=None,
        help="One SCO per lesson/quiz, or one for the whole course.",
    ),
    click.option(
        "--lms",
        type=click.Choice(["generic", "moodle", "canvas"]),
        default="generic",
        show_default=True,
        help="Adjust packages for a specific LMS.",
    ),
    click.option("--split-quizzes", is_flag=True, help="QTI targets: one package per quiz."),
    click.option(
        "--cc-version",
        type=click.Choice(["1.1", "1.3"]),
        default="1.1",
        show_default=True,
        help="Common Cartridge version.",
    ),
)


def target_selection(function: Callable[..., None]) -> Callable[..., None]:
    """The options that choose targets and their settings, shared by ``build`` and ``check``.

    The command receives them as one ``selection`` mapping of :class:`api.BuildOptions`
    fields, so both commands turn the same flags into the same options.
    """

    @functools.wraps(function)
    def command(
        *args: Any,
        targets: tuple[str, ...],
        strict: bool,
        schema_dirs: tuple[str, ...],
        scorm_edition: str,
        sco_granularity: str | None,
        lms: str,
        split_quizzes: bool,
        cc_version: str,
        **kwargs: Any,
    ) -> None:
        target_options: dict[str, Any] = {
            "scorm_edition": int(scorm_edition),
            "lms": lms,
            "split_quizzes": split_quizzes,
            "cc_version": cc_version,
        }
        if sco_granularity is not None:
            target_options["sco_granularity"] = sco_granularity
        selection = {
            "targets": targets,
            "strict": strict,
            "schema_dirs": tuple(Path(d) for d in schema_dirs),
            "target_options": target_options,
        }
        function(*args, selection=selection, **kwargs)

    decorated: Callable[..., None] = command
    for option in reversed(_TARGET_OPTIONS):
        decorated = option(decorated)
    return decorated


@main.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option(
    "-o", "--output", default="dist", show_default=True, type=click.Path(), help="Output folder."
)
@click.option(
    "-j",
    "--jobs",
    default=os.cpu_count() or 1,
    show_default=True,
    type=click.IntRange(1),
    help="Courses built in parallel.",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False),
    help="Build cache folder (default: the user cache).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the build cache.")
@click.option("--force", is_flag=True, help="Rebuild even what the cache says is unchanged.")
@click.option(
    "--shard", callback=_parse_shard, help="Build only shard K of N (K/N), for CI matrices."
)
@click.option("--executor", help="Run builds on a cluster: dask://HOST:PORT.")
@target_selection
@verbosity_options
def build(
    sources: tuple[str, ...],
    output: str,
    jobs: int,
    selection: dict[str, Any],
    cache_dir: str | None,
    no_cache: bool,
    force: bool,
    shard: tuple[int, int] | None,
    executor: str | None,
    verbose: int,
    quiet: int,
) -> None:
    """Build packages for every course under SOURCES (default: ./source)."""
    from lmsexport import api
    from lmsexport.cache import default_cache_dir
    from lmsexport.loaders.discover import discover_courses

    printer = Printer.for_command(verbose, quiet)
    options = api.BuildOptions(
        output=Path(output),
        jobs=jobs,
        **selection,
        cache_dir=None if no_cache else Path(cache_dir) if cache_dir else default_cache_dir(),
        force=force,
        shard=shard,
        executor=executor,
    )
    paths = _source_paths(sources)
    try:
        total = len(api.select_shard(discover_courses(paths), shard))
        with _progress(total, printer) as report:
            result = api.build(paths, options, report)
    except LmsExportError as exc:
        _fail(exc)
    for course in result.courses:
        printer.diagnostics(course.diagnostics)
        for artifact in course.artifacts:
            printer.info(
                f"wrote {artifact.path} ({artifact.size:,} bytes, {artifact.validation['status']})"
            )
        for name in course.failed_targets:
            click.echo(f"error: {course.course or course.source}: target '{name}' failed", err=True)
    printer.detail(f"report: {result.report}")
    if result.source_invalid:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_OK if result.ok else EXIT_FAILED)


class _progress:
    """A progress bar on a terminal, one plain line per course otherwise."""

    def __init__(self, total: int, printer: Printer) -> None:
        self.total = total
        self.printer = printer
        self.done = 0
        self.cached = 0
        self.failed = 0
        self.bar: Any = None

    def __enter__(self) -> api.ProgressCallback:
        if sys.stderr.isatty() and self.printer.verbosity >= 0 and self.total > 1:
            self.bar = click.progressbar(length=self.total, label="building", file=sys.stderr)
            self.bar.__enter__()
        return self.update

    def update(self, result: api.CourseResult) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        else:
            state = "ok" if result.ok else "FAILED"
            self.printer.detail(
                f"[{self.done}/{self.total}] {result.course or result.source}: {state}"
            )

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path())
@target_selection
@verbosity_options
def check(sources: tuple[str, ...], selection: dict[str, Any], verbose: int, quiet: int) -> None:
    """Check course source and what each target would make of it, without building."""
    from lmsexport import api

    printer = Printer.for_command(verbose, quiet)
    try:
        results = api.check(_source_paths(sources), api.BuildOptions(**selection))
    except LmsExportError as exc:
        _fail(exc)
    for course in results:
        printer.diagnostics(course.diagnostics)
        errors = sum(d.is_error for d in course.diagnostics)
        warnings = sum(d.is_warning for d in course.diagnostics)
        verdict = f"{errors} error(s)" if errors else "ok"
        printer.info(f"{course.source}: {verdict}, {warnings} warning(s)", err=True)
    if any(d.is_error for c in results for d in c.diagnostics):
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--id", "course_id", help="Course id (slug); default: the folder name.")
@click.option("--title", help="Course title.")
@verbosity_options
def new(
    path: str,
    course_id: str | None,
    title: str | None,
    verbose: int,
    quiet: int,
) -> None:
    """Create a new course folder at PATH that builds as is."""
    from lmsexport.loaders.scaffold import scaffold_course

    printer = Printer.for_command(verbose, quiet)
    try:
        folder = scaffold_course(Path(path), course_id, title)
    except LmsExportError as exc:
        _fail(exc)
    printer.info(f"created {folder}; build it with: lmsexport build {shlex.quote(str(folder))}")


@main.command()
@verbosity_options
def targets(verbose: int, quiet: int) -> None:
    """List the available targets."""
    printer = Printer.for_command(verbose, quiet)
    for name in target_names():
        target = get_target(name)
        printer.info(f"{name:12} {target.title}")
        printer.detail(f"{'':12} schema sets: {', '.join(target.schema_sets) or '-'}")


@main.group()
@group_verbosity_options
def report() -> None:
    """Work with build reports."""


@report.command("merge")
@click.argument("reports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    default="dist/build-report.json",
    show_default=True,
    type=click.Path(),
    help="Where to write the merged report.",
)
@verbosity_options
def merge(reports: tuple[str, ...], output: str, verbose: int, quiet: int) -> None:
    """Join the build reports of several shards into one."""
    from lmsexport.packaging import write_bytes_atomic
    from lmsexport.report import merge_reports

    try:
        merged = merge_reports([Path(r) for r in reports])
    except LmsExportError as exc:
        _fail(exc)
    write_bytes_atomic(Path(output), merged)
    Printer.for_command(verbose, quiet).info(f"wrote {output}")


def _fail(exc: LmsExportError) -> Any:
    """Print an expected error without a traceback and exit 2."""
    if isinstance(exc, SourceError):
        for diagnostic in exc.diagnostics:
            click.echo(diagnostic.format(), err=True)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_BAD_INPUT)
