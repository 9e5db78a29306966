"""Finding course folders in the paths a user names."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmsexport.errors import SourceError
from lmsexport.loaders.discover import discover_courses


def make_course(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "course.yaml").write_text("id: x\n", encoding="utf-8")
    return folder


def test_finds_courses_at_any_depth_sorted_and_not_inside_courses(tmp_path: Path) -> None:
    b = make_course(tmp_path / "src" / "b")
    a = make_course(tmp_path / "src" / "deep" / "er" / "a")
    make_course(b / "inner")  # belongs to course b, not a course of its own
    make_course(tmp_path / "src" / ".hidden" / "c")
    assert discover_courses([tmp_path / "src"]) == [b, a]  # "b" sorts before "deep"


def test_accepts_course_folder_and_course_yaml_once_each(tmp_path: Path) -> None:
    course = make_course(tmp_path / "one")
    assert discover_courses([course, course / "course.yaml", tmp_path]) == [course]


def test_paths_without_course_are_all_named(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError) as caught:
        discover_courses([tmp_path / "missing", tmp_path / "empty"])
    assert [d.format() for d in caught.value.diagnostics] == [
        f"{tmp_path}/missing: error: no such file or folder",
        f"{tmp_path}/empty: error: no course found (a course is a folder holding course.yaml)\n"
        "    hint: create one with `lmsexport new FOLDER`",
    ]
