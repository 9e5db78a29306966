"""IMS Common Cartridge rules: resource types and their descriptor files."""

from __future__ import annotations

import re

from lmsexport.validate.context import Context, line_no
from lmsexport.validate.rules.cp import manifest_root, resource_elements

# Resource types of CC 1.0-1.3 (the version digit varies with the cartridge version).
_KNOWN_TYPE = re.compile(
    r"^(webcontent"
    r"|imsdt_xmlv1p\d|imswl_xmlv1p\d|imsbasiclti_xmlv1p\d|assignment_xmlv1p\d"
    r"|imsqti_xmlv1p2/imscc_xmlv1p\d/(assessment|question-bank)"
    r"|associatedcontent/imscc_xmlv1p\d/learning-application-resource)$"
)
# Types whose one file is an XML descriptor (topic, link, test, LTI link).
_DESCRIPTOR = re.compile(r"^(imsdt|imswl|imsbasiclti|assignment)_xml|^imsqti_xml")


def check_cc(ctx: Context) -> None:
    """Known CC resource types and one descriptor file each; Moodle restores only CC 1.0 and 1.1."""
    root = manifest_root(ctx)
    if root is None or ctx.manifest is None:
        return
    if ctx.kind in ("cc12", "cc13"):
        ctx.add(
            "LMS-MOODLE-CC-VERSION",
            ctx.manifest,
            "Moodle restores Common Cartridge 1.0 and 1.1 only; export CC 1.1 for Moodle",
            line_no(root),
        )
    for resource in resource_elements(root):
        kind = resource.get("type", "")
        ident = resource.get("identifier")
        if not _KNOWN_TYPE.match(kind):
            ctx.add(
                "CC-UNKNOWN-RESOURCE-TYPE",
                ctx.manifest,
                f"resource '{ident}' has type '{kind}', which Common Cartridge does not define "
                f"(SCORM is not a CC resource type); use webcontent or a CC type",
                line_no(resource),
            )
            continue
        files = list(resource.iterchildren("{*}file"))
        if _DESCRIPTOR.match(kind) and len(files) != 1:
            ctx.add(
                "CC-RESOURCE-FILES",
                ctx.manifest,
                f"resource '{ident}' of type {kind} must list exactly one file (its XML "
                f"descriptor), not {len(files)}; move media to a webcontent dependency",
                line_no(resource),
            )
