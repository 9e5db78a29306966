"""Length limits of manifest values, found in ``check`` and applied in ``render``.

SCORM 1.2's manifest schema caps ``<title>`` at 200 characters and the
manifest's ``version`` attribute at 20; a longer course title used to pass
``check`` and then fail the build with a raw schema message and no source
position.  SCORM 2004's schemas dropped the facets, but its CAM still gives
200 characters as the title's smallest permitted maximum, and Moodle stores
item titles in a 255-character column, so both versions shorten titles to 200.
Identifiers need no check: :func:`~lmsexport.model.ids.make_ident` keeps them
under 50 characters.

``check`` reports every value that will be shortened, at its source position,
and ``render`` shortens it with the same functions, so the warning names
exactly what the package holds.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from lmsexport.errors import SourcePos
from lmsexport.model import Course, Media, Section
from lmsexport.targets.scorm.interactions import Version

TITLE_MAX = 200
"""``titleType`` of the 1.2 manifest schema; the 2004 CAM's smallest permitted maximum."""
VERSION_MAX_12 = 20
"""``attr.version`` of the 1.2 manifest schema (the 2004 schema has no limit)."""
HREF_MAX_12 = 2000
"""``attr.href`` of the 1.2 manifest schema, counted after URL-escaping."""
ELLIPSIS = "\u2026"
_ZWJ = "\u200d"


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, never inside a character.

    A combining mark, variation selector or joiner stays with the character it
    belongs to: when the cut would separate them, the whole cluster goes.
    """
    if len(text) <= limit:
        return text
    end = limit - len(ELLIPSIS)
    while end > 0 and (_extends(text[end]) or text[end - 1] == _ZWJ):
        end -= 1
    return text[:end].rstrip() + ELLIPSIS


def _extends(char: str) -> bool:
    """Whether ``char`` belongs to the character before it (a mark, selector or joiner)."""
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char == _ZWJ
        or "\ufe00" <= char <= "\ufe0f"
        or "\U000e0100" <= char <= "\U000e01ef"
    )


def manifest_version(course: Course, version: Version) -> str:
    """The manifest's ``version`` attribute: the course version, shortened for 1.2."""
    return shorten(course.version, VERSION_MAX_12) if version == "1.2" else course.version


@dataclass(frozen=True)
class Overflow:
    """A source value longer than the manifest allows.

    ``length`` is counted as the manifest counts it (file paths URL-escaped);
    ``rule`` says where the limit comes from, for the message.
    ``fixable`` values (titles, the version) are shortened in the package;
    file paths cannot be, so they stop the build.
    """

    what: str
    value: str
    length: int
    limit: int
    pos: SourcePos | None
    field: str
    hint: str
    rule: str
    fixable: bool = True

    @property
    def shortened(self) -> str:
        return shorten(self.value, self.limit)


_TITLE_HINTS = {
    "section": "shorten the section's `title` in course.yaml",
    "lesson": "shorten `title` in the lesson's front matter (or the outline entry's `title`)",
    "quiz": "shorten `title` in the quiz file (or the outline entry's `title`)",
}


def overflows(course: Course, version: Version, single_sco: bool) -> Iterator[Overflow]:
    """Every manifest value of ``course`` over its limit, in outline order.

    A single-SCO package names only the course in its manifest, so the titles
    of sections, lessons and quizzes are not limited there.
    """
    schema = "the SCORM 1.2 manifest schema allows"
    title_rule = schema if version == "1.2" else "SCORM 2004 LMSes need to keep only"
    if len(course.title) > TITLE_MAX:
        hint = "shorten `title` in course.yaml; the pages keep the full title"
        yield Overflow(
            "course title",
            course.title,
            len(course.title),
            TITLE_MAX,
            course.pos,
            "title",
            hint,
            title_rule,
        )
    if version == "1.2" and len(course.version) > VERSION_MAX_12:
        hint = f"use a version of at most {VERSION_MAX_12} characters, such as `1.2.0`"
        yield Overflow(
            "course version",
            course.version,
            len(course.version),
            VERSION_MAX_12,
            course.pos,
            "version",
            hint,
            schema,
        )
    for _, node in course.walk():
        if not single_sco and len(node.title) > TITLE_MAX:
            what = f"{node.kind} title"
            hint = _TITLE_HINTS[node.kind]
            yield Overflow(
                what, node.title, len(node.title), TITLE_MAX, node.pos, "title", hint, title_rule
            )
        if version == "1.2" and not isinstance(node, Section):
            yield from _long_paths(node.media, node.pos, schema)


def _long_paths(media: Iterable[Media], pos: SourcePos | None, rule: str) -> Iterator[Overflow]:
    for item in media:
        length = len(quote(item.href))
        if length > HREF_MAX_12:
            hint = "move the file to a shorter path with fewer non-ASCII characters"
            what = f"URL-escaped path of {item.href!r}"
            yield Overflow(what, item.href, length, HREF_MAX_12, pos, "media", hint, rule, False)
