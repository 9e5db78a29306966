"""The one Markdown configuration used by the loader and every renderer.

Loader and renderers must agree on what a document contains (which images it
references, on which line), so both build their parser here.  Output is XHTML
(self-closed void elements) so the same fragment can go into an HTML page, a QTI
item or a Moodle XML CDATA block.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Mapping, Sequence
from functools import cache
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

EXTERNAL_PREFIXES = ("http://", "https://", "mailto:", "#", "data:")
LEAF_SUFFIXES = (".md", ".yaml", ".yml")
"""Source files of lessons and quizzes: a link to one is a link to that leaf's page."""
_NOT_IN_SLUG = re.compile(r"[^\w\- ]")


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
    # Imported on first use: with xml.sax.saxutils, urllib.request and ssl it costs
    # every command ~30 ms of start-up, and most texts hold no math.
    from latex2mathml.converter import convert as latex_to_mathml

    display = "block" if options.get("display_mode") else "inline"
    mathml: str = latex_to_mathml(content.strip(), display=display)
    return mathml


def is_local_reference(url: str) -> bool:
    """True for a relative reference to a file of the course (not a web link or anchor)."""
    return (
        bool(url) and not url.lower().startswith(EXTERNAL_PREFIXES) and ":" not in url.split("/")[0]
    )


def course_path(url: str, source_href: str) -> str:
    """The course-relative path a local ``url`` written in ``source_href`` names.

    Percent-escapes are decoded and any ``#fragment`` or ``?query`` dropped, so the
    result compares equal to a :class:`~lmsexport.model.Lesson`'s ``href``.
    """
    path = unquote(url.partition("#")[0].partition("?")[0])
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_href), path))


def is_leaf_link(url: str) -> bool:
    """True for a local link to a lesson or quiz source file (``other.md#part``)."""
    path = url.partition("#")[0].partition("?")[0]
    return is_local_reference(url) and path.lower().endswith(LEAF_SUFFIXES)


def heading_slug(text: str) -> str:
    """The id a heading gets from its text, as GitHub makes it: ``"The text"`` -> ``the-text``.

    Teachers copy such anchors from what they see on GitHub or GitLab, so links
    like ``other.md#the-text`` keep working once the pages are built.
    """
    return _NOT_IN_SLUG.sub("", text.strip().lower()).replace(" ", "-")


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


class _Rewriter:
    """Rewrites the links and images of one fragment for the page it goes into.

    With ``leaf_pages`` (course-relative lesson/quiz source -> package-relative
    page), a link to a leaf becomes a link to its page with the fragment kept,
    or, for a leaf missing from the mapping, plain text.  ``heading_ids`` (ids
    the page already uses) turns on heading ids.
    """

    def __init__(
        self,
        source_href: str,
        page_href: str,
        leaf_pages: Mapping[str, str] | None,
        heading_ids: Collection[str] | None,
    ) -> None:
        self.source_href = source_href
        self.page_href = page_href
        self.leaf_pages = leaf_pages
        self.taken = None if heading_ids is None else set(heading_ids)

    def block_tokens(self, tokens: Sequence[Token]) -> None:
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and self.taken is not None:
                token.attrSet("id", self._heading_id(tokens[index + 1]))
            if token.children:
                token.children = self.inline_tokens(token.children)

    def inline_tokens(self, children: list[Token]) -> list[Token]:
        kept: list[Token] = []
        unlinking = False
        for token in children:
            if token.type == "link_close" and unlinking:
                unlinking = False
                continue
            href = token.attrGet("href")
            if token.type == "link_open" and href is not None and self._is_page_link(str(href)):
                target = self._page_of(str(href))
                if target is None:
                    unlinking = True
                    continue
                token.attrSet("href", target)
            else:
                self._rebase(token)
            kept.append(token)
        return kept

    def _is_page_link(self, url: str) -> bool:
        return self.leaf_pages is not None and is_leaf_link(url)

    def _page_of(self, url: str) -> str | None:
        """The page-relative link to the leaf ``url`` names, or ``None`` if it has no page here."""
        assert self.leaf_pages is not None
        page = self.leaf_pages.get(course_path(url, self.source_href))
        if page is None:
            return None
        _, hash_mark, fragment = url.partition("#")
        relative = posixpath.relpath(page, posixpath.dirname(self.page_href) or ".")
        return relative + (hash_mark + fragment if hash_mark else "")

    def _rebase(self, token: Token) -> None:
        for attr in ("src", "href"):
            value = token.attrGet(attr)
            if value is not None:
                token.attrSet(attr, rebase(str(value), self.source_href, self.page_href))

    def _heading_id(self, inline: Token) -> str:
        assert self.taken is not None
        return _unique_heading_id(inline, self.taken)


def _unique_heading_id(inline: Token, taken: set[str]) -> str:
    """A new id from the heading's text (``intro``, then ``intro-1``...), added to ``taken``."""
    text = "".join(child.content for child in inline.children or ())
    base = heading_slug(text) or "section"
    candidate, number = base, 0
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def heading_anchors(text: str) -> set[str]:
    """The ids :func:`to_html` gives the headings of ``text`` when the page takes no other ids."""
    taken: set[str] = set()
    tokens = _shared_parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            _unique_heading_id(tokens[index + 1], taken)
    return taken


def to_html(
    text: str,
    *,
    source_href: str = "",
    page_href: str = "",
    inline: bool = False,
    id_prefix: str = "",
    leaf_pages: Mapping[str, str] | None = None,
    heading_ids: Collection[str] | None = None,
) -> str:
    """Render Markdown ``text`` to an XHTML fragment.

    Local image and link targets are rebased from ``source_href`` (the course-relative
    path of the file the text came from) to ``page_href`` (where the HTML will live).
    ``inline=True`` renders a single paragraph without the ``<p>`` wrapper, for
    choices and short labels.

    Several fragments share one page (a quiz's prompts and feedback), so
    ``id_prefix`` goes into footnote ids (``fn-<prefix>-1``) to keep them apart.
    ``leaf_pages`` turns links to lesson and quiz sources into links to their
    pages (see :class:`_Rewriter`); without it such links are only rebased.
    ``heading_ids`` gives every heading a GitHub-style id, never one of these.
    """
    parser = _shared_parser()
    tokens = parser.parse(text)
    _Rewriter(source_href, page_href, leaf_pages, heading_ids).block_tokens(tokens)
    env = {"docId": id_prefix} if id_prefix else {}
    html: str = parser.renderer.render(tokens, parser.options, env)
    if inline:
        stripped = html.strip()
        if stripped.startswith("<p>") and stripped.endswith("</p>") and stripped.count("<p>") == 1:
            return stripped[3:-4]
    return html
