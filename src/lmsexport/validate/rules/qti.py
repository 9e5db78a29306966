"""QTI rules: responses declared and used, correct answers among the choices.

An item whose correct response names no choice imports fine everywhere and then
marks every learner wrong, so these checks matter more than schema validity.
Canvas facts come from canvas-lms ``gems/plugins/qti_exporter`` (see docs/validate.md).
"""

from __future__ import annotations

from lxml import etree

from lmsexport.validate.context import Context, line_no
from lmsexport.validate.rules.qtiscan import DECLARATION, item_parts, kebab, local_of, localname
from lmsexport.validate.xmlread import ParsedXml

# Interactions whose correct response is made of choice identifiers.
_CHOICE_LIKE = {
    "choiceInteraction",
    "inlineChoiceInteraction",
    "orderInteraction",
    "hottextInteraction",
    "associateInteraction",
    "matchInteraction",
    "gapMatchInteraction",
    "hotspotInteraction",
    "graphicOrderInteraction",
    "graphicAssociateInteraction",
    "graphicGapMatchInteraction",
}
# What canvas-lms's QTI 2 importer maps to a question type; anything else
# becomes an "Error" question (assessment_item_converter.rb).
CANVAS_INTERACTIONS = {
    "choiceInteraction",
    "associateInteraction",
    "matchInteraction",
    "extendedTextInteraction",
    "textEntryInteraction",
    "orderInteraction",
}
# Canvas's AssessmentQuestion question types (the `question_type` metadata field).
CANVAS_QUESTION_TYPES = {
    "multiple_choice_question",
    "true_false_question",
    "short_answer_question",
    "fill_in_multiple_blanks_question",
    "multiple_answers_question",
    "multiple_dropdowns_question",
    "matching_question",
    "numerical_question",
    "calculated_question",
    "essay_question",
    "file_upload_question",
    "text_only_question",
}
_ITEM_ROOTS = {"assessmentItem", "qti-assessment-item"}


def _local(element: etree._Element) -> str:
    return local_of(str(element.tag))


def _attr(element: etree._Element, name: str) -> str | None:
    value = element.get(name)
    if value is None:
        value = element.get(kebab(name))
    return None if value is None else str(value)


def check_qti2(ctx: Context, member: ParsedXml) -> None:
    """QTI 2.x / 3.0 items: every response declared and used, correct values are choices."""
    root = member.root
    if root is not None and localname(str(root.tag)) in _ITEM_ROOTS:
        _check_item(ctx, member.name, root, ctx.kind.startswith(("qti21", "qti22")))


def _check_item(ctx: Context, name: str, root: etree._Element, canvas: bool) -> None:
    declared: dict[str | None, etree._Element] = {}
    interactions: list[tuple[etree._Element, str]] = []
    for element, local, role in item_parts(root):
        if role == DECLARATION:
            declared[_attr(element, "identifier")] = element
        else:
            interactions.append((element, local))
    used: set[str | None] = set()
    for interaction, local in interactions:
        ref = _attr(interaction, "responseIdentifier")
        used.add(ref)
        if canvas and local not in CANVAS_INTERACTIONS:
            ctx.add(
                "LMS-CANVAS-INTERACTION",
                name,
                f"Canvas imports <{local}> as an 'Error' question; use a choice, text entry, "
                f"match or order interaction for Canvas",
                line_no(interaction),
            )
        if ref not in declared:
            ctx.add(
                "QTI-UNDECLARED-RESPONSE",
                name,
                f"<{local}> uses response '{ref}' but no responseDeclaration declares it",
                line_no(interaction),
            )
        elif local in _CHOICE_LIKE:
            _check_correct(ctx, name, declared[ref], interaction)
    for ident, declaration in declared.items():
        if ident not in used:
            ctx.add(
                "QTI-UNUSED-RESPONSE",
                name,
                f"response '{ident}' is declared but no interaction uses it; remove it",
                line_no(declaration),
            )


def _check_correct(
    ctx: Context, name: str, declaration: etree._Element, interaction: etree._Element
) -> None:
    # 'identifier' is spelled the same in QTI 2 and 3, so no kebab-case fallback.
    choices = {e.get("identifier") for e in interaction.iterdescendants(etree.Element)}
    choices.discard(None)
    for value in declaration.iter("{*}value", "{*}qti-value"):
        parent = value.getparent()
        if parent is None or _local(parent) != "correctResponse":
            continue
        for token in (value.text or "").split():
            if token not in choices:
                ctx.add(
                    "QTI-CORRECT-NOT-A-CHOICE",
                    name,
                    f"correct response '{token}' is not a choice of <{_local(interaction)}> "
                    f"(choices: {', '.join(sorted(c for c in choices if c))})",
                    line_no(value),
                )


def check_qti12(ctx: Context, member: ParsedXml) -> None:
    """QTI 1.2 items: unique idents, conditions name declared responses and labels."""
    root = member.root
    if root is not None and etree.QName(root).localname == "questestinterop":
        _check_qti12_file(ctx, member.name, root)


def _check_qti12_file(ctx: Context, name: str, root: etree._Element) -> None:
    seen: dict[str, int] = {}
    for item in root.iter("{*}item"):
        ident = item.get("ident", "")
        if ident in seen:
            ctx.add(
                "QTI-DUPLICATE-IDENT",
                name,
                f"item ident '{ident}' already used on line {seen[ident]}",
                line_no(item),
            )
        seen[ident] = line_no(item)
        _check_qti12_item(ctx, name, item)


def _check_qti12_item(ctx: Context, name: str, item: etree._Element) -> None:
    responses = {
        r.get("ident"): r
        for r in item.iter("{*}response_lid", "{*}response_str", "{*}response_num")
    }
    for condition in item.iter("{*}varequal"):
        ref = condition.get("respident")
        if ref not in responses:
            ctx.add(
                "QTI-UNDECLARED-RESPONSE",
                name,
                f"<varequal respident='{ref}'> names no response_lid/response_str in this item",
                line_no(condition),
            )
            continue
        response = responses[ref]
        if etree.QName(response).localname != "response_lid":
            continue
        labels = {label.get("ident") for label in response.iter("{*}response_label")}
        value = (condition.text or "").strip()
        if value not in labels:
            ctx.add(
                "QTI-CORRECT-NOT-A-CHOICE",
                name,
                f"'{value}' is not a response_label ident of '{ref}' "
                f"(labels: {', '.join(sorted(str(x) for x in labels))})",
                line_no(condition),
            )
    for field in item.iter("{*}qtimetadatafield"):
        label = field.findtext("{*}fieldlabel", "").strip()
        entry = field.findtext("{*}fieldentry", "").strip()
        if label == "question_type" and entry not in CANVAS_QUESTION_TYPES:
            ctx.add(
                "LMS-CANVAS-QUESTION-TYPE",
                name,
                f"Canvas does not know question_type '{entry}' and guesses or drops the "
                f"question; use one of {', '.join(sorted(CANVAS_QUESTION_TYPES))}",
                line_no(field),
            )
