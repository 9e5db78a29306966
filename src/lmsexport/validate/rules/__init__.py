"""Package rules per kind: which checks run for a detected package or loose file.

Two shapes of rule: a package rule looks at the package as a whole (the
manifest, the member names) and runs once; a member rule looks at one parsed
XML member and runs inside the engine's single pass over the members, next to
the schema check, so each member is parsed once and its tree dropped after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from lmsexport.validate.context import Context
from lmsexport.validate.rules.cc import check_cc
from lmsexport.validate.rules.cmi5 import check_cmi5
from lmsexport.validate.rules.cp import check_files, check_identifiers
from lmsexport.validate.rules.lms import check_names_and_size
from lmsexport.validate.rules.moodlexml import check_moodlexml
from lmsexport.validate.rules.qti import check_qti2, check_qti12
from lmsexport.validate.rules.scorm import check_scorm, check_sequencing
from lmsexport.validate.rules.textbank import check_text_bank
from lmsexport.validate.xmlread import ParsedXml

Rule = Callable[[Context], None]
MemberRule = Callable[[Context, ParsedXml], None]


class RuleSet(NamedTuple):
    """The rules for one package kind: whole-package rules, then rules run on each parsed XML member."""

    package: tuple[Rule, ...] = ()
    members: tuple[MemberRule, ...] = ()


_PACKAGE: tuple[Rule, ...] = (check_identifiers, check_files, check_names_and_size)
_SCORM = RuleSet((*_PACKAGE, check_scorm))
_SCORM2004 = RuleSet((*_PACKAGE, check_scorm, check_sequencing))
_QTI2 = RuleSet(_PACKAGE, (check_qti2,))
_QTI12 = RuleSet(_PACKAGE, (check_qti12,))
_CC = RuleSet((*_PACKAGE, check_cc), (check_qti12,))

# Loose files that are not XML: no well-formedness or schema check applies.
NOT_XML = frozenset({"gift", "aiken", "build-report", "validate-report"})

RULES: dict[str, RuleSet] = {
    "scorm12": _SCORM,
    "scorm2004-2nd": _SCORM2004,
    "scorm2004-3rd": _SCORM2004,
    "scorm2004-4th": _SCORM2004,
    "qti12": _QTI12,
    "qti12-canvas": _QTI12,
    "qti21": _QTI2,
    "qti22": _QTI2,
    "qti30": _QTI2,
    "qti21-item": RuleSet(members=(check_qti2,)),
    "qti22-item": RuleSet(members=(check_qti2,)),
    "qti30-item": RuleSet(members=(check_qti2,)),
    "qti21-test": RuleSet(),
    "qti22-test": RuleSet(),
    "qti30-test": RuleSet(),
    "qti12-assessment": RuleSet(members=(check_qti12,)),
    "cc10": _CC,
    "cc11": _CC,
    "cc12": _CC,
    "cc13": _CC,
    "cmi5": RuleSet((check_cmi5, check_names_and_size)),
    "moodlexml": RuleSet((check_moodlexml,)),
    "gift": RuleSet((check_text_bank,)),
    "aiken": RuleSet((check_text_bank,)),
    "build-report": RuleSet(),
    "validate-report": RuleSet(),
    "imscp": RuleSet(_PACKAGE),
    "lom": RuleSet(),
    "html": RuleSet((check_names_and_size,)),
    "unknown": RuleSet(),
}
