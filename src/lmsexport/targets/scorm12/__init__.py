"""The ``scorm12`` target: a SCORM 1.2 package, the version every LMS plays fully.

The manifest carries ``adlcp:masteryscore`` from each quiz's pass score; the
LOM record lives in ``metadata/course.xml`` (named by ``adlcp:location``)
because 1.2's manifest schema validates inline metadata strictly against the
IMS MD binding, which does not compile.
"""

from __future__ import annotations

from typing import ClassVar

from lmsexport.model import Course
from lmsexport.render.templating import template_environment
from lmsexport.targets.base import OutputFile
from lmsexport.targets.scorm.integrity import MANIFEST
from lmsexport.targets.scorm.interactions import Version
from lmsexport.targets.scorm.limits import manifest_version
from lmsexport.targets.scorm.options import ScormOptions
from lmsexport.targets.scorm.package import PackageContent
from lmsexport.targets.scorm.target import ScormTarget, description_text

METADATA = "metadata/course.xml"


class Scorm12Target(ScormTarget):
    """SCORM 1.2 with one SCO per lesson or quiz (or one for the course)."""

    name: ClassVar[str] = "scorm12"
    title: ClassVar[str] = "SCORM 1.2"
    schema_sets: ClassVar[tuple[str, ...]] = ("scorm12",)
    version: ClassVar[Version] = "1.2"

    def manifest_files(
        self, course: Course, content: PackageContent, options: ScormOptions
    ) -> list[OutputFile]:
        environment = template_environment("lmsexport.targets.scorm12")
        description = description_text(course)
        manifest = environment.get_template("imsmanifest.xml.j2").render(
            course=course,
            structure=content.structure,
            metadata_href=METADATA,
            version=manifest_version(course, self.version),
        )
        metadata = environment.get_template("metadata.xml.j2").render(
            course=course, description=description
        )
        return [
            OutputFile(MANIFEST, manifest.encode("utf-8"), schema="scorm12.manifest"),
            OutputFile(METADATA, metadata.encode("utf-8")),
        ]
