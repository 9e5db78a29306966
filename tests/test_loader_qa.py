"""Mistakes a new user made in a QA pass, each reported at its own position by the loader.

Each case mutates the minimal course once and expects the exact
``path:line:col: severity: message [field]`` lines; the CLI tests then make all
of the mistakes at once and check that ``check`` and ``build`` report every one
in a single run with exit code 2 and no traceback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmsexport.cli import main
from lmsexport.errors import Diagnostic
from lmsexport.loaders.course import load_course
from lmsexport.model import Numeric
from test_loader_errors import Case, case_report, mutate

C, L, Q = "course.yaml", "lessons/intro.md", "quizzes/check.yaml"
NUMERIC = "  - type: numeric\n    prompt: How many?\n    min: 1\n    max: 3\n"
FINITE_HINT = "\n    hint: write the number itself; infinity and .nan cannot be scored or exported"
TARGETS = "aiken, cc, gift, html, moodlexml, qti12, qti21, qti30, scorm12, scorm2004"

CASES = [
    Case(
        "points-infinite",
        Q,
        "    prompt: Pick the right one.\n",
        "    prompt: Pick the right one.\n    points: .inf\n",
        [
            "c/quizzes/check.yaml:5:13: error: `points` must be a finite number, found .inf "
            "[questions[0].points]" + FINITE_HINT
        ],
    ),
    Case(
        "points-huge",
        Q,
        "    prompt: Pick the right one.\n",
        "    prompt: Pick the right one.\n    points: 1e308\n",
        [
            "c/quizzes/check.yaml:5:13: error: `points` must be greater than 0 and at most 1e+06, "
            "found 1e308 [questions[0].points]"
        ],
    ),
    Case(
        "numeric-answer-nan-tolerance-inf",
        Q,
        NUMERIC,
        "  - type: numeric\n    prompt: How many?\n    answer: .nan\n    tolerance: .inf\n",
        [
            "c/quizzes/check.yaml:11:13: error: `answer` must be a finite number, found .nan "
            "[questions[1].answer]" + FINITE_HINT,
            "c/quizzes/check.yaml:12:16: error: `tolerance` must be a finite number, found .inf "
            "[questions[1].tolerance]" + FINITE_HINT,
        ],
    ),
    Case(
        "numeric-answer-negative-infinity",
        Q,
        NUMERIC,
        "  - type: numeric\n    prompt: How many?\n    answer: -.Inf\n",
        [
            "c/quizzes/check.yaml:11:13: error: `answer` must be a finite number, found -.Inf "
            "[questions[1].answer]" + FINITE_HINT
        ],
    ),
    Case(
        "numeric-range-beyond-doubles",
        Q,
        "    max: 3",
        "    max: 1e20",
        [
            "c/quizzes/check.yaml:12:10: error: `max` must be between -1e+15 and 1e+15, "
            "found 1e20 [questions[1].max]"
        ],
    ),
    Case(
        "course-pass-score-nan",
        C,
        "pass_score: 60",
        "pass_score: .nan",
        [
            "c/course.yaml:3:13: error: `pass_score` must be a finite number, found .nan "
            "[pass_score]" + FINITE_HINT
        ],
    ),
    Case(
        "quiz-time-limit-infinite",
        Q,
        "title: Check\n",
        "title: Check\ntime_limit: .inf\nattempts: 1e6\n",
        [
            "c/quizzes/check.yaml:2:13: error: `time_limit` must be a finite number, found .inf "
            "[time_limit]" + FINITE_HINT,
            "c/quizzes/check.yaml:3:11: error: `attempts` must be between 0 and 1000, "
            "found 1e6 [attempts]",
        ],
    ),
    Case(
        "unknown-targets",
        C,
        "pass_score: 60",
        "pass_score: 60\ntargets:\n  - html\n  - scrom12\n  - pdf",
        [
            "c/course.yaml:6:5: error: unknown target 'scrom12' [targets[1]]\n"
            f"    hint: did you mean `scorm12` or `scorm2004`? available targets: {TARGETS}",
            f"c/course.yaml:7:5: error: unknown target 'pdf' [targets[2]]\n    hint: available targets: {TARGETS}",
        ],
    ),
    Case(
        "numeric-range-with-tolerance",
        Q,
        "    max: 3",
        "    max: 3\n    tolerance: 0.5",
        [
            "c/quizzes/check.yaml:13:5: error: numeric question takes `tolerance` only with "
            "`answer`; a `min`/`max` range has none [questions[1].tolerance]\n"
            "    hint: remove `tolerance`, or write `answer` and `tolerance` instead of `min` and `max`"
        ],
    ),
    Case(
        "image-path-with-space",
        L,
        "../media/map.svg",
        "../media/my map.svg",
        [
            "c/lessons/intro.md:7:22: error: image path '../media/my map.svg' contains a space, "
            "so Markdown shows this image as plain text\n"
            "    hint: write the path as <../media/my map.svg> or use %20"
        ],
    ),
    Case(
        "quiz-link-path-with-space",
        Q,
        "      - text: Wrong",
        "      - text: 'Wrong, see [the notes](../media/my notes.pdf)'",
        [
            "c/quizzes/check.yaml:8:15: error: link path '../media/my notes.pdf' contains a space, "
            "so Markdown shows this link as plain text [questions[0].choices[1].text]\n"
            "    hint: write the path as <../media/my notes.pdf> or use %20"
        ],
    ),
    Case(
        "over-indented-key",
        Q,
        "    prompt: How many?",
        "      prompt: How many?",
        [
            "c/quizzes/check.yaml:10:13: error: invalid YAML: mapping values are not allowed in "
            "this context\n    hint: check the indentation: keys of one mapping must line up "
            "(line 10 is indented deeper than `type` on line 9)"
        ],
    ),
    Case(
        "colon-in-unquoted-text",
        Q,
        "    prompt: How many?",
        "    prompt: Note: how many?",
        [
            "c/quizzes/check.yaml:10:17: error: invalid YAML: mapping values are not allowed in "
            "this context\n    hint: put text that contains ': ' in quotes"
        ],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_qa_mistake_is_reported_at_its_position(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert case_report(case, tmp_path, monkeypatch) == case.report


def load_warnings(folder: Path) -> list[str]:
    warnings: list[Diagnostic] = []
    load_course(folder, warnings)
    return [w.format() for w in warnings]


def test_scientific_notation_is_a_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = mutate(tmp_path, Q, NUMERIC, "  - type: numeric\n    prompt: x\n    answer: 2.5e3\n")
    mutate_in_place(folder / Q, "title: Check\n", "title: Check\nattempts: 1e1\n")
    course = load_course(folder)
    quiz = course.quizzes[0]
    question = quiz.questions[1]
    assert isinstance(question, Numeric) and question.answer.value == 2500.0
    assert quiz.attempts == 10


def mutate_in_place(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_targets_position_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = mutate(tmp_path, C, "pass_score: 60", "pass_score: 60\ntargets: [html, gift]")
    course = load_course(folder)
    assert course.targets == ("html", "gift")
    assert str(course.targets_pos) == "c/course.yaml:4:10"


def add_media(folder: Path, name: str) -> None:
    shutil.copy(folder / "media" / "map.svg", folder / "media" / name)


def name_warning(where: str, name: str, problems: str, example: str) -> str:
    return (
        f"{where}: warning: media file name '{name}' has {problems}; some LMSes (Moodle's SCORM "
        f"player, Canvas file links) break on them: rename it\n    hint: for example '{example}'"
    )


def test_space_in_path_inside_code_or_angle_brackets_is_not_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = mutate(
        tmp_path,
        L,
        "Read [the",
        "`![A map](../media/my map.svg)` and\n\n    [code](my notes.pdf)\n\nRead [the",
    )
    add_media(folder, "my map.svg")
    mutate_in_place(folder / L, "](../media/map.svg)", "](<../media/my map.svg>)")
    assert load_warnings(folder) == [
        name_warning("c/lessons/intro.md:7:23", "my map.svg", "a space", "my-map.svg")
    ]


def test_unportable_media_name_warns_once_at_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = mutate(tmp_path, L, "../media/map.svg", "../media/Schaubild%20%C3%A4.svg")
    add_media(folder, "Schaubild ä.svg")
    mutate_in_place(
        folder / Q, "      - text: Wrong", "      - text: '![Again](../media/Schaubild%20ä.svg)'"
    )
    mutate_in_place(folder / L, "Read [the", "![Again](<../media/Schaubild ä.svg>)\n\nRead [the")
    problems = "a space and a non-ASCII character"
    assert load_warnings(folder) == [
        name_warning("c/lessons/intro.md:7:22", "Schaubild ä.svg", problems, "schaubild-a.svg")
    ]


def test_lesson_and_quiz_files_outside_the_outline_warn_once_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = mutate(tmp_path, C, "id: demo", "id: demo")
    shutil.copy(folder / L, folder / "lessons" / "extra.md")
    (folder / "quizzes" / "draft.YML").write_text("title: Draft\n", encoding="utf-8")
    for ignored in (".git/notes.md", ".hidden.md", "media/photo.png", "sub/course.yaml"):
        (folder / ignored).parent.mkdir(exist_ok=True)
        (folder / ignored).write_text("x", encoding="utf-8")
    assert load_warnings(folder) == [
        "c/lessons/extra.md: warning: not in the outline of course.yaml, so no target includes it",
        "c/quizzes/draft.YML: warning: not in the outline of course.yaml, so no target includes it",
    ]


def several_mistakes(tmp_path: Path) -> Path:
    """The minimal course with one mistake of each kind the QA pass found."""
    folder = mutate(tmp_path, C, "pass_score: 60", "pass_score: 60\ntargets: [html, scorm]")
    mutate_in_place(folder / Q, "    min: 1\n", "    min: 1\n    tolerance: .inf\n")
    mutate_in_place(
        folder / Q, "    prompt: Pick the right one.\n", "    prompt: x\n    points: .nan\n"
    )
    mutate_in_place(folder / L, "](../media/map.svg)", "](../media/my map.svg)")
    return folder


SEVERAL_MISTAKES = [
    f"c/course.yaml:4:17: error: unknown target 'scorm' [targets[1]]\n    hint: did you mean "
    f"`scorm12` or `scorm2004`? available targets: {TARGETS}",
    "c/lessons/intro.md:7:22: error: image path '../media/my map.svg' contains a space, so "
    "Markdown shows this image as plain text\n"
    "    hint: write the path as <../media/my map.svg> or use %20",
    "c/quizzes/check.yaml:5:13: error: `points` must be a finite number, found .nan "
    "[questions[0].points]" + FINITE_HINT,
    "c/quizzes/check.yaml:13:5: error: numeric question takes `tolerance` only with `answer`; "
    "a `min`/`max` range has none [questions[1].tolerance]\n"
    "    hint: remove `tolerance`, or write `answer` and `tolerance` instead of `min` and `max`",
]


@pytest.mark.parametrize(
    ("command", "summary"),
    [(["check"], ["c: 4 error(s), 0 warning(s)"]), (["build", "-o", "out"], [])],
)
def test_cli_reports_every_mistake_in_one_run(
    command: list[str], summary: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = several_mistakes(tmp_path)
    result = CliRunner().invoke(main, [*command, str(folder)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == "\n".join([*SEVERAL_MISTAKES, *summary]).splitlines()
    assert list(tmp_path.glob("out/*.zip")) == []


def test_target_warnings_name_the_field_like_loader_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = mutate(tmp_path, C, "id: demo", "id: demo")
    result = CliRunner().invoke(main, ["build", "-t", "aiken", "-t", "qti21", "-o", "out", "c"])
    assert result.exit_code == 0, result.output
    assert folder == Path("c")
    assert result.stderr.splitlines() == [
        "c/quizzes/check.yaml:9:5: warning: aiken: question skipped: Aiken holds only "
        "single-choice questions (up to 26 choices), this is numeric [questions[1]]",
    ]
