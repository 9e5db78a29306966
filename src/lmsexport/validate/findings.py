"""Findings, their stable codes, and the per-package report.

Codes are a public contract: CI configurations and users' suppressions refer to
them, so a code is never renamed or reused, and every code is registered here
with its default severity and a one-line summary (``docs/validate.md`` and the
JSON report schema list the same codes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class CodeInfo:
    """What a code means and how bad it is by default."""

    severity: Severity
    summary: str


CODES: dict[str, CodeInfo] = {
    # Reading the input at all.
    "INPUT-UNREADABLE": CodeInfo("error", "the path is missing or cannot be opened"),
    "INPUT-UNKNOWN-FORMAT": CodeInfo(
        "error", "not a zip, folder, XML file or GIFT/Aiken bank: nothing an LMS imports"
    ),
    "INPUT-NOT-A-PACKAGE": CodeInfo("info", "a report lmsexport wrote, skipped"),
    "ZIP-CORRUPT": CodeInfo("error", "the zip is truncated or its directory is damaged"),
    "ZIP-MEMBER-CORRUPT": CodeInfo("error", "a member fails its CRC or cannot be inflated"),
    "ZIP-ENCRYPTED": CodeInfo("error", "an encrypted member no LMS can open"),
    "ZIP-SLIP": CodeInfo("error", "a member name is absolute or climbs out with '..'"),
    "ZIP-SYMLINK": CodeInfo("error", "a member or file is a symbolic link"),
    "ZIP-DUPLICATE-ENTRY": CodeInfo("error", "two members share one name"),
    "ZIP-TOO-MANY-ENTRIES": CodeInfo("error", "more members than the entry limit"),
    "ZIP-BOMB-SIZE": CodeInfo("error", "total uncompressed size above the limit"),
    "ZIP-BOMB-RATIO": CodeInfo("error", "a member expands far more than real content does"),
    "PKG-TIMEOUT": CodeInfo("error", "validation stopped at the per-package time limit"),
    # XML well-formedness and hostile constructs.
    "XML-MALFORMED": CodeInfo("error", "the file is not well-formed XML"),
    "XML-ENCODING": CodeInfo("error", "the bytes do not decode in the declared encoding"),
    "XML-XXE": CodeInfo("error", "an external entity (file or URL) is declared"),
    "XML-ENTITY-EXPANSION": CodeInfo("error", "nested entities (billion laughs) are declared"),
    "XML-EXTERNAL-DTD": CodeInfo("error", "the DOCTYPE points at a DTD outside the package"),
    "XML-TOO-DEEP": CodeInfo("error", "elements nested deeper than the parser's limit of 256"),
    "XML-DECLARATION": CodeInfo("warning", "the XML declaration is missing or not on line 1"),
    # Official schemas.
    "XSD-INVALID": CodeInfo("error", "the file breaks its official XSD"),
    "DTD-INVALID": CodeInfo("error", "the file breaks its official DTD"),
    "XSD-SET-MISSING": CodeInfo("warning", "the official schema set is not installed"),
    "XSD-NO-SCHEMA": CodeInfo("info", "no official schema exists for this file"),
    # IMS Content Packaging (shared by SCORM, QTI packages and Common Cartridge).
    "CP-MANIFEST-MISSING": CodeInfo("error", "no imsmanifest.xml (or cmi5.xml) anywhere"),
    "CP-MANIFEST-NOT-AT-ROOT": CodeInfo("error", "imsmanifest.xml is inside a folder"),
    "CP-EXTRA-MANIFEST": CodeInfo("warning", "a second imsmanifest.xml below the root"),
    "CP-DUPLICATE-IDENTIFIER": CodeInfo("error", "an identifier is used twice in the manifest"),
    "CP-DANGLING-IDENTIFIERREF": CodeInfo(
        "error", "an item points at a resource that is not there"
    ),
    "CP-DANGLING-DEPENDENCY": CodeInfo("error", "a dependency points at a missing resource"),
    "CP-DANGLING-DEFAULT-ORG": CodeInfo("error", "organizations/@default names no organization"),
    "CP-MISSING-FILE": CodeInfo("error", "an href names a file the package does not hold"),
    "CP-FILE-CASE-MISMATCH": CodeInfo("error", "an href matches a file only ignoring case"),
    "CP-HREF-UNSAFE": CodeInfo("error", "an href is absolute or climbs out of the package"),
    "CP-UNLISTED-FILE": CodeInfo("warning", "a file in the package no <file> element lists"),
    # SCORM.
    "SCORM-SCHEMAVERSION": CodeInfo("error", "metadata/schemaversion is not a SCORM value"),
    "SCORM-SCO-NO-LAUNCH": CodeInfo("error", "a SCO resource has no href to launch"),
    "SCORM-MASTERY-RANGE": CodeInfo("error", "a mastery score or threshold is out of range"),
    "SCORM-DANGLING-SEQUENCING-REF": CodeInfo("error", "sequencing/@IDRef names no shared rule"),
    "SCORM-CONTROL-FILES-MISSING": CodeInfo("warning", "the XSD control files are not at the root"),
    # QTI.
    "QTI-UNDECLARED-RESPONSE": CodeInfo("error", "an interaction uses an undeclared response"),
    "QTI-UNUSED-RESPONSE": CodeInfo("warning", "a response declaration no interaction uses"),
    "QTI-CORRECT-NOT-A-CHOICE": CodeInfo("error", "a correct response is not one of the choices"),
    "QTI-DUPLICATE-IDENT": CodeInfo("error", "two items or choices share one identifier"),
    # Common Cartridge.
    "CC-UNKNOWN-RESOURCE-TYPE": CodeInfo(
        "error", "a resource type Common Cartridge does not define"
    ),
    "CC-RESOURCE-FILES": CodeInfo("error", "a descriptor resource must hold exactly one file"),
    # cmi5.
    "CMI5-DUPLICATE-ID": CodeInfo("error", "two blocks or AUs share one id"),
    "CMI5-MISSING-FILE": CodeInfo("error", "an AU url names a file the package does not hold"),
    # Moodle XML.
    "MOODLE-FRACTION": CodeInfo("error", "an answer fraction Moodle's grade list does not hold"),
    "MOODLE-NO-CORRECT-ANSWER": CodeInfo("error", "a choice question where no answer earns marks"),
    "MOODLE-UNKNOWN-TYPE": CodeInfo("warning", "a question type core Moodle does not import"),
    "MOODLE-BANK-SYNTAX": CodeInfo("error", "a GIFT or Aiken question Moodle cannot read"),
    "MOODLE-BANK-NOTE": CodeInfo("info", "what 'lmsexport import' would lose from a GIFT bank"),
    # Known LMS behaviour (always warnings: the package is valid, an LMS mishandles it).
    "LMS-MOODLE-SEQUENCING": CodeInfo("warning", "SCORM 2004 sequencing Moodle does not run"),
    "LMS-MOODLE-COMPLETION-THRESHOLD": CodeInfo(
        "warning", "threshold Moodle reads only from an attribute"
    ),
    "LMS-MOODLE-CC-VERSION": CodeInfo("warning", "Common Cartridge version Moodle cannot restore"),
    "LMS-CANVAS-INTERACTION": CodeInfo(
        "warning", "an interaction Canvas turns into an error question"
    ),
    "LMS-CANVAS-QUESTION-TYPE": CodeInfo("warning", "a question_type Canvas does not know"),
    "LMS-FILENAME": CodeInfo("warning", "a file name with spaces or non-ASCII characters"),
    "LMS-LARGE-PACKAGE": CodeInfo("warning", "a package above common upload limits"),
}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place; ``message`` says what is wrong and how to fix it.

    ``file`` is the member path inside the package ('' for the package itself);
    ``line``/``column`` are 1-based, 0 when unknown.
    """

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str

    @property
    def check(self) -> str:
        """The family of checks the code belongs to (``zip``, ``xsd``, ``scorm``...)."""
        return self.code.split("-", 1)[0].lower()

    def to_json(self) -> dict[str, Any]:
        """The finding as the JSON report writes it (keys documented, stable across versions)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with control characters escaped.

    Member names and messages come from hostile packages: a raw ESC would drive
    the user's terminal and a NUL would make the JUnit report invalid XML.
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def finding(
    code: str,
    file: str,
    message: str,
    line: int | None = 0,
    column: int = 0,
    severity: Severity | None = None,
) -> Finding:
    """Build a finding, by default with the registered severity; unknown codes are a bug.

    ``severity`` is for the few rules whose weight depends on the package (an LMS
    pitfall that matters only with several SCOs is an info otherwise).
    """
    return Finding(
        printable(file),
        line or 0,
        column,
        code,
        severity or CODES[code].severity,
        printable(message),
    )


@dataclass
class PackageReport:
    """Everything found in one input, in a stable order."""

    path: str
    kind: str = "unknown"
    detected_because: str = ""
    findings: list[Finding] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    unreadable: bool = False
    # The folder of packages this one was found in ('' when named directly).
    found_in: str = ""

    @property
    def errors(self) -> list[Finding]:
        """Findings that fail the package with the default ``--fail-on error``."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """Findings that fail the package only with ``--fail-on warning``."""
        return [f for f in self.findings if f.severity == "warning"]

    def worst(self) -> int:
        """Rank of the worst severity found (-1 when clean), for ``--fail-on``."""
        return max((SEVERITY_RANK[f.severity] for f in self.findings), default=-1)

    def to_json(self) -> dict[str, Any]:
        """The package's part of the JSON report, with counts so CI need not count findings."""
        return {
            "path": self.path,
            "found_in": self.found_in,
            "kind": self.kind,
            "detected_because": self.detected_because,
            "unreadable": self.unreadable,
            "checks": list(self.checks),
            "summary": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "infos": len(self.findings) - len(self.errors) - len(self.warnings),
            },
            "findings": [f.to_json() for f in self.findings],
        }
