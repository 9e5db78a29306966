"""The ``cc`` target: the whole course as one IMS Common Cartridge for Moodle and Canvas.

Sections become organization folders (Moodle sections, Canvas modules),
lessons ``webcontent`` pages, quizzes CC QTI assessments, external links web
links, and ``options.cc.discussion`` a discussion topic.  CC 1.1 (the default)
is validated against the official schemas by the build pipeline; CC 1.3 is
built from the specification and reported as not schema-checked.  See
``docs/common-cartridge.md`` for what each LMS does with the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from lmsexport.errors import NOT_SCHEMA_CHECKED, Diagnostic, warning
from lmsexport.model import Course
from lmsexport.render.leaflinks import unlinked_warnings
from lmsexport.render.references import broken_references
from lmsexport.targets.base import Artifact, BuildContext
from lmsexport.targets.cc.assessments import assessment_part
from lmsexport.targets.cc.cartridge import build_files
from lmsexport.targets.cc.integrity import check_cartridge
from lmsexport.targets.cc.options import profile_for, read_options
from lmsexport.targets.cc.profile import CC11
from lmsexport.targets.cc.questions import fit_quiz


class CommonCartridgeTarget:
    """IMS Common Cartridge 1.1 (or 1.3): ``dist/<course-id>-cc.imscc``."""

    name: ClassVar[str] = "cc"
    title: ClassVar[str] = "IMS Common Cartridge"
    schema_sets: ClassVar[tuple[str, ...]] = ("cc11",)

    def check(self, course: Course, ctx: BuildContext) -> Sequence[Diagnostic]:
        """Option errors, every quiz setting or question the CC QTI profile changes, every
        link between lessons the preset shows as text, a version the chosen LMS cannot
        read, and, for CC 1.3, that no official schema will check the cartridge."""
        options, problems = read_options(course, ctx.options)
        for quiz in course.quizzes:
            problems += fit_quiz(quiz)[1]
        problems += unlinked_warnings(course, options.preset.page_options, self.name)
        if options.preset.name == "moodle" and options.profile is not CC11:
            problems.append(
                warning(
                    f"cc: Moodle restores Common Cartridge 1.0 and 1.1 only; a "
                    f"{options.profile.version} cartridge is an unknown format there",
                    course.pos,
                    hint="build with --cc-version 1.1 for Moodle",
                )
            )
        if not options.profile.schema_checked:
            problems.append(
                warning(
                    f"cc: Common Cartridge {options.profile.version} has no official schemas "
                    "offline; the cartridge was not schema-checked (only lmsexport's own "
                    "integrity checks ran)",
                    course.pos,
                    code=NOT_SCHEMA_CHECKED,
                )
            )
        return problems

    def render(self, course: Course, ctx: BuildContext) -> Sequence[Artifact]:
        """One ``.imscc`` with every quiz fitted to the CC QTI profile (the changes were warned about by :meth:`check`)."""
        options, _ = read_options(course, ctx.options)
        files = build_files(
            course, options, lambda quiz: assessment_part(course, quiz, options.profile)
        )
        return [Artifact(f"{course.id}-cc.imscc", tuple(files))]

    def verify(self, artifact: Artifact, ctx: BuildContext) -> Sequence[Diagnostic]:
        """Package integrity, the CC profile rules, and every page link resolving."""
        profile = profile_for(ctx.options) or CC11
        return [*check_cartridge(artifact, profile), *broken_references(artifact.files)]
