"""The ``qti30`` target: a 1EdTech QTI 3.0 content package of every quiz of a course.

Same layout and model as ``qti21`` (:mod:`lmsexport.assessment.package`), in the
QTI 3.0 vocabulary.  Only the manifest has an official XSD offline; items and
tests are checked in ``verify`` by :mod:`lmsexport.assessment.qti3rules`
(strict rules of our own, plus a downgrade to QTI 2.1 validated by its XSD).
"""

from __future__ import annotations

from collections.abc import Sequence

from lmsexport.assessment.checks import check_package
from lmsexport.assessment.degrade import degradations
from lmsexport.assessment.package import Dialect, render_course
from lmsexport.assessment.qti3rules import check_qti3
from lmsexport.errors import Diagnostic
from lmsexport.model import Course
from lmsexport.targets.base import Artifact, BuildContext

DIALECT = Dialect(
    target="qti30",
    templates="lmsexport.targets.qti30",
    item_kind=None,
    test_kind=None,
    manifest_kind="qti30.manifest",
    qti3=True,
)


class Qti30Target:
    """1EdTech QTI 3.0 package."""

    name = "qti30"
    title = "1EdTech QTI 3.0 package"
    schema_sets: tuple[str, ...] = ("qti30", "qti21")

    def check(self, course: Course, ctx: BuildContext) -> Sequence[Diagnostic]:
        return degradations(self.name, course)

    def render(self, course: Course, ctx: BuildContext) -> Sequence[Artifact]:
        return render_course(course, ctx, DIALECT)

    def verify(self, artifact: Artifact, ctx: BuildContext) -> Sequence[Diagnostic]:
        return check_package(artifact, qti3=True) + check_qti3(artifact, ctx.schemas)
