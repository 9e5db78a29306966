"""text2qti interop: our reader against text2qti itself, on a bank covering its README syntax.

The same file goes through text2qti (the reference) and through ``lmsexport
import`` + the loader; then lmsexport's ``qti12`` build is compared item by item
with text2qti's own QTI: Canvas question type, points, choices, what scores.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from text2qti.config import Config
from text2qti.qti import QTI
from text2qti.quiz import Question as T2Question
from text2qti.quiz import Quiz as T2Quiz

from lmsexport.loaders.course import load_course
from lmsexport.loaders.importers import import_bank, write_bank
from lmsexport.model import Course, MultipleResponse, Numeric, ShortAnswer, SingleChoice, TrueFalse
from lmsexport.packaging import zip_bytes
from lmsexport.targets.base import BuildContext
from lmsexport.targets.registry import get_target, target_names

BANK = Path(__file__).parent / "banks" / "history.text2qti.txt"
QTI_NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
CANVAS_TYPES = {
    "multiple_choice_question": "single_choice",
    "true_false_question": "true_false",
    "multiple_answers_question": "multiple_response",
    "short_answer_question": "short_answer",
    "numerical_question": "numeric",
    "essay_question": "essay",
    "file_upload_question": "essay",
}


def reference() -> list[T2Question]:
    quiz = T2Quiz(
        BANK.read_text("utf-8"),
        config=Config(),
        source_name=str(BANK),
        resource_path=str(BANK.parent),
    )
    return [q for q in quiz.questions_and_delims if isinstance(q, T2Question)]


def imported(tmp_path: Path) -> Course:
    bank = import_bank(BANK, "text2qti")
    assert not bank.failed
    write_bank(bank, tmp_path / "quizzes")
    (tmp_path / "course.yaml").write_text(
        "id: t2q\ntitle: text2qti bank\noutline:\n  - quiz: quizzes/history.yaml\n", "utf-8"
    )
    return load_course(tmp_path)


def test_reader_matches_text2qti(tmp_path: Path) -> None:
    course = imported(tmp_path)
    quiz = course.quizzes[0]
    ours, theirs = quiz.questions, reference()
    assert quiz.title == "Soviet history check"
    assert [q.type for q in ours] == [CANVAS_TYPES[t.type] for t in theirs]
    assert [q.points for q in ours] == [float(t.points_possible) for t in theirs]
    for mine, their in zip(ours, theirs, strict=True):
        if isinstance(mine, SingleChoice | MultipleResponse):
            assert [(c.text, c.correct) for c in mine.choices] == [
                (c.choice_raw, c.correct) for c in their.choices
            ]
        if isinstance(mine, TrueFalse):
            assert mine.answer is next(c.choice_raw == "true" for c in their.choices if c.correct)
        if isinstance(mine, ShortAnswer):
            assert list(mine.answers) == [c.choice_raw for c in their.choices]
        if isinstance(mine, Numeric):
            assert (mine.answer.low, mine.answer.high) == pytest.approx(
                (their.numerical_min, their.numerical_max)
            )


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def summary(xml: bytes) -> list[dict[str, Any]]:
    """Per item: Canvas type, points, choice texts and what the 100% condition accepts."""
    items = []
    for item in etree.fromstring(xml, PARSER).iterfind(".//q:item", QTI_NS):
        fields = {
            f.findtext("q:fieldlabel", namespaces=QTI_NS): f.findtext(
                "q:fieldentry", namespaces=QTI_NS
            )
            for f in item.iterfind(".//q:qtimetadatafield", QTI_NS)
        }
        labels = {
            label.get("ident"): _plain(label.findtext(".//q:mattext", namespaces=QTI_NS) or "")
            for label in item.iterfind(".//q:response_label", QTI_NS)
        }
        accepted: list[Any] = []
        for condition in item.iterfind(".//q:respcondition", QTI_NS):
            if (condition.findtext("q:setvar", namespaces=QTI_NS) or "").strip() != "100":
                continue
            for equal in condition.iterfind(".//q:varequal", QTI_NS):
                if equal.getparent().tag != f"{{{QTI_NS['q']}}}not":
                    text = (equal.text or "").strip()
                    accepted.append(labels.get(text, text))
            bounds = [float(v.text or 0) for v in condition.iterfind(".//q:vargte", QTI_NS)]
            bounds += [float(v.text or 0) for v in condition.iterfind(".//q:varlte", QTI_NS)]
            accepted += sorted(bounds)
        qtype = fields["question_type"]
        if qtype == "true_false_question":  # "True" or "true" is a label, not a different answer
            labels = {k: v.lower() for k, v in labels.items()}
            accepted = [str(a).lower() for a in accepted]
        items.append(
            {
                "type": "essay_question" if qtype == "file_upload_question" else qtype,
                "points": float(fields["points_possible"] or 0),
                "choices": sorted(v for v in labels.values() if v),
                "accepted": sorted(str(_number(a)) for a in accepted),
            }
        )
    return items


def _number(value: Any) -> Any:
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _assessment(package: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        (name,) = [
            n
            for n in archive.namelist()
            if n.endswith(".xml") and "/" in n and not n.endswith("assessment_meta.xml")
        ]
        return archive.read(name)


@pytest.mark.skipif("qti12" not in target_names(), reason="qti12 target not registered yet")
def test_qti12_build_matches_text2qti_qti(tmp_path: Path) -> None:
    course = imported(tmp_path)
    (artifact,) = get_target("qti12").render(course, BuildContext(schemas=None))  # type: ignore[arg-type]
    ours = summary(_assessment(zip_bytes(artifact.files)))
    theirs = summary(_assessment(QTI(T2Quiz(BANK.read_text("utf-8"), config=Config())).zip_bytes()))
    assert len(ours) == len(theirs) == len(reference())
    for mine, their in zip(ours, theirs, strict=True):
        assert mine == their
