"""The ``gift`` target: the questions GIFT can express, as ``<course-id>-gift.txt``.

GIFT is the text format Moodle teachers read and edit.  Each quiz starts with a
``$CATEGORY:`` line (its outline path); questions GIFT cannot express (ordering,
cloze with several blanks) are skipped with a warning from ``check`` and
anything else lost (points, grader information...) is warned about too.
A course where every question is skipped gets no file at all: an empty bank is
an error on import, so one warning says nothing was written instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from lmsexport.errors import Diagnostic, warning
from lmsexport.model import AnyQuestion, Course, MultipleResponse, Quiz, SingleChoice
from lmsexport.targets.base import Artifact, BuildContext, OutputFile
from lmsexport.targets.gift.writer import GiftWriter, loss
from lmsexport.targets.moodlexml import unique_names
from lmsexport.targets.moodlexml.categories import quizzes_with_categories
from lmsexport.targets.moodlexml.html import to_moodle_html


def _has_images(question: AnyQuestion, quiz: Quiz) -> bool:
    media = {m.href: m for m in quiz.media}
    fb = question.feedback
    texts = [question.prompt, fb.general, fb.correct, fb.incorrect]
    if isinstance(question, SingleChoice | MultipleResponse):
        texts += [c.text for c in question.choices] + [c.feedback for c in question.choices]
    return any(to_moodle_html(t, source_href=quiz.href, media=media).files for t in texts if t)


def _skipped(question: AnyQuestion) -> bool:
    """Whether GIFT leaves ``question`` out; ``check`` and ``render`` must agree on it."""
    reason = loss(question, False)
    return reason is not None and reason.startswith("skip: ")


def _holds_none(course: Course) -> bool:
    return all(_skipped(q) for quiz in course.quizzes for q in quiz.questions)


class GiftTarget:
    """Moodle GIFT text (no images, one blank per cloze, no ordering)."""

    name = "gift"
    title = "Moodle GIFT questions"
    schema_sets: tuple[str, ...] = ()

    def check(self, course: Course, ctx: BuildContext) -> Sequence[Diagnostic]:
        """One warning per question GIFT skips or cannot carry in full, worded from :func:`loss`.

        When every question is skipped, one warning at the course replaces them: a
        warning per question would bury the only fact that matters, that no file
        is written.
        """
        if _holds_none(course):
            return [
                warning(
                    "gift: no question of this course fits GIFT (no ordering, "
                    "cloze with one blank only); nothing written",
                    course.pos,
                )
            ]
        found = []
        for quiz in course.quizzes:
            for question in quiz.questions:
                reason = loss(question, _has_images(question, quiz))
                if reason is None:
                    continue
                message = (
                    f"gift: question skipped: {reason.removeprefix('skip: ')}"
                    if reason.startswith("skip: ")
                    else f"gift: lost in GIFT: {reason}"
                )
                found.append(
                    warning(
                        message, question.pos, question.source_field or f"{quiz.id}.{question.id}"
                    )
                )
        return found

    def render(self, course: Course, ctx: BuildContext) -> Sequence[Artifact]:
        """One GIFT file, a ``$CATEGORY`` per quiz, leaving out the questions :meth:`check` said are skipped.

        No file when every question is skipped (see :meth:`check`).
        """
        if _holds_none(course):
            return []
        parts = []
        for path, quiz in quizzes_with_categories(course):
            writer = GiftWriter(quiz.href, (course.id,))
            parts.append(f"$CATEGORY: {path}\n")
            names = unique_names([q.title for q in quiz.questions], [q.id for q in quiz.questions])
            for question, name in zip(quiz.questions, names, strict=True):
                if not _skipped(question):
                    parts.append(writer.question(question, name) + "\n")
        filename = f"{course.id}-gift.txt"
        data = "\n".join(parts).encode("utf-8")
        return [Artifact(filename, (OutputFile(filename, data),), zipped=False)]

    def verify(self, artifact: Artifact, ctx: BuildContext) -> Sequence[Diagnostic]:
        """Nothing of its own: GIFT has no schema, and the build's package inspection reads the file back with the GIFT importer."""
        return []
