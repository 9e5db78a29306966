"""``lmsexport import`` as a new user runs it: three banks in, a course that checks and builds out."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from lmsexport.cli import main
from lmsexport.loaders.importers import detect_format

BANKS = Path(__file__).parent / "banks"


def test_three_banks_become_a_course_that_checks_and_builds(tmp_path: Path) -> None:
    course = tmp_path / "source" / "imported"
    runner = CliRunner()
    for bank in ("history.text2qti.txt", "revolution.gift", "moodle-export.xml"):
        result = runner.invoke(main, ["import", str(BANKS / bank), "-o", str(course / "quizzes")])
        assert result.exit_code == 0, result.output
    assert (course / "quizzes" / "media" / "plan-poster.png").is_file()
    outline = "".join(
        f"  - quiz: quizzes/{n}.yaml\n" for n in ("history", "revolution", "moodle-export")
    )
    (course / "course.yaml").write_text(
        f"id: imported\ntitle: Imported\noutline:\n{outline}", "utf-8"
    )
    checked = runner.invoke(main, ["check", str(tmp_path / "source")])
    assert checked.exit_code == 0, checked.output
    built = runner.invoke(
        main,
        [
            "build",
            str(tmp_path / "source"),
            "-o",
            str(tmp_path / "dist"),
            "--no-cache",
            "-t",
            "moodlexml",
            "-t",
            "html",
        ],
    )
    assert built.exit_code == 0, built.output
    assert (tmp_path / "dist" / "imported-moodlexml.xml").is_file()
    quiz = yaml.safe_load((course / "quizzes" / "revolution.yaml").read_text("utf-8"))
    assert quiz["title"] == "Revolution"
    assert [q["type"] for q in quiz["questions"]] == [
        "single_choice",
        "multiple_response",
        "true_false",
        "short_answer",
        "single_choice",
        "numeric",
        "numeric",
        "numeric",
        "matching",
        "cloze",
        "essay",
    ]


def test_skipped_constructs_are_reported_and_the_import_goes_on(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["import", str(BANKS / "moodle-export.xml"), "-o", str(tmp_path)]
    )
    assert result.exit_code == 0
    assert (
        "moodle-export.xml:58:1: warning: skipped: Moodle question type 'calculated'"
        in result.output
    )
    assert (
        "moodle-export.xml:93:1: warning: skipped: Moodle question type 'description'"
        in result.output
    )
    assert "(3 questions)" in result.output


def test_format_is_detected_from_name_and_content(tmp_path: Path) -> None:
    aiken = tmp_path / "bank.txt"
    aiken.write_text("Q?\nA) x\nB) y\nANSWER: A\n", "utf-8")
    gift = tmp_path / "other.txt"
    gift.write_text("::Q:: Year? {#1924}\n", "utf-8")
    t2q = tmp_path / "quiz.txt"
    t2q.write_text("1.  Q\n___\n", "utf-8")
    found = {p.name: detect_format(p, p.read_bytes()) for p in (aiken, gift, t2q)}
    found.update({p.name: detect_format(p, p.read_bytes()) for p in BANKS.iterdir()})
    assert found == {
        "bank.txt": "aiken",
        "other.txt": "gift",
        "quiz.txt": "text2qti",
        "history.text2qti.txt": "text2qti",
        "revolution.gift": "gift",
        "moodle-export.xml": "moodlexml",
    }
