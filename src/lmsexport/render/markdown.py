"""The one Markdown parser configuration used by the loader and the renderers.

Loader and renderer must agree on what a document contains (which images it
references, on which line), so both build their parser here.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables, strikethrough, footnotes and ``$``/``$$`` math.

    Raw HTML is disabled: authors write Markdown, and it keeps pages free of
    scripts or remote resources slipped in through the source.
    """
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    parser.use(footnote_plugin)
    parser.use(dollarmath_plugin, allow_space=True, double_inline=True)
    return parser
