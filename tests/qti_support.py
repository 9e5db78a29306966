"""Shared helpers of the QTI tests: a feature-rich variant of the sample course, build helpers.

``qti_course`` is :func:`model_factory.sample_course` with the check quiz changed
to exercise what the sample leaves out: numeric tolerance, math, case-sensitive
answers, feedback on every kind of question, question shuffling and positions.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import replace
from pathlib import Path

from lmsexport.errors import Diagnostic, SourcePos
from lmsexport.model import (
    Cloze,
    Course,
    Essay,
    Feedback,
    Numeric,
    NumericAnswer,
    ShortAnswer,
)
from lmsexport.model.questions import Question
from lmsexport.packaging import zip_bytes
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import Artifact, BuildContext
from lmsexport.targets.registry import get_target
from model_factory import sample_course

SCHEMAS = os.environ.get("LMSEXPORT_SCHEMAS", "/work/shared/schemas")


def registry() -> SchemaRegistry:
    return SchemaRegistry.discover([SCHEMAS])


def _vary(question: Question, line: int) -> Question:
    """The feature variant of one sample question, positioned at ``line`` of the quiz file."""
    pos = SourcePos(Path("quizzes/check.yaml"), line, 5)
    if isinstance(question, Numeric):
        return replace(
            question,
            prompt="What is $\\frac{1}{4}$ as a decimal?",
            answer=NumericAnswer("tolerance", value=0.25, tolerance=0.01),
            points=1.5,
            pos=pos,
        )
    if isinstance(question, ShortAnswer):
        return replace(question, case_sensitive=True, feedback=Feedback(correct="Right."), pos=pos)
    if isinstance(question, Cloze):
        blanks = (question.blanks[0], replace(question.blanks[1], case_sensitive=True))
        return replace(question, blanks=blanks, pos=pos)
    if isinstance(question, Essay):
        return replace(
            question, feedback=Feedback("Compare with the model answer.", "Good."), pos=pos
        )
    return replace(question, pos=pos)


def qti_course(tmp_path: Path) -> Course:
    """The sample course reduced to its two quizzes, the first one varied (see module doc)."""
    course = sample_course(tmp_path)
    check, review = course.quizzes
    varied = replace(
        check,
        questions=tuple(_vary(q, 10 * n) for n, q in enumerate(check.questions, start=1)),
        shuffle=True,
        attempts=3,
        pos=SourcePos(Path("course.yaml"), 12, 7),
    )
    return replace(course, outline=(varied, review))


def build(
    target: str, course: Course, **options: object
) -> tuple[list[Artifact], list[Diagnostic], BuildContext]:
    """Render like the pipeline: check, render, validate every tagged file, verify."""
    ctx = BuildContext(schemas=registry(), options=options)
    plugin = get_target(target)
    found = list(plugin.check(course, ctx))
    artifacts = list(plugin.render(course, ctx))
    for artifact in artifacts:
        for file in artifact.files:
            if file.schema:
                found += ctx.schemas.validate(file.schema, file.data, file.path)
        found += plugin.verify(artifact, ctx)
    return artifacts, found + ctx.diagnostics, ctx


def errors(found: list[Diagnostic]) -> list[str]:
    return [d.format() for d in found if d.is_error]


def files(artifact: Artifact) -> dict[str, bytes]:
    """The members of the zip the artifact becomes, read back from real zip bytes."""
    with zipfile.ZipFile(io.BytesIO(zip_bytes(artifact.files))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
