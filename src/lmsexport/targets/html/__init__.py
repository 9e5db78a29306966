"""The ``html`` target: the course as a self-contained static web site in one zip.

Teachers open ``index.html`` from the unpacked folder or put it on any web
server; nothing is fetched from the network.  All page rendering lives in
:mod:`lmsexport.render.site`, shared with the SCORM and Common Cartridge targets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from lmsexport.errors import Diagnostic
from lmsexport.model import Course
from lmsexport.render.references import broken_references
from lmsexport.render.site import render_site
from lmsexport.targets.base import Artifact, BuildContext


class HtmlTarget:
    """Static site: ``index.html``, one page per lesson and quiz, assets and media."""

    name: ClassVar[str] = "html"
    title: ClassVar[str] = "Static HTML site"
    schema_sets: ClassVar[tuple[str, ...]] = ()

    def check(self, course: Course, ctx: BuildContext) -> Sequence[Diagnostic]:
        """Nothing is lost in HTML: every question type is scored in the browser."""
        return []

    def render(self, course: Course, ctx: BuildContext) -> Sequence[Artifact]:
        """The whole site in one zip, so teachers can unpack it anywhere and open ``index.html``."""
        return [Artifact(f"{course.id}-html.zip", tuple(render_site(course)))]

    def verify(self, artifact: Artifact, ctx: BuildContext) -> Sequence[Diagnostic]:
        """Every local link and image of every page resolves to a file of the zip."""
        return broken_references(artifact.files)
