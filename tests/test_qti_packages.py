"""QTI 2.1 / 3.0 / 1.2 packages: schema-valid, complete, deterministic, and checked.

Every test builds through the same steps as the pipeline (check, render,
validate each tagged file against the official schema, verify), so "no errors"
means the official XSDs/DTD and our semantic checks accepted every file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from lmsexport.assessment.checks import check_package
from lmsexport.assessment.qti3rules import structural_problems
from lmsexport.packaging import zip_bytes
from lmsexport.targets.base import Artifact, OutputFile
from model_factory import sample_course
from qti_support import build, errors, files, qti_course

TARGETS = ("qti12", "qti21", "qti30")
ITEM_ROOT = {"qti21": "assessmentItem", "qti30": "qti-assessment-item"}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("make", [sample_course, qti_course], ids=["sample", "features"])
def test_every_file_validates_and_passes_checks(target: str, make: object, tmp_path: Path) -> None:
    course = make(tmp_path)  # type: ignore[operator]
    artifacts, found, _ = build(target, course)
    assert errors(found) == []
    assert [a.filename for a in artifacts] == [f"{course.id}-{target}.zip"]
    tagged = [f for f in artifacts[0].files if f.schema]
    assert any(f.path == "imsmanifest.xml" for f in tagged)


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_one_item_file_per_question_and_media_listed(target: str, tmp_path: Path) -> None:
    course = sample_course(tmp_path)
    artifacts, _, _ = build(target, course)
    members = files(artifacts[0])
    items = [n for n in members if n.startswith("items/")]
    assert len(items) == sum(len(q.questions) for q in course.quizzes)
    assert len([n for n in members if n.startswith("tests/")]) == len(course.quizzes)
    assert "media/portrait.png" in members
    manifest = etree.fromstring(members["imsmanifest.xml"])
    hrefs = {e.get("href") for e in manifest.iter("{*}file")}
    assert hrefs == set(members) - {"imsmanifest.xml"}
    for name in items:
        root = etree.fromstring(members[name])
        assert etree.QName(root).localname == ITEM_ROOT[target]


@pytest.mark.parametrize("target", TARGETS)
def test_split_quizzes_writes_one_zip_per_quiz(target: str, tmp_path: Path) -> None:
    course = sample_course(tmp_path)
    artifacts, found, _ = build(target, course, split_quizzes=True)
    assert errors(found) == []
    assert [a.filename for a in artifacts] == [
        f"{course.id}-{quiz.id}-{target}.zip" for quiz in course.quizzes
    ]


@pytest.mark.parametrize("target", TARGETS)
def test_builds_are_byte_identical(target: str, tmp_path: Path) -> None:
    first, _, _ = build(target, sample_course(tmp_path / "a"))
    second, _, _ = build(target, sample_course(tmp_path / "b"))
    assert zip_bytes(first[0].files) == zip_bytes(second[0].files)


def _replace(artifact: Artifact, path: str, old: bytes, new: bytes) -> Artifact:
    changed = tuple(
        OutputFile(f.path, f.data.replace(old, new), f.schema) if f.path == path else f
        for f in artifact.files
    )
    return Artifact(artifact.filename, changed)


def test_semantic_checks_catch_what_the_xsd_allows(tmp_path: Path) -> None:
    course = qti_course(tmp_path)
    artifact = build("qti21", course)[0][0]
    troika = next(f.path for f in artifact.files if "troika" in f.path)
    test = next(f.path for f in artifact.files if f.path.startswith("tests/icheck"))
    broken = _replace(artifact, troika, b"<value>C_a</value>", b"<value>C_z</value>")
    broken = _replace(
        broken, test, b'<weight identifier="W" value="2"/>', b'<weight identifier="W" value="3"/>'
    )
    broken = Artifact(broken.filename, (*broken.files, OutputFile("stray.txt", b"x")))
    messages = [d.message for d in check_package(broken, qti3=False)]
    assert any("'C_z' is not one of the item's choices" in m for m in messages)
    assert any("weights add up to" in m for m in messages)
    assert any("does not list package file 'stray.txt'" in m for m in messages)


def test_qti3_rules_reject_qti2_spelling(tmp_path: Path) -> None:
    artifact = build("qti30", qti_course(tmp_path))[0][0]
    item = next(f for f in artifact.files if "troika" in f.path)
    bad = item.data.replace(b'response-identifier="RESPONSE"', b'responseIdentifier="RESPONSE"')
    bad = re.sub(
        rb"<qti-content-body>(<p>The troika ruled.*?</p>\s*)</qti-content-body>",
        rb"\1",
        bad,
        flags=re.S,
    )
    messages = [d.message for d in structural_problems(bad, item.path)]
    assert any("'responseIdentifier' is not QTI 3.0 kebab-case" in m for m in messages)
    assert any("must hold exactly one <qti-content-body>" in m for m in messages)
    assert structural_problems(item.data, item.path) == []
