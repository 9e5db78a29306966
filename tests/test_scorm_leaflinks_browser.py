"""Following links between lessons inside a single-SCO package, under scorm-again in Chromium.

``tests/roots/leaf-links`` built with ``--sco-granularity course``: the learner
reads the first lesson, follows its link into the second (to a heading), the
second's link back, then the link to the quiz, and leaves.  Each page a link
opens attaches to the one session: the bookmark follows the learner, the short
second lesson completes although its end shows at once, and the session is
initialised and terminated once.  Relaunching from the saved data opens the
quiz; passing it completes the course.

The second lesson is short: its page announces its end as soon as it renders,
which can be before that page's copy of the run-time has run and attached it to
the session.  The test holds the attachment until the page has announced the
end, so the run-time must catch up rather than rely on hearing the event.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from browser import RECORD_EVENTS, chromium, serve
from lmsexport.loaders.course import load_course
from lmsexport.model import Course, Lesson
from scorm_support import (
    BROWSER_MARKS,
    SESSION,
    VERSIONS,
    answer,
    interactions,
    launch_single_sco,
    leave,
    resume_data,
    scorm_site,
)

pytestmark = BROWSER_MARKS

ROOT = Path(__file__).parent / "roots" / "leaf-links"
CASES = {
    "scorm12-course": {"target": "scorm12", "sco_granularity": "course"},
    "scorm2004-course": {"target": "scorm2004", "sco_granularity": "course"},
}
CONTENT = (
    "document.getElementById('sco').contentDocument"
    ".getElementById('lmsexport-scorm-frame').contentWindow"
)
"""The page shown in the launch page's frame, from the LMS page."""
HOST = "document.getElementById('sco').contentWindow.lmsexportScormHost"
HOLD_NEXT_ATTACH = f"""() => {{
  const host = {HOST};
  const attach = host.attach;
  host.held = [];
  host.attach = (win) => {{
    host.attach = attach;
    host.held.push(() => attach(win));
  }};
}}"""
"""Keep the next page that opens from attaching to the session until ``held[0]()``.

Under load a page's copy of the run-time can run after the page has rendered
and announced its end (the browser renders between deferred scripts); holding
the attachment makes that order certain.  Holding the script's request instead
is not reliable here: Chromium may take the run-time from its memory cache,
since the launch page loaded the same file."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Course, str]]:
    """The course and the URL of its single-SCO packages beside the LMS page."""
    course = load_course(ROOT)
    with serve(scorm_site(course, tmp_path_factory.mktemp("scorm-leaf-links"), CASES)) as url:
        yield course, url


@pytest.fixture
def course(site: tuple[Course, str]) -> Course:
    return site[0]


@pytest.fixture
def lms(site: tuple[Course, str]) -> Iterator[Any]:
    """A fresh browser on the LMS page; no uncaught exception in any frame."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1100, "height": 760})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{site[1]}lms.html")
        yield page
        assert errors == []


def _lesson(course: Course, slug: str) -> Lesson:
    return next(lesson for lesson in course.lessons if lesson.slug == slug)


def _click(frame: Any, link: str, ident: str) -> None:
    """Click a link in the lesson text and wait for the page it opens."""
    frame.locator(".lesson-body").get_by_role("link", name=link, exact=True).click()
    frame.locator(f"body[data-page-ident='{ident}']").wait_for()


def _attached(lms: Any, ident: str) -> None:
    """Wait until the page ``ident`` has attached to the session (it sets the bookmark)."""
    lms.wait_for_function(f"id => {SESSION}.location === id", arg=ident)


def _follow(lms: Any, frame: Any, link: str, ident: str) -> None:
    _click(frame, link, ident)
    _attached(lms, ident)


def _read(lms: Any, ident: str) -> None:
    """Wait until the run-time has the page ``ident`` read to its end."""
    lms.wait_for_function(f"id => ({SESSION}.state.p[id] || {{}}).d === 1", arg=ident)


def _status(version: str, cmi: dict[str, Any]) -> tuple[str, str]:
    """(completion, location) as the LMS recorded them."""
    if version == "1.2":
        return cmi["core"]["lesson_status"], cmi["core"]["lesson_location"]
    return cmi["completion_status"], cmi["location"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_scorm_single_sco_follows_links_between_lessons_and_keeps_tracking(
    lms: Any, course: Course, case: str
) -> None:
    version = VERSIONS[str(CASES[case]["target"])]
    power, testament = _lesson(course, "power"), _lesson(course, "testament")
    (quiz,) = course.quizzes

    lms.add_init_script(RECORD_EVENTS)
    frame = launch_single_sco(lms, version, case, None)
    frame.locator(f"body[data-page-ident='{power.ident}']").wait_for()
    frame.locator("#lmsexport-lesson-end").scroll_into_view_if_needed()
    _read(lms, power.ident)
    lms.evaluate(HOLD_NEXT_ATTACH)
    _click(frame, "the Testament", testament.ident)
    lms.wait_for_function(
        f"() => ({CONTENT}.__lmsexportEvents || []).some(e => e.name === 'lmsexport:lesson-end')"
    )
    assert lms.evaluate(f"{HOST}.held.length") == 1, "the page attached before its end showed"
    lms.evaluate(f"{HOST}.held[0]()")
    _attached(lms, testament.ident)
    expect(frame.locator("h1#the-text")).to_be_in_viewport()
    _read(lms, testament.ident)
    _follow(lms, frame, "the power struggle", power.ident)
    _follow(lms, frame, "check yourself", quiz.ident)
    first = leave(lms, version)
    assert _status(version, first) == ("incomplete", quiz.ident)
    if version == "2004":
        assert float(first["progress_measure"]) == pytest.approx(2 / 3, abs=1e-4)

    frame = launch_single_sco(lms, version, case, resume_data(version, first))
    frame.locator(f"body[data-page-ident='{quiz.ident}']").wait_for()
    for question in quiz.questions:
        answer(frame, question, right=True)
    frame.get_by_role("button", name="Check answers").click()
    frame.locator("#lmsexport-result").filter(has_text="point").wait_for()
    final = leave(lms, version)
    assert [i["id"] for i in interactions(final)] == [q.ident for q in quiz.questions]
    if version == "1.2":
        assert _status(version, final) == ("passed", quiz.ident)
        return
    assert _status(version, final) == ("completed", quiz.ident)
    assert final["success_status"] == "passed"
    assert float(final["progress_measure"]) == 1
