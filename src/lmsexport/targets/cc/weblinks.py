"""External links of lessons as ``imswl`` web-link resources.

A link becomes an item right after the lesson that cites it, so the LMS lists
the reading where the lesson needs it (Moodle creates a URL activity, Canvas a
module link).  The same URL in several lessons is one resource referenced by
one item per lesson, so the cartridge carries each address once.
"""

from __future__ import annotations

from lmsexport.model import Course, Lesson, Link
from lmsexport.model.ids import make_ident
from lmsexport.render.templating import template_environment
from lmsexport.targets.base import OutputFile
from lmsexport.targets.cc.profile import Profile
from lmsexport.targets.cc.structure import CcItem, CcResource, Part


def _unique(links: tuple[Link, ...]) -> list[Link]:
    """The first link to each URL, in reading order."""
    return list({link.url: link for link in reversed(links)}.values())[::-1]


def weblink_parts(course: Course, lesson: Lesson, profile: Profile) -> list[Part]:
    """One item (and its resource and descriptor file) per distinct URL of ``lesson``."""
    template = template_environment("lmsexport.targets.cc").get_template("weblink.xml.j2")
    parts = []
    for link in _unique(lesson.links):
        title = link.title.strip() or link.url
        ident = make_ident(f"{course.id}/cc/weblink/{link.url}", "weblink")
        path = f"weblinks/{ident}.xml"
        xml = template.render(profile=profile, title=title, url=link.url)
        resource = CcResource(ident, profile.weblink_type, (path,))
        item = CcItem(make_ident(f"{lesson.ident}/link/{link.url}", title), title, ident)
        parts.append(
            Part(item, (resource,), (OutputFile(path, xml.encode("utf-8"), profile.weblink_kind),))
        )
    return parts
