"""The small interface every export target implements.

A target turns a :class:`~lmsexport.model.Course` into one or more
:class:`Artifact` objects (files in memory, each XML file tagged with the schema
document kind that checks it).  The pipeline in :mod:`lmsexport.api`, not the
target, validates every tagged file and writes artifacts atomically, so targets
stay small and cannot skip validation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from lmsexport.errors import Diagnostic

if TYPE_CHECKING:
    from lmsexport.model import Course
    from lmsexport.schemas import SchemaRegistry


@dataclass(frozen=True)
class OutputFile:
    """One file of an artifact.

    ``path`` is the member name inside the zip (``/``-separated, no leading ``/``);
    ``schema`` is a document kind of the schema registry (e.g. ``"scorm12.manifest"``)
    or ``None`` for files no official schema covers.
    """

    path: str
    data: bytes
    schema: str | None = None


@dataclass(frozen=True)
class Artifact:
    """What a target writes to ``dist/``: a zip of ``files``, or a single file.

    ``filename`` is the output name (``<course-id>-<target>.zip``).  With
    ``zipped=False`` the artifact holds exactly one file, written as is.
    """

    filename: str
    files: tuple[OutputFile, ...]
    zipped: bool = True


@dataclass
class BuildContext:
    """What a target may read besides the course: options and the schema registry.

    ``options`` holds command-line settings (``strict``, ``lms``, target-specific
    switches such as ``scorm_edition``); course-level settings for a target are in
    ``course.options[target.name]``.  Targets report what they had to degrade by
    appending warnings to ``diagnostics``.
    """

    schemas: SchemaRegistry
    options: Mapping[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def strict(self) -> bool:
        return bool(self.options.get("strict", False))


@runtime_checkable
class Target(Protocol):
    """An export format.  Register it in :mod:`lmsexport.targets.registry`.

    ``schema_sets`` names the official schema sets (folders of the schema
    library) its files are validated against.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    schema_sets: ClassVar[tuple[str, ...]]

    def check(self, course: Course, ctx: BuildContext) -> Sequence[Diagnostic]:
        """Problems that stop this target (errors) or lose information (warnings)."""
        ...

    def render(self, course: Course, ctx: BuildContext) -> Sequence[Artifact]:
        """Produce the artifacts; must be deterministic for the same input."""
        ...

    def verify(self, artifact: Artifact, ctx: BuildContext) -> Sequence[Diagnostic]:
        """Semantic checks beyond XSD (ids resolve, files listed...) before writing."""
        ...
