"""``lmsexport import``: question banks from text2qti, GIFT, Aiken or Moodle XML into source YAML.

Exit codes follow the CLI: 0 imported (warnings allowed), 2 a file could not be
read or parsed.  Every problem prints as ``file:line:col: severity: message``.
With ``--course`` the output folder becomes a course that ``lmsexport check`` and
``build`` accept as it is: ``course.yaml`` listing every imported quiz, the quizzes
in ``quizzes/``.
"""

from __future__ import annotations

from pathlib import Path

import click
import yaml

from lmsexport.commands.output import Printer, verbosity_options
from lmsexport.loaders.importers import FORMATS, import_bank, write_bank
from lmsexport.model.ids import slugify

QUIZ_DIR = "quizzes"


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
    help="Folder for the quiz YAML and its media/ (with --course: the course folder).",
)
@click.option(
    "--category",
    type=click.Choice(["split", "merge"]),
    default="split",
    show_default=True,
    help="A bank with several categories: one quiz per category, or one quiz for all.",
)
@click.option(
    "--course",
    "course_title",
    metavar="TITLE",
    help="Also write course.yaml (id from TITLE) listing the imported quizzes.",
)
@verbosity_options
def import_command(
    files: tuple[Path, ...],
    fmt: str | None,
    output: Path,
    category: str,
    course_title: str | None,
    verbose: int,
    quiet: int,
) -> None:
    """Turn question bank FILES into source quiz YAML ready for a course outline."""
    printer = Printer.for_command(verbose, quiet)
    course_file = output / "course.yaml"
    if course_title is not None and course_file.exists():
        click.echo(f"{course_file}: error: already exists; import into a new folder", err=True)
        raise SystemExit(2)
    quiz_dir = output / QUIZ_DIR if course_title is not None else output
    failed = False
    quizzes: list[Path] = []
    for path in files:
        bank = import_bank(path, fmt)
        written = (
            []
            if bank.failed or not bank.questions
            else write_bank(bank, quiz_dir, merge=category == "merge")
        )
        printer.diagnostics(bank.diagnostics)
        if bank.failed:
            failed = True
            continue
        if not bank.questions:
            click.echo(f"{path}: error: no question could be imported", err=True)
            failed = True
            continue
        quizzes += written
        shown = ", ".join(str(w) for w in written)
        printer.info(f"{path} -> {shown} ({len(bank.questions)} questions)")
    if course_title is not None and quizzes:
        outline = [{"quiz": q.relative_to(output).as_posix()} for q in quizzes]
        course = {"id": slugify(course_title, "course"), "title": course_title, "outline": outline}
        course_file.write_text(
            yaml.safe_dump(course, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        printer.info(f"{course_file}: course with {len(quizzes)} quizzes")
    if failed:
        raise SystemExit(2)
