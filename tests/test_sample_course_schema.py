"""The JSON Schemas of the source format, checked against the sample course.

The sample course in ``source/`` is the reference document for the format: it must
satisfy the schemas, and it must exercise what the format offers (every question
type, feedback everywhere, accessible media) so that every target has real content
to export.  Each broken document below is the sample with exactly one change, so a
rejection can only come from that change.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
COURSE_DIR = ROOT / "source" / "stalins-soviet-union"
SVG = "{http://www.w3.org/2000/svg}"

Doc = dict[str, Any]


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _yaml(path: Path) -> Doc:
    data: Doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _leaves(entries: list[Doc], kind: str) -> Iterator[str]:
    """Paths of every ``kind`` (lesson/quiz) leaf of an outline, in order."""
    for entry in entries:
        if kind in entry:
            yield entry[kind]
        yield from _leaves(entry.get("children", []), kind)


def _front_matter(path: Path) -> Doc:
    match = re.match(r"---\n(.*?)\n---\n", path.read_text(encoding="utf-8"), re.DOTALL)
    assert match, f"{path.name} has no front matter"
    data: Doc = yaml.safe_load(match.group(1))
    return data


COURSE = _yaml(COURSE_DIR / "course.yaml")
QUIZ_PATHS = [COURSE_DIR / p for p in _leaves(COURSE["outline"], "quiz")]
LESSON_PATHS = [COURSE_DIR / p for p in _leaves(COURSE["outline"], "lesson")]
CHECK_QUIZ = _yaml(COURSE_DIR / "quizzes" / "check-your-understanding.yaml")
LESSON = _front_matter(LESSON_PATHS[0])
QUESTION_TYPES: list[str] = json.loads((SCHEMAS / "quiz.schema.json").read_text())["$defs"][
    "question"
]["properties"]["type"]["enum"]


def _errors(schema: str, document: Any) -> list[str]:
    """Every violation as ``json_path: message``, so failures show what went wrong."""
    return [f"{e.json_path}: {e.message}" for e in _validator(schema).iter_errors(document)]


# --- the schemas themselves -------------------------------------------------------


@pytest.mark.parametrize("name", ["course", "quiz", "lesson-front-matter"])
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_question_type_enum_is_the_nine_documented_types() -> None:
    documented = re.findall(
        r"^\| `(\w+)` \| `", (ROOT / "docs" / "source-format.md").read_text(), re.M
    )
    assert sorted(QUESTION_TYPES) == sorted(documented)
    assert len(QUESTION_TYPES) == 9


# --- the sample course is valid -------------------------------------------------------


def test_sample_course_yaml_validates() -> None:
    assert _errors("course", COURSE) == []


@pytest.mark.parametrize("path", QUIZ_PATHS, ids=lambda p: p.name)
def test_sample_quiz_validates(path: Path) -> None:
    assert _errors("quiz", _yaml(path)) == []


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.name)
def test_sample_lesson_front_matter_validates(path: Path) -> None:
    assert _errors("lesson-front-matter", _front_matter(path)) == []


@pytest.mark.parametrize("path", [COURSE_DIR / "course.yaml", *QUIZ_PATHS], ids=lambda p: p.name)
def test_editor_schema_comment_points_at_the_right_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    expected = "course" if path.name == "course.yaml" else "quiz"
    assert (path.parent / match.group(1)).resolve() == SCHEMAS / f"{expected}.schema.json"


# --- the sample course covers the format ----------------------------------------------


def test_sample_course_settings() -> None:
    assert COURSE["id"] == "stalins-soviet-union"
    assert COURSE["language"] == "en-GB"
    assert COURSE["license"] == "CC-BY-4.0"
    assert COURSE["pass_score"] == 70
    assert "targets" not in COURSE, "without `targets` every target builds the sample"
    unit = COURSE["outline"][0]
    chapter = unit["children"][0]
    assert (unit["title"], unit["label"]) == ("The World in Crisis", "unit")
    assert (chapter["title"], chapter["label"]) == ("Stalin's Soviet Union", "chapter")
    assert 4 <= len(LESSON_PATHS) <= 5


def test_check_quiz_uses_every_question_type_with_feedback() -> None:
    questions = CHECK_QUIZ["questions"]
    assert {q["type"] for q in questions} == set(QUESTION_TYPES)
    for question in questions:
        feedback = question.get("feedback", {})
        assert all(feedback.get(k) for k in ("general", "correct", "incorrect")), question["id"]
        for choice in question.get("choices", []):
            assert choice.get("feedback"), (question["id"], choice["text"])


def test_check_quiz_has_each_numeric_form() -> None:
    numeric = [q for q in CHECK_QUIZ["questions"] if q["type"] == "numeric"]
    forms = {
        "range" if "min" in q else "tolerance" if "tolerance" in q else "exact" for q in numeric
    }
    assert forms == {"exact", "tolerance", "range"}
    assert any(q.get("answer") == 1924 and "tolerance" not in q for q in numeric)


def test_essay_quiz_has_model_answer_and_marking_levels() -> None:
    quiz = _yaml(COURSE_DIR / "quizzes" / "essay-trotsky.yaml")
    [essay] = quiz["questions"]
    assert essay["type"] == "essay"
    assert "Explain why Trotsky did not become the leader of the USSR" in essay["prompt"]
    assert len(essay["model_answer"].split()) >= 250
    levels = re.findall(r"^\| (\d) \| (\d+)(?:-(\d+))? \|", essay["rubric"], re.M)
    assert [int(level) for level, _, _ in levels] == [4, 3, 2, 1, 0]
    assert max(int(high or low) for _, low, high in levels) == essay["points"]


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.name)
def test_lesson_length_and_front_matter(path: Path) -> None:
    front = _front_matter(path)
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert 250 <= len(body.split()) <= 500
    assert front["objectives"] and front["duration"] > 0


def test_lessons_use_table_footnote_math_image_and_web_link() -> None:
    bodies = "\n".join(p.read_text(encoding="utf-8") for p in LESSON_PATHS)
    assert re.search(r"^\|---\|", bodies, re.M), "a table"
    assert re.search(r"^\[\^\w+\]:", bodies, re.M), "a footnote"
    assert "$$" in bodies or re.search(r"\$[^$\n]+\$", bodies), "math"
    assert re.search(r"!\[[^\]]+\]\(\.\./media/timeline-1917-1929\.svg\)", bodies)
    assert re.search(r"\]\(https?://[^)]+\)", bodies), "an external web link"


@pytest.mark.parametrize("name", ["timeline-1917-1929.svg", "politburo-1924.svg"])
def test_svg_media_are_accessible(name: str) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(COURSE_DIR / "media" / name), parser).getroot()
    assert root.tag == f"{SVG}svg"
    assert len(root.get("viewBox", "").split()) == 4
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("role") == "img"
    assert not list(root.iter(f"{SVG}script")), "media must not run code"
    texts = list(root.iter(f"{SVG}text"))
    assert texts and min(_font_size(text) for text in texts) >= 14, "readable text"


def _font_size(element: etree._Element) -> float:
    """The font size an SVG element inherits (its own, else the nearest ancestor's)."""
    for node in (element, *element.iterancestors()):
        size = node.get("font-size")
        if size is not None:
            return float(size)
    return 16.0  # the SVG/CSS initial value "medium"


def test_svg_media_are_used() -> None:
    used = "\n".join(p.read_text(encoding="utf-8") for p in [*LESSON_PATHS, *QUIZ_PATHS])
    for svg in (COURSE_DIR / "media").glob("*.svg"):
        assert f"../media/{svg.name}" in used, svg.name


# --- broken documents are rejected ----------------------------------------------------

_DELETE = object()


def _changed(base: Doc, path: tuple[str | int, ...], value: Any) -> Doc:
    """A deep copy of ``base`` with the value at ``path`` replaced (or removed)."""
    doc = copy.deepcopy(base)
    parent: Any = doc
    for key in path[:-1]:
        parent = parent[key]
    if value is _DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return doc


def _question(qtype: str) -> tuple[str | int, ...]:
    index = next(i for i, q in enumerate(CHECK_QUIZ["questions"]) if q["type"] == qtype)
    return ("questions", index)


def _marked(*marks: bool) -> list[Doc]:
    """Choices ``option 0``, ``option 1`` ... with the given ``correct`` marks."""
    return [{"text": f"option {i}", "correct": mark} for i, mark in enumerate(marks)]


LESSON_ENTRY = ("outline", 0, "children", 0, "children", 0)
SINGLE = _question("single_choice")
MULTIPLE = _question("multiple_response")
TRUE_FALSE = _question("true_false")
SHORT = _question("short_answer")
EXACT = _question("numeric")
TOLERANCE = (
    "questions",
    CHECK_QUIZ["questions"].index(next(q for q in CHECK_QUIZ["questions"] if "tolerance" in q)),
)
RANGE = (
    "questions",
    CHECK_QUIZ["questions"].index(next(q for q in CHECK_QUIZ["questions"] if "min" in q)),
)
ESSAY = _question("essay")
MATCHING = _question("matching")
ORDERING = _question("ordering")
CLOZE = _question("cloze")
DISCUSSION = ("options", "cc", "discussion")

Path_ = tuple[str | int, ...]
BROKEN: list[tuple[str, str, Doc, Path_, Any, Path_]] = [
    # (case, schema, valid base, path to change, new value, where the error must be reported)
    ("course-unknown-key", "course", COURSE, ("titel",), "x", ()),
    ("course-id-not-slug", "course", COURSE, ("id",), "Stalin's USSR", ("id",)),
    ("course-missing-outline", "course", COURSE, ("outline",), _DELETE, ()),
    ("course-empty-outline", "course", COURSE, ("outline",), [], ("outline",)),
    ("course-pass-score-over-100", "course", COURSE, ("pass_score",), 150, ("pass_score",)),
    ("course-language-not-bcp47", "course", COURSE, ("language",), "English", ("language",)),
    ("course-version-as-list", "course", COURSE, ("version",), [1, 0], ("version",)),
    ("course-author-bad-email", "course", COURSE, ("authors", 0), "A <x>", ("authors", 0)),
    ("course-target-bad-name", "course", COURSE, ("targets",), ["SCORM 1.2"], ("targets", 0)),
    ("discussion-without-text", "course", COURSE, (*DISCUSSION, "text"), _DELETE, DISCUSSION),
    ("section-no-children", "course", COURSE, ("outline", 0, "children"), _DELETE, ("outline", 0)),
    (
        "section-empty-children",
        "course",
        COURSE,
        ("outline", 0, "children"),
        [],
        ("outline", 0, "children"),
    ),
    ("leaf-lesson-and-quiz", "course", COURSE, (*LESSON_ENTRY, "quiz"), "q.yaml", LESSON_ENTRY),
    ("leaf-unknown-key", "course", COURSE, (*LESSON_ENTRY, "label"), "topic", LESSON_ENTRY),
    ("leaf-id-with-space", "course", COURSE, (*LESSON_ENTRY, "id"), "a b", (*LESSON_ENTRY, "id")),
    (
        "lesson-absolute-path",
        "course",
        COURSE,
        (*LESSON_ENTRY, "lesson"),
        "/l.md",
        (*LESSON_ENTRY, "lesson"),
    ),
    (
        "lesson-outside-course",
        "course",
        COURSE,
        (*LESSON_ENTRY, "lesson"),
        "../l.md",
        (*LESSON_ENTRY, "lesson"),
    ),
    (
        "lesson-not-markdown",
        "course",
        COURSE,
        (*LESSON_ENTRY, "lesson"),
        "l.txt",
        (*LESSON_ENTRY, "lesson"),
    ),
    ("quiz-unknown-key", "quiz", CHECK_QUIZ, ("shufle",), True, ()),
    ("quiz-missing-questions", "quiz", CHECK_QUIZ, ("questions",), _DELETE, ()),
    ("quiz-negative-attempts", "quiz", CHECK_QUIZ, ("attempts",), -1, ("attempts",)),
    ("quiz-fractional-time-limit", "quiz", CHECK_QUIZ, ("time_limit",), 12.5, ("time_limit",)),
    ("question-bad-type", "quiz", CHECK_QUIZ, (*SINGLE, "type"), "mcq", (*SINGLE, "type")),
    ("question-missing-type", "quiz", CHECK_QUIZ, (*ESSAY, "type"), _DELETE, ESSAY),
    ("question-missing-prompt", "quiz", CHECK_QUIZ, (*TRUE_FALSE, "prompt"), _DELETE, TRUE_FALSE),
    ("question-zero-points", "quiz", CHECK_QUIZ, (*ESSAY, "points"), 0, (*ESSAY, "points")),
    ("question-key-of-other-type", "quiz", CHECK_QUIZ, (*SINGLE, "answers"), ["x"], SINGLE),
    (
        "feedback-unknown-key",
        "quiz",
        CHECK_QUIZ,
        (*ORDERING, "feedback", "wrong"),
        "x",
        (*ORDERING, "feedback"),
    ),
    (
        "single-two-correct",
        "quiz",
        CHECK_QUIZ,
        (*SINGLE, "choices"),
        _marked(True, True, False),
        (*SINGLE, "choices"),
    ),
    (
        "single-none-correct",
        "quiz",
        CHECK_QUIZ,
        (*SINGLE, "choices"),
        _marked(False, False),
        (*SINGLE, "choices"),
    ),
    (
        "single-one-choice",
        "quiz",
        CHECK_QUIZ,
        (*SINGLE, "choices"),
        _marked(True),
        (*SINGLE, "choices"),
    ),
    (
        "multiple-none-correct",
        "quiz",
        CHECK_QUIZ,
        (*MULTIPLE, "choices"),
        _marked(False, False),
        (*MULTIPLE, "choices"),
    ),
    (
        "choice-without-text",
        "quiz",
        CHECK_QUIZ,
        (*SINGLE, "choices", 0, "text"),
        _DELETE,
        (*SINGLE, "choices", 0),
    ),
    (
        "true-false-answer-text",
        "quiz",
        CHECK_QUIZ,
        (*TRUE_FALSE, "answer"),
        "false",
        (*TRUE_FALSE, "answer"),
    ),
    ("short-answer-no-answers", "quiz", CHECK_QUIZ, (*SHORT, "answers"), [], (*SHORT, "answers")),
    ("numeric-answer-and-min", "quiz", CHECK_QUIZ, (*EXACT, "min"), 1900, EXACT),
    (
        "numeric-range-and-tolerance",
        "quiz",
        CHECK_QUIZ,
        (*RANGE, "tolerance"),
        1,
        RANGE,
    ),
    ("numeric-min-without-max", "quiz", CHECK_QUIZ, (*RANGE, "max"), _DELETE, RANGE),
    ("numeric-answer-as-text", "quiz", CHECK_QUIZ, (*EXACT, "answer"), "1924", (*EXACT, "answer")),
    (
        "numeric-negative-tolerance",
        "quiz",
        CHECK_QUIZ,
        (*TOLERANCE, "tolerance"),
        -1,
        (*TOLERANCE, "tolerance"),
    ),
    (
        "matching-one-pair",
        "quiz",
        CHECK_QUIZ,
        (*MATCHING, "pairs"),
        [{"left": "a", "right": "b"}],
        (*MATCHING, "pairs"),
    ),
    (
        "matching-pair-no-right",
        "quiz",
        CHECK_QUIZ,
        (*MATCHING, "pairs", 0, "right"),
        _DELETE,
        (*MATCHING, "pairs", 0),
    ),
    (
        "ordering-repeated-item",
        "quiz",
        CHECK_QUIZ,
        (*ORDERING, "items"),
        ["1917", "1917"],
        (*ORDERING, "items"),
    ),
    (
        "cloze-prompt-without-blank",
        "quiz",
        CHECK_QUIZ,
        (*CLOZE, "prompt"),
        "No gaps.",
        (*CLOZE, "prompt"),
    ),
    (
        "cloze-bad-blank-name",
        "quiz",
        CHECK_QUIZ,
        (*CLOZE, "blanks", "1st"),
        ["x"],
        (*CLOZE, "blanks"),
    ),
    (
        "cloze-blank-unknown-key",
        "quiz",
        CHECK_QUIZ,
        (*CLOZE, "blanks", "nep", "case"),
        True,
        (*CLOZE, "blanks", "nep"),
    ),
    (
        "cloze-blank-no-answers",
        "quiz",
        CHECK_QUIZ,
        (*CLOZE, "blanks", "nep"),
        [],
        (*CLOZE, "blanks", "nep"),
    ),
    ("front-matter-missing-title", "lesson-front-matter", LESSON, ("title",), _DELETE, ()),
    ("front-matter-unknown-key", "lesson-front-matter", LESSON, ("objective",), ["x"], ()),
    ("front-matter-zero-duration", "lesson-front-matter", LESSON, ("duration",), 0, ("duration",)),
    (
        "front-matter-duration-text",
        "lesson-front-matter",
        LESSON,
        ("duration",),
        "15 min",
        ("duration",),
    ),
    (
        "front-matter-objectives-text",
        "lesson-front-matter",
        LESSON,
        ("objectives",),
        "x",
        ("objectives",),
    ),
]


def _json_path(path: Path_) -> str:
    """``("questions", 2, "answer")`` as jsonschema prints it: ``$.questions[2].answer``."""
    return "$" + "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in path)


@pytest.mark.parametrize(
    ("schema", "base", "path", "value", "where"),
    [pytest.param(*case[1:], id=case[0]) for case in BROKEN],
)
def test_broken_document_is_rejected_where_it_is_broken(
    schema: str, base: Doc, path: Path_, value: Any, where: Path_
) -> None:
    assert _errors(schema, base) == [], "the unchanged sample must be valid"
    errors = _errors(schema, _changed(base, path, value))
    assert any(e.startswith(f"{_json_path(where)}: ") for e in errors), errors
