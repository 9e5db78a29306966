"""The ``qti21`` target: an IMS QTI 2.1 content package of every quiz of a course.

One ``assessmentItem`` file per question, one ``assessmentTest`` per quiz whose
item references carry the points as weights, and the media the items show; the
layout and the model are shared with ``qti30`` (:mod:`lmsexport.assessment.package`).
"""

from __future__ import annotations

from collections.abc import Sequence

from lmsexport.assessment.checks import check_package
from lmsexport.assessment.degrade import degradations
from lmsexport.assessment.package import Dialect, render_course
from lmsexport.errors import Diagnostic
from lmsexport.model import Course
from lmsexport.targets.base import Artifact, BuildContext

DIALECT = Dialect(
    target="qti21",
    templates="lmsexport.targets.qti21",
    item_kind="qti21.item",
    test_kind="qti21.test",
    manifest_kind="qti21.manifest",
)


class Qti21Target:
    """IMS QTI 2.1 package (Canvas New Quizzes, TAO, ONYX/OPAL, Inspera, ...)."""

    name = "qti21"
    title = "IMS QTI 2.1 package"
    schema_sets: tuple[str, ...] = ("qti21",)

    def check(self, course: Course, ctx: BuildContext) -> Sequence[Diagnostic]:
        return degradations(self.name, course)

    def render(self, course: Course, ctx: BuildContext) -> Sequence[Artifact]:
        return render_course(course, ctx, DIALECT)

    def verify(self, artifact: Artifact, ctx: BuildContext) -> Sequence[Diagnostic]:
        return check_package(artifact, qti3=False)
