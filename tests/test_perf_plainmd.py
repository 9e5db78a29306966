"""The plain-prose shortcut must render exactly what the Markdown parser renders."""

from __future__ import annotations

import random

import pytest

from lmsexport.assessment.plainmd import plain_html
from lmsexport.render.markdown import to_html

SAFE = "aZéЖ1 ,.;:?!'()/%-"
SYNTAX = '*_`[]<>&"$\\~|#+=\n\t{}^@'


@pytest.mark.parametrize(
    "text",
    [
        "Which year did Lenin die?",
        "Question 12: party congress (1927) voted 80% for it; why/how?",
        "Grain - industry -- exile --- debate.",
        "Don't panic!",
        "Пятилетка и коллективизация.",
        "A  b",
    ],
)
def test_plain_prose_takes_the_shortcut_and_matches_the_parser(text: str) -> None:
    assert plain_html(text) == to_html(text)
    assert plain_html(text, inline=True) == to_html(text, inline=True)


@pytest.mark.parametrize(
    "text",
    [
        "1. first",
        "- item",
        "# Title",
        "Use *this*",
        "a_b_c",
        "See [x](y)",
        "a\nb",
        "x ",
        "1924",
        "Tom & Jerry",
        "![i](p.png)",
        "$x$",
        "a | b",
        "<b>",
    ],
)
def test_syntax_is_left_to_the_parser(text: str) -> None:
    assert plain_html(text) is None


def test_random_text_never_differs_from_the_parser() -> None:
    rng = random.Random(8)
    taken = 0
    for _ in range(4000):
        alphabet = SAFE if rng.random() < 0.7 else SAFE + SYNTAX
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        shortcut = plain_html(text)
        if shortcut is not None:
            taken += 1
            assert shortcut == to_html(text), repr(text)
            assert plain_html(text, inline=True) == to_html(text, inline=True), repr(text)
    assert taken > 500
