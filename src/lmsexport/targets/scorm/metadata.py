"""Schema check of the LOM record a SCORM 2004 4th edition manifest carries inline.

The manifest's own schemas accept any element inside ``<metadata>`` (laxly),
so the pipeline's manifest validation never looks at the LOM record.  This
check takes the record out of the finished manifest and validates it against
the ``lom`` kind of the registry, exactly as the separate ``metadata/course.xml``
of the 3rd edition is validated through its ``OutputFile`` schema tag.
"""

from __future__ import annotations

import copy

from lxml import etree

from lmsexport.errors import Diagnostic, SchemaSetMissing, error, warning
from lmsexport.targets.base import Artifact, BuildContext
from lmsexport.targets.scorm.integrity import MANIFEST
from lmsexport.xmlsafe import XmlSyntaxError, parse_xml

LOM_NAMESPACE = "http://ltsc.ieee.org/xsd/LOM"
LOM_KIND = "lom"


def inline_lom_problems(artifact: Artifact, ctx: BuildContext) -> list[Diagnostic]:
    """Every LOM schema error of the manifest's inline ``<lom>`` records."""
    manifest = next((f for f in artifact.files if f.path == MANIFEST), None)
    if manifest is None:
        return []
    try:
        root = parse_xml(manifest.data, MANIFEST).getroot()
    except XmlSyntaxError:
        return []  # check_package reports the broken manifest.
    problems: list[Diagnostic] = []
    where = f"{artifact.filename}: {MANIFEST}"
    for record in root.iter(f"{{{LOM_NAMESPACE}}}lom"):
        # A copy as its own document: line numbers stay those of the manifest.
        tree = etree.ElementTree(copy.deepcopy(record))
        try:
            problems.extend(ctx.schemas.validate_tree(LOM_KIND, tree, where))
        except SchemaSetMissing as exc:
            message = f"{where}: inline LOM metadata not validated: {exc}"
            return [error(message) if ctx.strict else warning(message)]
    return problems
