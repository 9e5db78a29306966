"""Links between lessons and quizzes on the pages, per ``PageOptions.leaf_links``; footnote ids.

The course (``tests/roots/leaf-links``) has two lessons linking to each other and
to a quiz whose two prompts both use a footnote ``[^1]``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from lmsexport.loaders.course import load_course
from lmsexport.model import Course
from lmsexport.render.leaflinks import unlinked_warnings
from lmsexport.render.references import broken_references
from lmsexport.render.site import PageOptions, render_leaf_page, render_site

ROOT = Path(__file__).parent / "roots" / "leaf-links"
XHTML = "{http://www.w3.org/1999/xhtml}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(ROOT)


def body_links(course: Course, slug: str, options: PageOptions) -> list[tuple[str, str | None]]:
    """(text, href) of every link in the lesson body of ``slug``; href ``None`` for plain text."""
    lesson = next(leaf for leaf in course.lessons if leaf.slug == slug)
    root = etree.fromstring(render_leaf_page(course, lesson, options).data, PARSER)
    body = root.find(f".//{XHTML}div[@class='lesson-body']")
    assert body is not None
    return [
        (link.text or "", link.get("href"))
        for link in body.iter(f"{XHTML}a")
        if link.get("class") is None and not (link.get("href") or "").startswith("#")
    ]


def test_html_links_to_leaves_become_links_to_their_pages_with_fragments(course: Course) -> None:
    files = render_site(course)
    assert body_links(course, "power", PageOptions()) == [
        ("the Testament", "testament.html#the-text"),
        ("check yourself", "../quizzes/check.html"),
    ]
    assert body_links(course, "testament", PageOptions()) == [("the power struggle", "power.html")]
    testament = next(f for f in files if f.path == "lessons/testament.html")
    heading = etree.fromstring(testament.data, PARSER).find(f".//{XHTML}h1[@id='the-text']")
    assert heading is not None and heading.text == "The text"
    assert broken_references(files) == []


def test_html_links_to_pages_a_package_lacks_become_text_with_a_warning(course: Course) -> None:
    lessons_only = PageOptions(navigation="none", leaf_links="lessons")
    assert body_links(course, "power", lessons_only) == [
        ("the Testament", "testament.html#the-text")
    ]
    text_only = PageOptions(navigation="none", leaf_links="text")
    assert body_links(course, "power", text_only) == []
    assert [w.format() for w in unlinked_warnings(course, lessons_only, "cc")] == [
        f"{ROOT / 'lessons/power.md'}:7:63: warning: cc: the link to '../quizzes/check.yaml' is "
        "shown as plain text: this package cannot open that page from here\n    hint: learners "
        "reach it through the LMS's course outline; name it in the text so they know where to go"
    ]
    shown = [
        (w.pos.line, w.pos.column) for w in unlinked_warnings(course, text_only, "scorm12") if w.pos
    ]
    assert shown == [(7, 17), (7, 63), (6, 76)]
    assert unlinked_warnings(course, PageOptions(), "html") == []


def test_html_footnote_ids_are_unique_on_every_page(course: Course) -> None:
    for page in render_site(course):
        if not page.path.endswith(".html"):
            continue
        root = etree.fromstring(page.data, PARSER)
        ids = Counter(element.get("id") for element in root.iter() if element.get("id"))
        assert [name for name, count in ids.items() if count > 1] == [], page.path
    quiz = next(f for f in render_site(course) if f.path == "quizzes/check.html")
    assert b'href="#fn-f1-1"' in quiz.data and b'href="#fn-f2-1"' in quiz.data
