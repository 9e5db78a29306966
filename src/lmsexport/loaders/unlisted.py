"""Lesson and quiz files in the course folder that the outline never names.

A new author writes ``lessons/extra.md`` and expects to see it; only the
outline decides what is built, so without this warning the file is silently
left out of every package.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from lmsexport.errors import Diagnostic, SourcePos, warning
from lmsexport.loaders.coursefiles import CourseFiles
from lmsexport.render.markdown import LEAF_SUFFIXES

COURSE_FILE = "course.yaml"


def warn_unlisted(
    files: CourseFiles, listed: Collection[str], diagnostics: list[Diagnostic]
) -> None:
    """Warn once per ``.md``/``.yaml``/``.yml`` file whose href is not in ``listed``.

    ``course.yaml`` and hidden files and folders (``.git``, ``.github``) are
    skipped; the walk is sorted so the warnings come in a stable order.
    """
    for folder, subfolders, names in os.walk(files.abs_root):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        base = Path(folder).relative_to(files.abs_root).as_posix()
        for name in sorted(names):
            if name.startswith(".") or name == COURSE_FILE:
                continue
            if not name.lower().endswith(LEAF_SUFFIXES):
                continue
            href = name if base == "." else f"{base}/{name}"
            if href not in listed:
                diagnostics.append(
                    warning(
                        f"not in the outline of {COURSE_FILE}, so no target includes it",
                        SourcePos(files.shown(href)),
                    )
                )
