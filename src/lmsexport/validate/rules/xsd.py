"""Validate every XML member against the official schema its namespaces select.

The choice is per file: a SCORM manifest by edition, QTI items by namespace, the
descriptors of a Common Cartridge by their root element.  Files no official
schema covers are noted once as info, so "valid" never means "not checked"
without saying so.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from lxml import etree

from lmsexport.errors import Diagnostic, SchemaSetMissing
from lmsexport.validate.context import Context
from lmsexport.validate.detect import NS_CMI5, NS_CP, NS_QTI12, QTI_ITEM_NAMESPACES
from lmsexport.validate.xmlread import ParsedXml


class SchemaValidator(Protocol):
    """What we need of :class:`lmsexport.schemas.SchemaRegistry`."""

    def validate_tree(
        self, kind: str, tree: etree._ElementTree, filename: str
    ) -> list[Diagnostic]: ...


MANIFEST_KINDS = {
    "scorm12": "scorm12.manifest",
    "scorm2004-3rd": "scorm2004-3rd.manifest",
    "scorm2004-4th": "scorm2004-4th.manifest",
    "qti12": "qti12.manifest",
    "qti21": "qti21.manifest",
    "qti22": "qti22.manifest",
    "qti30": "qti30.manifest",
    "cc11": "cc11.manifest",
}
_NO_MANIFEST_SCHEMA = {
    "qti12-canvas": "this Canvas-style QTI manifest is in the CC 1.1 namespace with IMS CP "
    "resource types and validates against no official schema (checked by the package rules "
    "instead)",
    "scorm2004-2nd": "the SCORM 2004 2nd Edition schemas are not in the schema library",
    "cc10": "the CC 1.0 schemas are not in the schema library",
    "cc12": "the CC 1.2 schemas are not in the schema library",
    "cc13": "no CC 1.3 schema set is published in a reachable form",
    "imscp": "plain IMS content packages have no profile schema here",
}
_CC11 = "http://www.imsglobal.org/xsd/imsccv1p1/"


def schema_kind(
    package_kind: str, name: str, is_manifest: bool, root: etree._Element
) -> str | None:
    """The registry document kind for one member, or ``None`` when none applies."""
    if is_manifest and name.endswith("imsmanifest.xml"):
        return manifest_kind(package_kind, root)
    return _root_kind(package_kind, str(root.tag))


def manifest_kind(package_kind: str, root: etree._Element) -> str | None:
    """The registry kind of a package's manifest, or ``None`` when no schema covers it.

    A Canvas-layout QTI 1.2 manifest in the plain IMS CP namespace (ours, and
    most tools') is an IMS CP 1.1 document like any QTI 1.2 manifest; only
    Canvas's own export, in the CC 1.1 namespace, fits no schema.
    """
    if package_kind == "qti12-canvas" and etree.QName(root).namespace == NS_CP:
        return MANIFEST_KINDS["qti12"]
    return MANIFEST_KINDS.get(package_kind)


# A bank has a thousand items with the same root tag; bounded for untrusted tags.
@lru_cache(maxsize=1024)
def _root_kind(package_kind: str, tag: str) -> str | None:
    qname = etree.QName(tag)
    ns, local = qname.namespace or "", qname.localname
    version = QTI_ITEM_NAMESPACES.get(ns)
    if version in ("qti21", "qti22"):
        test = local == "assessmentTest"
        return f"{version}.test" if test and version == "qti21" else f"{version}.item"
    if local == "questestinterop" and ns in ("", NS_QTI12):
        return "cc11.qti" if package_kind.startswith("cc") else "qti12.assessment"
    if ns == f"{_CC11}imsdt_v1p1":
        return "cc11.discussion"
    if ns == f"{_CC11}imswl_v1p1":
        return "cc11.weblink"
    if ns == NS_CMI5:
        return "cmi5.course"
    if ns == "http://ltsc.ieee.org/xsd/LOM" and local == "lom":
        return "lom"
    return None


class XsdCheck:
    """The schema check of one package, run member by member in the engine's single pass.

    Remembers which sets are missing, so ``XSD-SET-MISSING`` is reported once
    per set (on the first member in name order) and not once per file.
    """

    def __init__(self, ctx: Context, registry: SchemaValidator) -> None:
        self.registry = registry
        self.missing: set[str] = set()
        if ctx.kind in _NO_MANIFEST_SCHEMA and ctx.manifest is not None:
            # An unreadable manifest has its own finding; nothing to say about schemas.
            root = ctx.xml(ctx.manifest)
            if root is not None and manifest_kind(ctx.kind, root) is None:
                ctx.add("XSD-NO-SCHEMA", ctx.manifest, _NO_MANIFEST_SCHEMA[ctx.kind])

    def __call__(self, ctx: Context, member: ParsedXml) -> None:
        # Entity references left unexpanded crash libxml2's schema validator; those
        # files are already reported as hostile, so they are not schema-checked.
        """Validate one XML member against the schema set of its kind."""
        tree = member.tree
        if tree is None or member.hostile:
            return
        root = tree.getroot()
        name = member.name
        kind = schema_kind(ctx.kind, name, name == ctx.manifest, root)
        if kind is None:
            return
        set_name = kind.split(".")[0]
        if set_name in self.missing:
            return
        try:
            diagnostics = self.registry.validate_tree(kind, tree, name)
        except SchemaSetMissing as exc:
            self.missing.add(set_name)
            ctx.add("XSD-SET-MISSING", name, f"{exc}")
            return
        except etree.LxmlError as exc:
            ctx.add("XSD-INVALID", name, f"the schema validator gave up ({exc}); simplify the file")
            return
        for diagnostic in diagnostics:
            pos = diagnostic.pos
            code = (
                diagnostic.code
                if diagnostic.code in ("XSD-INVALID", "DTD-INVALID")
                else "XSD-INVALID"
            )
            ctx.add(
                code, name, diagnostic.message, pos.line if pos else 0, pos.column if pos else 0
            )
