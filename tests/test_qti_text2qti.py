"""Differential test against text2qti, the QTI 1.2 generator known to import into Canvas.

The questions of our test courses that text2qti can also express are written in
text2qti's plain-text syntax and built with both tools; the Canvas question
types, answers, correct flags and points read from the two zips must match.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree
from text2qti.config import Config
from text2qti.qti import QTI
from text2qti.quiz import Quiz as Text2qtiQuiz

from lmsexport.model import AnyQuestion, Essay, MultipleResponse, Numeric, ShortAnswer, SingleChoice
from qti_support import build, files, qti_course

BOTH = (SingleChoice, MultipleResponse, ShortAnswer, Numeric, Essay)


def text2qti_source(questions: list[AnyQuestion]) -> str:
    """The questions in text2qti's syntax (https://github.com/gpoore/text2qti)."""
    lines = ["Quiz title: Differential", ""]
    for n, q in enumerate(questions, start=1):
        lines += [f"Points: {q.points:g}", f"{n}.  {q.prompt}"]
        if isinstance(q, SingleChoice):
            lines += [
                f"{'*' if c.correct else ''}{chr(97 + i)}) {c.text}"
                for i, c in enumerate(q.choices)
            ]
        elif isinstance(q, MultipleResponse):
            lines += [f"[{'*' if c.correct else ' '}] {c.text}" for c in q.choices]
        elif isinstance(q, ShortAnswer):
            lines += [f"*   {answer}" for answer in q.answers]
        elif isinstance(q, Numeric):
            a = q.answer
            if a.kind == "range":
                lines.append(f"=   [{a.low:g}, {a.high:g}]")
            else:
                lines.append(f"=   {a.value:g}" + (f" +- {a.tolerance:g}" if a.tolerance else ""))
        else:
            lines.append("____")
        lines.append("")
    return "\n".join(lines)


def _text(element: etree._Element) -> str:
    """Plain text of a label's HTML; text2qti's typographic quotes count as straight ones."""
    html = "".join(element.itertext()) or "<span></span>"
    text = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    return " ".join(text.replace("\u2019", "'").split())


def read_canvas_items(assessment: bytes) -> dict[str, dict[str, Any]]:
    """Item ident to question type, points, answers with correct flags, as Canvas reads them."""
    root = etree.fromstring(assessment)
    found = {}
    for item in root.iter("{*}item"):
        meta = {
            str(f.findtext("{*}fieldlabel")): str(f.findtext("{*}fieldentry"))
            for f in item.iter("{*}qtimetadatafield")
        }
        scoring = [
            c for c in item.iter("{*}respcondition") if c.findtext("{*}setvar") in ("100", "100.0")
        ]
        correct = [
            str(v.text)
            for c in scoring
            for v in c.iter("{*}varequal")
            if v.getparent() is not None and etree.QName(v.getparent()).localname != "not"
        ]
        bounds = [float(str(v.text)) for c in scoring for v in c.iter("{*}vargte", "{*}varlte")]
        labels = {str(r.get("ident")): _text(r) for r in item.iter("{*}response_label")}
        kind = meta["question_type"]
        if kind in ("multiple_choice_question", "multiple_answers_question"):
            answers: Any = sorted((labels[i], i in correct) for i in labels)
        elif kind == "short_answer_question":
            answers = sorted(correct)
        elif kind == "numerical_question":
            answers = (min(bounds), max(bounds))
        else:
            answers = None
        found[str(item.get("ident"))] = {
            "type": kind,
            "points": float(meta["points_possible"]),
            "answers": answers,
        }
    return found


def test_canvas_types_answers_and_points_match_text2qti(tmp_path: Path) -> None:
    course = qti_course(tmp_path)
    questions = [q for quiz in course.quizzes for q in quiz.questions if isinstance(q, BOTH)]
    assert {q.type for q in questions} == {
        "single_choice",
        "multiple_response",
        "short_answer",
        "numeric",
        "essay",
    }
    peer = QTI(Text2qtiQuiz(text2qti_source(questions), config=Config(), source_name="diff"))
    with zipfile.ZipFile(io.BytesIO(peer.zip_bytes())) as archive:
        (peer_xml,) = [
            archive.read(n)
            for n in archive.namelist()
            if n.endswith(".xml") and "/" in n and not n.endswith("assessment_meta.xml")
        ]
    members = files(build("qti12", course)[0][0])
    ours = [
        read_canvas_items(members[f"{quiz.ident}/{quiz.ident}.xml"])[q.ident]
        for quiz in course.quizzes
        for q in quiz.questions
        if isinstance(q, BOTH)
    ]
    assert ours == list(read_canvas_items(peer_xml).values())
