"""Multiple response with any number of correct choices: grades only from Moodle's list, adding
up to 100% as Moodle's multichoice save demands (``round(total, 2) == 1``), with a warning
whenever the shares cannot be equal."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from lxml import etree

from lmsexport.model import Choice, MultipleResponse
from lmsexport.targets.base import BuildContext
from lmsexport.targets.moodlexml.check import check_moodle_xml
from lmsexport.targets.moodlexml.fractions import ALLOWED, is_allowed, shares
from lmsexport.targets.registry import get_target
from moodle_course import sample_course

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
CTX = BuildContext(schemas=None)  # type: ignore[arg-type]


def many_correct(count: int, partial: bool = True) -> MultipleResponse:
    choices = [Choice(f"c{i}", f"Right {i}", True) for i in range(count)]
    return MultipleResponse(
        id="many",
        ident="many-1",
        title="Many",
        prompt="Tick every right one.",
        partial_credit=partial,
        choices=(*choices, Choice("x", "Wrong", False)),
    )


def moodle_fractions(tmp_path: Path, count: int) -> tuple[list[float], list[str]]:
    """The fractions written for ``count`` correct choices and the check's messages."""
    course = sample_course(tmp_path, questions=(many_correct(count),))
    target = get_target("moodlexml")
    messages = [d.message for d in target.check(course, CTX)]
    (artifact,) = target.render(course, CTX)
    data = artifact.files[0].data
    assert check_moodle_xml(data, Path("x.xml")) == []
    question = etree.fromstring(data, PARSER).find("question[@type='multichoice']")
    return [float(a.get("fraction")) / 100 for a in question.findall("answer")], messages


@pytest.mark.parametrize("count", [*range(1, 21)])
def test_every_count_up_to_20_adds_up_as_moodle_rounds_it(tmp_path: Path, count: int) -> None:
    fractions, _ = moodle_fractions(tmp_path, count)
    right, wrong = fractions[:count], fractions[count:]
    assert all(is_allowed(f) and f > 0 for f in right)
    assert round(sum(right), 2) == 1
    assert len(wrong) == 1 and is_allowed(wrong[0]) and wrong[0] < 0


def test_seven_correct_choices_get_moodles_one_seventh(tmp_path: Path) -> None:
    fractions, messages = moodle_fractions(tmp_path, 7)
    assert fractions == [0.1428571] * 7 + [-0.1428571]
    assert not [m for m in messages if "correct choices" in m]


def test_eleven_correct_choices_mix_the_nearest_grades_with_a_warning(tmp_path: Path) -> None:
    fractions, messages = moodle_fractions(tmp_path, 11)
    assert fractions == [0.1] * 9 + [0.05] * 2 + [-0.1]
    assert (
        "moodlexml: 11 correct choices: Moodle has no grade of 1/11, so 9 are worth 10% "
        "and 2 are worth 5% (the first correct choices get the larger share)"
    ) in messages
    gift = [
        d.message
        for d in get_target("gift").check(
            sample_course(tmp_path, questions=(many_correct(11),)), CTX
        )
    ]
    assert any("9 are worth 10%" in m for m in gift)


def test_shares_are_the_closest_mix_to_equal() -> None:
    assert shares(13) == (Fraction(1, 10),) * 7 + (Fraction(1, 20),) * 6
    for count in range(11, 20):
        found = shares(count)
        assert found is not None and sum(found) == 1 and set(found) <= ALLOWED


def test_more_than_twenty_correct_choices_is_an_error(tmp_path: Path) -> None:
    course = sample_course(tmp_path, questions=(many_correct(21),))
    (found,) = [d for d in get_target("moodlexml").check(course, CTX) if d.is_error]
    assert "21 correct choices: Moodle's smallest grade is 5%" in found.message
    assert shares(21) is None
