"""The speed-ups that reuse work must never reuse it where the output differs.

Rendered Markdown is shared between QTI targets only when it holds no URL (a
URL is rebased per item file); rewritten XHTML fragments likewise.  These tests
render the same text for different files and check each file gets its own,
correct output, and that zips store already-compressed media as they are.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from lmsexport.assessment.model import build_item
from lmsexport.assessment.xhtml import rewrite
from lmsexport.model import Cloze, Quiz, SingleChoice
from lmsexport.packaging import zip_bytes
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import OutputFile
from model_factory import sample_course


def _check_quiz(tmp_path: Path) -> Quiz:
    course = sample_course(tmp_path)
    return next(q for q in course.quizzes if q.id == "check")


def test_image_urls_follow_each_item_file(tmp_path: Path) -> None:
    quiz = _check_quiz(tmp_path)
    question = next(q for q in quiz.questions if isinstance(q, Cloze))
    shallow = build_item(question, quiz, href="items/gaps.xml")
    deep = build_item(question, quiz, href="a/b/gaps.xml")
    canvas = build_item(
        question, quiz, href="gaps", url=lambda href: f"$IMS-CC-FILEBASE$/{href}", qti_subset=False
    )
    assert '<img src="../media/portrait.png"' in shallow.prompt
    assert '<img src="../../media/portrait.png"' in deep.prompt
    assert '<img src="$IMS-CC-FILEBASE$/media/portrait.png"' in canvas.prompt
    assert shallow.refs == deep.refs == canvas.refs == ("media/portrait.png",)


def test_url_free_text_is_the_same_in_every_file(tmp_path: Path) -> None:
    quiz = _check_quiz(tmp_path)
    question = next(q for q in quiz.questions if isinstance(q, SingleChoice))
    first = build_item(question, quiz, href="items/one.xml")
    second = build_item(question, quiz, href="x/y/z/one.xml")
    assert first.prompt == second.prompt and "<p>" in first.prompt
    assert [o.html for o in first.options] == [o.html for o in second.options]
    assert first.refs == second.refs == ()


def test_rewrite_keeps_refs_per_folder_and_fits_subset_per_flag() -> None:
    html = '<p><img src="../media/a.png" alt="A"/> and <s>gone</s></p>'
    items = rewrite(html, base_dir="items")
    nested = rewrite(html, base_dir="tests/deep", url=lambda href: f"$BASE$/{href}")
    assert items.refs == ("media/a.png",)
    assert nested.refs == ("tests/media/a.png",)
    assert 'src="$BASE$/../media/a.png"' in nested.markup
    plain = "<p>Only <s>text</s> here</p>"
    assert rewrite(plain, qti_subset=True).markup == '<p>Only <span class="s">text</span> here</p>'
    assert rewrite(plain, qti_subset=False).markup == plain


def test_zip_stores_compressed_media_and_deflates_text() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    xml = b"<root>" + b"<item>same</item>" * 500 + b"</root>"
    data = zip_bytes(
        [OutputFile("media/Photo.PNG", png), OutputFile("items/a.xml", xml, "qti21.item")]
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        assert infos["media/Photo.PNG"].compress_type == zipfile.ZIP_STORED
        assert infos["items/a.xml"].compress_type == zipfile.ZIP_DEFLATED
        assert infos["items/a.xml"].compress_size < len(xml) // 10
        assert archive.read("media/Photo.PNG") == png and archive.read("items/a.xml") == xml
        assert archive.testzip() is None
    again = zip_bytes([OutputFile("items/a.xml", xml), OutputFile("media/Photo.PNG", png)])
    assert again == data


def test_dtd_check_of_a_callers_tree_leaves_it_untouched() -> None:
    registry = SchemaRegistry.discover()
    document = (
        b'<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"'
        b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="a b">'
        b'<assessment ident="A" title="T"><section ident="S"><item ident="I"/></section>'
        b"</assessment></questestinterop>"
    )
    tree = etree.fromstring(document).getroottree()
    assert registry.validate_tree("qti12.assessment", tree, "quiz.xml") == []
    assert etree.tostring(tree) == etree.tostring(etree.fromstring(document))
    assert registry.validate("qti12.assessment", document, "quiz.xml") == []


def test_disposable_dtd_check_reports_the_same_lines() -> None:
    registry = SchemaRegistry.discover()
    document = (
        b'<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2">\n'
        b'<assessment ident="A" title="T"><section ident="S">\n<bogus/></section>\n'
        b"</assessment></questestinterop>"
    )
    kept = registry.validate_tree("qti12.assessment", etree.fromstring(document).getroottree(), "q")
    spent = registry.validate_tree(
        "qti12.assessment", etree.fromstring(document).getroottree(), "q", disposable=True
    )
    assert [(d.pos.line if d.pos else 0, d.message) for d in spent] == [
        (d.pos.line if d.pos else 0, d.message) for d in kept
    ]
    assert {d.pos.line for d in kept if d.pos} == {2, 3}
