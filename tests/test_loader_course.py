"""Loading valid courses: the sample course, the minimal fixture, idents, warnings, speed."""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from pathlib import Path

import pytest

from lmsexport.errors import Diagnostic, SourceError
from lmsexport.loaders.course import load_course
from lmsexport.model import QUESTION_TYPES, Lesson, Numeric, NumericAnswer, Quiz, Section

ROOTS = Path(__file__).parent / "roots"
SAMPLE = Path(__file__).parents[1] / "source" / "stalins-soviet-union"
NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def test_sample_course_outline_questions_and_media() -> None:
    warnings: list[Diagnostic] = []
    course = load_course(SAMPLE, warnings)
    assert warnings == []
    assert course.id == "stalins-soviet-union"
    assert course.language == "en-GB"
    assert course.pass_score == 70
    (unit,) = course.outline
    assert isinstance(unit, Section)
    assert (unit.id, unit.label) == ("world-in-crisis", "unit")
    (chapter,) = unit.children
    assert isinstance(chapter, Section)
    assert (chapter.id, chapter.label) == ("stalin-s-soviet-union", "chapter")
    assert [type(node).__name__ for node in chapter.children] == ["Lesson"] * 5 + ["Quiz"] * 2
    assert [leaf.id for leaf in course.quizzes] == ["check", "essay-trotsky"]
    assert course.quizzes[1].title.startswith("Essay: ")
    types = {q.type for quiz in course.quizzes for q in quiz.questions}
    assert types == set(QUESTION_TYPES)
    assert [m.href for m in course.media] == [
        "media/politburo-1924.svg",
        "media/timeline-1917-1929.svg",
    ]
    assert all(m.mime == "image/svg+xml" and m.size > 0 for m in course.media)
    assert course.options["cc"]["discussion"]["title"] == "Course feedback"


def test_minimal_course_model_values() -> None:
    folder = ROOTS / "loader-minimal"
    course = load_course(folder)
    lesson, quiz = course.leaves
    assert isinstance(lesson, Lesson) and isinstance(quiz, Quiz)
    assert (lesson.id, lesson.title, lesson.duration, lesson.href) == (
        "intro",
        "Introduction",
        10,
        "lessons/intro.md",
    )
    assert lesson.body_line == 5
    assert lesson.body.startswith("# Introduction\n")
    (media,) = lesson.media
    svg = (folder / "media" / "map.svg").read_bytes()
    assert (media.href, media.mime, media.size) == ("media/map.svg", "image/svg+xml", len(svg))
    assert media.sha256 == hashlib.sha256(svg).hexdigest()
    assert media.path == (folder / "media" / "map.svg").resolve()
    (link,) = lesson.links
    assert (link.url, link.title, str(link.pos)) == (
        "https://example.org/background",
        "the background",
        f"{folder}/lessons/intro.md:9:23",
    )
    assert quiz.pass_score == 60
    first, second = quiz.questions
    assert [q.id for q in quiz.questions] == ["q1", "q2"]
    assert first.type == "single_choice"
    assert [(c.id, c.text, c.correct) for c in first.choices] == [  # type: ignore[union-attr]
        ("a", "Right", True),
        ("b", "Wrong", False),
    ]
    assert isinstance(second, Numeric)
    assert second.answer == NumericAnswer("range", min=1.0, max=3.0)
    assert str(second.pos) == f"{folder}/quizzes/check.yaml:9:5"


def test_three_planted_mistakes_in_three_files_are_all_reported() -> None:
    folder = ROOTS / "loader-three-mistakes"
    with pytest.raises(SourceError) as caught:
        load_course(folder)
    lines = [d.format().splitlines()[0] for d in caught.value.diagnostics]
    assert lines == [
        f"{folder}/course.yaml:3:1: error: unknown key `pass_scor` in course.yaml [pass_scor]",
        f"{folder}/lessons/intro.md:7:22: error: image '../media/plan.svg' not found",
        f"{folder}/quizzes/check.yaml:11:10: error: numeric range has `min` 9 greater than "
        "`max` 3 [questions[1].min]",
    ]


def test_idents_are_stable_unique_ncnames() -> None:
    first, second = load_course(SAMPLE), load_course(SAMPLE)

    def idents(course: object) -> list[str]:
        assert hasattr(course, "walk")
        found = [course.ident]  # type: ignore[attr-defined]
        for _, node in course.walk():
            found.append(node.ident)
            if isinstance(node, Quiz):
                found.extend(q.ident for q in node.questions)
        return found

    assert idents(first) == idents(second)
    assert len(set(idents(first))) == len(idents(first))
    assert all(NCNAME.fullmatch(ident) for ident in idents(first))


def test_web_image_is_a_warning_not_an_error(tmp_path: Path) -> None:
    course_dir = tmp_path / "c"
    shutil.copytree(ROOTS / "loader-minimal", course_dir)
    lesson = course_dir / "lessons" / "intro.md"
    lesson.write_text(
        lesson.read_text() + "\n![A photo](https://example.org/photo.png)\n", encoding="utf-8"
    )
    warnings: list[Diagnostic] = []
    load_course(course_dir, warnings)
    assert [w.format() for w in warnings] == [
        f"{course_dir}/lessons/intro.md:11:12: warning: image 'https://example.org/photo.png' "
        "is on the web and is not packaged\n"
        "    hint: download it into the course folder so the package works offline"
    ]


def test_lesson_autolinks_are_collected(tmp_path: Path) -> None:
    course_dir = tmp_path / "c"
    shutil.copytree(ROOTS / "loader-minimal", course_dir)
    lesson = course_dir / "lessons" / "intro.md"
    lesson.write_text("---\ntitle: Intro\n---\nSources: <https://example.org/a>\n")
    (link,) = load_course(course_dir).lessons[0].links
    assert (link.url, str(link.pos)) == ("https://example.org/a", f"{lesson}:4:11")


def test_thousand_question_quiz_loads_fast(tmp_path: Path) -> None:
    course_dir = tmp_path / "c"
    shutil.copytree(ROOTS / "loader-minimal", course_dir)
    question = (
        "  - type: single_choice\n"
        "    prompt: Which picture shows **item {n}**? ![Item {n}](../media/map.svg)\n"
        "    feedback: {{general: See the lesson.}}\n"
        "    choices:\n"
        "      - {{text: 'Right {n}', correct: true}}\n"
        "      - {{text: 'Wrong {n}'}}\n"
        "      - {{text: 'Also wrong {n}'}}\n"
    )
    body = "".join(question.format(n=n) for n in range(1000))
    (course_dir / "quizzes" / "check.yaml").write_text(f"title: Big\nquestions:\n{body}")
    start = time.process_time()  # CPU time: other jobs on a busy machine do not count
    course = load_course(course_dir)
    elapsed = time.process_time() - start
    assert len(course.quizzes[0].questions) == 1000
    assert [m.href for m in course.quizzes[0].media] == ["media/map.svg"]
    assert elapsed < 1.0, f"loading took {elapsed:.2f}s"
