"""GIFT details Moodle 4 reads: ``[id:]``/``[tag:]`` comments, per-text ``[format]`` prefixes and
escapes that leave LaTeX alone (``\\\\`` is one backslash, so ``\\nu`` is no newline)."""

from __future__ import annotations

from pathlib import Path

from lmsexport.loaders.importers import import_bank
from lmsexport.model import Choice, Feedback, ShortAnswer, SingleChoice
from lmsexport.targets.base import BuildContext
from lmsexport.targets.registry import get_target
from test_moodle_course import sample_course

CTX = BuildContext(schemas=None)  # type: ignore[arg-type]
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
