"""SCORM manifests of the sample course and variants: official XSDs, integrity, reproducibility."""

from __future__ import annotations

import dataclasses

import pytest

from lmsexport.loaders.course import load_course
from lmsexport.model import Course
from lmsexport.packaging import zip_bytes
from lmsexport.schemas import SchemaRegistry
from scorm_support import SAMPLE, build_checked, manifest_root, schema_registry

CP12 = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
CP2004 = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return schema_registry("scorm12")


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(SAMPLE)


VARIANTS = [
    ("scorm12", {}),
    ("scorm12", {"sco_granularity": "course"}),
    ("scorm2004", {"scorm_edition": 4}),
    ("scorm2004", {"scorm_edition": 3}),
    ("scorm2004", {"scorm_edition": 4, "sco_granularity": "course", "lms": "moodle"}),
]


@pytest.mark.parametrize(("target", "options"), VARIANTS)
def test_scorm_manifest_validates_and_is_complete(
    course: Course, registry: SchemaRegistry, target: str, options: dict[str, object]
) -> None:
    artifact = build_checked(course, target, registry, **options)
    paths = {f.path for f in artifact.files}
    assert "imsmanifest.xml" in paths
    control = (
        {"imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd"}
        if target == "scorm12"
        else {
            "imscp_v1p1.xsd",
            "imsss_v1p0.xsd",
            "adlseq_v1p3.xsd",
        }
    )
    assert control <= paths
    root = manifest_root(artifact)
    ns = CP12 if target == "scorm12" else CP2004
    launchable = root.findall(f".//{ns}item[@identifierref]")
    if options.get("sco_granularity") == "course":
        assert len(launchable) == 1
    else:
        assert [i.get("identifier") for i in launchable] == [leaf.ident for leaf in course.leaves]


def test_scorm12_mastery_score_and_2004_objective_come_from_pass_score(
    course: Course, registry: SchemaRegistry
) -> None:
    quiz = next(q for q in course.quizzes if q.id == "check")
    root12 = manifest_root(build_checked(course, "scorm12", registry))
    item = root12.find(f".//{CP12}item[@identifier='{quiz.ident}']")
    assert item is not None
    assert item.findtext("{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore") == "70"
    root04 = manifest_root(build_checked(course, "scorm2004", registry, scorm_edition=4))
    measure = root04.find(
        f".//{CP2004}item[@identifier='{quiz.ident}']//{{http://www.imsglobal.org/xsd/imsss}}minNormalizedMeasure"
    )
    assert measure is not None and float(measure.text or "") == 0.7


def test_scorm_course_without_quizzes_and_deep_outline(
    course: Course, registry: SchemaRegistry
) -> None:
    lessons = course.lessons
    deep = dataclasses.replace(
        course,
        outline=(
            dataclasses.replace(
                course.outline[0],
                children=(dataclasses.replace(course.outline[0].children[0], children=lessons),),  # type: ignore[union-attr,arg-type]
            ),
        ),
    )
    for target in ("scorm12", "scorm2004"):
        artifact = build_checked(deep, target, registry, scorm_edition=4)
        assert not any(f.path.startswith("quizzes/") for f in artifact.files)


def test_scorm_build_is_byte_reproducible(course: Course, registry: SchemaRegistry) -> None:
    for target in ("scorm12", "scorm2004"):
        first = zip_bytes(build_checked(course, target, registry, scorm_edition=4).files)
        second = zip_bytes(build_checked(course, target, registry, scorm_edition=4).files)
        assert first == second
