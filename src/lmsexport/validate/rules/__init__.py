"""Package rules per kind: which checks run for a detected package or loose file."""

from __future__ import annotations

from collections.abc import Callable

from lmsexport.validate.context import Context
from lmsexport.validate.rules.cc import check_cc
from lmsexport.validate.rules.cmi5 import check_cmi5
from lmsexport.validate.rules.cp import check_files, check_identifiers
from lmsexport.validate.rules.lms import check_names_and_size
from lmsexport.validate.rules.moodlexml import check_moodlexml
from lmsexport.validate.rules.qti import check_qti2, check_qti12
from lmsexport.validate.rules.scorm import check_scorm, check_sequencing

Rule = Callable[[Context], None]

_PACKAGE: tuple[Rule, ...] = (check_identifiers, check_files, check_names_and_size)
_SCORM: tuple[Rule, ...] = (*_PACKAGE, check_scorm)
_SCORM2004: tuple[Rule, ...] = (*_SCORM, check_sequencing)
_QTI2: tuple[Rule, ...] = (*_PACKAGE, check_qti2)
_QTI12: tuple[Rule, ...] = (*_PACKAGE, check_qti12)
_CC: tuple[Rule, ...] = (*_PACKAGE, check_cc, check_qti12)

RULES: dict[str, tuple[Rule, ...]] = {
    "scorm12": _SCORM,
    "scorm2004-2nd": _SCORM2004,
    "scorm2004-3rd": _SCORM2004,
    "scorm2004-4th": _SCORM2004,
    "qti12": _QTI12,
    "qti12-canvas": _QTI12,
    "qti21": _QTI2,
    "qti22": _QTI2,
    "qti30": _QTI2,
    "qti21-item": (check_qti2,),
    "qti22-item": (check_qti2,),
    "qti30-item": (check_qti2,),
    "qti21-test": (),
    "qti22-test": (),
    "qti30-test": (),
    "qti12-assessment": (check_qti12,),
    "cc10": _CC,
    "cc11": _CC,
    "cc12": _CC,
    "cc13": _CC,
    "cmi5": (check_cmi5, check_names_and_size),
    "moodlexml": (check_moodlexml,),
    "imscp": _PACKAGE,
    "lom": (),
    "html": (check_names_and_size,),
    "unknown": (),
}
