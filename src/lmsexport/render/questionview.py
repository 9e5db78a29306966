"""What the question templates need beyond the model: option lists and cloze gaps.

The order of right-hand items and of ordering items is fixed at build time (pages
stay byte-reproducible) but never reveals the answer: matching options are sorted
by their text, and ordering items by their text, reversed if that happens to be
the correct order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from lmsexport.model import Blank, Cloze, Matching, Ordering, OrderItem
from lmsexport.model.questions import BLANK_PATTERN
from lmsexport.render.plaintext import plain_text
from lmsexport.render.quizdata import distractor_ids

_PLACEHOLDER = "LMSEXPORTBLANK{}X"
_PLACEHOLDER_PATTERN = re.compile(r"LMSEXPORTBLANK(\d+)X")


@dataclass(frozen=True)
class Option:
    """One ``<option>`` of a matching ``<select>``: the right item's id and plain text."""

    id: str
    text: str


@dataclass(frozen=True)
class ClozePart:
    """Rendered prompt HTML up to a gap, then the gap (``None`` after the last gap).

    ``number`` counts gaps from 1 in reading order, for the visible "Blank N" label.
    """

    html: Markup
    blank: Blank | None
    number: int


def matching_options(question: Matching) -> list[Option]:
    """Right-hand items and distractors, sorted by text so the order gives nothing away."""
    options = [Option(pair.id, plain_text(pair.right)) for pair in question.pairs]
    options += [
        Option(ident, plain_text(text))
        for ident, text in zip(distractor_ids(question), question.distractors, strict=True)
    ]
    return sorted(options, key=lambda option: (option.text.casefold(), option.id))


def ordering_display(question: Ordering) -> list[OrderItem]:
    """Items in a stable order that is never the correct one."""
    shown = sorted(question.items, key=lambda item: (plain_text(item.text).casefold(), item.id))
    if shown == list(question.items):
        shown.reverse()
    return shown


def cloze_parts(question: Cloze, render: Callable[[str], Markup]) -> list[ClozePart]:
    """Split the rendered prompt at each ``{{blank}}`` so a template can put an input there.

    Blanks are swapped for letter-only placeholders before Markdown rendering,
    which leaves them untouched wherever they stand (paragraphs, lists, tables).
    """
    blanks = {blank.id: blank for blank in question.blanks}
    used: list[Blank] = []

    def placeholder(match: re.Match[str]) -> str:
        used.append(blanks[match.group(1)])
        return _PLACEHOLDER.format(len(used) - 1)

    html = str(render(re.sub(BLANK_PATTERN, placeholder, question.prompt)))
    pieces = _PLACEHOLDER_PATTERN.split(html)
    parts = [
        ClozePart(Markup(text), used[int(index)], number)
        for number, (text, index) in enumerate(
            zip(pieces[0:-1:2], pieces[1::2], strict=True), start=1
        )
    ]
    parts.append(ClozePart(Markup(pieces[-1]), None, len(parts) + 1))
    return parts
