"""Fit the XHTML that :mod:`lmsexport.render.markdown` writes into QTI content.

QTI 2.1 and 3.0 item bodies allow only a subset of XHTML (no ``section``,
``s``/``del`` or ``style`` attributes, for example), while Markdown tables,
footnotes and strike-through produce them.  Rewriting the tree here keeps every
item valid against the official schema instead of failing the build on a
harmless table.  The same pass rewrites local media URLs, because each target
resolves package files differently (relative paths in QTI 2/3, Canvas's
``$IMS-CC-FILEBASE$`` in QTI 1.2), and reports which local files a fragment uses
so the manifest can list them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from markupsafe import Markup

from lmsexport.render.markdown import is_local_reference
from lmsexport.xmlsafe import safe_parser

_RENAME = {"section": "div", "s": "span", "del": "span", "ins": "span", "u": "span"}
"""Elements QTI 2.1/3.0 lack, mapped to the neutral element that keeps the text."""

_DROP_ATTRIBUTES = frozenset({"style", "align", "start", "reversed", "aria-hidden", "role"})
"""Attributes the QTI XHTML subset does not declare; dropping them loses only styling."""

_PARSER = safe_parser()

_URL_ATTRIBUTES = ("src", "href", "data")
_MAY_HOLD_URL = re.compile(r"\b(?:src|href|data)\s*=")


@dataclass(frozen=True)
class Fragment:
    """Rendered content ready for a template, plus the package files it refers to."""

    markup: Markup
    refs: tuple[str, ...]


def _parse(html: str) -> etree._Element:
    return etree.fromstring(f"<div>{html}</div>".encode(), _PARSER)


def _inner(root: etree._Element) -> str:
    text = root.text or ""
    escaped = str(Markup.escape(text))
    return escaped + "".join(etree.tostring(child, encoding="unicode") for child in root)


def may_hold_url(html: str) -> bool:
    """False only when ``html`` has no ``src``, ``href`` or ``data`` attribute (cheap test)."""
    return _MAY_HOLD_URL.search(html) is not None


def _unchanged(href: str) -> str:
    return href


def rewrite(
    html: str,
    *,
    base_dir: str = "",
    url: Callable[[str], str] = _unchanged,
    qti_subset: bool = True,
) -> Fragment:
    """Rewrite local URLs with ``url`` and, with ``qti_subset``, fit the QTI XHTML subset.

    ``url`` receives each local ``src``/``href``/``data`` value exactly as the
    Markdown renderer rebased it (relative to ``base_dir``, the package folder
    of the file the fragment goes into); ``refs`` holds the package paths.
    """
    if not may_hold_url(html):
        return _rewrite_without_urls(html, qti_subset)
    return _rewrite(html, base_dir, url, qti_subset)


@lru_cache(maxsize=16384)
def _rewrite_without_urls(html: str, qti_subset: bool) -> Fragment:
    """:func:`rewrite` of a fragment without URLs, which neither ``base_dir`` nor ``url`` affect.

    Cached because each QTI target rewrites the same prompts and choices again;
    bounded so a long batch of courses does not grow without limit.
    """
    return _rewrite(html, "", _unchanged, qti_subset)


def _rewrite(html: str, base_dir: str, url: Callable[[str], str], qti_subset: bool) -> Fragment:
    root = _parse(html)
    refs: list[str] = []
    for element in root.iter(etree.Element):
        for attr in _URL_ATTRIBUTES:
            value = element.get(attr)
            if value is not None and is_local_reference(value):
                path = value.partition("#")[0]
                refs.append(posixpath.normpath(posixpath.join(base_dir, path)))
                element.set(attr, url(value))
        if not qti_subset or not isinstance(element.tag, str) or "}" in element.tag:
            continue
        if element.tag in _RENAME:
            element.set("class", f"{element.get('class', '')} {element.tag}".strip())
            element.tag = _RENAME[element.tag]
        for attr in _DROP_ATTRIBUTES & set(element.attrib):
            del element.attrib[attr]
    return Fragment(Markup(_inner(root)), tuple(dict.fromkeys(refs)))


def plain_text(html: str) -> str:
    """The text of an XHTML fragment, for places that take no markup (Canvas match prompts)."""
    return " ".join("".join(str(t) for t in _parse(html).itertext()).split())
