"""Source questions mapped to core Moodle question types, ready for the XML template.

The mapping (documented in ``docs/moodle.md``) keeps scoring the same wherever
Moodle can express it: fractions come only from the list Moodle accepts, numeric
ranges become value +/- tolerance, cloze blanks become ``multianswer`` codes and
an essay's rubric and model answer become the grader information.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction

from lmsexport.model import (
    AnyQuestion,
    Cloze,
    Essay,
    Matching,
    Media,
    MultipleResponse,
    Numeric,
    Ordering,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from lmsexport.model.questions import BLANK_PATTERN
from lmsexport.render.numbers import exact_number
from lmsexport.targets.moodlexml.cloze import shortanswer_code
from lmsexport.targets.moodlexml.fractions import nearest, percent, shares
from lmsexport.targets.moodlexml.html import RichText, to_moodle_html, to_plain

MODEL_ANSWER_HEADING = "<h4>Model answer</h4>"
"""Separates rubric and model answer inside the essay's grader information (importers split on it)."""

QTYPES: dict[str, str] = {
    "single_choice": "multichoice",
    "multiple_response": "multichoice",
    "true_false": "truefalse",
    "short_answer": "shortanswer",
    "numeric": "numerical",
    "essay": "essay",
    "matching": "matching",
    "ordering": "ordering",
    "cloze": "multianswer",
}
"""The core Moodle qtype each source question type becomes."""

EMPTY = RichText("")


@dataclass(frozen=True)
class Answer:
    """One ``<answer>``: ``fraction`` as Moodle writes it (percent, or position for ordering)."""

    fraction: str
    text: RichText
    feedback: RichText = EMPTY
    tolerance: str | None = None
    plain: bool = False


@dataclass(frozen=True)
class SubQuestion:
    """One matching pair; an empty ``text`` makes ``answer`` a distractor."""

    text: RichText
    answer: str


@dataclass(frozen=True)
class MoodleQuestion:
    """Everything the template writes for one ``<question>``."""

    qtype: str
    name: str
    idnumber: str
    text: RichText
    general: RichText
    grade: str
    penalty: str
    tags: tuple[str, ...]
    answers: tuple[Answer, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()
    combined: tuple[RichText, RichText, RichText] | None = None
    subquestions: tuple[SubQuestion, ...] = ()
    graderinfo: RichText = EMPTY


class _Texts:
    """Renders the Markdown of one quiz with its media."""

    def __init__(self, quiz: Quiz) -> None:
        self.href = quiz.href
        self.media: dict[str, Media] = {m.href: m for m in quiz.media}

    def rich(self, text: str, *, inline: bool = False) -> RichText:
        if not text:
            return EMPTY
        return to_moodle_html(text, source_href=self.href, media=self.media, inline=inline)


def choice_fractions(question: SingleChoice | MultipleResponse) -> list[Fraction]:
    """Per-choice fractions; :func:`unsupported` has already refused impossible shares.

    Correct choices take the shares of :func:`shares` in order (the first ones get
    the larger share when they cannot be equal).  With partial credit a wrong tick
    takes back about one share, as the source defines; without it a wrong tick
    costs everything, the closest core Moodle comes to all-or-nothing (an
    incomplete answer still earns its shares: ``check`` warns).
    """
    if isinstance(question, SingleChoice):
        return [Fraction(1 if c.correct else 0) for c in question.choices]
    count = len(question.correct_choices)
    right = iter(shares(count) or ())
    wrong = nearest(-Fraction(1, count)) if question.partial_credit else Fraction(-1)
    return [next(right) if c.correct else wrong for c in question.choices]


def unsupported(question: AnyQuestion) -> str | None:
    """Why Moodle cannot score ``question`` as the source says, or ``None``."""
    if isinstance(question, MultipleResponse):
        count = len(question.correct_choices)
        if shares(count) is None:
            return (
                f"{count} correct choices: Moodle's smallest grade is 5%, so at most 20 "
                "correct choices can add up to 100%"
            )
    return None


def approximated(question: AnyQuestion) -> str | None:
    """How Moodle's grades change ``question``'s scoring when they cannot be equal shares."""
    if not isinstance(question, MultipleResponse):
        return None
    count = len(question.correct_choices)
    found = shares(count)
    if found is None or len(set(found)) == 1:
        return None
    parts = " and ".join(
        f"{found.count(value)} are worth {percent(value)}%"
        for value in sorted(set(found), reverse=True)
    )
    return (
        f"{count} correct choices: Moodle has no grade of 1/{count}, so {parts} "
        "(the first correct choices get the larger share)"
    )


def shortanswer_text(answer: str) -> str:
    """An accepted short answer as Moodle stores it: ``*`` is its wildcard, a literal one is ``\\*``.

    Moodle XML writes this text as is; GIFT escapes it further (:mod:`lmsexport.targets.gift.writer`).
    """
    return answer.replace("*", "\\*")


def _feedback_fallback(texts: _Texts, question: AnyQuestion) -> tuple[Answer, ...]:
    """A ``*`` answer scoring 0 shows the incorrect feedback to any other response."""
    if not question.feedback.incorrect:
        return ()
    tolerance = "0" if isinstance(question, Numeric) else None
    feedback = texts.rich(question.feedback.incorrect)
    return (Answer("0", RichText("*"), feedback, tolerance=tolerance, plain=True),)


def build_question(
    question: AnyQuestion, quiz: Quiz, name: str, tags: tuple[str, ...]
) -> MoodleQuestion:
    """Map one source question; ``name`` is already unique within the quiz's category."""
    texts = _Texts(quiz)
    settings: tuple[tuple[str, str], ...]
    common = MoodleQuestion(
        qtype=QTYPES[question.type],
        name=name,
        idnumber=question.id,
        text=texts.rich(question.prompt),
        general=texts.rich(question.feedback.general),
        grade=exact_number(question.points),
        penalty="1" if isinstance(question, TrueFalse) else "0.3333333",
        tags=tags,
    )
    combined = (
        texts.rich(question.feedback.correct),
        RichText(""),
        texts.rich(question.feedback.incorrect),
    )
    if isinstance(question, SingleChoice | MultipleResponse):
        answers = tuple(
            Answer(percent(f), texts.rich(c.text, inline=True), texts.rich(c.feedback))
            for c, f in zip(question.choices, choice_fractions(question), strict=True)
        )
        settings = (
            ("single", "true" if isinstance(question, SingleChoice) else "false"),
            ("shuffleanswers", "true" if question.shuffle else "false"),
            ("answernumbering", "abc"),
            ("showstandardinstruction", "0"),
        )
        return replace(common, answers=answers, settings=settings, combined=combined)
    if isinstance(question, TrueFalse):
        right, wrong = question.feedback.correct, question.feedback.incorrect
        answers = tuple(
            Answer(
                "100" if value is question.answer else "0",
                RichText("true" if value else "false"),
                texts.rich(right if value is question.answer else wrong),
                plain=True,
            )
            for value in (True, False)
        )
        return replace(common, answers=answers)
    if isinstance(question, ShortAnswer):
        correct = texts.rich(question.feedback.correct)
        answers = tuple(
            Answer("100", RichText(shortanswer_text(a)), correct, plain=True)
            for a in question.answers
        ) + _feedback_fallback(texts, question)
        settings = (("usecase", "1" if question.case_sensitive else "0"),)
        return replace(common, answers=answers, settings=settings)
    if isinstance(question, Numeric):
        low, high = question.answer.low, question.answer.high
        value = (low + high) / 2 if question.answer.kind == "range" else question.answer.value
        assert value is not None
        tolerance = (
            (high - low) / 2 if question.answer.kind == "range" else question.answer.tolerance
        )
        answers = (
            Answer(
                "100",
                RichText(exact_number(value)),
                texts.rich(question.feedback.correct),
                tolerance=exact_number(tolerance),
                plain=True,
            ),
            *_feedback_fallback(texts, question),
        )
        settings = (
            ("unitgradingtype", "0"),
            ("unitpenalty", "0.1000000"),
            ("showunits", "3"),
            ("unitsleft", "0"),
        )
        return replace(common, answers=answers, settings=settings)
    if isinstance(question, Essay):
        grader = texts.rich(question.rubric)
        if question.model_answer:
            model = texts.rich(question.model_answer)
            grader = RichText(
                "\n".join(p for p in (grader.html, MODEL_ANSWER_HEADING, model.html) if p),
                grader.files + tuple(f for f in model.files if f not in grader.files),
            )
        settings = (
            ("responseformat", "editor"),
            ("responserequired", "1"),
            ("responsefieldlines", "15"),
            ("minwordlimit", ""),
            ("maxwordlimit", ""),
            ("attachments", "0"),
            ("attachmentsrequired", "0"),
            ("maxbytes", "0"),
            ("filetypeslist", ""),
        )
        return replace(common, settings=settings, graderinfo=grader)
    if isinstance(question, Matching):
        subquestions = tuple(
            SubQuestion(texts.rich(p.left, inline=True), to_plain(p.right)) for p in question.pairs
        ) + tuple(SubQuestion(EMPTY, to_plain(d)) for d in question.distractors)
        settings = (("shuffleanswers", "true"),)
        return replace(common, settings=settings, combined=combined, subquestions=subquestions)
    if isinstance(question, Ordering):
        answers = tuple(
            Answer(str(position), texts.rich(item.text, inline=True))
            for position, item in enumerate(question.items, start=1)
        )
        settings = (
            ("layouttype", "VERTICAL"),
            ("selecttype", "ALL"),
            ("selectcount", "0"),
            ("gradingtype", "ABSOLUTE_POSITION"),
            ("showgrading", "SHOW"),
            ("numberingstyle", "none"),
        )
        return replace(common, answers=answers, settings=settings, combined=combined)
    assert isinstance(question, Cloze)
    blanks = {b.id: b for b in question.blanks}
    html = re.sub(
        BLANK_PATTERN,
        lambda m: shortanswer_code(blanks[m.group(1)].answers, blanks[m.group(1)].case_sensitive),
        common.text.html,
    )
    return replace(common, text=RichText(html, common.text.files))
