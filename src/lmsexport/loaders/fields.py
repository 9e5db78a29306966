"""Typed reading of one YAML mapping, reporting every problem with its position and field path.

Each loader declares the keys a mapping may hold and asks for values by type;
the reader reports unknown keys (with a "did you mean" hint), missing required
keys and values of the wrong type, and returns a usable default so the loader
can go on and find the next problem instead of stopping at the first.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Iterable
from typing import NamedTuple, overload

from lmsexport.errors import Diagnostic, SourcePos, error
from lmsexport.loaders.yamlnodes import Map, Node, Scalar, Seq


def did_you_mean(word: str, choices: Iterable[str], prefix: str = "") -> str | None:
    """A hint naming the closest of ``choices`` to ``word`` (each after ``prefix``), if any."""
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + " or ".join(f"`{prefix}{c}`" for c in close) + "?"


def describe(node: Node) -> str:
    """How a value looks to the author, for "expected X, found Y" messages."""
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    value = node.value
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {node.raw}"
    if isinstance(value, int | float):
        return f"the number {node.raw}"
    shown = node.raw if len(node.raw) <= 30 else node.raw[:27] + "..."
    return f"the text '{shown}'"


def as_text(node: Scalar) -> str:
    """A scalar as the author means it as text: strings as parsed, anything else as written."""
    return node.value if isinstance(node.value, str) else node.raw


def join_field(parent: str, key: str) -> str:
    """``questions[2]`` + ``choices`` -> ``questions[2].choices``."""
    return f"{parent}.{key}" if parent else key


MAX_MAGNITUDE = 1e15
"""The largest size of any number in the source unless a field sets its own bound.

Beyond it a double no longer holds every whole number exactly, and LMS number
fields (Moodle's decimal columns, SCORM's real(10,7)) are far smaller anyway.
"""

MAX_POINTS = 1e6
"""Points of one question: far above any real mark, well inside every LMS's grade column."""
MAX_ATTEMPTS = 1000
"""Quiz attempts (0 is unlimited); more is unlimited in practice and overflows no LMS field."""
MAX_MINUTES = 10_000
"""Time limits and lesson durations (about a week) fit SCORM 1.2's ``HHHH:MM:SS`` times."""


class ListItem(NamedTuple):
    """One text item of a list field: its text, position and key (``items[2]``) in the mapping."""

    text: str
    pos: SourcePos
    key: str


class MapReader:
    """Reads the keys of one mapping; ``what`` names it in messages ("question", "choice")."""

    def __init__(
        self,
        node: Map,
        diagnostics: list[Diagnostic],
        *,
        what: str,
        allowed: Collection[str],
        field: str = "",
    ) -> None:
        self.node = node
        self.diagnostics = diagnostics
        self.what = what
        self.field_prefix = field
        self.unknown_keys = [key for key in node.entries if key not in allowed]
        for key in self.unknown_keys:
            self.fail(
                f"unknown key `{key}` in {what}",
                node.entries[key].key_pos,
                key,
                did_you_mean(key, allowed) or "allowed keys: " + ", ".join(sorted(allowed)),
            )

    def has(self, key: str) -> bool:
        """Whether the author wrote ``key`` at all, for fields whose absence means something."""
        return key in self.node.entries

    def field(self, key: str) -> str:
        """The full field path of ``key`` (``questions[2].points``)."""
        return join_field(self.field_prefix, key)

    def pos(self, key: str) -> SourcePos:
        """Where the value of ``key`` is, or the mapping itself when the key is absent."""
        entry = self.node.entries.get(key)
        return entry.node.pos if entry is not None else self.node.pos

    def fail(self, message: str, pos: SourcePos, key: str, hint: str | None = None) -> None:
        """Record an error on ``key`` and carry on, so one load reports every problem at once."""
        self.diagnostics.append(error(message, pos, self.field(key), hint))

    def get(self, key: str, required: bool = False) -> Node | None:
        """The node of ``key``; reports a missing required key at the mapping."""
        entry = self.node.entries.get(key)
        if entry is None or (isinstance(entry.node, Scalar) and entry.node.value is None):
            if required:
                self.fail(f"{self.what} needs `{key}`", self.pos(key), key)
            return None
        return entry.node

    def _wrong(self, key: str, node: Node, expected: str) -> None:
        self.fail(f"`{key}` must be {expected}, found {describe(node)}", node.pos, key)

    def text(
        self, key: str, default: str = "", required: bool = False, *, nonblank: bool = False
    ) -> str:
        """Any scalar, as written (so ``Yes`` or ``1917`` stay text).

        A required text (and one marked ``nonblank``, such as an optional title
        that replaces a default) must hold more than whitespace: ``text: ""``
        would otherwise reach the packages as an empty answer or title, which
        Moodle and GIFT import as a blank option.
        """
        node = self.get(key, required)
        if node is None:
            return default
        if not isinstance(node, Scalar):
            self._wrong(key, node, "text")
            return default
        text = as_text(node)
        if (required or nonblank) and not text.strip():
            self.fail(f"`{key}` must not be empty", node.pos, key)
            return default
        return text

    def boolean(self, key: str, default: bool) -> bool:
        """A ``true``/``false`` field, ``default`` when absent; anything else is reported, not guessed."""
        node = self.get(key)
        if node is None:
            return default
        if not isinstance(node, Scalar) or not isinstance(node.value, bool):
            self._wrong(key, node, "true or false")
            return default
        return node.value

    @overload
    def number(
        self,
        key: str,
        default: float,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        above: float | None = None,
        integer: bool = False,
        required: bool = False,
    ) -> float: ...

    @overload
    def number(
        self,
        key: str,
        default: None = None,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        above: float | None = None,
        integer: bool = False,
        required: bool = False,
    ) -> float | None: ...

    def number(
        self,
        key: str,
        default: float | None = None,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        above: float | None = None,
        integer: bool = False,
        required: bool = False,
    ) -> float | None:
        """A number within bounds; ``above`` is an exclusive lower bound."""
        node = self.get(key, required)
        if node is None:
            return default
        expected = "a whole number" if integer else "a number"
        if not isinstance(node, Scalar) or (value := _numeric_value(node)) is None:
            self._wrong(key, node, expected)
            return default
        if not math.isfinite(value):
            self.fail(
                f"`{key}` must be a finite number, found {node.raw}",
                node.pos,
                key,
                "write the number itself; infinity and .nan cannot be scored or exported",
            )
            return default
        if integer and not isinstance(value, int):
            self._wrong(key, node, expected)
            return default
        if maximum is None:
            maximum = MAX_MAGNITUDE
        if minimum is None and above is None:
            minimum = -MAX_MAGNITUDE
        if (
            (minimum is not None and value < minimum)
            or value > maximum
            or (above is not None and value <= above)
        ):
            self.fail(
                f"`{key}` must be {_range(minimum, maximum, above)}, found {node.raw}",
                node.pos,
                key,
            )
            return default
        return float(value)

    def seq(self, key: str, required: bool = False) -> tuple[Node, ...]:
        """A list field's items (empty when absent or wrong), so callers can loop without checks."""
        node = self.get(key, required)
        if node is None:
            return ()
        if not isinstance(node, Seq):
            self._wrong(key, node, "a list")
            return ()
        if required and not node.items:
            self.fail(f"`{key}` must not be empty", node.pos, key)
        return node.items

    def texts(self, key: str, required: bool = False) -> tuple[str, ...]:
        """A list of scalars as text."""
        return tuple(item.text for item in self.located_texts(key, required))

    def located_texts(self, key: str, required: bool = False) -> list[ListItem]:
        """A list of scalars as text, each with its position and own key (``answers[2]``).

        A blank item is reported and left out: no list in the source (answers,
        ordering items, distractors, objectives, keywords ...) has a use for an
        empty entry, and kept it would become an empty answer or option.  Items
        keep the key of their place in the file, so later checks name the right
        one even after an earlier item was left out.
        """
        result: list[ListItem] = []
        for index, item in enumerate(self.seq(key, required)):
            item_key = f"{key}[{index}]"
            if not isinstance(item, Scalar) or item.value is None:
                self.fail(f"`{key}` items must be text, found {describe(item)}", item.pos, item_key)
            elif not as_text(item).strip():
                self.fail(f"`{item_key}` must not be empty", item.pos, item_key)
            else:
                result.append(ListItem(as_text(item), item.pos, item_key))
        return result

    def mapping(self, key: str, required: bool = False) -> Map | None:
        """A nested mapping field, or ``None`` (reported) when it is something else."""
        node = self.get(key, required)
        if node is None:
            return None
        if not isinstance(node, Map):
            self._wrong(key, node, "a mapping")
            return None
        return node


_SCIENTIFIC = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+")
"""``1e3`` or ``2.5E-4``: numbers YAML 1.1 reads as text because the mantissa has no dot."""


def _numeric_value(node: Scalar) -> int | float | None:
    """The number ``node`` holds, or ``None``.

    Booleans are not numbers here, and scientific notation that YAML 1.1 leaves
    as text (``1e3``, ``1e308``) counts as the number the author meant (whole
    when it is), so that the range check, not a puzzling "found the text
    '1e308'", reports what is wrong with it.
    """
    if isinstance(node.value, bool):
        return None
    if isinstance(node.value, int | float):
        return node.value
    if isinstance(node.value, str) and _SCIENTIFIC.fullmatch(node.value):
        value = float(node.value)
        return int(value) if value.is_integer() else value
    return None


def _range(minimum: float | None, maximum: float, above: float | None) -> str:
    if above is not None:
        return f"greater than {above:g} and at most {maximum:g}"
    return f"between {minimum:g} and {maximum:g}"
