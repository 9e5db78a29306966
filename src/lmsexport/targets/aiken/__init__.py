"""The ``aiken`` target: single-choice questions as Aiken text, ``<course-id>-aiken.txt``.

Aiken is the simplest format Moodle imports: a one-line question, options
``A)`` ... and ``ANSWER: X``.  Only single-choice questions fit; every other
question is listed in a warning, and feedback, points and images are lost.
A course with no single-choice question gets no file at all: an empty bank is
an error on import, so one warning says nothing was written instead.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import TypeGuard

from lmsexport.errors import Diagnostic, warning
from lmsexport.model import AnyQuestion, Course, SingleChoice
from lmsexport.targets.base import Artifact, BuildContext, OutputFile
from lmsexport.targets.moodlexml.html import to_plain

MAX_CHOICES = len(string.ascii_uppercase)


def _fits(question: AnyQuestion) -> TypeGuard[SingleChoice]:
    return isinstance(question, SingleChoice) and len(question.choices) <= MAX_CHOICES


def _held(course: Course) -> list[SingleChoice]:
    """The questions the file holds, in course order; ``check`` and ``render`` must agree on them."""
    return [q for quiz in course.quizzes for q in quiz.questions if _fits(q)]


class AikenTarget:
    """Moodle Aiken text (single choice only, plain text)."""

    name = "aiken"
    title = "Moodle Aiken questions"
    schema_sets: tuple[str, ...] = ()

    def check(self, course: Course, ctx: BuildContext) -> Sequence[Diagnostic]:
        """One warning per question Aiken cannot hold, so nothing is dropped silently.

        When none fits, one warning at the course replaces them: a warning per
        question would bury the only fact that matters, that no file is written.
        """
        if not _held(course):
            return [
                warning(
                    "aiken: no question of this course fits Aiken (single choice only); "
                    "nothing written",
                    course.pos,
                )
            ]
        return [
            warning(
                f"aiken: question skipped: Aiken holds only single-choice questions "
                f"(up to {MAX_CHOICES} choices), this is {question.type}",
                question.pos,
                question.source_field or f"{quiz.id}.{question.id}",
            )
            for quiz in course.quizzes
            for question in quiz.questions
            if not _fits(question)
        ]

    def render(self, course: Course, ctx: BuildContext) -> Sequence[Artifact]:
        """One plain-text file of every single-choice question that fits, or no file when none does (see :meth:`check`)."""
        blocks = []
        for question in _held(course):
            lines = [to_plain(question.prompt)]
            lines += [
                f"{letter}) {to_plain(choice.text)}"
                for letter, choice in zip(string.ascii_uppercase, question.choices, strict=False)
            ]
            right = string.ascii_uppercase[question.choices.index(question.correct_choice)]
            lines.append(f"ANSWER: {right}")
            blocks.append("\n".join(lines) + "\n")
        if not blocks:
            return []
        filename = f"{course.id}-aiken.txt"
        data = "\n".join(blocks).encode("utf-8")
        return [Artifact(filename, (OutputFile(filename, data),), zipped=False)]

    def verify(self, artifact: Artifact, ctx: BuildContext) -> Sequence[Diagnostic]:
        """Nothing of its own: Aiken has no schema, and the build's package inspection reads the file back with the Aiken importer."""
        return []
