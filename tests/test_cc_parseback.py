"""Parse-back: read a cartridge with lxml, as an LMS importer would, and recover the source.

The outline (sections, lessons, quizzes, web links, in order), every lesson page
(title, objectives, body text) and every quiz question with its correct answers
must equal what the course source says.  Degraded questions must carry the
answer key the source implies, so nothing a teacher wrote is lost on the way.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from lmsexport.loaders.course import load_course
from lmsexport.model import (
    Course,
    Essay,
    MultipleResponse,
    OutlineNode,
    Quiz,
    Section,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from lmsexport.packaging import zip_bytes
from lmsexport.render.markdown import to_html
from lmsexport.render.plaintext import plain_text
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import BuildContext
from lmsexport.targets.cc import CommonCartridgeTarget
from lmsexport.targets.cc.questions import answer_key
from model_factory import sample_course

REPO = Path(__file__).resolve().parent.parent
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
Q = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
PROFILE_TYPES = {
    "cc.multiple_choice.v0p1": "single_choice",
    "cc.multiple_response.v0p1": "multiple_response",
    "cc.true_false.v0p1": "true_false",
    "cc.fib.v0p1": "short_answer",
    "cc.essay.v0p1": "essay",
}


def cartridge(course: Course) -> zipfile.ZipFile:
    ctx = BuildContext(schemas=SchemaRegistry.discover())
    (artifact,) = CommonCartridgeTarget().render(course, ctx)
    return zipfile.ZipFile(io.BytesIO(zip_bytes(artifact.files)))


def xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(archive.read(name), PARSER)


def text_of(html: str) -> str:
    """Visible text of an HTML fragment, white space collapsed."""
    root = etree.fromstring(f"<div>{html}</div>".encode(), PARSER)
    return " ".join("".join(root.itertext()).split())


# ---------------------------------------------------------------- reading the cartridge


def read_outline(archive: zipfile.ZipFile) -> tuple[str, list[Any], dict[str, etree._Element]]:
    """(section-0 title, outline as nested tuples, resources by identifier)."""
    manifest = xml(archive, "imsmanifest.xml")
    resources = {r.get("identifier"): r for r in manifest.iter("{*}resource")}
    (organization,) = manifest.iter("{*}organization")
    (root,) = organization.findall("{*}item")

    def node(item: etree._Element) -> tuple[Any, ...]:
        title = item.findtext("{*}title")
        ref = item.get("identifierref")
        if ref is None:
            return ("section", title, [node(child) for child in item.findall("{*}item")])
        return (resources[ref].get("type"), title, ref)

    general, *top = root.findall("{*}item")
    return general.findtext("{*}title") or "", [node(i) for i in top], resources


def expected_outline(course: Course) -> list[Any]:
    def node(n: OutlineNode) -> list[tuple[Any, ...]]:
        if isinstance(n, Section):
            return [("section", n.title, [x for c in n.children for x in node(c)])]
        if isinstance(n, Quiz):
            return [("imsqti_xmlv1p2/imscc_xmlv1p1/assessment", n.title)]
        urls = dict.fromkeys(link.url for link in n.links)
        links = [("imswl_xmlv1p1", next(lk.title for lk in n.links if lk.url == u)) for u in urls]
        return [("webcontent", n.title), *links]

    return [x for n in course.outline for x in node(n)]


def strip_refs(outline: list[Any]) -> list[Any]:
    return [
        ("section", t, strip_refs(rest)) if kind == "section" else (kind, t)
        for kind, t, rest in outline
    ]


def read_question(item: etree._Element) -> dict[str, Any]:
    """Type, title, weight and correct answers of one QTI item, as an importer reads them."""
    fields = {
        f.findtext("q:fieldlabel", namespaces=Q): f.findtext("q:fieldentry", namespaces=Q)
        for f in item.iterfind("q:itemmetadata/q:qtimetadata/q:qtimetadatafield", Q)
    }
    labels = {
        label.get("ident"): text_of(label.findtext("q:material/q:mattext", namespaces=Q) or "")
        for label in item.iterfind(".//q:response_label", Q)
    }
    scored = [
        c
        for c in item.iterfind("q:resprocessing/q:respcondition", Q)
        if c.findtext("q:setvar", namespaces=Q) == "100"
    ]
    correct: list[str] = []
    for condition in scored:
        for equal in condition.iterfind(".//q:varequal", Q):
            if equal.getparent().tag != f"{{{Q['q']}}}not":
                correct.append(labels.get(equal.text or "", equal.text or ""))
    feedback = {
        fb.get("ident"): text_of(fb.findtext("q:flow_mat/q:material/q:mattext", namespaces=Q) or "")
        for fb in item.iterfind("q:itemfeedback", Q)
    }
    return {
        "ident": item.get("ident"),
        "title": item.get("title"),
        "type": PROFILE_TYPES[fields["cc_profile"] or ""],
        "weight": int(fields["cc_weighting"] or 0),
        "correct": correct,
        "general": feedback.get("general_fb", ""),
    }


# ---------------------------------------------------------------- comparing with the source


def expected_correct(question: Any) -> list[str]:
    if isinstance(question, SingleChoice | MultipleResponse):
        return [text_of(to_html(c.text, inline=True)) for c in question.choices if c.correct]
    if isinstance(question, TrueFalse):
        return ["True" if question.answer else "False"]
    if isinstance(question, ShortAnswer):
        return list(question.answers)
    return []


@pytest.fixture(params=["source", "factory"])
def course(request: pytest.FixtureRequest, tmp_path: Path) -> Course:
    if request.param == "source":
        return load_course(REPO / "source" / "stalins-soviet-union", [])
    return sample_course(tmp_path)


def test_cc_parseback_outline_equals_the_source(course: Course) -> None:
    with cartridge(course) as archive:
        general, outline, _ = read_outline(archive)
    assert general == course.title
    assert strip_refs(outline) == expected_outline(course)


def test_cc_parseback_pages_equal_the_lessons(course: Course) -> None:
    with cartridge(course) as archive:
        _, _, resources = read_outline(archive)
        pages = {
            r.get("identifier"): r.get("href")
            for r in resources.values()
            if r.get("type") == "webcontent" and r.get("href")
        }
        for lesson in course.lessons:
            href = pages[f"{lesson.ident}-r"]
            page = xml(archive, href)
            ns = {"h": "http://www.w3.org/1999/xhtml"}
            assert page.findtext(".//h:article/h:h1", namespaces=ns) == lesson.title
            objectives = [
                li.text for li in page.iterfind(".//h:section[@class='objectives']//h:li", ns)
            ]
            assert objectives == list(lesson.objectives)
            (body,) = page.iterfind(".//h:div[@class='lesson-body']", ns)
            source = to_html(lesson.body, source_href=lesson.href, page_href=href)
            assert " ".join("".join(body.itertext()).split()) == text_of(source)


def test_cc_parseback_questions_and_correct_answers_equal_the_source(course: Course) -> None:
    with cartridge(course) as archive:
        _, _, resources = read_outline(archive)
        for quiz in course.quizzes:
            (file,) = resources[f"{quiz.ident}-r"].iterfind("{*}file")
            root = xml(archive, file.get("href"))
            assert root.find("q:assessment", Q).get("title") == quiz.title
            items = [read_question(i) for i in root.iterfind("q:assessment/q:section/q:item", Q)]
            assert [i["ident"] for i in items] == [q.ident for q in quiz.questions]
            for question, item in zip(quiz.questions, items, strict=True):
                assert item["title"] == question.title
                assert item["weight"] == min(max(round(question.points), 1), 99)
                if question.type in PROFILE_TYPES.values():
                    assert item["type"] == question.type
                    assert sorted(item["correct"]) == sorted(expected_correct(question))
                else:
                    assert item["type"] == "essay"
                    assert (
                        text_of(to_html(f"**Answer key:** {answer_key(question)}"))
                        in item["general"]
                    )
                if isinstance(question, Essay) and question.model_answer:
                    assert plain_text(question.model_answer) in item["general"]


def test_cc_parseback_discussion_and_web_links_equal_the_source() -> None:
    course = load_course(REPO / "source" / "stalins-soviet-union", [])
    with cartridge(course) as archive:
        _, _, resources = read_outline(archive)
        descriptors = {
            r.get("type"): xml(archive, r.find("{*}file").get("href"))
            for r in resources.values()
            if r.get("type") in ("imsdt_xmlv1p1", "imswl_xmlv1p1")
        }
    discussion = course.options["cc"]["discussion"]
    topic = descriptors["imsdt_xmlv1p1"]
    assert topic.findtext("{*}title") == discussion["title"]
    assert text_of(topic.findtext("{*}text") or "") == plain_text(discussion["text"])
    urls = {link.url for lesson in course.lessons for link in lesson.links}
    assert descriptors["imswl_xmlv1p1"].find("{*}url").get("href") in urls
