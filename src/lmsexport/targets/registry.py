"""The one place targets are registered: built-ins below, third parties by entry point.

Third-party packages add a target with an entry point in the ``lmsexport.targets``
group (``name = "package.module:TargetClass"``).  Modules are imported lazily, so a
slow or broken target never costs the others anything.
"""

from __future__ import annotations

import importlib
from functools import cache
from importlib.metadata import entry_points

from lmsexport.errors import LmsExportError
from lmsexport.targets.base import Target

BUILTIN_TARGETS: dict[str, str] = {
    # name: "module:Class" (keep sorted by name)
    "aiken": "lmsexport.targets.aiken:AikenTarget",
    "cc": "lmsexport.targets.cc:CommonCartridgeTarget",
    "gift": "lmsexport.targets.gift:GiftTarget",
    "html": "lmsexport.targets.html:HtmlTarget",
    "moodlexml": "lmsexport.targets.moodlexml:MoodleXmlTarget",
    "qti12": "lmsexport.targets.qti12:Qti12Target",
    "qti21": "lmsexport.targets.qti21:Qti21Target",
    "qti30": "lmsexport.targets.qti30:Qti30Target",
    "scorm12": "lmsexport.targets.scorm12:Scorm12Target",
    "scorm2004": "lmsexport.targets.scorm2004:Scorm2004Target",
}


class UnknownTargetError(LmsExportError, KeyError):
    """A target name that no built-in or plug-in provides."""

    def __str__(self) -> str:
        # KeyError's own str() is the repr of its argument, quotes and all.
        return str(self.args[0])


@cache  # scanning installed distributions for entry points costs ~5 ms a call
def _specs() -> dict[str, str]:
    specs = dict(BUILTIN_TARGETS)
    for point in entry_points(group="lmsexport.targets"):
        specs.setdefault(point.name, point.value)
    return specs


def target_names() -> list[str]:
    """Every available target name, sorted."""
    return sorted(_specs())


@cache
def get_target(name: str) -> Target:
    """Instantiate the target called ``name``."""
    specs = _specs()
    if name not in specs:
        raise UnknownTargetError(f"unknown target '{name}'; available: {', '.join(sorted(specs))}")
    module_name, _, class_name = specs[name].partition(":")
    target_class = getattr(importlib.import_module(module_name), class_name)
    target: Target = target_class()
    return target
