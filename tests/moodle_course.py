"""A course holding every question type, built directly in the model for the Moodle targets.

Built here rather than loaded from YAML so the Moodle tests pin exactly what each
question holds (golden files depend on it) and run without the loader.
"""

from __future__ import annotations

from pathlib import Path

from lmsexport.errors import SourcePos
from lmsexport.model import (
    Blank,
    Choice,
    Cloze,
    Course,
    Essay,
    Feedback,
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

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def every_question(course_id: str = "sample") -> tuple:  # type: ignore[type-arg]
    """One question per source type, with feedback, math, escapes and an image."""
    fb = Feedback(general="See *chapter 2*.", correct="Right.", incorrect="Not quite.")
    ident = f"{course_id}-q"
    return (
        SingleChoice(
            id="troika",
            ident=f"{ident}1",
            title="The troika",
            prompt="Who formed the troika with Stalin? ![Kremlin](../media/dot.png)",
            feedback=fb,
            choices=(
                Choice("a", "Kamenev and Zinoviev", True, "Yes."),
                Choice("b", "Bukharin & Rykov", False, "No: they came later."),
                Choice("c", "Trotsky {alone}", False),
            ),
        ),
        MultipleResponse(
            id="plans",
            ident=f"{ident}2",
            title="Five-year plans",
            prompt="Which were goals of the first plan? Tick all that apply.",
            points=2,
            partial_credit=True,
            shuffle=False,
            choices=(
                Choice("a", "Heavy industry", True),
                Choice("b", "Electrification", True),
                Choice("c", "Consumer goods", False, "Not a priority."),
            ),
        ),
        TrueFalse(
            id="nep",
            ident=f"{ident}3",
            title="NEP",
            prompt="The NEP allowed small private trade.",
            feedback=Feedback(correct="Yes, it did.", incorrect="It did: see Lenin's 1921 speech."),
            answer=True,
        ),
        ShortAnswer(
            id="capital",
            ident=f"{ident}4",
            title="Capital",
            prompt="Which city became the capital in 1918?",
            answers=("Moscow", "Moskva"),
            feedback=Feedback(incorrect="Petrograd was the old capital."),
        ),
        Numeric(
            id="year",
            ident=f"{ident}5",
            title="Year of death",
            prompt="In which year did Lenin die? $x = 1924$",
            answer=NumericAnswer("exact", value=1924),
        ),
        Numeric(
            id="growth",
            ident=f"{ident}6",
            title="Growth",
            prompt="Roughly what percentage growth was claimed?",
            answer=NumericAnswer("tolerance", value=18.5, tolerance=1.5),
        ),
        Numeric(
            id="range",
            ident=f"{ident}7",
            title="Range",
            prompt="Give a year of the Great Terror.",
            answer=NumericAnswer("range", min=1936, max=1938),
        ),
        Essay(
            id="why",
            ident=f"{ident}8",
            title="Why Stalin won",
            prompt="Explain why Stalin won the power struggle.",
            points=10,
            rubric="Two marks per **reason**.",
            model_answer="He controlled the party apparatus.",
        ),
        Matching(
            id="roles",
            ident=f"{ident}9",
            title="Roles",
            prompt="Match each person with a role.",
            pairs=(
                MatchPair("a", "Trotsky", "Red Army"),
                MatchPair("b", "Stalin", "General Secretary"),
            ),
            distractors=("Tsar",),
        ),
        Ordering(
            id="order",
            ident=f"{ident}10",
            title="Order",
            prompt="Put the events in order.",
            items=(
                OrderItem("a", "Revolution"),
                OrderItem("b", "Civil war"),
                OrderItem("c", "NEP"),
            ),
        ),
        Cloze(
            id="blanks",
            ident=f"{ident}11",
            title="Blanks",
            prompt="The {{city}} was renamed {{name}} in 1924.",
            points=2,
            blanks=(
                Blank("city", ("Petrograd",)),
                Blank("name", ("Leningrad", "St. Leningrad/~"), case_sensitive=True),
            ),
        ),
    )


def sample_course(root: Path, course_id: str = "sample", questions: tuple = ()) -> Course:  # type: ignore[type-arg]
    """The course (or one quiz of ``questions``), with its one image written under ``root``."""
    media_dir = root / "media"
    media_dir.mkdir(parents=True, exist_ok=True)
    image = media_dir / "dot.png"
    image.write_bytes(PNG)
    media = Media(image, "media/dot.png", "image/png", "0" * 64, len(PNG))
    quiz = Quiz(
        id="check",
        ident=f"{course_id}-check",
        slug="check",
        title="Check your understanding",
        source=root / "quizzes" / "check.yaml",
        href="quizzes/check.yaml",
        questions=questions or every_question(course_id),
        instructions="Answer every question.",
        media=(media,),
        pos=SourcePos(root / "quizzes" / "check.yaml", 1, 1),
    )
    section = Section(
        id="unit", ident=f"{course_id}-unit", title="Power / Terror", children=(quiz,)
    )
    return Course(
        id=course_id, ident=f"{course_id}-c", title="Stalin's USSR", root=root, outline=(section,)
    )
