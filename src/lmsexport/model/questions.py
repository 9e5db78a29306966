"""Quiz questions: one frozen dataclass per question type.

Text fields (``prompt``, choice ``text``, feedback) hold Markdown exactly as the
author wrote it; targets render it with :mod:`lmsexport.render`.  Every object
keeps the :class:`SourcePos` of the mapping it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

from lmsexport.errors import SourcePos


@dataclass(frozen=True)
class Feedback:
    """General feedback is always shown; correct/incorrect depend on the answer."""

    general: str = ""
    correct: str = ""
    incorrect: str = ""


@dataclass(frozen=True)
class Choice:
    """One option of a single-choice or multiple-response question.

    ``id`` is a short, stable token (``a``, ``b``, ...) unique within its question.
    """

    id: str
    text: str
    correct: bool
    feedback: str = ""
    pos: SourcePos | None = None


@dataclass(frozen=True, kw_only=True)
class Question:
    """Fields shared by every question type.

    ``id`` is the author's (or positional) id, unique within the quiz; ``ident``
    is a globally unique, stable XML ``xs:ID`` derived from the course id, the
    quiz path and ``id``.
    """

    TYPE: ClassVar[str] = ""

    id: str
    ident: str
    title: str
    prompt: str
    points: float = 1.0
    feedback: Feedback = field(default_factory=Feedback)
    pos: SourcePos | None = None
    source_field: str = ""  # "questions[1]": how diagnostics at ``pos`` name it, if loaded

    @property
    def type(self) -> str:
        """The quiz YAML ``type`` of this question, for templates and lookup tables."""
        return self.TYPE

    @property
    def auto_scored(self) -> bool:
        """Whether software can mark the answer; ``False`` leaves the points to a teacher.

        The one place that decides it: page scoring, quiz headers and every
        target's loss warnings ask this instead of testing for essays, so a new
        hand-marked type changes its class, not each target.
        """
        return True


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    """Exactly one correct choice."""

    TYPE: ClassVar[str] = "single_choice"
    choices: tuple[Choice, ...]
    shuffle: bool = True

    @property
    def correct_choice(self) -> Choice:
        """The one right choice (the loader guarantees exactly one)."""
        return next(c for c in self.choices if c.correct)


@dataclass(frozen=True, kw_only=True)
class MultipleResponse(Question):
    """One or more correct choices; the learner ticks all that apply.

    With ``partial_credit`` each correct tick earns a share of the points and each
    wrong tick removes one (never below zero); otherwise all-or-nothing.
    """

    TYPE: ClassVar[str] = "multiple_response"
    choices: tuple[Choice, ...]
    shuffle: bool = True
    partial_credit: bool = False

    @property
    def correct_choices(self) -> tuple[Choice, ...]:
        """The choices to tick, in source order, as scorers and answer keys need them."""
        return tuple(c for c in self.choices if c.correct)


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    """A statement that is either true or false."""

    TYPE: ClassVar[str] = "true_false"
    answer: bool


@dataclass(frozen=True, kw_only=True)
class ShortAnswer(Question):
    """A typed word or phrase; any of ``answers`` is accepted."""

    TYPE: ClassVar[str] = "short_answer"
    answers: tuple[str, ...]
    case_sensitive: bool = False


@dataclass(frozen=True)
class NumericAnswer:
    """An accepted numeric answer: exact, ``value`` +/- ``tolerance``, or ``[min, max]``.

    ``kind`` tells which fields are meaningful; :attr:`low`/:attr:`high` give the
    accepted closed interval for every kind.
    """

    kind: Literal["exact", "tolerance", "range"]
    value: float | None = None
    tolerance: float = 0.0
    min: float | None = None
    max: float | None = None

    @property
    def low(self) -> float:
        """The smallest accepted number, so every target scores all three kinds as one closed interval."""
        if self.kind == "range":
            assert self.min is not None
            return self.min
        assert self.value is not None
        return self.value - self.tolerance

    @property
    def high(self) -> float:
        """The largest accepted number (see :attr:`low`)."""
        if self.kind == "range":
            assert self.max is not None
            return self.max
        assert self.value is not None
        return self.value + self.tolerance


@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    """A number typed by the learner."""

    TYPE: ClassVar[str] = "numeric"
    answer: NumericAnswer


@dataclass(frozen=True, kw_only=True)
class Essay(Question):
    """Free text marked by a person; ``model_answer`` and ``rubric`` guide graders."""

    TYPE: ClassVar[str] = "essay"
    model_answer: str = ""
    rubric: str = ""

    @property
    def auto_scored(self) -> bool:
        """An essay's answer is free text that only a person can judge."""
        return False


@dataclass(frozen=True)
class MatchPair:
    """A prompt (left) and the response (right) that belongs to it."""

    id: str
    left: str
    right: str
    pos: SourcePos | None = None


@dataclass(frozen=True, kw_only=True)
class Matching(Question):
    """Match every left item with its right item; ``distractors`` are extra right items."""

    TYPE: ClassVar[str] = "matching"
    pairs: tuple[MatchPair, ...]
    distractors: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrderItem:
    """One item of an ordering question."""

    id: str
    text: str
    pos: SourcePos | None = None


@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    """Put ``items`` in order; the source lists them in the correct order."""

    TYPE: ClassVar[str] = "ordering"
    items: tuple[OrderItem, ...]


@dataclass(frozen=True)
class Blank:
    """One gap of a cloze question, written ``{{id}}`` in the prompt."""

    id: str
    answers: tuple[str, ...]
    case_sensitive: bool = False
    pos: SourcePos | None = None


@dataclass(frozen=True, kw_only=True)
class Cloze(Question):
    """Fill in multiple blanks; each blank scores an equal share of the points."""

    TYPE: ClassVar[str] = "cloze"
    blanks: tuple[Blank, ...]


AnyQuestion = (
    SingleChoice
    | MultipleResponse
    | TrueFalse
    | ShortAnswer
    | Numeric
    | Essay
    | Matching
    | Ordering
    | Cloze
)

QUESTION_TYPES: dict[str, type[Question]] = {
    cls.TYPE: cls
    for cls in (
        SingleChoice,
        MultipleResponse,
        TrueFalse,
        ShortAnswer,
        Numeric,
        Essay,
        Matching,
        Ordering,
        Cloze,
    )
}
"""Question classes keyed by the ``type`` value used in quiz YAML."""

BLANK_PATTERN = r"\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}"
"""How a cloze prompt marks a blank: ``{{name}}``."""
