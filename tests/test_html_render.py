"""Page rendering: golden pages, determinism, accessibility rules and the quiz data contract."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from markupsafe import Markup

from lmsexport.model import Cloze, Course, Matching, Ordering
from lmsexport.render.plaintext import plain_text
from lmsexport.render.questionview import cloze_parts, matching_options, ordering_display
from lmsexport.render.site import PageOptions, render_leaf_page, render_site
from lmsexport.targets.base import OutputFile
from model_factory import sample_course

GOLDEN = Path(__file__).parent / "golden" / "html"
XHTML = "{http://www.w3.org/1999/xhtml}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return sample_course(tmp_path)


def pages(files: list[OutputFile]) -> dict[str, bytes]:
    return {f.path: f.data for f in files if f.path.endswith(".html")}


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, PARSER)


def find_all(root: etree._Element, tag: str) -> list[etree._Element]:
    return list(root.iter(f"{XHTML}{tag}"))


def test_html_pages_match_golden_files(course: Course, update_golden: bool) -> None:
    rendered = pages(render_site(course))
    if update_golden:
        for path, data in rendered.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(data)
    golden = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.html")}
    assert golden == set(rendered), "pages added or removed: run pytest --update-golden"
    for path, data in rendered.items():
        assert data.decode() == (GOLDEN / path).read_text(encoding="utf-8"), path


def test_html_site_layout_and_bytes_do_not_depend_on_the_source_folder(tmp_path: Path) -> None:
    first = render_site(sample_course(tmp_path / "one"))
    second = render_site(sample_course(tmp_path / "two"))
    assert first == second
    assert [f.path for f in first] == [
        "assets/lmsexport.css",
        "assets/lmsexport.js",
        "index.html",
        "lessons/introduction.html",
        "lessons/power-struggle.html",
        "lessons/trotsky.html",
        "media/portrait.png",
        "media/timeline.svg",
        "quizzes/check.html",
        "quizzes/unit-review.html",
    ]


def test_html_every_control_has_a_visible_label_and_every_image_alt_text(course: Course) -> None:
    for path, data in pages(render_site(course)).items():
        root = parse(data)
        labelled = {label.get("for") for label in find_all(root, "label")}
        label_texts = {
            label.get("for"): "".join(label.itertext()).strip() for label in find_all(root, "label")
        }
        for tag in ("input", "select", "textarea", "progress"):
            for control in find_all(root, tag):
                assert control.get("id") in labelled, f"{path}: unlabelled {tag}"
                assert label_texts[control.get("id")], f"{path}: empty label for {tag}"
        for image in find_all(root, "img"):
            assert image.get("alt"), f"{path}: image without alt text"


def test_html_pages_are_csp_friendly_and_fetch_nothing_remote(course: Course) -> None:
    for path, data in pages(render_site(course)).items():
        root = parse(data)
        assert root.get("lang") == "en-GB"
        skip = find_all(root, "a")[0]
        assert skip.get("href") == "#main" and find_all(root, "main")[0].get("id") == "main"
        for element in root.iter():
            assert not [a for a in element.attrib if a.startswith("on")], f"{path}: inline handler"
            if element.tag == f"{XHTML}script":
                assert element.get("src") or element.get("type") == "application/json", path
            url = element.get("src") or (
                element.get("href") if element.tag != f"{XHTML}a" else None
            )
            if url is not None:
                assert "://" not in url and not url.startswith("//"), f"{path}: remote {url}"


def quiz_data(page: OutputFile) -> dict[str, object]:
    root = parse(page.data)
    script = next(s for s in find_all(root, "script") if s.get("id") == "lmsexport-quiz")
    data: dict[str, object] = json.loads(script.text or "")
    return data


def test_html_quiz_data_carries_correct_responses_in_the_documented_shape(course: Course) -> None:
    quiz = next(q for q in course.quizzes if q.id == "check")
    data = quiz_data(render_leaf_page(course, quiz, PageOptions()))
    assert data["ident"] == quiz.ident and data["passScore"] == 70.0
    questions = {q["type"]: q for q in data["questions"]}  # type: ignore[attr-defined]
    assert {t: q["correctResponse"] for t, q in questions.items()} == {
        "single_choice": ["a"],
        "multiple_response": ["a", "b"],
        "true_false": False,
        "short_answer": ["Country", "Land"],
        "numeric": {"low": 1924.0, "high": 1924.0},
        "essay": None,
        "matching": [["p1", "p1"], ["p2", "p2"], ["p3", "p3"]],
        "ordering": ["o1", "o2", "o3"],
        "cloze": {"exile": ["1929"], "country": ["Mexico"]},
    }
    assert questions["cloze"]["text"] == "Trotsky was exiled in ___ and killed in ___."
    assert questions["multiple_response"]["partialCredit"] is False
    assert [t for t, q in questions.items() if not q["autoScored"]] == ["essay"]
    assert questions["cloze"]["blankCaseSensitive"] == {"exile": False, "country": False}


def test_html_quiz_json_cannot_close_its_script_element(course: Course) -> None:
    quiz = next(q for q in course.quizzes if q.id == "check")
    hostile = replace(quiz, title="</script><b>&")
    page = render_leaf_page(course, hostile, PageOptions())
    assert b"</script><b>" not in page.data
    assert quiz_data(page)["title"] == "</script><b>&"


def test_html_navigation_none_drops_site_chrome_and_adds_run_time_scripts(course: Course) -> None:
    options = PageOptions(
        navigation="none",
        extra_scripts=("scorm/config.js", "scorm/runtime.js"),
        extra_head='<meta name="x-test" content="1" />',
    )
    lesson = course.lessons[1]
    root = parse(render_leaf_page(course, lesson, options).data)
    body = find_all(root, "body")[0]
    assert body.get("data-page-kind") == "lesson" and body.get("data-page-ident") == lesson.ident
    assert not find_all(root, "nav") and not find_all(root, "header")
    scripts = [s.get("src") for s in find_all(root, "script") if s.get("src")]
    assert scripts == ["../assets/lmsexport.js", "../scorm/config.js", "../scorm/runtime.js"]
    assert [m.get("name") for m in find_all(root, "meta")][-1] == "x-test"


def test_html_lesson_page_keeps_math_footnotes_tables_and_rebased_media(course: Course) -> None:
    lesson = next(leaf for leaf in course.lessons if leaf.id == "power-struggle")
    root = parse(render_leaf_page(course, lesson, PageOptions()).data)
    assert root.find(".//{http://www.w3.org/1998/Math/MathML}mfrac") is not None
    assert [i.get("src") for i in find_all(root, "img")] == ["../media/timeline.svg"]
    assert (
        find_all(root, "table") and root.find(f".//{XHTML}section[@class='footnotes']") is not None
    )
    assert find_all(root, "div")[-1].get("id") == "lmsexport-lesson-end"


def test_html_option_orders_are_stable_and_never_give_the_answer_away(course: Course) -> None:
    questions = {q.type: q for q in course.quizzes[0].questions}
    matching, ordering = questions["matching"], questions["ordering"]
    assert isinstance(matching, Matching) and isinstance(ordering, Ordering)
    assert [o.id for o in matching_options(matching)] == ["p1", "p3", "d1", "p2"]
    assert [i.id for i in ordering_display(ordering)] == ["o2", "o1", "o3"]
    in_order = replace(ordering, items=tuple(sorted(ordering.items, key=lambda i: i.text)))
    assert [i.id for i in ordering_display(in_order)] != [i.id for i in in_order.items]


def test_html_cloze_prompt_is_split_at_each_blank(course: Course) -> None:
    cloze = next(q for q in course.quizzes[0].questions if isinstance(q, Cloze))
    parts = cloze_parts(cloze, lambda text: Markup(plain_text(text)))
    assert [(p.blank.id if p.blank else None, p.number) for p in parts] == [
        ("exile", 1),
        ("country", 2),
        (None, 3),
    ]
    assert parts[1].html == " and killed in "


def test_html_plain_text_drops_markup() -> None:
    assert plain_text("A *bold* [link](x.html) and `code`\n\nTwo") == "A bold link and code Two"
