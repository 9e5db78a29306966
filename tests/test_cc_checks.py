"""What the ``cc`` target refuses or warns about: profile rules, options, degradations."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from lmsexport.errors import Diagnostic
from lmsexport.model import Course, Essay, Feedback, Numeric, NumericAnswer, TrueFalse
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import Artifact, BuildContext, OutputFile
from lmsexport.targets.cc import CommonCartridgeTarget
from lmsexport.targets.cc.questions import answer_key, fit_question
from model_factory import sample_course

WEBLINK = "imswl_xmlv1p1"


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return sample_course(tmp_path)


@pytest.fixture
def ctx() -> BuildContext:
    return BuildContext(schemas=SchemaRegistry.discover())


def messages(found: list[Diagnostic] | tuple[Diagnostic, ...], error: bool = True) -> list[str]:
    return [d.message for d in found if d.is_error == error]


def with_manifest(artifact: Artifact, edit: str, new: str) -> Artifact:
    """The artifact with one text replacement in its manifest."""
    files = tuple(
        OutputFile(f.path, f.data.decode().replace(edit, new, 1).encode(), f.schema)
        if f.path == "imsmanifest.xml"
        else f
        for f in artifact.files
    )
    return replace(artifact, files=files)


def rendered(course: Course, ctx: BuildContext) -> Artifact:
    (artifact,) = CommonCartridgeTarget().render(course, ctx)
    assert messages(list(CommonCartridgeTarget().verify(artifact, ctx))) == []
    return artifact


def manifest_of(artifact: Artifact) -> etree._Element:
    return etree.fromstring(next(f.data for f in artifact.files if f.path == "imsmanifest.xml"))


def test_cc_verify_rejects_a_resource_with_two_descriptor_files(
    course: Course, ctx: BuildContext
) -> None:
    artifact = rendered(course, ctx)
    quiz = course.quizzes[0]
    broken = with_manifest(
        artifact,
        f'<file href="assessments/{quiz.ident}.xml"/>',
        f'<file href="assessments/{quiz.ident}.xml"/><file href="assets/lmsexport.css"/>',
    )
    found = messages(list(CommonCartridgeTarget().verify(broken, ctx)))
    assert any("lists exactly one file, not 2" in m for m in found)


def test_cc_verify_rejects_web_content_depending_on_a_quiz(
    course: Course, ctx: BuildContext
) -> None:
    artifact = rendered(course, ctx)
    lesson, quiz = course.lessons[0], course.quizzes[0]
    broken = with_manifest(
        artifact,
        f'<file href="lessons/{lesson.slug}.html"/>',
        f'<file href="lessons/{lesson.slug}.html"/><dependency identifierref="{quiz.ident}-r"/>',
    )
    found = messages(list(CommonCartridgeTarget().verify(broken, ctx)))
    assert any("must not depend on imsqti_xmlv1p2/imscc_xmlv1p1/assessment" in m for m in found)


def test_cc_verify_rejects_a_missing_file_an_unlisted_file_and_a_leaf_with_children(
    course: Course, ctx: BuildContext
) -> None:
    artifact = rendered(course, ctx)
    lesson = course.lessons[0]
    files = tuple(f for f in artifact.files if f.path != "media/timeline.svg")
    files += (OutputFile("stray.txt", b"x"),)
    broken = with_manifest(
        replace(artifact, files=files),
        f'identifierref="{lesson.ident}-r">',
        f'identifierref="{lesson.ident}-r"><item identifier="extra"><title>x</title></item>',
    )
    found = " | ".join(messages(list(CommonCartridgeTarget().verify(broken, ctx))))
    assert "'media/timeline.svg' names no file" in found
    assert "stray.txt is in the package but no resource lists it" in found
    assert f"item '{lesson.ident}' launches a resource and must have no child items" in found


def test_cc_verify_rejects_an_assessment_without_items(course: Course, ctx: BuildContext) -> None:
    artifact = rendered(course, ctx)
    path = f"assessments/{course.quizzes[0].ident}.xml"
    files = tuple(
        OutputFile(
            f.path,
            b'<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"/>',
            f.schema,
        )
        if f.path == path
        else f
        for f in artifact.files
    )
    found = messages(list(CommonCartridgeTarget().verify(replace(artifact, files=files), ctx)))
    assert any("no item directly in its section" in m for m in found)


def test_cc_section_zero_holds_the_discussion_and_sections_follow_the_outline(
    course: Course, ctx: BuildContext
) -> None:
    course = replace(
        course, options={"cc": {"discussion": {"title": "Feedback", "text": "Tell *us*."}}}
    )
    manifest = manifest_of(rendered(course, ctx))
    (root,) = manifest.find("{*}organizations/{*}organization").findall("{*}item")
    titles = [i.findtext("{*}title") for i in root.findall("{*}item")]
    assert titles == [course.title, *(n.title for n in course.outline)]
    general = root.findall("{*}item")[0]
    assert [i.findtext("{*}title") for i in general.findall("{*}item")] == ["Feedback"]
    types = {r.get("type") for r in manifest.iter("{*}resource")}
    assert "imsdt_xmlv1p1" in types


def test_cc_lom_carries_title_description_language_and_keywords(
    course: Course, ctx: BuildContext
) -> None:
    lom = manifest_of(rendered(course, ctx)).find("{*}metadata/{*}lom/{*}general")
    assert lom.findtext("{*}title/{*}string") == course.title
    assert lom.findtext("{*}language") == course.language
    assert lom.findtext("{*}description/{*}string") == course.description
    assert [k.findtext("{*}string") for k in lom.findall("{*}keyword")] == list(course.keywords)


def test_cc_warns_for_every_degraded_question_by_name(course: Course, ctx: BuildContext) -> None:
    found = list(CommonCartridgeTarget().check(course, ctx))
    assert messages(found) == []
    warned = " | ".join(messages(found, error=False))
    for question in course.quizzes[0].questions:
        if question.type in ("numeric", "matching", "ordering", "cloze"):
            assert (
                f"question '{question.title}': the CC QTI profile has no {question.type}" in warned
            )
    assert (
        "question 'The United Opposition': the CC QTI profile scores multiple response all or nothing"
        in warned
    )
    assert (
        "quiz 'Unit review': the CC QTI profile cannot carry the pass score 80%, time limit of 10 minutes"
        in warned
    )


def test_cc_weights_are_whole_points_and_attempts_fit_the_profile(
    course: Course, ctx: BuildContext
) -> None:
    quiz = course.quizzes[0]
    questions = (replace(quiz.questions[0], points=2.5), *quiz.questions[1:])
    changed = replace(quiz, questions=questions, attempts=9)
    course = replace(course, outline=(changed,))
    found = " | ".join(messages(list(CommonCartridgeTarget().check(course, ctx)), error=False))
    assert "whole points from 1 to 99; 2.5 becomes 2" in found
    assert "limit of 9 attempts" in found
    (artifact,) = CommonCartridgeTarget().render(course, ctx)
    qti = next(f.data for f in artifact.files if f.path.startswith("assessments/"))
    assert b"<fieldentry>unlimited</fieldentry>" in qti
    assert ctx.schemas.validate("cc11.qti", qti, "q.xml") == []


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"cc": {"forum": {}}}, "unknown option 'forum'"),
        ({"cc": {"discussion": {"title": "Feedback"}}}, "must be a non-empty string"),
        ({"cc": {"discussion": "Feedback"}}, "must be a mapping with 'title' and 'text'"),
    ],
)
def test_cc_option_errors_stop_the_build(
    course: Course, ctx: BuildContext, options: dict[str, object], expected: str
) -> None:
    found = list(CommonCartridgeTarget().check(replace(course, options=options), ctx))  # type: ignore[arg-type]
    assert expected in " | ".join(messages(found))


def test_cc_unknown_version_is_an_error(course: Course) -> None:
    ctx = BuildContext(schemas=SchemaRegistry.discover(), options={"cc_version": "1.2"})
    assert "unknown Common Cartridge version '1.2'" in messages(
        list(CommonCartridgeTarget().check(course, ctx))
    )


def test_cc_drops_outcome_feedback_only_where_a_person_marks_the_answer() -> None:
    outcome = Feedback(correct="Right.", incorrect="Not quite.")
    essay = Essay(id="e", ident="ie", title="E", prompt="Why?", feedback=outcome)
    statement = TrueFalse(
        id="t", ident="it", title="T", prompt="1929?", answer=True, feedback=outcome
    )
    fitted, changes = fit_question(essay)
    assert fitted.feedback == outcome
    assert changes == [
        "a question marked by a person has no automatic score, so its correct/incorrect "
        "feedback is dropped"
    ]
    assert fit_question(statement) == (statement, [])


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        (NumericAnswer("exact", value=1234567.0), "1234567"),
        (NumericAnswer("tolerance", value=2.5, tolerance=0.125), "2.5 (± 0.125)"),
        (NumericAnswer("range", min=0.0, max=1e20), "a number from 0 to 1e+20"),
    ],
)
def test_cc_answer_key_writes_numbers_exactly(answer: NumericAnswer, key: str) -> None:
    question = Numeric(id="n", ident="in", title="N", prompt="How many?", answer=answer)
    assert answer_key(question) == key
