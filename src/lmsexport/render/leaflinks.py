"""Links from lessons to other lessons and quizzes, and where a package cannot keep them.

Teachers link lessons together (``[see the Testament](lenins-testament.md#the-text)``);
the loader has checked that every such link names a leaf of the outline, and the
page renderer turns it into a link to that leaf's page.  A package that carries
only some pages (see :attr:`~lmsexport.render.site.PageOptions.leaf_links`) shows
the others as plain text; :func:`unlinked_warnings` tells the teacher which, at
the line of the lesson, so nothing is silently lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lmsexport.errors import Diagnostic, SourcePos, warning
from lmsexport.loaders.references import find_references
from lmsexport.model import Course, Lesson
from lmsexport.render.markdown import course_path, is_leaf_link
from lmsexport.render.site import PageOptions, linked_pages


@dataclass(frozen=True)
class LeafLink:
    """A link in ``lesson`` to the leaf whose source is ``target`` (course-relative)."""

    lesson: Lesson
    target: str
    url: str
    pos: SourcePos


def _shown(lesson: Lesson) -> Path:
    """The lesson's path as the loader printed it (relative to the course folder given)."""
    return lesson.pos.file.parent / lesson.href if lesson.pos is not None else lesson.source


def leaf_links(course: Course) -> list[LeafLink]:
    """Every link from a lesson to a lesson or quiz source, in outline and text order."""
    found: list[LeafLink] = []
    for lesson in course.lessons:
        shown = _shown(lesson)
        for ref in find_references(lesson.body):
            if ref.kind == "link" and is_leaf_link(ref.url):
                pos = SourcePos(shown, lesson.body_line + ref.line, ref.column)
                found.append(LeafLink(lesson, course_path(ref.url, lesson.href), ref.url, pos))
    return found


def unlinked_warnings(course: Course, options: PageOptions, target: str) -> list[Diagnostic]:
    """One warning per link between leaves that pages rendered with ``options`` show as text.

    ``target`` names the target in the message (``scorm12``), as other build warnings do.
    """
    pages = linked_pages(course, options)
    return [
        warning(
            f"{target}: the link to '{link.url}' is shown as plain text: "
            "this package cannot open that page from here",
            link.pos,
            code="leaf-link-text",
            hint="learners reach it through the LMS's course outline; "
            "name it in the text so they know where to go",
        )
        for link in leaf_links(course)
        if link.target not in pages
    ]
