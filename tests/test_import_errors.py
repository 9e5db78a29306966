"""Malformed banks: every problem is reported at file:line:col and the CLI exits 2 without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lmsexport.cli import main
from lmsexport.loaders.importers import import_bank

XML = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
STEM = '<name><text>Q</text></name><questiontext format="html"><text>x</text></questiontext>\n'

CASES: list[tuple[str, bytes | str, str]] = [
    (
        "unclosed.gift",
        "::Q1:: What is 2+2? {=4 ~3\n",
        "1:21: error: answer block '{' is never closed",
    ),
    (
        "title.gift",
        "::Q1 What is 2+2? {=4 ~3}\n",
        "1:1: error: question title '::' is never closed",
    ),
    (
        "noright.gift",
        "// c\n::Q1:: Pick one {\n  ~a\n  ~b\n}\n",
        "2:17: error: multiple choice with no correct",
    ),
    (
        "weight.gift",
        "::Q:: Pick {\n  ~%half%a\n  ~%50%b\n}\n",
        "2:4: error: weight %half% is not a number",
    ),
    ("number.gift", "::Q:: Year? {#nineteen}\n", "1:15: error: numerical answer 'nineteen' is not"),
    (
        "match.gift",
        "::Q:: Match {\n  =a -> 1\n  =b 2\n}\n",
        "3:3: error: matching pair without '->'",
    ),
    ("format.gift", "::Q:: [rtf]Text {T}\n", "1:7: error: unknown text format '[rtf]'"),
    ("two.gift", "::Q:: A {=x} and {=y}\n", "1:18: error: a second answer block '{'"),
    ("latin1.gift", b"::Q:: caf\xe9 {T}\n", "1:10: error: not UTF-8 (byte 0xe9)"),
    (
        "tag.xml",
        XML + '  <question type="truefalse">\n  </quiz>\n',
        "4:10: error: malformed XML: Opening and ending tag mismatch",
    ),
    (
        "root.xml",
        '<?xml version="1.0"?>\n<questions/>\n',
        "2:1: error: root element is <questions>, expected <quiz>",
    ),
    (
        "nocorrect.xml",
        XML
        + '<question type="multichoice">'
        + STEM
        + '<answer fraction="0"><text>a</text></answer>\n</question>\n</quiz>\n',
        "3: error: multichoice has no correct answer",
    ),
    (
        "fraction.xml",
        XML
        + '<question type="shortanswer">'
        + STEM
        + '  <answer fraction="lots"><text>a</text></answer>\n</question>\n</quiz>\n',
        "4: error: answer fraction 'lots' is not a number",
    ),
    (
        "number.xml",
        XML
        + '<question type="numerical">'
        + STEM
        + '  <answer fraction="100"><text>ten</text></answer>\n</question>\n</quiz>\n',
        "4: error: numerical answer 'ten' or its tolerance is not a number",
    ),
    (
        "base64.xml",
        XML
        + '<question type="essay"><name><text>Q</text></name><questiontext format="html"><text>x</text>\n<file name="a.png" path="/" encoding="base64">@@@</file></questiontext>\n</question>\n</quiz>\n',
        "4: error: file 'a.png' is not valid base64",
    ),
    (
        "stray.text2qti.txt",
        "Quiz title: T\n\na) orphan choice\n",
        "3:1: error: choice 'a)' before any question",
    ),
    (
        "number.text2qti.txt",
        "1.  Year?\n=   about 1924\n",
        "2:5: error: numerical answer 'about 1924' is not",
    ),
    (
        "mixed.text2qti.txt",
        "1.  Pick\n*a) x\n[ ] y\n",
        "3:1: error: choice '[ ]' in a question that already has multiple-choice answers",
    ),
    (
        "nocorrect.text2qti.txt",
        "1.  Pick\na)  x\nb)  y\n",
        "1:1: error: multiple choice needs two or more choices and exactly one *correct",
    ),
    (
        "points.text2qti.txt",
        "Points: many\n1.  Q\n___\n",
        "1:9: error: points 'many' is not a number",
    ),
    (
        "comment.text2qti.txt",
        "COMMENT\nnever closed\n1. Q\n___\n",
        "1:1: error: COMMENT without a following END_COMMENT",
    ),
    (
        "indent.text2qti.txt",
        "1.  Question\n___\nnot indented text\n",
        "3:1: error: unexpected text 'not indented text'",
    ),
    (
        "answer.aiken.txt",
        "Question?\nA) one\nB) two\nANSWER: C\n",
        "4:8: error: answer 'C' is not one of the options A, B",
    ),
    ("open.aiken.txt", "Question?\nA) one\nB) two\n", "1:1: error: question without ANSWER: line"),
]


def _format(name: str) -> str | None:
    for fmt in ("text2qti", "aiken"):
        if f".{fmt}." in name:
            return fmt
    return None


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_malformed_bank_reports_exact_location(
    tmp_path: Path, name: str, content: bytes | str, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    bank = import_bank(path, _format(name))
    assert bank.failed
    messages = [d.format() for d in bank.diagnostics if d.is_error]
    assert any(m.startswith(f"{path}:{expected}") for m in messages), messages


def test_cli_exits_2_with_located_errors_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gift"
    bad.write_text("::Q:: Year? {#nineteen}\n", encoding="utf-8")
    good = tmp_path / "good.gift"
    good.write_text("::Q:: Year? {#1924}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(bad), str(good), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{bad}:1:15: error: numerical answer 'nineteen'" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "good.yaml").is_file()
    assert not (tmp_path / "out" / "bad.yaml").exists()


def test_unsupported_moodle_qtype_is_skipped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bank.xml"
    path.write_text(
        XML + '<question type="calculated">' + STEM + "</question>\n"
        '<question type="essay">' + STEM + "</question>\n</quiz>\n",
        encoding="utf-8",
    )
    bank = import_bank(path)
    assert not bank.failed
    assert [q["type"] for q in bank.questions] == ["essay"]
    (skipped,) = bank.diagnostics
    assert skipped.format() == (
        f"{path}:3:1: warning: skipped: Moodle question type 'calculated' has no source equivalent"
    )
