"""Images and links that CommonMark refused because their path holds a plain space.

``![A diagram](../media/my diagram.svg)`` is no image in CommonMark: a link
destination may not contain a space, so the whole construct stays literal text
and the page shows brackets and a path instead of the picture, with no error
anywhere.  Only the text the parser left as text is searched, so code spans,
code blocks and real links (``<my diagram.svg>``, ``my%20diagram.svg``) are
never reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from lmsexport.errors import Diagnostic, SourcePos, error
from lmsexport.loaders.references import Reference
from lmsexport.render.markdown import is_local_reference, markdown_parser

_SHAPE = re.compile(r"(!?)\[([^\]\n]*)\]\(([^()<>\"\n]*?)(?:\s+\"[^\"\n]*\")?\)")
"""``[text](target)`` or ``![alt](target "title")`` as an author writes it, on one line."""
_FILE_END = re.compile(r"\.[A-Za-z0-9]{1,5}\Z")
"""A target that ends like a file name (``diagram.svg``), so a local file is meant."""
_TRANSPARENT = frozenset(
    {"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"}
)
"""Inline tokens that may sit inside alt or link text without ending the search."""
_BARRIER = "\x00"
"""Stands for any other inline token, so a match never spans code spans or real links."""


@cache
def _parser() -> MarkdownIt:
    return markdown_parser()


def _is_spaced_file(target: str) -> bool:
    return " " in target and is_local_reference(target) and _FILE_END.search(target) is not None


def _candidates(text: str) -> Iterator[re.Match[str]]:
    for match in _SHAPE.finditer(text):
        if _is_spaced_file(match.group(3).strip()):
            yield match


def find_spaced_paths(text: str) -> list[Reference]:
    """Every ``[..](path with space)`` in ``text`` that the parser left as plain text.

    A cheap search of the raw text comes first: almost no text has the shape,
    and only text that does is parsed.
    """
    if "](" not in text or next(_candidates(text), None) is None:
        return []
    lines = text.split("\n")
    found: list[Reference] = []
    for token in _parser().parse(text):
        if token.children and token.map is not None:
            for offset, plain in enumerate(_plain_lines(token.children)):
                line = token.map[0] + offset
                found.extend(_references(plain, line, lines))
    return found


def _plain_lines(children: Sequence[Token]) -> list[str]:
    """The text of an inline token line by line, other inline tokens as barriers."""
    result = [""]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            result.append("")
        elif child.type == "text":
            result[-1] += child.content
        elif child.type not in _TRANSPARENT:
            result[-1] += _BARRIER
    return result


def _references(plain: str, line: int, lines: list[str]) -> list[Reference]:
    found = []
    source = lines[line] if line < len(lines) else ""
    for match in _candidates(plain):
        target = match.group(3).strip()
        index = source.find(f"({target}")
        kind: Literal["image", "link"] = "image" if match.group(1) else "link"
        column = index + 2 if index >= 0 else 0
        found.append(Reference(kind, target, match.group(2), line, column))
    return found


def report_spaced_paths(
    text: str,
    where: Callable[[Reference], SourcePos],
    field: str | None,
    diagnostics: list[Diagnostic],
) -> None:
    """Report each image or link of ``text`` lost to a space in its path, at ``where(ref)``."""
    for ref in find_spaced_paths(text):
        diagnostics.append(
            error(
                f"{ref.kind} path '{ref.url}' contains a space, so Markdown shows "
                f"this {ref.kind} as plain text",
                where(ref),
                field,
                f"write the path as <{ref.url}> or use %20",
            )
        )
