"""Markdown that is plain prose, rendered without the Markdown parser.

Most prompts and choices of a question bank are one sentence with no Markdown
syntax at all ("Which year did Lenin die?").  For those, CommonMark's output is
fixed: one paragraph holding the text unchanged.  Recognising them with one
regular expression is ~50x cheaper than a full parse, which was the largest
single cost of building a 1,000-question bank.  The recognised set is kept
deliberately narrow (a letter first, then letters, digits, spaces and a few
punctuation marks that are never syntax in our parser configuration) and a test
checks it against the real parser.
"""

from __future__ import annotations

import re

_PLAIN = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;:?!'()/%-])*", re.UNICODE)
"""A letter first (no list or heading marker), then nothing that is syntax when
HTML, linkify and typographer are off; no ``*_`[]<>&"$\\~|#`` or line breaks."""


def plain_html(text: str, *, inline: bool = False) -> str | None:
    """What :func:`lmsexport.render.markdown.to_html` gives for plain ``text``, else ``None``."""
    if text.endswith(" ") or not _PLAIN.fullmatch(text):
        return None
    return text if inline else f"<p>{text}</p>\n"
