"""Semantic checks of a QTI 2.1 / 3.0 package that no XSD can express.

The schemas accept an item whose correct response names a choice that does not
exist, a test whose weights do not add up to the quiz points, or a manifest
pointing at a missing file; delivery systems then fail at run time or score
wrongly.  These rules run on the rendered bytes, after schema validation.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

from lxml import etree

from lmsexport.errors import Diagnostic, error
from lmsexport.targets.base import Artifact
from lmsexport.xmlsafe import safe_parser

_PARSER = safe_parser()

INTERACTION_NAMES = (
    "choiceInteraction",
    "textEntryInteraction",
    "extendedTextInteraction",
    "matchInteraction",
    "orderInteraction",
    "associateInteraction",
)


class Vocabulary:
    """QTI 2 names (``choiceInteraction``) or their QTI 3 form (``qti-choice-interaction``)."""

    def __init__(self, qti3: bool) -> None:
        self.qti3 = qti3

    def el(self, name: str) -> str:
        if not self.qti3:
            return name
        return "qti-" + re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()

    def attr(self, name: str) -> str:
        return re.sub(r"([A-Z])", r"-\1", name).lower() if self.qti3 else name

    def find(self, root: etree._Element, name: str) -> list[etree._Element]:
        """``root`` and its descendants named ``name`` in any namespace (matched by lxml in C)."""
        return list(root.iter(f"{{*}}{self.el(name)}"))


def parse(data: bytes) -> etree._Element:
    """Parse package XML without entities, DTDs or network."""
    return etree.fromstring(data, _PARSER)


def _problem(filename: str, message: str) -> Diagnostic:
    return error(f"{filename}: {message}", code="qti-semantic")


def check_item(root: etree._Element, filename: str, vocab: Vocabulary) -> Iterator[Diagnostic]:
    """Response declarations are unique and used, correct responses name real choices."""
    ident = vocab.attr("identifier")
    declared = [d.get(ident, "") for d in vocab.find(root, "responseDeclaration")]
    for name in {d for d in declared if declared.count(d) > 1}:
        yield _problem(filename, f"response '{name}' is declared more than once")
    rid = vocab.attr("responseIdentifier")
    used = [i.get(rid, "") for n in INTERACTION_NAMES for i in vocab.find(root, n)]
    for name in sorted(set(declared) - set(used)):
        yield _problem(filename, f"response '{name}' is not used by any interaction")
    for name in sorted(set(used) - set(declared)):
        yield _problem(filename, f"interaction uses undeclared response '{name}'")
    choices = [
        c.get(ident, "")
        for n in ("simpleChoice", "simpleAssociableChoice")
        for c in vocab.find(root, n)
    ]
    for name in {c for c in choices if choices.count(c) > 1}:
        yield _problem(filename, f"choice identifier '{name}' is not unique")
    for declaration in vocab.find(root, "responseDeclaration"):
        base_type = declaration.get(vocab.attr("baseType"))
        if base_type not in ("identifier", "directedPair", "pair"):
            continue
        for value in vocab.find(declaration, "value"):
            for token in (value.text or "").split():
                if token not in choices:
                    yield _problem(
                        filename, f"correct response '{token}' is not one of the item's choices"
                    )


def check_test(
    root: etree._Element, filename: str, vocab: Vocabulary, members: set[str]
) -> Iterator[Diagnostic]:
    """Item references resolve and are unique; the weights add up to MAXSCORE."""
    refs = vocab.find(root, "assessmentItemRef")
    idents = [r.get(vocab.attr("identifier"), "") for r in refs]
    for name in {i for i in idents if idents.count(i) > 1}:
        yield _problem(filename, f"item reference '{name}' appears more than once")
    folder = filename.rpartition("/")[0]
    for ref in refs:
        href = _join(folder, ref.get("href", ""))
        if href not in members:
            yield _problem(filename, f"item reference '{ref.get('href')}' is not in the package")
    weights = sum(float(w.get("value", "0")) for w in vocab.find(root, "weight"))
    maximum = [
        d
        for d in vocab.find(root, "outcomeDeclaration")
        if d.get(vocab.attr("identifier")) == "MAXSCORE"
    ]
    values = [v.text or "0" for d in maximum for v in vocab.find(d, "value")]
    if values and not math.isclose(weights, float(values[0])):
        yield _problem(filename, f"item weights add up to {weights}, not the quiz's {values[0]}")


def check_manifest(root: etree._Element, members: set[str]) -> Iterator[Diagnostic]:
    """Every listed file exists, every dependency resolves, every file is listed."""
    resources = [e for e in root.iter(etree.Element) if etree.QName(e).localname == "resource"]
    idents = {r.get("identifier", "") for r in resources}
    listed: set[str] = set()
    for resource in resources:
        for child in resource:
            local = etree.QName(child).localname
            if local == "file":
                listed.add(child.get("href", ""))
            elif local == "dependency" and child.get("identifierref") not in idents:
                yield _problem(
                    "imsmanifest.xml",
                    f"dependency '{child.get('identifierref')}' names no resource",
                )
    for href in sorted(listed - members):
        yield _problem("imsmanifest.xml", f"lists '{href}', which is not in the package")
    for href in sorted(members - listed - {"imsmanifest.xml"}):
        yield _problem("imsmanifest.xml", f"does not list package file '{href}'")


def _join(folder: str, href: str) -> str:
    parts: list[str] = folder.split("/") if folder else []
    for part in href.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)


def check_package(artifact: Artifact, qti3: bool) -> list[Diagnostic]:
    """Run every check on the XML files of ``artifact``, told apart by their root element."""
    vocab = Vocabulary(qti3)
    members = {f.path for f in artifact.files}
    found: list[Diagnostic] = []
    item_ids: list[str] = []
    for file in artifact.files:
        if not file.path.endswith(".xml"):
            continue
        root = parse(file.data)
        local = etree.QName(root).localname
        if local == vocab.el("assessmentItem"):
            item_ids.append(root.get("identifier", ""))
            found += check_item(root, file.path, vocab)
        elif local == vocab.el("assessmentTest"):
            found += check_test(root, file.path, vocab, members)
        elif local == "manifest":
            found += check_manifest(root, members)
    for name in sorted(i for i, count in Counter(item_ids).items() if count > 1):
        found.append(_problem(artifact.filename, f"item identifier '{name}' is not unique"))
    return found
