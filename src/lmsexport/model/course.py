"""Course, outline, lessons, quizzes and media: the typed model every target reads.

The model is immutable and free of rendering: lessons keep their Markdown body,
media keep their absolute source path and the package-relative ``href`` every
target uses for them (the path relative to the course folder, with ``/``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmsexport.errors import SourcePos
from lmsexport.model.questions import AnyQuestion


@dataclass(frozen=True)
class Media:
    """A file a lesson or question refers to (image, audio, video, PDF)."""

    path: Path
    href: str
    mime: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Link:
    """An external (http/https) link found in a lesson, for web-link resources."""

    url: str
    title: str
    pos: SourcePos | None = None


@dataclass(frozen=True, kw_only=True)
class Lesson:
    """A Markdown page with its front matter.

    ``href`` is the course-relative path of the source (``lessons/intro.md``);
    ``slug`` is a file-name-safe stem targets use for output names.
    """

    id: str
    ident: str
    slug: str
    title: str
    body: str
    source: Path
    href: str
    objectives: tuple[str, ...] = ()
    duration: int | None = None
    media: tuple[Media, ...] = ()
    links: tuple[Link, ...] = ()
    pos: SourcePos | None = None
    body_line: int = 1

    kind = "lesson"


@dataclass(frozen=True, kw_only=True)
class Quiz:
    """A set of questions with its settings.

    ``pass_score`` is a percentage (0-100); ``attempts`` 0 means unlimited;
    ``time_limit`` is in minutes (``None``: untimed).
    """

    id: str
    ident: str
    slug: str
    title: str
    source: Path
    href: str
    questions: tuple[AnyQuestion, ...]
    instructions: str = ""
    shuffle: bool = False
    attempts: int = 0
    time_limit: int | None = None
    pass_score: float = 50.0
    media: tuple[Media, ...] = ()
    pos: SourcePos | None = None
    # How diagnostics at ``pos`` name the quiz ("outline[0].children[1]"), if loaded.
    source_field: str = ""

    kind = "quiz"

    @property
    def total_points(self) -> float:
        """The quiz's maximum score, which headers and LMS grade items show."""
        return sum(q.points for q in self.questions)


@dataclass(frozen=True, kw_only=True)
class Section:
    """An inner outline node (unit, chapter, topic...) holding sections or leaves.

    ``label`` is the author's name for the level (``unit``, ``chapter``), if any.
    """

    id: str
    ident: str
    title: str
    children: tuple[OutlineNode, ...]
    label: str = ""
    pos: SourcePos | None = None

    kind = "section"


OutlineNode = Section | Lesson | Quiz


@dataclass(frozen=True, kw_only=True)
class Course:
    """A whole course as loaded from one folder holding ``course.yaml``.

    ``options`` maps a target name to that target's settings from
    ``course.yaml``; each target validates its own.
    """

    id: str
    ident: str
    title: str
    root: Path
    outline: tuple[OutlineNode, ...]
    description: str = ""
    language: str = "en"
    version: str = "1.0.0"
    authors: tuple[str, ...] = ()
    license: str = ""
    keywords: tuple[str, ...] = ()
    pass_score: float = 50.0
    targets: tuple[str, ...] = ()
    options: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False)
    pos: SourcePos | None = None
    targets_pos: SourcePos | None = None

    def walk(self) -> Iterator[tuple[tuple[Section, ...], OutlineNode]]:
        """Yield every outline node depth-first with the sections above it."""

        def visit(
            nodes: tuple[OutlineNode, ...], parents: tuple[Section, ...]
        ) -> Iterator[tuple[tuple[Section, ...], OutlineNode]]:
            for node in nodes:
                yield parents, node
                if isinstance(node, Section):
                    yield from visit(node.children, (*parents, node))

        return visit(self.outline, ())

    @property
    def leaves(self) -> tuple[Lesson | Quiz, ...]:
        """Lessons and quizzes in outline order."""
        return tuple(n for _, n in self.walk() if not isinstance(n, Section))

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        """The lessons in outline order, for targets that treat them apart from quizzes."""
        return tuple(n for n in self.leaves if isinstance(n, Lesson))

    @property
    def quizzes(self) -> tuple[Quiz, ...]:
        """The quizzes in outline order, for targets that export only questions."""
        return tuple(n for n in self.leaves if isinstance(n, Quiz))

    @property
    def media(self) -> tuple[Media, ...]:
        """Every media file of the course once, sorted by href."""
        found = {m.href: m for leaf in self.leaves for m in leaf.media}
        return tuple(found[h] for h in sorted(found))
