"""Manifest length limits: warned at the source position, shortened in the package.

A ~2000-character course title once passed ``check`` and then failed the build
with a raw ``maxLength`` schema message.  Every package built here is checked
against the official XSDs and the integrity rules (``build_checked``), so a
shortened value must still make a valid manifest.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from lmsexport.cli import main
from lmsexport.errors import Diagnostic, Severity
from lmsexport.loaders.course import load_course
from lmsexport.loaders.scaffold import scaffold_course
from lmsexport.model import Course, Lesson, Section
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import BuildContext
from lmsexport.targets.registry import get_target
from lmsexport.targets.scorm.limits import ELLIPSIS, TITLE_MAX, shorten
from scorm_support import build_checked, manifest_root, schema_registry

LONG_TITLE = " ".join(f"word{n}" for n in range(400))  # about 2,700 characters
LONG_VERSION = "2024-autumn-term-final-revision"
TARGETS = ("scorm12", "scorm2004")


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return schema_registry("scorm12", "scorm2004-4th")


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def long_course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """The starter course with every title (and the version) far over the limits."""
    folder = scaffold_course(tmp_path_factory.mktemp("limits") / "long", "long", LONG_TITLE)
    _replace_in(folder / "course.yaml", "version: 1.0.0", f"version: {LONG_VERSION}")
    _replace_in(folder / "course.yaml", "title: Getting started", f"title: Unit {LONG_TITLE}")
    _replace_in(folder / "lessons" / "welcome.md", "title: Welcome", f"title: L {LONG_TITLE}")
    _replace_in(
        folder / "quizzes" / "check.yaml",
        "title: Check your understanding",
        f"title: Q {LONG_TITLE}",
    )
    return load_course(folder)


def _check(course: Course, target: str, **options: object) -> list[Diagnostic]:
    ctx = BuildContext(schemas=SchemaRegistry.discover(), options=options)
    return list(get_target(target).check(course, ctx))


def _titles(root: etree._Element) -> list[str]:
    """The manifest's own titles (not the LOM record's)."""
    return [str(e.text) for e in root.iter(f"{{{etree.QName(root).namespace}}}title")]


def test_scorm_shorten_cuts_at_a_character_boundary_with_an_ellipsis() -> None:
    assert shorten("short", 10) == "short"
    assert shorten("x" * 10, 10) == "x" * 10
    assert shorten("abcd efghij", 6) == "abcd" + ELLIPSIS
    # e + COMBINING ACUTE: the accent never loses its letter.
    assert shorten("abcde\u0301fgh", 6) == "abcd" + ELLIPSIS
    # A family emoji joined by ZWJ is one character to the reader: all of it goes.
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert shorten("ab" + family + "cdef", 5) == "ab" + ELLIPSIS
    assert shorten("ab\u2764\ufe0fcdef", 4) == "ab" + ELLIPSIS


@pytest.mark.parametrize("target", TARGETS)
def test_scorm_long_titles_warn_at_their_source_and_are_shortened(
    long_course: Course, registry: SchemaRegistry, target: str
) -> None:
    found = _check(long_course, target)
    assert {d.severity for d in found} == {Severity.WARNING}
    assert all(d.code == "SCORM-VALUE-LENGTH" and d.hint for d in found)
    by_field = {(d.field, d.pos) for d in found}
    section = long_course.outline[0]
    lesson, quiz = long_course.leaves
    expected = {("title", n.pos) for n in (long_course, section, lesson, quiz)}
    if target == "scorm12":
        expected.add(("version", long_course.pos))
    assert by_field == expected
    assert all(d.pos is not None and d.pos.line > 0 for d in found)

    root = manifest_root(build_checked(long_course, target, registry))
    titles = _titles(root)
    assert len(titles) == 4
    assert all(len(t) <= TITLE_MAX and t.endswith(ELLIPSIS) for t in titles)
    assert titles[0] == shorten(LONG_TITLE, TITLE_MAX)
    assert titles[2].startswith("L word0 word1")
    version = root.get("version")
    assert version == (LONG_VERSION if target == "scorm2004" else "2024-autumn-term-fi" + ELLIPSIS)


@pytest.mark.parametrize("target", TARGETS)
def test_scorm_single_sco_limits_only_the_course_title(
    long_course: Course, registry: SchemaRegistry, target: str
) -> None:
    found = _check(long_course, target, sco_granularity="course")
    assert {d.field for d in found} == ({"title", "version"} if target == "scorm12" else {"title"})
    assert all(d.pos == long_course.pos for d in found)
    artifact = build_checked(long_course, target, registry, sco_granularity="course")
    assert all(len(t) <= TITLE_MAX for t in _titles(manifest_root(artifact)))


@pytest.mark.parametrize("target", TARGETS)
def test_scorm_long_titles_are_errors_with_strict(long_course: Course, target: str) -> None:
    found = _check(long_course, target, strict=True)
    assert found and all(d.is_error for d in found)


def test_scorm12_media_path_over_the_href_limit_is_an_error(long_course: Course) -> None:
    lesson = long_course.leaves[0]
    assert isinstance(lesson, Lesson)
    media = dataclasses.replace(lesson.media[0], href="media/" + "\u00e9" * 400 + ".svg")
    deep = dataclasses.replace(lesson, title="Welcome", media=(media,))
    section = long_course.outline[0]
    assert isinstance(section, Section)
    short = dataclasses.replace(section, title="Unit", children=(deep,))
    course = dataclasses.replace(long_course, title="Short", version="1.0", outline=(short,))
    (problem,) = _check(course, "scorm12")
    assert problem.is_error and problem.field == "media" and problem.pos == lesson.pos
    assert "2410 characters" in problem.message
    assert _check(course, "scorm2004") == []


def test_scorm_build_of_a_long_title_succeeds_with_positioned_warnings(tmp_path: Path) -> None:
    """The QA report's case end to end: exit 0, warnings with file:line and a hint."""
    folder = scaffold_course(tmp_path / "course", "long", LONG_TITLE)
    result = CliRunner().invoke(
        main, ["build", str(folder), "-t", "scorm12", "-o", str(tmp_path / "dist")]
    )
    assert result.exit_code == 0, result.output
    assert "maxLength" not in result.output
    assert f"{folder / 'course.yaml'}:" in result.output
    assert "hint: shorten `title` in course.yaml" in result.output
    assert (tmp_path / "dist" / "long-scorm12.zip").is_file()
