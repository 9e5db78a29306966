"""Aiken banks: a one-line question, options ``A)`` or ``A.``, then ``ANSWER: X``.

Moodle's reader (``question/format/aiken/format.php``) accepts nothing else, so
any other line is an error naming its place.
"""

from __future__ import annotations

import re
from pathlib import Path

from lmsexport.loaders.importers.common import Bank, choice, question

_OPTION = re.compile(r"([A-Z])[.)]\s+(\S.*)")
_ANSWER = re.compile(r"ANSWER:\s*(.*)")


def read_aiken(path: Path, source: str) -> Bank:
    """Import the Aiken text ``source`` read from ``path``."""
    bank = Bank(path)
    prompt, prompt_line = "", 0
    options: list[tuple[str, str]] = []
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        option = _OPTION.fullmatch(line)
        answer = _ANSWER.fullmatch(line)
        if answer:
            letter = answer.group(1).strip()
            letters = [o[0] for o in options]
            if not prompt or len(options) < 2:
                bank.error("ANSWER: before a question with at least two options", number, 1)
            elif letter not in letters:
                column = (
                    raw.index("ANSWER:")
                    + 1
                    + len("ANSWER:")
                    + (len(answer.group(1)) - len(answer.group(1).lstrip()))
                    + 1
                )
                bank.error(
                    f"answer {letter!r} is not one of the options {', '.join(letters)}",
                    number,
                    column - 1,
                )
            else:
                choices = [choice(text, key == letter) for key, text in options]
                bank.questions.append(question("single_choice", prompt, choices=choices))
            prompt, options = "", []
        elif option and prompt:
            expected = chr(ord("A") + len(options))
            if option.group(1) != expected:
                bank.error(
                    f"option {option.group(1)!r} where {expected!r} was expected",
                    number,
                    raw.index(option.group(1)) + 1,
                )
            options.append((option.group(1), option.group(2).strip()))
        elif options:
            bank.error(
                f"expected option {chr(ord('A') + len(options))}) or ANSWER:, found {line[:30]!r}",
                number,
                raw.index(line[0]) + 1,
            )
        elif prompt:
            bank.error(f"question on line {prompt_line} has no options before this line", number, 1)
            prompt, prompt_line = line, number
        else:
            prompt, prompt_line = line, number
    if prompt:
        bank.error("question without ANSWER: line at the end of the file", prompt_line, 1)
    return bank
