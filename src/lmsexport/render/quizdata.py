"""The quiz description a page embeds for in-browser scoring.

``assets/lmsexport.js`` scores a quiz from this data alone, and a SCORM run-time
copies ``correctResponse`` into ``cmi.interactions``, so every question carries
its correct response in exactly the shape the page reports learner responses
(see ``docs/page-events.md``).  Keys are camelCase because JavaScript reads them.
"""

from __future__ import annotations

import re
from typing import Any

from lmsexport.model import (
    AnyQuestion,
    Cloze,
    Essay,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from lmsexport.model.questions import BLANK_PATTERN
from lmsexport.render.plaintext import plain_text


def distractor_ids(question: Matching) -> tuple[str, ...]:
    """Ids of the extra right-hand items of a matching question: ``d1``, ``d2`` ..."""
    return tuple(f"d{number}" for number in range(1, len(question.distractors) + 1))


def correct_response(question: AnyQuestion) -> Any:
    """The correct response of ``question`` in the page's response format."""
    match question:
        case SingleChoice():
            return [question.correct_choice.id]
        case MultipleResponse():
            return [choice.id for choice in question.correct_choices]
        case TrueFalse():
            return question.answer
        case ShortAnswer():
            return list(question.answers)
        case Numeric():
            return {"low": question.answer.low, "high": question.answer.high}
        case Essay():
            return None
        case Matching():
            return [[pair.id, pair.id] for pair in question.pairs]
        case Ordering():
            return [item.id for item in question.items]
        case Cloze():
            return {blank.id: list(blank.answers) for blank in question.blanks}


def question_text(question: AnyQuestion) -> str:
    """The prompt as plain text, each cloze gap shown as ``___``."""
    return plain_text(re.sub(BLANK_PATTERN, "___", question.prompt))


def _parts(question: AnyQuestion) -> dict[str, Any]:
    """Ids of the question's parts (in source order) and the switches its scorer needs."""
    match question:
        case SingleChoice():
            return {"choices": [c.id for c in question.choices], "shuffle": question.shuffle}
        case MultipleResponse():
            return {
                "choices": [c.id for c in question.choices],
                "shuffle": question.shuffle,
                "partialCredit": question.partial_credit,
            }
        case ShortAnswer():
            return {"caseSensitive": question.case_sensitive}
        case Matching():
            return {
                "pairs": [p.id for p in question.pairs],
                "distractors": list(distractor_ids(question)),
            }
        case Ordering():
            return {"items": [item.id for item in question.items]}
        case Cloze():
            return {
                "blanks": [b.id for b in question.blanks],
                "blankCaseSensitive": {b.id: b.case_sensitive for b in question.blanks},
            }
        case _:
            return {}


def question_payload(question: AnyQuestion) -> dict[str, Any]:
    """Everything the browser needs to score and report one question."""
    return {
        "ident": question.ident,
        "id": question.id,
        "type": question.type,
        "points": float(question.points),
        "autoScored": question.auto_scored,
        "text": question_text(question),
        "correctResponse": correct_response(question),
        **_parts(question),
    }


def quiz_payload(quiz: Quiz) -> dict[str, Any]:
    """The JSON object embedded as ``<script type="application/json" id="lmsexport-quiz">``."""
    return {
        "ident": quiz.ident,
        "title": quiz.title,
        "passScore": float(quiz.pass_score),
        "shuffle": quiz.shuffle,
        "attempts": quiz.attempts,
        "timeLimit": quiz.time_limit,
        "questions": [question_payload(q) for q in quiz.questions],
    }
