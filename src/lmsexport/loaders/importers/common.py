"""What every bank importer shares: the result type, positions, HTML to Markdown.

Importers produce plain mappings in the source quiz format (``docs/source-format.md``)
so the output is ordinary YAML the loader checks like any hand-written quiz.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdownify import markdownify

from lmsexport.errors import Diagnostic, SourcePos, error, warning

Question = dict[str, Any]
"""One question mapping in the source format (``type``, ``prompt``, ...)."""

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
MEDIA_DIR = "media"
"""Folder (beside the quiz YAML) that receives extracted images."""


@dataclass
class Bank:
    """An imported bank: quiz title, questions, media files by name, and what was said."""

    file: Path
    title: str = ""
    instructions: str = ""
    questions: list[Question] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    tag_uses: dict[str, int] = field(default_factory=dict)
    tag_line: int = 0
    starts: list[tuple[int, str, int]] = field(default_factory=list)
    """Where each category begins in ``questions``, its name and line."""

    def error(self, message: str, line: int = 0, column: int = 0) -> None:
        """A question that cannot be imported: reported with its position, and the import fails."""
        self.diagnostics.append(error(message, SourcePos(self.file, line, column), code="import"))

    def skip(self, message: str, line: int = 0, column: int = 0) -> None:
        """An unsupported construct: reported, left out, and the import goes on."""
        self.diagnostics.append(
            warning(f"skipped: {message}", SourcePos(self.file, line, column), code="import")
        )

    def lost(self, message: str, line: int = 0, column: int = 0) -> None:
        """Something a question had that the source format cannot hold: imported without it, with a warning."""
        self.diagnostics.append(warning(message, SourcePos(self.file, line, column), code="import"))

    def category(self, path: str, line: int) -> None:
        """A bank category starts here; :meth:`quizzes` splits or merges them."""
        name = path.replace("//", "\0").rstrip("/").split("/")[-1].replace("\0", "/").strip()
        self.starts.append((len(self.questions), name, line))

    def quizzes(self, merge: bool = False) -> list[dict[str, Any]]:
        """One quiz mapping per category that holds questions, or all in one when ``merge``.

        Questions before any category form a quiz named after the file.
        """
        parts = [(0, "", 0)] if not self.starts or self.starts[0][0] > 0 else []
        parts += self.starts
        ends = [start for start, _, _ in parts[1:]] + [len(self.questions)]
        kept = [(s, e, name, line) for (s, name, line), e in zip(parts, ends, strict=True) if e > s]
        if merge and kept:
            title = next((name for _, _, name, _ in kept if name), "")
            for _, _, name, line in kept:
                if name and name != title:
                    self.lost(f"category {name!r} merged into quiz {title!r}", line, 1)
            kept = [(0, len(self.questions), title, 0)]
        return [
            {
                **self.quiz(),
                "title": name or self.title or self.file.stem,
                "questions": self.questions[s:e],
            }
            for s, e, name, _ in kept
        ]

    def tagged(self, tags: list[str], line: int) -> None:
        """Question tags: the source format has none, so they are counted for one warning."""
        for tag in tags:
            self.tag_uses[tag] = self.tag_uses.get(tag, 0) + 1
            self.tag_line = self.tag_line or line

    def finish(self) -> None:
        """Warnings about the whole bank, once every question was read."""
        if self.tag_uses:
            listed = ", ".join(f"{t!r} x{n}" for t, n in sorted(self.tag_uses.items()))
            self.lost(f"question tags left out (source quizzes have none): {listed}", self.tag_line)

    @property
    def failed(self) -> bool:
        """Whether any error was reported, so nothing half-imported is written."""
        return any(d.is_error for d in self.diagnostics)

    def quiz(self) -> dict[str, Any]:
        """The quiz mapping to dump as YAML."""
        quiz: dict[str, Any] = {"title": self.title or self.file.stem}
        if self.instructions:
            quiz["instructions"] = self.instructions
        quiz["questions"] = self.questions
        return quiz


def question(
    kind: str,
    prompt: str,
    *,
    qid: str = "",
    title: str = "",
    points: float = 1.0,
    general: str = "",
    correct: str = "",
    incorrect: str = "",
    **keys: Any,
) -> Question:
    """A question mapping with keys in the order the source format documents them."""
    made: Question = {}
    if qid and ID_PATTERN.fullmatch(qid):
        made["id"] = qid
    made["type"] = kind
    if title:
        made["title"] = title
    made["prompt"] = prompt
    if points != 1:
        made["points"] = whole_or_float(float(points))
    feedback = {
        k: v for k, v in (("general", general), ("correct", correct), ("incorrect", incorrect)) if v
    }
    if feedback:
        made["feedback"] = feedback
    made.update(keys)
    return made


def choice(text: str, correct: bool = False, feedback: str = "") -> dict[str, Any]:
    """A choice mapping with only the keys that differ from the defaults, so imported YAML reads like hand-written YAML."""
    made: dict[str, Any] = {"text": text}
    if correct:
        made["correct"] = True
    if feedback:
        made["feedback"] = feedback
    return made


_INLINE_MATH = re.compile(r"\\\((.+?)\\\)", re.S)
_BLOCK_MATH = re.compile(r"\\\[(.+?)\\\]", re.S)
_MATH_SLOT = re.compile(r"LMSMATH(\d+)X")


def html_to_markdown(html: str, media_prefix: str = f"{MEDIA_DIR}/") -> str:
    """Moodle HTML to source Markdown: MathJax delimiters to ``$``, plugin files to ``media/``.

    Math is set aside before conversion so Markdown escaping never touches LaTeX.
    """
    maths: list[str] = []

    def keep(display: bool) -> Any:
        def slot(found: re.Match[str]) -> str:
            maths.append(
                ("$$" if display else "$") + found.group(1).strip() + ("$$" if display else "$")
            )
            return f"LMSMATH{len(maths) - 1}X"

        return slot

    text = _BLOCK_MATH.sub(keep(True), html)
    text = _INLINE_MATH.sub(keep(False), text)
    text = text.replace("@@PLUGINFILE@@/", media_prefix)
    markdown = markdownify(text, heading_style="ATX", bullets="-", escape_underscores=False)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return _MATH_SLOT.sub(lambda m: maths[int(m.group(1))], markdown)


def whole_or_float(value: float) -> int | float:
    """``2`` rather than ``2.0`` in the YAML, so imported files read like hand-written ones."""
    return int(value) if value.is_integer() else value
