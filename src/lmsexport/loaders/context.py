"""What every part of the loader needs while reading one course."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lmsexport.errors import Diagnostic, SourcePos, error
from lmsexport.loaders.coursefiles import CourseFiles
from lmsexport.loaders.embedded import LeafReference
from lmsexport.loaders.fields import MapReader
from lmsexport.model.ids import slugify

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
"""Author-given ids of sections, lessons, quizzes and questions (safe in file names and URLs)."""


@dataclass
class LoadContext:
    """The course being loaded: its id (for idents), files, settings and diagnostics.

    ``leaf_references`` collects the links lessons make to other leaves, checked
    once the whole outline is known.
    """

    course_id: str
    files: CourseFiles
    pass_score: float
    diagnostics: list[Diagnostic]
    leaf_references: list[LeafReference] = field(default_factory=list)

    def read_id(self, reader: MapReader, default: str) -> str:
        """The ``id`` of a mapping, checked against :data:`ID_PATTERN`, or ``default``."""
        value = reader.text("id", default)
        if value != default and not ID_PATTERN.fullmatch(value):
            reader.fail(
                f"id '{value}' may only contain letters, digits, '-' and '_'",
                reader.pos("id"),
                "id",
                f"for example `{slugify(value)}`",
            )
        return value


def check_unique(
    seen: dict[str, SourcePos],
    value: str,
    pos: SourcePos,
    field: str,
    what: str,
    diagnostics: list[Diagnostic],
    hint: str | None = None,
) -> None:
    """Report ``value`` if it is already in ``seen`` (with where it was first used), else record it."""
    first = seen.get(value)
    if first is None:
        seen[value] = pos
        return
    diagnostics.append(
        error(
            f"duplicate {what} '{value}' (first used at {first})",
            pos,
            field,
            hint,
        )
    )
