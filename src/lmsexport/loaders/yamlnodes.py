"""YAML parsed into small node objects that remember where every key and value was written.

Plain ``yaml.safe_load`` loses positions, so every later check could only say
"somewhere in this file".  Here each scalar, list and mapping keeps a
:class:`SourcePos`, and each mapping key keeps its own, so a problem is reported
at the exact ``line:col`` of the key or value at fault.  The composer is
libyaml's when available (a 1,000-question quiz composes in milliseconds).

Refused on purpose: duplicate keys (the second silently wins in plain YAML),
aliases (``*name`` can expand exponentially, and course files never need them),
and tags other than YAML's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from lmsexport.errors import Diagnostic, SourcePos, error

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Scalar:
    """A scalar value; ``raw`` is its text as written, used where text is expected.

    Keeping ``raw`` lets ``text: Yes`` stay the text "Yes" instead of YAML 1.1's
    boolean ``True``, and ``version: 1.10`` stay "1.10" instead of ``1.1``.
    """

    value: Any
    raw: str
    pos: SourcePos
    block: bool = False


@dataclass(frozen=True, slots=True)
class Seq:
    """A YAML sequence."""

    items: tuple[Node, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Entry:
    """A mapping value together with the position of its key."""

    key_pos: SourcePos
    node: Node


@dataclass(frozen=True, slots=True)
class Map:
    """A YAML mapping with string keys, in source order."""

    entries: dict[str, Entry]
    pos: SourcePos


Node = Scalar | Seq | Map

_HINTS = {
    "mapping values are not allowed": "put text that contains ': ' in quotes",
    "found character that cannot start any token": "put text that starts with '@' or '`' in quotes",
}
"""Hints for libyaml's most common messages, keyed by the start of the message."""


class _AliasUsed(Exception):
    """An alias was met while converting; the caller reports every alias position."""


class _Converter:
    """Turns composed PyYAML nodes into :data:`Node` objects, collecting problems."""

    def __init__(self, file: Path, line_offset: int, diagnostics: list[Diagnostic]) -> None:
        self.file = file
        self.line_offset = line_offset
        self.diagnostics = diagnostics
        self.constructor = SafeConstructor()
        self.seen: set[int] = set()

    def pos(self, mark: yaml.Mark) -> SourcePos:
        return SourcePos(self.file, mark.line + 1 + self.line_offset, mark.column + 1)

    def convert(self, node: yaml.Node) -> Node:
        if id(node) in self.seen:
            raise _AliasUsed
        self.seen.add(id(node))
        pos = self.pos(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, pos)
        if isinstance(node, yaml.SequenceNode):
            return Seq(tuple(self.convert(item) for item in node.value), pos)
        return self.scalar(node, pos)

    def scalar(self, node: yaml.Node, pos: SourcePos) -> Scalar:
        try:
            value = self.constructor.construct_object(node)
        except ConstructorError:
            self.diagnostics.append(
                error(
                    f"unsupported YAML tag '{node.tag}'",
                    pos,
                    hint="remove the tag; course files use plain YAML values only",
                )
            )
            value = None
        return Scalar(value, str(node.value), pos, getattr(node, "style", None) in ("|", ">"))

    def mapping(self, node: yaml.MappingNode, pos: SourcePos) -> Map:
        entries: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            key_pos = self.pos(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(error("mapping keys must be plain words", key_pos))
                continue
            key = str(key_node.value)
            value = self.convert(value_node)
            if key in entries:
                first = entries[key].key_pos
                self.diagnostics.append(
                    error(
                        f"duplicate key `{key}` (first given at line {first.line})",
                        key_pos,
                        hint="keep one of the two; YAML would silently use the last",
                    )
                )
                continue
            entries[key] = Entry(key_pos, value)
        return Map(entries, pos)


def _report_aliases(text: str, file: Path, line_offset: int, diagnostics: list[Diagnostic]) -> None:
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent) and mark is not None:
            diagnostics.append(
                error(
                    f"YAML alias `*{event.anchor}` is not supported",
                    SourcePos(file, mark.line + 1 + line_offset, mark.column + 1),
                    hint="write the value out in full instead of referring to an anchor",
                )
            )


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: Path, line_offset: int) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return error(f"invalid YAML: {exc}", SourcePos(file))
    pos = SourcePos(file, mark.line + 1 + line_offset, mark.column + 1)
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "\t" in line[: mark.column + 1]:
        return error(
            "invalid YAML: tab character in indentation",
            pos,
            hint="indent with spaces; YAML does not allow tabs there",
        )
    problem = exc.problem or exc.context or "syntax error"
    hint = next((h for start, h in _HINTS.items() if problem.startswith(start)), None)
    if problem.startswith("mapping values are not allowed"):
        hint = _indentation_hint(lines, mark.line, line_offset) or hint
    opened = exc.context_mark
    if hint is None and exc.context and opened is not None and opened.line != mark.line:
        hint = f"check line {opened.line + 1 + line_offset}, column {opened.column + 1} ({exc.context})"
    return error(f"invalid YAML: {problem}", pos, hint=hint)


_KEY_LINE = re.compile(r"((?: *- +)*)( *)([^\s#][^:]*):(?:\s|$)")
"""A line starting a mapping key, maybe after list dashes: the key's column is the match of group 3."""


def _indentation_hint(lines: list[str], index: int, line_offset: int) -> str | None:
    """Why ``key:`` on line ``index`` is refused when it is indented deeper than the key above.

    libyaml then reads the line as the continuation of the previous value and
    complains about the ``:`` in it; quoting would not help, lining up would.
    """
    here = lines[index]
    indent = len(here) - len(here.lstrip(" "))
    for above in range(index - 1, -1, -1):
        text = lines[above]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        found = _KEY_LINE.match(text)
        if found is None or indent <= found.start(3):
            return None
        return (
            "check the indentation: keys of one mapping must line up "
            f"(line {index + 1 + line_offset} is indented deeper than `{found.group(3)}` "
            f"on line {above + 1 + line_offset})"
        )
    return None


def parse_yaml(
    text: str, file: Path, diagnostics: list[Diagnostic], line_offset: int = 0
) -> Node | None:
    """Parse one YAML document; ``None`` if it is empty or unreadable (errors appended).

    ``line_offset`` is added to every line, for YAML embedded in another file
    (Markdown front matter) so positions point at the real file line.
    """
    try:
        composed = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        diagnostics.append(_syntax_error(exc, text, file, line_offset))
        return None
    except yaml.YAMLError as exc:
        diagnostics.append(error(f"invalid YAML: {exc}", SourcePos(file)))
        return None
    if composed is None:
        return None
    try:
        return _Converter(file, line_offset, diagnostics).convert(composed)
    except _AliasUsed:
        _report_aliases(text, file, line_offset, diagnostics)
        return None


def to_plain(node: Node) -> Any:
    """The node as plain Python values (for free-form settings such as target options)."""
    if isinstance(node, Map):
        return {key: to_plain(entry.node) for key, entry in node.entries.items()}
    if isinstance(node, Seq):
        return [to_plain(item) for item in node.items]
    return node.value


def parse_mapping(
    text: str, file: Path, diagnostics: list[Diagnostic], expected: str, line_offset: int = 0
) -> Map | None:
    """Parse a YAML document that must be a mapping; ``expected`` says what it should hold.

    An empty document or one of another kind is reported at its start (unless
    the YAML itself was already reported as broken).
    """
    before = len(diagnostics)
    node = parse_yaml(text, file, diagnostics, line_offset)
    if isinstance(node, Map):
        return node
    if len(diagnostics) == before:
        where = node.pos if node is not None else SourcePos(file, 1 + line_offset, 1)
        found = "is empty" if node is None else "is not a mapping of keys"
        diagnostics.append(error(f"{expected} {found}", where))
    return None
