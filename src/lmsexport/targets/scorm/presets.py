"""LMS presets (``--lms``): what changes in a SCORM package for the LMS it goes to.

Every preset builds a standard package; a preset only moves the defaults
where an LMS's player behaves differently in practice (docs/scorm.md, "LMS
presets", says why for each):

* ``moodle``: Moodle's player (``mod/scorm``) reads ``adlnav:hideLMSUI`` and
  hides its own previous/next buttons, but it runs no SCORM 2004 sequencing,
  so hidden buttons are never replaced by anything.  The package therefore
  never hides them, and it leaves out the rollup rules that keep lessons out
  of the course's satisfaction: Moodle never rolls up, it grades each SCO.
  Moodle's gradebook takes ``cmi.score.raw`` as the grade out of the
  activity's maximum grade (100 by default), for both versions, so SCORM 2004
  raw scores are written as percentages there.
* ``canvas``: the Canvas SCORM app imports a package as one graded item and
  plays it in a frame of its own; a multi-SCO package gives one grade from
  rolled-up data that several SCOs overwrite.  One SCO for the whole course is
  therefore the default (``--sco-granularity leaf`` still overrides it).
* ``generic``: the standard behaviour: one SCO per leaf; a single-SCO 2004
  package hides the LMS's previous/continue buttons because the content
  navigates itself; 2004 raw scores are in points.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Granularity = Literal["leaf", "course"]
LmsName = Literal["generic", "moodle", "canvas"]


@dataclass(frozen=True)
class LmsPreset:
    """The package settings an LMS preset decides.

    ``granularity`` is only the default: the command line and the course's
    ``sco_granularity`` option win over it.  ``rollup_rules`` says whether the
    SCORM 2004 manifest carries ``<imsss:rollupRules>`` (for LMSes that run
    sequencing; each SCO reports its own status either way).
    """

    name: LmsName
    granularity: Granularity
    hide_lms_navigation: bool
    raw_score_percent: bool
    rollup_rules: bool


PRESETS: dict[str, LmsPreset] = {
    "generic": LmsPreset(
        "generic", "leaf", hide_lms_navigation=True, raw_score_percent=False, rollup_rules=True
    ),
    "moodle": LmsPreset(
        "moodle", "leaf", hide_lms_navigation=False, raw_score_percent=True, rollup_rules=False
    ),
    "canvas": LmsPreset(
        "canvas", "course", hide_lms_navigation=True, raw_score_percent=False, rollup_rules=True
    ),
}
