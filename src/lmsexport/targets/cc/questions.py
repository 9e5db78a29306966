"""Fitting quizzes into the CC QTI profile, with a build warning for every change.

The profile (``ccv1p1_qtiasiv1p2p1_v1p0.xsd`` and its Schematron rules) knows
five question types: multiple choice, multiple response, true/false, fill in
the blank and essay (plus pattern match, which lmsexport does not need).  It
scores multiple response all or nothing, weights items by whole points 1-99
and allows 1-5 or unlimited attempts.  Numeric, matching, ordering and cloze
questions become essays marked by hand, with the answer key in the general
feedback so a grader (and, after submitting, the learner) sees what was
expected.  Nothing is changed without a warning naming the question.
"""

from __future__ import annotations

import dataclasses
import re

from lmsexport.errors import Diagnostic, warning
from lmsexport.model import (
    AnyQuestion,
    Cloze,
    Essay,
    Feedback,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    Quiz,
)
from lmsexport.model.questions import BLANK_PATTERN
from lmsexport.render.numbers import exact_number
from lmsexport.targets.qti12.assessment import CC_PROFILES

MAX_ATTEMPTS = 5
"""The largest attempt count ``cc_maxattempts`` accepts besides ``unlimited``."""


def answer_key(question: AnyQuestion) -> str:
    """The expected answer of a question the profile cannot score, as Markdown."""
    if isinstance(question, Numeric):
        answer = question.answer
        if answer.kind == "range":
            return f"a number from {exact_number(answer.low)} to {exact_number(answer.high)}"
        assert answer.value is not None
        if answer.kind == "tolerance" and answer.tolerance:
            return f"{exact_number(answer.value)} (± {exact_number(answer.tolerance)})"
        return exact_number(answer.value)
    if isinstance(question, Matching):
        return "; ".join(f"{pair.left} → {pair.right}" for pair in question.pairs)
    if isinstance(question, Ordering):
        return "; ".join(f"{n}. {item.text}" for n, item in enumerate(question.items, start=1))
    if isinstance(question, Cloze):
        return "; ".join(f"{blank.id}: {' or '.join(blank.answers)}" for blank in question.blanks)
    return ""


def _essay_prompt(question: AnyQuestion) -> str:
    """The stem an essay shows instead of the original interaction."""
    if isinstance(question, Cloze):
        return re.sub(BLANK_PATTERN, lambda m: f"\\[{m.group(1)}\\]", question.prompt)
    if isinstance(question, Matching):
        rights = [pair.right for pair in question.pairs] + list(question.distractors)
        lines = [f"- {pair.left}" for pair in question.pairs]
        return "\n\n".join(
            [question.prompt, "\n".join(lines), "Choose from: " + "; ".join(sorted(rights))]
        )
    if isinstance(question, Ordering):
        items = sorted(item.text for item in question.items)
        return "\n\n".join([question.prompt, "\n".join(f"- {text}" for text in items)])
    return question.prompt


def _with_general(feedback: Feedback, *extra: str) -> Feedback:
    general = "\n\n".join(part for part in (feedback.general, *extra) if part)
    return Feedback(general=general)


def _as_essay(question: AnyQuestion) -> Essay:
    key = f"**Answer key:** {answer_key(question)}"
    return Essay(
        id=question.id,
        ident=question.ident,
        title=question.title,
        prompt=_essay_prompt(question),
        points=question.points,
        feedback=_with_general(question.feedback, key),
        pos=question.pos,
    )


def _essay_guide(question: Essay) -> Essay:
    """An essay whose model answer and rubric travel in the general feedback."""
    parts = []
    if question.model_answer:
        parts.append(f"**Model answer:**\n\n{question.model_answer}")
    if question.rubric:
        parts.append(f"**Marking guide:**\n\n{question.rubric}")
    return dataclasses.replace(question, feedback=_with_general(question.feedback, *parts))


def _weight(points: float) -> int:
    return min(max(round(points), 1), 99)


def fit_question(question: AnyQuestion) -> tuple[AnyQuestion, list[str]]:
    """The question as the profile can carry it, and what had to change."""
    changes: list[str] = []
    fitted: AnyQuestion = question
    if question.type not in CC_PROFILES:
        fitted = _as_essay(question)
        changes.append(
            f"the CC QTI profile has no {question.type} question; exported as an essay "
            "marked by hand, with the answer key in its general feedback"
        )
    elif isinstance(question, Essay) and (question.model_answer or question.rubric):
        fitted = _essay_guide(question)
        changes.append(
            "the CC QTI profile has no grader-only field; the model answer and marking "
            "guide go into the general feedback, which learners see after submitting"
        )
    elif isinstance(question, MultipleResponse) and question.partial_credit:
        changes.append(
            "the CC QTI profile scores multiple response all or nothing; partial credit is lost"
        )
    if not question.auto_scored and (question.feedback.correct or question.feedback.incorrect):
        changes.append(
            "a question marked by a person has no automatic score, so its correct/incorrect "
            "feedback is dropped"
        )
    weight = _weight(question.points)
    if weight != question.points:
        fitted = dataclasses.replace(fitted, points=float(weight))
        changes.append(
            f"the CC QTI profile weights questions in whole points from 1 to 99; "
            f"{exact_number(question.points)} becomes {weight}"
        )
    return fitted, changes


def _quiz_losses(quiz: Quiz) -> list[str]:
    lost = [f"pass score {exact_number(quiz.pass_score)}%"]
    if quiz.time_limit:
        lost.append(f"time limit of {quiz.time_limit} minutes")
    if quiz.instructions:
        lost.append("instructions")
    if quiz.shuffle:
        lost.append("shuffled question order")
    if quiz.attempts > MAX_ATTEMPTS:
        lost.append(f"limit of {quiz.attempts} attempts (more than {MAX_ATTEMPTS}: unlimited)")
    return lost


def fit_quiz(quiz: Quiz) -> tuple[Quiz, list[Diagnostic]]:
    """``quiz`` within the profile, and one warning per change, naming quiz or question."""
    found = [
        warning(
            f"cc: quiz '{quiz.title}': the CC QTI profile cannot carry the "
            f"{', '.join(_quiz_losses(quiz))}; set it in the LMS after import",
            quiz.pos,
            quiz.source_field or quiz.id,
        )
    ]
    questions = []
    for question in quiz.questions:
        fitted, changes = fit_question(question)
        questions.append(fitted)
        found += [
            warning(
                f"cc: question '{question.title}': {change}",
                question.pos,
                question.source_field or f"{quiz.id}.{question.id}",
            )
            for change in changes
        ]
    attempts = 0 if quiz.attempts > MAX_ATTEMPTS else quiz.attempts
    return dataclasses.replace(quiz, questions=tuple(questions), attempts=attempts), found
