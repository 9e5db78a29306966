"""Recognise the loose files that are not packages but sit next to them in ``dist/``.

``lmsexport build`` writes its report, GIFT and Aiken banks beside the zips, so
``lmsexport validate dist/*`` meets them: the report is ours and is skipped, the
banks are what Moodle imports and get their own light checks.  Anything else
that is neither a zip nor XML cannot be validated at all, and the caller says so
(exit code 2) instead of reporting a missing manifest in a PDF.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from lmsexport.report import REPORT_NAME
from lmsexport.validate.report_json import REPORT_FORMAT

# Our own names for banks first (``<course>-gift.txt``): content sniffing alone
# can take a GIFT question that starts with "1. " for a text2qti quiz.
_BANK_SUFFIXES = {
    ".gift": "gift",
    ".gift.txt": "gift",
    "-gift.txt": "gift",
    ".aiken.txt": "aiken",
    "-aiken.txt": "aiken",
}
TEXT_BANKS = ("gift", "aiken")
REPORTS = {"build-report": "lmsexport build report", "validate-report": "lmsexport validate report"}


class LooseKind(NamedTuple):
    """The kind of a loose (unzipped) file and the evidence, which the report prints as for packages."""

    kind: str
    because: str


def classify(name: str, data: bytes) -> LooseKind | None:
    """The kind of the loose non-XML file ``name`` holding ``data``, or ``None``."""
    if name.lower().endswith(".json"):
        return _report(name, data)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # banks are UTF-8 text; this is binary or another encoding
    lower = name.lower()
    for suffix, kind in _BANK_SUFFIXES.items():
        if lower.endswith(suffix):
            return LooseKind(kind, f"file name ends in '{suffix}'")
    # The importers load Markdown and YAML libraries: only when a bank may be here.
    from lmsexport.loaders.importers import detect_format

    sniffed = detect_format(Path(name), data)
    if sniffed in TEXT_BANKS:
        return LooseKind(sniffed, f"the text reads as {sniffed.capitalize()} questions")
    return None


def _report(name: str, data: bytes) -> LooseKind | None:
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    if document.get("format") == REPORT_FORMAT:
        return LooseKind("validate-report", f'JSON with "format": "{REPORT_FORMAT}"')
    tool = document.get("tool")
    if isinstance(tool, str) and tool.startswith("lmsexport ") and "courses" in document:
        return LooseKind("build-report", f"JSON written by {tool} ({REPORT_NAME})")
    return None
