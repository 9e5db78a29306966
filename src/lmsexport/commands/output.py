"""What every command shares for output: ``-q``/``-v`` and a verbosity-aware printer.

``-q``/``-v`` are accepted both before the command name (``lmsexport -q build``)
and after it (``lmsexport build -q``); the two add up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from lmsexport.errors import Diagnostic, Severity

F = TypeVar("F", bound=Callable[..., Any])


def verbosity_options(function: F) -> F:
    """Add ``-q/--quiet`` and ``-v/--verbose`` (both countable) to a command."""
    function = click.option("-q", "--quiet", count=True, help="Print errors only.")(function)
    return click.option("-v", "--verbose", count=True, help="Print more details.")(function)


def _add_to_root(ctx: click.Context, param: click.Parameter, value: int) -> None:
    root = ctx.find_root()
    root.obj = int(root.obj or 0) + (value if param.name == "verbose" else -value)


def group_verbosity_options(function: F) -> F:
    """``-q``/``-v`` on a command group (``lmsexport report -q merge``): they count
    for every sub-command, as the top level's do."""
    function = click.option(
        "-q",
        "--quiet",
        count=True,
        expose_value=False,
        callback=_add_to_root,
        help="Print errors only.",
    )(function)
    return click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_add_to_root,
        help="Print more details.",
    )(function)


class Printer:
    """Prints according to verbosity: ``-q`` shows errors only, ``-v`` adds details."""

    def __init__(self, verbosity: int) -> None:
        self.verbosity = verbosity

    @classmethod
    def for_command(cls, verbose: int, quiet: int) -> Printer:
        """The printer of the running command, counting the group's ``-q``/``-v`` too."""
        context = click.get_current_context(silent=True)
        inherited = context.find_root().obj if context is not None else None
        return cls(int(inherited or 0) + verbose - quiet)

    def diagnostics(self, diagnostics: Sequence[Diagnostic]) -> None:
        """Errors always; warnings and notes unless ``-q``."""
        for diagnostic in diagnostics:
            if diagnostic.severity is Severity.ERROR or self.verbosity >= 0:
                click.echo(diagnostic.format(), err=True)

    def error(self, message: str) -> None:
        """Errors go to stderr even with ``-q``, so a script can still see why it failed."""
        click.echo(message, err=True)

    def info(self, message: str, err: bool = False) -> None:
        """The normal summary line; ``-q`` silences it for CI logs.

        ``err=True`` puts it on standard error, beside the diagnostics it sums up.
        """
        if self.verbosity >= 0:
            click.echo(message, err=err)

    def detail(self, message: str) -> None:
        """Only with ``-v``: per-file detail most runs do not need."""
        if self.verbosity > 0:
            click.echo(message)
