"""Moodle XML question bank rules: what Moodle's importer rejects or silently accepts.

Moodle refuses fractions outside its grade list (unless the teacher picks
"nearest grade") and imports a multiple-choice question with no correct answer
without complaint, so both are checked here.
"""

from __future__ import annotations

from functools import cache, lru_cache

from lmsexport.validate.context import Context, line_no
from lmsexport.validate.xmlread import line_of

# Moodle's import (match_grade_options) takes a fraction within this of a listed grade.
_IMPORT_SLACK = 0.00001
CORE_TYPES = {
    "category", "multichoice", "truefalse", "shortanswer", "matching", "numerical", "essay",
    "description", "cloze", "ddwtos", "gapselect", "ddimageortext", "ddmarker", "calculated",
    "calculatedsimple", "calculatedmulti", "randomsamatch", "ordering", "multianswer", "match",
    "random",
}  # fmt: skip
_CHOICE_TYPES = {"multichoice", "truefalse"}
# Types whose <answer fraction> is a grade (ordering uses it as a position).
_GRADED_TYPES = {
    *_CHOICE_TYPES, "shortanswer", "numerical", "calculated", "calculatedsimple", "calculatedmulti",
}  # fmt: skip


def _fraction(text: str | None) -> float | None:
    try:
        return float(text or "")
    except ValueError:
        return None


@cache
def _grades() -> tuple[float, ...]:
    """Moodle's grade list as floats, built once.

    Comparing each answer with the exact ``Fraction``s took most of this rule's
    time on a 1,000-question bank.
    """
    # The grade list lives with the Moodle XML target, which loads Jinja2 and Markdown:
    # only when a Moodle XML bank is checked.
    from lmsexport.targets.moodlexml.fractions import ALLOWED

    return tuple(float(grade) for grade in ALLOWED)


# A bank repeats a handful of fraction texts; bounded for untrusted banks.
@lru_cache(maxsize=256)
def _is_grade(value: float) -> bool:
    """Whether the percentage ``value`` is a grade Moodle's import takes."""
    return any(abs(value / 100 - grade) < _IMPORT_SLACK for grade in _grades())


def check_moodlexml(ctx: Context) -> None:
    """Declaration, core question types, grade fractions and a correct answer per choice question."""
    if ctx.manifest is None:
        return
    bank = ctx.parsed(ctx.manifest)
    root, data = bank.root, bank.data
    if not data.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml"):
        ctx.add(
            "XML-DECLARATION",
            ctx.manifest,
            'Moodle expects \'<?xml version="1.0" encoding="UTF-8"?>\' as the very first line',
            1 if line_of(data, b"<?xml") == 0 else line_of(data, b"<?xml"),
        )
    if root is None:
        return
    for question in root.iter("question"):
        kind = question.get("type", "")
        if kind not in CORE_TYPES:
            ctx.add(
                "MOODLE-UNKNOWN-TYPE",
                ctx.manifest,
                f"question type '{kind}' needs a plugin; core Moodle skips it",
                line_no(question),
            )
        if kind not in _GRADED_TYPES:
            continue
        fractions: list[float] = []
        for answer in question.iterchildren("answer"):
            value = _fraction(answer.get("fraction"))
            if value is None or not _is_grade(value):
                ctx.add(
                    "MOODLE-FRACTION",
                    ctx.manifest,
                    f"fraction '{answer.get('fraction')}' is not a Moodle grade; use one of "
                    f"100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, ... 0",
                    line_no(answer),
                )
            elif value > 0:
                fractions.append(value)
        if kind in _CHOICE_TYPES and not fractions:
            ctx.add(
                "MOODLE-NO-CORRECT-ANSWER",
                ctx.manifest,
                "no answer has a positive fraction, so nobody can get this right; mark the "
                'correct answer fraction="100"',
                line_no(question),
            )
