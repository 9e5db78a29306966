"""Checks of QTI 3.0 items and tests while the official ASI XSD is not available offline.

Two independent nets catch what the missing schema would: strict structural
rules of our own (vocabulary, attribute spelling, child order, required
wrappers such as ``qti-content-body``), and a downgrade of every item and test
to QTI 2.1 with the third-party ``citolab-qti-convert`` whose result must pass
the official QTI 2.1 XSD.  The converter writes the QTI 2.1 namespace, so its
output is validated against that schema (kinds ``qti21.item`` / ``qti21.test``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from qti_convert import convert_qti3_to_qti21

from lmsexport.assessment.checks import parse
from lmsexport.errors import Diagnostic, Severity, error
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import Artifact

QTI3_NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"

QTI3_ELEMENTS = frozenset(
    [
        "qti-assessment-item",
        "qti-assessment-test",
        "qti-response-declaration",
        "qti-outcome-declaration",
        "qti-correct-response",
        "qti-default-value",
        "qti-value",
        "qti-mapping",
        "qti-map-entry",
        "qti-item-body",
        "qti-choice-interaction",
        "qti-simple-choice",
        "qti-text-entry-interaction",
        "qti-extended-text-interaction",
        "qti-match-interaction",
        "qti-simple-match-set",
        "qti-simple-associable-choice",
        "qti-order-interaction",
        "qti-prompt",
        "qti-rubric-block",
        "qti-content-body",
        "qti-response-processing",
        "qti-response-condition",
        "qti-response-if",
        "qti-response-else",
        "qti-match",
        "qti-variable",
        "qti-correct",
        "qti-set-outcome-value",
        "qti-base-value",
        "qti-is-null",
        "qti-not",
        "qti-and",
        "qti-gte",
        "qti-lte",
        "qti-equal",
        "qti-sum",
        "qti-multiple",
        "qti-map-response",
        "qti-modal-feedback",
        "qti-time-limits",
        "qti-test-part",
        "qti-assessment-section",
        "qti-ordering",
        "qti-assessment-item-ref",
        "qti-weight",
        "qti-outcome-processing",
        "qti-test-variables",
    ]
)
"""The QTI 3.0 elements our templates may write; anything else is a template bug."""

XHTML_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "big",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "ul",
        "var",
    ]
)
"""The XHTML subset QTI 3.0 content may use (after :mod:`.xhtml` rewrote the rest)."""

ITEM_ORDER = (
    "qti-response-declaration",
    "qti-outcome-declaration",
    "qti-item-body",
    "qti-response-processing",
    "qti-modal-feedback",
)
VOCABULARIES = {
    "cardinality": {"single", "multiple", "ordered", "record"},
    "base-type": {
        "identifier",
        "boolean",
        "integer",
        "float",
        "string",
        "point",
        "pair",
        "directedPair",
        "duration",
        "file",
        "uri",
    },
    "navigation-mode": {"linear", "nonlinear"},
    "submission-mode": {"individual", "simultaneous"},
    "show-hide": {"show", "hide"},
    "view": {"author", "candidate", "proctor", "scorer", "testConstructor", "tutor"},
}
WRAPPED = ("qti-modal-feedback", "qti-rubric-block")
INLINE_ONLY = ("qti-text-entry-interaction",)
TEMPLATE_PREFIX = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"
_ATTRIBUTE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _structure(root: etree._Element) -> Iterator[str]:
    if etree.QName(root).namespace != QTI3_NS:
        yield f"root element is not in the QTI 3.0 namespace {QTI3_NS}"
    for element in root.iter(etree.Element):
        qname = etree.QName(element)
        if qname.namespace == MATHML_NS:
            continue
        name = qname.localname
        if name not in QTI3_ELEMENTS and name not in XHTML_ELEMENTS:
            yield f"<{name}> is not a QTI 3.0 element we write"
        for attr, value in ((str(a), str(v)) for a, v in element.attrib.items()):
            if attr.startswith("{") or attr.startswith("data-"):
                continue
            if not _ATTRIBUTE.match(attr):
                yield f"<{name}> attribute '{attr}' is not QTI 3.0 kebab-case"
            allowed = VOCABULARIES.get(attr)
            if allowed is not None and value not in allowed:
                yield f"<{name}> {attr}='{value}' is not one of {sorted(allowed)}"
        if name in WRAPPED:
            bodies = [c for c in element if _local(c) == "qti-content-body"]
            if len(bodies) != 1 or len(element) != 1:
                yield f"<{name}> must hold exactly one <qti-content-body>"
        if name in INLINE_ONLY:
            parent = element.getparent()
            if parent is not None and _local(parent) in ("qti-item-body", "qti-content-body"):
                yield f"<{name}> is inline and must sit inside a paragraph or span"
        if name == "qti-response-processing":
            template = element.get("template")
            if template is not None and not template.startswith(TEMPLATE_PREFIX):
                yield f"response processing template '{template}' is not a QTI 3.0 template"
            if template is not None and len(element):
                yield "<qti-response-processing> has both a template and rules"


def _item_order(root: etree._Element) -> Iterator[str]:
    if _local(root) != "qti-assessment-item":
        return
    for attr in ("identifier", "title", "time-dependent"):
        if root.get(attr) is None:
            yield f"<qti-assessment-item> lacks required attribute '{attr}'"
    ranks = [ITEM_ORDER.index(_local(c)) for c in root if _local(c) in ITEM_ORDER]
    if ranks != sorted(ranks):
        yield "children of <qti-assessment-item> are out of the required order"
    if len([c for c in root if _local(c) == "qti-item-body"]) != 1:
        yield "<qti-assessment-item> must have exactly one <qti-item-body>"


def structural_problems(data: bytes, filename: str) -> list[Diagnostic]:
    """Our strict QTI 3.0 rules for one item or test file."""
    root = parse(data)
    messages = [*_structure(root), *_item_order(root)]
    return [error(f"{filename}: {m}", code="qti3-structure") for m in messages]


def downgrade_problems(data: bytes, filename: str, schemas: SchemaRegistry) -> list[Diagnostic]:
    """Downgrade one QTI 3.0 file to QTI 2.1 and validate it with the official XSD.

    What the converter reports dropping (QTI 3.0-only attributes such as a rubric
    block's ``use``) is expected and comes back as information, not errors.
    """
    result = convert_qti3_to_qti21(data.decode("utf-8"), file_path=filename)
    kind = "qti21.item" if b"<qti-assessment-item" in data else "qti21.test"
    found = schemas.validate(kind, result.xml.encode("utf-8"), f"{filename} (as QTI 2.1)")
    return found + [
        Diagnostic(Severity.INFO, f"{filename}: as QTI 2.1: {w.message}", code="qti3-downgrade")
        for w in result.warnings
    ]


def check_qti3(artifact: Artifact, schemas: SchemaRegistry) -> list[Diagnostic]:
    """Structural rules and downgrade validation for every QTI 3.0 item and test."""
    found: list[Diagnostic] = []
    for file in artifact.files:
        if file.path.endswith(".xml") and file.path != "imsmanifest.xml":
            found += structural_problems(file.data, file.path)
            found += downgrade_problems(file.data, file.path, schemas)
    return found
