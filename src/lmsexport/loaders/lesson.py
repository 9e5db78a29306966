"""Loading one Markdown lesson: YAML front matter, body, media and web links.

Front matter positions are shifted so they point at the real lines of the
``.md`` file, and body references are reported at the line they are written on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lmsexport.errors import SourcePos, error
from lmsexport.loaders.context import LoadContext
from lmsexport.loaders.embedded import Embedded
from lmsexport.loaders.fields import MAX_MINUTES, MapReader
from lmsexport.loaders.references import Reference
from lmsexport.loaders.text import read_source
from lmsexport.loaders.yamlnodes import parse_mapping
from lmsexport.model import Lesson
from lmsexport.model.ids import make_ident

FRONT_MATTER_KEYS = ("title", "objectives", "duration")
_FENCE = "---"
_FENCE_ENDS = ("---", "...")


@dataclass(frozen=True)
class _Split:
    front: str | None
    body: str
    body_line: int


def _split(text: str, shown: Path, ctx: LoadContext) -> _Split:
    """Separate the front matter (between ``---`` lines at the top) from the body."""
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        ctx.diagnostics.append(
            error(
                "lesson has no front matter",
                SourcePos(shown, 1, 1),
                hint="start the file with a line '---', then 'title: ...', then another '---'",
            )
        )
        return _Split(None, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _FENCE_ENDS:
            return _Split("\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2)
    ctx.diagnostics.append(
        error(
            "front matter is not closed",
            SourcePos(shown, 1, 1),
            hint="end the front matter with a line '---' before the lesson text",
        )
    )
    return _Split(None, "", len(lines) + 1)


def load_lesson(
    ctx: LoadContext, href: str, lesson_id: str, title: str, pos: SourcePos
) -> Lesson | None:
    """The lesson at course-relative ``href``; ``title`` (if not empty) overrides the file's.

    ``pos`` is the outline entry naming the lesson.  Returns ``None`` only when the
    file cannot be read; other problems are reported and loading goes on.
    """
    shown = ctx.files.shown(href)
    text = read_source(ctx.files.absolute(href), shown, ctx.diagnostics)
    if text is None:
        return None
    split = _split(text, shown, ctx)
    own_title, duration = "", None
    objectives: tuple[str, ...] = ()
    if split.front is not None:
        front = parse_mapping(
            split.front, shown, ctx.diagnostics, "lesson front matter", line_offset=1
        )
        if front is not None:
            reader = MapReader(
                front, ctx.diagnostics, what="lesson front matter", allowed=FRONT_MATTER_KEYS
            )
            own_title = reader.text("title", required=True)
            objectives = reader.texts("objectives")
            minutes = reader.number("duration", above=0, maximum=MAX_MINUTES, integer=True)
            duration = None if minutes is None else int(minutes)

    def where(ref: Reference) -> SourcePos:
        return SourcePos(shown, split.body_line + ref.line, ref.column)

    found = Embedded(leaves=ctx.leaf_references)
    found.scan(split.body, href, ctx.files, where)
    return Lesson(
        id=lesson_id,
        ident=make_ident(f"{ctx.course_id}/{href}", lesson_id),
        slug=lesson_id,
        title=title or own_title,
        body=split.body,
        source=ctx.files.absolute(href),
        href=href,
        objectives=objectives,
        duration=duration,
        media=tuple(found.media.values()),
        links=tuple(found.links),
        pos=pos,
        body_line=split.body_line,
    )
