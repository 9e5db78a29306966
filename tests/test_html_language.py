"""Interface language: catalogues agree with English, pages and the page script speak the course's language."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import Browser

from browser import RECORD_EVENTS, chromium, open_page, recorded_events, serve, unpack
from lmsexport.errors import Diagnostic
from lmsexport.loaders.course import load_course
from lmsexport.model import Course
from lmsexport.packaging import zip_bytes
from lmsexport.render.messages import LANGUAGES, messages_for
from lmsexport.render.site import PageOptions, render_leaf_page, render_site
from model_factory import sample_course

XHTML = "{http://www.w3.org/1999/xhtml}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
PLACEHOLDER = re.compile(r"\{(\w+)\}")
MINIMAL = Path(__file__).parent / "roots" / "loader-minimal"


def catalogue(language: str) -> dict[str, dict[str, str]]:
    text = files("lmsexport.render").joinpath("messages", f"{language}.json").read_text("utf-8")
    data: dict[str, dict[str, str]] = json.loads(text)
    return data


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_html_catalogue_has_every_english_text_with_the_same_placeholders(language: str) -> None:
    english, other = catalogue("en"), catalogue(language)
    for part in ("page", "script"):
        assert other[part].keys() == english[part].keys(), part
        for key, text in english[part].items():
            expected = set(PLACEHOLDER.findall(text))
            assert set(PLACEHOLDER.findall(other[part][key])) == expected, f"{part}.{key}"


def test_html_counts_and_numbers_follow_the_language() -> None:
    english, french, german = messages_for("en-GB"), messages_for("fr-CA"), messages_for("de")
    assert [english.count("points", n) for n in (0, 1, 1.5)] == [
        "0 points",
        "1 point",
        "1.5 points",
    ]
    assert [french.count("points", n) for n in (0, 1, 1.5, 2)] == [
        "0 point",
        "1 point",
        "1,5 point",
        "2 points",
    ]
    assert german.count("points", 2.5) == "2,5 Punkte"
    assert messages_for("pt-BR") == english


@pytest.fixture
def french(tmp_path: Path) -> Course:
    return replace(sample_course(tmp_path), language="fr")


def texts(data: bytes) -> str:
    root = etree.fromstring(data, PARSER)
    return " ".join(etree.tostring(root, method="text", encoding="unicode").split())


def test_html_french_course_renders_french_labels(french: Course) -> None:
    check = next(quiz for quiz in french.quizzes if quiz.id == "check")
    page = texts(render_leaf_page(french, check, PageOptions()).data)
    for label in ("Vérifier les réponses", "Vrai", "Faux", "Trou 1", "Votre réponse", "(2 points)"):
        assert label in page, label
    assert "9 questions, 14 points" in page and "Seuil de réussite : 70 %" in page
    review = next(quiz for quiz in french.quizzes if quiz.id == "unit-review")
    assert "Temps imparti : 10 minutes" in texts(
        render_leaf_page(french, review, PageOptions()).data
    )
    index = next(f for f in render_site(french) if f.path == "index.html")
    assert "Commencer par Introduction" in texts(index.data)
    root = etree.fromstring(index.data, PARSER)
    assert root.get("lang") == "fr"


@pytest.mark.parametrize(
    ("language", "split", "label"),
    [
        ("en", "10 points marked automatically, 4 by your teacher", "Question"),
        ("fr", "10 points en correction automatique, 4 par votre enseignant", "Question"),
        ("de", "10 Punkte automatisch bewertet, 4 von Ihrer Lehrkraft", "Frage"),
        ("es", "10 puntos con corrección automática, 4 los corrige tu profesor", "Pregunta"),
    ],
)
def test_html_quiz_header_splits_points_and_numbers_questions_in_the_language(
    tmp_path: Path, language: str, split: str, label: str
) -> None:
    course = replace(sample_course(tmp_path), language=language)
    check = next(quiz for quiz in course.quizzes if quiz.id == "check")
    root = etree.fromstring(render_leaf_page(course, check, PageOptions()).data, PARSER)
    meta = [
        " ".join(etree.tostring(li, method="text", encoding="unicode", with_tail=False).split())
        for li in root.iter(f"{XHTML}li")
    ]
    assert split in meta
    numbers = [s for s in root.iter(f"{XHTML}span") if s.get("class") == "question-number"]
    assert len(numbers) == len(check.questions)
    assert {s.get("data-label") for s in numbers} == {label}


def test_loader_warns_once_for_a_language_without_interface_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINIMAL, tmp_path / "c")
    course_file = tmp_path / "c" / "course.yaml"
    source = course_file.read_text(encoding="utf-8")
    for tag, expected in (
        (
            "pt-BR",
            [
                "c/course.yaml:9:11: warning: no interface texts in language 'pt-BR': buttons and "
                "labels of the pages will be in English [language]\n    hint: interface "
                "languages: de, en, es, fr"
            ],
        ),
        ("fr-CA", []),
    ):
        course_file.write_text(source + f"language: {tag}\n", encoding="utf-8")
        warnings: list[Diagnostic] = []
        load_course(Path("c"), warnings)
        assert [w.format() for w in warnings] == expected


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


@pytest.mark.browser
def test_html_french_quiz_scores_and_reports_in_french(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    course = replace(sample_course(tmp_path_factory.mktemp("source")), language="fr")
    site = unpack(zip_bytes(render_site(course)), tmp_path_factory.mktemp("site"))
    with serve(site) as base_url:
        page, log = open_page(browser, base_url, "quizzes/unit-review.html", RECORD_EVENTS)
        page.get_by_label("Trotsky").check()
        page.get_by_label("Zinoviev").check()
        page.get_by_label("Votre réponse").fill("1928")
        page.get_by_role("button", name="Vérifier les réponses").click()
        detail = recorded_events(page, "lmsexport:quiz-submitted")[0]
        assert detail["scoreRaw"] == pytest.approx(5 / 3, abs=1e-4) and detail["passed"] is True
        assert page.locator("#lmsexport-result").inner_text() == (
            "Score\u00a0: 1,6667 sur 2 points (83\u00a0%). "
            "Réussi\u00a0: le seuil de réussite est de 80\u00a0%."
        )
        assert page.get_by_text(
            "Partiellement correct\u00a0: 0,6667 point sur 1 point."
        ).is_visible()
        page.goto(base_url + "index.html")
        assert page.locator("#lmsexport-progress-text").inner_text() == "1 sur 5 terminés"
        assert log.problems() == []
