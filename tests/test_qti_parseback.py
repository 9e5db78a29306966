"""Parse-back: read our QTI 2.1 and 3.0 zips with lxml and recover every question.

For each question we recover, from the package alone, the type, the choices,
the correct response and the points, and compare them with the source model.
This is what an importer has to do, so it proves the packages carry the quiz.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from lmsexport.assessment.checks import Vocabulary
from lmsexport.model import (
    AnyQuestion,
    Cloze,
    Course,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from model_factory import sample_course
from qti_support import build, files, qti_course


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


class Reader:
    """Recovers questions from one package, in either QTI version."""

    def __init__(self, members: dict[str, bytes], qti3: bool) -> None:
        self.v = Vocabulary(qti3)
        self.members = members
        self.points: dict[str, float] = {}
        for name, data in members.items():
            if name.startswith("tests/"):
                for ref in self.v.find(etree.fromstring(data), "assessmentItemRef"):
                    weight = self.v.find(ref, "weight")[0]
                    self.points[ref.get("identifier", "")] = float(weight.get("value", ""))

    def attr(self, element: etree._Element, name: str) -> str:
        return element.get(self.v.attr(name), "")

    def question(self, data: bytes) -> dict[str, Any]:
        root = etree.fromstring(data)
        v = self.v
        found: dict[str, Any] = {"points": self.points[root.get("identifier", "")]}
        declarations = {self.attr(d, "identifier"): d for d in v.find(root, "responseDeclaration")}
        correct = {
            ident: [str(x.text) for x in v.find(d, "value") if x.getparent().getparent() is d]
            for ident, d in declarations.items()
        }
        mapped = {
            ident: {self.attr(e, "mapKey") for e in v.find(d, "mapEntry")}
            for ident, d in declarations.items()
        }
        choice = v.find(root, "choiceInteraction")
        if choice:
            labels = {self.attr(c, "identifier"): _text(c) for c in v.find(root, "simpleChoice")}
            if set(labels) == {"true", "false"}:
                return found | {"type": "true_false", "answer": correct["RESPONSE"] == ["true"]}
            single = self.attr(choice[0], "maxChoices") == "1"
            return found | {
                "type": "single_choice" if single else "multiple_response",
                "choices": sorted(labels.values()),
                "correct": sorted(labels[c] for c in correct["RESPONSE"]),
            }
        if v.find(root, "matchInteraction"):
            labels = {
                self.attr(c, "identifier"): _text(c) for c in v.find(root, "simpleAssociableChoice")
            }
            pairs = [value.split() for value in correct["RESPONSE"]]
            return found | {
                "type": "matching",
                "pairs": sorted((labels[a], labels[b]) for a, b in pairs),
                "choices": sorted(labels.values()),
            }
        if v.find(root, "orderInteraction"):
            labels = {self.attr(c, "identifier"): _text(c) for c in v.find(root, "simpleChoice")}
            return found | {"type": "ordering", "order": [labels[c] for c in correct["RESPONSE"]]}
        if v.find(root, "extendedTextInteraction"):
            return found | {"type": "essay"}
        entries = v.find(root, "textEntryInteraction")
        if len(entries) > 1 or self.attr(entries[0], "responseIdentifier") != "RESPONSE":
            return found | {"type": "cloze", "blanks": sorted(map(sorted, mapped.values()))}
        if self.attr(declarations["RESPONSE"], "baseType") == "float":
            return found | {"type": "numeric", "interval": self.interval(root, correct)}
        return found | {"type": "short_answer", "answers": sorted(mapped["RESPONSE"])}

    def interval(self, root: etree._Element, correct: dict[str, list[str]]) -> tuple[float, float]:
        v = self.v
        equal = v.find(root, "equal")
        if equal:
            value = float(_text(v.find(equal[0], "baseValue")[0]))
            tolerance = float(self.attr(equal[0], "tolerance"))
            return (value - tolerance, value + tolerance)
        bounds = [
            float(_text(v.find(op, "baseValue")[0]))
            for name in ("gte", "lte")
            for op in v.find(root, name)
            if any(self.attr(x, "identifier") == "RESPONSE" for x in v.find(op, "variable"))
        ]
        if bounds:
            return (bounds[0], bounds[1])
        value = float(correct["RESPONSE"][0])
        return (value, value)


def expected(question: AnyQuestion) -> dict[str, Any]:
    """What the parse-back must find for ``question``, from the model."""
    found: dict[str, Any] = {"type": question.type, "points": question.points}
    if isinstance(question, SingleChoice | MultipleResponse):
        return found | {
            "choices": sorted(c.text for c in question.choices),
            "correct": sorted(c.text for c in question.choices if c.correct),
        }
    if isinstance(question, TrueFalse):
        return found | {"answer": question.answer}
    if isinstance(question, ShortAnswer):
        return found | {"answers": sorted(question.answers)}
    if isinstance(question, Numeric):
        return found | {"interval": (question.answer.low, question.answer.high)}
    if isinstance(question, Matching):
        return found | {
            "pairs": sorted((p.left, p.right) for p in question.pairs),
            "choices": sorted(
                [p.left for p in question.pairs]
                + [p.right for p in question.pairs]
                + list(question.distractors)
            ),
        }
    if isinstance(question, Ordering):
        return found | {"order": [i.text for i in question.items]}
    if isinstance(question, Cloze):
        return found | {"blanks": sorted(sorted(b.answers) for b in question.blanks)}
    return found


@pytest.mark.parametrize("target", ["qti21", "qti30"])
@pytest.mark.parametrize("make", [sample_course, qti_course], ids=["sample", "features"])
def test_every_question_reads_back_equal_to_the_source(
    target: str, make: Any, tmp_path: Path
) -> None:
    course: Course = make(tmp_path)
    members = files(build(target, course)[0][0])
    reader = Reader(members, qti3=target == "qti30")
    for quiz in course.quizzes:
        for question in quiz.questions:
            recovered = reader.question(members[f"items/{question.ident}.xml"])
            assert recovered == expected(question), question.id
