"""Finding cloze blank markers that an author meant to write but mistyped.

Only a well-formed ``{{name}}`` becomes a blank; anything else with ``{{`` in it
(``{{}}``, ``{{c1}`` with one closing brace, ``{{ two words }}``) would reach the
QTI and HTML packages as literal braces, and the only hint the author got was
that a defined blank is "not used".  Each such marker is reported on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lmsexport.model.questions import BLANK_PATTERN

_BLANK = re.compile(BLANK_PATTERN)
_MARKER = re.compile(r"\{\{(?:[^{}\n]*\}\}|[^\s{}]*\}?)")
"""Anything opened with ``{{``: closed on its line (``{{}}``, ``{{ a b }}``), or else up to
the first space or brace (``{{c1}``), which is as much as the author will recognise."""
_NAME = re.compile(r"[A-Za-z0-9_-]+")
_SHOWN = 40
"""Longer markers are cut in messages; the column still points at the start."""


@dataclass(frozen=True)
class BadMarker:
    """A malformed marker: its text as written and its offset in the prompt."""

    text: str
    offset: int

    @property
    def shown(self) -> str:
        """The text for messages, cut when it is long."""
        return self.text if len(self.text) <= _SHOWN else self.text[: _SHOWN - 3] + "..."

    def meant(self) -> str | None:
        """The blank name the marker most likely meant (``c1`` for ``{{c1}``), if it holds one word."""
        words = _NAME.findall(self.text)
        return words[0] if len(words) == 1 else None


def bad_markers(prompt: str) -> list[BadMarker]:
    """Every ``{{`` in ``prompt`` that does not start (or sit just before) a ``{{name}}`` blank.

    ``{{{c1}}}`` is a blank between literal braces and is accepted, as the
    renderers read it that way.
    """
    starts = {match.start() for match in _BLANK.finditer(prompt)}
    found: list[BadMarker] = []
    for marker in _MARKER.finditer(prompt):
        start = marker.start()
        if start in starts or start + 1 in starts:
            continue
        found.append(BadMarker(marker.group(0), start))
    return found
