"""The ``scorm2004`` target: SCORM 2004 4th edition (``--scorm-edition 3`` for 3rd).

Sequencing makes the course complete when every SCO completes and satisfied
when every quiz is passed (lessons are excluded from satisfaction rollup).
Moodle ignores sequencing, so every SCO also reports its own status and the
package works item by item there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from markupsafe import Markup

from lmsexport.errors import Diagnostic
from lmsexport.model import Course
from lmsexport.render.templating import template_environment
from lmsexport.targets.base import Artifact, BuildContext, OutputFile
from lmsexport.targets.scorm.integrity import MANIFEST
from lmsexport.targets.scorm.interactions import Version
from lmsexport.targets.scorm.limits import manifest_version
from lmsexport.targets.scorm.metadata import LOM_KIND, inline_lom_problems
from lmsexport.targets.scorm.options import ScormOptions
from lmsexport.targets.scorm.package import PackageContent
from lmsexport.targets.scorm.target import ScormTarget, description_text

METADATA = "metadata/course.xml"
_EDITIONS = {3: "2004 3rd Edition", 4: "2004 4th Edition"}


class Scorm2004Target(ScormTarget):
    """SCORM 2004 with sequencing, rollup and LOM metadata."""

    name: ClassVar[str] = "scorm2004"
    title: ClassVar[str] = "SCORM 2004"
    schema_sets: ClassVar[tuple[str, ...]] = ("scorm2004-4th", "scorm2004-3rd")
    version: ClassVar[Version] = "2004"

    def schema_set(self, options: ScormOptions) -> str:
        return f"scorm2004-{'4th' if options.edition == 4 else '3rd'}"

    def manifest_files(
        self, course: Course, content: PackageContent, options: ScormOptions
    ) -> list[OutputFile]:
        environment = template_environment("lmsexport.targets.scorm2004")
        lom = environment.get_template("lom.xml.j2").render(
            course=course, description=description_text(course)
        )
        # 3rd edition's CP schema checks inline metadata strictly (the LOM binding is
        # not part of its set), so there the record goes to a file named by location.
        separate = options.edition == 3
        manifest = environment.get_template("imsmanifest.xml.j2").render(
            course=course,
            structure=content.structure,
            schemaversion=_EDITIONS[options.edition],
            lom=Markup(lom.split("?>", 1)[1].strip()),
            metadata_href=METADATA if separate else "",
            hide_lms_navigation=options.lms.hide_lms_navigation,
            rollup_rules=options.lms.rollup_rules,
            version=manifest_version(course, self.version),
        )
        kind = f"{self.schema_set(options)}.manifest"
        files = [OutputFile(MANIFEST, manifest.encode("utf-8"), schema=kind)]
        if separate:
            files.append(OutputFile(METADATA, lom.encode("utf-8"), schema=LOM_KIND))
        return files

    def verify(self, artifact: Artifact, ctx: BuildContext) -> Sequence[Diagnostic]:
        return [*super().verify(artifact, ctx), *inline_lom_problems(artifact, ctx)]
