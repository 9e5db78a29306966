"""GIFT banks (Moodle's text format, as ``question/format/gift/format.php`` reads it).

Questions are separated by blank lines; ``//`` lines are comments (a
``// question: ID`` comment, as our exporter writes, names the question);
``$CATEGORY:`` sets the quiz title; ``::title::``, ``[format]`` and one
``{answers}`` block per question, with ``\\~ \\= \\# \\{ \\} \\:`` escapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lmsexport.loaders.importers.common import (
    Bank,
    Question,
    choice,
    html_to_markdown,
    question,
    whole_or_float,
)

_WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
_ID_COMMENT = re.compile(r"//\s*question:\s*(\S+)")
_ID_TOKEN = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG_TOKEN = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
_FORMAT = re.compile(r"\s*\[(html|moodle|plain|markdown)\]")
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")


@dataclass
class Block:
    """One question's text with the (line, column) of every character."""

    text: str
    where: list[tuple[int, int]]
    comments: str

    @property
    def qid(self) -> str:
        """``[id:...]`` as Moodle 4 writes it, else our older ``// question: ID``."""
        found = _ID_TOKEN.search(self.comments) or _ID_COMMENT.search(self.comments)
        return found.group(1).replace("\\]", "]").strip() if found else ""

    @property
    def tags(self) -> list[str]:
        """The ``[tag:...]`` names in the block's comments, unescaped, for the quiz's tag list."""
        return [t.replace("\\]", "]").strip() for t in _TAG_TOKEN.findall(self.comments)]

    def at(self, index: int) -> tuple[int, int]:
        """The (line, column) of character ``index``, clamped so errors at the very end still have a position."""
        return self.where[min(index, len(self.where) - 1)] if self.where else (0, 0)


def _blocks(source: str) -> list[Block]:
    blocks: list[Block] = []
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    comments = ""

    def flush() -> None:
        nonlocal chars, where, comments
        if "".join(chars).strip():
            blocks.append(Block("".join(chars), where, comments))
            comments = ""
        chars, where = [], []

    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            comments += stripped + "\n"
            continue
        if not stripped:
            flush()
            continue
        for column, char in enumerate(line + "\n", start=1):
            chars.append(char)
            where.append((number, column))
    flush()
    return blocks


def find(text: str, target: str, start: int = 0) -> int:
    """Index of the first unescaped ``target`` at or after ``start``, or -1."""
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(target, index):
            return index
        index += 1
    return -1


def unescape(text: str) -> str:
    """GIFT escapes undone as Moodle does: ``\\\\`` is one backslash (so LaTeX survives), ``\\n`` a newline."""
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), text).strip()


def split_unescaped(text: str, marks: str) -> list[tuple[int, str]]:
    """Split before every unescaped char of ``marks``: (offset, piece starting with the mark)."""
    pieces: list[tuple[int, str]] = []
    start, index = -1, 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] in marks:
            if start >= 0:
                pieces.append((start, text[start:index]))
            start = index
        index += 1
    if start >= 0:
        pieces.append((start, text[start:]))
    return pieces


class GiftReader:
    """Parses one GIFT file into a :class:`Bank`."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.html = False

    def text(self, raw: str) -> str:
        """One text of the question; its own ``[format]`` prefix overrides the question's."""
        html = self.html
        found = _FORMAT.match(raw)
        if found:
            html = found.group(1) == "html"
            raw = raw[found.end() :]
        plain = unescape(raw)
        return html_to_markdown(plain) if html else plain

    def fail(self, block: Block, index: int, message: str) -> None:
        """Report an error at a character of the block, in the bank's line and column."""
        line, column = block.at(index)
        self.bank.error(message, line, column)

    def read(self, source: str) -> None:
        """Read every blank-line-separated block as Moodle's GIFT importer would."""
        for block in _blocks(source):
            self.block(block)

    def block(self, block: Block) -> None:
        """One block: a ``$CATEGORY:`` line, a description, or a question with its ``{answers}``."""
        text = block.text
        head = text.lstrip()
        offset = len(text) - len(head)
        if head.startswith("$CATEGORY:"):
            self.bank.category(head[len("$CATEGORY:") :].strip(), block.at(offset)[0])
            return
        title = ""
        if head.startswith("::"):
            close = find(text, "::", offset + 2)
            if close < 0:
                self.fail(block, offset, "question title '::' is never closed with '::'")
                return
            title = unescape(text[offset + 2 : close])
            offset = close + 2
        body = text[offset:].lstrip()
        offset = len(text) - len(body)
        self.html = False
        found = re.match(r"\[(html|moodle|plain|markdown)\]", body)
        if found:
            self.html = found.group(1) == "html"
            offset += found.end()
        elif body.startswith("["):
            close = body.find("]")
            self.fail(
                block,
                offset,
                f"unknown text format {body[: close + 1]!r}; use html, moodle, plain or markdown",
            )
            return
        opening = find(text, "{", offset)
        if opening < 0:
            line, column = block.at(offset)
            self.bank.skip("description (no answer block '{...}'): not a question", line, column)
            return
        closing = find(text, "}", opening + 1)
        if closing < 0:
            self.fail(block, opening, "answer block '{' is never closed with '}'")
            return
        extra = find(text, "{", closing + 1)
        if extra >= 0:
            self.fail(block, extra, "a second answer block '{': GIFT allows one per question")
            return
        before, answers, after = (
            text[offset:opening],
            text[opening + 1 : closing],
            text[closing + 1 :],
        )
        made = self.answers(block, opening + 1, answers, before, after)
        if made is not None:
            if title:
                made = {
                    **({"id": made["id"]} if "id" in made else {}),
                    "type": made["type"],
                    "title": title,
                    **made,
                }
            if block.qid and "id" not in made:
                made = {"id": block.qid, **made}
            self.bank.questions.append(made)
            self.bank.tagged(block.tags, block.at(0)[0])

    def answers(
        self, block: Block, start: int, raw: str, before: str, after: str
    ) -> Question | None:
        """Decide the question type from the answer block's syntax, as Moodle's parser does, and read it."""
        general = ""
        cut = find(raw, "####")
        if cut >= 0:
            general = self.text(raw[cut + 4 :])
            raw = raw[:cut]
        body = raw.strip()
        missing_word = bool(after.strip())
        prompt = self.text(before) if not missing_word else ""
        common: dict[str, Any] = {"general": general, "qid": block.qid}
        if not body:
            return question("essay", prompt, **common)
        if body.startswith("#"):
            return self.numerical(
                block, start + raw.index("#") + 1, raw[raw.index("#") + 1 :], prompt, common
            )
        if find(body, "~") >= 0:
            return self.choices(block, start, raw, before, after, missing_word, common)
        if find(body, "=") >= 0 and "->" in body:
            return self.matching(block, start, raw, prompt, common)
        tf = re.fullmatch(r"(T|TRUE|F|FALSE)\s*(#.*)?", body, re.S)
        if tf:
            parts = split_unescaped(tf.group(2) or "", "#")
            wrong = self.text(parts[0][1][1:]) if parts else ""
            right = self.text(parts[1][1][1:]) if len(parts) > 1 else ""
            return question(
                "true_false",
                prompt,
                correct=right,
                incorrect=wrong,
                answer=tf.group(1).startswith("T"),
                **common,
            )
        if find(body, "=") < 0:
            self.fail(
                block,
                start,
                f"answer block {body[:20]!r} has no '=' answer, '~' choice, '#' number or TRUE/FALSE",
            )
            return None
        return self.short(block, start, raw, before, after, missing_word, common)

    def _options(
        self, block: Block, start: int, raw: str
    ) -> list[tuple[str, float | None, str, str]] | None:
        """(mark, weight, text, feedback) for every ``=``/``~`` option."""
        options = []
        for offset, piece in split_unescaped(raw, "=~"):
            mark, rest = piece[0], piece[1:]
            weight: float | None = None
            found = re.match(r"\s*%([^%]*)%", rest)
            if found:
                try:
                    weight = float(found.group(1)) / 100
                except ValueError:
                    self.fail(
                        block, start + offset + 1, f"weight %{found.group(1)}% is not a number"
                    )
                    return None
                rest = rest[found.end() :]
            parts = split_unescaped("\0" + rest, "#")
            text = rest if not parts else ("\0" + rest)[: parts[0][0]].lstrip("\0")
            feedback = parts[0][1][1:] if parts else ""
            options.append((mark, weight, text, feedback))
        return options

    def choices(
        self,
        block: Block,
        start: int,
        raw: str,
        before: str,
        after: str,
        missing_word: bool,
        common: dict[str, Any],
    ) -> Question | None:
        """``=``/``~`` answers: single choice when exactly one is fully right, else multiple response."""
        options = self._options(block, start, raw)
        if options is None:
            return None
        made = []
        for mark, weight, text, feedback in options:
            value = weight if weight is not None else (1.0 if mark == "=" else 0.0)
            made.append((value, self.text(text), self.text(feedback)))
        prompt = self.text(before) + (
            " \\_\\_\\_\\_\\_ " + self.text(after) if missing_word else ""
        )
        full = [c for c in made if abs(c[0] - 1) < 1e-6]
        positive = [c for c in made if c[0] > 0]
        if not positive:
            self.fail(
                block,
                start - 1,
                "multiple choice with no correct answer ('=' or a positive %weight%)",
            )
            return None
        if len(full) == 1 and len(positive) == 1:
            return question(
                "single_choice",
                prompt.strip(),
                choices=[choice(t, v > 0, f) for v, t, f in made],
                **common,
            )
        negative = [v for v, _, _ in made if v < 0]
        return question(
            "multiple_response",
            prompt.strip(),
            partial_credit=not all(abs(v + 1) < 1e-6 for v in negative),
            choices=[choice(t, v > 0, f) for v, t, f in made],
            **common,
        )

    def short(
        self,
        block: Block,
        start: int,
        raw: str,
        before: str,
        after: str,
        missing_word: bool,
        common: dict[str, Any],
    ) -> Question | None:
        """``=`` answers without ``~``: a short answer; a partially graded one counts as fully right (reported)."""
        options = self._options(block, start, raw)
        if options is None:
            return None
        answers, correct, incorrect = [], "", ""
        for _mark, weight, text, feedback in options:
            value = unescape(text)
            if weight is not None and weight <= 0:
                if value == "*":
                    incorrect = self.text(feedback)
                continue
            if weight is not None and weight < 1:
                self.bank.lost(
                    f"partial-credit answer {value!r} imported as fully correct", *block.at(start)
                )
            answers.append(value.replace("\\*", "*"))  # Moodle stores a literal * as \*
            correct = correct or self.text(feedback)
        if missing_word:
            prompt = f"{self.text(before)} {{{{blank}}}} {self.text(after)}".strip()
            return question(
                "cloze", prompt, incorrect=incorrect, blanks={"blank": answers}, **common
            )
        return question(
            "short_answer",
            self.text(before),
            correct=correct,
            incorrect=incorrect,
            answers=answers,
            **common,
        )

    def numerical(
        self, block: Block, start: int, raw: str, prompt: str, common: dict[str, Any]
    ) -> Question | None:
        """``{#...}``: the best-scoring numeric answer (the source format keeps one), with its feedback."""
        options = split_unescaped(raw, "=") if find(raw, "=") >= 0 else [(0, "=" + raw)]
        picked: dict[str, Any] | None = None
        correct = ""
        for offset, piece in options:
            rest = piece[1:]
            weight = _WEIGHT.match(rest.strip())
            if weight:
                if float(weight.group(1)) < 100:
                    continue
                rest = rest.strip()[weight.end() :]
            parts = split_unescaped("\0" + rest, "#")
            value = ("\0" + rest)[: parts[0][0]].lstrip("\0").strip() if parts else rest.strip()
            feedback = parts[0][1][1:] if parts else ""
            spec = self.number_spec(block, start + offset, value)
            if spec is None:
                return None
            if picked is None:
                picked, correct = spec, self.text(feedback)
            else:
                self.bank.lost(
                    f"extra numerical answer {value!r} left out (one answer per question)",
                    *block.at(start + offset),
                )
        if picked is None:
            self.fail(block, start, "numerical answer block has no 100% answer")
            return None
        return question("numeric", prompt, correct=correct, **picked, **common)

    def number_spec(self, block: Block, index: int, value: str) -> dict[str, Any] | None:
        """One numeric answer (``a..b``, ``x:tolerance`` or ``x``) as source fields, or ``None`` (reported)."""
        try:
            if ".." in value:
                low, high = (float(v) for v in value.split("..", 1))
                return {"min": whole_or_float(low), "max": whole_or_float(high)}
            if ":" in value:
                exact, tolerance = (float(v) for v in value.split(":", 1))
                return {"answer": whole_or_float(exact), "tolerance": whole_or_float(tolerance)}
            return {"answer": whole_or_float(float(value))}
        except ValueError:
            self.fail(block, index, f"numerical answer {value!r} is not N, N:TOLERANCE or MIN..MAX")
            return None

    def matching(
        self, block: Block, start: int, raw: str, prompt: str, common: dict[str, Any]
    ) -> Question | None:
        """``=left -> right`` pairs; a pair with no left is a distractor, as in Moodle."""
        pairs, distractors = [], []
        for offset, piece in split_unescaped(raw, "="):
            if "->" not in piece:
                self.fail(block, start + offset, "matching pair without '->'")
                return None
            left, right = piece[1:].split("->", 1)
            if not left.strip():
                distractors.append(unescape(right))
            else:
                pairs.append({"left": self.text(left), "right": unescape(right)})
        made = question("matching", prompt, pairs=pairs, **common)
        if distractors:
            made["distractors"] = distractors
        return made


def read_gift(path: Path, source: str) -> Bank:
    """Import the GIFT text ``source`` read from ``path``."""
    bank = Bank(path)
    GiftReader(bank).read(source)
    return bank
