"""IMS Content Packaging rules shared by SCORM, QTI packages and Common Cartridge.

These are the failures every LMS importer hits first: identifiers that do not
resolve, hrefs naming files the zip lacks (LMS file stores are case-sensitive
and URL-decode hrefs), and duplicate identifiers that make references ambiguous.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from lxml import etree

from lmsexport.validate.context import Context, line_no

_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# Files a package may carry without listing them: the manifest and the
# schema control files ADL's test suite expects at the root.
_SELF_DESCRIBING = (".xsd", ".dtd")


def manifest_root(ctx: Context) -> etree._Element | None:
    """The parsed manifest, or ``None`` when there is none or it is unreadable (already reported)."""
    return None if ctx.manifest is None else ctx.xml(ctx.manifest)


def resource_elements(root: etree._Element) -> list[etree._Element]:
    """Every ``<resource>`` of every ``<resources>``, in document order."""
    return [r for group in root.iter("{*}resources") for r in group.iterchildren("{*}resource")]


def resources(root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """Every ``<resource>`` with the folder its relative hrefs resolve against (xml:base)."""
    for group in root.iter("{*}resources"):
        group_base = group.get(_XML_BASE, "")
        for resource in group.iterchildren("{*}resource"):
            base = resource.get(_XML_BASE, "")
            yield resource, posixpath.join(group_base, base) if group_base or base else ""


def check_identifiers(ctx: Context) -> None:
    """Identifiers unique; identifierref, dependency and default organization resolve."""
    root = manifest_root(ctx)
    if root is None or ctx.manifest is None:
        return
    name = ctx.manifest
    seen: dict[str, etree._Element] = {}
    for element in root.iter("{*}manifest", "{*}organization", "{*}item", "{*}resource"):
        ident = element.get("identifier")
        if ident is None:
            continue
        first = seen.setdefault(ident, element)
        if first is not element:
            ctx.add(
                "CP-DUPLICATE-IDENTIFIER",
                name,
                f"identifier '{ident}' already used on line {line_no(first)}; make each one unique",
                line_no(element),
            )
    resource_ids = {r.get("identifier") for r in resource_elements(root)}
    targets = resource_ids | {m.get("identifier") for m in root.iter("{*}manifest")}
    for item in root.iter("{*}item"):
        ref = item.get("identifierref")
        if ref is not None and ref not in targets:
            ctx.add(
                "CP-DANGLING-IDENTIFIERREF",
                name,
                f"item '{item.get('identifier')}' points at resource '{ref}', which does not exist",
                line_no(item),
            )
    for dependency in root.iter("{*}dependency"):
        ref = dependency.get("identifierref")
        if ref not in resource_ids:
            ctx.add(
                "CP-DANGLING-DEPENDENCY",
                name,
                f"dependency on '{ref}': no resource has that identifier",
                line_no(dependency),
            )
    organization_ids = {str(o.get("identifier")) for o in root.iter("{*}organization")}
    for group in root.iter("{*}organizations"):
        default = group.get("default")
        if default is not None and default not in organization_ids:
            ctx.add(
                "CP-DANGLING-DEFAULT-ORG",
                name,
                f"default organization '{default}' does not exist; name one of {sorted(organization_ids)}",
                line_no(group),
            )


def check_files(ctx: Context) -> None:
    """Every href resolves inside the package; every file is listed."""
    root = manifest_root(ctx)
    if root is None or ctx.manifest is None or ctx.loose:
        return
    listed: set[str] = set()
    for resource, base in resources(root):
        reported: set[str] = set()  # one finding per broken file and resource
        href = resource.get("href")
        if href:
            ctx.check_href(href, ctx.manifest, resource, base, reported=reported)
        for file in resource.iterchildren("{*}file"):
            target = ctx.check_href(
                file.get("href", ""), ctx.manifest, file, base, reported=reported
            )
            if target is not None:
                listed.add(target)
    for location in root.iter("{*}location"):  # adlcp:location: metadata kept in its own file
        target = ctx.check_href((location.text or "").strip(), ctx.manifest, location)
        if target is not None:
            listed.add(target)
    for member in ctx.package.names():
        if member == ctx.manifest or member.lower().endswith(_SELF_DESCRIBING):
            continue
        if member not in listed and member.startswith(ctx.base):
            ctx.add(
                "CP-UNLISTED-FILE",
                member,
                "no <file> element lists this file; list it under its resource or remove it",
            )
