"""``lmsexport schemas list|install``: see which official schema sets are usable, add them.

Teachers hit "schema set missing" warnings first; these commands answer "where
does lmsexport look, what did it find, and is it the genuine file set" and fix
it in one step.  All logic is in :mod:`lmsexport.schemas`; this module parses,
prints and maps errors to exit codes (2 for bad input, never a traceback).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import click

from lmsexport.commands.output import Printer, group_verbosity_options, verbosity_options
from lmsexport.errors import LmsExportError
from lmsexport.schemas import SchemaRegistry, SetStatus, default_cache_dir, install_sets

EXIT_BAD_INPUT = 2
INSTALL_HINT = "install missing sets with: lmsexport schemas install --from DIR|URL"


def registry_from_cli(schemas_dirs: Sequence[str | os.PathLike[str]]) -> SchemaRegistry:
    """The registry for a command's repeated ``--schemas DIR`` (then env, then cache).

    A folder given explicitly must exist: a typo would otherwise fall through to
    another copy of the sets without the user noticing.
    """
    for folder in schemas_dirs:
        if not Path(folder).is_dir():
            raise click.BadParameter(
                f"folder {os.fspath(folder)!r} does not exist", param_hint="--schemas"
            )
    return SchemaRegistry.discover(schemas_dirs)


def _status_text(status: SetStatus) -> str:
    if status.verified:
        return "verified"
    return "UNVERIFIED" if status.path is not None else "missing"


@click.group("schemas")
@group_verbosity_options
def schemas() -> None:
    """Official XSD sets: where they are found and how to install them."""


@schemas.command("list")
@click.option(
    "--schemas",
    "schema_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Folder of schema sets, searched before LMSEXPORT_SCHEMAS (repeatable).",
)
@verbosity_options
def list_sets(schema_dirs: tuple[str, ...], verbose: int, quiet: int) -> None:
    """Show every schema set: verified, found but not matching the catalog, or missing."""
    printer = Printer.for_command(verbose, quiet)
    registry = registry_from_cli(schema_dirs)
    printer.detail("search path: " + os.pathsep.join(str(root) for root in registry.roots))
    statuses = registry.statuses()
    width = max(len(s.name) for s in statuses)
    for status in statuses:
        where = str(status.path) if status.path is not None else "-"
        printer.info(f"{status.name:<{width}}  {_status_text(status):<10}  {where}")
        for problem in status.problems:
            printer.info(f"{'':<{width}}    {problem}")
    if not all(status.verified for status in statuses):
        printer.info(INSTALL_HINT)


@schemas.command("install")
@click.option(
    "--from",
    "source",
    required=True,
    metavar="DIR|URL",
    help="Schema library folder or http(s) base URL (laid out as <set>/<file>).",
)
@click.option(
    "--set",
    "names",
    multiple=True,
    metavar="NAME",
    help="Install only this set (repeatable); default: every set the source has.",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Install into this folder instead of the user cache.",
)
@verbosity_options
def install(
    source: str, names: tuple[str, ...], cache_dir: Path | None, verbose: int, quiet: int
) -> None:
    """Copy schema sets into the cache after checking every file's SHA-256."""
    printer = Printer.for_command(verbose, quiet)
    target = cache_dir or default_cache_dir()
    try:
        installed = install_sets(source, target, names or None)
    except (LmsExportError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    for name in installed:
        printer.info(f"installed {name} -> {target / name}")
