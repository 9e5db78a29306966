"""Say what kind of package (or loose file) this is, and why.

The manifest's namespaces, ``schemaversion`` and resource types decide; the
explanation is kept because a wrong guess is the first thing a user needs to see
when findings look strange.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from lxml import etree

from lmsexport.validate.archive import UnreadableInput
from lmsexport.validate.context import Context
from lmsexport.validate.findings import finding
from lmsexport.validate.loose import REPORTS, classify

NS_SCORM12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_ADLCP13 = "http://www.adlnet.org/xsd/adlcp_v1p3"
NS_CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
NS_QTI30_CP = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
NS_CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
NS_CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
CC_NAMESPACES = {
    "http://www.imsglobal.org/xsd/imscc/imscp_v1p1": "cc10",
    "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1": "cc11",
    "http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1": "cc12",
    "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1": "cc13",
}
SCORM2004_EDITIONS = {
    "CAM 1.3": "scorm2004-2nd",
    "2004 3rd Edition": "scorm2004-3rd",
    "2004 4th Edition": "scorm2004-4th",
}
QTI_ITEM_NAMESPACES = {
    "http://www.imsglobal.org/xsd/imsqti_v2p1": "qti21",
    "http://www.imsglobal.org/xsd/imsqti_v2p2": "qti22",
    "http://www.imsglobal.org/xsd/imsqtiasi_v3p0": "qti30",
}
NS_QTI12 = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"


@dataclass(frozen=True)
class Detection:
    """A package kind and the evidence for it, which the report prints so a wrong guess can be spotted."""

    kind: str
    because: str


def detect(ctx: Context) -> Detection:
    """Classify ``ctx.package`` and set ``ctx.manifest``/``ctx.base`` for the rules.

    Raises :class:`UnreadableInput` for a single file that is neither XML nor a
    loose format we know: there is nothing in it to validate.
    """
    names = ctx.package.names()
    ctx.loose = ctx.package.single_file
    manifests = sorted(
        (
            n
            for n in (*names, *ctx.package.refused)
            if n.endswith("imsmanifest.xml") and posixpath.basename(n) == "imsmanifest.xml"
        ),
        key=lambda n: n.count("/"),
    )
    unread = _refused_marker(ctx, manifests[:1])
    if unread is not None:
        return unread
    if manifests:
        ctx.manifest = manifests[0]
        ctx.base = posixpath.dirname(manifests[0])
        if ctx.base:
            ctx.add(
                "CP-MANIFEST-NOT-AT-ROOT",
                ctx.manifest,
                "imsmanifest.xml must be at the top of the zip; zip the folder's contents, "
                "not the folder (Moodle: 'not in the root of your zip file')",
            )
        for extra in manifests[1:]:
            ctx.add("CP-EXTRA-MANIFEST", extra, "a second manifest confuses importers; remove it")
        root = ctx.xml(ctx.manifest)
        if root is None:
            return Detection("unknown", f"{ctx.manifest} cannot be read (see its findings)")
        return _classify_manifest(ctx, root)
    if "cmi5.xml" in names:
        ctx.manifest = "cmi5.xml"
        return Detection("cmi5", "cmi5.xml at the root")
    if "index.html" in names:
        return Detection("html", "index.html at the root and no manifest: a plain web site")
    xml_files = [n for n in names if n.lower().endswith(".xml")]
    if len(names) == 1 and xml_files:
        return _classify_loose(ctx, xml_files[0])
    if ctx.loose:
        return _classify_text(ctx, names[0])
    ctx.add(
        "CP-MANIFEST-MISSING",
        "",
        "no imsmanifest.xml or cmi5.xml; export the package again as SCORM, QTI or Common Cartridge",
    )
    return Detection("unknown", "no manifest found")


def _refused_marker(ctx: Context, manifest: list[str]) -> Detection | None:
    """The kind cannot be told when the file that would tell it was refused by a limit.

    Reporting such a package as having no manifest (or as a plain web site)
    would send the user looking for a file that is there; its refusal is
    already a finding, so the kind is ``unknown`` and the reason says why.
    """
    for name in (*manifest, "cmi5.xml", "index.html"):
        code = ctx.package.refused.get(name)
        if code is not None:
            return Detection(
                "unknown",
                f"{name} is in the package but was not read ({code}, see its finding), "
                f"so nothing that depends on it was checked",
            )
        if name in ctx.package.sizes:
            return None
    return None


def _classify_text(ctx: Context, name: str) -> Detection:
    data = ctx.package.read(name)
    found = None if data is None else classify(name, data)
    if found is None:
        raise UnreadableInput(
            finding(
                "INPUT-UNKNOWN-FORMAT",
                "",
                f"{name} is neither a zip, a folder, an XML file nor a GIFT or Aiken bank; "
                f"validate the packages an export wrote (SCORM, QTI, Common Cartridge, Moodle XML)",
            )
        )
    if found.kind in REPORTS:
        ctx.add("INPUT-NOT-A-PACKAGE", "", f"{REPORTS[found.kind]}, not a package; skipped")
    return Detection(*found)


def _classify_loose(ctx: Context, name: str) -> Detection:
    ctx.manifest = name
    root = ctx.xml(name)
    if root is None:
        return Detection("unknown", f"{name} is not readable XML")
    qname = etree.QName(root)
    ns, local = qname.namespace or "", qname.localname
    if local == "quiz" and not ns:
        return Detection("moodlexml", "root element <quiz> without namespace (Moodle XML)")
    if ns in QTI_ITEM_NAMESPACES:
        version = QTI_ITEM_NAMESPACES[ns]
        what = "test" if local in ("assessmentTest", "qti-assessment-test") else "item"
        return Detection(f"{version}-{what}", f"root <{local}> in namespace {ns}")
    if local == "questestinterop":
        return Detection("qti12-assessment", f"root <questestinterop> (namespace '{ns}')")
    if ns == NS_CMI5:
        return Detection("cmi5", "root <courseStructure> in the cmi5 namespace")
    if local == "manifest":
        found = _classify_manifest(ctx, root)
        return Detection(found.kind, f"loose manifest; {found.because}")
    if local == "lom":
        return Detection("lom", f"root <lom> in namespace {ns}")
    return Detection("unknown", f"root <{local}> in namespace '{ns}' is no known format")


def _resource_types(root: etree._Element) -> set[str]:
    return {str(r.get("type", "")) for r in root.iter("{*}resource")}


def _schemaversion(root: etree._Element) -> str:
    for element in root.iterchildren("{*}metadata"):
        for version in element.iterchildren("{*}schemaversion"):
            return (version.text or "").strip()
    return ""


def _classify_manifest(ctx: Context, root: etree._Element) -> Detection:
    ns = etree.QName(root).namespace or ""
    declared = set(root.nsmap.values())
    version = _schemaversion(root)
    types = _resource_types(root)
    where = f"{ctx.manifest}: namespace {ns or '(none)'}, schemaversion '{version}'"
    if any(t.startswith("imsqti_xmlv1p2") and "imscc" not in t for t in types):
        canvas = NS_CANVAS in declared or any(
            n.endswith("assessment_meta.xml") for n in ctx.package.names()
        )
        kind = "qti12-canvas" if canvas else "qti12"
        return Detection(kind, f"{where}; resource type imsqti_xmlv1p2")
    if ns in CC_NAMESPACES:
        return Detection(CC_NAMESPACES[ns], where)
    if ns == NS_SCORM12 or NS_ADLCP12 in declared:
        return Detection("scorm12", where)
    if NS_ADLCP13 in declared or version in SCORM2004_EDITIONS:
        kind = SCORM2004_EDITIONS.get(version, "scorm2004-4th")
        return Detection(kind, where)
    if ns == NS_QTI30_CP or any(t.endswith("xmlv3p0") for t in types):
        return Detection("qti30", where)
    if any(t.endswith("xmlv2p2") for t in types):
        return Detection("qti22", f"{where}; resource types imsqti_*_xmlv2p2")
    if any(t.endswith("xmlv2p1") for t in types):
        return Detection("qti21", f"{where}; resource types imsqti_*_xmlv2p1")
    return Detection("imscp", f"{where}; no SCORM, QTI or CC marker")
