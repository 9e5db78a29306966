"""The interface texts of the pages (buttons, labels, scores) in the course's language.

Learners see "Check answers" or "Score: ..." in the language of the course, not
of the tool.  One small JSON catalogue per language sits in ``messages/``:
``page`` texts are used by the templates, ``script`` texts also travel in every
page (as JSON) for ``assets/lmsexport.js``, so nothing is fetched at run time.
A course in a language without a catalogue gets English; the loader warns once.

Texts use ``{name}`` placeholders.  Counted texts come in ``_one``/``_other``
pairs, chosen by the catalogue's ``plural`` rule: ``one-is-1`` (English, German,
Spanish) or ``one-below-2`` (French: "0 point", "1,5 point", "2 points").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

LANGUAGES = ("de", "en", "es", "fr")
"""Languages with a catalogue, by primary subtag of the BCP 47 tag."""
FALLBACK = "en"


@dataclass(frozen=True)
class Messages:
    """One catalogue: texts by key and how it writes counts and numbers."""

    language: str
    plural: str
    decimal: str
    page: Mapping[str, str]
    script: Mapping[str, str]

    def text(self, key: str, **values: Any) -> str:
        """The text ``key`` (page texts first, then script texts) with ``values`` filled in."""
        template = self.page.get(key) or self.script[key]
        return template.format_map({name: self._show(v) for name, v in values.items()})

    def count(self, key: str, count: float, **values: Any) -> str:
        """``key_one`` or ``key_other`` for ``count``, with ``{count}`` filled in."""
        one = count == 1 if self.plural == "one-is-1" else 0 <= count < 2
        return self.text(f"{key}_{'one' if one else 'other'}", count=count, **values)

    def number(self, value: float) -> str:
        """``2.5`` -> ``"2,5"`` where the language writes a decimal comma; ``2.0`` -> ``"2"``."""
        return f"{value:g}".replace(".", self.decimal)

    def for_script(self) -> dict[str, Any]:
        """What ``assets/lmsexport.js`` reads from ``#lmsexport-messages``."""
        return {"plural": self.plural, "decimal": self.decimal, "texts": dict(self.script)}

    def _show(self, value: Any) -> str:
        return self.number(value) if isinstance(value, int | float) else str(value)


def catalogue_language(tag: str) -> str | None:
    """The catalogue for a BCP 47 ``tag`` (``fr-CA`` -> ``fr``), or ``None`` if there is none."""
    primary = tag.split("-")[0].lower()
    return primary if primary in LANGUAGES else None


@cache
def messages_for(tag: str) -> Messages:
    """The catalogue for ``tag``, English when the language has none."""
    language = catalogue_language(tag) or FALLBACK
    raw = json.loads(
        files("lmsexport.render").joinpath("messages", f"{language}.json").read_text("utf-8")
    )
    return Messages(language, raw["plural"], raw["decimal"], raw["page"], raw["script"])
