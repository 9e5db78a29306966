"""Moodle Cloze sub-questions as source cloze blanks, which are typed text answers.

A source blank holds accepted texts and a case flag, so each Moodle code is
mapped to what a learner would have to type, and everything that mapping changes
is a warning: a menu or radio list (``MULTICHOICE``...) becomes a gap accepting its
correct option; a ``NUMERICAL`` code accepts its numbers as typed, without the
tolerance; partial-credit answers become fully correct; per-answer feedback is
left out.  Tick boxes (``MULTIRESPONSE``...) have no typed equivalent, so the
question is skipped, with a warning.
"""

from __future__ import annotations

import re
from typing import Any

from lmsexport.loaders.importers.common import Bank, html_to_markdown
from lmsexport.targets.moodlexml.cloze import Alternative, Code

_INTENDED = re.compile(r"\\([~/\"\\])")
"""Escapes Moodle's help lists but its parser leaves alone; the author meant the character."""
_WILDCARD = re.compile(r"(?<!\\)\*")


def _percent(fraction: float) -> str:
    return f"{fraction * 100:g}%"


class ClozeBlank:
    """Reads the ``number``-th code of a question at ``line`` of the bank."""

    def __init__(self, bank: Bank, number: int, line: int) -> None:
        self.bank = bank
        self.number = number
        self.line = line

    def lost(self, message: str) -> None:
        """Warn that this blank lost something, naming the blank so the author can find it."""
        self.bank.lost(f"cloze blank {self.number}: {message}", self.line)

    def read(self, code: Code) -> Any:
        """The blank mapping (``[answers]`` or ``{answers, case_sensitive}``), or ``None``."""
        if code.family == "multiresponse":
            self.bank.skip(
                f"cloze blank {self.number} is {code.kind} (tick boxes): "
                "source cloze blanks are typed answers",
                self.line,
                1,
            )
            return None
        right = [a for a in code.alternatives if a.fraction > 0]
        if not right:
            self.bank.error(
                f"cloze blank {self.number} ({code.kind}) has no correct answer", self.line
            )
            return None
        for alternative in right:
            if alternative.fraction < 1 - 1e-6:
                self.lost(
                    f"answer {alternative.answer!r} worth {_percent(alternative.fraction)} "
                    "imported as fully correct"
                )
        if any(a.feedback for a in code.alternatives):
            self.lost("per-answer feedback left out (source blanks have none)")
        if code.family == "multichoice":
            return self.choices(code, right)
        if code.family == "numerical":
            return self.numbers(code, right)
        answers = [self.typed(a) for a in right]
        return (
            {"answers": answers, "case_sensitive": True}
            if code.family == "shortanswer_c"
            else answers
        )

    def typed(self, alternative: Alternative) -> str:
        """A short answer as the learner types it: intended escapes undone, ``\\*`` literal."""
        text = _INTENDED.sub(r"\1", alternative.answer)
        if text != alternative.answer:
            self.lost(
                f"answer '{alternative.raw}' read as '{text}'; Moodle itself keeps the "
                "backslash (it only removes those of \\} and \\#)"
            )
        if _WILDCARD.search(text):
            self.lost(
                f"answer {text!r}: '*' is Moodle's wildcard, source answers are matched as written"
            )
        return text.replace("\\*", "*").strip()

    def choices(self, code: Code, right: list[Alternative]) -> list[str]:
        """A multiple-choice code becomes a typed gap (the source format has no in-text choice), with a warning."""
        answers = [html_to_markdown(a.answer) for a in right]
        self.lost(
            f"{code.kind} list of {len(code.alternatives)} options became a typed gap "
            f"accepting {answers}"
        )
        return answers

    def numbers(self, code: Code, right: list[Alternative]) -> list[str]:
        """A numerical code becomes a typed gap matching the numbers as text; tolerances cannot follow, so they are reported."""
        answers = [a.answer.replace(",", ".") for a in right]
        tolerances = sorted({a.tolerance for a in right if a.tolerance})
        dropped = f", tolerance {tolerances} dropped" if tolerances else ""
        self.lost(f"{code.kind} became a typed gap accepting exactly {answers} as text{dropped}")
        return answers
