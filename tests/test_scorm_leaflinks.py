"""Links between lessons in SCORM packages of ``tests/roots/leaf-links``, in both granularities.

The course has two lessons linking to each other (one link with a fragment)
and to a quiz.  With one SCO per leaf the LMS launches every page on its own,
so the links become text and ``check`` names each at its line; in the single
SCO they stay links between the pages of the one SCO, and the package check
follows them.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from lmsexport import api
from lmsexport.loaders.course import load_course
from lmsexport.model import Course
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import BuildContext
from lmsexport.targets.registry import get_target
from scorm_support import schema_registry

ROOT = Path(__file__).parent / "roots" / "leaf-links"
XHTML = "{http://www.w3.org/1999/xhtml}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
TARGETS = ("scorm12", "scorm2004")
LINKS_IN_POWER = [
    ("the Testament", "testament.html#the-text"),
    ("check yourself", "../quizzes/check.html"),
]


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(ROOT)


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return schema_registry("scorm12", "scorm2004-4th")


def body_links(page: bytes) -> list[tuple[str, str | None]]:
    """(text, href) of the links in a lesson body, footnote links left out."""
    body = etree.fromstring(page, PARSER).find(f".//{XHTML}div[@class='lesson-body']")
    assert body is not None
    return [
        ("".join(str(text) for text in link.itertext()), link.get("href"))
        for link in body.iter(f"{XHTML}a")
        if not (link.get("href") or "").startswith("#")
    ]


@pytest.mark.parametrize("granularity", ["leaf", "course"])
@pytest.mark.parametrize("target", TARGETS)
def test_scorm_leaf_links_course_builds_valid_in_both_granularities(
    tmp_path: Path, target: str, granularity: str
) -> None:
    options = api.BuildOptions(
        output=tmp_path, targets=(target,), target_options={"sco_granularity": granularity}
    )
    result = api.build([ROOT], options)
    (built,) = result.courses
    assert result.ok, [d.format() for d in built.diagnostics]
    assert [d.format() for d in built.diagnostics if d.is_error] == []
    (record,) = built.artifacts
    assert record.validation["status"] == "valid", record.validation
    with zipfile.ZipFile(io.BytesIO((tmp_path / record.path).read_bytes())) as package:
        power = package.read("lessons/power.html")
        testament = package.read("lessons/testament.html")
    if granularity == "course":
        assert body_links(power) == LINKS_IN_POWER
        assert body_links(testament) == [("the power struggle", "power.html")]
    else:
        assert body_links(power) == []
        assert body_links(testament) == []
        assert b"the Testament" in power and b"check yourself" in power


@pytest.mark.parametrize("target", TARGETS)
def test_scorm_one_sco_per_leaf_warns_for_each_link_at_its_line(
    course: Course, registry: SchemaRegistry, target: str
) -> None:
    ctx = BuildContext(schemas=registry, options={"sco_granularity": "leaf"})
    warnings = [d for d in get_target(target).check(course, ctx) if d.code == "leaf-link-text"]
    power, testament = ROOT / "lessons" / "power.md", ROOT / "lessons" / "testament.md"
    assert [(w.pos.file, w.pos.line, w.pos.column) for w in warnings if w.pos] == [
        (power, 7, 17),
        (power, 7, 63),
        (testament, 6, 76),
    ]
    assert all(not w.is_error for w in warnings)
    assert (
        warnings[0]
        .format()
        .startswith(
            f"{power}:7:17: warning: {target}: the link to 'testament.md#the-text' is shown as "
            "plain text"
        )
    )
    single = BuildContext(schemas=registry, options={"sco_granularity": "course"})
    assert [d for d in get_target(target).check(course, single) if d.code == "leaf-link-text"] == []


@pytest.mark.parametrize("target", TARGETS)
def test_scorm_single_sco_check_follows_links_to_the_pages_they_name(
    course: Course, registry: SchemaRegistry, target: str
) -> None:
    ctx = BuildContext(schemas=registry, options={"sco_granularity": "course"})
    (artifact,) = get_target(target).render(course, ctx)
    assert list(get_target(target).verify(artifact, ctx)) == []
    without = dataclasses.replace(
        artifact, files=tuple(f for f in artifact.files if f.path != "lessons/testament.html")
    )
    problems = [d.format() for d in get_target(target).verify(without, ctx)]
    assert any(
        "lessons/power.html: 'testament.html#the-text' points to 'lessons/testament.html', "
        "which is not in the package" in text
        for text in problems
    ), problems
