"""What every rule sees: the package, the findings so far, and parsed XML, parsed once.

Members a package rule asks for by name (the manifest) stay parsed for the
whole run; every other XML member is parsed once in :meth:`Context.each_xml`,
handed to the per-member checks and then dropped, so memory holds one member's
tree at a time however many items a package has.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from lxml import etree

from lmsexport.validate.archive import Package
from lmsexport.validate.findings import Finding, Severity, finding
from lmsexport.validate.xmlread import ParsedXml, parse_member

# Relative hrefs made of plain path segments (none is '.' or '..', no '//', no
# scheme, query, fragment or %-escape): such an href names its member as is.
_PLAIN_HREF = re.compile(r"[\w-][\w.-]*(?:/[\w-][\w.-]*)*\Z")


def line_no(element: etree._Element | None) -> int:
    """The element's 1-based source line (0 when unknown); lxml-stubs types it loosely."""
    value = None if element is None else element.sourceline
    return value if isinstance(value, int) else 0


@dataclass
class Context:
    """One package under validation.

    ``base`` is the folder holding the manifest ('' at the root, which is the
    only correct place): hrefs resolve against it so that a misplaced manifest
    is reported once and the rest of the package is still checked.
    """

    package: Package
    kind: str = "unknown"
    manifest: str | None = None
    base: str = ""
    # A lone XML file: references to other files cannot be checked.
    loose: bool = False
    findings: list[Finding] = field(default_factory=list)
    _parsed: dict[str, ParsedXml] = field(default_factory=dict)
    _folded: dict[str, str] | None = None

    def add(
        self,
        code: str,
        file: str,
        message: str,
        line: int | None = 0,
        column: int = 0,
        severity: Severity | None = None,
    ) -> None:
        """Record a finding and keep checking, so a report lists every problem, not just the first."""
        self.findings.append(finding(code, file, message, line, column, severity))

    def parsed(self, name: str) -> ParsedXml:
        """Member ``name`` parsed, kept for the rest of the run (for the manifest)."""
        if name not in self._parsed:
            self._parsed[name] = self._parse(name)
        return self._parsed[name]

    def xml(self, name: str) -> etree._Element | None:
        """Root element of member ``name`` (``None`` when unreadable or not XML)."""
        return self.parsed(name).root

    def kept(self, name: str) -> bool:
        """True when member ``name``'s tree stays parsed for the rest of the run.

        A check that alters a tree in place (a DTD check stripping namespaces)
        may only do so to a tree that is not kept, or later rules would see it changed.
        """
        return name in self._parsed

    def each_xml(self) -> Iterator[ParsedXml]:
        """Every ``*.xml`` member in name order, each parsed exactly once."""
        for name in self.package.names():
            if name.lower().endswith(".xml"):
                yield self._parsed[name] if name in self._parsed else self._parse(name)

    def _parse(self, name: str) -> ParsedXml:
        data = self.package.read(name)
        if data is None:
            return ParsedXml(name, None)
        return parse_member(name, data, self.findings)

    def resolve(self, href: str, relative_to: str = "") -> str | None:
        """Member name an href points at (URL-decoded), or ``None`` for external URLs."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        return self._member(unquote(parts.path), relative_to)

    def _member(self, path: str, relative_to: str) -> str | None:
        if not path:
            return None
        return posixpath.normpath(posixpath.join(self.base, relative_to, path))

    def _case_folded(self) -> dict[str, str]:
        """Member names by their case-folded spelling, built once per package."""
        if self._folded is None:
            self._folded = {n.casefold(): n for n in self.package.sizes}
        return self._folded

    def check_href(
        self,
        href: str,
        owner: str,
        where: etree._Element,
        relative_to: str = "",
        missing_code: str = "CP-MISSING-FILE",
        reported: set[str] | None = None,
    ) -> str | None:
        """Report an href that is unsafe, missing, or matches a file only ignoring case.

        ``where`` is the element holding the href; its line is looked up only for
        a finding.  Returns the member the href names (as :meth:`resolve`), so
        callers collecting listed files do not resolve it a second time.
        ``reported`` collects the members already reported; one is not reported
        again (a resource's ``href`` and its ``<file href>`` name the same file).
        """
        if not self.base and not relative_to and _PLAIN_HREF.match(href):
            # Nothing to decode, resolve or normalise: the href is the member name.
            return self._check_member(href, href, owner, where, missing_code, reported)
        parts = urlsplit(href)
        path = unquote(parts.path)
        target = None if parts.scheme or parts.netloc else self._member(path, relative_to)
        if path.startswith("/") or posixpath.normpath(posixpath.join(relative_to, path)).startswith(
            ".."
        ):
            if _first_time(reported, path):
                self.add(
                    "CP-HREF-UNSAFE",
                    owner,
                    f"href '{href}' leaves the package; make it relative",
                    line_no(where),
                )
            return target
        return self._check_member(href, target, owner, where, missing_code, reported)

    def _check_member(
        self,
        href: str,
        target: str | None,
        owner: str,
        where: etree._Element,
        missing_code: str,
        reported: set[str] | None,
    ) -> str | None:
        if target is None or self.package.holds(target) or not _first_time(reported, target):
            return target
        folded = self._case_folded()
        if target.casefold() in folded:
            self.add(
                "CP-FILE-CASE-MISMATCH",
                owner,
                f"href '{href}' only matches '{folded[target.casefold()]}' ignoring case; "
                f"LMS servers are case-sensitive, so spell it exactly",
                line_no(where),
            )
        else:
            self.add(
                missing_code,
                owner,
                f"href '{href}': no such file; add it or fix the href",
                line_no(where),
            )
        return target


def _first_time(reported: set[str] | None, target: str) -> bool:
    """True unless ``target`` is already in ``reported``; records it there."""
    if reported is None:
        return True
    if target in reported:
        return False
    reported.add(target)
    return True
