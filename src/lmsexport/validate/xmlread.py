"""Parse one member as XML without expanding entities or fetching anything.

The parser never loads a DTD, never resolves entities and never touches the
network; on top of that, hostile declarations are reported by name and line so a
user learns that an upload tried XXE or billion laughs, instead of only seeing
that nothing bad happened here (other parsers on the way to the LMS may be less
careful).

One parser per thread is reused: a fresh ``XMLParser`` costs about 4 µs of
set-up per document, a fifth of parsing a typical QTI item.  No resolver is
ever attached to it, so nothing can leak from one document to the next.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from lxml import etree

from lmsexport.validate.findings import Finding, finding
from lmsexport.xmlsafe import safe_parser

_NETWORK = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^\\\\")
_HOSTILE = ("XML-XXE", "XML-ENTITY-EXPANSION", "XML-EXTERNAL-DTD")
# An entity whose replacement text refers to another entity: the start of a bomb.
_NESTED_ENTITY = re.compile(rb"<!ENTITY[^>\"']*(?:\"[^\"]*&|'[^']*&)")
# libxml2 stops a parse that expands entities too far (the amplification
# limit) or in a loop; either means the document is an entity bomb.
_BOMB_ERRORS = {
    etree.ErrorTypes.ERR_RESOURCE_LIMIT: "expand exponentially",
    etree.ErrorTypes.ERR_ENTITY_LOOP: "refer to each other in a loop",
}
# libxml2 refuses documents nested deeper than this without XML_PARSE_HUGE
# (which we never set); its message names the C option, so we word our own.
_TOO_DEEP = re.compile(r"excessive depth in document: (\d+)", re.IGNORECASE)
_local = threading.local()


def _parser() -> etree.XMLParser:
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = safe_parser()
    return parser


@dataclass
class ParsedXml:
    """A parsed member (``tree`` is ``None`` when it is not well-formed).

    ``hostile`` marks a declared XXE, entity bomb or outside DTD: such a tree
    holds unexpanded entity references, which crash libxml2's schema validator.
    """

    name: str
    tree: etree._ElementTree | None
    data: bytes = b""
    hostile: bool = False

    @property
    def root(self) -> etree._Element | None:
        """The root element, or ``None`` when the member did not parse (that is reported once, elsewhere)."""
        return None if self.tree is None else self.tree.getroot()


def line_of(data: bytes, needle: bytes) -> int:
    """1-based line of the first ``needle`` in ``data`` (0 when absent)."""
    at = data.find(needle)
    return 0 if at < 0 else data.count(b"\n", 0, at) + 1


def parse_member(name: str, data: bytes, found: list[Finding]) -> ParsedXml:
    """Parse ``data``; append every well-formedness and hostile-DTD finding to ``found``."""
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        found.append(_syntax_finding(name, data, exc))
        return ParsedXml(name, None, data)
    before = len(found)
    _check_doctype(name, data, tree, found)
    hostile = len(found) > before and any(f.code in _HOSTILE for f in found[before:])
    return ParsedXml(name, tree, data, hostile)


def _syntax_finding(name: str, data: bytes, exc: etree.XMLSyntaxError) -> Finding:
    line, column = exc.position if exc.position else (0, 0)
    message = str(exc.msg or exc).split(", line ")[0]
    code: int = getattr(exc, "code", 0)  # lxml-stubs lack XMLSyntaxError.code
    if code in _BOMB_ERRORS and "entit" in message.lower():
        return _bomb_finding(name, data, _BOMB_ERRORS[code])
    deep = _TOO_DEEP.search(message)
    if deep:
        return finding(
            "XML-TOO-DEEP",
            name,
            f"elements nested deeper than {deep.group(1)} levels: no LMS needs that; "
            f"flatten the document",
            line,
            column,
        )
    if any(word in message.lower() for word in ("encoding", "utf-8", "char 0x")):
        return finding(
            "XML-ENCODING",
            name,
            f"{message}; save the file as UTF-8 (or declare its real encoding)",
            line,
            column,
        )
    return finding("XML-MALFORMED", name, f"{message}; fix the markup there", line, column)


def _bomb_finding(name: str, data: bytes, how: str) -> Finding:
    """The parser refused to expand the entities: say so in words, at the first nested one.

    libxml2's own message names its C API and points at a meaningless column;
    the user needs the attack's name and the declaration that starts it.
    """
    nested = _NESTED_ENTITY.search(data)
    line = data.count(b"\n", 0, nested.start()) + 1 if nested else line_of(data, b"<!ENTITY")
    return finding(
        "XML-ENTITY-EXPANSION",
        name,
        f"entity expansion bomb (billion laughs): the document declares entities that {how}; "
        f"remove the DTD",
        line,
    )


def _check_doctype(name: str, data: bytes, tree: etree._ElementTree, found: list[Finding]) -> None:
    info: Any = tree.docinfo  # lxml-stubs lacks system_url and DTD.iterentities
    dtd = info.internalDTD  # present whenever there is a DOCTYPE, with or without [...]
    if dtd is None:
        return
    system_url = info.system_url
    if system_url and _NETWORK.match(system_url):
        found.append(
            finding(
                "XML-EXTERNAL-DTD",
                name,
                f"DOCTYPE refers to '{system_url}', which an LMS parser may fetch; remove the DOCTYPE",
                line_of(data, b"<!DOCTYPE"),
            )
        )
    for entity in dtd.iterentities():
        line = line_of(data, b"<!ENTITY " + entity.name.encode())
        if entity.system_url is not None:
            found.append(
                finding(
                    "XML-XXE",
                    name,
                    f"external entity '{entity.name}' reads '{entity.system_url}'; "
                    f"remove the DOCTYPE and write the text inline",
                    line,
                )
            )
        elif entity.content and "&" in entity.content:
            found.append(
                finding(
                    "XML-ENTITY-EXPANSION",
                    name,
                    f"entity '{entity.name}' expands other entities (billion laughs); "
                    f"remove the DOCTYPE",
                    line,
                )
            )
