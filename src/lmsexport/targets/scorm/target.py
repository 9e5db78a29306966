"""What the SCORM 1.2 and 2004 targets share: checks, packaging and verification.

Each version subclasses :class:`ScormTarget` and supplies only its manifest
(template, schema kind, schema set).  The official XSD control files come from
the schema registry and sit at the package root, as ADL's test suite expects.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from lmsexport.errors import Diagnostic, SchemaSetMissing, SourcePos, error, warning
from lmsexport.model import (
    AnyQuestion,
    Cloze,
    Course,
    Essay,
    Matching,
    MultipleResponse,
    Ordering,
    Quiz,
    ShortAnswer,
    SingleChoice,
)
from lmsexport.render.leaflinks import unlinked_warnings
from lmsexport.render.plaintext import plain_text
from lmsexport.render.references import broken_references
from lmsexport.render.site import PageOptions
from lmsexport.targets.base import Artifact, BuildContext, OutputFile
from lmsexport.targets.scorm.integrity import check_package
from lmsexport.targets.scorm.interactions import ALPHABET, Version
from lmsexport.targets.scorm.limits import Overflow, overflows
from lmsexport.targets.scorm.options import ScormOptions, read_options
from lmsexport.targets.scorm.package import (
    SUSPEND_LIMITS,
    PackageContent,
    build_content,
    leaf_links,
)

# Rough worst-case characters a question adds to suspend_data (JSON of its state).
_STATE_OVERHEAD = 40
_FREE_TEXT = 255
_ESSAY_TEXT = 2000


class ScormTarget(ABC):
    """Base of both SCORM targets; subclasses set the class variables and the manifest."""

    name: ClassVar[str]
    title: ClassVar[str]
    schema_sets: ClassVar[tuple[str, ...]]
    version: ClassVar[Version]

    def options(self, course: Course, ctx: BuildContext) -> ScormOptions:
        return read_options(course, ctx.options, self.name)[0]

    def schema_set(self, options: ScormOptions) -> str:
        return self.schema_sets[0]

    @abstractmethod
    def manifest_files(
        self, course: Course, content: PackageContent, options: ScormOptions
    ) -> list[OutputFile]:
        """``imsmanifest.xml`` (tagged with its schema kind) and any metadata file."""

    def check(self, course: Course, ctx: BuildContext) -> Sequence[Diagnostic]:
        options, problems = read_options(course, ctx.options, self.name)
        single_sco = options.granularity == "course"
        problems.extend(
            self._overflow(o, ctx.strict) for o in overflows(course, self.version, single_sco)
        )
        for quiz in course.quizzes:
            problems.extend(self._vocabulary(quiz))
        # suspend_data belongs to one SCO: a single-SCO package keeps every quiz in it.
        if options.granularity == "course":
            problems.extend(self._budget(course.quizzes, f"course '{course.title}'", course.pos))
        else:
            for quiz in course.quizzes:
                problems.extend(self._budget((quiz,), f"quiz '{quiz.title}'", quiz.pos))
        pages = PageOptions(leaf_links=leaf_links(options))
        problems.extend(unlinked_warnings(course, pages, self.name))
        return problems

    def _overflow(self, overflow: Overflow, strict: bool) -> Diagnostic:
        """A value over a manifest limit: shortened with a warning, else an error."""
        message = (
            f"{self.name}: {overflow.what} has {overflow.length} characters; "
            f"{overflow.rule} {overflow.limit}"
        )
        args = (overflow.pos, overflow.field, overflow.hint, "SCORM-VALUE-LENGTH")
        if strict or not overflow.fixable:
            return error(message, *args)
        tail = overflow.shortened[-40:]
        return warning(f"{message}; the package cuts it to end in '{tail}'", *args)

    def _vocabulary(self, quiz: Quiz) -> list[Diagnostic]:
        """1.2 encodes choices as one character each: more than 36 cannot be reported."""
        if self.version != "1.2":
            return []
        return [
            error(
                f"{self.name}: question '{q.id}' has {count} options; SCORM 1.2 can report "
                f"at most {len(ALPHABET)}",
                q.pos,
            )
            for q in quiz.questions
            if (count := _option_count(q)) > len(ALPHABET)
        ]

    def _budget(
        self, quizzes: Sequence[Quiz], what: str, pos: SourcePos | None
    ) -> list[Diagnostic]:
        limit = SUSPEND_LIMITS[self.version]
        estimate = sum(_state_size(q) for quiz in quizzes for q in quiz.questions)
        if estimate <= limit:
            return []
        return [
            warning(
                f"{self.name}: saved answers of {what} may need up to about "
                f"{estimate} characters of suspend_data, over the {limit} this SCORM version "
                f"guarantees; long answers will not be restored on relaunch",
                pos,
                hint="split the quiz, use one SCO per quiz, or use SCORM 2004",
                code="SCORM-SUSPEND-BUDGET",
            )
        ]

    def render(self, course: Course, ctx: BuildContext) -> Sequence[Artifact]:
        options = self.options(course, ctx)
        content = build_content(course, options, self.version)
        files = [*content.files, *self.manifest_files(course, content, options)]
        files += self._control_files(options, ctx)
        return (Artifact(f"{course.id}-{self.name}.zip", tuple(files)),)

    def _control_files(self, options: ScormOptions, ctx: BuildContext) -> list[OutputFile]:
        set_name = self.schema_set(options)
        try:
            found = ctx.schemas.control_files(set_name)
        except SchemaSetMissing as exc:
            message = f"{self.name}: XSD control files not added to the package: {exc}"
            ctx.diagnostics.append(error(message) if ctx.strict else warning(message))
            return []
        return [OutputFile(member, path.read_bytes()) for member, path in sorted(found.items())]

    def verify(self, artifact: Artifact, ctx: BuildContext) -> Sequence[Diagnostic]:
        """The manifest's integrity, and every local link of every page kept in the package.

        Links between lessons stay links in a single SCO; a page they name must be
        in the package as surely as the files the manifest lists.
        """
        return [*check_package(artifact), *broken_references(artifact.files)]


def description_text(course: Course) -> str:
    """The course description as plain text, for LOM metadata."""
    return plain_text(course.description) if course.description else ""


def _option_count(question: AnyQuestion) -> int:
    if isinstance(question, SingleChoice | MultipleResponse):
        return len(question.choices)
    if isinstance(question, Matching):
        return len(question.pairs) + len(question.distractors)
    if isinstance(question, Ordering):
        return len(question.items)
    return 0


def _state_size(question: AnyQuestion) -> int:
    if isinstance(question, Essay):
        return _STATE_OVERHEAD + _ESSAY_TEXT
    if isinstance(question, ShortAnswer):
        return _STATE_OVERHEAD + _FREE_TEXT
    if isinstance(question, Cloze):
        return _STATE_OVERHEAD + _FREE_TEXT * len(question.blanks)
    return _STATE_OVERHEAD + 12 * max(1, _option_count(question))
