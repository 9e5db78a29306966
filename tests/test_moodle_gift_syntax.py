"""GIFT details Moodle 4 reads: ``[id:]``/``[tag:]`` comments, per-text ``[format]`` prefixes and
escapes that leave LaTeX alone (``\\\\`` is one backslash, so ``\\nu`` is no newline)."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from lmsexport.loaders.importers import import_bank
from lmsexport.loaders.importers.gift import unescape
from lmsexport.model import Blank, Choice, Cloze, Course, Feedback, ShortAnswer, SingleChoice
from lmsexport.targets.base import BuildContext
from lmsexport.targets.registry import get_target
from moodle_course import sample_course

CTX = BuildContext(schemas=None)  # type: ignore[arg-type]
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
LATEX = r"Solve $\nu = \frac{a}{b} \{x : x \neq 1\}$ and #1 ~ =2"


def gift_bank(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bank.gift"
    path.write_text(text, encoding="utf-8")
    return path


def test_latex_and_specials_round_trip_through_gift(tmp_path: Path) -> None:
    question = SingleChoice(
        id="latex",
        ident="latex-1",
        title="Sets: {a} ~ b",
        prompt=LATEX,
        feedback=Feedback(general=r"Note $\{1, 2\} \setminus \{2\}$."),
        choices=(
            Choice("a", r"$\nabla \cdot E = \rho$", True, r"Yes: $\#$ kept."),
            Choice("b", "C:\\new\\temp", False),
        ),
    )
    course = sample_course(tmp_path / "course", questions=(question,))
    (artifact,) = get_target("gift").render(course, CTX)
    text = artifact.files[0].data.decode()
    assert "\\\\nu" in text and "\\\\\\{x \\: x" in text
    bank = import_bank(gift_bank(tmp_path, text))
    assert not bank.failed, [d.format() for d in bank.diagnostics]
    (read,) = bank.questions
    assert read["id"] == "latex" and read["title"] == "Sets: {a} ~ b"
    assert read["prompt"] == LATEX
    assert read["feedback"] == {"general": r"Note $\{1, 2\} \setminus \{2\}$."}
    assert [(c["text"], c.get("feedback", "")) for c in read["choices"]] == [
        (r"$\nabla \cdot E = \rho$", r"Yes: $\#$ kept."),
        ("C:\\new\\temp", ""),
    ]


def test_moodle4_id_and_tags_are_read_and_tags_reported_once(tmp_path: Path) -> None:
    path = gift_bank(
        tmp_path,
        "// Moodle export\n// [id:cap-1] [tag:geo] [tag:a\\]b]\n::Capital::Capital of France? {=Paris}\n\n"
        "// question: 7  name: Old style\n// [tag:geo]\n::Old::Old style? {T}\n\n"
        "// question: legacy\n::Legacy::Ours before Moodle 4? {F}\n",
    )
    bank = import_bank(path)
    assert [q.get("id") for q in bank.questions] == ["cap-1", "7", "legacy"]
    (tags,) = [d.format() for d in bank.diagnostics]
    assert tags == (
        f"{path}:3: warning: question tags left out (source quizzes have none): 'a]b' x1, 'geo' x2"
    )


def test_each_text_may_carry_its_own_format(tmp_path: Path) -> None:
    bank = import_bank(
        gift_bank(
            tmp_path,
            "::Q::[markdown]Pick **one** {\n=[html]<b>bold</b>#[plain]<i>kept</i>\n~plain *star*\n}\n",
        )
    )
    (question,) = bank.questions
    assert question["prompt"] == "Pick **one**"
    assert [(c["text"], c.get("feedback", "")) for c in question["choices"]] == [
        ("**bold**", "<i>kept</i>"),
        ("plain *star*", ""),
    ]


def test_moodle_xml_tags_are_reported_not_dropped_silently(tmp_path: Path) -> None:
    course = sample_course(
        tmp_path / "course",
        questions=(ShortAnswer(id="s", ident="s-1", title="S", prompt="Say x", answers=("x",)),),
    )
    (artifact,) = get_target("moodlexml").render(course, CTX)
    path = tmp_path / "bank.xml"
    path.write_bytes(artifact.files[0].data)
    bank = import_bank(path)
    assert [d.message for d in bank.diagnostics] == [
        "question tags left out (source quizzes have none): 'sample' x1"
    ]


def moodle_accepts(response: str, stored: str) -> bool:
    """Moodle's short-answer grading: a run of ``*`` not after a backslash matches anything, ``\\*`` a star."""
    parts = re.split(r"(?<!\\)\*+", stored)
    pattern = ".*".join(re.escape(part.replace("\\*", "*")) for part in parts)
    return re.fullmatch(pattern, response.strip(), re.IGNORECASE) is not None


STARS = ShortAnswer(
    id="star",
    ident="star-1",
    title="Star",
    prompt="Type the pattern",
    answers=("*wild", "5*3", "plain"),
    feedback=Feedback(incorrect="No."),
)
STAR_BLANK = Cloze(
    id="op",
    ident="op-1",
    title="Operator",
    prompt="5 {{op}} 3 is 15",
    blanks=(Blank("op", ("*", "x")),),
)


def gift_of(tmp_path: Path, question: ShortAnswer | Cloze) -> tuple[Course, str]:
    course = sample_course(tmp_path / "course", questions=(question,))
    return course, get_target("gift").render(course, CTX)[0].files[0].data.decode()


def test_stars_in_short_answers_are_literal_in_gift_as_in_moodle_xml(tmp_path: Path) -> None:
    course, text = gift_of(tmp_path, STARS)
    assert "\n\t=\\\\*wild\n\t=5\\\\*3\n\t=plain\n\t=%0%*#<p>No.</p>\n}" in text
    # Moodle's GIFT reader keeps ``\*`` and makes ``\\`` one backslash, as ``unescape`` does.
    from_gift = [unescape(line) for line in re.findall(r"^\t=([^%].*)$", text, re.MULTILINE)]
    xml = get_target("moodlexml").render(course, CTX)[0].files[0].data
    node = etree.fromstring(xml, PARSER).find("question[@type='shortanswer']")
    from_xml = [a.findtext("text") for a in node.iterfind("answer") if a.get("fraction") == "100"]
    assert from_gift == from_xml == ["\\*wild", "5\\*3", "plain"]
    assert moodle_accepts("*wild", from_gift[0]) and not moodle_accepts("very wild", from_gift[0])
    assert moodle_accepts("5*3", from_gift[1]) and not moodle_accepts("5 times 3", from_gift[1])
    bank = import_bank(gift_bank(tmp_path, text))
    assert not bank.failed, [d.format() for d in bank.diagnostics]
    (read,) = bank.questions
    assert read["answers"] == ["*wild", "5*3", "plain"]
    assert read["feedback"] == {"incorrect": "No."}


def test_a_star_in_the_missing_word_stays_literal(tmp_path: Path) -> None:
    _, text = gift_of(tmp_path, STAR_BLANK)
    assert "5 {=\\\\* =x\n} 3 is 15" in text
    (read,) = import_bank(gift_bank(tmp_path, text)).questions
    assert read["blanks"] == {"blank": ["*", "x"]}
