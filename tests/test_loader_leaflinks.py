"""Links from a lesson to other lessons and quizzes: accepted when the outline lists the file.

Each case is the minimal course plus a second lesson (not yet in the outline),
with one edit, and the exact report the CLI prints.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lmsexport.errors import Diagnostic, SourceError
from lmsexport.loaders.course import load_course

MINIMAL = Path(__file__).parent / "roots" / "loader-minimal"
TESTAMENT = """---
title: Lenin's Testament
---
# The text

Lenin asked that Stalin be removed.

## The text
"""
LISTED = "      - lesson: lessons/intro.md\n      - lesson: lessons/lenins-testament.md\n"


def course_with(tmp_path: Path, link: str, outline: str = LISTED) -> Path:
    """The minimal course whose intro lesson ends with ``link``; ``outline`` lists its lessons."""
    root = tmp_path / "c"
    shutil.copytree(MINIMAL, root)
    (root / "lessons" / "lenins-testament.md").write_text(TESTAMENT, encoding="utf-8")
    intro = root / "lessons" / "intro.md"
    intro.write_text(intro.read_text(encoding="utf-8") + f"\n{link}\n", encoding="utf-8")
    course = root / "course.yaml"
    text = course.read_text(encoding="utf-8")
    course.write_text(text.replace("      - lesson: lessons/intro.md\n", outline), encoding="utf-8")
    return Path("c")


def loaded(folder: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) as the CLI prints them."""
    warnings: list[Diagnostic] = []
    try:
        load_course(folder, warnings)
    except SourceError as caught:
        return [d.format() for d in caught.diagnostics], [w.format() for w in warnings]
    return [], [w.format() for w in warnings]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    "link",
    [
        "See [the Testament](lenins-testament.md#the-text).",
        "See [the second part](lenins-testament.md#the-text-1).",
        "See [the Testament](./lenins-testament.md) and [the check](../quizzes/check.yaml).",
        "See [this lesson](intro.md#introduction).",
        "See [the Testament](lenins%2Dtestament.md).",
    ],
)
def test_loader_accepts_links_to_leaves_in_the_outline(tmp_path: Path, link: str) -> None:
    assert loaded(course_with(tmp_path, link)) == ([], [])


def test_loader_rejects_a_link_to_a_lesson_missing_from_the_outline(tmp_path: Path) -> None:
    outline = "      - lesson: lessons/intro.md\n"
    folder = course_with(tmp_path, "See [the Testament](lenins-testament.md#the-text).", outline)
    assert loaded(folder) == (
        [
            "c/lessons/intro.md:11:21: error: link to 'lenins-testament.md', which is not "
            "in the course outline\n    hint: add `- lesson: lessons/lenins-testament.md` "
            "to the outline in course.yaml, or link to a file the outline lists"
        ],
        [
            "c/lessons/lenins-testament.md: warning: not in the outline of course.yaml, "
            "so no target includes it"
        ],
    )


def test_link_outside_the_outline_names_the_path_as_written(tmp_path: Path) -> None:
    folder = course_with(
        tmp_path, "Then [try this](../quizzes/other.yaml) and [this](../quizzes/missing.yaml)."
    )
    shutil.copy(folder / "quizzes" / "check.yaml", folder / "quizzes" / "other.yaml")
    assert loaded(folder)[0] == [
        "c/lessons/intro.md:11:17: error: link to '../quizzes/other.yaml', which is not in the "
        "course outline\n    hint: add `- quiz: quizzes/other.yaml` to the outline in "
        "course.yaml, or link to a file the outline lists",
        "c/lessons/intro.md:11:51: error: linked lesson or quiz '../quizzes/missing.yaml' not "
        "found",
    ]


def test_loader_rejects_a_link_to_a_missing_lesson_with_a_did_you_mean(tmp_path: Path) -> None:
    folder = course_with(tmp_path, "See [the Testament](lenins-testment.md).")
    assert loaded(folder) == (
        [
            "c/lessons/intro.md:11:21: error: linked lesson or quiz 'lenins-testment.md' not found"
            "\n    hint: did you mean `lenins-testament.md`?"
        ],
        [],
    )


def test_loader_warns_when_a_fragment_names_no_heading(tmp_path: Path) -> None:
    folder = course_with(tmp_path, "See [the Testament](lenins-testament.md#the-txt).")
    assert loaded(folder) == (
        [],
        [
            "c/lessons/intro.md:11:21: warning: 'lenins-testament.md' has no heading with "
            "the id 'the-txt'; the link opens the top of the page\n    hint: a heading's id is "
            "its text in lower case with '-' for spaces ('the-text'); that lesson has "
            "#the-text, #the-text-1"
        ],
    )


def test_loader_rejects_links_to_lessons_in_quiz_texts(tmp_path: Path) -> None:
    folder = course_with(tmp_path, "")
    quiz = tmp_path / "c" / "quizzes" / "check.yaml"
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(
        text.replace("Pick the right one.", "'Read [the lesson](../lessons/intro.md).'"),
        encoding="utf-8",
    )
    assert loaded(folder) == (
        [
            "c/quizzes/check.yaml:4:13: error: link to '../lessons/intro.md': quiz texts cannot "
            "link to lessons or quizzes [questions[0].prompt]\n    hint: questions also go to "
            "question banks, which have no pages to link to; name the lesson in the text instead"
        ],
        [],
    )
