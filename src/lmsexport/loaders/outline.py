"""Reading the ``outline`` of ``course.yaml``: sections, lessons and quizzes at any depth.

Ids (given or derived) must be unique in the course, and each lesson or quiz
file may appear once, because targets name output files and XML ids after them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from lmsexport.errors import Diagnostic, SourcePos, error
from lmsexport.loaders.context import LoadContext, check_unique
from lmsexport.loaders.fields import MapReader
from lmsexport.loaders.lesson import load_lesson
from lmsexport.loaders.quiz import load_quiz
from lmsexport.loaders.yamlnodes import Map, Node
from lmsexport.model import OutlineNode, Section
from lmsexport.model.ids import make_ident, slugify

SECTION_KEYS = ("title", "label", "id", "children")
LEAF_KEYS = {"lesson": ("lesson", "id", "title"), "quiz": ("quiz", "id", "title")}
_KINDS = ("children", "lesson", "quiz")
_ANY_KEYS = tuple(sorted({*SECTION_KEYS, *LEAF_KEYS["lesson"], *LEAF_KEYS["quiz"]}))
_SUFFIXES = {"lesson": (".md",), "quiz": (".yaml", ".yml")}


@dataclass
class OutlineReader:
    """Reads outline entries, remembering ids and files already used."""

    ctx: LoadContext
    ids: dict[str, SourcePos] = field(default_factory=dict)
    files: dict[str, SourcePos] = field(default_factory=dict)

    def entries(
        self, nodes: tuple[Node, ...], field: str, parents: tuple[str, ...]
    ) -> tuple[OutlineNode, ...]:
        """The nodes of one outline level; ``parents`` are the ids of the sections above."""
        result: list[OutlineNode] = []
        for index, node in enumerate(nodes):
            entry = self.entry(node, f"{field}[{index}]", parents)
            if entry is not None:
                result.append(entry)
        return tuple(result)

    def entry(self, node: Node, field: str, parents: tuple[str, ...]) -> OutlineNode | None:
        """One outline entry: a section (``section:``) or a leaf (``lesson:``/``quiz:``...), reported when it is neither."""
        if not isinstance(node, Map):
            self.ctx.diagnostics.append(_needs_kind(node.pos, field))
            return None
        kinds = [kind for kind in _KINDS if kind in node.entries]
        if len(kinds) != 1:
            reader = MapReader(
                node, self.ctx.diagnostics, what="outline entry", allowed=_ANY_KEYS, field=field
            )
            if len(kinds) > 1:
                reader.fail(
                    f"outline entry has both `{kinds[0]}` and `{kinds[1]}`",
                    node.pos,
                    kinds[1],
                    "give each lesson, quiz and section its own entry",
                )
            elif not reader.unknown_keys:
                self.ctx.diagnostics.append(_needs_kind(node.pos, field))
            return None
        if kinds[0] == "children":
            return self.section(node, field, parents)
        return self.leaf(node, kinds[0], field)

    def section(self, node: Map, field: str, parents: tuple[str, ...]) -> Section:
        """A section and its children, read recursively so nesting depth follows the author's file."""
        reader = MapReader(
            node, self.ctx.diagnostics, what="section", allowed=SECTION_KEYS, field=field
        )
        title = reader.text("title", required=True)
        section_id = self._id(reader, slugify(title, "section"))
        path = (*parents, section_id)
        children = self.entries(
            reader.seq("children", required=True), reader.field("children"), path
        )
        return Section(
            id=section_id,
            ident=make_ident(f"{self.ctx.course_id}/{'/'.join(path)}"),
            title=title,
            children=children,
            label=reader.text("label"),
            pos=node.pos,
        )

    def leaf(self, node: Map, kind: str, field: str) -> OutlineNode | None:
        """A lesson, quiz or link entry, loaded from the file it names."""
        reader = MapReader(
            node, self.ctx.diagnostics, what=f"{kind} entry", allowed=LEAF_KEYS[kind], field=field
        )
        ref = reader.text(kind, required=True)
        what = "lesson file" if kind == "lesson" else "quiz file"
        href = (
            self.ctx.files.locate(
                ref, "course.yaml", reader.pos(kind), reader.field(kind), what, _SUFFIXES[kind]
            )
            if ref
            else None
        )
        leaf_id = self._id(reader, slugify(posixpath.splitext(posixpath.basename(ref))[0]))
        title = reader.text("title", nonblank=True)
        if href is None:
            return None
        check_unique(
            self.files,
            href,
            reader.pos(kind),
            reader.field(kind),
            what,
            self.ctx.diagnostics,
            "list each file once in the outline",
        )
        if kind == "lesson":
            return load_lesson(self.ctx, href, leaf_id, title, node.pos)
        return load_quiz(self.ctx, href, leaf_id, title, node.pos, field)

    def _id(self, reader: MapReader, default: str) -> str:
        value = self.ctx.read_id(reader, default)
        check_unique(
            self.ids,
            value,
            reader.pos("id"),
            reader.field("id"),
            "id",
            self.ctx.diagnostics,
            "give one of them a different `id`",
        )
        return value


def _needs_kind(pos: SourcePos, field: str) -> Diagnostic:
    return error(
        "outline entry needs `lesson`, `quiz` or `children`",
        pos,
        field,
        "a section is `title` + `children`; a leaf is `lesson: PATH` or `quiz: PATH`",
    )
