"""Package checks an XSD cannot express, run on the finished file list.

LMSes and ADL's conformance suite refuse packages where an ``identifierref``
dangles, a listed file is missing, a file is not listed, an identifier repeats
or an ``href`` is absolute or not URL-escaped; XSD validation passes all of
those.  The check reads the manifest back from bytes, exactly as an LMS would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import unquote

from lmsexport.errors import Diagnostic, error
from lmsexport.targets.base import Artifact
from lmsexport.xmlsafe import XmlSyntaxError, parse_xml

MANIFEST = "imsmanifest.xml"
_NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_CONTROL_SUFFIXES = (".xsd", ".dtd")
_ESCAPED_HREF = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$")


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def check_package(artifact: Artifact) -> list[Diagnostic]:
    """Every integrity problem of the SCORM package ``artifact``."""
    members = {f.path: f for f in artifact.files}
    where = f"{artifact.filename}: {MANIFEST}"
    if MANIFEST not in members:
        return [error(f"{artifact.filename}: no {MANIFEST} at the package root")]
    try:
        root = parse_xml(members[MANIFEST].data, MANIFEST).getroot()
    except XmlSyntaxError as exc:
        return [exc.diagnostic]
    problems: list[Diagnostic] = []
    idents: dict[str, int] = {}
    resources: set[str] = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        ident = element.get("identifier")
        if ident is not None:
            idents[ident] = idents.get(ident, 0) + 1
            if not _NCNAME.match(ident):
                problems.append(error(f"{where}: identifier {ident!r} is not a valid xs:ID"))
            if _local(element.tag) == "resource":
                resources.add(ident)
    problems.extend(
        error(f"{where}: identifier {ident!r} is used {count} times")
        for ident, count in sorted(idents.items())
        if count > 1
    )
    listed: set[str] = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = _local(element.tag)
        ref = element.get("identifierref")
        if ref is not None and ref not in resources:
            problems.append(error(f"{where}: identifierref {ref!r} names no resource"))
        href = element.get("href") if name in ("resource", "file") else None
        if name == "location":
            href = (element.text or "").strip()
        if href is None:
            continue
        problems.extend(_check_href(href, members, where))
        listed.add(unquote(href))
    problems.extend(
        error(f"{artifact.filename}: {path} is in the package but no resource lists it")
        for path in sorted(_unlisted(members, listed))
    )
    return problems


def _check_href(href: str, members: Iterable[str], where: str) -> list[Diagnostic]:
    problems = []
    if href.startswith("/") or "://" in href:
        problems.append(error(f"{where}: href {href!r} must be relative to the package root"))
    if not _ESCAPED_HREF.match(href):
        problems.append(error(f"{where}: href {href!r} is not URL-escaped"))
    if unquote(href) not in members:
        problems.append(error(f"{where}: href {href!r} names no file of the package"))
    return problems


def _unlisted(members: Iterable[str], listed: set[str]) -> set[str]:
    """Package files no resource names (the manifest and the XSD control files aside)."""
    return {
        path
        for path in members
        if path not in listed
        and path != MANIFEST
        and PurePosixPath(path).suffix not in _CONTROL_SUFFIXES
    }
