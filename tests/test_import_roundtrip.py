"""Round trips: source -> Moodle XML / GIFT -> ``lmsexport import`` -> source keeps every question's meaning.

Meaning is what a grader sees: type, prompt, answers, which are correct, weights
and feedback.  Markup may change on the way (HTML to Markdown), so texts are
compared as plain text.  GIFT cannot carry some things (points, grader notes,
ordering...): the target warns about those, and they are left out of the GIFT
comparison only.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from lmsexport.loaders.course import load_course
from lmsexport.loaders.importers import import_bank, write_bank
from lmsexport.model import (
    AnyQuestion,
    Cloze,
    Course,
    Essay,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from lmsexport.model.questions import BLANK_PATTERN
from lmsexport.targets.base import BuildContext
from lmsexport.targets.moodlexml.html import to_plain
from lmsexport.targets.registry import get_target
from moodle_course import sample_course


def plain(text: str) -> str:
    return to_plain(re.sub(BLANK_PATTERN, "___", text))


def meaning(question: AnyQuestion, *, gift: bool = False) -> dict[str, Any]:
    """What must survive a round trip (``gift``: only what GIFT can carry)."""
    fb = question.feedback
    found: dict[str, Any] = {"type": question.type, "prompt": plain(question.prompt)}
    found["general"] = plain(fb.general)
    combined = not (gift and isinstance(question, SingleChoice | MultipleResponse | Matching))
    if combined:
        found["correct"] = plain(fb.correct)
        found["incorrect"] = "" if gift and isinstance(question, Numeric) else plain(fb.incorrect)
    if not gift:
        found["points"] = question.points
    if isinstance(question, SingleChoice | MultipleResponse):
        found["choices"] = [(plain(c.text), c.correct, plain(c.feedback)) for c in question.choices]
    if isinstance(question, MultipleResponse):
        found["partial_credit"] = question.partial_credit
    if isinstance(question, TrueFalse):
        found["answer"] = question.answer
    if isinstance(question, ShortAnswer):
        found["answers"] = (question.answers, question.case_sensitive)
    if isinstance(question, Numeric):
        found["range"] = (question.answer.low, question.answer.high)
    if isinstance(question, Essay) and not gift:
        found["grading"] = (plain(question.rubric), plain(question.model_answer))
    if isinstance(question, Matching):
        found["pairs"] = [(plain(p.left), p.right) for p in question.pairs]
        found["distractors"] = question.distractors
    if isinstance(question, Ordering):
        found["items"] = [plain(i.text) for i in question.items]
    if isinstance(question, Cloze):
        found["blanks"] = [(b.answers, b.case_sensitive) for b in question.blanks]
    return found


def round_trip(target: str, suffix: str, tmp_path: Path) -> tuple[Course, Course]:
    """Export the sample course, import the file into a new course and load both."""
    original = sample_course(tmp_path / "original")
    (artifact,) = get_target(target).render(original, BuildContext(schemas=None))  # type: ignore[arg-type]
    bank_file = tmp_path / f"bank.{suffix}"
    bank_file.write_bytes(artifact.files[0].data)
    bank = import_bank(bank_file)
    assert not bank.failed, [d.format() for d in bank.diagnostics]
    course = tmp_path / "imported"
    shutil.copytree(tmp_path / "original" / "media", course / "media")
    write_bank(bank, course / "quizzes")
    (course / "course.yaml").write_text(
        "id: imported\ntitle: Imported\noutline:\n  - quiz: quizzes/bank.yaml\n", encoding="utf-8"
    )
    return original, load_course(course)


def test_moodlexml_round_trip_keeps_every_question(tmp_path: Path) -> None:
    original, imported = round_trip("moodlexml", "xml", tmp_path)
    before, after = original.quizzes[0], imported.quizzes[0]
    assert after.title == before.title
    assert [q.id for q in after.questions] == [q.id for q in before.questions]
    assert [q.title for q in after.questions] == [q.title for q in before.questions]
    for old, new in zip(before.questions, after.questions, strict=True):
        assert meaning(new) == meaning(old), old.id
    assert [m.href for m in after.media] == ["quizzes/media/dot.png"]


def test_gift_round_trip_keeps_what_gift_can_express(tmp_path: Path) -> None:
    original, imported = round_trip("gift", "gift", tmp_path)
    gift = get_target("gift")
    warned = {
        d.field.split(".")[1]
        for d in gift.check(original, BuildContext(schemas=None))  # type: ignore[arg-type]
        if "skipped" in d.message and d.field
    }
    assert warned == {"order", "blanks"}
    kept = [q for q in original.quizzes[0].questions if q.id not in warned]
    after = imported.quizzes[0].questions
    assert [q.id for q in after] == [q.id for q in kept]
    for old, new in zip(kept, after, strict=True):
        assert meaning(new, gift=True) == meaning(old, gift=True), old.id


def test_gift_missing_word_is_a_one_blank_cloze(tmp_path: Path) -> None:
    bank_file = tmp_path / "one.gift"
    bank_file.write_text(
        "::Capital::Lenin moved the capital to {=Moscow =Moskva} in 1918.\n", "utf-8"
    )
    bank = import_bank(bank_file)
    (question,) = bank.questions
    assert question["type"] == "cloze"
    assert question["prompt"] == "Lenin moved the capital to {{blank}} in 1918."
    assert question["blanks"] == {"blank": ["Moscow", "Moskva"]}


def test_aiken_round_trip_keeps_single_choice(tmp_path: Path) -> None:
    original = sample_course(tmp_path / "original")
    (artifact,) = get_target("aiken").render(original, BuildContext(schemas=None))  # type: ignore[arg-type]
    bank_file = tmp_path / "bank.txt"
    bank_file.write_bytes(artifact.files[0].data)
    bank = import_bank(bank_file, "aiken")
    assert not bank.failed
    (question,) = bank.questions
    troika = original.quizzes[0].questions[0]
    assert isinstance(troika, SingleChoice)
    assert question["type"] == "single_choice"
    assert [(c["text"], c.get("correct", False)) for c in question["choices"]] == [
        (c.text, c.correct) for c in troika.choices
    ]
