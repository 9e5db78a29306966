"""Quizzes as CC assessments (``imsqti_xmlv1p2/imscc_xmlv1p1/assessment``).

The item XML comes from the ``qti12`` target's templates in their CC-profile
mode, so both targets score questions the same way; :mod:`.questions` first
turns what the profile cannot express into what it can.  Media in questions
are written ``$IMS-CC-FILEBASE$`` plus the path relative to the assessment file:
Moodle resolves the token against the folder of that file, and the files
themselves live in the shared web-content resource the assessment depends on.
"""

from __future__ import annotations

from lmsexport.assessment.model import build_quiz
from lmsexport.model import Course, Quiz
from lmsexport.targets.base import OutputFile
from lmsexport.targets.cc.profile import Profile
from lmsexport.targets.cc.questions import fit_quiz
from lmsexport.targets.cc.structure import CcItem, CcResource, Part
from lmsexport.targets.cc.webcontent import shared_ident
from lmsexport.targets.qti12.assessment import FILEBASE, render_assessment


def assessment_href(quiz: Quiz) -> str:
    """Where a quiz's QTI file sits in the cartridge; the manifest and integrity check must agree on it."""
    return f"assessments/{quiz.ident}.xml"


def assessment_part(course: Course, quiz: Quiz, profile: Profile) -> Part:
    """The assessment file, its resource and the item placing it in the outline."""
    fitted, _ = fit_quiz(quiz)
    path = assessment_href(quiz)
    rendered = build_quiz(
        fitted,
        item_href=lambda _question: path,
        quiz_href=path,
        url=lambda href: f"{FILEBASE}{href}",
        qti_subset=False,
    )
    resource = CcResource(
        f"{quiz.ident}-r",
        profile.assessment_type,
        (path,),
        dependencies=(shared_ident(course),) if rendered.refs else (),
    )
    data = render_assessment(rendered, cc=True)
    return Part(
        CcItem(quiz.ident, quiz.title, resource.ident),
        (resource,),
        (OutputFile(path, data, profile.qti_kind),),
    )
