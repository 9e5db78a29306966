"""Finding the images and links a Markdown text refers to, with the line each is on.

The loader parses with the same :func:`~lmsexport.render.markdown.markdown_parser`
as the renderers, so a reference the loader checks is exactly a reference the
renderers will emit (no regex guessing at Markdown syntax).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from lmsexport.render.markdown import markdown_parser

_MARKERS = ("](", "]:", "][", "]\n", "<")
"""Text without any of these has no Markdown link, autolink or image, so it need not be parsed."""


@dataclass(frozen=True)
class Reference:
    """An image (``text`` is its alt text) or a link (``text`` is the link text).

    ``line`` is 0-based within the Markdown text; ``column`` is 1-based where the
    target is written on that line, or 0 when it cannot be found (reference-style
    definitions elsewhere).
    """

    kind: Literal["image", "link"]
    url: str
    text: str
    line: int
    column: int


@cache
def _parser() -> MarkdownIt:
    return markdown_parser()


def find_references(text: str) -> list[Reference]:
    """Every image and link in ``text``, in document order."""
    if not any(marker in text for marker in _MARKERS):
        return []
    lines = text.split("\n")
    found: list[Reference] = []
    block_line = 0
    for token in _parser().parse(text):
        if token.map is not None:
            block_line = token.map[0]
        if token.children:
            found.extend(_inline_references(token.children, block_line, lines))
    return found


def _inline_references(children: Sequence[Token], line: int, lines: list[str]) -> list[Reference]:
    found: list[Reference] = []
    link: Token | None = None
    link_line = line
    link_text: list[str] = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "image":
            url = str(child.attrGet("src") or "")
            found.append(Reference("image", url, child.content, line, _column(lines, line, url)))
        elif child.type == "link_open":
            link, link_line, link_text = child, line, []
        elif child.type == "link_close" and link is not None:
            url = str(link.attrGet("href") or "")
            column = _column(lines, link_line, url)
            found.append(Reference("link", url, "".join(link_text), link_line, column))
            link = None
        elif link is not None and child.type in ("text", "code_inline"):
            link_text.append(child.content)
    return found


def _column(lines: list[str], line: int, url: str) -> int:
    source = lines[line] if line < len(lines) else ""
    index = source.find(url) if url else -1
    if index < 0 and url:  # the parser percent-encodes <my file.svg> as my%20file.svg
        index = source.find(unquote(url))
    return index + 1 if index >= 0 else 0
