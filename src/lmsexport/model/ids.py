"""Stable identifiers: valid ``xs:ID`` values derived from content paths, never random."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_UNDECOMPOSABLE = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)
"""Latin letters NFKD leaves whole; mapped by hand so ``straße`` gives ``strasse``."""


def slugify(text: str, fallback: str = "item") -> str:
    """Lower-case ASCII slug of ``text`` (``"Lenin's Testament"`` -> ``lenin-s-testament``).

    Accented letters lose only their accents (``Prüfung`` -> ``prufung``, not
    ``pr-fung``), so ids and file names stay readable for non-English titles.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_UNDECOMPOSABLE))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    return slug or fallback


def make_ident(path: str, readable: str | None = None) -> str:
    """An ``xs:ID`` for the item at ``path`` (e.g. ``course-id/quizzes/q.yaml#troika``).

    The readable part is a slug of ``readable`` (default: the last path part); the
    suffix is 8 hex digits of the path's SHA-256, so equal paths give equal ids and
    different paths practically never collide.  The ``i`` prefix keeps the first
    character a letter, as ``xs:ID`` (NCName) requires.
    """
    last = readable if readable is not None else re.split(r"[/#]", path)[-1]
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:8]
    return f"i{slugify(last)[:40]}-{digest}"
