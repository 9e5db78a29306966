"""Compile a document kind of a schema set into a validator, offline, once per process.

libxml2 finds imported schemas through process-wide ``XML_CATALOG_FILES``, which
cannot serve two sets in one process and silently falls back to the network.  We
instead give every compile its own :class:`SetResolver` built from the set's
``catalog.xml``: each URL maps to a file inside the set folder or is refused, so
compiling never touches the network nor reads files outside the set.  Compiling
the big QTI schemas takes seconds, so validators are cached per (set folder,
method, roots) and shared by every registry and thread of the process.
"""

from __future__ import annotations

import copy
import os
import re
import threading
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

from lxml import etree

from lmsexport.errors import Diagnostic, LmsExportError, SourcePos, error
from lmsexport.schemas.catalog import KindSpec, SetSpec
from lmsexport.xmlsafe import parse_xml, safe_parser

XS_NS = "http://www.w3.org/2001/XMLSchema"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_XML_PREFIX = f"{{{XML_NS}}}"
_XSI_PREFIX = f"{{{XSI_NS}}}"
CATALOG_NS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# "{namespace-uri}local" in lxml messages; URIs never hold quotes, braces or spaces.
_QNAME = re.compile(r"\{([^{}\s']+)\}([\w.-]+)")


class SchemaCompileError(LmsExportError, RuntimeError):
    """A schema set is present and verified but its schemas do not compile."""


class CatalogMap:
    """The URL -> local file entries of one set's OASIS ``catalog.xml``."""

    def __init__(self, folder: Path) -> None:
        self.exact: dict[str, Path] = {}
        self.prefixes: list[tuple[str, Path]] = []
        root = parse_xml((folder / "catalog.xml").read_bytes(), str(folder / "catalog.xml"))
        for entry in root.iter(f"{CATALOG_NS}system", f"{CATALOG_NS}uri"):
            key = entry.get("systemId") or entry.get("name") or ""
            self.exact[key] = folder / entry.get("uri", "")
        for entry in root.iter(f"{CATALOG_NS}rewriteSystem", f"{CATALOG_NS}rewriteURI"):
            start = entry.get("systemIdStartString") or entry.get("uriStartString") or ""
            self.prefixes.append((start, folder / entry.get("rewritePrefix", "")))
        self.prefixes.sort(key=lambda item: -len(item[0]))

    def lookup(self, url: str) -> Path | None:
        if url in self.exact:
            return self.exact[url]
        for start, local in self.prefixes:
            if url.startswith(start):
                return local / url[len(start) :]
        return None


class SetResolver(etree.Resolver):
    """Serve every schema a compile asks for from the set folder, or refuse it.

    Refused URLs are recorded so the compile error can name them instead of
    libxml2's vague "failed to load external entity".
    """

    def __init__(self, folder: Path, spec: SetSpec) -> None:
        super().__init__()
        self.folder = folder.resolve()
        self.catalog = CatalogMap(self.folder)
        self.substitutes = {
            self.folder / original: self.folder / replacement
            for original, replacement in spec.substitutes
        }
        self.refused: list[str] = []

    # lxml-stubs declare Resolver without ``context`` and ``resolve_filename``; the
    # runtime API (lxml docs, "Document loading and URL resolving") has both.
    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:  # type: ignore[override]
        local = self.local_path(url or "")
        if local is None:
            self.refused.append(url or "")
            return self.resolve_string("<refused-by-lmsexport/>", context)  # type: ignore[call-arg]
        return self.resolve_filename(str(local), context)  # type: ignore[attr-defined]

    def local_path(self, url: str) -> Path | None:
        if url.lower().startswith("file:"):
            path = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
        elif _REMOTE.match(url):
            mapped = self.catalog.lookup(url)
            if mapped is None:
                return None
            path = mapped
        else:
            path = self.folder / url
        path = Path(os.path.normpath(path))
        path = self.substitutes.get(path, path)
        return path if path.is_relative_to(self.folder) else None


@dataclass
class Validator:
    """A compiled schema (XSD or DTD) of one kind; safe to share between threads.

    lxml keeps the last error log on the schema object, so validation and
    reading the log happen under one lock.
    """

    kind: str
    checker: etree.XMLSchema | etree.DTD
    strip_namespaces: bool
    lock: threading.Lock

    def validate(
        self, tree: etree._ElementTree, filename: str, *, disposable: bool = False
    ) -> list[Diagnostic]:
        """Schema errors of ``tree``; ``disposable`` lets a DTD check strip it in place.

        A tree parsed only to be validated need not be copied before its namespaces
        go (a third of the DTD check of a 1,000-question QTI 1.2 file).
        """
        prefixes = _prefixes(tree.getroot())
        document = tree
        if self.strip_namespaces:
            document = tree if disposable else copy.deepcopy(tree.getroot()).getroottree()
            _strip_namespaces(document.getroot())
        code = "DTD-INVALID" if self.strip_namespaces else "XSD-INVALID"
        with self.lock:
            if self.checker.validate(document):
                return []
            entries = _entries(self.checker.error_log)
        return [
            error(
                _clean(entry.message, prefixes),
                SourcePos(Path(filename), entry.line, entry.column),
                code=code,
            )
            for entry in entries
        ]


class _LogEntry(Protocol):
    message: str
    line: int
    column: int


def _entries(log: object) -> list[_LogEntry]:
    """lxml's error log as typed entries (lxml-stubs declare the log opaque)."""
    return list(cast("Iterable[_LogEntry]", log))


def _prefixes(root: etree._Element) -> dict[str, str]:
    return {uri: prefix for prefix, uri in root.nsmap.items() if prefix}


def _clean(message: str, prefixes: Mapping[str, str]) -> str:
    """``{uri}name`` -> ``prefix:name`` (or ``name``), whitespace collapsed."""

    def name(match: re.Match[str]) -> str:
        prefix = prefixes.get(match.group(1))
        return f"{prefix}:{match.group(2)}" if prefix else match.group(2)

    return " ".join(_QNAME.sub(name, message).split())


def _strip_namespaces(root: etree._Element) -> None:
    """Make ``root`` namespace-free in place, for DTDs that predate namespaces (QTI 1.2.1).

    Elements lose their namespace (so foreign elements are still reported as
    undeclared); ``xml:*`` attributes stay as the DTD declares them; ``xsi:*``
    attributes go, since a DTD cannot declare schema-location hints.
    """
    # String tests instead of etree.QName: this runs on every element of a
    # 1,000-question QTI 1.2 file (34,000 elements), where they save a quarter.
    for element in root.iter(etree.Element):
        tag = element.tag
        if tag[0] == "{":
            element.tag = tag[tag.index("}") + 1 :]
        # Attribute names; lxml gives str, the stubs also allow bytes.
        for name in cast("list[str]", element.keys()):
            if name[0] != "{" or name.startswith(_XML_PREFIX):
                continue
            value = element.attrib.pop(name)
            if not name.startswith(_XSI_PREFIX):
                element.set(name[name.index("}") + 1 :], value)
    etree.cleanup_namespaces(root)


_cache: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], Validator] = {}
_key_locks: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], threading.Lock] = {}
_guard = threading.Lock()


def compiled(folder: Path, spec: SetSpec, kind: KindSpec) -> Validator:
    """The validator of ``kind`` from the set in ``folder``, compiled on first use.

    Kinds with the same roots (``qti21.item`` and ``qti21.test``) share one
    compile; a per-key lock lets different kinds compile in parallel.
    """
    key = (str(folder.resolve()), kind.method, kind.roots, kind.namespaces)
    with _guard:
        key_lock = _key_locks.setdefault(key, threading.Lock())
    with key_lock:
        if key not in _cache:
            _cache[key] = _compile(folder.resolve(), spec, kind)
        return _cache[key]


def _compile(folder: Path, spec: SetSpec, kind: KindSpec) -> Validator:
    if kind.method == "dtd-stripped":
        try:
            dtd = etree.DTD(str(folder / kind.roots[0]))
        except etree.DTDParseError as exc:
            raise SchemaCompileError(f"{kind.name}: cannot load {kind.roots[0]}: {exc}") from exc
        return Validator(kind.name, dtd, strip_namespaces=True, lock=threading.Lock())
    resolver = SetResolver(folder, spec)
    parser = safe_parser()
    parser.resolvers.add(resolver)
    try:
        if kind.method == "xsd-driver":
            document: etree._Element | etree._ElementTree = _driver(parser, folder, kind)
        else:
            document = etree.parse(str(folder / kind.roots[0]), parser)
        schema = etree.XMLSchema(document)
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        why = str(exc)
        if resolver.refused:
            why = f"refused to load (not in the set's catalog): {', '.join(resolver.refused)}"
        raise SchemaCompileError(f"{kind.name}: schemas in {folder} do not compile: {why}") from exc
    return Validator(kind.name, schema, strip_namespaces=False, lock=threading.Lock())


def _driver(parser: etree.XMLParser, folder: Path, kind: KindSpec) -> etree._Element:
    """An in-memory schema that only imports each namespace's root file.

    Built with the parser that carries the resolver, because lxml resolves the
    imports of a schema through the parser of its document.
    """
    schema = parser.makeelement(f"{{{XS_NS}}}schema", nsmap={"xs": XS_NS})
    for namespace, root in zip(kind.namespaces, kind.roots, strict=True):
        etree.SubElement(
            schema,
            f"{{{XS_NS}}}import",
            namespace=namespace,
            schemaLocation=(folder / root).as_uri(),
        )
    return schema
