"""A course with no question GIFT or Aiken can hold builds without that file, with one warning.

Moodle refuses an empty bank, so an empty file would fail the build (QA pass 2,
issue 5); these build real courses through the command line, as a teacher would.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from lmsexport.cli import main

TRUE_FALSE_ONLY = """\
title: Check
questions:
  - type: true_false
    prompt: The sky is blue.
    answer: true
  - type: true_false
    prompt: Grass is red.
    answer: false
"""

CLOZE_ONLY = """\
title: Check
questions:
  - type: cloze
    prompt: "{{a}} comes before {{b}}."
    blanks:
      a: [one]
      b: [two]
"""

AIKEN_NOTHING = "aiken: no question of this course fits Aiken (single choice only); nothing written"
GIFT_NOTHING = (
    "gift: no question of this course fits GIFT (no ordering, cloze with one blank only); "
    "nothing written"
)


def write_course(root: Path, course_id: str, quiz: str) -> Path:
    folder = root / course_id
    (folder / "quizzes").mkdir(parents=True)
    (folder / "course.yaml").write_text(
        f"id: {course_id}\ntitle: Only one kind\noutline:\n  - quiz: quizzes/check.yaml\n",
        encoding="utf-8",
    )
    (folder / "quizzes" / "check.yaml").write_text(quiz, encoding="utf-8")
    return folder


def build(folder: Path, output: Path, *targets: str) -> Result:
    options = [arg for name in targets for arg in ("-t", name)]
    return CliRunner().invoke(
        main, ["build", str(folder), "-o", str(output), "--no-cache", *options]
    )


def warnings_of(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": warning: " in line]


def test_true_false_only_course_builds_every_default_target_but_aiken(tmp_path: Path) -> None:
    folder = write_course(tmp_path, "tfonly", TRUE_FALSE_ONLY)
    result = build(folder, tmp_path / "dist")
    assert result.exit_code == 0, result.output
    about_aiken = [w for w in warnings_of(result) if "aiken:" in w]
    assert about_aiken == [f"{folder / 'course.yaml'}:1:1: warning: {AIKEN_NOTHING}"]
    written = sorted(p.name for p in (tmp_path / "dist").iterdir())
    assert "tfonly-aiken.txt" not in written and "tfonly-gift.txt" in written
    report = json.loads((tmp_path / "dist" / "build-report.json").read_text())
    (course,) = report["courses"]
    assert course["ok"] and course["failed_targets"] == []
    assert "aiken" not in {a["target"] for a in course["artifacts"]}


def test_cloze_only_course_writes_neither_gift_nor_aiken(tmp_path: Path) -> None:
    folder = write_course(tmp_path, "clozeonly", CLOZE_ONLY)
    result = build(folder, tmp_path / "dist", "gift", "aiken", "moodlexml")
    assert result.exit_code == 0, result.output
    assert [w.split(": warning: ")[1] for w in warnings_of(result)] == [GIFT_NOTHING, AIKEN_NOTHING]
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [
        "build-report.json",
        "clozeonly-moodlexml.xml",
    ]
