"""``--sco-granularity course`` packages under scorm-again in real Chromium.

The whole course is one SCO: ``scorm-launch.html`` holds the session and shows
the pages in its own frame.  A learner reads every lesson and half-answers the
quiz (session one), leaves, relaunches from the saved data and finishes both
quizzes (session two).  Each session must initialise and terminate exactly once
with no API error; the bookmark must bring the learner back to the quiz with
the answer given; the course must end completed and passed at 100%, with one
interaction per question.  The ``moodle`` preset also reports the SCORM 2004
raw score out of 100, which is what Moodle's gradebook reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from browser import chromium, serve
from lmsexport.loaders.course import load_course
from lmsexport.model import Course, Essay, ShortAnswer
from scorm_support import (
    BROWSER_MARKS,
    SAMPLE,
    SESSION,
    VERSIONS,
    answer,
    interactions,
    launch_single_sco,
    leave,
    resume_data,
    scorm_site,
)

CASES = {
    "scorm12-course": {"target": "scorm12", "sco_granularity": "course"},
    "scorm2004-course": {"target": "scorm2004", "sco_granularity": "course"},
    "scorm2004-moodle": {"target": "scorm2004", "sco_granularity": "course", "lms": "moodle"},
}

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(SAMPLE)


@pytest.fixture(scope="module")
def base_url(course: Course, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(scorm_site(course, tmp_path_factory.mktemp("scorm-single"), CASES)) as url:
        yield url


@pytest.fixture(scope="module")
def lms(base_url: str) -> Iterator[Any]:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1100, "height": 760})
        page.goto(f"{base_url}lms.html")
        yield page


def _submit(frame: Any) -> None:
    frame.get_by_role("button", name="Check answers").click()
    frame.locator("#lmsexport-result").filter(has_text="point").wait_for()


@pytest.mark.parametrize("case", sorted(CASES))
def test_scorm_single_sco_walks_the_course_resumes_and_scores(
    lms: Any, course: Course, case: str
) -> None:
    version = VERSIONS[str(CASES[case]["target"])]
    quiz, essay_quiz = (
        next(q for q in course.quizzes if q.id == i) for i in ("check", "essay-trotsky")
    )
    short = next(q for q in quiz.questions if isinstance(q, ShortAnswer))

    frame = launch_single_sco(lms, version, case, None)
    for lesson in course.lessons:
        frame.locator(f"body[data-page-ident='{lesson.ident}']").wait_for()
        frame.locator("#lmsexport-lesson-end").scroll_into_view_if_needed()
        lms.wait_for_function(f"id => {SESSION}.state.p[id].d === 1", arg=lesson.ident)
        frame.locator("a[rel=next]").click()
    frame.locator(f"body[data-page-ident='{quiz.ident}']").wait_for()
    answer(frame, short, right=True)
    first = leave(lms, version)
    if version == "1.2":
        assert first["core"]["lesson_status"] == "incomplete"
        assert first["core"]["lesson_location"] == quiz.ident
    else:
        assert first["completion_status"] == "incomplete"
        assert first["location"] == quiz.ident
        assert float(first["progress_measure"]) == pytest.approx(5 / 7, abs=1e-4)

    frame = launch_single_sco(lms, version, case, resume_data(version, first))
    frame.locator(f"body[data-page-ident='{quiz.ident}']").wait_for()
    field = frame.locator(f"[id='{short.ident}']").get_by_label("Your answer")
    # Answers are restored after Initialize, a moment after the page shows.
    expect(field).to_have_value(short.answers[0])
    for question in quiz.questions:
        answer(frame, question, right=True)
    _submit(frame)
    frame.locator("a[rel=next]").click()
    frame.locator(f"body[data-page-ident='{essay_quiz.ident}']").wait_for()
    for question in essay_quiz.questions:
        answer(frame, question, right=True)
    _submit(frame)
    final = leave(lms, version)

    recorded = interactions(final)
    questions = [*quiz.questions, *essay_quiz.questions]
    assert [i["id"] for i in recorded] == [q.ident for q in questions]
    results = ["neutral" if isinstance(q, Essay) else "correct" for q in questions]
    assert [i["result"] for i in recorded] == results
    if version == "1.2":
        assert final["core"]["lesson_status"] == "passed"
        assert float(final["core"]["score"]["raw"]) == 100
        return
    assert (final["completion_status"], final["success_status"]) == ("completed", "passed")
    assert float(final["progress_measure"]) == 1
    assert float(final["score"]["scaled"]) == 1
    points = sum(q.points for q in questions if not isinstance(q, Essay))
    expected_max = 100 if CASES[case].get("lms") == "moodle" else points
    assert float(final["score"]["max"]) == pytest.approx(expected_max)
    assert float(final["score"]["raw"]) == pytest.approx(expected_max)
