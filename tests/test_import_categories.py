"""``lmsexport import``: a bank's categories become quizzes of their own, and ``--course`` writes
a course folder that checks and builds as it is."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from lmsexport.cli import main

BANK = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top</text></category></question>
  <question type="category"><category><text>$course$/top/History/Tsars</text></category></question>
  <question type="truefalse"><name><text>Last</text></name>
    <questiontext format="html"><text><![CDATA[<p>Nicholas II was the last tsar.</p>]]></text></questiontext>
    <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
  </question>
  <question type="category"><category><text>$course$/top/History/Soviets</text></category></question>
  <question type="shortanswer"><name><text>Capital</text></name>
    <questiontext format="html"><text><![CDATA[<p>Capital from 1918?</p>]]></text></questiontext>
    <answer fraction="100"><text>Moscow</text></answer>
  </question>
  <question type="essay"><name><text>Why</text></name>
    <questiontext format="html"><text><![CDATA[<p>Why did the NEP end?</p>]]></text></questiontext>
  </question>
</quiz>
"""


def bank(tmp_path: Path) -> Path:
    path = tmp_path / "history.xml"
    path.write_text(BANK, encoding="utf-8")
    return path


def quiz(path: Path) -> tuple[str, list[str]]:
    data = yaml.safe_load(path.read_text("utf-8"))
    return data["title"], [q["type"] for q in data["questions"]]


def test_each_category_with_questions_becomes_its_own_quiz(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["import", str(bank(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["history-soviets.yaml", "history-tsars.yaml"]
    assert quiz(out / "history-tsars.yaml") == ("Tsars", ["true_false"])
    assert quiz(out / "history-soviets.yaml") == ("Soviets", ["short_answer", "essay"])
    assert "merged" not in result.output


def test_merge_keeps_one_quiz_and_names_every_merged_category(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = bank(tmp_path)
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(out), "--category", "merge"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["history.yaml"]
    assert quiz(out / "history.yaml") == ("Tsars", ["true_false", "short_answer", "essay"])
    assert f"{path}:9:1: warning: category 'Soviets' merged into quiz 'Tsars'" in result.output


def test_course_folder_is_ready_to_check_and_build(tmp_path: Path) -> None:
    course = tmp_path / "source" / "history"
    gift = tmp_path / "revolution.gift"
    gift.write_text("$CATEGORY: $course$/top/Revolution\n\n::Y::Year? {#1917}\n", "utf-8")
    runner = CliRunner()
    args = [
        "import",
        str(bank(tmp_path)),
        str(gift),
        "-o",
        str(course),
        "--course",
        "Russian History",
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((course / "course.yaml").read_text("utf-8")) == {
        "id": "russian-history",
        "title": "Russian History",
        "outline": [
            {"quiz": "quizzes/history-tsars.yaml"},
            {"quiz": "quizzes/history-soviets.yaml"},
            {"quiz": "quizzes/revolution.yaml"},
        ],
    }
    checked = runner.invoke(main, ["check", str(tmp_path / "source")])
    assert checked.exit_code == 0, checked.output
    dist = tmp_path / "dist"
    built = runner.invoke(
        main, ["build", str(tmp_path / "source"), "-o", str(dist), "--no-cache", "-t", "moodlexml"]
    )
    assert built.exit_code == 0, built.output
    assert (dist / "russian-history-moodlexml.xml").is_file()
    again = runner.invoke(main, args)
    assert again.exit_code == 2 and "course.yaml: error: already exists" in again.output
