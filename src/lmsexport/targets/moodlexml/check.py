"""A strict structural check of Moodle XML question files: Moodle has no schema for them.

Moodle's importer reports a malformed file badly (or imports half of it), so
everything we know it needs is checked here before a file is written: the XML
declaration on line 1 in UTF-8, known core qtypes with their required elements,
grade fractions from Moodle's list that add up, names unique per category and
HTML kept in CDATA sections.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from lmsexport.errors import Diagnostic, SourcePos, error
from lmsexport.targets.moodlexml.cloze import find_codes
from lmsexport.targets.moodlexml.fractions import TOLERANCE, is_allowed
from lmsexport.xmlsafe import safe_parser

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'

QTYPES = frozenset(
    {
        "category",
        "description",
        "multichoice",
        "truefalse",
        "shortanswer",
        "numerical",
        "essay",
        "matching",
        "ordering",
        "multianswer",
    }
)
"""Core question types this project writes (``description`` carries no grade)."""

_SAFE_PARSER = safe_parser(strip_cdata=False)  # CDATA kept, so the check can see it


class _Checker:
    def __init__(self, file: Path) -> None:
        self.file = file
        self.found: list[Diagnostic] = []

    def fail(self, node: etree._Element | None, message: str) -> None:
        line = node.sourceline if node is not None and isinstance(node.sourceline, int) else 0
        self.found.append(error(message, SourcePos(self.file, line), code="moodlexml"))

    def text_of(self, node: etree._Element, path: str) -> str | None:
        found = node.find(path)
        return None if found is None else (found.text or "")

    def require_text(self, question: etree._Element, path: str, what: str) -> str:
        value = self.text_of(question, path)
        if value is None:
            self.fail(question, f"{what}: missing <{path}>")
            return ""
        return value

    def cdata(self, root: etree._Element) -> None:
        for holder in root.iter():
            if holder.get("format") != "html":
                continue
            text = holder.find("text")
            if text is None:
                self.fail(holder, f'<{holder.tag} format="html"> has no <text>')
                continue
            serial = etree.tostring(text, encoding="unicode", with_tail=False)
            if text.text and not serial.startswith("<text><![CDATA["):
                self.fail(text, f"HTML in <{holder.tag}> is not in a CDATA section")

    def fractions(self, question: etree._Element, label: str) -> list[float]:
        values: list[float] = []
        for answer in question.findall("answer"):
            raw = answer.get("fraction", "")
            try:
                value = float(raw) / 100
            except ValueError:
                self.fail(answer, f"{label}: fraction {raw!r} is not a number")
                continue
            if not is_allowed(value):
                self.fail(answer, f"{label}: fraction {raw} is not one of Moodle's grades")
            values.append(value)
        return values

    def question(self, question: etree._Element, label: str) -> None:
        qtype = question.get("type", "")
        answers = question.findall("answer")
        if qtype in ("multichoice", "truefalse", "shortanswer", "numerical"):
            values = self.fractions(question, label)
            if not values:
                self.fail(question, f"{label}: no <answer>")
                return
            if qtype == "multichoice" and self.text_of(question, "single") == "false":
                total = sum(v for v in values if v > 0)
                if abs(total - 1) > TOLERANCE * len(values):
                    self.fail(question, f"{label}: positive fractions add up to {total:.7f}, not 1")
            elif abs(max(values) - 1) > TOLERANCE:
                self.fail(question, f"{label}: no answer is worth 100%")
        if qtype == "multichoice" and len(answers) < 2:
            self.fail(question, f"{label}: a multichoice needs at least 2 answers")
        if qtype == "truefalse":
            texts = sorted((a.findtext("text") or "") for a in answers)
            if texts != ["false", "true"]:
                self.fail(question, f"{label}: truefalse needs exactly the answers true and false")
        if qtype == "numerical":
            for answer in answers:
                self.numbers(answer, label)
        if qtype == "matching":
            pairs = [s for s in question.findall("subquestion") if (s.findtext("text") or "")]
            if len(pairs) < 2:
                self.fail(question, f"{label}: matching needs at least 2 subquestions with text")
        if qtype == "ordering":
            positions = sorted(a.get("fraction", "") for a in answers)
            expected = [str(n) for n in range(1, len(answers) + 1)]
            if len(answers) < 2 or sorted(positions) != sorted(expected):
                self.fail(question, f"{label}: ordering needs 2 or more answers numbered 1..n")
        if qtype == "multianswer":
            self.cloze(question, label)

    def cloze(self, question: etree._Element, label: str) -> None:
        """Every code must be one Moodle's parser finds, each with a 100% answer."""
        codes = find_codes(self.text_of(question, "questiontext/text") or "")
        if not codes:
            self.fail(question, f"{label}: multianswer text holds no {{1:TYPE:...}} code")
        for number, code in enumerate(codes, start=1):
            if not any(abs(a.fraction - 1) <= TOLERANCE for a in code.alternatives):
                self.fail(question, f"{label}: cloze code {number} has no 100% answer")

    def numbers(self, answer: etree._Element, label: str) -> None:
        for path in ("text", "tolerance"):
            raw = answer.findtext(path) or ""
            if path == "text" and raw == "*":
                continue
            try:
                float(raw)
            except ValueError:
                self.fail(answer, f"{label}: numerical <{path}> {raw!r} is not a number")

    def run(self, data: bytes) -> list[Diagnostic]:
        if not data.startswith(DECLARATION):
            self.fail(None, "line 1 must be the XML declaration with encoding UTF-8")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.fail(None, f"not UTF-8: {exc}")
            return self.found
        try:
            root = etree.fromstring(data, _SAFE_PARSER)
        except etree.XMLSyntaxError as exc:
            self.found.append(
                error(f"not well-formed: {exc.msg}", SourcePos(self.file, exc.lineno or 0))
            )
            return self.found
        if root.tag != "quiz":
            self.fail(root, f"root element is <{root.tag}>, not <quiz>")
        self.cdata(root)
        category = ""
        names: dict[str, set[str]] = {}
        for question in root.iterchildren("question"):
            qtype = question.get("type", "")
            if qtype not in QTYPES:
                self.fail(question, f"unknown question type {qtype!r}")
                continue
            if qtype == "category":
                category = self.require_text(question, "category/text", "category")
                if not category:
                    self.fail(question, "category: empty path")
                continue
            name = self.require_text(question, "name/text", qtype)
            label = f"{qtype} {name!r}"
            if not name:
                self.fail(question, f"{qtype}: empty <name>")
            elif name in names.setdefault(category, set()):
                self.fail(question, f"{label}: name used twice in category {category!r}")
            names[category].add(name)
            self.require_text(question, "questiontext/text", label)
            self.question(question, label)
        return self.found


def check_moodle_xml(data: bytes, file: Path) -> list[Diagnostic]:
    """Every structural problem of the Moodle XML ``data``; ``file`` names it in messages."""
    return _Checker(file).run(data)
