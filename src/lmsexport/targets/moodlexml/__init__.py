"""The ``moodlexml`` target: every quiz as Moodle XML, the format Moodle's question bank imports.

One file ``<course-id>-moodlexml.xml`` holds a category per quiz (its outline path)
followed by its questions.  Moodle XML has no official schema, so :mod:`.check`
is run on the file in ``verify`` before it is written.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from lmsexport.errors import Diagnostic, error, warning
from lmsexport.model import Course, MultipleResponse
from lmsexport.targets.base import Artifact, BuildContext, OutputFile
from lmsexport.targets.moodlexml.categories import quizzes_with_categories
from lmsexport.targets.moodlexml.check import check_moodle_xml
from lmsexport.targets.moodlexml.html import to_moodle_html
from lmsexport.targets.moodlexml.questions import (
    MoodleQuestion,
    approximated,
    build_question,
    unsupported,
)


def cdata(text: str) -> Markup:
    """Wrap ``text`` in a CDATA section, splitting any ``]]>`` it contains."""
    return Markup("<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>")


def moodle_text(text: str) -> str | Markup:
    """A short text as Moodle's ``xml_escape`` writes it: CDATA once it holds ``<>&"'``."""
    return cdata(text) if html.escape(text) != text else text


@cache
def _environment() -> Environment:
    """Built once per process: compiling the templates costs more than rendering a course."""
    env = Environment(
        loader=PackageLoader("lmsexport.targets.moodlexml"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["cdata"] = cdata
    env.filters["moodle_text"] = moodle_text
    return env


@dataclass(frozen=True)
class Category:
    """A quiz as a Moodle question category."""

    path: str
    info: str
    idnumber: str
    questions: tuple[MoodleQuestion, ...]


def unique_names(titles: Sequence[str], ids: Sequence[str]) -> list[str]:
    """Question names, made unique within a category by adding the id to repeated titles."""
    repeated = {t for t in titles if titles.count(t) > 1}
    return [f"{t} ({i})" if t in repeated else t for t, i in zip(titles, ids, strict=True)]


class MoodleXmlTarget:
    """Moodle XML question bank file (all question types, images embedded)."""

    name = "moodlexml"
    title = "Moodle XML questions"
    schema_sets: tuple[str, ...] = ()

    def check(self, course: Course, ctx: BuildContext) -> Sequence[Diagnostic]:
        """Refuse what Moodle cannot score as the source says, and warn where its grades approximate it."""
        found: list[Diagnostic] = []
        for quiz in course.quizzes:
            for question in quiz.questions:
                reason = unsupported(question)
                where = question.source_field or f"{quiz.id}.{question.id}"
                if reason:
                    found.append(error(f"moodlexml: {reason}", question.pos, where))
                    continue
                approximation = approximated(question)
                if approximation:
                    found.append(warning(f"moodlexml: {approximation}", question.pos, where))
                if isinstance(question, MultipleResponse) and not question.partial_credit:
                    found.append(
                        warning(
                            "moodlexml: all-or-nothing multiple response becomes a multichoice "
                            "where an incomplete answer earns partial credit (wrong ticks cost 100%)",
                            question.pos,
                            where,
                        )
                    )
        return found

    def render(self, course: Course, ctx: BuildContext) -> Sequence[Artifact]:
        """One XML file, a category per quiz, repeated titles made unique so teachers can tell them apart in the question bank."""
        categories = []
        for path, quiz in quizzes_with_categories(course):
            names = unique_names([q.title for q in quiz.questions], [q.id for q in quiz.questions])
            media = {m.href: m for m in quiz.media}
            categories.append(
                Category(
                    path=path,
                    info=to_moodle_html(quiz.instructions, source_href=quiz.href, media=media).html,
                    idnumber=quiz.ident,
                    questions=tuple(
                        build_question(q, quiz, name, (course.id,))
                        for q, name in zip(quiz.questions, names, strict=True)
                    ),
                )
            )
        text = _environment().get_template("quiz.xml.j2").render(categories=categories)
        filename = f"{course.id}-moodlexml.xml"
        return [Artifact(filename, (OutputFile(filename, text.encode("utf-8")),), zipped=False)]

    def verify(self, artifact: Artifact, ctx: BuildContext) -> Sequence[Diagnostic]:
        """Moodle XML has no official schema, so :mod:`.check` stands in for it before the file is written."""
        return [d for f in artifact.files for d in check_moodle_xml(f.data, Path(f.path))]
