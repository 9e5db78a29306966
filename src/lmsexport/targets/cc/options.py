"""Settings of a cartridge build: ``--cc-version``, ``--lms`` and ``options.cc`` of ``course.yaml``.

The version and the LMS preset are packaging choices made on the command line
(the LMS decides what it reads); the discussion topic is course content, so it
lives in the course file.  Every problem is reported at once, like the loader does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lmsexport.errors import Diagnostic, error
from lmsexport.model import Course
from lmsexport.targets.cc.presets import GENERIC, PRESETS, CcPreset
from lmsexport.targets.cc.profile import CC11, PROFILES, Profile

_COURSE_KEYS = ("discussion",)
_DISCUSSION_KEYS = ("title", "text")


@dataclass(frozen=True)
class Discussion:
    """The optional course-wide discussion topic; ``text`` is Markdown."""

    title: str
    text: str


@dataclass(frozen=True)
class CcOptions:
    """Resolved settings for one cartridge."""

    profile: Profile = CC11
    discussion: Discussion | None = None
    preset: CcPreset = GENERIC


def profile_for(cli: Mapping[str, Any]) -> Profile | None:
    """The profile ``--cc-version`` asks for (CC 1.1 when unset), ``None`` if unknown."""
    return PROFILES.get(str(cli.get("cc_version") or CC11.version))


def read_options(course: Course, cli: Mapping[str, Any]) -> tuple[CcOptions, list[Diagnostic]]:
    """Merge and check the settings; defaults fill what is missing or wrong."""
    problems: list[Diagnostic] = []
    profile = profile_for(cli)
    if profile is None:
        problems.append(
            error(
                f"unknown Common Cartridge version {cli.get('cc_version')!r}",
                hint=f"known versions: {', '.join(sorted(PROFILES))}",
            )
        )
        profile = CC11
    preset = PRESETS.get(str(cli.get("lms") or GENERIC.name))
    if preset is None:
        problems.append(
            error(
                f"unknown LMS preset {cli.get('lms')!r}",
                hint=f"known presets: {', '.join(sorted(PRESETS))}",
            )
        )
        preset = GENERIC
    own = course.options.get("cc", {})
    problems += _unknown(course, own, _COURSE_KEYS, "options.cc")
    discussion = None
    raw = own.get("discussion")
    if raw is not None:
        discussion, found = _discussion(course, raw)
        problems += found
    return CcOptions(profile, discussion, preset), problems


def _unknown(
    course: Course, given: Mapping[str, Any], known: tuple[str, ...], where: str
) -> list[Diagnostic]:
    return [
        error(
            f"unknown option '{key}'",
            course.pos,
            field=f"{where}.{key}",
            hint=f"known options: {', '.join(known)}",
        )
        for key in sorted(set(given) - set(known))
    ]


def _discussion(course: Course, raw: Any) -> tuple[Discussion | None, list[Diagnostic]]:
    where = "options.cc.discussion"
    if not isinstance(raw, Mapping):
        return None, [error("must be a mapping with 'title' and 'text'", course.pos, field=where)]
    problems = _unknown(course, raw, _DISCUSSION_KEYS, where)
    values: dict[str, str] = {}
    for key in _DISCUSSION_KEYS:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(error("must be a non-empty string", course.pos, field=f"{where}.{key}"))
        else:
            values[key] = value.strip()
    if len(values) < len(_DISCUSSION_KEYS):
        return None, problems
    return Discussion(values["title"], values["text"]), problems
