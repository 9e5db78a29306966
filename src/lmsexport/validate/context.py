"""What every rule sees: the package, the findings so far, and parsed XML, parsed once."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from lxml import etree

from lmsexport.validate.archive import Package
from lmsexport.validate.findings import Finding, finding
from lmsexport.validate.xmlread import ParsedXml, parse_member


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

    def add(
        self, code: str, file: str, message: str, line: int | None = 0, column: int = 0
    ) -> None:
        self.findings.append(finding(code, file, message, line, column))

    def xml(self, name: str) -> etree._Element | None:
        """Root element of member ``name`` (``None`` when unreadable or not XML)."""
        if name not in self._parsed:
            data = self.package.read(name)
            if data is None:
                self._parsed[name] = ParsedXml(name, None)
            else:
                self._parsed[name] = parse_member(name, data, self.findings)
        return self._parsed[name].root

    def parsed_names(self) -> list[str]:
        return sorted(n for n, p in self._parsed.items() if p.tree is not None)

    def resolve(self, href: str, relative_to: str = "") -> str | None:
        """Member name an href points at (URL-decoded), or ``None`` for external URLs."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if not path:
            return None
        joined = posixpath.join(self.base, relative_to, path)
        return posixpath.normpath(joined)

    def check_href(
        self,
        href: str,
        owner: str,
        line: int | None,
        relative_to: str = "",
        missing_code: str = "CP-MISSING-FILE",
    ) -> None:
        """Report an href that is unsafe, missing, or matches a file only ignoring case."""
        path = unquote(urlsplit(href).path)
        if path.startswith("/") or posixpath.normpath(posixpath.join(relative_to, path)).startswith(
            ".."
        ):
            self.add(
                "CP-HREF-UNSAFE", owner, f"href '{href}' leaves the package; make it relative", line
            )
            return
        target = self.resolve(href, relative_to)
        if target is None or target in self.package.sizes:
            return
        folded = {n.casefold(): n for n in self.package.sizes}
        if target.casefold() in folded:
            self.add(
                "CP-FILE-CASE-MISMATCH",
                owner,
                f"href '{href}' only matches '{folded[target.casefold()]}' ignoring case; "
                f"LMS servers are case-sensitive, so spell it exactly",
                line,
            )
        else:
            self.add(
                missing_code, owner, f"href '{href}': no such file; add it or fix the href", line
            )
