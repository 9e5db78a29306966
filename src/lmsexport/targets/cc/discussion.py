"""The optional course discussion topic (``options.cc.discussion``) as an ``imsdt`` resource.

Moodle turns it into a forum and Canvas into a discussion, which is where a
course's "feedback" page belongs: learners can answer there, unlike on a page.
"""

from __future__ import annotations

from lmsexport.model import Course
from lmsexport.model.ids import make_ident
from lmsexport.render.markdown import to_html
from lmsexport.render.templating import template_environment
from lmsexport.targets.base import OutputFile
from lmsexport.targets.cc.options import Discussion
from lmsexport.targets.cc.profile import Profile
from lmsexport.targets.cc.structure import CcItem, CcResource, Part


def discussion_part(course: Course, discussion: Discussion, profile: Profile) -> Part:
    """The topic descriptor, its resource and the item that places it in the course."""
    ident = make_ident(f"{course.id}/cc/discussion", "discussion")
    path = f"discussions/{ident}.xml"
    template = template_environment("lmsexport.targets.cc").get_template("discussion.xml.j2")
    xml = template.render(
        profile=profile,
        title=discussion.title,
        html=to_html(discussion.text, source_href="course.yaml", page_href=path),
    )
    resource = CcResource(ident, profile.discussion_type, (path,))
    item = CcItem(f"{ident}-item", discussion.title, ident)
    return Part(
        item, (resource,), (OutputFile(path, xml.encode("utf-8"), profile.discussion_kind),)
    )
