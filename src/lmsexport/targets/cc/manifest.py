"""The ``imsmanifest.xml`` of a cartridge, rendered from its items and resources."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from lmsexport.model import Course
from lmsexport.render.plaintext import plain_text
from lmsexport.render.templating import template_environment
from lmsexport.targets.base import OutputFile
from lmsexport.targets.cc.profile import Profile
from lmsexport.targets.cc.structure import CcItem, CcResource

MANIFEST = "imsmanifest.xml"


def url_path(path: str) -> str:
    """A package path as a URI reference (spaces and non-ASCII percent-encoded)."""
    return quote(path, safe="/")


def render_manifest(
    course: Course,
    profile: Profile,
    items: Sequence[CcItem],
    resources: Sequence[CcResource],
) -> OutputFile:
    """The manifest; the LOM description is plain text because LOM strings hold no markup."""
    environment = template_environment("lmsexport.targets.cc")
    environment.filters["urlpath"] = url_path
    xml = environment.get_template("imsmanifest.xml.j2").render(
        course=course,
        profile=profile,
        description=plain_text(course.description) if course.description else "",
        items=items,
        resources=resources,
    )
    return OutputFile(MANIFEST, xml.encode("utf-8"), profile.manifest_kind)
