"""A small but complete course built in code, for tests of every target.

``sample_course(tmp_path)`` returns the same :class:`Course` each time (only
``root`` and media paths change with ``tmp_path``): a top-level lesson, a
three-level outline (unit > chapter > topic), a quiz with all nine question
types, a second quiz with partial credit and a numeric range, an SVG image in a
lesson and a PNG image in a question.  Everything a target writes from it is
therefore stable enough for golden files.

Use it from a test module in ``tests/`` with ``from model_factory import sample_course``.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

from lmsexport.model import (
    AnyQuestion,
    Blank,
    Choice,
    Cloze,
    Course,
    Essay,
    Feedback,
    Lesson,
    Matching,
    MatchPair,
    Media,
    MultipleResponse,
    Numeric,
    NumericAnswer,
    Ordering,
    OrderItem,
    Quiz,
    Section,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from lmsexport.model.ids import make_ident

COURSE_ID = "soviet-union-sample"

TIMELINE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="320" height="60" viewBox="0 0 320 60">
<title>Timeline 1922-1929</title>
<line x1="10" y1="30" x2="310" y2="30" stroke="#333" stroke-width="2"/>
<text x="10" y="20" font-size="12">1922</text>
<text x="140" y="20" font-size="12">1924</text>
<text x="280" y="20" font-size="12">1929</text>
</svg>
"""


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid single-colour PNG, so a binary image travels through every target."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def _media(root: Path, href: str, data: bytes, mime: str) -> Media:
    path = root / href
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Media(path, href, mime, hashlib.sha256(data).hexdigest(), len(data))


def _ident(path: str) -> str:
    return make_ident(f"{COURSE_ID}/{path}")


def _lesson(
    root: Path,
    slug: str,
    title: str,
    body: str,
    *,
    objectives: tuple[str, ...] = (),
    duration: int | None = None,
    media: tuple[Media, ...] = (),
) -> Lesson:
    href = f"lessons/{slug}.md"
    return Lesson(
        id=slug,
        ident=_ident(href),
        slug=slug,
        title=title,
        body=body,
        source=root / href,
        href=href,
        objectives=objectives,
        duration=duration,
        media=media,
    )


POWER_STRUGGLE = """\
# After Lenin

Lenin died in January 1924 without naming an heir.[^testament] Five Politburo
members could claim to lead the party.

![Timeline of the years 1922 to 1929](../media/timeline.svg)

| Year | Event |
|-----:|-------|
| 1922 | Stalin becomes General Secretary |
| 1924 | Lenin dies |
| 1927 | Trotsky is expelled from the party |

The share of votes a faction needed at a congress is a simple ratio:
$\\frac{v}{d} > \\frac{1}{2}$ where $v$ counts its votes, and in display form

$$\\frac{v}{d} > \\frac{1}{2}$$

```text
1924  Socialism in One Country
1928  First Five-Year Plan
```

Read more in the [Wikipedia article](https://en.wikipedia.org/wiki/Joseph_Stalin).

[^testament]: Lenin's notes criticising Stalin were kept from the party congress.
"""

TROTSKY = """\
Trotsky had led the Red Army, yet many party members feared him as a
possible *Bonaparte*. He missed Lenin's funeral and argued for **permanent
revolution** when most members wanted peace at home.
"""

INTRODUCTION = """\
This sample course follows the struggle for power in the Soviet Union
between 1922 and 1929. Work through the lessons in order, then check your
understanding with the quizzes.
"""


def _check_questions(quiz_href: str) -> tuple[AnyQuestion, ...]:
    """One question of each of the nine types."""

    def ident(question_id: str) -> str:
        return make_ident(f"{COURSE_ID}/{quiz_href}#{question_id}")

    return (
        SingleChoice(
            id="troika",
            ident=ident("troika"),
            title="The troika",
            prompt="Who formed the troika with Stalin in 1923?",
            choices=(
                Choice("a", "Kamenev and Zinoviev", True, "Yes: both feared Trotsky."),
                Choice("b", "Bukharin and Rykov", False, "They allied with Stalin later."),
                Choice("c", "Trotsky and Lenin", False),
            ),
            feedback=Feedback(
                general="The troika ruled while Lenin was ill.",
                correct="Well done.",
                incorrect="Look again at the lesson on the power struggle.",
            ),
        ),
        MultipleResponse(
            id="advantages",
            ident=ident("advantages"),
            title="Stalin's advantages",
            prompt="Which of these helped Stalin? Select all that apply.",
            points=2,
            choices=(
                Choice("a", "His post as General Secretary", True),
                Choice("b", "Control over party appointments", True),
                Choice("c", "Command of the Red Army", False),
                Choice("d", "Lenin's full support in his notes", False),
            ),
        ),
        TrueFalse(
            id="funeral",
            ident=ident("funeral"),
            title="Lenin's funeral",
            prompt="Trotsky attended Lenin's funeral in January 1924.",
            answer=False,
            feedback=Feedback(incorrect="He was away in the south and did not return."),
        ),
        ShortAnswer(
            id="policy",
            ident=ident("policy"),
            title="Stalin's policy",
            prompt="Complete the name of Stalin's 1924 policy: Socialism in One ...",
            answers=("Country", "Land"),
        ),
        Numeric(
            id="death-year",
            ident=ident("death-year"),
            title="Lenin's death",
            prompt="In which year did Lenin die?",
            answer=NumericAnswer("exact", value=1924),
        ),
        Essay(
            id="why-stalin",
            ident=ident("why-stalin"),
            title="Why Stalin?",
            prompt="Explain in a paragraph why Stalin, not Trotsky, led the USSR by 1929.",
            points=4,
            model_answer="Stalin used his control of the party machine ...",
            rubric="Two reasons with evidence earn full marks.",
        ),
        Matching(
            id="people",
            ident=ident("people"),
            title="Who was who",
            prompt="Match each person with a description.",
            pairs=(
                MatchPair("p1", "Trotsky", "Founder of the Red Army"),
                MatchPair("p2", "Bukharin", "Leader of the party's right wing"),
                MatchPair("p3", "Stalin", "General Secretary from 1922"),
            ),
            distractors=("Head of the Cheka",),
        ),
        Ordering(
            id="sequence",
            ident=ident("sequence"),
            title="Put in order",
            prompt="Put these events in the order they happened.",
            items=(
                OrderItem("o1", "Stalin becomes General Secretary"),
                OrderItem("o2", "Lenin dies"),
                OrderItem("o3", "Trotsky is expelled from the party"),
            ),
        ),
        Cloze(
            id="gaps",
            ident=ident("gaps"),
            title="Fill the gaps",
            prompt=(
                "![Portrait placeholder](../media/portrait.png)\n\n"
                "Trotsky was exiled in {{exile}} and killed in {{country}}."
            ),
            points=2,
            blanks=(
                Blank("exile", ("1929",)),
                Blank("country", ("Mexico",)),
            ),
        ),
    )


def _review_quiz(root: Path) -> Quiz:
    href = "quizzes/unit-review.yaml"

    def ident(question_id: str) -> str:
        return make_ident(f"{COURSE_ID}/{href}#{question_id}")

    return Quiz(
        id="unit-review",
        ident=_ident(href),
        slug="unit-review",
        title="Unit review",
        source=root / href,
        href=href,
        instructions="You have **two** attempts.",
        attempts=2,
        time_limit=10,
        pass_score=80,
        questions=(
            MultipleResponse(
                id="q1",
                ident=ident("q1"),
                title="The United Opposition",
                prompt="Who formed the United Opposition of 1926?",
                partial_credit=True,
                shuffle=False,
                choices=(
                    Choice("a", "Trotsky", True),
                    Choice("b", "Zinoviev", True),
                    Choice("c", "Kamenev", True),
                    Choice("d", "Bukharin", False),
                ),
            ),
            Numeric(
                id="q2",
                ident=ident("q2"),
                title="Exile",
                prompt="Give a year between Trotsky's expulsion and his exile.",
                answer=NumericAnswer("range", min=1927, max=1929),
            ),
        ),
    )


def sample_course(tmp_path: Path) -> Course:
    """The sample course with its media files written below ``tmp_path``."""
    root = tmp_path / COURSE_ID
    timeline = _media(root, "media/timeline.svg", TIMELINE_SVG.encode(), "image/svg+xml")
    portrait = _media(root, "media/portrait.png", _png(4, 4, (120, 40, 40)), "image/png")
    check_href = "quizzes/check.yaml"
    check = Quiz(
        id="check",
        ident=_ident(check_href),
        slug="check",
        title="Check your understanding",
        source=root / check_href,
        href=check_href,
        instructions="Answer every question, then choose *Check answers*.",
        pass_score=70,
        questions=_check_questions(check_href),
        media=(portrait,),
    )
    power = _lesson(
        root,
        "power-struggle",
        "The power struggle, 1923-1929",
        POWER_STRUGGLE,
        objectives=("Name the members of the troika", "Explain Stalin's advantages"),
        duration=15,
        media=(timeline,),
    )
    topic_power = Section(
        id="power",
        ident=_ident("outline/power"),
        title="The power struggle",
        label="topic",
        children=(power, check),
    )
    topic_trotsky = Section(
        id="trotsky",
        ident=_ident("outline/trotsky"),
        title="Why Trotsky lost",
        label="topic",
        children=(_lesson(root, "trotsky", "Trotsky's weaknesses", TROTSKY, duration=5),),
    )
    chapter = Section(
        id="stalin",
        ident=_ident("outline/stalin"),
        title="Stalin's Soviet Union",
        label="chapter",
        children=(topic_power, topic_trotsky),
    )
    unit = Section(
        id="crisis",
        ident=_ident("outline/crisis"),
        title="The World in Crisis",
        label="unit",
        children=(chapter, _review_quiz(root)),
    )
    return Course(
        id=COURSE_ID,
        ident=make_ident(COURSE_ID),
        title="Stalin's Soviet Union (sample)",
        root=root,
        description="A short unit on how Stalin came to power & why Trotsky did not.",
        language="en-GB",
        authors=("A. Teacher",),
        license="CC-BY-4.0",
        keywords=("history", "USSR"),
        pass_score=70,
        outline=(_lesson(root, "introduction", "Introduction", INTRODUCTION), unit),
    )
