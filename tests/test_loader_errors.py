"""Malformed sources: each case is the minimal course with one mutation, and the exact report.

Every expectation is the full ``path:line:col: error: message [field]`` line (and
hint) the CLI prints, so a shifted column or a vaguer message fails the test.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from lmsexport.errors import Diagnostic, SourceError
from lmsexport.loaders.course import load_course

MINIMAL = Path(__file__).parent / "roots" / "loader-minimal"


@dataclass(frozen=True)
class Case:
    """Replace ``old`` (empty: the whole file) by ``new`` in ``file`` of the minimal course."""

    name: str
    file: str
    old: str
    new: str | bytes
    report: list[str]


def mutate(tmp_path: Path, file: str, old: str, new: str | bytes) -> Path:
    course = tmp_path / "c"
    shutil.copytree(MINIMAL, course)
    path = course / file
    data = path.read_bytes()
    replacement = new if isinstance(new, bytes) else new.encode()
    if not old:
        path.write_bytes(replacement)
        return Path("c")
    assert old.encode() in data, f"fixture changed: {old!r} not in {file}"
    path.write_bytes(data.replace(old.encode(), replacement, 1))
    return Path("c")


def report(folder: Path, warnings: list[Diagnostic] | None = None) -> list[str]:
    with pytest.raises(SourceError) as caught:
        load_course(folder, warnings)
    return [d.format() for d in caught.value.diagnostics]


def case_report(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The errors of the minimal course with ``case``'s edit, paths relative to ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    return report(mutate(tmp_path, case.file, case.old, case.new))


C, L, Q = "course.yaml", "lessons/intro.md", "quizzes/check.yaml"
CASES = [
    Case(
        "bad-yaml",
        C,
        "title: Demo course",
        "title: [Demo course",
        [
            "c/course.yaml:3:11: error: invalid YAML: did not find expected ',' or ']'\n    hint: check line 2, column 8 (while parsing a flow sequence)"
        ],
    ),
    Case(
        "unknown-key",
        Q,
        "    prompt: Pick the right one.\n",
        "    prompt: Pick the right one.\n    pionts: 2\n",
        [
            "c/quizzes/check.yaml:5:5: error: unknown key `pionts` in single_choice question [questions[0].pionts]\n    hint: did you mean `points`?"
        ],
    ),
    Case(
        "wrong-type-points",
        Q,
        "    prompt: Pick the right one.\n",
        "    prompt: Pick the right one.\n    points: two\n",
        [
            "c/quizzes/check.yaml:5:13: error: `points` must be a number, found the text 'two' [questions[0].points]"
        ],
    ),
    Case(
        "missing-lesson-file",
        C,
        "lessons/intro.md",
        "lessons/intro2.md",
        [
            "c/course.yaml:7:17: error: lesson file 'lessons/intro2.md' not found [outline[0].children[0].lesson]\n    hint: did you mean `lessons/intro.md`?"
        ],
    ),
    Case(
        "missing-image",
        L,
        "../media/map.svg",
        "../media/mapp.svg",
        [
            "c/lessons/intro.md:7:22: error: image '../media/mapp.svg' not found\n    hint: did you mean `../media/map.svg`?"
        ],
    ),
    Case(
        "duplicate-id",
        C,
        "      - quiz: quizzes/check.yaml",
        "      - quiz: quizzes/check.yaml\n        id: intro",
        [
            "c/course.yaml:9:13: error: duplicate id 'intro' (first used at c/course.yaml:7:9) [outline[0].children[1].id]\n    hint: give one of them a different `id`"
        ],
    ),
    Case(
        "no-correct-choice",
        Q,
        "        correct: true\n",
        "",
        [
            "c/quizzes/check.yaml:6:7: error: single_choice question needs exactly one correct choice, found 0 [questions[0].choices]\n    hint: mark the right choice with `correct: true`"
        ],
    ),
    Case(
        "two-correct-choices",
        Q,
        "      - text: Wrong",
        "      - text: Wrong\n        correct: true",
        [
            "c/quizzes/check.yaml:6:7: error: single_choice question needs exactly one correct choice, found 2 [questions[0].choices]\n    hint: use type `multiple_response` when several choices are right"
        ],
    ),
    Case(
        "numeric-min-above-max",
        Q,
        "    min: 1",
        "    min: 5",
        [
            "c/quizzes/check.yaml:11:10: error: numeric range has `min` 5 greater than `max` 3 [questions[1].min]\n    hint: swap the two values"
        ],
    ),
    Case(
        "undecodable-bytes",
        L,
        "Read [the",
        b"Read \xff[the",
        [
            "c/lessons/intro.md:9:6: error: file is not valid UTF-8: byte 0xff cannot be decoded\n    hint: save the file with UTF-8 encoding (most editors offer it under 'Save as')"
        ],
    ),
    Case(
        "empty-outline",
        C,
        "outline:\n  - title: Unit one\n    children:\n      - lesson: lessons/intro.md\n      - quiz: quizzes/check.yaml\n",
        "outline: []\n",
        ["c/course.yaml:4:10: error: `outline` must not be empty [outline]"],
    ),
    Case(
        "tab-indent",
        Q,
        "    min: 1",
        "\tmin: 1",
        [
            "c/quizzes/check.yaml:11:1: error: invalid YAML: tab character in indentation\n    hint: indent with spaces; YAML does not allow tabs there"
        ],
    ),
    Case(
        "duplicate-key",
        Q,
        "    max: 3",
        "    max: 3\n    max: 4",
        [
            "c/quizzes/check.yaml:13:5: error: duplicate key `max` (first given at line 12)\n    hint: keep one of the two; YAML would silently use the last"
        ],
    ),
    Case(
        "alias",
        Q,
        "    min: 1\n    max: 3",
        "    min: &low 1\n    max: *low",
        [
            "c/quizzes/check.yaml:12:10: error: YAML alias `*low` is not supported\n    hint: write the value out in full instead of referring to an anchor"
        ],
    ),
    Case(
        "image-without-alt",
        L,
        "![A map of the area]",
        "![]",
        [
            "c/lessons/intro.md:7:5: error: image has no alt text\n    hint: describe the image for learners who cannot see it: ![A map of ...](../media/map.svg)"
        ],
    ),
    Case(
        "front-matter-no-title",
        L,
        "title: Introduction\n",
        "",
        ["c/lessons/intro.md:2:1: error: lesson front matter needs `title` [title]"],
    ),
    Case(
        "no-front-matter",
        L,
        "---\ntitle: Introduction\nduration: 10\n---\n",
        "",
        [
            "c/lessons/intro.md:1:1: error: lesson has no front matter\n    hint: start the file with a line '---', then 'title: ...', then another '---'"
        ],
    ),
    Case(
        "unclosed-front-matter",
        L,
        "duration: 10\n---\n",
        "duration: 10\n",
        [
            "c/lessons/intro.md:1:1: error: front matter is not closed\n    hint: end the front matter with a line '---' before the lesson text"
        ],
    ),
    Case(
        "unknown-question-type",
        Q,
        "type: numeric",
        "type: numerc",
        [
            "c/quizzes/check.yaml:9:11: error: unknown question type 'numerc' [questions[1].type]\n    hint: did you mean `numeric`?"
        ],
    ),
    Case(
        "missing-question-type",
        Q,
        "  - type: numeric\n",
        "  - prompt2: x\n",
        [
            "c/quizzes/check.yaml:9:5: error: unknown key `prompt2` in question [questions[1].prompt2]\n    hint: did you mean `prompt`?",
            "c/quizzes/check.yaml:9:5: error: question needs `type` [questions[1].type]\n    hint: one of: single_choice, multiple_response, true_false, short_answer, numeric, essay, matching, ordering, cloze",
        ],
    ),
    Case(
        "course-id-not-slug",
        C,
        "id: demo",
        "id: Demo Course",
        [
            "c/course.yaml:1:5: error: course id 'Demo Course' must be lower-case letters, digits and single '-' [id]\n    hint: for example `demo-course`"
        ],
    ),
    Case(
        "pass-score-out-of-range",
        C,
        "pass_score: 60",
        "pass_score: 150",
        [
            "c/course.yaml:3:13: error: `pass_score` must be between 0 and 100, found 150 [pass_score]"
        ],
    ),
    Case(
        "outline-entry-without-kind",
        C,
        "      - quiz: quizzes/check.yaml",
        "      - title: Lost",
        [
            "c/course.yaml:8:9: error: outline entry needs `lesson`, `quiz` or `children` [outline[0].children[1]]\n    hint: a section is `title` + `children`; a leaf is `lesson: PATH` or `quiz: PATH`"
        ],
    ),
    Case(
        "outline-entry-typo",
        C,
        "      - quiz: quizzes/check.yaml",
        "      - quizz: quizzes/check.yaml",
        [
            "c/course.yaml:8:9: error: unknown key `quizz` in outline entry [outline[0].children[1].quizz]\n    hint: did you mean `quiz`?"
        ],
    ),
    Case(
        "path-outside-course",
        L,
        "../media/map.svg",
        "../../outside.svg",
        [
            "c/lessons/intro.md:7:22: error: image '../../outside.svg' is outside the course folder\n    hint: copy the file into the course folder and refer to the copy"
        ],
    ),
    Case(
        "duplicate-question-id",
        Q,
        "  - type: numeric\n",
        "  - type: numeric\n    id: q1\n",
        [
            "c/quizzes/check.yaml:10:9: error: duplicate question id 'q1' (first used at c/quizzes/check.yaml:3:5) [questions[1].id]\n    hint: give each question its own `id`"
        ],
    ),
    Case(
        "short-answer-empty",
        Q,
        "  - type: numeric\n    prompt: How many?\n    min: 1\n    max: 3\n",
        "  - type: short_answer\n    prompt: Capital of France?\n    answers: []\n",
        ["c/quizzes/check.yaml:11:14: error: `answers` must not be empty [questions[1].answers]"],
    ),
    Case(
        "numeric-answer-and-range",
        Q,
        "    min: 1",
        "    answer: 2\n    min: 1",
        [
            "c/quizzes/check.yaml:12:10: error: numeric question takes `answer` (with optional `tolerance`) or `min` and `max`, not both [questions[1].min]\n    hint: remove `min` or `answer`",
            "c/quizzes/check.yaml:13:10: error: numeric question takes `answer` (with optional `tolerance`) or `min` and `max`, not both [questions[1].max]\n    hint: remove `max` or `answer`",
        ],
    ),
    Case(
        "true-false-without-answer",
        Q,
        "  - type: numeric\n    prompt: How many?\n    min: 1\n    max: 3\n",
        "  - type: true_false\n    prompt: Is it?\n",
        [
            "c/quizzes/check.yaml:9:5: error: true_false question needs `answer` [questions[1].answer]"
        ],
    ),
    Case(
        "true-false-wrong-answer",
        Q,
        "  - type: numeric\n    prompt: How many?\n    min: 1\n    max: 3\n",
        "  - type: true_false\n    prompt: Is it?\n    answer: maybe\n",
        [
            "c/quizzes/check.yaml:11:13: error: `answer` must be true or false, found the text 'maybe' [questions[1].answer]"
        ],
    ),
    Case(
        "cloze-blank-undefined",
        Q,
        "  - type: numeric\n    prompt: How many?\n    min: 1\n    max: 3\n",
        "  - type: cloze\n    prompt: Moscow is the {{captial}} of {{country}}.\n    blanks:\n      capital: [capital]\n      country: [Russia]\n",
        [
            "c/quizzes/check.yaml:10:13: error: blank `{{captial}}` is not defined in `blanks` [questions[1].prompt]\n    hint: did you mean `capital`?",
            "c/quizzes/check.yaml:12:7: error: blank `capital` is not used in the prompt [questions[1].blanks.capital]\n    hint: write {{capital}} in the prompt where the gap goes",
        ],
    ),
    Case(
        "matching-duplicate-left",
        Q,
        "  - type: numeric\n    prompt: How many?\n    min: 1\n    max: 3\n",
        "  - type: matching\n    prompt: Match.\n    pairs:\n      - {left: Lenin, right: 1924}\n      - {left: Lenin, right: 1953}\n",
        [
            "c/quizzes/check.yaml:13:16: error: duplicate left item 'Lenin' (first used at c/quizzes/check.yaml:12:16) [questions[1].pairs[1].left]"
        ],
    ),
    Case(
        "ordering-one-item",
        Q,
        "  - type: numeric\n    prompt: How many?\n    min: 1\n    max: 3\n",
        "  - type: ordering\n    prompt: Order.\n    items: [First]\n",
        [
            "c/quizzes/check.yaml:11:12: error: ordering question needs at least 2 items, found 1 [questions[1].items]"
        ],
    ),
    Case(
        "single-choice-one-choice",
        Q,
        "      - text: Wrong\n",
        "",
        [
            "c/quizzes/check.yaml:6:7: error: single_choice question needs at least 2 choices, found 1 [questions[0].choices]"
        ],
    ),
    Case(
        "choice-as-plain-text",
        Q,
        "      - text: Wrong\n",
        "      - Wrong\n",
        [
            "c/quizzes/check.yaml:8:9: error: choice must be a mapping with `text` [questions[0].choices[1]]\n    hint: write `- text: ...`"
        ],
    ),
    Case(
        "link-to-unsupported-file",
        L,
        "(https://example.org/background)",
        "(notes.docx)",
        [
            "c/lessons/intro.md:9:23: error: linked file 'notes.docx' has an unsupported file type\n    hint: use a file ending in .gif, .jpeg, .jpg, .mp3, .mp4, .pdf, .png, .svg, .webm"
        ],
    ),
    Case(
        "lesson-not-markdown",
        C,
        "lessons/intro.md",
        "media/map.svg",
        [
            "c/course.yaml:7:17: error: lesson file 'media/map.svg' has an unsupported file type [outline[0].children[0].lesson]\n    hint: use a file ending in .md"
        ],
    ),
    Case(
        "options-not-mapping",
        C,
        "pass_score: 60",
        "pass_score: 60\noptions:\n  scorm12: leaf",
        [
            "c/course.yaml:5:12: error: options for `scorm12` must be a mapping of settings [options.scorm12]"
        ],
    ),
    Case(
        "empty-quiz-file",
        Q,
        "",
        "# nothing yet\n",
        ["c/quizzes/check.yaml:1:1: error: quiz file is empty"],
    ),
    Case(
        "question-not-mapping",
        Q,
        "  - type: numeric\n    prompt: How many?\n    min: 1\n    max: 3\n",
        "  - How many?\n",
        [
            "c/quizzes/check.yaml:9:5: error: question must be a mapping with `type` and `prompt` [questions[1]]"
        ],
    ),
    Case(
        "duration-not-positive",
        L,
        "duration: 10",
        "duration: -5",
        [
            "c/lessons/intro.md:3:11: error: `duration` must be greater than 0 and at most 10000, found -5 [duration]"
        ],
    ),
    Case(
        "language-not-bcp47",
        C,
        "pass_score: 60",
        "pass_score: 60\nlanguage: English (UK)",
        [
            "c/course.yaml:4:11: error: language 'English (UK)' is not a BCP 47 language tag [language]\n    hint: for example `en`, `en-GB`, `de` or `fr-CA`"
        ],
    ),
    Case(
        "question-id-invalid",
        Q,
        "  - type: numeric\n",
        "  - type: numeric\n    id: how many\n",
        [
            "c/quizzes/check.yaml:10:9: error: id 'how many' may only contain letters, digits, '-' and '_' [questions[1].id]\n    hint: for example `how-many`"
        ],
    ),
    Case(
        "choice-image-missing",
        Q,
        "      - text: Wrong",
        "      - text: 'Wrong ![A chart](../media/chart.png)'",
        [
            "c/quizzes/check.yaml:8:15: error: image '../media/chart.png' not found [questions[0].choices[1].text]"
        ],
    ),
    Case(
        "distractor-image-missing",
        Q,
        "  - type: numeric\n    prompt: How many?\n    min: 1\n    max: 3\n",
        "  - type: matching\n    prompt: Match.\n    pairs:\n      - {left: Lenin, right: 1924}\n      - {left: Stalin, right: 1953}\n    distractors:\n      - '![A year](pics/1917.png)'\n",
        [
            "c/quizzes/check.yaml:15:9: error: image 'pics/1917.png' not found [questions[1].distractors[0]]"
        ],
    ),
    Case(
        "ordering-duplicate-item",
        Q,
        "  - type: numeric\n    prompt: How many?\n    min: 1\n    max: 3\n",
        "  - type: ordering\n    prompt: Order.\n    items: [First, Second, First]\n",
        [
            "c/quizzes/check.yaml:11:28: error: duplicate item 'First' (first used at c/quizzes/check.yaml:11:13) [questions[1].items[2]]"
        ],
    ),
    Case(
        "lesson-listed-twice",
        C,
        "      - quiz: quizzes/check.yaml",
        "      - lesson: lessons/intro.md\n        id: again\n      - quiz: quizzes/check.yaml",
        [
            "c/course.yaml:8:17: error: duplicate lesson file 'lessons/intro.md' (first used at c/course.yaml:7:17) [outline[0].children[1].lesson]\n    hint: list each file once in the outline"
        ],
    ),
    Case(
        "section-without-children",
        C,
        "      - quiz: quizzes/check.yaml",
        "      - quiz: quizzes/check.yaml\n      - title: Empty\n        children: []",
        [
            "c/course.yaml:10:19: error: `children` must not be empty [outline[0].children[2].children]"
        ],
    ),
    Case(
        "lesson-link-missing-pdf",
        L,
        "(https://example.org/background)",
        "(../media/notes.pdf)",
        ["c/lessons/intro.md:9:23: error: linked file '../media/notes.pdf' not found"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_malformed_source_reports_exact_position(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert case_report(case, tmp_path, monkeypatch) == case.report
