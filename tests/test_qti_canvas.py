"""Canvas-specific behaviour of ``qti12``: layout, warnings, settings, the CC profile, golden items."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from lmsexport.model import Quiz
from lmsexport.targets.qti12.assessment import CC_PROFILES, canvas_quiz, render_assessment
from model_factory import sample_course
from qti_support import build, files, qti_course, registry

GOLDEN = Path(__file__).parent / "golden"


def test_canvas_layout_meta_resource_and_image_urls(tmp_path: Path) -> None:
    course = sample_course(tmp_path)
    members = files(build("qti12", course)[0][0])
    check = course.quizzes[0]
    assert f"{check.ident}/assessment_meta.xml" in members
    manifest = etree.fromstring(members["imsmanifest.xml"])
    meta = [
        r
        for r in manifest.iter("{*}resource")
        if r.get("type") == "associatedcontent/imscc_xmlv1p1/learning-application-resource"
    ]
    assert {r.get("href") for r in meta} == {
        f"{q.ident}/assessment_meta.xml" for q in course.quizzes
    }
    assessment = members[f"{check.ident}/{check.ident}.xml"].decode()
    assert "$IMS-CC-FILEBASE$/media/portrait.png" in assessment
    assert "media/portrait.png" in members


def test_quiz_settings_reach_assessment_meta(tmp_path: Path) -> None:
    course = qti_course(tmp_path)
    members = files(build("qti12", course)[0][0])
    review = course.quizzes[1]
    meta = etree.fromstring(members[f"{review.ident}/assessment_meta.xml"])
    ns = {"c": "http://canvas.instructure.com/xsd/cccv1p0"}
    assert meta.findtext("c:allowed_attempts", namespaces=ns) == "2"
    assert meta.findtext("c:time_limit", namespaces=ns) == "10"
    assert meta.findtext("c:points_possible", namespaces=ns) == "2"
    assert meta.findtext("c:shuffle_answers", namespaces=ns) == "false"


def test_warnings_name_the_question_the_target_and_the_position(tmp_path: Path) -> None:
    _, found, _ = build("qti12", qti_course(tmp_path))
    warnings = {d.field: d for d in found if not d.is_error}
    assert "partial credit" in warnings["check.advantages"].message
    assert "no ordering question" in warnings["check.sequence"].message
    assert "ignoring case" in warnings["check.policy"].message
    assert "ignoring case" in warnings["check.gaps"].message
    assert "question order" in warnings["check"].message
    assert warnings["check.sequence"].message.startswith("qti12: question 'Put in order'")
    assert str(warnings["check.sequence"].pos) == "quizzes/check.yaml:80:5"


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_qti2_targets_warn_about_attempts_and_essay_feedback(target: str, tmp_path: Path) -> None:
    _, found, _ = build(target, qti_course(tmp_path))
    messages = {d.field: d.message for d in found if not d.is_error}
    assert "no attempt limit" in messages["check"]
    assert "correct/incorrect feedback is dropped" in messages["check.why-stalin"]


def _cc_quiz(quiz: Quiz) -> Quiz:
    return replace(quiz, questions=tuple(q for q in quiz.questions if q.type in CC_PROFILES))


def test_cc_profile_variant_validates_against_the_cc_qti_xsd(tmp_path: Path) -> None:
    quiz = _cc_quiz(qti_course(tmp_path).quizzes[0])
    data = render_assessment(canvas_quiz(quiz), cc=True)
    assert registry().validate("cc11.qti", data, "assessment.xml") == []
    assert b"question_type" not in data and b"cc.multiple_choice.v0p1" in data


@pytest.mark.parametrize("target", ["qti12", "qti21", "qti30"])
def test_items_match_golden_files(target: str, tmp_path: Path, update_golden: bool) -> None:
    """One golden file per question type per target (the sample course's check quiz)."""
    course = sample_course(tmp_path)
    members = files(build(target, course)[0][0])
    check = course.quizzes[0]
    folder = GOLDEN / target
    if target == "qti12":
        root = etree.fromstring(members[f"{check.ident}/{check.ident}.xml"])
        rendered = {
            q.type: etree.tostring(item, encoding="unicode")
            for q, item in zip(check.questions, root.iter("{*}item"), strict=True)
        }
    else:
        rendered = {q.type: members[f"items/{q.ident}.xml"].decode() for q in check.questions}
    if update_golden:
        folder.mkdir(parents=True, exist_ok=True)
        for kind, text in rendered.items():
            (folder / f"{kind}.xml").write_text(text, encoding="utf-8")
    assert {p.stem for p in folder.glob("*.xml")} == set(rendered)
    for kind, text in rendered.items():
        assert (folder / f"{kind}.xml").read_text(encoding="utf-8") == text, kind
