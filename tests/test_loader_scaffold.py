"""``lmsexport new``: the starter course loads cleanly and nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lmsexport.cli import main
from lmsexport.errors import Diagnostic, SourceError
from lmsexport.loaders.course import load_course
from lmsexport.loaders.scaffold import scaffold_course
from lmsexport.model import Lesson, Quiz
from lmsexport.model.ids import slugify


def test_scaffold_loads_without_diagnostics(tmp_path: Path) -> None:
    folder = scaffold_course(tmp_path / "ancient-rome")
    warnings: list[Diagnostic] = []
    course = load_course(folder, warnings)
    assert warnings == []
    assert (course.id, course.title) == ("ancient-rome", "Ancient rome")
    lesson, quiz = course.leaves
    assert isinstance(lesson, Lesson) and isinstance(quiz, Quiz)
    assert [m.href for m in course.media] == ["media/diagram.svg"]
    assert [q.type for q in quiz.questions] == ["single_choice", "true_false"]


def test_scaffold_id_and_title_are_quoted_safely(tmp_path: Path) -> None:
    folder = scaffold_course(tmp_path / "x", "rome-101", 'Rome: "the city" # 1')
    course = load_course(folder)
    assert (course.id, course.title) == ("rome-101", 'Rome: "the city" # 1')


def test_scaffold_refuses_to_overwrite(tmp_path: Path) -> None:
    folder = scaffold_course(tmp_path / "c")
    (folder / "course.yaml").write_text("id: mine\n", encoding="utf-8")
    with pytest.raises(SourceError, match="already exists"):
        scaffold_course(folder)
    assert (folder / "course.yaml").read_text(encoding="utf-8") == "id: mine\n"


def test_scaffold_rejects_bad_id(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="course id 'Rome 101' must be lower-case"):
        scaffold_course(tmp_path / "c", "Rome 101")
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize(
    ("title", "slug"),
    [("Prüfung", "prufung"), ("Straße der Ölbäume", "strasse-der-olbaume"), ("Ærø", "aero")],
)
def test_slugs_keep_accented_letters(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_new_with_a_non_ascii_folder_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "Mein Kurs über"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "created Mein Kurs über; build it with: lmsexport build 'Mein Kurs über'\n"
    )
    course = load_course(Path("Mein Kurs über"))
    assert (course.id, course.title) == ("mein-kurs-uber", "Mein Kurs über")
