"""Checking links from lessons to other lessons and quizzes against the whole outline.

A link to a lesson file works on the teacher's disk whether or not the file is in
the course; in a package it only works if that lesson has a page, that is, if the
outline lists it.  So a link to a file outside the outline is an error at the
line of the link, and a ``#fragment`` that names no heading of the linked lesson
is a warning (the page opens, but at the top).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from lmsexport.errors import Diagnostic, error, warning
from lmsexport.loaders.embedded import LeafReference
from lmsexport.model import Lesson, OutlineNode, Section
from lmsexport.render.markdown import heading_anchors, heading_slug


def _lessons(nodes: Iterable[OutlineNode]) -> Iterable[Lesson]:
    for node in nodes:
        if isinstance(node, Section):
            yield from _lessons(node.children)
        elif isinstance(node, Lesson):
            yield node


def check_leaf_links(
    references: Iterable[LeafReference],
    listed: Collection[str],
    outline: Iterable[OutlineNode],
    diagnostics: list[Diagnostic],
) -> None:
    """Report links to files the outline does not list (``listed``: their hrefs) and lost fragments.

    Messages name the path as the link writes it, like the "not found" error of
    the same link; the hint gives the course-relative path the outline needs.
    """
    lessons = {lesson.href: lesson for lesson in _lessons(outline)}
    anchors: dict[str, set[str]] = {}
    for ref in references:
        if ref.href not in listed:
            kind = "lesson" if ref.href.lower().endswith(".md") else "quiz"
            diagnostics.append(
                error(
                    f"link to '{ref.written}', which is not in the course outline",
                    ref.pos,
                    hint=f"add `- {kind}: {ref.href}` to the outline in course.yaml, "
                    "or link to a file the outline lists",
                )
            )
            continue
        lesson = lessons.get(ref.href)
        if lesson is None or not ref.fragment:
            continue
        known = anchors.setdefault(ref.href, heading_anchors(lesson.body))
        if ref.fragment not in known:
            diagnostics.append(
                warning(
                    f"'{ref.written}' has no heading with the id '{ref.fragment}'; "
                    "the link opens the top of the page",
                    ref.pos,
                    hint=_fragment_hint(known),
                )
            )


def _fragment_hint(known: set[str]) -> str:
    """Explain how headings get ids, with the ones that exist."""
    rule = f"a heading's id is its text in lower case with '-' for spaces ('{heading_slug('The Text')}')"
    if not known:
        return rule + "; that lesson has no headings"
    return rule + "; that lesson has " + ", ".join(f"#{name}" for name in sorted(known))
