"""Cartridge rules that no XSD checks, run on the finished files before zipping.

The CC 1.1 manifest schema carries its profile rules as Schematron that XSD
validators ignore (a web link with two files, an assessment with an ``href``,
web content depending on a quiz...), and Moodle's converter adds expectations
of its own: one root item, leaf items without children, quizzes whose
questions sit directly in the assessment's section (it reads no other place).
The generic package rules (identifiers unique, every href and dependency
resolves, every file listed) are the same as SCORM's and are reused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from lmsexport.errors import Diagnostic, error
from lmsexport.targets.base import Artifact
from lmsexport.targets.cc.manifest import MANIFEST
from lmsexport.targets.cc.profile import QTI_NS, Profile
from lmsexport.targets.scorm.integrity import check_package
from lmsexport.xmlsafe import XmlSyntaxError, parse_xml


@dataclass(frozen=True)
class _Resource:
    ident: str
    type: str
    href: str | None
    files: tuple[str, ...]
    dependencies: tuple[str, ...]


def _descriptor_roots(profile: Profile) -> dict[str, tuple[str, str]]:
    """Resource type -> (namespace, local name) of the root of its single file."""
    return {
        profile.assessment_type: (QTI_NS, "questestinterop"),
        profile.weblink_type: (profile.weblink_ns, "webLink"),
        profile.discussion_type: (profile.discussion_ns, "topic"),
    }


def _allowed_dependencies(profile: Profile) -> dict[str, frozenset[str]]:
    web = frozenset({"webcontent"})
    return {
        "webcontent": web,
        profile.assessment_type: web,
        profile.discussion_type: web,
        profile.weblink_type: frozenset(),
    }


def check_cartridge(artifact: Artifact, profile: Profile) -> list[Diagnostic]:
    """Every integrity problem of the cartridge ``artifact``."""
    problems = check_package(artifact)
    members = {f.path: f.data for f in artifact.files}
    if MANIFEST not in members:
        return problems
    try:
        root = parse_xml(members[MANIFEST], MANIFEST).getroot()
    except XmlSyntaxError:
        return problems
    where = f"{artifact.filename}: {MANIFEST}"
    ns = {"cp": profile.manifest_ns}
    resources = {r.ident: r for r in _resources(root, ns)}
    problems += [error(f"{where}: {m}") for m in _item_problems(root, ns)]
    for resource in resources.values():
        problems += [
            error(f"{where}: resource {resource.ident!r}: {m}")
            for m in _resource_problems(resource, resources, profile)
        ]
        roots = _descriptor_roots(profile)
        if resource.type in roots and len(resource.files) == 1 and resource.files[0] in members:
            problems += [
                error(f"{artifact.filename}: {resource.files[0]}: {m}")
                for m in _descriptor_problems(members[resource.files[0]], roots[resource.type])
            ]
    return problems


def _resources(root: etree._Element, ns: dict[str, str]) -> Iterator[_Resource]:
    for element in root.iterfind("cp:resources/cp:resource", ns):
        yield _Resource(
            ident=element.get("identifier", ""),
            type=element.get("type", ""),
            href=element.get("href"),
            files=tuple(f.get("href", "") for f in element.iterfind("cp:file", ns)),
            dependencies=tuple(
                d.get("identifierref", "") for d in element.iterfind("cp:dependency", ns)
            ),
        )


def _item_problems(root: etree._Element, ns: dict[str, str]) -> Iterator[str]:
    organizations = root.findall("cp:organizations/cp:organization", ns)
    if len(organizations) != 1:
        yield f"needs exactly one organization, found {len(organizations)}"
        return
    for item in organizations[0].iterfind(".//cp:item[@identifierref]", ns):
        if item.find("cp:item", ns) is not None:
            yield f"item {item.get('identifier')!r} launches a resource and must have no child items"


def _resource_problems(
    resource: _Resource, resources: dict[str, _Resource], profile: Profile
) -> Iterator[str]:
    descriptor = resource.type in _descriptor_roots(profile)
    if descriptor and len(resource.files) != 1:
        yield f"a {resource.type} resource lists exactly one file, not {len(resource.files)}"
    if descriptor and resource.href is not None:
        yield f"a {resource.type} resource must not have an href"
    if resource.href is not None and resource.href not in resource.files:
        yield f"its href {resource.href!r} is not one of its files"
    if len(set(resource.files)) != len(resource.files):
        yield "lists a file twice"
    if len(set(resource.dependencies)) != len(resource.dependencies):
        yield "names a dependency twice"
    allowed = _allowed_dependencies(profile).get(resource.type, frozenset())
    for ident in resource.dependencies:
        other = resources.get(ident)
        if ident == resource.ident:
            yield "depends on itself"
        elif other is not None and other.type not in allowed:
            yield f"a {resource.type} resource must not depend on {other.type} {ident!r}"


def _descriptor_problems(data: bytes, expected: tuple[str, str]) -> Iterator[str]:
    try:
        root = parse_xml(data, "descriptor").getroot()
    except XmlSyntaxError as exc:
        yield exc.diagnostic.message
        return
    name = etree.QName(root)
    if (name.namespace, name.localname) != expected:
        yield f"root element must be {{{expected[0]}}}{expected[1]}, not {root.tag}"
        return
    if expected[1] == "questestinterop":
        count = len(root.findall("q:assessment/q:section/q:item", {"q": QTI_NS}))
        if count == 0:
            yield "the assessment has no item directly in its section (Moodle imports none)"
