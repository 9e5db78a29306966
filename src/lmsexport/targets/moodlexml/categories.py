"""Where each quiz goes in Moodle's question bank, shared by the Moodle XML and GIFT targets.

Moodle files imported questions under the category path given in the file
(``$course$/top/A/B``); using the outline path keeps a course's quizzes apart
and lets a teacher find them again.  A ``/`` inside a name is written ``//``,
as Moodle's ``split_category_path`` expects.
"""

from __future__ import annotations

from collections.abc import Iterator

from lmsexport.model import Course, Quiz, Section


def _segment(name: str) -> str:
    return " ".join(name.split()).replace("/", "//")


def category_path(course: Course, sections: tuple[Section, ...], quiz: Quiz) -> str:
    """``$course$/top/<course>/<section>.../<quiz>`` for ``quiz`` under ``sections``."""
    names = (course.title, *(s.title for s in sections), quiz.title)
    return "/".join(("$course$", "top", *(_segment(n) for n in names)))


def quizzes_with_categories(course: Course) -> Iterator[tuple[str, Quiz]]:
    """Every quiz of the course in outline order with its category path.

    Two quizzes with the same title in the same section would share a category
    (and clash on question names), so a repeated path gets the quiz id added.
    """
    seen: set[str] = set()
    for parents, node in course.walk():
        if isinstance(node, Quiz):
            path = category_path(course, parents, node)
            if path in seen:
                path += f" ({_segment(node.id)})"
            seen.add(path)
            yield path, node
