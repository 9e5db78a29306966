"""The sample course's SCORM packages under an independent run-time in real Chromium.

An LMS frame page (``tests/scorm_runtime/lms.html``) exposes scorm-again as
``window.API`` / ``window.API_1484_11`` and launches each SCO in a frame; the
learner answers through the visible labels, the SCO is unloaded, and the final
data model is read back from scorm-again.  Needs ``npm ci --prefix
tests/scorm_runtime`` and Debian's ``chromium``.

The run-time's notices must never block the page: a QA pass found "No LMS was
found" fixed over the bottom of the window, covering "Check answers" with no
way to scroll past it.  The notice tests open the packages without an LMS (or
with one that refuses every write), at phone and desktop widths, and click the
button by its role without ``force``: Playwright refuses a click that another
element would receive.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, FloatRect, Route, expect

from browser import RECORD_EVENTS, chromium, open_page, serve
from lmsexport.loaders.course import load_course
from lmsexport.model import Course, Quiz, ShortAnswer
from scorm_support import BROWSER_MARKS, SAMPLE, VERSIONS, answer, interactions, scorm_site

pytestmark = BROWSER_MARKS
WIDTHS = (375, 1280)
NO_LMS = "No LMS was found"
REFUSING_LMS = """
let lastError = "0";
window.API_1484_11 = {
  Initialize: () => "true", Terminate: () => "true", Commit: () => "true",
  GetValue: () => "", SetValue: () => { lastError = "351"; return "false"; },
  GetLastError: () => lastError, GetErrorString: () => "General Set Failure",
  GetDiagnostic: () => "refused by the test",
};
"""
"""A SCORM 2004 API that accepts the session but refuses every write."""


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(SAMPLE)


@pytest.fixture(scope="module")
def site(course: Course, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Both packages (and a single-SCO 1.2 one) unzipped beside scorm-again and the LMS page, served on 127.0.0.1."""
    packages: dict[str, dict[str, object]] = {
        name: {"target": name, "scorm_edition": 4} for name in VERSIONS
    }
    packages["scorm12-course"] = {"target": "scorm12", "sco_granularity": "course"}
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
    href = f"{name}/quizzes/{quiz.slug}.html"
    lms.evaluate("([v, href]) => launch(v, href, null)", [version, href])
    frame = lms.frame_locator("#sco")
    frame.locator("body[data-page-kind=quiz]").wait_for()
    for question in quiz.questions:
        answer(frame, question, right)
    frame.get_by_role("button", name="Check answers").click()
    frame.locator("#lmsexport-result").filter(has_text="point").wait_for()
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
def test_scorm_quiz_marked_by_a_person_reports_no_score_and_no_verdict(
    lms: Any, course: Course, name: str
) -> None:
    version = VERSIONS[name]
    quiz = next(q for q in course.quizzes if q.id == "essay-trotsky")
    assert not any(q.auto_scored for q in quiz.questions)
    result = _take_quiz(lms, version, name, quiz, right=True)
    cmi = result["cmi"]
    assert result["errors"] == [] and result["last"] == "0"
    assert [i["result"] for i in interactions(cmi)] == ["neutral"]
    if version == "1.2":
        assert cmi["core"]["lesson_status"] == "completed"
        assert cmi["core"]["score"]["raw"] == ""
    else:
        assert cmi["completion_status"] == "completed"
        assert cmi["success_status"] == "unknown"
        assert cmi["score"]["raw"] == ""


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
    # The run-time restores answers after Initialize, a moment after the page shows.
    expect(field).to_have_value("Bukharin")
    lms.evaluate("unload()")
    lms.wait_for_function("() => calls.LMSFinish === 1 || calls.Terminate === 1")
    assert lms.evaluate("errors") == []


COMPLETED = {
    "1.2": "() => cmi().core.lesson_status === 'completed'",
    "2004": "() => cmi().completion_status === 'completed'",
}
"""Whether the LMS has recorded the SCO as completed, read from scorm-again's data model.

Read through ``cmi()`` rather than ``GetValue``: a call before the SCO's
``Initialize`` would set the API's last error under the SCO's feet."""


def _finish_lesson(lms: Any, version: str) -> None:
    """Wait until the LMS has the lesson completed, then unload it cleanly."""
    lms.wait_for_function(COMPLETED[version], timeout=15000)
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
    _finish_lesson(lms, version)


@pytest.mark.parametrize("name", sorted(VERSIONS))
def test_scorm_lesson_seen_to_its_end_before_the_runtime_ran_completes(
    lms: Any, course: Course, name: str
) -> None:
    """The race behind a flaky run: the page announces the end before the run-time listens.

    Deferred scripts let the browser render while a later one is still loading,
    so under load a learner (or Playwright) can bring the end into view, and the
    page fire ``lmsexport:lesson-end``, before ``scorm-runtime.js`` has run.
    Holding that one request makes the order certain.
    """
    version = VERSIONS[name]
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    lms.route("**/scorm/scorm-runtime.js", hold)
    lms.add_init_script(RECORD_EVENTS)
    lesson = course.lessons[0]
    lms.evaluate(
        "([v, href]) => launch(v, href, null)", [version, f"{name}/lessons/{lesson.slug}.html"]
    )
    lms.frame_locator("#sco").locator("#lmsexport-lesson-end").scroll_into_view_if_needed()
    lms.wait_for_function(
        "() => (document.getElementById('sco').contentWindow.__lmsexportEvents || [])"
        ".some(e => e.name === 'lmsexport:lesson-end')"
    )
    assert len(held) == 1, "the run-time ran before the page announced the end"
    held[0].continue_()
    _finish_lesson(lms, version)


def _submit_by_role(frame: Any, quiz: Quiz) -> None:
    """Answer every question and click "Check answers" as a learner would."""
    for question in quiz.questions:
        answer(frame, question, right=True)
    button = frame.get_by_role("button", name="Check answers")
    button.click(timeout=5000)
    frame.locator("#lmsexport-result").filter(has_text="point").wait_for(timeout=5000)


def _hit_is_button(page: Any) -> bool:
    """Whether the centre of the scrolled-to button belongs to the button itself."""
    return bool(
        page.evaluate(
            """() => {
              const button = document.querySelector("button.check-answers");
              button.scrollIntoView({block: "end"});
              const box = button.getBoundingClientRect();
              const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
              return button.contains(hit);
            }"""
        )
    )


def _box(locator: Any) -> FloatRect:
    box = locator.bounding_box()
    assert box is not None, "not rendered"
    return box  # type: ignore[no-any-return]


def _notice(page: Any, text: str) -> Any:
    notice = page.locator("#lmsexport-scorm-status")
    notice.filter(has_text=text).wait_for(timeout=5000)
    assert notice.get_attribute("role") == "status"
    assert notice.get_attribute("aria-live") == "polite"
    assert notice.evaluate("e => getComputedStyle(e).position") in ("static", "relative")
    return notice


NOTICE_CASES = {
    "scorm12-no-lms": ("scorm12", "", NO_LMS),
    "scorm2004-no-lms": ("scorm2004", "", NO_LMS),
    "scorm2004-lms-error": ("scorm2004", REFUSING_LMS, "The LMS reported a problem"),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", sorted(NOTICE_CASES))
def test_scorm_quiz_notice_leaves_check_answers_clickable(
    browser: Browser, site: str, course: Course, case: str, width: int
) -> None:
    package, lms_script, text = NOTICE_CASES[case]
    path = f"{package}/quizzes/check.html"
    page, log = open_page(browser, f"{site}/", path, lms_script, viewport=(width, 700))
    notice = _notice(page, text)
    # Above the quiz, in the flow of the page: it moves the content down, never over it.
    heading = page.get_by_role("heading", level=1)
    assert _box(notice)["y"] < _box(heading)["y"]
    assert _hit_is_button(page)
    _submit_by_role(page, _quiz(course))
    assert log.problems() == []
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_scorm_single_sco_launch_notice_sits_above_the_course_frame(
    browser: Browser, site: str, course: Course, width: int
) -> None:
    page, log = open_page(
        browser, f"{site}/", "scorm12-course/scorm-launch.html", viewport=(width, 700)
    )
    notice = _notice(page, NO_LMS)
    frame_box = _box(page.locator("#lmsexport-scorm-frame"))
    notice_box = _box(notice)
    assert notice_box["y"] + notice_box["height"] <= frame_box["y"] + 0.5
    # The frame fills the rest of the window: nothing of it lies below the fold.
    assert frame_box["y"] + frame_box["height"] <= 700 + 0.5
    quiz = _quiz(course)
    page.locator("#lmsexport-scorm-frame").evaluate(
        "(frame, href) => { frame.src = href; }", f"quizzes/{quiz.slug}.html"
    )
    frame = page.frame_locator("#lmsexport-scorm-frame")
    frame.locator("body[data-page-kind=quiz]").wait_for()
    _submit_by_role(frame, quiz)
    assert log.problems() == []
    page.context.close()
