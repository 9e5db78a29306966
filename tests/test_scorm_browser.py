"""The sample course's SCORM packages under an independent run-time in real Chromium.

An LMS frame page (``tests/scorm_runtime/lms.html``) exposes scorm-again as
``window.API`` / ``window.API_1484_11`` and launches each SCO in a frame; the
learner answers through the visible labels, the SCO is unloaded, and the final
data model is read back from scorm-again.  Needs ``npm ci --prefix
tests/scorm_runtime`` and Debian's ``chromium``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from browser import CHROMIUM, chromium, serve
from lmsexport.loaders.course import load_course
from lmsexport.model import Course, Quiz, ShortAnswer
from scorm_support import DIST, VERSIONS, answer, interactions, scorm_site

SAMPLE = Path(__file__).parent.parent / "source" / "stalins-soviet-union"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not DIST.is_dir(), reason="run: npm ci --prefix tests/scorm_runtime"),
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed"),
]


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(SAMPLE)


@pytest.fixture(scope="module")
def site(course: Course, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Both packages unzipped beside scorm-again and the LMS page, served on 127.0.0.1."""
    packages = {name: {"target": name, "scorm_edition": 4} for name in VERSIONS}
    with serve(scorm_site(course, tmp_path_factory.mktemp("scorm-site"), packages)) as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


@pytest.fixture
def lms(browser: Any, site: str) -> Iterator[Any]:
    page = browser.new_page()
    page.goto(f"{site}/lms.html")
    yield page
    page.close()


def _quiz(course: Course) -> Quiz:
    return next(q for q in course.quizzes if q.id == "check")


def _take_quiz(lms: Any, version: str, name: str, quiz: Quiz, right: bool) -> dict[str, Any]:
    lms.evaluate("([v, href]) => launch(v, href, null)", [version, f"{name}/quizzes/check.html"])
    frame = lms.frame_locator("#sco")
    frame.locator("body[data-page-kind=quiz]").wait_for()
    for question in quiz.questions:
        answer(frame, question, right)
    frame.get_by_role("button", name="Check answers").click()
    frame.locator(".quiz-summary, [role=status]").first.wait_for()
    lms.evaluate("unload()")
    lms.wait_for_function(
        "() => Object.values(calls).some(n => n > 0) && "
        "(calls.LMSFinish === 1 || calls.Terminate === 1)"
    )
    return {
        "cmi": lms.evaluate("cmi()"),
        "calls": lms.evaluate("calls"),
        "errors": lms.evaluate("errors"),
        "last": lms.evaluate("String((window.API || window.API_1484_11).lastErrorCode)"),
    }


EXPECTED_TYPES = {
    "single_choice": "choice",
    "multiple_response": "choice",
    "true_false": "true-false",
    "short_answer": "fill-in",
    "numeric": "numeric",
    "matching": "matching",
    "ordering": "sequencing",
    "cloze": "fill-in",
}


@pytest.mark.parametrize("name", sorted(VERSIONS))
def test_scorm_quiz_all_correct_passes(lms: Any, course: Course, name: str) -> None:
    version = VERSIONS[name]
    quiz = _quiz(course)
    result = _take_quiz(lms, version, name, quiz, right=True)
    cmi = result["cmi"]
    init, finish = (
        ("LMSInitialize", "LMSFinish") if version == "1.2" else ("Initialize", "Terminate")
    )
    assert result["calls"][init] == 1 and result["calls"][finish] == 1
    assert result["errors"] == [] and result["last"] == "0"
    recorded = interactions(cmi)
    assert [i["id"] for i in recorded] == [q.ident for q in quiz.questions]
    essay_type = "fill-in" if version == "1.2" else "long-fill-in"
    for question, interaction in zip(quiz.questions, recorded, strict=True):
        assert interaction["type"] == EXPECTED_TYPES.get(question.type, essay_type)
        expected = "neutral" if question.type == "essay" else "correct"
        assert interaction["result"] == expected, question.id
    if version == "1.2":
        core = cmi["core"]
        assert core["lesson_status"] == "passed"
        assert float(core["score"]["raw"]) == 100
        choice = recorded[0]
        assert choice["student_response"] == "0"
        assert choice["correct_responses"]["0"]["pattern"] == "0"
    else:
        assert cmi["completion_status"] == "completed"
        assert cmi["success_status"] == "passed"
        assert float(cmi["score"]["scaled"]) == 1
        assert float(cmi["score"]["raw"]) == float(cmi["score"]["max"])
        tf = recorded[2]
        assert tf["learner_response"] == "false"
        assert tf["correct_responses"]["0"]["pattern"] == "false"


@pytest.mark.parametrize("name", sorted(VERSIONS))
def test_scorm_quiz_wrong_answers_fail_and_relaunch_resumes(
    lms: Any, course: Course, name: str
) -> None:
    version = VERSIONS[name]
    quiz = _quiz(course)
    result = _take_quiz(lms, version, name, quiz, right=False)
    cmi = result["cmi"]
    assert result["errors"] == [] and result["last"] == "0"
    results = [i["result"] for i in interactions(cmi)]
    assert "correct" not in results
    if version == "1.2":
        assert cmi["core"]["lesson_status"] == "failed"
        assert float(cmi["core"]["score"]["raw"]) < quiz.pass_score
        saved: dict[str, Any] = {
            "core": {"entry": "resume", "lesson_location": cmi["core"]["lesson_location"]},
            "suspend_data": cmi["suspend_data"],
        }
    else:
        assert cmi["success_status"] == "failed"
        assert float(cmi["score"]["scaled"]) < quiz.pass_score / 100
        saved = {
            "entry": "resume",
            "location": cmi["location"],
            "suspend_data": cmi["suspend_data"],
        }
    lms.evaluate(
        "([v, href, s]) => launch(v, href, s)", [version, f"{name}/quizzes/check.html", saved]
    )
    frame = lms.frame_locator("#sco")
    frame.locator("body[data-page-kind=quiz]").wait_for()
    short = next(q for q in quiz.questions if isinstance(q, ShortAnswer))
    field = frame.locator(f"[id='{short.ident}']").get_by_label("Your answer")
    assert field.input_value() == "Bukharin"
    lms.evaluate("unload()")
    lms.wait_for_function("() => calls.LMSFinish === 1 || calls.Terminate === 1")
    assert lms.evaluate("errors") == []


@pytest.mark.parametrize("name", sorted(VERSIONS))
def test_scorm_lesson_completes_at_the_end(lms: Any, course: Course, name: str) -> None:
    version = VERSIONS[name]
    lesson = course.lessons[0]
    lms.evaluate(
        "([v, href]) => launch(v, href, null)", [version, f"{name}/lessons/{lesson.slug}.html"]
    )
    frame = lms.frame_locator("#sco")
    frame.locator("#lmsexport-lesson-end").scroll_into_view_if_needed()
    status = "cmi.core.lesson_status" if version == "1.2" else "cmi.completion_status"
    api = "API" if version == "1.2" else "API_1484_11"
    getter = "LMSGetValue" if version == "1.2" else "GetValue"
    lms.wait_for_function(f"() => {api}.{getter}('{status}') === 'completed'")
    lms.evaluate("unload()")
    lms.wait_for_function("() => calls.LMSFinish === 1 || calls.Terminate === 1")
    assert lms.evaluate("errors") == []
