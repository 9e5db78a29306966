"""``lmsexport import``: question banks from text2qti, GIFT, Aiken or Moodle XML into source YAML.

Exit codes follow the CLI: 0 imported (warnings allowed), 2 a file could not be
read or parsed.  Every problem prints as ``file:line:col: severity: message``.
"""

from __future__ import annotations

from pathlib import Path

import click

from lmsexport.loaders.importers import FORMATS, import_bank, write_bank


@click.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--from", "fmt", type=click.Choice(FORMATS), help="Bank format (default: detected per file)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for the quiz YAML and its media/.",
)
def import_command(files: tuple[Path, ...], fmt: str | None, output: Path) -> None:
    """Turn question bank FILES into source quiz YAML ready for a course outline."""
    failed = False
    for path in files:
        bank = import_bank(path, fmt)
        for diagnostic in bank.diagnostics:
            click.echo(diagnostic.format(), err=True)
        if bank.failed:
            failed = True
            continue
        if not bank.questions:
            click.echo(f"{path}: error: no question could be imported", err=True)
            failed = True
            continue
        written = write_bank(bank, output)
        click.echo(f"{path} -> {written} ({len(bank.questions)} questions)")
    if failed:
        raise SystemExit(2)
