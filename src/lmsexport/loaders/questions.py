"""Reading the questions of a quiz: one small reader per question type.

Each reader checks the rules of its type (one correct choice, ``min <= max``,
every cloze blank used and defined ...) and reports problems at the key they
concern, with the field path (``questions[2].choices``) and a hint.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Literal, TypedDict

from lmsexport.errors import SourcePos, error
from lmsexport.loaders.blankmarkers import bad_markers
from lmsexport.loaders.context import check_unique
from lmsexport.loaders.fields import (
    MAX_POINTS,
    MapReader,
    as_text,
    did_you_mean,
    join_field,
)
from lmsexport.loaders.quizctx import QuizContext
from lmsexport.loaders.yamlnodes import Map, Node, Scalar
from lmsexport.model import (
    AnyQuestion,
    Blank,
    Choice,
    Cloze,
    Essay,
    Feedback,
    Matching,
    MatchPair,
    MultipleResponse,
    Numeric,
    NumericAnswer,
    Ordering,
    OrderItem,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from lmsexport.model.ids import make_ident
from lmsexport.model.questions import BLANK_PATTERN

COMMON_KEYS = ("id", "type", "title", "prompt", "points", "feedback")
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "single_choice": ("choices", "shuffle"),
    "multiple_response": ("choices", "shuffle", "partial_credit"),
    "true_false": ("answer",),
    "short_answer": ("answers", "case_sensitive"),
    "numeric": ("answer", "tolerance", "min", "max"),
    "essay": ("model_answer", "rubric"),
    "matching": ("pairs", "distractors"),
    "ordering": ("items",),
    "cloze": ("blanks",),
}
"""The keys each question type accepts besides :data:`COMMON_KEYS`."""

_ALL_KEYS = tuple(sorted({*COMMON_KEYS, *(k for keys in TYPE_KEYS.values() for k in keys)}))
_BLANK = re.compile(BLANK_PATTERN)
_BLANK_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class Common(TypedDict):
    """The keyword arguments every question class takes."""

    id: str
    ident: str
    title: str
    prompt: str
    points: float
    feedback: Feedback
    pos: SourcePos
    source_field: str


def choice_id(index: int) -> str:
    """``a`` .. ``z``, then ``aa``, ``ab`` ...: short, stable choice tokens."""
    letters = string.ascii_lowercase
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = letters[rest] + name
    return name


def read_question(quiz: QuizContext, node: Node, index: int) -> AnyQuestion | None:
    """The question at ``questions[index]``, or ``None`` if its type is unusable."""
    field = f"questions[{index}]"
    if not isinstance(node, Map):
        quiz.diagnostics.append(
            error("question must be a mapping with `type` and `prompt`", node.pos, field)
        )
        return None
    qtype = _question_type(quiz, node, field)
    if qtype is None:
        return None
    reader = quiz.reader(node, f"{qtype} question", COMMON_KEYS + TYPE_KEYS[qtype], field)
    qid = quiz.ctx.read_id(reader, f"q{index + 1}")
    common: Common = {
        "id": qid,
        "ident": make_ident(f"{quiz.ctx.course_id}/{quiz.href}#{qid}"),
        "title": reader.text("title", qid, nonblank=True),
        "prompt": quiz.markdown(reader, "prompt", required=True),
        "points": reader.number("points", 1.0, above=0, maximum=MAX_POINTS),
        "feedback": _feedback(quiz, reader),
        "pos": node.pos,
        "source_field": field,
    }
    return _READERS[qtype](quiz, reader, common)


def _question_type(quiz: QuizContext, node: Map, field: str) -> str | None:
    entry = node.entries.get("type")
    kinds = ", ".join(TYPE_KEYS)
    if entry is None or not isinstance(entry.node, Scalar) or entry.node.value is None:
        quiz.reader(node, "question", _ALL_KEYS, field)
        quiz.diagnostics.append(
            error("question needs `type`", node.pos, join_field(field, "type"), f"one of: {kinds}")
        )
        return None
    qtype = as_text(entry.node)
    if qtype not in TYPE_KEYS:
        quiz.diagnostics.append(
            error(
                f"unknown question type '{qtype}'",
                entry.node.pos,
                join_field(field, "type"),
                did_you_mean(qtype, TYPE_KEYS) or f"use one of: {kinds}",
            )
        )
        return None
    return qtype


def _feedback(quiz: QuizContext, reader: MapReader) -> Feedback:
    node = reader.mapping("feedback")
    if node is None:
        return Feedback()
    sub = quiz.reader(
        node, "feedback", ("general", "correct", "incorrect"), reader.field("feedback")
    )
    return Feedback(
        quiz.markdown(sub, "general"),
        quiz.markdown(sub, "correct"),
        quiz.markdown(sub, "incorrect"),
    )


def _choices(quiz: QuizContext, reader: MapReader, qtype: str) -> tuple[Choice, ...]:
    items = reader.seq("choices", required=True)
    choices: list[Choice] = []
    texts: dict[str, SourcePos] = {}
    for index, item in enumerate(items):
        key = f"choices[{index}]"
        if not isinstance(item, Map):
            reader.fail(
                "choice must be a mapping with `text`", item.pos, key, "write `- text: ...`"
            )
            continue
        sub = quiz.reader(item, "choice", ("text", "correct", "feedback"), reader.field(key))
        text = quiz.markdown(sub, "text", required=True)
        if text:
            _distinct(quiz, texts, text, sub.pos("text"), sub.field("text"), "choice", SAME_CHOICE)
        correct = sub.boolean("correct", False)
        choices.append(
            Choice(choice_id(index), text, correct, quiz.markdown(sub, "feedback"), item.pos)
        )
    if len(items) == 1:
        reader.fail(
            f"{qtype} question needs at least 2 choices, found 1", reader.pos("choices"), "choices"
        )
    return tuple(choices)


def _single_choice(quiz: QuizContext, reader: MapReader, common: Common) -> SingleChoice:
    choices = _choices(quiz, reader, "single_choice")
    correct = sum(c.correct for c in choices)
    if choices and correct != 1:
        reader.fail(
            f"single_choice question needs exactly one correct choice, found {correct}",
            reader.pos("choices"),
            "choices",
            "mark the right choice with `correct: true`"
            if correct == 0
            else "use type `multiple_response` when several choices are right",
        )
    return SingleChoice(**common, choices=choices, shuffle=reader.boolean("shuffle", True))


def _multiple_response(quiz: QuizContext, reader: MapReader, common: Common) -> MultipleResponse:
    choices = _choices(quiz, reader, "multiple_response")
    if choices and not any(c.correct for c in choices):
        reader.fail(
            "multiple_response question needs at least one correct choice, found 0",
            reader.pos("choices"),
            "choices",
            "mark each right choice with `correct: true`",
        )
    return MultipleResponse(
        **common,
        choices=choices,
        shuffle=reader.boolean("shuffle", True),
        partial_credit=reader.boolean("partial_credit", False),
    )


def _true_false(quiz: QuizContext, reader: MapReader, common: Common) -> TrueFalse:
    present = reader.get("answer", required=True) is not None
    return TrueFalse(**common, answer=present and reader.boolean("answer", False))


def _short_answer(quiz: QuizContext, reader: MapReader, common: Common) -> ShortAnswer:
    return ShortAnswer(
        **common,
        answers=reader.texts("answers", required=True),
        case_sensitive=reader.boolean("case_sensitive", False),
    )


def _numeric(quiz: QuizContext, reader: MapReader, common: Common) -> Numeric:
    if reader.has("answer"):
        for key in ("min", "max"):
            if reader.has(key):
                reader.fail(
                    "numeric question takes `answer` (with optional `tolerance`) or `min` and `max`, not both",
                    reader.pos(key),
                    key,
                    f"remove `{key}` or `answer`",
                )
        value = reader.number("answer", required=True)
        tolerance = reader.number("tolerance", minimum=0)
        kind: Literal["exact", "tolerance"] = "exact" if tolerance is None else "tolerance"
        return Numeric(
            **common, answer=NumericAnswer(kind, value, 0.0 if tolerance is None else tolerance)
        )
    if not reader.has("min") and not reader.has("max"):
        reader.fail(
            "numeric question needs `answer` or `min` and `max`",
            reader.node.pos,
            "answer",
            "write `answer: 42` (optionally `tolerance: 0.5`) or `min: 40` and `max: 44`",
        )
        return Numeric(**common, answer=NumericAnswer("exact", 0.0))
    if reader.has("tolerance"):
        reader.fail(
            "numeric question takes `tolerance` only with `answer`; a `min`/`max` range has none",
            reader.node.entries["tolerance"].key_pos,
            "tolerance",
            "remove `tolerance`, or write `answer` and `tolerance` instead of `min` and `max`",
        )
    low = reader.number("min", required=True)
    high = reader.number("max", required=True)
    if low is not None and high is not None and low > high:
        reader.fail(
            f"numeric range has `min` {low:g} greater than `max` {high:g}",
            reader.pos("min"),
            "min",
            "swap the two values",
        )
    return Numeric(**common, answer=NumericAnswer("range", min=low, max=high))


def _essay(quiz: QuizContext, reader: MapReader, common: Common) -> Essay:
    return Essay(
        **common,
        model_answer=quiz.markdown(reader, "model_answer"),
        rubric=quiz.markdown(reader, "rubric"),
    )


def _matching(quiz: QuizContext, reader: MapReader, common: Common) -> Matching:
    items = reader.seq("pairs", required=True)
    pairs: list[MatchPair] = []
    lefts: dict[str, SourcePos] = {}
    rights: dict[str, SourcePos] = {}
    for index, item in enumerate(items):
        key = f"pairs[{index}]"
        if not isinstance(item, Map):
            reader.fail("pair must be a mapping with `left` and `right`", item.pos, key)
            continue
        sub = quiz.reader(item, "pair", ("left", "right"), reader.field(key))
        left = quiz.markdown(sub, "left", required=True)
        right = quiz.markdown(sub, "right", required=True)
        if left:
            _distinct(quiz, lefts, left, sub.pos("left"), sub.field("left"), "left item")
        if right:
            _distinct(
                quiz, rights, right, sub.pos("right"), sub.field("right"), "right item", SAME_RIGHT
            )
        pairs.append(MatchPair(f"p{index + 1}", left, right, item.pos))
    if len(items) == 1:
        reader.fail(
            "matching question needs at least 2 pairs, found 1", reader.pos("pairs"), "pairs"
        )
    distractors = quiz.markdown_list(reader, "distractors")
    for distractor in distractors:
        _distinct(
            quiz,
            rights,
            distractor.text,
            distractor.pos,
            reader.field(distractor.key),
            "right item",
            SAME_RIGHT,
        )
    return Matching(**common, pairs=tuple(pairs), distractors=tuple(d.text for d in distractors))


def _ordering(quiz: QuizContext, reader: MapReader, common: Common) -> Ordering:
    located = quiz.markdown_list(reader, "items", required=True)
    seen: dict[str, SourcePos] = {}
    for item in located:
        _distinct(quiz, seen, item.text, item.pos, reader.field(item.key), "item")
    if len(located) == 1:
        reader.fail(
            "ordering question needs at least 2 items, found 1", reader.pos("items"), "items"
        )
    items = tuple(OrderItem(f"o{i + 1}", item.text, item.pos) for i, item in enumerate(located))
    return Ordering(**common, items=items)


SAME_CHOICE = "learners cannot tell identical choices apart: reword one or remove it"
SAME_RIGHT = (
    "a right item or distractor written twice shows twice, and the score depends on which "
    "copy the learner picks: write each once"
)


def _distinct(
    quiz: QuizContext,
    seen: dict[str, SourcePos],
    text: str,
    pos: SourcePos,
    field: str,
    what: str,
    hint: str | None = None,
) -> None:
    """Report ``text`` if an earlier option reads the same once Markdown whitespace is collapsed.

    Runs of spaces and line breaks inside a paragraph render as one space, so
    ``Paris`` and ``Paris  `` look identical to a learner and must count as one.
    """
    check_unique(seen, " ".join(text.split()), pos, field, what, quiz.diagnostics, hint)


def _cloze(quiz: QuizContext, reader: MapReader, common: Common) -> Cloze:
    defined = _blanks(quiz, reader)
    prompt_pos = reader.pos("prompt")
    meant = _bad_markers(quiz, reader, common["prompt"], defined)
    used: list[str] = []
    for name in _BLANK.findall(common["prompt"]):
        if name in used:
            reader.fail(f"blank `{{{{{name}}}}}` appears twice in the prompt", prompt_pos, "prompt")
        elif name not in defined:
            reader.fail(
                f"blank `{{{{{name}}}}}` is not defined in `blanks`",
                prompt_pos,
                "prompt",
                did_you_mean(name, defined) or f"add `{name}: [answer]` under `blanks`",
            )
        used.append(name)
    for name, blank in defined.items():
        if name not in used and name not in meant:
            reader.fail(
                f"blank `{name}` is not used in the prompt",
                blank.pos or prompt_pos,
                f"blanks.{name}",
                f"write {{{{{name}}}}} in the prompt where the gap goes",
            )
    return Cloze(**common, blanks=tuple(defined[n] for n in dict.fromkeys(used) if n in defined))


def _bad_markers(
    quiz: QuizContext, reader: MapReader, prompt: str, defined: dict[str, Blank]
) -> set[str]:
    """Report each malformed ``{{`` marker at its column; return the defined names they meant.

    A blank meant by a mistyped marker is not also reported as unused: the
    marker is the one thing to fix.
    """
    prompt_pos = reader.pos("prompt")
    later = [
        e.key_pos.line for e in reader.node.entries.values() if e.key_pos.line > prompt_pos.line
    ]
    meant: set[str] = set()
    for marker in bad_markers(prompt):
        earlier = prompt.count(marker.text, 0, marker.offset)
        found = quiz.find(marker.text, prompt_pos, min(later, default=None), earlier)
        name = marker.meant()
        known = name if name in defined else None
        reader.fail(
            f"malformed blank marker '{marker.shown}': write {{{{name}}}} with a name of "
            "letters, digits, - or _",
            found or prompt_pos,
            "prompt",
            f"did you mean `{{{{{known}}}}}`?" if known else None,
        )
        if known:
            meant.add(known)
    return meant


def _blanks(quiz: QuizContext, reader: MapReader) -> dict[str, Blank]:
    """Blanks by name; each is a list of answers or a mapping with ``answers``."""
    node = reader.mapping("blanks", required=True)
    if node is None:
        return {}
    names = quiz.reader(node, "blanks", tuple(node.entries), reader.field("blanks"))
    blanks: dict[str, Blank] = {}
    for name, entry in node.entries.items():
        if not _BLANK_NAME.fullmatch(name):
            names.fail(
                f"blank name '{name}' may only hold letters, digits, '_' and '-'",
                entry.key_pos,
                name,
            )
        elif isinstance(entry.node, Map):
            sub = quiz.reader(entry.node, "blank", ("answers", "case_sensitive"), names.field(name))
            answers = sub.texts("answers", required=True)
            blanks[name] = Blank(name, answers, sub.boolean("case_sensitive", False), entry.key_pos)
        else:
            blanks[name] = Blank(name, names.texts(name, required=True), pos=entry.key_pos)
    return blanks


_READERS: dict[str, Callable[[QuizContext, MapReader, Common], AnyQuestion]] = {
    "single_choice": _single_choice,
    "multiple_response": _multiple_response,
    "true_false": _true_false,
    "short_answer": _short_answer,
    "numeric": _numeric,
    "essay": _essay,
    "matching": _matching,
    "ordering": _ordering,
    "cloze": _cloze,
}
