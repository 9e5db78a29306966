"""Build warnings for what a QTI target cannot carry over exactly.

Each rule names the question (or quiz) and the target, so a teacher learns at
build time, not after an import, that Canvas will give partial credit or that
QTI 2.1 has no place for a quiz's attempt limit.  ``docs/question-mapping.md``
documents the same rules as a table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lmsexport.errors import Diagnostic, warning
from lmsexport.model import (
    AnyQuestion,
    Cloze,
    Course,
    MultipleResponse,
    Ordering,
    Quiz,
    ShortAnswer,
    SingleChoice,
)

QuestionRule = Callable[[AnyQuestion], str]


def _essay_outcome_feedback(question: AnyQuestion) -> str:
    if not question.auto_scored and (question.feedback.correct or question.feedback.incorrect):
        return "an essay has no automatic score, so its correct/incorrect feedback is dropped"
    return ""


def _canvas_partial_credit(question: AnyQuestion) -> str:
    if isinstance(question, MultipleResponse) and not question.partial_credit:
        return (
            "Canvas always gives partial credit on multiple-answers questions; "
            "this all-or-nothing question will score partially"
        )
    return ""


def _canvas_ordering(question: AnyQuestion) -> str:
    if isinstance(question, Ordering):
        return (
            "Canvas Classic Quizzes have no ordering question; exported as matching "
            "(each item to its position), scored per item"
        )
    return ""


def _canvas_case(question: AnyQuestion) -> str:
    sensitive = (isinstance(question, ShortAnswer) and question.case_sensitive) or (
        isinstance(question, Cloze) and any(b.case_sensitive for b in question.blanks)
    )
    if sensitive:
        return "Canvas compares typed answers ignoring case; case-sensitive matching is lost"
    return ""


QUESTION_RULES: dict[str, tuple[QuestionRule, ...]] = {
    "qti12": (_canvas_partial_credit, _canvas_ordering, _canvas_case, _essay_outcome_feedback),
    "qti21": (_essay_outcome_feedback,),
    "qti30": (_essay_outcome_feedback,),
}


def _quiz_rules(target: str, quiz: Quiz) -> Iterator[str]:
    if target == "qti12" and quiz.shuffle:
        yield (
            "Canvas cannot shuffle the question order of an imported quiz; "
            "questions keep the source order"
        )
    flags = {q.shuffle for q in quiz.questions if isinstance(q, SingleChoice | MultipleResponse)}
    if target == "qti12" and len(flags) > 1:
        yield (
            "Canvas shuffles answers for the whole quiz, not per question; "
            "answer shuffling is turned off"
        )
    if target in ("qti21", "qti30") and quiz.attempts:
        yield (
            f"{target} tests have no attempt limit; set {quiz.attempts} attempt(s) "
            "in the delivery system"
        )


def degradations(target: str, course: Course) -> list[Diagnostic]:
    """Warnings for every question or quiz setting ``target`` changes or drops."""
    found: list[Diagnostic] = []
    for quiz in course.quizzes:
        found += [
            warning(f"{target}: {message}", quiz.pos, quiz.source_field or quiz.id)
            for message in _quiz_rules(target, quiz)
        ]
        for question in quiz.questions:
            for rule in QUESTION_RULES[target]:
                message = rule(question)
                if message:
                    found.append(
                        warning(
                            f"{target}: question '{question.title}': {message}",
                            question.pos,
                            question.source_field or f"{quiz.id}.{question.id}",
                        )
                    )
    return found
