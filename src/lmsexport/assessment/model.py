"""The assessment model: quiz questions rendered once, in the shape QTI templates need.

The course model keeps Markdown and author ids; every QTI version needs the
same derived facts (rendered stems and choices, response identifiers, the
media an item uses, per-answer scores).  Computing them here, once, keeps the
three QTI targets from drifting apart: they differ only in XML vocabulary.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

from lmsexport.assessment.plainmd import plain_html
from lmsexport.assessment.xhtml import Fragment, may_hold_url, rewrite
from lmsexport.model import (
    AnyQuestion,
    Cloze,
    Essay,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from lmsexport.model.ids import slugify
from lmsexport.model.questions import BLANK_PATTERN
from lmsexport.render.markdown import to_html

EMPTY = Markup("")
"""Absent rendered content; falsy, so templates can test it."""

UrlPolicy = Callable[[str], str]
"""Turns a local URL (relative to the item file) into what the target writes."""


@dataclass(frozen=True)
class Option:
    """A choice, match target, ordering item or cloze answer with a response identifier."""

    ident: str
    html: Markup
    correct: bool = False
    feedback: Markup = EMPTY


@dataclass(frozen=True)
class Pair:
    """A matching prompt (``source``) and the identifier of the option it belongs to."""

    source: Option
    target_ident: str


@dataclass(frozen=True)
class Gap:
    """One cloze blank: response identifier, accepted answers, case rule."""

    ident: str
    name: str
    answers: tuple[Option, ...]
    case_sensitive: bool


@dataclass(frozen=True)
class ItemFeedback:
    """Rendered general / correct / incorrect feedback (empty markup when absent)."""

    general: Markup
    correct: Markup
    incorrect: Markup

    @property
    def outcome(self) -> bool:
        """True when correct or incorrect feedback depends on the score."""
        return bool(self.correct or self.incorrect)


@dataclass(frozen=True)
class AssessmentItem:
    """One question, rendered for one file of one package.

    ``options`` holds the choices (single/multiple/true-false), the match targets
    including distractors (matching) or the items in correct order (ordering);
    ``pairs`` the matching prompts; ``gaps`` the cloze blanks, whose positions are
    marked ``{{name}}`` in ``prompt``.  ``refs`` lists every package file the
    item's content uses.
    """

    question: AnyQuestion
    ident: str
    href: str
    title: str
    points: float
    prompt: Markup
    feedback: ItemFeedback
    options: tuple[Option, ...] = ()
    pairs: tuple[Pair, ...] = ()
    gaps: tuple[Gap, ...] = ()
    rubric: Markup = EMPTY
    model_answer: Markup = EMPTY
    refs: tuple[str, ...] = ()

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def choice_feedback(self) -> bool:
        return any(option.feedback for option in self.options)

    @property
    def share(self) -> float:
        """Score (of 1) of one scoring unit: a matched pair, a filled gap, a correct tick."""
        if self.pairs:
            return 1 / len(self.pairs)
        if self.gaps:
            return 1 / len(self.gaps)
        correct = sum(1 for option in self.options if option.correct)
        return 1 / correct if correct else 1.0

    @property
    def has_feedback(self) -> bool:
        return bool(self.feedback.general or self.feedback.outcome or self.choice_feedback)

    @property
    def scoring(self) -> str:
        """How the response is scored: ``match`` (all or nothing against the correct
        response), ``map`` (sum of mapped values), ``tolerance``, ``range``, ``gaps``
        (sum over cloze gaps) or ``manual`` (scored by a person)."""
        q = self.question
        if not q.auto_scored:
            return "manual"
        if isinstance(q, Cloze):
            return "gaps"
        if isinstance(q, Numeric):
            return "match" if q.answer.kind == "exact" else q.answer.kind
        if isinstance(q, ShortAnswer | Matching) or (
            isinstance(q, MultipleResponse) and q.partial_credit
        ):
            return "map"
        return "match"

    @property
    def rp_template(self) -> str:
        """The standard response-processing template that scores this item exactly,
        or ``""`` when explicit rules are needed (feedback, tolerance, gaps)."""
        if self.has_feedback:
            return ""
        return {"match": "match_correct", "map": "map_response"}.get(self.scoring, "")

    @property
    def modal_feedback(self) -> tuple[tuple[str, Markup], ...]:
        """``(outcome identifier, content)`` of every feedback the item can show."""
        shown: list[tuple[str, Markup]] = []
        if self.feedback.general:
            shown.append(("general", self.feedback.general))
        if self.scoring != "manual":
            shown += [
                (ident, html)
                for ident, html in (
                    ("correct", self.feedback.correct),
                    ("incorrect", self.feedback.incorrect),
                )
                if html
            ]
        shown += [(o.ident, o.feedback) for o in self.options if o.feedback]
        return tuple(shown)

    @property
    def expected_length(self) -> int:
        """Width hint for text entry: the longest accepted answer plus some slack."""
        q = self.question
        answers: list[str] = []
        if isinstance(q, ShortAnswer):
            answers = list(q.answers)
        elif isinstance(q, Numeric):
            answers = [str(q.answer.high), str(q.answer.low)]
        answers += [str(a.html) for g in self.gaps for a in g.answers]
        return max((len(a) for a in answers), default=10) + 5

    def gap(self, name: str) -> Gap:
        """The cloze gap written ``{{name}}`` in the prompt."""
        return next(g for g in self.gaps if g.name == name)


@dataclass(frozen=True)
class AssessmentQuiz:
    """A quiz with its rendered items, in source order."""

    quiz: Quiz
    ident: str
    title: str
    instructions: Markup
    items: tuple[AssessmentItem, ...]

    @property
    def points(self) -> float:
        return sum(item.points for item in self.items)

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(ref for item in self.items for ref in item.refs))


class _Renderer:
    """Markdown of one quiz to fragments for a file at ``page_href``, collecting refs."""

    def __init__(self, quiz: Quiz, page_href: str, url: UrlPolicy, qti_subset: bool) -> None:
        self._quiz = quiz
        self._page = page_href
        self._url = url
        self._qti_subset = qti_subset
        self.refs: list[str] = []

    def __call__(self, text: str, *, inline: bool = False) -> Markup:
        if not text:
            return EMPTY
        html = _portable_html(text, inline)
        if html is None:
            html = to_html(text, source_href=self._quiz.href, page_href=self._page, inline=inline)
        fragment: Fragment = rewrite(
            html,
            base_dir=posixpath.dirname(self._page),
            url=self._url,
            qti_subset=self._qti_subset,
        )
        self.refs.extend(fragment.refs)
        return fragment.markup


@lru_cache(maxsize=16384)
def _portable_html(text: str, inline: bool) -> str | None:
    """The HTML of ``text`` when it holds no URL (so is the same in every file), else ``None``.

    Every QTI target renders the same prompts and choices again and Markdown
    parsing is the costly part, so the URL-free majority is cached; bounded, so a
    long batch of courses does not grow without limit.
    """
    html = plain_html(text, inline=inline) or to_html(text, inline=inline)
    return None if may_hold_url(html) else html


def response_ident(*parts: str) -> str:
    """A QTI identifier built from readable parts (``C_a``, ``G_first-name``)."""
    return "_".join(re.sub(r"[^A-Za-z0-9_.-]", "-", part) for part in parts)


def build_item(
    question: AnyQuestion,
    quiz: Quiz,
    *,
    href: str,
    url: UrlPolicy = lambda value: value,
    qti_subset: bool = True,
) -> AssessmentItem:
    """Render ``question`` for the package file ``href`` (media URLs relative to it)."""
    md = _Renderer(quiz, href, url, qti_subset)
    feedback = ItemFeedback(
        md(question.feedback.general),
        md(question.feedback.correct),
        md(question.feedback.incorrect),
    )
    prompt = md(question.prompt)
    options: tuple[Option, ...] = ()
    pairs: tuple[Pair, ...] = ()
    gaps: tuple[Gap, ...] = ()
    rubric = model_answer = EMPTY
    if isinstance(question, SingleChoice | MultipleResponse):
        options = tuple(
            Option(response_ident("C", c.id), md(c.text, inline=True), c.correct, md(c.feedback))
            for c in question.choices
        )
    elif isinstance(question, TrueFalse):
        options = (
            Option("true", Markup("True"), question.answer),
            Option("false", Markup("False"), not question.answer),
        )
    elif isinstance(question, Matching):
        targets = [
            Option(response_ident("T", p.id), md(p.right, inline=True), True)
            for p in question.pairs
        ]
        targets += [
            Option(response_ident("D", str(n)), md(text, inline=True))
            for n, text in enumerate(question.distractors, start=1)
        ]
        options = tuple(targets)
        pairs = tuple(
            Pair(Option(response_ident("S", p.id), md(p.left, inline=True), True), target.ident)
            for p, target in zip(question.pairs, targets, strict=False)
        )
    elif isinstance(question, Ordering):
        options = tuple(
            Option(response_ident("O", i.id), md(i.text, inline=True), True) for i in question.items
        )
    elif isinstance(question, Cloze):
        gaps = tuple(
            Gap(
                response_ident("G", slugify(b.id, "blank")),
                b.id,
                tuple(
                    Option(
                        response_ident("A", slugify(b.id, "blank"), str(n)), Markup.escape(a), True
                    )
                    for n, a in enumerate(b.answers, start=1)
                ),
                b.case_sensitive,
            )
            for b in question.blanks
        )
    elif isinstance(question, Essay):
        rubric = md(question.rubric)
        model_answer = md(question.model_answer)
    return AssessmentItem(
        question=question,
        ident=question.ident,
        href=href,
        title=question.title,
        points=question.points,
        prompt=prompt,
        feedback=feedback,
        options=options,
        pairs=pairs,
        gaps=gaps,
        rubric=rubric,
        model_answer=model_answer,
        refs=tuple(dict.fromkeys(md.refs)),
    )


def build_quiz(
    quiz: Quiz,
    *,
    item_href: Callable[[AnyQuestion], str],
    quiz_href: str,
    url: UrlPolicy = lambda value: value,
    qti_subset: bool = True,
) -> AssessmentQuiz:
    """Render every question of ``quiz``; ``item_href`` names the file each item goes to."""
    items = tuple(
        build_item(q, quiz, href=item_href(q), url=url, qti_subset=qti_subset)
        for q in quiz.questions
    )
    md = _Renderer(quiz, quiz_href, url, qti_subset)
    instructions = md(quiz.instructions)
    return AssessmentQuiz(quiz, quiz.ident, quiz.title, instructions, items)


def fill_gaps(prompt: Markup, render_gap: Callable[[str], Markup]) -> Markup:
    """Replace each ``{{name}}`` marker of a cloze prompt with ``render_gap(name)``.

    ``render_gap`` returns template output (an interaction element or Canvas's
    ``[name]``), so the result stays well-formed markup.
    """
    return Markup(re.sub(BLANK_PATTERN, lambda m: str(render_gap(m.group(1))), str(prompt)))
