"""text2qti banks: the plain-text quiz syntax documented in text2qti's README.

Our own reader (text2qti itself is only the reference in tests): numbered
questions, ``*a)``/``a)`` choices, ``[*]``/``[ ]`` multiple answers, ``*`` short
answers, ``=`` numbers (exact, ``+-`` margin or percentage, ``[min, max]``),
``___`` essays, ``^^^`` file uploads (imported as essays, with a warning),
``...``/``+``/``-`` feedback, ``Title:``/``Points:``, quiz title and description,
``%`` and ``COMMENT`` comments.  Groups are flattened; text regions and
executable code blocks are reported and skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmsexport.loaders.importers.common import Bank, Question, choice, question, whole_or_float

_STARTS: tuple[tuple[str, str], ...] = (
    ("question", r"\d+\.[ \t]+(?=\S)"),
    ("mc_right", r"\*[a-zA-Z]\)[ \t]+(?=\S)"),
    ("mc_wrong", r"[a-zA-Z]\)[ \t]+(?=\S)"),
    ("ma_right", r"\[\*\][ \t]+(?=\S)"),
    ("ma_wrong", r"\[ ?\][ \t]+(?=\S)"),
    ("short", r"\*[ \t]+(?=\S)"),
    ("feedback", r"\.\.\.[ \t]+(?=\S)"),
    ("correct_feedback", r"\+[ \t]+(?=\S)"),
    ("incorrect_feedback", r"-[ \t]+(?=\S)"),
    ("solution", r"![ \t]+(?=\S)"),
    ("essay", r"___+[ \t]*$"),
    ("upload", r"\^\^\^+[ \t]*$"),
    ("numerical", r"=[ \t]+(?=\S)"),
    ("title", r"[Tt]itle:[ \t]*"),
    ("points", r"[Pp]oints:[ \t]*"),
    ("text_title", r"[Tt]ext [Tt]itle:[ \t]*"),
    ("text", r"[Tt]ext:[ \t]*"),
    ("quiz_title", r"[Qq]uiz [Tt]itle:[ \t]*"),
    ("quiz_description", r"[Qq]uiz [Dd]escription:[ \t]*"),
    ("end_group", r"END_GROUP[ \t]*$"),
    ("start_group", r"GROUP[ \t]*$"),
    ("group_setting", r"(?:[Pp]ick|[Ss]olutions pick|[Pp]oints per question):[ \t]*"),
    ("code", r"```+"),
    (
        "quiz_setting",
        r"(?:[Ss]huffle answers|[Ss]how correct answers|[Oo]ne question at a time|"
        r"[Cc]an't go back|[Ff]eedback is solution|[Ss]olutions sample groups|"
        r"[Ss]olutions randomize groups):[ \t]*",
    ),
)
_START = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _STARTS))
_SINGLE_LINE = {
    "points",
    "numerical",
    "short",
    "group_setting",
    "quiz_setting",
    "essay",
    "upload",
    "start_group",
    "end_group",
    "title",
    "text_title",
    "quiz_title",
}
_TRUE_FALSE = {"true", "false"}
_LABELS = {
    "mc_right": "choice '*a)'",
    "mc_wrong": "choice 'a)'",
    "ma_right": "choice '[*]'",
    "ma_wrong": "choice '[ ]'",
    "short": "answer '*'",
    "numerical": "answer '='",
    "essay": "essay '___'",
    "upload": "upload '^^^'",
    "feedback": "feedback '...'",
    "correct_feedback": "feedback '+'",
    "incorrect_feedback": "feedback '-'",
    "solution": "solution '!'",
}


@dataclass
class _Draft:
    """A question being read: what each line added so far."""

    line: int
    prompt: str
    title: str = ""
    points: float = 1.0
    kind: str = ""
    choices: list[dict[str, Any]] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    numeric: dict[str, Any] = field(default_factory=dict)
    feedback: dict[str, str] = field(default_factory=dict)


class Text2qtiReader:
    """Parses one text2qti file into a :class:`Bank`."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.draft: _Draft | None = None
        self.pending: dict[str, Any] = {}

    def read(self, source: str) -> None:
        """Walk the file line by line: text2qti's grammar is line-based, so each line's marker decides its role."""
        lines = source.splitlines()
        index = 0
        while index < len(lines):
            line = lines[index]
            number = index + 1
            if not line.strip() or line.startswith("%"):
                index += 1
                continue
            if line.rstrip() == "COMMENT":
                end = next(
                    (i for i in range(index + 1, len(lines)) if lines[i].startswith("END_COMMENT")),
                    None,
                )
                if end is None:
                    self.bank.error("COMMENT without a following END_COMMENT", number, 1)
                    return
                index = end + 1
                continue
            found = _START.match(line)
            if found is None or found.lastgroup is None:
                self.bank.error(
                    f"unexpected text {line.strip()[:40]!r}: not a question, choice, "
                    "answer or setting (continuation lines must be indented)",
                    number,
                    1,
                )
                index += 1
                continue
            kind = found.lastgroup
            if kind == "code":
                end = next(
                    (i for i in range(index + 1, len(lines)) if lines[i].startswith("```")), None
                )
                self.bank.skip(
                    "executable code block (run it with text2qti and import the result)", number, 1
                )
                if end is None:
                    self.bank.error("code block is never closed with ```", number, 1)
                    return
                index = end + 1
                continue
            text_lines = [line[found.end() :].rstrip()]
            width = len(line[: found.end()].expandtabs(4))
            index += 1
            if kind not in _SINGLE_LINE:
                width = 2 if kind in ("quiz_description", "text") else width
                index = self._continue(lines, index, width, text_lines)
            self.line(kind, "\n".join(text_lines).strip(), number, found.end() + 1)
        self.finish()
        if self.pending:
            self.bank.error("Title:/Points: not followed by a question", len(lines), 1)

    @staticmethod
    def _continue(lines: list[str], index: int, width: int, text_lines: list[str]) -> int:
        """Append indented continuation lines; blank lines stay inside when more indented text follows."""
        indent = " " * max(width, 2)
        while index < len(lines):
            line = lines[index].expandtabs(4)
            if not line.strip():
                ahead = index + 1
                while ahead < len(lines) and not lines[ahead].strip():
                    ahead += 1
                if ahead < len(lines) and lines[ahead].expandtabs(4).startswith(indent):
                    text_lines.extend([""] * (ahead - index))
                    index = ahead
                    continue
                return index
            if not line.startswith(indent):
                return index
            text_lines.append(line[len(indent) :].rstrip())
            index += 1
        return index

    def line(self, kind: str, text: str, number: int, column: int) -> None:
        """Route one classified line: a new question closes the draft before it, the rest extend the draft."""
        if kind == "question":
            self.finish()
            self.draft = _Draft(number, text, **self.pending)
            self.pending = {}
            return
        if kind in ("title", "points"):
            if kind == "points":
                try:
                    value = float(text)
                except ValueError:
                    self.bank.error(f"points {text!r} is not a number", number, column)
                    return
                if value <= 0:
                    self.bank.error(f"points must be above 0, found {text}", number, column)
                    return
                self.pending["points"] = value
            else:
                self.pending["title"] = text
            return
        if kind == "quiz_title":
            self.bank.title = text
            return
        if kind == "quiz_description":
            self.bank.instructions = text
            return
        if kind in ("start_group", "end_group", "group_setting"):
            if kind == "start_group":
                self.bank.lost(
                    "question group flattened: every question of it is imported", number, 1
                )
            return
        if kind == "quiz_setting":
            self.bank.lost(f"quiz setting {text!r} left out (Canvas-only)", number, 1)
            return
        if kind in ("text", "text_title"):
            self.bank.skip("text region between questions (only questions are imported)", number, 1)
            return
        draft = self.draft
        if draft is None:
            self.bank.error(f"{_LABELS[kind]} before any question", number, 1)
            return
        self.response(draft, kind, text, number, column)

    def response(self, draft: _Draft, kind: str, text: str, number: int, column: int) -> None:
        """Add a response line to the draft, reporting a mix of response kinds that text2qti itself would reject."""
        family = {
            "mc_right": "multiple-choice",
            "mc_wrong": "multiple-choice",
            "ma_right": "multiple-answers",
            "ma_wrong": "multiple-answers",
            "short": "short-answer",
            "numerical": "numerical",
            "essay": "essay",
            "upload": "essay",
        }.get(kind)
        if family is not None:
            if draft.kind and draft.kind != family:
                self.bank.error(
                    f"{_LABELS[kind]} in a question that already has {draft.kind} answers",
                    number,
                    1,
                )
                return
            draft.kind = family
        if kind in ("mc_right", "mc_wrong", "ma_right", "ma_wrong"):
            draft.choices.append(choice(text, kind.endswith("right")))
        elif kind == "short":
            draft.answers.append(text)
        elif kind == "numerical":
            spec = _numerical(text)
            if spec is None:
                self.bank.error(
                    f"numerical answer {text!r} is not N, N +- MARGIN, N +- P% or [MIN, MAX]",
                    number,
                    column,
                )
            else:
                draft.numeric = spec
        elif kind == "upload":
            self.bank.lost("file-upload question imported as an essay (typed answer)", number, 1)
        elif kind == "feedback":
            if draft.choices:
                draft.choices[-1]["feedback"] = text
            else:
                draft.feedback["general"] = text
        elif kind == "correct_feedback":
            draft.feedback["correct"] = text
        elif kind == "incorrect_feedback":
            draft.feedback["incorrect"] = text
        elif kind == "solution":
            draft.feedback["general"] = "\n\n".join(
                v for v in (draft.feedback.get("general", ""), text) if v
            )
            self.bank.lost("solution imported as general feedback", number, 1)

    def finish(self) -> None:
        """Close the question being read and add it to the bank."""
        draft, self.draft = self.draft, None
        if draft is None:
            return
        made = self.build(draft)
        if made is not None:
            self.bank.questions.append(made)

    def build(self, draft: _Draft) -> Question | None:
        """The question mapping a finished draft becomes, or ``None`` (reported) when text2qti would refuse it too."""
        common: dict[str, Any] = {"title": draft.title, "points": draft.points, **draft.feedback}
        if draft.kind == "multiple-choice":
            right = [c for c in draft.choices if c.get("correct")]
            if len(draft.choices) < 2 or len(right) != 1:
                self.bank.error(
                    "multiple choice needs two or more choices and exactly one *correct",
                    draft.line,
                    1,
                )
                return None
            texts = {c["text"].strip() for c in draft.choices}
            if (
                len(draft.choices) == 2
                and {t.lower() for t in texts} == _TRUE_FALSE
                and texts <= {"true", "True", "false", "False"}
            ):
                return question(
                    "true_false",
                    draft.prompt,
                    answer=right[0]["text"].lower() == "true",
                    **_tf_feedback(common, draft),
                )
            return question("single_choice", draft.prompt, choices=draft.choices, **common)
        if draft.kind == "multiple-answers":
            if len(draft.choices) < 2 or not any(c.get("correct") for c in draft.choices):
                self.bank.error(
                    "multiple answers needs two or more choices and at least one [*]", draft.line, 1
                )
                return None
            return question(
                "multiple_response",
                draft.prompt,
                partial_credit=True,
                choices=draft.choices,
                **common,
            )
        if draft.kind == "short-answer":
            return question("short_answer", draft.prompt, answers=draft.answers, **common)
        if draft.kind == "numerical":
            return (
                question("numeric", draft.prompt, **draft.numeric, **common)
                if draft.numeric
                else None
            )
        if draft.kind == "essay":
            return question("essay", draft.prompt, **common)
        self.bank.error(
            "question has no answers: add choices, '*' answers, '=' number or '___'", draft.line, 1
        )
        return None


def _tf_feedback(common: dict[str, Any], draft: _Draft) -> dict[str, Any]:
    """Choice feedback of a true/false question becomes its correct / incorrect feedback."""
    made = dict(common)
    for item in draft.choices:
        if item.get("feedback"):
            made["correct" if item.get("correct") else "incorrect"] = item["feedback"]
    return made


def _number(text: str) -> int | float:
    return whole_or_float(float(text))


def _numerical(text: str) -> dict[str, Any] | None:
    try:
        if text.startswith("["):
            if not text.endswith("]") or "," not in text:
                return None
            low, high = (_number(v.strip()) for v in text[1:-1].split(",", 1))
            return {"min": low, "max": high} if low <= high else None
        if "+-" in text:
            value, margin = (v.strip() for v in text.split("+-", 1))
            number = _number(value)
            if margin.endswith("%"):
                tolerance = abs(number) * float(margin[:-1]) / 100
            else:
                tolerance = float(margin)
            if tolerance < 0:
                return None
            return {
                "answer": number,
                "tolerance": whole_or_float(tolerance),
            }
        return {"answer": _number(text)}
    except ValueError:
        return None


def read_text2qti(path: Path, source: str) -> Bank:
    """Import the text2qti quiz ``source`` read from ``path``."""
    bank = Bank(path)
    Text2qtiReader(bank).read(source)
    return bank
