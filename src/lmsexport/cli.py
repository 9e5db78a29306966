"""The ``lmsexport`` command line: parses options, calls :mod:`lmsexport.api`, prints.

No logic lives here beyond mapping results to output and exit codes
(0 ok, 1 findings at or above the failure threshold, 2 bad input).
"""

from __future__ import annotations

import importlib

import click

from lmsexport import __version__

# Sub-commands that live in their own modules: "module:attribute".
COMMANDS: tuple[str, ...] = ()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lmsexport")
def main() -> None:
    """Compile course source into SCORM, QTI, Common Cartridge, Moodle and HTML packages."""


for _spec in COMMANDS:
    _module, _, _attr = _spec.partition(":")
    main.add_command(getattr(importlib.import_module(_module), _attr))
