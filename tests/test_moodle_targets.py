"""Moodle XML, GIFT and Aiken targets: golden files, the structural check, what each format drops."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from lmsexport.loaders.course import load_course
from lmsexport.model import Course, ShortAnswer
from lmsexport.targets.base import Artifact, BuildContext
from lmsexport.targets.moodlexml.check import check_moodle_xml
from lmsexport.targets.registry import get_target
from model_factory import sample_course as factory_course
from moodle_course import PNG, sample_course

GOLDEN = Path(__file__).parent / "golden" / "moodle"
REPO = Path(__file__).resolve().parent.parent
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
QTYPE_OF = {
    "single_choice": "multichoice",
    "multiple_response": "multichoice",
    "true_false": "truefalse",
    "short_answer": "shortanswer",
    "numeric": "numerical",
    "essay": "essay",
    "matching": "matching",
    "ordering": "ordering",
    "cloze": "multianswer",
}


def render(name: str, course: Course) -> tuple[Artifact, BuildContext]:
    ctx = BuildContext(schemas=None)  # type: ignore[arg-type]
    (artifact,) = get_target(name).render(course, ctx)
    return artifact, ctx


@pytest.mark.parametrize(
    ("target", "suffix"),
    [("moodlexml", "moodlexml.xml"), ("gift", "gift.txt"), ("aiken", "aiken.txt")],
)
def test_golden(target: str, suffix: str, tmp_path: Path, update_golden: bool) -> None:
    artifact, _ = render(target, sample_course(tmp_path))
    assert artifact.filename == f"sample-{suffix}" and not artifact.zipped
    golden = GOLDEN / artifact.filename
    data = artifact.files[0].data
    if update_golden:
        golden.write_bytes(data)
    assert data == golden.read_bytes()


def test_moodlexml_maps_every_question_type_and_passes_its_check(tmp_path: Path) -> None:
    course = sample_course(tmp_path)
    artifact, ctx = render("moodlexml", course)
    data = artifact.files[0].data
    assert data.splitlines()[0] == b'<?xml version="1.0" encoding="UTF-8"?>'
    assert get_target("moodlexml").verify(artifact, ctx) == []
    questions = etree.fromstring(data, PARSER).findall("question")
    assert questions[0].get("type") == "category"
    assert questions[0].findtext("category/text") == (
        "$course$/top/Stalin's USSR/Power // Terror/Check your understanding"
    )
    quiz = course.quizzes[0]
    assert [q.get("type") for q in questions[1:]] == [QTYPE_OF[q.type] for q in quiz.questions]
    by_id = {q.findtext("idnumber"): q for q in questions[1:]}
    plans = by_id["plans"]
    assert [a.get("fraction") for a in plans.findall("answer")] == ["50", "50", "-50"]
    assert by_id["range"].find("answer/tolerance").text == "1"
    assert by_id["range"].findtext("answer/text") == "1937"
    assert by_id["capital"].findtext("usecase") == "0"
    assert "{1:SHORTANSWER_C:=Leningrad~=St. Leningrad/&#126;}" in by_id["blanks"].findtext(
        "questiontext/text"
    )
    assert [a.findtext("text") for a in by_id["order"].findall("answer")] == [
        "Revolution",
        "Civil war",
        "NEP",
    ]
    assert "<h4>Model answer</h4>" in by_id["why"].findtext("graderinfo/text")
    assert by_id["year"].findtext("questiontext/text").endswith("\\(x = 1924\\)</p>")


def test_moodlexml_embeds_images_as_pluginfile(tmp_path: Path) -> None:
    artifact, _ = render("moodlexml", sample_course(tmp_path))
    question = etree.fromstring(artifact.files[0].data, PARSER).find("question[idnumber='troika']")
    assert 'src="@@PLUGINFILE@@/dot.png"' in question.findtext("questiontext/text")
    file = question.find("questiontext/file")
    assert (file.get("name"), file.get("path"), file.get("encoding")) == ("dot.png", "/", "base64")
    assert base64.b64decode(file.text) == PNG


def test_factory_course_builds_in_all_three_formats(tmp_path: Path) -> None:
    course = factory_course(tmp_path)
    artifact, ctx = render("moodlexml", course)
    assert get_target("moodlexml").verify(artifact, ctx) == []
    names = {q.findtext("name/text") for q in etree.fromstring(artifact.files[0].data, PARSER)}
    assert len(names) > len(course.quizzes)
    for name in ("gift", "aiken"):
        artifact, _ = render(name, course)
        assert artifact.files[0].data.decode("utf-8").strip()


def test_gift_escapes_and_warns_instead_of_dropping(tmp_path: Path) -> None:
    course = sample_course(tmp_path)
    artifact, ctx = render("gift", course)
    text = artifact.files[0].data.decode()
    assert "~Trotsky \\{alone\\}" in text
    assert "No\\: they came later." in text
    assert "\\\\(x \\= 1924\\\\)" in text
    assert "// [id:troika] [tag:sample]\n::The troika::" in text
    assert "[id:order]" not in text and "[id:blanks]" not in text
    warnings = {d.field: d.message for d in get_target("gift").check(course, ctx)}
    assert "no ordering" in warnings["check.order"]
    assert "single blank" in warnings["check.blanks"]
    assert "points (10" in warnings["check.why"]


def test_aiken_holds_single_choice_and_lists_the_rest(tmp_path: Path) -> None:
    course = sample_course(tmp_path)
    artifact, ctx = render("aiken", course)
    assert artifact.files[0].data.decode() == (
        "Who formed the troika with Stalin? Kremlin\n"
        "A) Kamenev and Zinoviev\nB) Bukharin & Rykov\nC) Trotsky {alone}\nANSWER: A\n"
    )
    skipped = [d.field for d in get_target("aiken").check(course, ctx)]
    assert len(skipped) == len(course.quizzes[0].questions) - 1


@pytest.fixture
def good(tmp_path: Path) -> bytes:
    """A freshly rendered Moodle XML file that passes the check."""
    artifact, _ = render("moodlexml", sample_course(tmp_path))
    return artifact.files[0].data


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (b'<?xml version="1.0" encoding="UTF-8"?>\n', b"\n", "line 1 must be the XML declaration"),
        (b'fraction="-50"', b'fraction="-45"', "fraction -45 is not one of Moodle's grades"),
        (b'fraction="50"', b'fraction="40"', "positive fractions add up to 0.9000000, not 1"),
        (b"<text>Capital</text>", b"<text>NEP</text>", "name used twice in category"),
        (b'type="ordering"', b'type="ddwtos"', "unknown question type 'ddwtos'"),
        (
            b"<![CDATA[<p>Put the events in order.</p>]]>",
            b"&lt;p&gt;Put&lt;/p&gt;",
            "not in a CDATA",
        ),
        (b"<tolerance>1.5</tolerance>", b"<tolerance>a bit</tolerance>", "'a bit' is not a number"),
        (b"<text>true</text>", b"<text>yes</text>", "exactly the answers true and false"),
        (
            b"{1:SHORTANSWER:=Petrograd} was renamed {1:SHORTANSWER_C:=Leningrad~=St. Leningrad/&#126;}",
            b"Petrograd was renamed Leningrad",
            "holds no {1:TYPE:...} code",
        ),
        (b"{1:SHORTANSWER:=Petrograd}", b"{1:SHORTANSWER:%50%Petrograd}", "code 1 has no 100%"),
        (b"</quiz>", b"</quiz", "not well-formed"),
    ],
)
def test_structural_check_rejects(good: bytes, old: bytes, new: bytes, message: str) -> None:
    assert check_moodle_xml(good, Path("bank.xml")) == []
    assert good.count(old) >= 1
    found = check_moodle_xml(good.replace(old, new, 1), Path("bank.xml"))
    assert found, "the broken file passed"
    assert any(message in d.message for d in found), [d.message for d in found]
    assert all(d.is_error and str(d.pos).startswith("bank.xml") for d in found)


def test_structural_check_pins_the_line(good: bytes) -> None:
    broken = good.replace(b'fraction="-50"', b'fraction="-45"', 1)
    (found,) = check_moodle_xml(broken, Path("bank.xml"))
    line = broken[: broken.index(b'fraction="-45"')].count(b"\n") + 1
    assert found.pos is not None and found.pos.line == line


def test_cli_builds_the_sample_course_in_three_formats(tmp_path: Path) -> None:
    lmsexport = Path(sys.executable).with_name("lmsexport")
    result = subprocess.run(
        [
            str(lmsexport),
            "build",
            str(REPO / "source"),
            "-o",
            str(tmp_path),
            "--no-cache",
            "-t",
            "moodlexml",
            "-t",
            "gift",
            "-t",
            "aiken",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    xml = next(tmp_path.glob("*-moodlexml.xml")).read_bytes()
    assert check_moodle_xml(xml, Path("x")) == []
    course = load_course(next((REPO / "source").glob("*/course.yaml")).parent)
    types = [q.get("type") for q in etree.fromstring(xml, PARSER) if q.get("type") != "category"]
    assert types == [QTYPE_OF[q.type] for quiz in course.quizzes for q in quiz.questions]
    assert next(tmp_path.glob("*-gift.txt")).stat().st_size > 0
    assert next(tmp_path.glob("*-aiken.txt")).stat().st_size > 0


def test_short_texts_and_tags_are_written_as_moodles_export_writes_them(tmp_path: Path) -> None:
    question = ShortAnswer(
        id="amp", ident="amp-1", title="Tom & <Jerry>", prompt="Say it", answers=("R&D", "plain")
    )
    artifact, _ = render("moodlexml", sample_course(tmp_path, questions=(question,)))
    data = artifact.files[0].data
    assert b"<name>\n      <text><![CDATA[Tom & <Jerry>]]></text>" in data
    assert b"<text><![CDATA[R&D]]></text>" in data and b"<text>plain</text>" in data
    assert b"<tags>\n      <tag><text>sample</text></tag>\n    </tags>" in data
    node = etree.fromstring(data, PARSER).find("question[@type='shortanswer']")
    assert node.findtext("name/text") == "Tom & <Jerry>"
    assert [t.text for t in node.iterfind("tags/tag/text")] == ["sample"]
    assert check_moodle_xml(data, Path("x.xml")) == []
