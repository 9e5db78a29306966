"""Cloze (multianswer): answers with every special character survive export and import, and
Moodle's other sub-question codes are read as typed blanks with a warning for each loss."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from lmsexport.loaders.importers import import_bank
from lmsexport.model import Blank, Cloze
from lmsexport.targets.base import BuildContext
from lmsexport.targets.moodlexml.check import check_moodle_xml
from lmsexport.targets.moodlexml.cloze import find_codes
from lmsexport.targets.registry import get_target
from moodle_course import sample_course

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
HOSTILE = (
    "St. Leningrad/~",
    "a}b#c",
    "back\\slash\\}",
    "5 * 3",
    "R&",
    "Tom &amp; Jerry",
    '<b>"quoted"</b>',
    "%50%odd",
    "=x",
)


def bank_file(tmp_path: Path, text: str) -> Path:
    """A Moodle XML bank holding one multianswer whose question text is ``text`` (HTML)."""
    path = tmp_path / "cloze.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
        '<question type="multianswer"><name><text>Gaps</text></name>\n'
        f'<questiontext format="html"><text><![CDATA[{text}]]></text></questiontext>\n'
        "</question>\n</quiz>\n",
        encoding="utf-8",
    )
    return path


def test_hostile_answers_round_trip_through_moodle_xml(tmp_path: Path) -> None:
    cloze = Cloze(
        id="gaps",
        ident="gaps-1",
        title="Gaps",
        prompt="First {{one}}, then {{two}}.",
        blanks=(Blank("one", HOSTILE), Blank("two", ("Case~Sensitive",), case_sensitive=True)),
    )
    course = sample_course(tmp_path / "course", questions=(cloze,))
    (artifact,) = get_target("moodlexml").render(course, BuildContext(schemas=None))  # type: ignore[arg-type]
    data = artifact.files[0].data
    assert check_moodle_xml(data, Path("x.xml")) == []
    text = etree.fromstring(data, PARSER).findtext(
        "question[@type='multianswer']/questiontext/text"
    )
    one, two = find_codes(text)
    assert (one.kind, two.kind) == ("SHORTANSWER", "SHORTANSWER_C")
    # What Moodle stores; its short-answer grader then reads \* as a literal star.
    stored = [a.answer.replace("\\*", "*") for a in one.alternatives]
    assert stored == list(HOSTILE)
    assert all(a.fraction == 1 for a in one.alternatives)

    bank_path = tmp_path / "bank.xml"
    bank_path.write_bytes(data)
    bank = import_bank(bank_path)
    assert not bank.failed and not [d for d in bank.diagnostics if "cloze" in d.message]
    (question,) = bank.questions
    assert question["prompt"] == "First {{b1}}, then {{b2}}."
    assert question["blanks"] == {
        "b1": list(HOSTILE),
        "b2": {"answers": ["Case~Sensitive"], "case_sensitive": True},
    }


def test_every_sub_question_family_becomes_a_typed_blank(tmp_path: Path) -> None:
    path = bank_file(
        tmp_path,
        "<p>Capital: {1:MCV:~Sydney#No~=Canberra#Yes}. Year: {2:NUMERICAL:=1901:1~%50%1900}."
        " Name: {1:SAC:=Barton~%50%barton~*#Wrong}. Sign: {1:SA:=a \\~ b \\/ c}.</p>",
    )
    bank = import_bank(path)
    assert not bank.failed
    (question,) = bank.questions
    assert question["prompt"] == "Capital: {{b1}}. Year: {{b2}}. Name: {{b3}}. Sign: {{b4}}."
    assert question["blanks"] == {
        "b1": ["Canberra"],
        "b2": ["1901", "1900"],
        "b3": {"answers": ["Barton", "barton"], "case_sensitive": True},
        "b4": ["a ~ b / c"],
    }
    said = [d.format() for d in bank.diagnostics]
    assert all(": warning: " in m and m.startswith(f"{path}:3:") for m in said), said
    expected = [
        "cloze blank 1: per-answer feedback left out",
        "cloze blank 1: MCV list of 2 options became a typed gap accepting ['Canberra']",
        "cloze blank 2: answer '1900' worth 50% imported as fully correct",
        "cloze blank 2: NUMERICAL became a typed gap accepting exactly ['1901', '1900'] as text, "
        "tolerance [1.0] dropped",
        "cloze blank 3: answer 'barton' worth 50% imported as fully correct",
        "cloze blank 4: answer 'a \\~ b \\/ c' read as 'a ~ b / c'",
        "cloze blank weights [1, 2, 1, 1] left out: each blank scores an equal share",
    ]
    for message in expected:
        assert any(message in m for m in said), (message, said)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{1:MULTIRESPONSE:~=a~=b~c}", "warning: skipped: cloze blank 1 is MULTIRESPONSE"),
        ("{1:MRHS:~=a~c}", "warning: skipped: cloze blank 1 is MRHS"),
        ("{1:SHORTANSWER:~a~b}", "error: cloze blank 1 (SHORTANSWER) has no correct answer"),
        ("no code {1:ESSAY:=x} here", "error: multianswer text holds no {1:TYPE:...} code"),
    ],
)
def test_what_cannot_be_a_blank_is_reported(tmp_path: Path, text: str, message: str) -> None:
    path = bank_file(tmp_path, text)
    bank = import_bank(path)
    assert bank.questions == []
    assert any(
        d.format().startswith(f"{path}:3:") and message in d.format() for d in bank.diagnostics
    ), [d.format() for d in bank.diagnostics]


def test_wildcard_answers_are_warned_about(tmp_path: Path) -> None:
    bank = import_bank(bank_file(tmp_path, "{1:SA:=Mos*~=\\*star}"))
    (question,) = bank.questions
    assert question["blanks"] == {"b1": ["Mos*", "*star"]}
    (wildcard,) = [d.message for d in bank.diagnostics]
    assert "'Mos*': '*' is Moodle's wildcard" in wildcard
