"""The one way lmsexport parses XML: no entity expansion, no DTD loading, no network.

Course folders and imported packages come from anywhere (a colleague's zip, an
LMS export), so every parse must be safe against XXE and entity bombs.  Keeping
the parser settings in one function means no module can forget one of them;
errors become a :class:`~lmsexport.errors.Diagnostic` pinned to file, line and
column so the CLI reports them like any other source problem.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from lmsexport.errors import Diagnostic, LmsExportError, SourcePos, error

_SAFE_DEFAULTS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_blank_text": False,
}


# lxml appends the position to the message; the diagnostic carries it already.
_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")


class XmlSyntaxError(LmsExportError, ValueError):
    """A document is not well-formed XML; ``diagnostic`` says where."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


def safe_parser(**overrides: Any) -> etree.XMLParser:
    """An ``XMLParser`` with the safe settings; ``overrides`` may change any of them.

    Callers override on purpose only (the schema compiler keeps them all and adds
    a resolver); a fresh parser per call keeps resolvers from leaking between uses.
    """
    return etree.XMLParser(**{**_SAFE_DEFAULTS, **overrides})


def parse_xml(data: bytes, filename: str) -> etree._ElementTree:
    """Parse ``data`` with :func:`safe_parser`; ``filename`` names it in diagnostics.

    Raises :class:`XmlSyntaxError` on the first fatal error (XML parsing cannot
    recover meaningfully past it).
    """
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        message = _POSITION_SUFFIX.sub("", exc.msg or "") or "not well-formed XML"
        diagnostic = error(
            f"XML syntax error: {message}",
            SourcePos(Path(filename), line, column),
            code="XML-SYNTAX",
        )
        raise XmlSyntaxError(diagnostic) from exc
    return root.getroottree()
