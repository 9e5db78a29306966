"""How each question type is reported in ``cmi.interactions``, per SCORM version.

The build computes everything the model knows (interaction type, the tokens
that stand for choices, pairs and items, the correct-response patterns) so the
browser only has to format what the learner did.  The two versions differ:

* SCORM 1.2 responses use single characters ``0-9a-z`` separated by ``,``;
  ``true-false`` is ``t``/``f``; there is no ``long-fill-in`` (essays become a
  ``fill-in`` truncated to 255 characters) and no numeric range.
* SCORM 2004 uses short identifiers separated by ``[,]`` (pairs by ``[.]``),
  ``true``/``false``, ``min[:]max`` ranges and ``{case_matters=...}``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from lmsexport.model import (
    AnyQuestion,
    Cloze,
    Essay,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from lmsexport.render.quizdata import distractor_ids

Version = Literal["1.2", "2004"]

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
"""SCORM 1.2's choice vocabulary: one character per choice, so at most 36."""

_SHORT_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.]{1,250}$")
"""Tokens 2004 responses may use everywhere: Moodle's player accepts only ``[\\w.]``
in short identifiers (stricter than the standard), so ids with other characters
are replaced by positional tokens."""
FILL_IN_MAX_2004 = 250
CLOZE_PATTERN_LIMIT = 5
"""Correct-response patterns written for one cloze question (every combination
of accepted answers would grow exponentially with the blanks)."""
STRING_MAX_12 = 255


@dataclass(frozen=True)
class InteractionSpec:
    """What the run-time needs to write one question's interaction.

    ``tokens`` maps the ids the page reports (choice, item and blank ids;
    matching sources prefixed ``l:`` and targets ``r:``) to the response tokens
    of the version; ``patterns`` are complete ``correct_responses.n.pattern`` values.
    """

    id: str
    question_type: str
    type: str
    weighting: float
    patterns: tuple[str, ...] = ()
    tokens: dict[str, str] = field(default_factory=dict)
    case_matters: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "questionType": self.question_type,
            "type": self.type,
            "weighting": self.weighting,
            "patterns": list(self.patterns),
            "tokens": self.tokens,
            "caseMatters": self.case_matters,
        }


def interaction_spec(question: AnyQuestion, version: Version) -> InteractionSpec:
    """The interaction for ``question`` in SCORM ``version``."""
    weighting = float(question.points)
    ident = question.ident
    if isinstance(question, TrueFalse):
        answer = ("t" if question.answer else "f") if version == "1.2" else str(question.answer)
        return InteractionSpec(ident, question.type, "true-false", weighting, (answer.lower(),))
    if isinstance(question, SingleChoice | MultipleResponse):
        tokens = _tokens([c.id for c in question.choices], version)
        correct = [tokens[c.id] for c in question.choices if c.correct]
        pattern = _join(correct, version)
        return InteractionSpec(ident, question.type, "choice", weighting, (pattern,), tokens)
    if isinstance(question, ShortAnswer):
        answers = _unique(a.strip() for a in question.answers)
        patterns = tuple(_fill_in_pattern([a], question.case_sensitive, version) for a in answers)
        return InteractionSpec(
            ident,
            question.type,
            "fill-in",
            weighting,
            patterns,
            case_matters=question.case_sensitive,
        )
    if isinstance(question, Numeric):
        return InteractionSpec(
            ident, question.type, "numeric", weighting, _numeric_patterns(question, version)
        )
    if isinstance(question, Essay):
        kind = "fill-in" if version == "1.2" else "long-fill-in"
        return InteractionSpec(ident, question.type, kind, weighting)
    if isinstance(question, Matching):
        return _matching(question, version, weighting)
    if isinstance(question, Ordering):
        tokens = _tokens([i.id for i in question.items], version)
        pattern = _join([tokens[i.id] for i in question.items], version)
        return InteractionSpec(ident, question.type, "sequencing", weighting, (pattern,), tokens)
    return _cloze(question, version, weighting)


def _matching(question: Matching, version: Version, weighting: float) -> InteractionSpec:
    """Sources are the pairs, targets the right-hand items (pair ids, then distractors)."""
    left_ids = [p.id for p in question.pairs]
    right_ids = [*left_ids, *distractor_ids(question)]
    lefts = _tokens(left_ids, version)
    rights = _tokens(right_ids, version)
    if version == "2004":
        # Pair ids name both a source and its target: keep the two sets apart.
        rights = {i: f"{token}_r" if i in lefts else token for i, token in rights.items()}
        if len(set(rights.values())) < len(rights) or not all(
            _SHORT_IDENTIFIER.match(t) for t in rights.values()
        ):
            rights = {i: ALPHABET[n] for n, i in enumerate(right_ids)}
    pair_sep = "." if version == "1.2" else "[.]"
    pattern = _join([f"{lefts[i]}{pair_sep}{rights[i]}" for i in left_ids], version)
    tokens = {
        **{f"l:{i}": token for i, token in lefts.items()},
        **{f"r:{i}": token for i, token in rights.items()},
    }
    return InteractionSpec(question.ident, question.type, "matching", weighting, (pattern,), tokens)


def _cloze(question: Cloze, version: Version, weighting: float) -> InteractionSpec:
    """One pattern per combination of accepted answers, first answers first.

    The 2004 data model only guarantees a few patterns per interaction, so the
    combinations stop at :data:`CLOZE_PATTERN_LIMIT`; scorm-again (like the 2004
    data model) rejects a pattern that repeats a node, so those are skipped.
    """
    case_matters = all(b.case_sensitive for b in question.blanks)
    accepted = [_unique(a.strip() for a in b.answers) for b in question.blanks]
    combinations = (list(c) for c in itertools.product(*accepted) if len(set(c)) == len(c))
    patterns = tuple(
        _fill_in_pattern(c, case_matters, version)
        for c in itertools.islice(combinations, CLOZE_PATTERN_LIMIT)
    )
    tokens = {b.id: str(n) for n, b in enumerate(question.blanks)}
    return InteractionSpec(
        question.ident,
        question.type,
        "fill-in",
        weighting,
        patterns,
        tokens,
        case_matters=case_matters,
    )


def _numeric_patterns(question: Numeric, version: Version) -> tuple[str, ...]:
    answer = question.answer
    if version == "1.2":
        # SCORM 1.2 numeric patterns are a single number: ranges have no pattern.
        if answer.kind == "exact" or answer.tolerance == 0:
            return (format_number(answer.low),)
        return ()
    if answer.low == answer.high:
        return (format_number(answer.low),)
    return (f"{format_number(answer.low)}[:]{format_number(answer.high)}",)


def format_number(value: float) -> str:
    """A decimal without exponent or trailing zeros, as CMIDecimal requires."""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _fill_in_pattern(answers: list[str], case_matters: bool, version: Version) -> str:
    if version == "1.2":
        return ",".join(a[:STRING_MAX_12] for a in answers)[:STRING_MAX_12]
    body = "[,]".join(a[:FILL_IN_MAX_2004] for a in answers)
    return ("{case_matters=true}" if case_matters else "") + body


def _tokens(ids: list[str], version: Version) -> dict[str, str]:
    """Response tokens: by position in 1.2, the model's own id in 2004 when legal."""
    if version == "1.2" or not all(_SHORT_IDENTIFIER.match(i) for i in ids):
        return {i: ALPHABET[n] for n, i in enumerate(ids)}
    return {i: i for i in ids}


def _join(tokens: list[str], version: Version) -> str:
    return ",".join(tokens) if version == "1.2" else "[,]".join(tokens)


def _unique(values: Iterable[str]) -> list[str]:
    """Values in first-seen order without repeats."""
    return list(dict.fromkeys(values))
