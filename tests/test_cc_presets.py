"""What ``--lms generic|moodle|canvas`` changes in a cartridge, and that every preset stays valid CC 1.1.

Two courses: the factory sample (a top-level lesson before a unit, quizzes,
media, web links) and ``tests/roots/leaf-links`` (only top-level leaves, one
lesson linking to another and to a quiz).  Every cartridge is validated file
by file against the official CC 1.1 schemas and read back into an outline
that must equal the source once the preset's own folders are set aside.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from lmsexport.cli import main
from lmsexport.errors import Diagnostic
from lmsexport.loaders.course import load_course
from lmsexport.model import Course, Lesson, OutlineNode, Section
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import Artifact
from model_factory import sample_course
from test_cc_build import errors, render, schema_errors

LEAF_LINKS = Path(__file__).parent / "roots" / "leaf-links"
PRESETS = ("generic", "moodle", "canvas")
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
XHTML = "{http://www.w3.org/1999/xhtml}"
DISCUSSION = {"cc": {"discussion": {"title": "Feedback", "text": "Tell *us*."}}}


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry.discover()


@pytest.fixture(params=["factory", "leaf-links"])
def course(request: pytest.FixtureRequest, tmp_path: Path) -> Course:
    if request.param == "factory":
        return sample_course(tmp_path)
    return load_course(LEAF_LINKS)


def member(artifact: Artifact, path: str) -> etree._Element:
    return etree.fromstring(next(f.data for f in artifact.files if f.path == path), PARSER)


def top_items(artifact: Artifact) -> list[etree._Element]:
    """The children of the root item: what Moodle makes sections and Canvas modules."""
    manifest = member(artifact, "imsmanifest.xml")
    (root,) = manifest.find("{*}organizations/{*}organization").findall("{*}item")
    return root.findall("{*}item")


def shape(item: etree._Element) -> tuple[Any, ...]:
    """(title, launches a resource?, children) of an organization item."""
    children = [shape(child) for child in item.findall("{*}item")]
    return (item.findtext("{*}title"), item.get("identifierref") is not None, children)


def leaf_titles(node: OutlineNode) -> list[str]:
    """Titles of the items a top-level leaf becomes: the leaf, then its distinct web links."""
    if isinstance(node, Lesson):
        links = dict.fromkeys(link.url for link in node.links)
        return [node.title, *(next(k.title for k in node.links if k.url == u) for u in links)]
    return [node.title]


def expected_shape(node: OutlineNode) -> list[tuple[Any, ...]]:
    if isinstance(node, Section):
        return [(node.title, False, [s for child in node.children for s in expected_shape(child)])]
    return [(title, True, []) for title in leaf_titles(node)]


def link_warnings(found: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in found if d.code == "leaf-link-text"]


def body_links(page: etree._Element) -> list[str]:
    """Hrefs of the links in a lesson body, footnote links left out."""
    body = page.find(f".//{XHTML}div[@class='lesson-body']")
    assert body is not None
    return [
        link.get("href") or ""
        for link in body.iter(f"{XHTML}a")
        if not (link.get("href") or "").startswith("#")
    ]


@pytest.mark.parametrize("lms", PRESETS)
def test_cc_presets_every_file_is_valid_cc11_and_passes_the_checks(
    course: Course, registry: SchemaRegistry, lms: str
) -> None:
    artifact, found = render(course, registry, lms=lms)
    assert errors(found) == []
    assert schema_errors(artifact, registry) == []


@pytest.mark.parametrize("lms", ["generic", "moodle"])
def test_cc_presets_generic_and_moodle_start_with_section_zero_then_the_outline(
    course: Course, registry: SchemaRegistry, lms: str
) -> None:
    artifact, _ = render(course, registry, lms=lms)
    general, *rest = (shape(item) for item in top_items(artifact))
    assert general == (course.title, False, [])
    assert rest == [s for node in course.outline for s in expected_shape(node)]


def test_cc_presets_canvas_gives_each_top_level_leaf_a_module_and_drops_an_empty_section_zero(
    course: Course, registry: SchemaRegistry
) -> None:
    artifact, _ = render(course, registry, lms="canvas")
    expected = [
        expected_shape(node)[0]
        if isinstance(node, Section)
        else (node.title, False, expected_shape(node))
        for node in course.outline
    ]
    assert [shape(item) for item in top_items(artifact)] == expected
    folders = [item for item in top_items(artifact) if item.get("identifierref") is None]
    assert len(folders) == len(course.outline)


def test_cc_presets_canvas_keeps_section_zero_when_it_holds_the_discussion(
    course: Course, registry: SchemaRegistry
) -> None:
    course = replace(course, options=DISCUSSION)
    artifact, found = render(course, registry, lms="canvas")
    assert errors(found) == []
    first = shape(top_items(artifact)[0])
    assert first == (course.title, False, [("Feedback", True, [])])
    assert len(top_items(artifact)) == len(course.outline) + 1


def test_cc_presets_moodle_shows_links_between_lessons_as_text_and_names_each(
    registry: SchemaRegistry,
) -> None:
    course = load_course(LEAF_LINKS)
    generic, generic_found = render(course, registry, lms="generic")
    moodle, moodle_found = render(course, registry, lms="moodle")
    page = "lessons/power.html"
    assert "testament.html#the-text" in body_links(member(generic, page))
    assert body_links(member(moodle, page)) == []
    generic_targets = {d.message.split("'")[1] for d in link_warnings(generic_found)}
    moodle_targets = {d.message.split("'")[1] for d in link_warnings(moodle_found)}
    assert generic_targets == {"../quizzes/check.yaml"}
    assert moodle_targets > generic_targets
    assert any("testament.md" in target for target in moodle_targets)


def test_cc_presets_moodle_warns_that_it_cannot_restore_cc13(registry: SchemaRegistry) -> None:
    course = load_course(LEAF_LINKS)
    _, found = render(course, registry, lms="moodle", cc_version="1.3")
    assert any("Moodle restores Common Cartridge 1.0 and 1.1 only" in d.message for d in found)
    _, generic = render(course, registry, lms="generic", cc_version="1.3")
    assert not any("Moodle restores" in d.message for d in generic)


def test_cc_presets_unknown_lms_is_an_error(registry: SchemaRegistry) -> None:
    _, found = render(load_course(LEAF_LINKS), registry, lms="blackboard")
    assert any("unknown LMS preset 'blackboard'" in message for message in errors(found))


@pytest.mark.parametrize("lms", PRESETS)
def test_cc_presets_builds_are_byte_identical(
    course: Course, registry: SchemaRegistry, lms: str
) -> None:
    first, _ = render(course, registry, lms=lms)
    second, _ = render(course, registry, lms=lms)
    assert first.files == second.files


def test_cc_presets_cli_lms_canvas_reaches_the_cartridge(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = CliRunner().invoke(
        main,
        ["build", "-t", "cc", "--lms", "canvas", "-o", str(out), "--no-cache", str(LEAF_LINKS)],
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "leaf-links-cc.imscc") as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"), PARSER)
    (root,) = manifest.find("{*}organizations/{*}organization").findall("{*}item")
    titles = [item.findtext("{*}title") for item in root.findall("{*}item")]
    course = load_course(LEAF_LINKS)
    assert titles == [node.title for node in course.outline]
    assert all(item.get("identifierref") is None for item in root.findall("{*}item"))
