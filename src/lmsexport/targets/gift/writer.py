"""Source questions as GIFT text, the question format Moodle teachers write by hand.

Text goes in as ``[html]`` (the same HTML as the Moodle XML target, math in
MathJax delimiters), with GIFT's special characters ``~ = # { } :`` escaped by a
backslash everywhere, LaTeX included; a star in an accepted short answer is
literal too (:func:`accepted`).  :func:`loss` says what a question would
lose, so the target can warn instead of dropping anything silently.
"""

from __future__ import annotations

import re

from lmsexport.model import (
    AnyQuestion,
    Cloze,
    Essay,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from lmsexport.model.questions import BLANK_PATTERN
from lmsexport.render.numbers import exact_number
from lmsexport.targets.moodlexml.fractions import percent
from lmsexport.targets.moodlexml.html import to_moodle_html
from lmsexport.targets.moodlexml.questions import (
    approximated,
    choice_fractions,
    shortanswer_text,
    unsupported,
)

_SPECIAL = re.compile(r"([~=#{}:])")


def escape(text: str) -> str:
    """Backslash every GIFT special character and turn newlines into spaces.

    Moodle reads ``\\\\`` as one backslash before anything else, so doubling every
    backslash first keeps LaTeX intact: ``\\nu`` is not a newline and ``\\{`` stays a
    brace of the formula instead of opening an answer block.
    """
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()).replace("\\", "\\\\"))


def accepted(answer: str) -> str:
    r"""An accepted short answer: Moodle's text (``*`` a wildcard, ``\*`` a star), GIFT-escaped.

    Moodle's GIFT reader has no escape for ``*`` and keeps it, so ``=*wild``
    would accept any answer ending in "wild".  Written ``=\\*wild`` (the
    backslash doubled like any other), the stored answer is ``\*wild``: the
    literal star the short-answer grader expects, as the Moodle XML target writes.
    """
    return escape(shortanswer_text(answer))


def _token(kind: str, value: str) -> str:
    """``[id:...]`` / ``[tag:...]`` as Moodle 4 writes them, ``]`` escaped."""
    return f"[{kind}:" + value.replace("]", "\\]") + "]"


class GiftWriter:
    """Writes the questions of the quiz at course-relative ``href``.

    GIFT cannot carry files, so images keep their relative ``src`` (``check`` warns).
    Each question is preceded by the ``// [id:...] [tag:...]`` comment Moodle 4 reads
    into the question's ID number and tags.
    """

    def __init__(self, href: str, tags: tuple[str, ...] = ()) -> None:
        self.href = href
        self.tags = tags

    def html(self, text: str, *, inline: bool = False) -> str:
        """Markdown as the same HTML the Moodle XML target writes, GIFT-escaped; GIFT cannot carry files, so no media."""
        return escape(to_moodle_html(text, source_href=self.href, media={}, inline=inline).html)

    def feedback(self, text: str) -> str:
        """A ``#feedback`` suffix, or nothing: an empty ``#`` would still show as feedback in Moodle."""
        return f"#{self.html(text)}" if text else ""

    def question(self, question: AnyQuestion, name: str) -> str:
        """One question as GIFT; callers leave out what :func:`loss` marks ``skip:``."""
        tokens = " ".join([_token("id", question.id), *(_token("tag", t) for t in self.tags)])
        head = f"// {tokens}\n::{escape(name)}::[html]"
        general = (
            f"\n\t####{self.html(question.feedback.general)}" if question.feedback.general else ""
        )
        if isinstance(question, Cloze):
            blank = question.blanks[0]
            found = re.search(BLANK_PATTERN, question.prompt)
            assert found is not None
            before, after = question.prompt[: found.start()], question.prompt[found.end() :]
            options = " ".join(f"={accepted(a)}" for a in blank.answers)
            return f"{head}{self.html(before, inline=True)} {{{options}{general}\n}} {self.html(after, inline=True)}"
        body = self.html(question.prompt)
        return f"{head}{body}{{{self.answers(question)}{general}\n}}"

    def answers(self, question: AnyQuestion) -> str:
        """The ``{...}`` body for the question's type, with per-answer feedback where GIFT has a place for it."""
        fb = question.feedback
        if isinstance(question, SingleChoice | MultipleResponse):
            lines = []
            for choice, fraction in zip(question.choices, choice_fractions(question), strict=True):
                if isinstance(question, SingleChoice):
                    mark = "=" if choice.correct else "~"
                else:
                    mark = f"~%{percent(fraction)}%"
                lines.append(
                    f"\n\t{mark}{self.html(choice.text, inline=True)}{self.feedback(choice.feedback)}"
                )
            return "".join(lines)
        if isinstance(question, TrueFalse):
            return f"{'TRUE' if question.answer else 'FALSE'}#{self.html(fb.incorrect)}#{self.html(fb.correct)}"
        if isinstance(question, ShortAnswer):
            lines = [f"\n\t={accepted(a)}{self.feedback(fb.correct)}" for a in question.answers]
            if fb.incorrect:
                lines.append(f"\n\t=%0%*{self.feedback(fb.incorrect)}")
            return "".join(lines)
        if isinstance(question, Numeric):
            answer = question.answer
            if answer.kind == "range":
                assert answer.min is not None and answer.max is not None
                value = f"{exact_number(answer.min)}..{exact_number(answer.max)}"
            else:
                assert answer.value is not None
                value = exact_number(answer.value)
                if answer.kind == "tolerance":
                    value += f":{exact_number(answer.tolerance)}"
            return f"#\n\t={value}{self.feedback(fb.correct)}"
        if isinstance(question, Matching):
            pairs = [
                f"\n\t={self.html(p.left, inline=True)} -> {escape(p.right)}"
                for p in question.pairs
            ]
            pairs += [f"\n\t= -> {escape(d)}" for d in question.distractors]
            return "".join(pairs)
        return ""


def loss(question: AnyQuestion, has_images: bool) -> str | None:
    """What GIFT cannot carry for ``question``: ``skip: ...`` drops it, other text is a loss."""
    if isinstance(question, Ordering):
        return "skip: GIFT has no ordering questions"
    if isinstance(question, Cloze) and len(question.blanks) > 1:
        return "skip: GIFT's missing-word format has a single blank; use moodlexml for cloze"
    reason = unsupported(question)
    if reason:
        return f"skip: {reason}"
    fb = question.feedback
    lost = [reason for reason in (approximated(question),) if reason]
    if question.points != 1:
        lost.append(f"points ({exact_number(question.points)}; Moodle uses 1)")
    if has_images:
        lost.append("images (GIFT cannot embed files)")
    if isinstance(question, ShortAnswer) and question.case_sensitive:
        lost.append("case sensitivity")
    if isinstance(question, Cloze) and question.blanks[0].case_sensitive:
        lost.append("case sensitivity")
    if isinstance(question, Essay) and (question.rubric or question.model_answer):
        lost.append("rubric and model answer (grader information)")
    if isinstance(question, SingleChoice | MultipleResponse | Matching) and (
        fb.correct or fb.incorrect
    ):
        lost.append("correct/incorrect feedback")
    if isinstance(question, Numeric | Cloze) and fb.incorrect:
        lost.append("incorrect feedback")
    return ", ".join(lost) or None
