"""Markdown to plain text, for places that cannot hold markup.

``<option>`` elements, ``<title>`` and the question text handed to a SCORM
run-time (``cmi.interactions.n.description``) accept characters only, so the
Markdown is rendered with the shared parser and its text content kept: the same
words a reader sees, without the author's ``*`` or ``[]()`` syntax.
"""

from __future__ import annotations

import re

from lxml import etree

from lmsexport.render.markdown import to_html
from lmsexport.xmlsafe import safe_parser

_SPACES = re.compile(r"\s+")
_PARSER = safe_parser()


def plain_text(markdown: str) -> str:
    """The visible text of ``markdown`` with runs of white space collapsed to one space."""
    fragment = etree.fromstring(f"<div>{to_html(markdown)}</div>", _PARSER)
    text = "".join(str(piece) for piece in fragment.itertext())
    return _SPACES.sub(" ", text).strip()
