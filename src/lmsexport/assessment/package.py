"""QTI 2.1 and 3.0 content packages: the same files, written in two vocabularies.

Both versions package one item file per question, one test per quiz and the
media the items use, under one IMS CP manifest.  Only the templates and the
schema kinds differ, so a :class:`Dialect` carries those and everything else
(file layout, ids, media lookup, ``--split-quizzes``) lives here once.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment

from lmsexport.assessment.model import AssessmentItem, AssessmentQuiz, build_quiz, fill_gaps
from lmsexport.assessment.templating import template_env
from lmsexport.model import Course, Media, Quiz
from lmsexport.model.ids import make_ident
from lmsexport.targets.base import Artifact, BuildContext, OutputFile

INTERACTIONS: dict[str, str] = {
    "single_choice": "choiceInteraction",
    "multiple_response": "choiceInteraction",
    "true_false": "choiceInteraction",
    "short_answer": "textEntryInteraction",
    "numeric": "textEntryInteraction",
    "essay": "extendedTextInteraction",
    "matching": "matchInteraction",
    "ordering": "orderInteraction",
    "cloze": "textEntryInteraction",
}
"""The QTI 2 interaction (metadata vocabulary, also used by QTI 3.0) of each question type."""


@dataclass(frozen=True)
class Dialect:
    """What distinguishes QTI 2.1 from QTI 3.0 output: templates and schema kinds.

    A kind of ``None`` means no official schema is available offline (QTI 3.0
    items and tests); the target then checks those files itself in ``verify``.
    """

    target: str
    templates: str
    item_kind: str | None
    test_kind: str | None
    manifest_kind: str
    qti3: bool = False


@dataclass(frozen=True)
class PackagedMedia:
    """A media file of the package with its manifest resource identifier."""

    ident: str
    href: str
    media: Media


@dataclass(frozen=True)
class TestEntry:
    """A quiz rendered as a test file at ``href``."""

    quiz: AssessmentQuiz
    href: str


@dataclass(frozen=True)
class Package:
    """Everything the manifest template lists."""

    ident: str
    title: str
    language: str
    tests: tuple[TestEntry, ...]
    media: dict[str, PackagedMedia]


def item_href(ident: str) -> str:
    return f"items/{ident}.xml"


def test_href(ident: str) -> str:
    return f"tests/{ident}.xml"


def interaction_type(item: AssessmentItem) -> str:
    return INTERACTIONS[item.type]


def quiz_groups(
    course: Course, ctx: BuildContext, target: str
) -> list[tuple[str, tuple[Quiz, ...]]]:
    """``(zip file name, quizzes)``: one zip per course, or per quiz with ``split_quizzes``."""
    if ctx.options.get("split_quizzes"):
        return [(f"{course.id}-{quiz.id}-{target}.zip", (quiz,)) for quiz in course.quizzes]
    return [(f"{course.id}-{target}.zip", course.quizzes)] if course.quizzes else []


def package_media(course: Course, refs: Sequence[str]) -> dict[str, PackagedMedia]:
    """The course media among ``refs`` (package paths), keyed and sorted by href."""
    known = {m.href: m for m in course.media}
    return {
        href: PackagedMedia(make_ident(f"{course.id}/{href}"), href, known[href])
        for href in sorted(set(refs))
        if href in known
    }


@cache
def environment(templates: str) -> Environment:
    """The templates of one dialect with their helpers, built (and compiled) once per process."""
    env = template_env(templates)
    env.globals.update(fill_gaps=fill_gaps, interaction_type=interaction_type)
    return env


def render_package(
    course: Course, quizzes: Sequence[Quiz], filename: str, dialect: Dialect
) -> Artifact:
    """Render ``quizzes`` into one QTI 2.1/3.0 content package."""
    env = environment(dialect.templates)
    tests = tuple(
        TestEntry(
            build_quiz(
                quiz, item_href=lambda q: item_href(q.ident), quiz_href=test_href(quiz.ident)
            ),
            test_href(quiz.ident),
        )
        for quiz in quizzes
    )
    media = package_media(course, [ref for entry in tests for ref in entry.quiz.refs])
    package = Package(
        make_ident(f"{course.id}/{filename}"), course.title, course.language, tests, media
    )
    files = [
        OutputFile(
            "imsmanifest.xml",
            env.get_template("manifest.xml.j2").render(package=package).encode(),
            dialect.manifest_kind,
        )
    ]
    item_template = env.get_template("item.xml.j2")
    test_template = env.get_template("test.xml.j2")
    for entry in tests:
        quiz = entry.quiz
        refs = {
            item.ident: posixpath.relpath(item.href, posixpath.dirname(entry.href))
            for item in quiz.items
        }
        pass_points = quiz.points * quiz.quiz.pass_score / 100
        files.append(
            OutputFile(
                entry.href,
                test_template.render(quiz=quiz, item_refs=refs, pass_points=pass_points).encode(),
                dialect.test_kind,
            )
        )
        files += [
            OutputFile(
                item.href,
                item_template.render(item=item, lang=course.language).encode(),
                dialect.item_kind,
            )
            for item in quiz.items
        ]
    files += [OutputFile(m.href, m.media.path.read_bytes()) for m in media.values()]
    return Artifact(filename, tuple(files))


def render_course(course: Course, ctx: BuildContext, dialect: Dialect) -> list[Artifact]:
    """Every package of ``course`` for ``dialect`` (one, or one per quiz when split)."""
    return [
        render_package(course, quizzes, filename, dialect)
        for filename, quizzes in quiz_groups(course, ctx, dialect.target)
    ]
