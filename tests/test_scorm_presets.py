"""What ``--lms`` presets, LOM validation, cloze patterns and the suspend_data budget do.

Every package built here must also pass the official XSDs and the integrity
checks, so a preset can never trade validity for an LMS quirk.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lmsexport.cli import main
from lmsexport.loaders.course import load_course
from lmsexport.loaders.scaffold import scaffold_course
from lmsexport.model import Cloze, Course
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import Artifact, BuildContext, OutputFile
from lmsexport.targets.registry import get_target
from lmsexport.targets.scorm.interactions import CLOZE_PATTERN_LIMIT, interaction_spec
from scorm_support import SAMPLE, build_checked, manifest_root, schema_registry

CP2004 = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
ADLNAV = "{http://www.adlnet.org/xsd/adlnav_v1p3}"
IMSSS = "{http://www.imsglobal.org/xsd/imsss}"


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return schema_registry("scorm2004-4th", "lom")


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(SAMPLE)


def _config(artifact: Artifact, path: str) -> dict[str, Any]:
    text = next(f.data for f in artifact.files if f.path == path).decode("utf-8")
    return dict(json.loads(text.removeprefix("window.lmsexportScorm = ").rstrip().rstrip(";")))


def test_scorm_moodle_preset_keeps_lms_navigation_and_grades_out_of_100(
    course: Course, registry: SchemaRegistry
) -> None:
    generic = build_checked(course, "scorm2004", registry, sco_granularity="course")
    moodle = build_checked(course, "scorm2004", registry, sco_granularity="course", lms="moodle")
    hidden = [e.text for e in manifest_root(generic).iter(f"{ADLNAV}hideLMSUI")]
    assert hidden == ["previous", "continue"]
    assert list(manifest_root(moodle).iter(f"{ADLNAV}presentation")) == []
    assert _config(generic, "scorm/course.js")["rawPercent"] is False
    assert _config(moodle, "scorm/course.js")["rawPercent"] is True


def test_scorm2004_moodle_preset_leaves_out_the_rollup_rules_moodle_ignores(
    course: Course, registry: SchemaRegistry
) -> None:
    def rollup(artifact: Artifact) -> list[str]:
        """Identifiers of the items whose sequencing has rollup rules."""
        items = manifest_root(artifact).iter(f"{CP2004}item")
        return [
            str(item.get("identifier"))
            for item in items
            if item.find(f"{IMSSS}sequencing/{IMSSS}rollupRules") is not None
        ]

    generic = build_checked(course, "scorm2004", registry)
    lessons = {lesson.ident for lesson in course.lessons}
    assert lessons <= set(rollup(generic))
    moodle = build_checked(course, "scorm2004", registry, lms="moodle")
    assert rollup(moodle) == []
    # Every SCO still reports on its own: quizzes keep their pass-score objective.
    objectives = manifest_root(moodle).iter(f"{IMSSS}primaryObjective")
    assert {o.get("objectiveID") for o in objectives} == {q.ident for q in course.quizzes}


def test_scorm2004_new_course_builds_for_moodle_without_warnings(tmp_path: Path) -> None:
    folder = scaffold_course(tmp_path / "starter")
    args = ["build", str(folder), "-t", "scorm2004", "--lms", "moodle", "-o", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert (tmp_path / "starter-scorm2004.zip").is_file()


def test_scorm_canvas_preset_defaults_to_one_sco_unless_told_otherwise(
    course: Course, registry: SchemaRegistry
) -> None:
    def launchable(artifact: Artifact) -> list[str]:
        items = manifest_root(artifact).iter(f"{CP2004}item")
        return [str(i.get("identifier")) for i in items if i.get("identifierref")]

    canvas = build_checked(course, "scorm2004", registry, lms="canvas")
    assert len(launchable(canvas)) == 1
    assert "scorm-launch.html" in {f.path for f in canvas.files}
    leaf = build_checked(course, "scorm2004", registry, lms="canvas", sco_granularity="leaf")
    assert launchable(leaf) == [node.ident for node in course.leaves]
    generic = build_checked(course, "scorm2004", registry)
    assert launchable(generic) == launchable(leaf)


def test_scorm_unknown_preset_is_reported(course: Course, registry: SchemaRegistry) -> None:
    ctx = BuildContext(schemas=registry, options={"lms": "blackboard"})
    problems = [d for d in get_target("scorm12").check(course, ctx) if d.is_error]
    assert [d.field for d in problems] == ["options.scorm12.lms"]


def _replace(artifact: Artifact, path: str, data: bytes) -> Artifact:
    files = tuple(
        OutputFile(f.path, data, f.schema) if f.path == path else f for f in artifact.files
    )
    return dataclasses.replace(artifact, files=files)


def test_scorm2004_inline_lom_is_validated_against_the_lom_set(
    course: Course, registry: SchemaRegistry
) -> None:
    artifact = build_checked(course, "scorm2004", registry, scorm_edition=4)
    manifest = next(f.data for f in artifact.files if f.path == "imsmanifest.xml")
    broken = manifest.replace(b"<lifeCycle>", b"<lifeCycle><status>sketchy</status>", 1)
    assert broken != manifest
    # The manifest XSDs let any metadata through; only the LOM check sees the bad value.
    assert registry.validate("scorm2004-4th.manifest", broken, "imsmanifest.xml") == []
    ctx = BuildContext(schemas=registry, options={})
    problems = get_target("scorm2004").verify(_replace(artifact, "imsmanifest.xml", broken), ctx)
    assert problems and all("imsmanifest.xml" in str(p.pos.file) for p in problems if p.pos)


def test_scorm2004_third_edition_metadata_file_is_tagged_lom(
    course: Course, registry: SchemaRegistry
) -> None:
    artifact = build_checked(course, "scorm2004", registry, scorm_edition=3)
    metadata = next(f for f in artifact.files if f.path == "metadata/course.xml")
    assert metadata.schema == "lom"


def test_scorm_cloze_patterns_cover_accepted_answer_combinations(course: Course) -> None:
    cloze = next(q for quiz in course.quizzes for q in quiz.questions if isinstance(q, Cloze))
    two = dataclasses.replace(
        cloze,
        blanks=tuple(
            dataclasses.replace(b, answers=(*b.answers, f"{b.answers[0]}s")) for b in cloze.blanks
        ),
    )
    patterns = interaction_spec(two, "2004").patterns
    firsts = "[,]".join(b.answers[0].strip() for b in two.blanks)
    assert patterns[0].removeprefix("{case_matters=true}") == firsts
    assert len(patterns) == min(CLOZE_PATTERN_LIMIT, 2 ** len(two.blanks))
    assert len(set(patterns)) == len(patterns)


def test_scorm12_single_sco_budget_counts_every_quiz(
    course: Course, registry: SchemaRegistry
) -> None:
    def budget(**options: Any) -> list[str]:
        ctx = BuildContext(schemas=registry, options=options)
        found = get_target("scorm12").check(course, ctx)
        return [d.message for d in found if d.code == "SCORM-SUSPEND-BUDGET"]

    assert budget() == []
    (message,) = budget(sco_granularity="course")
    assert "course 'Stalin's Soviet Union'" in message and "4096" in message
    assert get_target("scorm2004").check(course, BuildContext(schemas=registry, options={})) == []
