"""The one Markdown configuration used by the loader and every renderer.

Loader and renderers must agree on what a document contains (which images it
references, on which line), so both build their parser here.  Output is XHTML
(self-closed void elements) so the same fragment can go into an HTML page, a QTI
item or a Moodle XML CDATA block.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from functools import cache
from typing import Any

from latex2mathml.converter import convert as latex_to_mathml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

EXTERNAL_PREFIXES = ("http://", "https://", "mailto:", "#", "data:")


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables, strikethrough, footnotes and ``$``/``$$`` math.

    Raw HTML is disabled: authors write Markdown, and it keeps pages free of
    scripts or remote resources slipped in through the source.
    """
    parser = MarkdownIt(
        "commonmark", {"html": False, "linkify": False, "typographer": False, "xhtmlOut": True}
    )
    parser.enable(["table", "strikethrough"])
    parser.use(footnote_plugin)
    parser.use(
        dollarmath_plugin,
        allow_space=True,
        double_inline=True,
        renderer=_math_to_mathml,
    )
    return parser


def _math_to_mathml(content: str, options: dict[str, Any]) -> str:
    """LaTeX to MathML at build time, so pages need no script or network for math."""
    display = "block" if options.get("display_mode") else "inline"
    mathml: str = latex_to_mathml(content.strip(), display=display)
    return mathml


def is_local_reference(url: str) -> bool:
    """True for a relative reference to a file of the course (not a web link or anchor)."""
    return (
        bool(url) and not url.lower().startswith(EXTERNAL_PREFIXES) and ":" not in url.split("/")[0]
    )


def rebase(url: str, source_href: str, page_href: str) -> str:
    """Rewrite ``url`` (relative to the source file) to be relative to the output page.

    ``source_href`` and ``page_href`` are course-relative, ``/``-separated paths of the
    Markdown source and of the page the HTML ends up in.  Media keep their
    course-relative path inside packages, so only the directory changes.
    """
    if not is_local_reference(url):
        return url
    path, hash_mark, fragment = url.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source_href), path))
    relative = posixpath.relpath(target, posixpath.dirname(page_href) or ".")
    return relative + (hash_mark + fragment if hash_mark else "")


@cache
def _shared_parser() -> MarkdownIt:
    return markdown_parser()


def _rebase_tokens(tokens: Sequence[Token], source_href: str, page_href: str) -> None:
    for token in tokens:
        for attr in ("src", "href"):
            value = token.attrGet(attr)
            if value is not None:
                token.attrSet(attr, rebase(str(value), source_href, page_href))
        if token.children:
            _rebase_tokens(token.children, source_href, page_href)


def to_html(text: str, *, source_href: str = "", page_href: str = "", inline: bool = False) -> str:
    """Render Markdown ``text`` to an XHTML fragment.

    Local image and link targets are rebased from ``source_href`` (the course-relative
    path of the file the text came from) to ``page_href`` (where the HTML will live).
    ``inline=True`` renders a single paragraph without the ``<p>`` wrapper, for
    choices and short labels.
    """
    parser = _shared_parser()
    tokens = parser.parse(text)
    _rebase_tokens(tokens, source_href, page_href)
    html: str = parser.renderer.render(tokens, parser.options, {})
    if inline:
        stripped = html.strip()
        if stripped.startswith("<p>") and stripped.endswith("</p>") and stripped.count("<p>") == 1:
            return stripped[3:-4]
    return html
