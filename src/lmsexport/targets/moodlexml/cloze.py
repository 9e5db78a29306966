"""Moodle's embedded answers (Cloze) codes, ``{1:SHORTANSWER:=a~%50%b#feedback}``, read and written.

The reader follows ``qtype_multianswer_extract_question`` (Moodle's
``question/type/multianswer/questiontype.php``) so that what we write is what Moodle
reads, and what we import is what Moodle would have stored:

- an answer is the shortest text ending before an unescaped ``~``, ``#`` or ``}``
  (not right after ``\\``, ``&`` or ``&amp;``); feedback ends before ``~`` or ``}``;
- ``=`` is 100%, ``%N%`` is N% (``.`` or ``,`` decimals), no mark is 0%;
- each answer and feedback is HTML-decoded, then only ``\\}`` and ``\\#`` lose their
  backslash.  Moodle keeps the backslash of the other escapes its help lists
  (``\\~ \\/ \\" \\\\``), so the writer spells ``~``, ``\\`` and ``&`` as character
  references, which the HTML decoding turns back into the character.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

FAMILIES: dict[str, str] = {
    **dict.fromkeys(("NUMERICAL", "NM"), "numerical"),
    **dict.fromkeys(("SHORTANSWER", "SA", "MW"), "shortanswer"),
    **dict.fromkeys(("SHORTANSWER_C", "SAC", "MWC"), "shortanswer_c"),
    **dict.fromkeys(
        (
            *("MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH"),
            *("MULTICHOICE_S", "MCS", "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS"),
        ),
        "multichoice",
    ),
    **dict.fromkeys(
        (
            *("MULTIRESPONSE", "MR", "MULTIRESPONSE_H", "MRH"),
            *("MULTIRESPONSE_S", "MRS", "MULTIRESPONSE_HS", "MRHS"),
        ),
        "multiresponse",
    ),
}
"""Every sub-question code Moodle knows, by the qtype family it creates."""

_FRACTION = r"=|%-?[0-9]+(?:[.,][0-9]*)?%"
_ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
_FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
_ALTERNATIVE = re.compile(
    rf"~?(?P<fraction>{_FRACTION})?(?P<answer>{_ANSWER})(?:#(?P<feedback>{_FEEDBACK}))?", re.S
)
_ONE = rf"(?:{_FRACTION})?{_ANSWER}(?:#{_FEEDBACK})?"
_KINDS = "|".join(sorted(FAMILIES, key=len, reverse=True))
CODE = re.compile(
    rf"\{{(?P<weight>[0-9]*):(?P<kind>{_KINDS}):(?P<alternatives>{_ONE}(?:~{_ONE})*)\}}", re.S
)
"""One embedded sub-question, as Moodle's ``ANSWER_REGEX`` finds it."""

_NUMBER = r"-?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?"
_NUMERICAL = re.compile(rf"(?P<value>{_NUMBER})(?::(?P<tolerance>{_NUMBER}))?", re.S)


@dataclass(frozen=True)
class Alternative:
    """One ``~``-separated answer of a code, decoded as Moodle stores it."""

    fraction: float
    answer: str
    feedback: str
    raw: str
    tolerance: float | None = None


@dataclass(frozen=True)
class Code:
    """One ``{weight:KIND:alternatives}`` found at ``start:end`` of the text."""

    start: int
    end: int
    weight: int
    kind: str
    alternatives: tuple[Alternative, ...]

    @property
    def family(self) -> str:
        """The kind of answer the code asks for (choice, short answer, numerical), which decides how it is read."""
        return FAMILIES[self.kind]


def _decode(text: str) -> str:
    return html.unescape(text).replace("\\}", "}").replace("\\#", "#")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _alternative(found: re.Match[str], numerical: bool) -> Alternative:
    mark = found.group("fraction") or ""
    fraction = 1.0 if mark == "=" else _number(mark.strip("%")) / 100 if mark else 0.0
    raw = found.group("answer")
    feedback = _decode(found.group("feedback") or "")
    number = _NUMERICAL.fullmatch(raw) if numerical else None
    if number is not None:
        tolerance = number.group("tolerance")
        return Alternative(
            fraction,
            number.group("value"),
            feedback,
            raw,
            _number(tolerance) if tolerance else 0.0,
        )
    return Alternative(fraction, _decode(raw), feedback, raw)


def find_codes(text: str) -> list[Code]:
    """Every code of ``text`` (HTML as stored in ``questiontext``) in order."""
    codes = []
    for found in CODE.finditer(text):
        numerical = FAMILIES[found.group("kind")] == "numerical"
        alternatives, body, position = [], found.group("alternatives"), 0
        while position < len(body):
            part = _ALTERNATIVE.match(body, position)
            if part is None or part.end() == position:
                break
            alternatives.append(_alternative(part, numerical))
            position = part.end()
        codes.append(
            Code(
                found.start(),
                found.end(),
                int(found.group("weight") or 1),
                found.group("kind"),
                tuple(alternatives),
            )
        )
    return codes


_WRITTEN = {
    "&": "&#38;",
    "<": "&lt;",
    ">": "&gt;",
    "~": "&#126;",
    "\\": "&#92;",
    "}": "\\}",
    "#": "\\#",
    "*": "\\*",
}
"""How an accepted answer's characters are spelled inside a code in HTML text.

``*`` is the short-answer wildcard, so a literal one is ``\\*`` (the short-answer
grader removes that backslash itself).  ``&`` is a numeric reference so an answer
never ends in ``&amp;``, which Moodle's answer pattern refuses to end on.
"""


def encode_answer(answer: str) -> str:
    """``answer`` as Moodle must read it back from a short-answer code."""
    return "".join(_WRITTEN.get(char, char) for char in answer)


def shortanswer_code(answers: tuple[str, ...], case_sensitive: bool) -> str:
    """A one-mark short-answer code accepting every one of ``answers`` at 100%."""
    kind = "SHORTANSWER_C" if case_sensitive else "SHORTANSWER"
    return "{1:" + kind + ":" + "~".join("=" + encode_answer(a) for a in answers) + "}"
