"""State shared by the question readers of one quiz file."""

from __future__ import annotations

from dataclasses import dataclass, field

from lmsexport.errors import Diagnostic, SourcePos
from lmsexport.loaders.context import LoadContext
from lmsexport.loaders.embedded import Embedded
from lmsexport.loaders.fields import ListItem, MapReader
from lmsexport.loaders.references import Reference
from lmsexport.loaders.yamlnodes import Map


@dataclass
class QuizContext:
    """One quiz being loaded: where it is, its source lines, and the media its texts use."""

    ctx: LoadContext
    href: str
    lines: tuple[str, ...] = ()
    embedded: Embedded = field(default_factory=Embedded)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The course load's diagnostics, so every question reports into the same list."""
        return self.ctx.diagnostics

    def reader(self, node: Map, what: str, allowed: tuple[str, ...], field: str) -> MapReader:
        """A :class:`MapReader` reporting into the course's diagnostics, so question loaders need not pass them."""
        return MapReader(node, self.ctx.diagnostics, what=what, allowed=allowed, field=field)

    def markdown(
        self, reader: MapReader, key: str, required: bool = False, default: str = ""
    ) -> str:
        """A Markdown text value; its images and links are checked relative to the quiz file."""
        text = reader.text(key, default, required)
        self.check(text, reader.pos(key), reader.field(key))
        return text

    def markdown_list(self, reader: MapReader, key: str, required: bool = False) -> list[ListItem]:
        """A list of Markdown texts with their positions, each one's references checked."""
        located = reader.located_texts(key, required)
        for item in located:
            self.check(item.text, item.pos, reader.field(item.key))
        return located

    def check(self, text: str, pos: SourcePos, field: str) -> None:
        """Check the references of Markdown ``text`` written at ``pos``."""

        def where(_ref: Reference) -> SourcePos:
            return pos

        self.embedded.scan(text, self.href, self.ctx.files, where, field)

    def find(
        self, needle: str, after: SourcePos, before_line: int | None, skip: int = 0
    ) -> SourcePos | None:
        """Where ``needle`` is written for the ``skip + 1``-th time from ``after`` on, before ``before_line``.

        Parsed values lose the columns of their parts; a problem inside a text
        (a bad marker in a prompt) is found again in the source so the report
        points at it.  ``None`` when it is not there as written (YAML escapes).
        """
        last = len(self.lines) if before_line is None else min(before_line - 1, len(self.lines))
        for line in range(after.line, last + 1):
            text = self.lines[line - 1]
            column = text.find(needle, max(after.column - 1, 0) if line == after.line else 0)
            while column >= 0:
                if not skip:
                    return SourcePos(after.file, line, column + 1)
                skip -= 1
                column = text.find(needle, column + len(needle))
        return None
