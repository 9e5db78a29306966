"""Page layout in headless Chromium: the pager, phone widths, and the points wording.

Measured on real rendering (bounding boxes, scroll widths), because the QA pass
found these faults only by looking: "Next" wrapping under "Previous" with long
titles, and points that the header and the score counted differently.

The sites are the ``html`` target's zip of the sample source course (long titles,
an essay worth 3 of 14 points, an essay-only quiz), the code-built sample course
(tables, maths, a cloze) and a small course written here to be hard to lay out
(a word longer than a phone is wide, a wide table, a wide image, a long code line).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FloatRect, Page

from browser import chromium, open_page, serve, unpack
from lmsexport.loaders.course import load_course
from lmsexport.packaging import zip_bytes
from lmsexport.render.site import render_site
from model_factory import sample_course

pytestmark = pytest.mark.browser

SAMPLE_SOURCE = Path(__file__).resolve().parent.parent / "source" / "stalins-soviet-union"
PHONE = (375, 740)
LAPTOP = (1280, 800)

LONG_WORD = "Rechtsschutzversicherungsgesellschaftenvorstandsvorsitzendenstellvertreter"
HARD_COURSE = {
    "course.yaml": f"""id: hard-layout
title: {LONG_WORD}
outline:
  - title: {LONG_WORD} unit
    children:
      - lesson: lessons/wide-lesson.md
      - quiz: quizzes/wide-quiz.yaml
""",
    "lessons/wide-lesson.md": f"""---
title: {LONG_WORD} and other wide things
---
# {LONG_WORD}

Read https://example.org/{LONG_WORD}/{LONG_WORD}/index.html before the table.

| {" | ".join(f"Column {n}" for n in range(1, 11))} |
|{"---|" * 10}
| {" | ".join(f"value-{n}-{LONG_WORD[:12]}" for n in range(1, 11))} |

![A picture far wider than a phone](../media/wide.svg)

```
print("{LONG_WORD * 2}")
```
""",
    "quizzes/wide-quiz.yaml": f"""title: Wide quiz
questions:
  - type: single_choice
    title: {LONG_WORD}
    prompt: Which is the {LONG_WORD}?
    choices:
      - text: The {LONG_WORD}
        correct: true
        feedback: Yes, the {LONG_WORD}.
      - text: Another one
  - type: essay
    prompt: Explain the {LONG_WORD}.
""",
    "media/wide.svg": """<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="200" viewBox="0 0 1600 200">
<title>Wide</title><rect width="1600" height="200" fill="#ccc"/></svg>
""",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


@pytest.fixture(scope="module")
def source_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("source-site")
    files = render_site(load_course(SAMPLE_SOURCE, []))
    with serve(unpack(zip_bytes(files), folder)) as url:
        yield url


def page_paths(base_url: str, browser: Browser) -> list[str]:
    """Every page the index links to, plus the index itself."""
    page, _ = open_page(browser, base_url, "index.html")
    links: list[str] = page.eval_on_selector_all(
        "[data-leaf-ident]", "(links) => links.map((a) => a.getAttribute('href'))"
    )
    page.context.close()
    return ["index.html", *links]


def box(page: Page, selector: str) -> FloatRect:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return found


# ---------- pager ----------


@pytest.mark.parametrize("path", ["lessons/lenins-testament.html", "quizzes/check.html"])
def test_html_pager_puts_previous_left_and_next_right_on_one_row_at_1280(
    browser: Browser, source_site: str, path: str
) -> None:
    page, log = open_page(browser, source_site, path, viewport=LAPTOP)
    previous, following = box(page, ".pager-previous a"), box(page, ".pager-next a")
    contents, pager = box(page, ".pager-contents a"), box(page, ".pager ul")
    assert previous["y"] == following["y"], "previous and next start on the same row"
    assert previous["x"] == pytest.approx(pager["x"], abs=1)
    assert previous["x"] + previous["width"] < following["x"]
    assert following["x"] + following["width"] == pytest.approx(pager["x"] + pager["width"], abs=1)
    assert contents["y"] >= max(
        previous["y"] + previous["height"], following["y"] + following["height"]
    )
    # The label sits above the title and on the same side as it.
    for side in (".pager-previous", ".pager-next"):
        label, title = box(page, f"{side} .pager-label"), box(page, f"{side} .pager-title")
        assert label["y"] + label["height"] <= title["y"] + 1, side
    label, title = box(page, ".pager-next .pager-label"), box(page, ".pager-next .pager-title")
    assert label["x"] + label["width"] == pytest.approx(title["x"] + title["width"], abs=2)
    assert page.locator(".pager-previous a").inner_text().startswith("Previous\n")
    assert page.locator(".pager-next a").inner_text().startswith("Next\n")
    assert log.problems() == []


def test_html_pager_keeps_next_on_the_right_on_the_first_page(
    browser: Browser, source_site: str
) -> None:
    page, log = open_page(browser, source_site, "lessons/succession-after-lenin.html")
    assert page.locator(".pager-previous").count() == 0
    following, pager = box(page, ".pager-next a"), box(page, ".pager ul")
    assert following["x"] > pager["x"] + pager["width"] / 2
    assert log.problems() == []


def test_html_pager_stacks_full_width_previous_then_next_on_a_phone(
    browser: Browser, source_site: str
) -> None:
    page, log = open_page(browser, source_site, "lessons/lenins-testament.html", viewport=PHONE)
    previous, following = box(page, ".pager-previous a"), box(page, ".pager-next a")
    pager = box(page, ".pager ul")
    assert following["y"] >= previous["y"] + previous["height"]
    assert previous["x"] == following["x"] == pytest.approx(pager["x"], abs=1)
    assert previous["width"] == following["width"] == pytest.approx(pager["width"], abs=1)
    assert page.locator(".pager-next .pager-label").inner_text().startswith("Next")
    assert log.problems() == []


# ---------- no page wider than a phone ----------


def overflow_at_phone_width(page: Page) -> list[str]:
    """Elements whose right edge passes the viewport, and the page's own sideways scroll."""
    found: list[str] = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const wide = [];
          if (document.documentElement.scrollWidth > width) {
            wide.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
          }
          for (const element of document.body.querySelectorAll('*')) {
            const scroller = element.parentElement.closest('pre, table, .math.block');
            const right = element.getBoundingClientRect().right;
            if (!scroller && element.getClientRects().length && right > width + 0.5) {
              wide.push(element.tagName + '.' + element.className + ' ends at ' + right);
            }
          }
          return wide;
        }"""
    )
    return found


def assert_every_page_fits_a_phone(browser: Browser, base_url: str) -> None:
    for path in page_paths(base_url, browser):
        page, log = open_page(browser, base_url, path, viewport=PHONE)
        assert overflow_at_phone_width(page) == [], path
        if path.startswith("quizzes/"):
            page.locator("button.check-answers").click()
            assert overflow_at_phone_width(page) == [], f"{path} after checking"
        page.context.close()
        assert log.problems() == [], path


def test_html_no_page_of_the_sample_source_course_is_wider_than_a_phone(
    browser: Browser, source_site: str
) -> None:
    assert_every_page_fits_a_phone(browser, source_site)


def test_html_no_page_of_the_code_sample_course_is_wider_than_a_phone(
    browser: Browser, tmp_path: Path
) -> None:
    files = render_site(sample_course(tmp_path / "source"))
    with serve(unpack(zip_bytes(files), tmp_path / "site")) as url:
        assert_every_page_fits_a_phone(browser, url)


def test_html_long_words_wide_tables_and_images_stay_inside_a_phone(
    browser: Browser, tmp_path: Path
) -> None:
    source = tmp_path / "hard"
    for name, text in HARD_COURSE.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    files = render_site(load_course(source, []))
    with serve(unpack(zip_bytes(files), tmp_path / "site")) as url:
        assert_every_page_fits_a_phone(browser, url)
        page, _ = open_page(browser, url, "lessons/wide-lesson.html", viewport=PHONE)
        table = page.locator(".lesson-body table")
        assert table.evaluate("(t) => t.scrollWidth > t.clientWidth"), "wide table scrolls itself"
        assert box(page, ".lesson-body img")["width"] <= PHONE[0]


# ---------- points: header and score say the same ----------


def test_html_quiz_header_and_score_split_automatic_and_teacher_points(
    browser: Browser, source_site: str
) -> None:
    page, log = open_page(browser, source_site, "quizzes/check.html")
    meta = page.locator(".quiz-meta").inner_text()
    assert "12 questions, 14 points" in meta
    assert "11 points marked automatically, 3 by your teacher" in meta
    page.get_by_label("People's Commissar for War").check()
    page.get_by_role("button", name="Check answers").click()
    assert page.locator("#lmsexport-result").inner_text() == (
        "Score: 1 of 11 points marked automatically (9%). "
        "Your teacher will mark the remaining 3 points. "
        "Not passed yet: the pass mark is 70%."
    )
    assert log.problems() == []


def test_html_essay_only_quiz_gives_no_score_and_no_verdict(
    browser: Browser, source_site: str
) -> None:
    page, log = open_page(browser, source_site, "quizzes/essay-trotsky.html")
    assert "Marked by your teacher, not automatically" in page.locator(".quiz-meta").inner_text()
    page.get_by_label("Your answer").fill("Trotsky underestimated Stalin.")
    page.get_by_role("button", name="Check answers").click()
    assert page.locator("#lmsexport-result").inner_text() == (
        "Your teacher will mark this quiz (20 points). No attempts left."
    )
    assert log.problems() == []
