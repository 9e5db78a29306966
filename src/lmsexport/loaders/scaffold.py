"""``lmsexport new``: a small, complete course to start from.

The scaffold uses each part of the format once (outline with a section, a
lesson with front matter and an image, a quiz with two question types), so a
new author sees a working example and can build it straight away.  The files
live in ``templates/scaffold``; only ``course.yaml`` is filled in.
"""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

from lmsexport.errors import SourceError, SourcePos, error
from lmsexport.loaders.course import COURSE_FILE, COURSE_ID
from lmsexport.model.ids import slugify


def scaffold_course(folder: Path, course_id: str | None = None, title: str | None = None) -> Path:
    """Write a starter course into ``folder`` and return ``folder``.

    ``course_id`` defaults to a slug of the folder name and ``title`` to the
    folder name in words.  Raises :class:`SourceError` if ``folder`` already
    holds a ``course.yaml`` (nothing is overwritten) or the id is not a valid slug.
    """
    target = folder / COURSE_FILE
    if target.exists():
        raise SourceError(
            [
                error(
                    f"{COURSE_FILE} already exists; not overwriting it",
                    SourcePos(target),
                    hint="choose a new folder for the new course",
                )
            ]
        )
    name = folder.resolve().name
    course_id = course_id or slugify(name, "my-course")
    if not COURSE_ID.fullmatch(course_id):
        raise SourceError(
            [
                error(
                    f"course id '{course_id}' must be lower-case letters, digits and single '-'",
                    hint=f"for example `{slugify(course_id, 'my-course')}`",
                )
            ]
        )
    words = name.replace("-", " ").replace("_", " ").strip()
    title = title or (words[:1].upper() + words[1:]) or "My course"
    values = {"course_id": course_id, "title": json.dumps(title, ensure_ascii=False)}
    _copy(files("lmsexport.loaders") / "templates" / "scaffold", folder, values)
    return folder


def _copy(source: Traversable, folder: Path, values: dict[str, str]) -> None:
    """Copy the template tree; ``course.yaml`` is the one file with ``${...}`` values."""
    folder.mkdir(parents=True, exist_ok=True)
    for item in sorted(source.iterdir(), key=lambda t: t.name):
        destination = folder / item.name
        if item.is_dir():
            _copy(item, destination, values)
        elif item.name == COURSE_FILE:
            text = Template(item.read_text(encoding="utf-8")).substitute(values)
            destination.write_text(text, encoding="utf-8", newline="\n")
        else:
            destination.write_bytes(item.read_bytes())
