"""Mistakes the second QA pass found the loader accepting, each now an error at its own field.

Each case mutates the minimal course once and expects the exact
``path:line:col: error: message [field]`` lines the CLI prints: blank texts
that became empty answers in Moodle XML and GIFT, options learners cannot
tell apart, and cloze markers that reached the packages as literal braces.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmsexport.cli import main
from test_loader_errors import Case, case_report, mutate, report

C, L, Q = "course.yaml", "lessons/intro.md", "quizzes/check.yaml"
AFTER = "    max: 3\n"
"""The last line of the minimal quiz: a case appends its own question after it."""
SAME_CHOICE = "\n    hint: learners cannot tell identical choices apart: reword one or remove it"
SAME_RIGHT = (
    "\n    hint: a right item or distractor written twice shows twice, and the score depends "
    "on which copy the learner picks: write each once"
)


def question(text: str) -> str:
    """The minimal quiz's last line followed by ``text``, a third question."""
    return AFTER + text


EMPTY_TEXTS = [
    Case(
        "empty-correct-choice",
        Q,
        "      - text: Right\n",
        '      - text: ""\n',
        [
            "c/quizzes/check.yaml:6:15: error: `text` must not be empty "
            "[questions[0].choices[0].text]"
        ],
    ),
    Case(
        "blank-choice",
        Q,
        "      - text: Wrong",
        '      - text: "   "',
        [
            "c/quizzes/check.yaml:8:15: error: `text` must not be empty "
            "[questions[0].choices[1].text]"
        ],
    ),
    Case(
        "empty-prompt",
        Q,
        "    prompt: Pick the right one.",
        '    prompt: ""',
        ["c/quizzes/check.yaml:4:13: error: `prompt` must not be empty [questions[0].prompt]"],
    ),
    Case(
        "blank-quiz-title",
        Q,
        "title: Check",
        "title: ' '",
        ["c/quizzes/check.yaml:1:8: error: `title` must not be empty [title]"],
    ),
    Case(
        "empty-course-title",
        C,
        "title: Demo course",
        "title: ''",
        ["c/course.yaml:2:8: error: `title` must not be empty [title]"],
    ),
    Case(
        "blank-lesson-title",
        L,
        "title: Introduction",
        "title: '  '",
        ["c/lessons/intro.md:2:8: error: `title` must not be empty [title]"],
    ),
    Case(
        "blank-section-title",
        C,
        "  - title: Unit one",
        "  - title: '\t'",
        ["c/course.yaml:5:12: error: `title` must not be empty [outline[0].title]"],
    ),
    Case(
        "blank-outline-title-override",
        C,
        "      - quiz: quizzes/check.yaml",
        "      - quiz: quizzes/check.yaml\n        title: ' '",
        ["c/course.yaml:9:16: error: `title` must not be empty [outline[0].children[1].title]"],
    ),
    Case(
        "blank-question-title",
        Q,
        AFTER,
        AFTER + "    title: ''\n",
        ["c/quizzes/check.yaml:13:12: error: `title` must not be empty [questions[1].title]"],
    ),
    Case(
        "empty-short-answers",
        Q,
        AFTER,
        question("  - type: short_answer\n    prompt: Capital?\n    answers: ['', Paris, ' ']\n"),
        [
            "c/quizzes/check.yaml:15:15: error: `answers[0]` must not be empty "
            "[questions[2].answers[0]]",
            "c/quizzes/check.yaml:15:26: error: `answers[2]` must not be empty "
            "[questions[2].answers[2]]",
        ],
    ),
    Case(
        "empty-matching-sides-and-distractor",
        Q,
        AFTER,
        question(
            "  - type: matching\n    prompt: Match.\n    pairs:\n"
            "      - {left: '', right: a}\n      - {left: b, right: ' '}\n"
            "    distractors: ['']\n"
        ),
        [
            "c/quizzes/check.yaml:16:16: error: `left` must not be empty "
            "[questions[2].pairs[0].left]",
            "c/quizzes/check.yaml:17:26: error: `right` must not be empty "
            "[questions[2].pairs[1].right]",
            "c/quizzes/check.yaml:18:19: error: `distractors[0]` must not be empty "
            "[questions[2].distractors[0]]",
        ],
    ),
    Case(
        "empty-ordering-item",
        Q,
        AFTER,
        question("  - type: ordering\n    prompt: Order.\n    items: [a, '', c]\n"),
        ["c/quizzes/check.yaml:15:16: error: `items[1]` must not be empty [questions[2].items[1]]"],
    ),
    Case(
        "empty-cloze-answers",
        Q,
        AFTER,
        question(
            "  - type: cloze\n    prompt: The {{c1}} and {{c2}}.\n    blanks:\n"
            "      c1: ['']\n      c2: {answers: [' ']}\n"
        ),
        [
            "c/quizzes/check.yaml:16:12: error: `c1[0]` must not be empty "
            "[questions[2].blanks.c1[0]]",
            "c/quizzes/check.yaml:17:22: error: `answers[0]` must not be empty "
            "[questions[2].blanks.c2.answers[0]]",
        ],
    ),
]

DUPLICATE_OPTIONS = [
    Case(
        "identical-single-choices",
        Q,
        "      - text: Wrong",
        '      - text: "Right "',
        [
            "c/quizzes/check.yaml:8:15: error: duplicate choice 'Right' (first used at "
            "c/quizzes/check.yaml:6:15) [questions[0].choices[1].text]" + SAME_CHOICE
        ],
    ),
    Case(
        "identical-choices-after-markdown-whitespace",
        Q,
        AFTER,
        question(
            "  - type: multiple_response\n    prompt: Pick.\n    choices:\n"
            "      - text: The  *red*\n          line\n        correct: true\n"
            "      - text: The *red* line\n      - text: the *red* line\n"
        ),
        [
            "c/quizzes/check.yaml:19:15: error: duplicate choice 'The *red* line' (first used at "
            "c/quizzes/check.yaml:16:15) [questions[2].choices[1].text]" + SAME_CHOICE
        ],
    ),
    Case(
        "matching-duplicate-rights-and-distractors",
        Q,
        AFTER,
        question(
            "  - type: matching\n    prompt: Match.\n    pairs:\n"
            "      - {left: France, right: Europe}\n      - {left: Peru, right: 'Europe '}\n"
            "      - {left: ' France', right: Asia}\n    distractors: [Asia, Africa, Africa]\n"
        ),
        [
            "c/quizzes/check.yaml:17:29: error: duplicate right item 'Europe' (first used at "
            "c/quizzes/check.yaml:16:31) [questions[2].pairs[1].right]" + SAME_RIGHT,
            "c/quizzes/check.yaml:18:16: error: duplicate left item 'France' (first used at "
            "c/quizzes/check.yaml:16:16) [questions[2].pairs[2].left]",
            "c/quizzes/check.yaml:19:19: error: duplicate right item 'Asia' (first used at "
            "c/quizzes/check.yaml:18:34) [questions[2].distractors[0]]" + SAME_RIGHT,
            "c/quizzes/check.yaml:19:33: error: duplicate right item 'Africa' (first used at "
            "c/quizzes/check.yaml:19:25) [questions[2].distractors[2]]" + SAME_RIGHT,
        ],
    ),
    Case(
        "ordering-duplicate-after-whitespace",
        Q,
        AFTER,
        question("  - type: ordering\n    prompt: Order.\n    items: [a, b, 'a ', c]\n"),
        [
            "c/quizzes/check.yaml:15:19: error: duplicate item 'a' (first used at "
            "c/quizzes/check.yaml:15:13) [questions[2].items[2]]"
        ],
    ),
]

CLOZE = "  - type: cloze\n    prompt: {}\n    blanks:\n      c1: [Moscow]\n"
MALFORMED = "': write {{name}} with a name of letters, digits, - or _ [questions[2].prompt]"
MEANT_C1 = "\n    hint: did you mean `{{c1}}`?"

MALFORMED_MARKERS = [
    Case(
        "cloze-one-closing-brace-and-empty-marker",
        Q,
        AFTER,
        question(CLOZE.format("'The capital is {{c1}, not {{}}.'")),
        [
            "c/quizzes/check.yaml:14:29: error: malformed blank marker '{{c1}"
            + MALFORMED
            + MEANT_C1,
            "c/quizzes/check.yaml:14:40: error: malformed blank marker '{{}}" + MALFORMED,
        ],
    ),
    Case(
        "cloze-spaced-name-and-marker-after-a-good-one",
        Q,
        AFTER,
        question(CLOZE.format("The {{ bad name }} is {{c1}} and {{c1}.")),
        [
            "c/quizzes/check.yaml:14:17: error: malformed blank marker '{{ bad name }}" + MALFORMED,
            "c/quizzes/check.yaml:14:46: error: malformed blank marker '{{c1}"
            + MALFORMED
            + MEANT_C1,
        ],
    ),
    Case(
        "cloze-marker-in-block-prompt",
        Q,
        AFTER,
        question(CLOZE.format("|\n      First line.\n      The capital is {{c1}\n      and {{c2")),
        [
            "c/quizzes/check.yaml:16:22: error: malformed blank marker '{{c1}"
            + MALFORMED
            + MEANT_C1,
            "c/quizzes/check.yaml:17:11: error: malformed blank marker '{{c2" + MALFORMED,
        ],
    ),
]

CASES = [*EMPTY_TEXTS, *DUPLICATE_OPTIONS, *MALFORMED_MARKERS]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_qa2_mistake_is_reported_at_its_field(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert case_report(case, tmp_path, monkeypatch) == case.report


def test_blank_between_literal_braces_is_a_blank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = mutate(tmp_path, Q, AFTER, question(CLOZE.format("'Set {{{c1}}} and {{ c1 }}'")))
    assert report(folder) == [
        "c/quizzes/check.yaml:14:13: error: blank `{{c1}}` appears twice in the prompt "
        "[questions[2].prompt]"
    ]


EVERY_MISTAKE = (
    "c/quizzes/other.yaml: warning: not in the outline of course.yaml, so no target includes it\n"
    "c/lessons/intro.md:11:12: error: link to '../quizzes/other.yaml', which is not in the "
    "course outline\n    hint: add `- quiz: quizzes/other.yaml` to the outline in course.yaml, "
    "or link to a file the outline lists\n"
    "c/quizzes/check.yaml:8:15: error: `text` must not be empty [questions[0].choices[1].text]\n"
    f"c/quizzes/check.yaml:14:17: error: malformed blank marker '{{{{c1}}{MALFORMED}{MEANT_C1}\n"
    "c/quizzes/check.yaml:19:19: error: duplicate item 'a' (first used at "
    "c/quizzes/check.yaml:19:13) [questions[3].items[2]]\n"
    "c: 4 error(s), 1 warning(s)\n"
)
"""What ``check`` prints for one mistake of each kind, the warning first as the CLI orders it."""


def test_cli_check_reports_every_qa2_mistake_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = mutate(tmp_path, Q, "      - text: Wrong", "      - text: ' '")
    quiz = folder / Q
    ordering = "  - type: ordering\n    prompt: Order.\n    items: [a, b, a]\n"
    quiz.write_text(
        quiz.read_text(encoding="utf-8") + CLOZE.format("The {{c1}.") + ordering, encoding="utf-8"
    )
    shutil.copy(quiz, folder / "quizzes" / "other.yaml")
    lesson = folder / L
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\n[Practice](../quizzes/other.yaml)\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr == EVERY_MISTAKE
