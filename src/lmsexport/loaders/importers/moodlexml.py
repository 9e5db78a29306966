"""Moodle XML banks, as Moodle's question bank exports them (``question/format/xml``).

Core qtypes the source format models are read; any other qtype (calculated,
drag and drop, random...) and descriptions are reported and skipped.  Images in
``<file>`` elements become media files and their ``@@PLUGINFILE@@`` references
point at them.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

from lmsexport.loaders.importers.cloze import ClozeBlank
from lmsexport.loaders.importers.common import (
    Bank,
    Question,
    choice,
    html_to_markdown,
    question,
    whole_or_float,
)
from lmsexport.targets.moodlexml.cloze import find_codes
from lmsexport.targets.moodlexml.questions import MODEL_ANSWER_HEADING
from lmsexport.xmlsafe import safe_parser

_PARSER = safe_parser()


def _text(node: etree._Element | None, path: str = "text") -> str:
    if node is None:
        return ""
    found = node.find(path)
    return "" if found is None or found.text is None else found.text


def _line(node: etree._Element) -> int:
    return node.sourceline if isinstance(node.sourceline, int) else 0


class MoodleXmlReader:
    """Turns the ``<question>`` elements of one file into source questions."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.names: dict[str, str] = {}

    def files(self, node: etree._Element | None) -> None:
        """Save the ``<file>`` children as media, so ``@@PLUGINFILE@@`` references can point at them."""
        if node is None:
            return
        for item in node.findall("file"):
            name = unquote(item.get("name", ""))
            if not name or "/" in name or name.startswith("."):
                self.bank.error(f"unsafe or empty file name {name!r}", _line(item))
                continue
            safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name)
            self.names[name] = safe
            try:
                self.bank.media[safe] = base64.b64decode(item.text or "", validate=True)
            except binascii.Error:
                self.bank.error(f"file {name!r} is not valid base64", _line(item))

    def rich(self, node: etree._Element | None) -> str:
        """A Moodle text field as Markdown (HTML converted, plain kept)."""
        if node is None:
            return ""
        self.files(node)
        raw = self.plugin_files(_text(node))
        if node.get("format", "html") in ("html", "moodle_auto_format") and "<" in raw:
            return html_to_markdown(raw)
        return raw.strip()

    def plugin_files(self, html: str) -> str:
        """Point ``@@PLUGINFILE@@`` references at the safe names the files were saved under."""
        return re.sub(
            r"@@PLUGINFILE@@/([^\"'<>\s]+)",
            lambda m: "@@PLUGINFILE@@/" + self.names.get(unquote(m.group(1)), m.group(1)),
            html,
        )

    def read(self, root: etree._Element) -> None:
        """Every ``<question>`` of a ``<quiz>``, dispatched on its ``type`` to a ``q_<type>`` method."""
        if root.tag != "quiz":
            self.bank.error(f"root element is <{root.tag}>, expected <quiz>", _line(root), 1)
            return
        for node in root.iterchildren("question"):
            qtype = node.get("type", "")
            if qtype == "category":
                self.bank.category(_text(node.find("category")), _line(node))
                continue
            reader = getattr(self, f"q_{qtype}", None)
            if reader is None:
                self.bank.skip(
                    f"Moodle question type {qtype!r} has no source equivalent", _line(node), 1
                )
                continue
            made = reader(node, self.common(node))
            if made is not None:
                self.bank.questions.append(made)
                tags = [(t.text or "").strip() for t in node.iterfind("tags/tag/text")]
                self.bank.tagged([t for t in tags if t], _line(node))

    def common(self, node: etree._Element) -> dict[str, Any]:
        """Fields every question type shares (id, title, points, general feedback)."""
        name = _text(node.find("name")).strip()
        grade = node.findtext("defaultgrade") or "1"
        try:
            points = float(grade)
        except ValueError:
            self.bank.error(f"<defaultgrade> {grade!r} is not a number", _line(node))
            points = 1.0
        return {
            "qid": (node.findtext("idnumber") or "").strip(),
            "title": name,
            "points": points if points > 0 else 1.0,
            "general": self.rich(node.find("generalfeedback")),
        }

    def prompt(self, node: etree._Element) -> str:
        """The question text as Markdown, with its images saved as media."""
        return self.rich(node.find("questiontext"))

    def fractions(self, node: etree._Element) -> list[tuple[float, etree._Element]]:
        """Each ``<answer>`` with its grade as a fraction; a grade that is not a number is reported."""
        found = []
        for answer in node.findall("answer"):
            raw = answer.get("fraction", "0")
            try:
                found.append((float(raw) / 100, answer))
            except ValueError:
                self.bank.error(f"answer fraction {raw!r} is not a number", _line(answer))
        return found

    def combined(self, node: etree._Element, common: dict[str, Any]) -> dict[str, Any]:
        """``common`` plus the combined correct / incorrect feedback."""
        return {
            **common,
            "correct": self.rich(node.find("correctfeedback")),
            "incorrect": self.rich(node.find("incorrectfeedback")),
        }

    def q_multichoice(self, node: etree._Element, common: dict[str, Any]) -> Question | None:
        """Single or multiple choice by Moodle's ``<single>``; several right answers force multiple response."""
        answers = self.fractions(node)
        choices = [
            choice(self.rich(a), value > 0, self.rich(a.find("feedback"))) for value, a in answers
        ]
        if not any(value > 0 for value, _ in answers):
            self.bank.error("multichoice has no correct answer (no positive fraction)", _line(node))
            return None
        shuffle = (node.findtext("shuffleanswers") or "true").strip().lower() in ("1", "true")
        single = (node.findtext("single") or "true").strip().lower() in ("1", "true")
        correct = [v for v, _ in answers if v > 0]
        if single and len(correct) > 1:
            self.bank.lost(
                "single-answer multichoice with several right answers imported as multiple response",
                _line(node),
            )
        if single and len(correct) == 1:
            return question(
                "single_choice",
                self.prompt(node),
                **self.combined(node, common),
                shuffle=shuffle,
                choices=choices,
            )
        wrong = [v for v, _ in answers if v <= 0]
        partial = not all(abs(v + 1) < 1e-6 for v in wrong)
        return question(
            "multiple_response",
            self.prompt(node),
            **self.combined(node, common),
            shuffle=shuffle,
            partial_credit=partial,
            choices=choices,
        )

    def q_truefalse(self, node: etree._Element, common: dict[str, Any]) -> Question | None:
        """True/false; the answer with the higher grade is the correct one."""
        answers = {(_text(a).strip().lower()): (v, a) for v, a in self.fractions(node)}
        if set(answers) != {"true", "false"}:
            self.bank.error("truefalse needs the answers 'true' and 'false'", _line(node))
            return None
        value = answers["true"][0] > answers["false"][0]
        right = answers["true" if value else "false"][1]
        wrong = answers["false" if value else "true"][1]
        return question(
            "true_false",
            self.prompt(node),
            **common,
            correct=self.rich(right.find("feedback")),
            incorrect=self.rich(wrong.find("feedback")),
            answer=value,
        )

    def q_shortanswer(self, node: etree._Element, common: dict[str, Any]) -> Question | None:
        """Fully-graded answers are accepted; a ``*`` answer at 0% carries the incorrect feedback."""
        answers, correct, incorrect = [], "", ""
        for value, answer in self.fractions(node):
            text = _text(answer).strip()
            if text == "*" and value <= 0:
                incorrect = self.rich(answer.find("feedback"))
            elif value > 0:
                if value < 1:
                    self.bank.lost(
                        f"partial-credit answer {text!r} imported as fully correct", _line(answer)
                    )
                answers.append(text.replace("\\*", "*"))
                correct = correct or self.rich(answer.find("feedback"))
        if not answers:
            self.bank.error("shortanswer has no correct answer", _line(node))
            return None
        usecase = (node.findtext("usecase") or "0").strip() == "1"
        made = question(
            "short_answer",
            self.prompt(node),
            **common,
            correct=correct,
            incorrect=incorrect,
            answers=answers,
        )
        if usecase:
            made["case_sensitive"] = True
        return made

    def q_numerical(self, node: etree._Element, common: dict[str, Any]) -> Question | None:
        """The best-graded numeric answer with its tolerance (the source format keeps one)."""
        best: dict[str, Any] | None = None
        correct, incorrect = "", ""
        for value, answer in self.fractions(node):
            text = _text(answer).strip()
            if text == "*":
                incorrect = self.rich(answer.find("feedback"))
                continue
            if value < 1 or best is not None:
                self.bank.lost(
                    f"numerical answer {text!r} left out (one fully correct answer per question)",
                    _line(answer),
                )
                continue
            try:
                number = float(text)
                tolerance = float(answer.findtext("tolerance") or 0)
            except ValueError:
                self.bank.error(
                    f"numerical answer {text!r} or its tolerance is not a number", _line(answer)
                )
                return None
            best = {"answer": whole_or_float(number)}
            if tolerance:
                best["tolerance"] = whole_or_float(abs(tolerance))
            correct = self.rich(answer.find("feedback"))
        if best is None:
            self.bank.error("numerical question has no 100% answer", _line(node))
            return None
        if node.find("units/unit") is not None:
            self.bank.lost("units left out: the source format has no units", _line(node))
        return question(
            "numeric", self.prompt(node), **common, correct=correct, incorrect=incorrect, **best
        )

    def q_essay(self, node: etree._Element, common: dict[str, Any]) -> Question | None:
        """An essay; grader information splits back into rubric and model answer at the exporter's heading."""
        grader = node.find("graderinfo")
        self.files(grader)
        raw = self.plugin_files(_text(grader))
        rubric_html, _, model_html = raw.partition(MODEL_ANSWER_HEADING)
        made = question("essay", self.prompt(node), **common)
        if model_html.strip():
            made["model_answer"] = html_to_markdown(model_html)
        if rubric_html.strip():
            made["rubric"] = html_to_markdown(rubric_html)
        if (node.findtext("attachments") or "0").strip() not in ("0", ""):
            self.bank.lost("file attachments left out: essays take typed answers only", _line(node))
        return made

    def q_matching(self, node: etree._Element, common: dict[str, Any]) -> Question | None:
        """Subquestions become pairs; one with empty text is a distractor, as in Moodle."""
        pairs, distractors = [], []
        for sub in node.findall("subquestion"):
            left = self.rich(sub)
            right = _text(sub.find("answer")).strip()
            if left:
                pairs.append({"left": left, "right": right})
            elif right:
                distractors.append(right)
        made = question("matching", self.prompt(node), **self.combined(node, common), pairs=pairs)
        if distractors:
            made["distractors"] = distractors
        return made

    def q_ordering(self, node: etree._Element, common: dict[str, Any]) -> Question | None:
        """Items in the order of their fraction, which ordering questions use as the position."""
        answers = sorted(node.findall("answer"), key=lambda a: float(a.get("fraction", "0") or 0))
        items = [self.rich(a) for a in answers]
        return question("ordering", self.prompt(node), **self.combined(node, common), items=items)

    def q_multianswer(self, node: etree._Element, common: dict[str, Any]) -> Question | None:
        """Embedded answers (cloze): each code becomes a blank of the prompt."""
        text_node = node.find("questiontext")
        self.files(text_node)
        html = self.plugin_files(_text(text_node))
        codes = find_codes(html)
        if not codes:
            self.bank.error(
                "multianswer text holds no {1:TYPE:...} code Moodle can read", _line(node)
            )
            return None
        blanks: dict[str, Any] = {}
        pieces, last = [], 0
        for number, code in enumerate(codes, start=1):
            blank = ClozeBlank(self.bank, number, _line(node)).read(code)
            if blank is None:
                return None
            blanks[f"b{number}"] = blank
            pieces += [html[last : code.start], f"{{{{b{number}}}}}"]
            last = code.end
        weights = [code.weight for code in codes]
        if len(set(weights)) > 1:
            self.bank.lost(
                f"cloze blank weights {weights} left out: each blank scores an equal share",
                _line(node),
            )
        prompt = html_to_markdown("".join(pieces) + html[last:])
        return question("cloze", prompt, **common, blanks=blanks)


def read_moodlexml(path: Path, data: bytes) -> Bank:
    """Import the Moodle XML ``data`` read from ``path``."""
    bank = Bank(path)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno or 0, 0)
        bank.error(f"malformed XML: {exc.msg}", line, column)
        return bank
    MoodleXmlReader(bank).read(root)
    return bank
