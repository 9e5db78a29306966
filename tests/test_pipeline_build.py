"""End-to-end tests of the build pipeline and CLI on the sample course.

They check what a teacher or CI sees: files in ``dist/``, the build report,
exit codes, byte-identical rebuilds, and that a failed write never damages the
previous package.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmsexport import api, packaging
from lmsexport.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "source" / "stalins-soviet-union"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the sample course, safe to break."""
    folder = tmp_path / "source" / SAMPLE.name
    shutil.copytree(SAMPLE, folder)
    return folder


def test_build_html_writes_zip_and_report(sample: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    code, output = run("build", str(sample), "-o", str(dist), "-t", "html")
    assert code == 0, output
    package = dist / "stalins-soviet-union-html.zip"
    with zipfile.ZipFile(package) as archive:
        assert "index.html" in archive.namelist()
    report = json.loads((dist / "build-report.json").read_text())
    (course,) = report["courses"]
    assert course["ok"] is True and course["course"] == "stalins-soviet-union"
    (artifact,) = course["artifacts"]
    assert artifact["target"] == "html"
    assert artifact["sha256"] == hashlib.sha256(package.read_bytes()).hexdigest()
    assert artifact["size"] == package.stat().st_size


def test_every_target_builds_twice_byte_identical(sample: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    for dist in (first, second):
        result = api.build([sample], api.BuildOptions(output=dist))
        assert result.ok, [d.format() for c in result.courses for d in c.diagnostics]
    names = sorted(p.name for p in first.iterdir() if p.name != api.REPORT_NAME)
    assert names == sorted(p.name for p in second.iterdir() if p.name != api.REPORT_NAME)
    assert len(names) > 2
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_failed_write_keeps_previous_package(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = tmp_path / "dist"
    assert api.build([sample], api.BuildOptions(output=dist, targets=("html",))).ok
    package = dist / "stalins-soviet-union-html.zip"
    before = package.read_bytes()
    (sample / "lessons").joinpath("extra.md").write_text("---\ntitle: Extra\n---\nNew page.\n")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(packaging.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        api.build([sample], api.BuildOptions(output=dist, targets=("html",)))
    assert package.read_bytes() == before
    assert sorted(p.name for p in dist.iterdir()) == [
        "build-report.json",
        "stalins-soviet-union-html.zip",
    ]


def test_check_reports_three_planted_mistakes(sample: Path) -> None:
    course_yaml = sample / "course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace("pass_score:", "pass_scor:", 1))
    quiz = next((sample / "quizzes").glob("*.yaml"))
    quiz.write_text(quiz.read_text().replace("prompt:", "promt:", 1))
    lesson = next((sample / "lessons").glob("*.md"))
    lesson.write_text(lesson.read_text() + "\n![Missing](../media/does-not-exist.png)\n")
    code, output = run("check", str(sample))
    assert code == 2
    errors = [line for line in output.splitlines() if ": error: " in line]
    files = {line.split(":", 1)[0] for line in errors}
    assert {str(course_yaml), str(quiz), str(lesson)} <= files, output
    assert any("pass_scor" in line for line in errors)
    assert any("promt" in line for line in errors)
    assert any("does-not-exist.png" in line for line in errors)


def test_build_bad_source_exits_2_and_keeps_dist(sample: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert run("build", str(sample), "-o", str(dist), "-t", "html")[0] == 0
    package = dist / "stalins-soviet-union-html.zip"
    before = package.read_bytes()
    (sample / "course.yaml").write_text("id: [unclosed\n")
    code, output = run("build", str(sample), "-o", str(dist), "-t", "html")
    assert code == 2
    assert f"{sample / 'course.yaml'}:" in output
    assert package.read_bytes() == before


def test_missing_schemas_warn_and_strict_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LMSEXPORT_SCHEMAS", str(tmp_path / "nowhere"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    course = tmp_path / "fresh"
    assert run("new", str(course))[0] == 0
    code, output = run("build", str(course), "-o", str(tmp_path / "d1"), "-t", "scorm12")
    assert code == 0, output
    assert "warning:" in output and "schemas install" in output
    code, output = run(
        "build", str(course), "-o", str(tmp_path / "d2"), "-t", "scorm12", "--strict"
    )
    assert code == 1
    assert "error:" in output and "schemas install" in output


def test_strict_refuses_what_a_target_would_lose(sample: Path, tmp_path: Path) -> None:
    code, output = run("build", str(sample), "-o", str(tmp_path / "lax"), "-t", "aiken")
    assert code == 0
    assert "warning: aiken: question skipped" in output
    code, output = run("build", str(sample), "-o", str(tmp_path), "-t", "aiken", "--strict")
    assert code == 1
    assert "error: aiken: question skipped" in output
    assert not (tmp_path / "stalins-soviet-union-aiken.txt").exists()


def test_new_course_builds(tmp_path: Path) -> None:
    folder = tmp_path / "my-course"
    code, output = run("new", str(folder))
    assert code == 0, output
    code, output = run("build", str(folder), "-o", str(tmp_path / "dist"), "-t", "html")
    assert code == 0, output
    assert (tmp_path / "dist" / "my-course-html.zip").is_file()


def test_parallel_build_of_several_courses(sample: Path, tmp_path: Path) -> None:
    tree = sample.parent
    for index in range(3):
        copy = tree / f"copy-{index}"
        shutil.copytree(sample, copy)
        text = (copy / "course.yaml").read_text()
        (copy / "course.yaml").write_text(
            text.replace("id: stalins-soviet-union", f"id: copy-{index}", 1)
        )
    dist = tmp_path / "dist"
    code, output = run("build", str(tree), "-o", str(dist), "-t", "html", "--jobs", "2", "-v")
    assert code == 0, output
    built = sorted(p.name for p in dist.glob("*.zip"))
    assert built == [
        "copy-0-html.zip",
        "copy-1-html.zip",
        "copy-2-html.zip",
        "stalins-soviet-union-html.zip",
    ]
    assert output.count(": ok") == 4


def test_unknown_target_is_bad_input(sample: Path, tmp_path: Path) -> None:
    code, output = run("build", str(sample), "-o", str(tmp_path), "-t", "scorm13")
    assert code == 2
    assert "unknown target 'scorm13'" in output


def test_targets_lists_html() -> None:
    code, output = run("targets")
    assert code == 0
    assert any(line.startswith("html ") for line in output.splitlines())


def test_source_date_epoch_sets_zip_timestamps(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert api.build([sample], api.BuildOptions(output=tmp_path, targets=("html",))).ok
    with zipfile.ZipFile(tmp_path / "stalins-soviet-union-html.zip") as archive:
        stamps = {info.date_time for info in archive.infolist()}
        names = archive.namelist()
    assert stamps == {(2023, 11, 14, 22, 13, 20)}
    assert names == sorted(names)
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"


def test_cc13_is_reported_partial_not_valid(sample: Path, tmp_path: Path) -> None:
    options = api.BuildOptions(
        output=tmp_path, targets=("cc",), target_options={"cc_version": "1.3"}
    )
    result = api.build([sample], options)
    assert result.ok
    (artifact,) = result.courses[0].artifacts
    assert artifact.validation["status"] == "partial"
    assert any(d.code == "NOT-SCHEMA-CHECKED" for d in result.courses[0].diagnostics)


def test_verbosity_on_groups_and_check_summary(sample: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert run("build", str(sample), "-o", str(dist), "-t", "html")[0] == 0
    report = str(dist / "build-report.json")
    assert run("report", "-q", "merge", report, "-o", str(tmp_path / "m.json")) == (0, "")
    code, output = run("check", str(sample), "-t", "aiken")
    assert code == 0
    assert f"{sample}: ok, 11 warning(s)" in output
