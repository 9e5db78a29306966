"""Diagnostics and the exceptions that carry them.

Every problem the tool finds in user input is a :class:`Diagnostic` pinned to a
:class:`SourcePos`, so the CLI can print ``path:line:col: error: message`` and a
library caller can inspect the same data without parsing text.  Exceptions
inherit from both our base class and a builtin so callers may catch either.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourcePos:
    """A 1-based line and column in a source file (column 0 means "whole line")."""

    file: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return str(self.file)
        if self.column <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


class Severity(enum.Enum):
    """How bad a diagnostic is; ``ERROR`` stops a build, ``WARNING`` does not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the source, a package or a generated file.

    ``field`` names the offending key (``questions[2].choices``) so that users
    can find it even when the line number points at a parent mapping.
    """

    severity: Severity
    message: str
    pos: SourcePos | None = None
    field: str | None = None
    hint: str | None = None
    code: str | None = None

    def format(self) -> str:
        """Render as ``path:line:col: severity: message [field] (hint)``."""
        where = f"{self.pos}: " if self.pos is not None else ""
        text = f"{where}{self.severity.value}: {self.message}"
        if self.field:
            text += f" [{self.field}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING


error = partial(Diagnostic, Severity.ERROR)
"""``error(message, pos=None, field=None, hint=None, code=None)``: an error diagnostic."""

warning = partial(Diagnostic, Severity.WARNING)
"""``warning(message, pos=None, field=None, hint=None, code=None)``: a warning diagnostic."""


NOT_SCHEMA_CHECKED = "NOT-SCHEMA-CHECKED"
"""Code of the warning that an artifact (or part of it) had no official schema to check it.

The build report marks such artifacts ``partial`` rather than ``valid``."""


class LmsExportError(Exception):
    """Base class of every error this library raises on purpose."""


class SourceError(LmsExportError, ValueError):
    """The course source is invalid; ``diagnostics`` lists every problem found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class ExportError(LmsExportError, RuntimeError):
    """A target could not produce or validate its package."""

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__(message)


class SchemaSetMissing(LmsExportError, LookupError):
    """An official schema set needed for validation is not installed."""

    def __init__(self, set_name: str) -> None:
        self.set_name = set_name
        super().__init__(
            f"schema set '{set_name}' not found; point --schemas or LMSEXPORT_SCHEMAS at a folder "
            f"holding it, or run 'lmsexport schemas install --from DIR|URL'"
        )
