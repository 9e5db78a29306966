"""Lessons as ``webcontent`` resources, rendered by the shared HTML renderer.

Pages come from :mod:`lmsexport.render.site` with ``navigation="none"``: the
LMS shows the outline, so the site's header and previous/next links would only
duplicate (and, once Moodle copies a page into a Page activity, break) it.  The
stylesheet, script and every media file form one ``webcontent`` resource that
each lesson depends on, so each file is listed once; Moodle copies the files of
all web content into the course files and relinks the pages to them.
"""

from __future__ import annotations

from lmsexport.model import Course, Lesson
from lmsexport.model.ids import make_ident
from lmsexport.render.site import PageOptions, asset_files, media_files, render_leaf_page
from lmsexport.targets.cc.structure import CcItem, CcResource, Part

# Lessons are pages in a cartridge, quizzes are QTI assessments: only links to
# lessons can stay links (the ``moodle`` preset turns those into text too).
PAGE_OPTIONS = PageOptions(navigation="none", leaf_links="lessons")


def shared_ident(course: Course) -> str:
    """Identifier of the resource holding assets and media."""
    return make_ident(f"{course.id}/cc/shared-files", "shared-files")


def shared_part(course: Course) -> Part:
    """The stylesheet, the page script and every media file, as one dependency resource."""
    files = (*asset_files(), *media_files(course))
    resource = CcResource(shared_ident(course), "webcontent", tuple(sorted(f.path for f in files)))
    return Part(None, (resource,), files)


def resource_ident(lesson: Lesson) -> str:
    """The resource id of a lesson's page, distinct from the item id that places it in the outline."""
    return f"{lesson.ident}-r"


def lesson_part(course: Course, lesson: Lesson, options: PageOptions = PAGE_OPTIONS) -> Part:
    """One lesson page: an item launching a ``webcontent`` resource that needs the shared files."""
    page = render_leaf_page(course, lesson, options)
    resource = CcResource(
        resource_ident(lesson),
        "webcontent",
        (page.path,),
        href=page.path,
        dependencies=(shared_ident(course),),
    )
    return Part(CcItem(lesson.ident, lesson.title, resource.ident), (resource,), (page,))
