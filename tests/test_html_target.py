"""The ``html`` target: registration, the zip it produces and its reference check."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from lmsexport.api import BuildOptions, build
from lmsexport.model import Course
from lmsexport.packaging import zip_bytes
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import BuildContext, OutputFile
from lmsexport.targets.html import HtmlTarget
from lmsexport.targets.registry import get_target
from model_factory import sample_course

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return sample_course(tmp_path)


@pytest.fixture
def ctx() -> BuildContext:
    return BuildContext(schemas=SchemaRegistry.discover())


def test_html_target_is_registered_and_needs_no_schemas() -> None:
    target = get_target("html")
    assert isinstance(target, HtmlTarget)
    assert target.schema_sets == ()


def test_html_target_renders_one_zip_named_after_the_course(
    course: Course, ctx: BuildContext
) -> None:
    target = HtmlTarget()
    assert list(target.check(course, ctx)) == []
    (artifact,) = target.render(course, ctx)
    assert artifact.filename == "soviet-union-sample-html.zip" and artifact.zipped
    with zipfile.ZipFile(io.BytesIO(zip_bytes(artifact.files))) as archive:
        names = archive.namelist()
        assert (
            archive.read("media/portrait.png") == (course.root / "media/portrait.png").read_bytes()
        )
    assert {"index.html", "lessons/power-struggle.html", "quizzes/check.html"} <= set(names)
    assert list(target.verify(artifact, ctx)) == []


def test_html_verify_reports_a_missing_media_file_and_a_broken_page(
    course: Course, ctx: BuildContext
) -> None:
    (artifact,) = HtmlTarget().render(course, ctx)
    kept = tuple(f for f in artifact.files if f.path != "media/timeline.svg")
    broken = replace(artifact, files=(*kept, OutputFile("extra.html", b"<html><p></html>")))
    problems = HtmlTarget().verify(broken, ctx)
    assert [d.code for d in problems] == ["html-parse", "broken-reference"]
    assert all(d.is_error for d in problems)
    assert problems[0].message.startswith("extra.html: page is not well-formed")
    assert problems[1].message == (
        "lessons/power-struggle.html: '../media/timeline.svg' points to 'media/timeline.svg',"
        " which is not in the package"
    )


def test_html_build_of_the_sample_source_writes_dist_zip(tmp_path: Path) -> None:
    result = build(
        [REPO / "source" / "stalins-soviet-union"],
        BuildOptions(output=tmp_path, targets=("html",)),
    )
    assert result.ok, [d.format() for c in result.courses for d in c.diagnostics]
    written = tmp_path / "stalins-soviet-union-html.zip"
    with zipfile.ZipFile(written) as archive:
        assert "index.html" in archive.namelist()


def test_escaped_references_resolve_to_members_with_spaces() -> None:
    from lmsexport.render.references import broken_references
    from lmsexport.targets.base import OutputFile

    page = OutputFile(
        "lessons/a.html",
        b'<html><body><img src="../media/my%20map.png" alt="Map"/>'
        b'<a href="../media/notes.pdf#page=2">notes</a><a href="../media/gone.pdf">x</a></body></html>',
    )
    files = [page, OutputFile("media/my map.png", b""), OutputFile("media/notes.pdf", b"")]
    problems = broken_references(files)
    assert [p.message for p in problems] == [
        "lessons/a.html: '../media/gone.pdf' points to 'media/gone.pdf', which is not in the package"
    ]
