"""The course as a static web site: index, one page per lesson and quiz, assets, media.

The ``html`` target zips :func:`render_site` as is; SCORM and Common Cartridge
package the same pages (usually with ``PageOptions(navigation="none")`` and a
run-time script), so the layout below is a contract:

``index.html``, ``lessons/<slug>.html``, ``quizzes/<slug>.html``, media at their
course-relative ``href``, ``assets/lmsexport.css`` and ``assets/lmsexport.js``.
Browser-side events are described in ``docs/page-events.md``.
"""

from __future__ import annotations

import itertools
import posixpath
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from jinja2 import Template
from markupsafe import Markup

from lmsexport.model import Course, Lesson, Quiz, Section
from lmsexport.render.markdown import to_html
from lmsexport.render.messages import messages_for
from lmsexport.render.questionview import cloze_parts, matching_options, ordering_display
from lmsexport.render.quizdata import quiz_payload
from lmsexport.render.templating import template_environment
from lmsexport.targets.base import OutputFile

STYLESHEET = "assets/lmsexport.css"
SCRIPT = "assets/lmsexport.js"
INDEX = "index.html"
_STATIC = {STYLESHEET: "lmsexport.css", SCRIPT: "lmsexport.js"}
LESSON_PAGE_IDS = frozenset({"main", "objectives-heading", "lmsexport-lesson-end"})
"""Ids ``lesson.html`` gives its own elements: headings of the lesson body never take them."""


@dataclass(frozen=True)
class PageOptions:
    """How pages are wrapped for the package that carries them.

    ``navigation="site"`` adds the course header, breadcrumb, previous/next links
    and progress tracking; ``"none"`` leaves navigation to an LMS.
    ``extra_scripts`` are package-relative paths loaded (deferred, in order) after
    ``assets/lmsexport.js``; ``extra_head`` is trusted markup appended to ``<head>``.

    ``leaf_links`` says which links between lessons and quizzes stay links:
    ``"pages"`` all of them (every page is in the package and may open the
    others), ``"lessons"`` only links to lessons (a package whose quizzes are not
    pages, such as Common Cartridge), ``"text"`` none (one SCO per leaf, where
    leaving a SCO's page breaks the LMS session).  Links that do not stay links
    are shown as their text; :func:`lmsexport.render.leaflinks.unlinked_warnings`
    names them for the build report.
    """

    navigation: Literal["site", "none"] = "site"
    extra_scripts: tuple[str, ...] = ()
    extra_head: str = ""
    leaf_links: Literal["pages", "lessons", "text"] = "pages"


def page_href(leaf: Lesson | Quiz) -> str:
    """The package-relative path of the page for ``leaf``."""
    folder = "lessons" if isinstance(leaf, Lesson) else "quizzes"
    return f"{folder}/{leaf.slug}.html"


def asset_files() -> list[OutputFile]:
    """The stylesheet and the page script every page links to."""
    static = files("lmsexport.render").joinpath("static")
    return [OutputFile(path, static.joinpath(name).read_bytes()) for path, name in _STATIC.items()]


def media_files(course: Course) -> list[OutputFile]:
    """Every media file of the course at its course-relative ``href``."""
    return [OutputFile(media.href, media.path.read_bytes()) for media in course.media]


@cache
def _template(name: str) -> Template:
    """A page template from the shared environment (compiled once per process)."""
    return template_environment("lmsexport.render").get_template(name)


def linked_pages(course: Course, options: PageOptions) -> dict[str, str]:
    """Source ``href`` -> page of every leaf that links between pages may point to."""
    return {
        leaf.href: page_href(leaf)
        for leaf in course.leaves
        if options.leaf_links == "pages"
        or (options.leaf_links == "lessons" and isinstance(leaf, Lesson))
    }


def _page_context(
    course: Course, href: str, source_href: str, options: PageOptions
) -> dict[str, Any]:
    """Values every page template uses: links relative to ``href`` and Markdown rendering.

    Each Markdown fragment of a page gets its own footnote id prefix (``f1``,
    ``f2``... in page order), so two quiz prompts with a ``[^1]`` never share ids.
    """
    folder = posixpath.dirname(href) or "."
    leaf_pages = linked_pages(course, options)
    messages = messages_for(course.language)
    fragments = itertools.count(1)

    def rel(target: str) -> str:
        return posixpath.relpath(target, folder)

    def markdown(text: str, inline: bool = False, headings: bool = False) -> Markup:
        html = to_html(
            text,
            source_href=source_href,
            page_href=href,
            inline=inline,
            id_prefix=f"f{next(fragments)}",
            leaf_pages=leaf_pages,
            heading_ids=LESSON_PAGE_IDS if headings else None,
        )
        return Markup(html)

    return {
        "course": course,
        "options": options,
        "site": options.navigation == "site",
        "rel": rel,
        "md": markdown,
        "page_href": href,
        "scripts": (SCRIPT, *options.extra_scripts),
        "stylesheet": STYLESHEET,
        "index_href": INDEX,
        "t": messages.text,
        "tn": messages.count,
        "points": lambda value: messages.count("points", value),
        "number": messages.number,
        "messages": messages.for_script(),
    }


def _neighbours(
    course: Course, leaf: Lesson | Quiz
) -> tuple[Lesson | Quiz | None, Lesson | Quiz | None]:
    leaves = course.leaves
    position = [other.ident for other in leaves].index(leaf.ident)
    previous = leaves[position - 1] if position > 0 else None
    following = leaves[position + 1] if position + 1 < len(leaves) else None
    return previous, following


def _sections_above(course: Course, leaf: Lesson | Quiz) -> tuple[Section, ...]:
    return next(parents for parents, node in course.walk() if node.ident == leaf.ident)


def render_leaf_page(course: Course, leaf: Lesson | Quiz, options: PageOptions) -> OutputFile:
    """The page of one lesson or quiz; ``leaf`` is found in ``course`` by its ``ident``."""
    href = page_href(leaf)
    previous, following = _neighbours(course, leaf)
    context = _page_context(course, href, leaf.href, options)
    context.update(
        leaf=leaf,
        page_kind=leaf.kind,
        page_ident=leaf.ident,
        sections=_sections_above(course, leaf),
        previous=previous,
        following=following,
        page_href_of=page_href,
    )
    if isinstance(leaf, Quiz):
        context.update(
            payload=quiz_payload(leaf),
            matching_options=matching_options,
            ordering_display=ordering_display,
            cloze_parts=cloze_parts,
        )
    html = _template(f"{leaf.kind}.html").render(context)
    return OutputFile(href, html.encode("utf-8"))


def render_index(course: Course, options: PageOptions) -> OutputFile:
    """The course home page: description, outline with progress, a start link."""
    context = _page_context(course, INDEX, "course.yaml", options)
    context.update(
        page_kind="index",
        page_ident=course.ident,
        page_href_of=page_href,
        leaf_count=len(course.leaves),
    )
    html = _template("index.html").render(context)
    return OutputFile(INDEX, html.encode("utf-8"))


def render_site(course: Course, options: PageOptions = PageOptions()) -> list[OutputFile]:
    """Every page, asset and media file of the site, sorted by path."""
    pages = [render_index(course, options)]
    pages += [render_leaf_page(course, leaf, options) for leaf in course.leaves]
    return sorted([*pages, *asset_files(), *media_files(course)], key=lambda f: f.path)
