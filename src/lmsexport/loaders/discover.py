"""Finding the courses in the paths a user names (``lmsexport build source/``).

A course is a folder holding ``course.yaml``; everything below it belongs to
that course, so the search does not look for courses inside a course.  Hidden
folders (``.git``, ``.venv``) are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from lmsexport.errors import Diagnostic, SourceError, SourcePos, error

COURSE_FILE = "course.yaml"


def discover_courses(paths: Sequence[Path]) -> list[Path]:
    """Every course folder in or at ``paths``, sorted, each once.

    A path may be a source tree, a course folder or a ``course.yaml``.  Raises
    :class:`SourceError` naming every path that does not exist or holds no course.
    """
    found: set[Path] = set()
    problems: list[Diagnostic] = []
    for path in paths:
        courses = _courses_at(path)
        if courses:
            found.update(courses)
        elif not path.exists():
            problems.append(error("no such file or folder", SourcePos(path)))
        else:
            problems.append(
                error(
                    f"no course found (a course is a folder holding {COURSE_FILE})",
                    SourcePos(path),
                    hint="create one with `lmsexport new FOLDER`",
                )
            )
    if problems:
        raise SourceError(problems)
    return sorted(found)


def _courses_at(path: Path) -> list[Path]:
    if path.is_file():
        return [path.parent] if path.name == COURSE_FILE else []
    if not path.is_dir():
        return []
    courses: list[Path] = []
    for folder, subfolders, files in os.walk(path):
        if COURSE_FILE in files:
            courses.append(Path(folder))
            subfolders.clear()
        else:
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
    return courses
