"""Loading a whole course folder into the typed model, reporting every problem at once.

The loader never stops at the first mistake: each file is read as far as it
goes, every error is collected, and only then :class:`SourceError` is raised
with all of them sorted by file and position, so an author fixes them in one go.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lmsexport.errors import Diagnostic, SourceError, SourcePos, error, warning
from lmsexport.loaders.context import LoadContext
from lmsexport.loaders.coursefiles import CourseFiles
from lmsexport.loaders.fields import MapReader, did_you_mean
from lmsexport.loaders.leaflinks import check_leaf_links
from lmsexport.loaders.outline import OutlineReader
from lmsexport.loaders.text import read_source
from lmsexport.loaders.unlisted import warn_unlisted
from lmsexport.loaders.yamlnodes import Map, parse_mapping, to_plain
from lmsexport.model import Course
from lmsexport.model.ids import make_ident, slugify
from lmsexport.render.messages import LANGUAGES, catalogue_language
from lmsexport.targets.registry import target_names

COURSE_FILE = "course.yaml"
COURSE_KEYS = (
    "id",
    "title",
    "description",
    "language",
    "version",
    "authors",
    "license",
    "keywords",
    "pass_score",
    "targets",
    "options",
    "outline",
)
COURSE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def load_course(folder: Path, diagnostics: list[Diagnostic] | None = None) -> Course:
    """Load the course in ``folder`` (the folder holding ``course.yaml``).

    Raises :class:`SourceError` with every error found, sorted by file, line and
    column; warnings are appended to ``diagnostics`` when given.  Positions use
    ``folder`` as given, so relative folders print relative paths.
    """
    found: list[Diagnostic] = []
    course = _load(folder, found)
    errors = sorted((d for d in found if d.is_error), key=_order)
    if diagnostics is not None:
        diagnostics.extend(d for d in found if not d.is_error)
    if errors or course is None:
        raise SourceError(errors)
    return course


def _order(diagnostic: Diagnostic) -> tuple[str, int, int]:
    pos = diagnostic.pos
    return (str(pos.file), pos.line, pos.column) if pos is not None else ("", 0, 0)


def _load(folder: Path, diagnostics: list[Diagnostic]) -> Course | None:
    shown = folder / COURSE_FILE
    if not (folder / COURSE_FILE).is_file():
        diagnostics.append(
            error(
                f"no {COURSE_FILE} in this folder",
                SourcePos(folder),
                hint="a course is a folder holding course.yaml; `lmsexport new FOLDER` creates one",
            )
        )
        return None
    text = read_source(shown, shown, diagnostics)
    node = None if text is None else parse_mapping(text, shown, diagnostics, COURSE_FILE)
    if node is None:
        return None
    reader = MapReader(node, diagnostics, what=COURSE_FILE, allowed=COURSE_KEYS)
    course_id = _course_id(reader)
    pass_score = reader.number("pass_score", 50.0, minimum=0, maximum=100)
    ctx = LoadContext(course_id, CourseFiles(folder, diagnostics), pass_score, diagnostics)
    outline_reader = OutlineReader(ctx)
    outline = outline_reader.entries(reader.seq("outline", required=True), "outline", ())
    check_leaf_links(ctx.leaf_references, outline_reader.files, outline, diagnostics)
    warn_unlisted(ctx.files, outline_reader.files, diagnostics)
    return Course(
        id=course_id,
        ident=make_ident(course_id),
        title=reader.text("title", required=True),
        root=ctx.files.abs_root,
        outline=outline,
        description=reader.text("description"),
        language=_language(reader),
        version=reader.text("version", "1.0.0"),
        authors=reader.texts("authors"),
        license=reader.text("license"),
        keywords=reader.texts("keywords"),
        pass_score=ctx.pass_score,
        targets=_targets(reader),
        targets_pos=reader.pos("targets") if reader.has("targets") else None,
        options=_options(reader),
        pos=node.pos,
    )


def _course_id(reader: MapReader) -> str:
    value = reader.text("id", required=True)
    if value and not COURSE_ID.fullmatch(value):
        reader.fail(
            f"course id '{value}' must be lower-case letters, digits and single '-'",
            reader.pos("id"),
            "id",
            f"for example `{slugify(value, 'my-course')}`",
        )
    return value or "course"


def _language(reader: MapReader) -> str:
    value = reader.text("language", "en")
    if not LANGUAGE_TAG.fullmatch(value):
        reader.fail(
            f"language '{value}' is not a BCP 47 language tag",
            reader.pos("language"),
            "language",
            "for example `en`, `en-GB`, `de` or `fr-CA`",
        )
    elif catalogue_language(value) is None:
        reader.diagnostics.append(
            warning(
                f"no interface texts in language '{value}': buttons and labels of the pages "
                "will be in English",
                reader.pos("language"),
                "language",
                "interface languages: " + ", ".join(LANGUAGES),
            )
        )
    return value


def _targets(reader: MapReader) -> tuple[str, ...]:
    """The ``targets`` list, each name checked here so the error points at the item itself."""
    located = reader.located_texts("targets")
    if not located:
        return ()
    available = target_names()
    for item in located:
        if item.text not in available:
            guess = did_you_mean(item.text, available)
            listed = "available targets: " + ", ".join(available)
            reader.fail(
                f"unknown target '{item.text}'",
                item.pos,
                item.key,
                f"{guess} {listed}" if guess else listed,
            )
    return tuple(item.text for item in located)


def _options(reader: MapReader) -> dict[str, dict[str, Any]]:
    node = reader.mapping("options")
    if node is None:
        return {}
    options: dict[str, dict[str, Any]] = {}
    for target, entry in node.entries.items():
        if isinstance(entry.node, Map):
            options[target] = to_plain(entry.node)
        else:
            reader.fail(
                f"options for `{target}` must be a mapping of settings",
                entry.node.pos,
                f"options.{target}",
            )
    return options
