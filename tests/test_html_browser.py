"""The html site in headless Chromium: quiz scoring, page events, state restore, no network.

Timed quizzes run under Playwright's clock, installed and paused before the quiz
page loads, so minutes pass in an instant and every reading of the countdown is exact.

The site is the ``html`` target's zip of the sample course, unpacked and served
on 127.0.0.1; answers are given through the visible labels, as a learner would.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from browser import RECORD_EVENTS, chromium, open_page, recorded_events, serve, unpack
from lmsexport.loaders.course import load_course
from lmsexport.model import Course
from lmsexport.packaging import zip_bytes
from lmsexport.render.site import render_site
from lmsexport.targets.base import OutputFile
from model_factory import sample_course

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return sample_course(tmp_path_factory.mktemp("source"))


@pytest.fixture(scope="module")
def base_url(course: Course, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = unpack(zip_bytes(render_site(course)), tmp_path_factory.mktemp("site"))
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


def question(page: Page, course: Course, question_id: str) -> Locator:
    quiz = next(q for q in course.quizzes if q.id == "check")
    ident = next(q.ident for q in quiz.questions if q.id == question_id)
    return page.locator(f"[id='{ident}']")


def answer_correctly(page: Page, course: Course) -> None:
    question(page, course, "troika").get_by_label("Kamenev and Zinoviev").check()
    advantages = question(page, course, "advantages")
    advantages.get_by_label("His post as General Secretary").check()
    advantages.get_by_label("Control over party appointments").check()
    question(page, course, "funeral").get_by_label("False").check()
    question(page, course, "policy").get_by_label("Your answer").fill("  country ")
    question(page, course, "death-year").get_by_label("Your answer").fill("1924")
    question(page, course, "why-stalin").get_by_label("Your answer").fill("He ran the party.")
    people = question(page, course, "people")
    people.get_by_label("Trotsky").select_option(label="Founder of the Red Army")
    people.get_by_label("Bukharin").select_option(label="Leader of the party's right wing")
    people.get_by_label("Stalin").select_option(label="General Secretary from 1922")
    sequence = question(page, course, "sequence")
    sequence.get_by_label("Stalin becomes General Secretary").select_option("1")
    sequence.get_by_label("Lenin dies").select_option("2")
    sequence.get_by_label("Trotsky is expelled from the party").select_option("3")
    gaps = question(page, course, "gaps")
    gaps.get_by_label("Blank 1").fill("1929")
    gaps.get_by_label("Blank 2").fill("mexico")


def submit(page: Page) -> dict[str, Any]:
    page.get_by_role("button", name="Check answers").click()
    submitted = recorded_events(page, "lmsexport:quiz-submitted")
    assert len(submitted) == 1
    detail: dict[str, Any] = submitted[0]
    return detail


def test_html_quiz_correct_answers_score_full_marks(
    browser: Browser, base_url: str, course: Course
) -> None:
    page, log = open_page(browser, base_url, "quizzes/check.html", RECORD_EVENTS)
    answer_correctly(page, course)
    detail = submit(page)
    assert (detail["scoreRaw"], detail["scoreMax"], detail["passed"]) == (10, 10, True)
    by_type = {q["type"]: q for q in detail["questions"]}
    assert {t: q["correct"] for t, q in by_type.items()} == {
        "single_choice": True,
        "multiple_response": True,
        "true_false": True,
        "short_answer": True,
        "numeric": True,
        "essay": None,
        "matching": True,
        "ordering": True,
        "cloze": True,
    }
    assert {t: q["response"] for t, q in by_type.items()} == {
        "single_choice": ["a"],
        "multiple_response": ["a", "b"],
        "true_false": False,
        "short_answer": "country",
        "numeric": 1924,
        "essay": "He ran the party.",
        "matching": [["p1", "p1"], ["p2", "p2"], ["p3", "p3"]],
        "ordering": ["o1", "o2", "o3"],
        "cloze": {"exile": "1929", "country": "mexico"},
    }
    assert all(q["latencyMs"] > 0 for q in detail["questions"])
    assert page.locator("#lmsexport-result").inner_text().startswith("Score: 10 of 10 points")
    assert question(page, course, "troika").get_by_text("Well done.").is_visible()
    changed = {d["ident"] for d in recorded_events(page, "lmsexport:answer-changed")}
    assert changed == {q["ident"] for q in detail["questions"]}
    assert log.problems() == []


def test_html_quiz_wrong_answers_do_not_pass(
    browser: Browser, base_url: str, course: Course
) -> None:
    page, log = open_page(browser, base_url, "quizzes/check.html", RECORD_EVENTS)
    question(page, course, "troika").get_by_label("Bukharin and Rykov").check()
    question(page, course, "funeral").get_by_label("True").check()
    people = question(page, course, "people")
    people.get_by_label("Trotsky").select_option(label="Founder of the Red Army")
    people.get_by_label("Bukharin").select_option(label="Head of the Cheka")
    detail = submit(page)
    assert detail["passed"] is False and detail["scoreMax"] == 10
    matching = next(q for q in detail["questions"] if q["type"] == "matching")
    assert matching["earned"] == pytest.approx(1 / 3, abs=1e-4) and matching["correct"] is False
    assert detail["scoreRaw"] == pytest.approx(1 / 3, abs=1e-4)
    troika = question(page, course, "troika")
    assert troika.get_by_text("They allied with Stalin later.").is_visible()
    assert troika.get_by_text("Incorrect: 0 points of 1 point.").is_visible()
    assert log.problems() == []


def test_html_quiz_state_restores_answers_and_result_without_resubmitting(
    browser: Browser, base_url: str, course: Course
) -> None:
    page, _ = open_page(browser, base_url, "quizzes/check.html", RECORD_EVENTS)
    answer_correctly(page, course)
    submit(page)
    state = page.evaluate("window.lmsexport.getQuizState()")
    assert state["submitted"] is True and state["attempts"] == 1

    fresh, log = open_page(browser, base_url, "quizzes/check.html", RECORD_EVENTS)
    fresh.evaluate("(state) => window.lmsexport.restoreQuizState(state)", state)
    assert fresh.locator("#lmsexport-result").inner_text().startswith("Score: 10 of 10 points")
    assert question(fresh, course, "gaps").get_by_label("Blank 2").input_value() == "mexico"
    assert fresh.evaluate("window.lmsexport.getQuizState()") == state
    assert recorded_events(fresh, "lmsexport:quiz-submitted") == []
    assert log.problems() == []


def test_html_attempt_limit_locks_the_quiz(browser: Browser, base_url: str) -> None:
    page, log = open_page(browser, base_url, "quizzes/unit-review.html", RECORD_EVENTS)
    page.get_by_label("Trotsky").check()
    page.get_by_label("Bukharin").check()
    first = submit(page)
    assert first["questions"][0]["earned"] == 0 and first["passed"] is False
    page.get_by_label("Bukharin").uncheck()
    page.get_by_label("Zinoviev").check()
    page.get_by_label("Your answer").fill("1928")
    page.get_by_role("button", name="Check answers").click()
    second = recorded_events(page, "lmsexport:quiz-submitted")[-1]
    assert second["questions"][0]["earned"] == pytest.approx(2 / 3, abs=1e-4)
    assert page.get_by_role("button", name="Check answers").is_disabled()
    assert "No attempts left." in page.locator("#lmsexport-result").inner_text()
    assert log.problems() == []


def test_html_lesson_end_event_and_index_progress(
    browser: Browser, base_url: str, course: Course
) -> None:
    page, log = open_page(browser, base_url, "index.html", RECORD_EVENTS)
    assert page.locator("#lmsexport-progress-text").inner_text() == "0 of 5 completed"
    page.get_by_role("link", name="Start with Introduction").click()
    page.wait_for_function("window.__lmsexportEvents.length > 0")
    assert recorded_events(page, "lmsexport:lesson-end") == [{"ident": course.leaves[0].ident}]
    page.get_by_role("link", name="Contents").last.click()
    expect(page.locator("#lmsexport-progress-text")).to_have_text("1 of 5 completed")
    expect(page.locator(f"[data-status-for='{course.leaves[0].ident}']")).to_have_text("Completed")
    assert log.problems() == []


def assert_pages_open_cleanly(browser: Browser, base_url: str, files: list[OutputFile]) -> None:
    """Open every page: scripts run, no console error, no request leaves the site."""
    for path in sorted(f.path for f in files if f.path.endswith(".html")):
        page, log = open_page(browser, base_url, path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.lmsexport.getQuizState") == "function", path
        page.context.close()
        assert log.problems() == [], path


def test_html_every_page_opens_without_errors_or_outside_requests(
    browser: Browser, base_url: str, course: Course
) -> None:
    assert_pages_open_cleanly(browser, base_url, render_site(course))


def test_html_long_lesson_fires_lesson_end_once_when_its_end_is_seen(
    browser: Browser, base_url: str
) -> None:
    page, log = open_page(
        browser, base_url, "lessons/power-struggle.html", RECORD_EVENTS, viewport=(360, 240)
    )
    page.wait_for_timeout(300)
    assert recorded_events(page, "lmsexport:lesson-end") == []
    page.locator("#lmsexport-lesson-end").scroll_into_view_if_needed()
    page.wait_for_function("window.__lmsexportEvents.length > 0")
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("#lmsexport-lesson-end").scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    assert len(recorded_events(page, "lmsexport:lesson-end")) == 1
    assert log.problems() == []


def test_html_sample_source_site_opens_without_errors_or_outside_requests(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    source = Path(__file__).resolve().parent.parent / "source" / "stalins-soviet-union"
    files = render_site(load_course(source, []))
    site = unpack(zip_bytes(files), tmp_path_factory.mktemp("sample-site"))
    with serve(site) as url:
        assert_pages_open_cleanly(browser, url, files)


# ---------- quiz time limit (fake clock) and display maths ----------

TIMED_QUIZ = "quizzes/unit-review.html"
START = datetime(2024, 9, 2, 9, 0, tzinfo=UTC)


def timed_page(browser: Browser, base_url: str, at: datetime = START) -> Page:
    """The quiz page with the clock paused at ``at`` from before its scripts run."""
    page, log = open_page(browser, base_url, "index.html", RECORD_EVENTS)
    # The installed clock runs until paused, so it starts a little before ``at``.
    page.clock.install(time=at - timedelta(seconds=5))
    page.clock.pause_at(at)
    page.goto(base_url + TIMED_QUIZ)
    assert log.problems() == []
    return page


def clock(page: Page) -> str:
    return page.get_by_role("timer").inner_text()


def alert(page: Page) -> str:
    return page.locator("#lmsexport-timer-alert").inner_text()


def test_html_timer_counts_down_announces_and_checks_answers_at_zero(
    browser: Browser, base_url: str
) -> None:
    page = timed_page(browser, base_url)
    assert clock(page) == "10:00" and alert(page) == ""
    assert page.locator("#lmsexport-timer-alert").get_attribute("aria-live") == "assertive"
    page.get_by_label("Trotsky").check()
    page.clock.run_for("04:59")
    assert (clock(page), alert(page)) == ("5:01", "")
    page.clock.run_for("00:01")
    assert (clock(page), alert(page)) == ("5:00", "5 minutes left")
    page.clock.run_for("04:00")
    assert (clock(page), alert(page)) == ("1:00", "1 minute left")
    assert recorded_events(page, "lmsexport:quiz-submitted") == []
    page.clock.run_for("01:00")
    submitted: list[dict[str, Any]] = recorded_events(page, "lmsexport:quiz-submitted")
    assert len(submitted) == 1 and submitted[0]["questions"][0]["response"] == ["a"]
    assert (clock(page), alert(page)) == ("0:00", "Time is up: your answers have been checked.")
    expect(page.get_by_role("button", name="Check answers")).to_be_disabled()
    expect(page.get_by_label("Zinoviev")).to_be_disabled()
    page.clock.run_for("01:00")
    assert len(recorded_events(page, "lmsexport:quiz-submitted")) == 1


def test_html_timer_deadline_survives_get_and_restore_quiz_state(
    browser: Browser, base_url: str
) -> None:
    first = timed_page(browser, base_url)
    first.get_by_label("Trotsky").check()
    first.clock.run_for("03:00")
    state = first.evaluate("window.lmsexport.getQuizState()")
    assert state["deadline"] == (START + timedelta(minutes=10)).timestamp() * 1000

    later = timed_page(browser, base_url, START + timedelta(minutes=8))
    assert clock(later) == "10:00"
    later.evaluate("(state) => window.lmsexport.restoreQuizState(state)", state)
    assert clock(later) == "2:00" and later.get_by_label("Trotsky").is_checked()
    assert later.evaluate("window.lmsexport.getQuizState()") == state
    later.clock.run_for("02:00")
    assert len(recorded_events(later, "lmsexport:quiz-submitted")) == 1

    too_late = timed_page(browser, base_url, START + timedelta(minutes=11))
    too_late.evaluate("(state) => window.lmsexport.restoreQuizState(state)", state)
    submitted = recorded_events(too_late, "lmsexport:quiz-submitted")
    assert len(submitted) == 1 and submitted[0]["questions"][0]["response"] == ["a"]
    assert clock(too_late) == "0:00"
    expect(too_late.get_by_role("button", name="Check answers")).to_be_disabled()


def test_html_untimed_quiz_has_no_timer_and_no_deadline(browser: Browser, base_url: str) -> None:
    page, log = open_page(browser, base_url, "quizzes/check.html")
    assert page.get_by_role("timer").count() == 0
    assert "deadline" not in page.evaluate("window.lmsexport.getQuizState()")
    assert log.problems() == []


@pytest.mark.parametrize("width", [1280, 360])
def test_html_display_math_has_no_scroll_box_overflow(
    browser: Browser, base_url: str, width: int
) -> None:
    page, log = open_page(browser, base_url, "lessons/power-struggle.html", viewport=(width, 720))
    boxes = page.evaluate(
        """Array.from(document.querySelectorAll('.math.block'), (box) =>
             [box.scrollWidth - box.clientWidth, box.scrollHeight - box.clientHeight])"""
    )
    assert boxes == [[0, 0]]
    assert log.problems() == []
