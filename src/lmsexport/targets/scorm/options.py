"""SCORM settings: command-line switches merged with ``course.options[target]``.

The command line wins over the course file for ``sco_granularity`` (a teacher
uploading to a picky LMS must not have to edit the source); completion rules
only come from the course, because they are a teaching decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from lmsexport.errors import Diagnostic, error
from lmsexport.model import Course
from lmsexport.targets.scorm.presets import PRESETS, Granularity, LmsPreset

Completion = Literal["open", "end", "time"]

_GRANULARITIES = ("leaf", "course")
_COMPLETIONS = ("open", "end", "time")
_COURSE_KEYS = frozenset({"sco_granularity", "completion", "completion_seconds"})


@dataclass(frozen=True)
class ScormOptions:
    """Resolved settings for one SCORM build.

    ``completion`` says when a lesson SCO reports ``completed``: as soon as it
    opens, when the learner reaches the end of the page, or after
    ``completion_seconds`` on the page.  ``lms`` is the ``--lms`` preset; its
    granularity applies only when neither the command line nor the course sets one.
    """

    granularity: Granularity = "leaf"
    completion: Completion = "end"
    completion_seconds: int = 60
    lms: LmsPreset = PRESETS["generic"]
    edition: int = 4


def read_options(
    course: Course, cli: Mapping[str, Any], target_name: str
) -> tuple[ScormOptions, list[Diagnostic]]:
    """Merge and check the settings; every problem is reported, defaults fill the gaps."""
    problems: list[Diagnostic] = []
    own = course.options.get(target_name, {})
    field_prefix = f"options.{target_name}"
    for key in sorted(set(own) - _COURSE_KEYS):
        problems.append(
            error(
                f"unknown {target_name} option '{key}'",
                course.pos,
                field=f"{field_prefix}.{key}",
                hint=f"known options: {', '.join(sorted(_COURSE_KEYS))}",
            )
        )

    def choice(value: Any, allowed: tuple[str, ...], key: str, default: str) -> str:
        if value is None:
            return default
        if value not in allowed:
            problems.append(
                error(
                    f"{key} must be one of {', '.join(allowed)}, not {value!r}",
                    course.pos,
                    field=f"{field_prefix}.{key}",
                )
            )
            return default
        return str(value)

    lms = PRESETS[choice(cli.get("lms"), tuple(PRESETS), "lms", "generic")]
    granularity = choice(
        cli.get("sco_granularity", own.get("sco_granularity")),
        _GRANULARITIES,
        "sco_granularity",
        lms.granularity,
    )
    completion = choice(own.get("completion"), _COMPLETIONS, "completion", "end")
    seconds = own.get("completion_seconds", 60)
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds <= 0:
        problems.append(
            error(
                f"completion_seconds must be a positive whole number, not {seconds!r}",
                course.pos,
                field=f"{field_prefix}.completion_seconds",
            )
        )
        seconds = 60
    edition = int(cli.get("scorm_edition", 4))
    if edition not in (3, 4):
        problems.append(error(f"SCORM 2004 edition must be 3 or 4, not {edition}"))
        edition = 4
    options = ScormOptions(
        granularity=cast(Granularity, granularity),
        completion=cast(Completion, completion),
        completion_seconds=seconds,
        lms=lms,
        edition=edition,
    )
    return options, problems
