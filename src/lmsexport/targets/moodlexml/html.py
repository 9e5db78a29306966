"""Markdown to the HTML Moodle stores: MathJax delimiters and ``@@PLUGINFILE@@`` images.

Moodle cannot show the MathML the other targets embed unless a filter is set up for
it, but every Moodle site ships the MathJax filter, which looks for ``\\( ... \\)``
and ``\\[ ... \\]``.  Images must live in the text's own file area: the ``src`` becomes
``@@PLUGINFILE@@/name`` and the bytes travel base64-encoded beside the text.
"""

from __future__ import annotations

import base64
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from lmsexport.model import Media
from lmsexport.render.markdown import is_local_reference, markdown_parser

PLUGINFILE = "@@PLUGINFILE@@/"


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside the XML: ``<file name=... path="/" encoding="base64">``."""

    name: str
    base64: str


@dataclass(frozen=True)
class RichText:
    """HTML for one Moodle text field plus the files its images need."""

    html: str
    files: tuple[EmbeddedFile, ...] = ()


def _inline_math(
    _self: RendererHTML, tokens: Sequence[Token], idx: int, _options: OptionsDict, _env: EnvType
) -> str:
    return "\\(" + escape(tokens[idx].content.strip(), quote=False) + "\\)"


def _block_math(
    _self: RendererHTML, tokens: Sequence[Token], idx: int, _options: OptionsDict, _env: EnvType
) -> str:
    return "<p>\\[" + escape(tokens[idx].content.strip(), quote=False) + "\\]</p>\n"


@cache
def _parser() -> MarkdownIt:
    """The shared Markdown configuration with math left for Moodle's MathJax filter."""
    parser = markdown_parser()
    parser.add_render_rule("math_inline", _inline_math)
    parser.add_render_rule("math_inline_double", _inline_math)
    parser.add_render_rule("math_block", _block_math)
    parser.add_render_rule("math_block_label", _block_math)
    return parser


def _images(tokens: Sequence[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        if token.type == "image":
            found.append(token)
        if token.children:
            found.extend(_images(token.children))
    return found


def _file_name(href: str, taken: Mapping[str, str]) -> str:
    """The base name, or the whole path flattened when two images share a base name."""
    name = posixpath.basename(href)
    if name in taken and taken[name] != href:
        return href.replace("/", "_")
    return name


def to_moodle_html(
    text: str, *, source_href: str, media: Mapping[str, Media], inline: bool = False
) -> RichText:
    """Render Markdown ``text`` written in the file at ``source_href`` (course-relative).

    ``media`` maps course-relative hrefs to the media the loader resolved.  Local
    images not in ``media`` are left as they are (the loader reports them).
    """
    parser = _parser()
    tokens = parser.parse(text)
    names: dict[str, str] = {}
    files: list[EmbeddedFile] = []
    for image in _images(tokens):
        src = str(image.attrGet("src") or "")
        if not is_local_reference(src):
            continue
        href = posixpath.normpath(posixpath.join(posixpath.dirname(source_href), src))
        item = media.get(href)
        if item is None:
            continue
        name = _file_name(href, names)
        if name not in names:
            names[name] = href
            files.append(EmbeddedFile(name, base64.b64encode(item.path.read_bytes()).decode()))
        image.attrSet("src", PLUGINFILE + name)
    env: dict[str, Any] = {}
    html: str = parser.renderer.render(tokens, parser.options, env).strip()
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return RichText(html, tuple(files))


def to_plain(text: str) -> str:
    """Markdown reduced to its text, for fields Moodle stores as plain text (names, matches)."""
    tokens = _parser().parse(text)
    parts: list[str] = []

    def visit(items: Sequence[Token]) -> None:
        for token in items:
            if token.type in ("text", "code_inline"):
                parts.append(token.content)
            elif token.type in ("math_inline", "math_inline_double"):
                parts.append("\\(" + token.content.strip() + "\\)")
            elif token.type in ("softbreak", "hardbreak") or (
                token.type == "paragraph_close" and parts
            ):
                parts.append(" ")
            if token.children:
                visit(token.children)

    visit(tokens)
    return " ".join("".join(parts).split())
