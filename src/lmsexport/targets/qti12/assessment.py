"""QTI 1.2 ``questestinterop`` rendering, reusable outside the Canvas package.

The ``qti12`` target wraps this in Canvas's package layout; the Common
Cartridge target calls :func:`render_assessment` with ``cc=True`` for the CC
QTI profile (``imsqti_xmlv1p2/imscc_xmlv1p1/assessment``, schema kind
``cc11.qti``), which keeps the item XML but swaps Canvas's metadata for the
profile's.  Media URLs use ``$IMS-CC-FILEBASE$``, which both Canvas and CC
importers replace with the package's file folder.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment
from markupsafe import Markup

from lmsexport.assessment.model import (
    AssessmentItem,
    AssessmentQuiz,
    Option,
    Pair,
    build_quiz,
    fill_gaps,
)
from lmsexport.assessment.templating import template_env
from lmsexport.assessment.xhtml import plain_text
from lmsexport.model import Quiz

FILEBASE = "$IMS-CC-FILEBASE$"

CANVAS_TYPES: dict[str, str] = {
    "single_choice": "multiple_choice_question",
    "multiple_response": "multiple_answers_question",
    "true_false": "true_false_question",
    "short_answer": "short_answer_question",
    "numeric": "numerical_question",
    "essay": "essay_question",
    "matching": "matching_question",
    "ordering": "matching_question",
    "cloze": "fill_in_multiple_blanks_question",
}
"""Canvas ``question_type`` of each source type (ordering degrades to matching)."""

CC_PROFILES: dict[str, str] = {
    "single_choice": "cc.multiple_choice.v0p1",
    "true_false": "cc.true_false.v0p1",
    "multiple_response": "cc.multiple_response.v0p1",
    "short_answer": "cc.fib.v0p1",
    "essay": "cc.essay.v0p1",
}
"""CC QTI profile of each source type the profile can express; others cannot use ``cc=True``."""


def canvas_type(item: AssessmentItem) -> str:
    return CANVAS_TYPES[item.type]


def cc_profile(item: AssessmentItem) -> str:
    return CC_PROFILES[item.type]


def match_pairs(item: AssessmentItem) -> tuple[Pair, ...]:
    """Matching prompts; for ordering, each item paired with its position."""
    if item.type == "ordering":
        return tuple(
            Pair(option, f"P_{position}") for position, option in enumerate(item.options, start=1)
        )
    return item.pairs


def match_options(item: AssessmentItem) -> tuple[Option, ...]:
    """Matching answers; for ordering, the positions 1..n."""
    if item.type == "ordering":
        return tuple(
            Option(f"P_{n}", Markup.escape(str(n)), True) for n in range(1, len(item.options) + 1)
        )
    return item.options


def answer_ids(item: AssessmentItem) -> list[str]:
    """Canvas's ``original_answer_ids``: the identifiers of the item's answers."""
    if item.gaps:
        return [a.ident for g in item.gaps for a in g.answers]
    if item.type in ("matching", "ordering"):
        return [o.ident for o in match_options(item)]
    return [o.ident for o in item.options]


def canvas_feedback(item: AssessmentItem) -> list[tuple[str, Markup]]:
    """``(itemfeedback ident, content)`` in the identifiers Canvas maps to its fields."""
    shown = [("general_fb", item.feedback.general)]
    if item.scoring != "manual":
        shown += [
            ("correct_fb", item.feedback.correct),
            ("general_incorrect_fb", item.feedback.incorrect),
        ]
    shown += [(f"{o.ident}_fb", o.feedback) for o in item.options]
    return [(ident, html) for ident, html in shown if html]


def canvas_quiz(quiz: Quiz) -> AssessmentQuiz:
    """``quiz`` rendered with media URLs as Canvas and CC resolve them."""
    return build_quiz(
        quiz,
        item_href=lambda q: q.ident,
        quiz_href=quiz.ident,
        url=lambda href: f"{FILEBASE}/{href}",
        qti_subset=False,
    )


@cache
def environment() -> Environment:
    """The QTI 1.2 templates with the helpers above, and ``text`` to escape HTML into mattext.

    Cached: a fresh environment would compile every template again for each quiz.
    """
    env = template_env("lmsexport.targets.qti12")
    env.filters.update(text=str, plain=plain_text)
    env.globals.update(
        fill_gaps=fill_gaps,
        canvas_type=canvas_type,
        cc_profile=cc_profile,
        match_pairs=match_pairs,
        match_options=match_options,
        answer_ids=answer_ids,
        canvas_feedback=canvas_feedback,
    )
    return env


def render_assessment(quiz: AssessmentQuiz, *, cc: bool = False) -> bytes:
    """The ``questestinterop`` document of ``quiz`` (Canvas flavour, or CC profile)."""
    return environment().get_template("assessment.xml.j2").render(quiz=quiz, cc=cc).encode()
