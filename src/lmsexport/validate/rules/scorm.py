"""SCORM 1.2 and 2004 rules, and what Moodle does differently from the standard."""

from __future__ import annotations

from lxml import etree

from lmsexport.validate.context import Context, line_no
from lmsexport.validate.detect import SCORM2004_EDITIONS
from lmsexport.validate.rules.cp import manifest_root, resource_elements

_ADLCP_ATTRS = ("scormtype", "scormType")
# Elements whose behaviour needs an LMS that runs SCORM 2004 sequencing.
_SEQUENCING_RULES = tuple(
    f"{{*}}{name}"
    for name in (
        "sequencingRules",
        "rollupRules",
        "limitConditions",
        "randomizationControls",
        "constrainedChoiceConsiderations",
    )
)
CONTROL_FILES = {
    "scorm12": ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd"),
    "scorm2004": ("imscp_v1p1.xsd", "adlcp_v1p3.xsd", "imsss_v1p0.xsd"),
}


def _scorm_type(resource: etree._Element) -> str:
    for key, value in resource.attrib.items():
        if etree.QName(key).localname in _ADLCP_ATTRS:
            return str(value).lower()
    return ""


def _number(text: str | None) -> float | None:
    try:
        return float((text or "").strip())
    except ValueError:
        return None


def check_scorm(ctx: Context) -> None:
    """Schemaversion, SCO launch files, mastery ranges, control files."""
    root = manifest_root(ctx)
    if root is None or ctx.manifest is None:
        return
    edition12 = ctx.kind == "scorm12"
    versions = [
        v for m in root.iterchildren("{*}metadata") for v in m.iterchildren("{*}schemaversion")
    ]
    expected = ["1.2"] if edition12 else list(SCORM2004_EDITIONS)
    if not versions or (versions[0].text or "").strip() not in expected:
        ctx.add(
            "SCORM-SCHEMAVERSION",
            ctx.manifest,
            f"<schemaversion> must be one of {expected} for this package",
            line_no(versions[0]) if versions else line_no(root),
        )
    for resource in resource_elements(root):
        if _scorm_type(resource) == "sco" and not resource.get("href"):
            ctx.add(
                "SCORM-SCO-NO-LAUNCH",
                ctx.manifest,
                f"SCO resource '{resource.get('identifier')}' needs href= naming its launch page",
                line_no(resource),
            )
    _check_mastery(ctx, root, edition12)
    family = "scorm12" if edition12 else "scorm2004"
    missing = [f for f in CONTROL_FILES[family] if not ctx.package.holds(f)]
    if missing and not ctx.loose:
        ctx.add(
            "SCORM-CONTROL-FILES-MISSING",
            "",
            f"{', '.join(missing)} not at the zip root; ADL's conformance test suite expects them",
        )


def _check_mastery(ctx: Context, root: etree._Element, edition12: bool) -> None:
    assert ctx.manifest is not None
    checks: list[tuple[etree._Element, str | None, float, float, str]] = []
    if edition12:
        checks += [(e, e.text, 0, 100, "masteryscore") for e in root.iter("{*}masteryscore")]
    else:
        checks += [
            (e, e.text, -1, 1, "minNormalizedMeasure") for e in root.iter("{*}minNormalizedMeasure")
        ]
        checks += [
            (e, e.get("minProgressMeasure"), 0, 1, "minProgressMeasure")
            for e in root.iter("{*}completionThreshold")
            if e.get("minProgressMeasure") is not None
        ]
    for element, text, low, high, label in checks:
        value = _number(text)
        if value is None or not low <= value <= high:
            ctx.add(
                "SCORM-MASTERY-RANGE",
                ctx.manifest,
                f"{label} '{text}' must be a number from {low:g} to {high:g}",
                line_no(element),
            )


def check_sequencing(ctx: Context) -> None:
    """Shared sequencing references resolve; warn about what Moodle does not run."""
    root = manifest_root(ctx)
    if root is None or ctx.manifest is None:
        return
    shared = {
        s.get("ID")
        for collection in root.iter("{*}sequencingCollection")
        for s in collection.iterchildren("{*}sequencing")
    }
    for sequencing in root.iter("{*}sequencing"):
        ref = sequencing.get("IDRef")
        if ref is not None and ref not in shared:
            ctx.add(
                "SCORM-DANGLING-SEQUENCING-REF",
                ctx.manifest,
                f"IDRef '{ref}' names no <imsss:sequencing ID=...> in <imsss:sequencingCollection>",
                line_no(sequencing),
            )
    _check_moodle_sequencing(ctx, root)
    for threshold in root.iter("{*}completionThreshold"):
        if (threshold.text or "").strip() and threshold.get("minProgressMeasure") is None:
            ctx.add(
                "LMS-MOODLE-COMPLETION-THRESHOLD",
                ctx.manifest,
                "Moodle reads the threshold only from the minProgressMeasure attribute; "
                "move the value there",
                line_no(threshold),
            )


def _check_moodle_sequencing(ctx: Context, root: etree._Element) -> None:
    """Rules Moodle ignores: a warning only when they tie SCOs together.

    An empty ``<rollupRules>`` (attributes only, no ``<rollupRule>``) rolls
    nothing up that Moodle would need, so it is not counted.  Rules on a single
    SCO (an attempt limit, a rule on its own status) change nothing between
    SCOs, and Moodle grades each SCO from what it reports: that is worth an
    info.  Rules on a cluster, or on a SCO that shares objectives with others,
    decide one SCO's status from another's: with more than one SCO, Moodle's
    results then differ from what the author designed.
    """
    assert ctx.manifest is not None
    rules = [
        e
        for e in root.iter(*_SEQUENCING_RULES)
        if etree.QName(e).localname != "rollupRules"
        or next(e.iterchildren("{*}rollupRule"), None) is not None
    ]
    if not rules:
        return
    first = rules[0]  # document order
    count = f"{len(rules)} sequencing rule{'s' if len(rules) > 1 else ''}"
    between_scos = _sco_count(root) > 1 and any(_links_scos(root, rule) for rule in rules)
    ctx.add(
        "LMS-MOODLE-SEQUENCING",
        ctx.manifest,
        f"{count} that Moodle does not run (first: <{etree.QName(first).localname}> at line "
        f"{line_no(first)}); build with --lms moodle, or --sco-granularity course",
        line_no(first),
        severity="warning" if between_scos else "info",
    )


def _sco_count(root: etree._Element) -> int:
    return sum(_scorm_type(r) == "sco" for r in resource_elements(root))


def _links_scos(root: etree._Element, rule: etree._Element) -> bool:
    """Whether ``rule`` makes one SCO's status depend on another's.

    True when the activities it governs include a cluster (an organization or
    an item with child items) or share objectives (``<imsss:mapInfo>``).
    """
    sequencing = next(rule.iterancestors("{*}sequencing"), None)
    if sequencing is None:
        return False
    if next(sequencing.iter("{*}mapInfo"), None) is not None:
        return True
    return any(
        etree.QName(owner).localname == "organization"
        or next(owner.iterchildren("{*}item"), None) is not None
        for owner in _owners(root, sequencing)
    )


def _owners(root: etree._Element, sequencing: etree._Element) -> list[etree._Element]:
    """The items or organizations a ``<sequencing>`` applies to (shared ones by IDRef)."""
    parent = sequencing.getparent()
    if parent is None:
        return []
    if etree.QName(parent).localname != "sequencingCollection":
        return [parent]
    ident = sequencing.get("ID")
    users = (s for s in root.iter("{*}sequencing") if ident and s.get("IDRef") == ident)
    return [owner for s in users if (owner := s.getparent()) is not None]
