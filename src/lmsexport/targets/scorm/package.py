"""Pages, run-time and structure of a SCORM package, the same for both versions.

Every leaf page comes from the HTML renderer with two extra scripts: the
run-time (``scorm/scorm-runtime.js``) and the settings of the SCO it belongs to
(``scorm/<sco>.js``), so the run-time knows the version's formats and the
correct responses without parsing the page.  With ``course`` granularity a
launch page (``scorm-launch.html``) holds the session and shows the site pages
in a frame, so moving between pages never ends the SCORM session.

Links between lessons and quizzes follow the granularity (:func:`leaf_links`):
inside the single SCO they navigate the frame like the previous/next links; with
one SCO per leaf the LMS launches each page on its own, so they become text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, Literal

from lmsexport.model import Course, Lesson, Quiz
from lmsexport.render.site import (
    STYLESHEET,
    PageOptions,
    asset_files,
    media_files,
    page_href,
    render_leaf_page,
    render_site,
)
from lmsexport.render.templating import template_environment
from lmsexport.targets.base import OutputFile
from lmsexport.targets.scorm.interactions import Version, interaction_spec
from lmsexport.targets.scorm.options import ScormOptions
from lmsexport.targets.scorm.structure import Structure, build_structure

RUNTIME = "scorm/scorm-runtime.js"
LAUNCH = "scorm-launch.html"
SUSPEND_LIMITS: dict[Version, int] = {"1.2": 4096, "2004": 64000}
"""``suspend_data`` budgets: 1.2's CMIString4096, 2004's SPM of 64,000 characters."""


@dataclass(frozen=True)
class PackageContent:
    """The files of a package except the manifest and control files, and its structure."""

    files: tuple[OutputFile, ...]
    structure: Structure


def leaf_links(options: ScormOptions) -> Literal["pages", "text"]:
    """What links between lessons and quizzes become in pages of this build.

    In the single SCO every page is in the launch page's frame, and a new page
    attaches to the same session.  With one SCO per leaf, opening another SCO's
    page would take the LMS's frame away from the running SCO and end its
    session, and the LMS would not know the new page is a SCO at all.
    """
    return "pages" if options.granularity == "course" else "text"


def _config_href(key: str) -> str:
    return f"scorm/{key}.js"


def _config(
    course: Course,
    leaves: Sequence[Lesson | Quiz],
    options: ScormOptions,
    version: Version,
    pass_score: float,
) -> dict[str, Any]:
    """The settings one SCO's run-time reads (``window.lmsexportScorm``)."""
    return {
        "version": version,
        "passScore": pass_score,
        "rawPercent": options.lms.raw_score_percent,
        "suspendLimit": SUSPEND_LIMITS[version],
        "completion": options.completion,
        "completionSeconds": options.completion_seconds,
        "first": leaves[0].ident,
        "pages": {leaf.ident: {"href": page_href(leaf), "kind": leaf.kind} for leaf in leaves},
        "interactions": {
            q.ident: interaction_spec(q, version).as_json()
            for leaf in leaves
            if isinstance(leaf, Quiz)
            for q in leaf.questions
        },
    }


def _config_file(key: str, config: dict[str, Any]) -> OutputFile:
    text = "window.lmsexportScorm = " + json.dumps(config, sort_keys=True, indent=1) + ";\n"
    return OutputFile(_config_href(key), text.encode("utf-8"))


def _runtime_file() -> OutputFile:
    static = files("lmsexport.targets.scorm").joinpath("static", "scorm-runtime.js")
    return OutputFile(RUNTIME, static.read_bytes())


def build_content(course: Course, options: ScormOptions, version: Version) -> PackageContent:
    """Render every page and work out which SCO uses which file."""
    shared = [*asset_files(), _runtime_file()]
    if options.granularity == "course":
        return _single_sco(course, options, version, shared)
    pages: list[OutputFile] = []
    launch: dict[str, str] = {}
    sco_files: dict[str, list[str]] = {}
    for leaf in course.leaves:
        config = _config(
            course,
            [leaf],
            options,
            version,
            leaf.pass_score if isinstance(leaf, Quiz) else course.pass_score,
        )
        config_file = _config_file(leaf.slug, config)
        page = render_leaf_page(
            course,
            leaf,
            PageOptions(
                navigation="none",
                extra_scripts=(config_file.path, RUNTIME),
                leaf_links=leaf_links(options),
            ),
        )
        pages += [page, config_file]
        launch[leaf.ident] = page.path
        sco_files[leaf.ident] = [config_file.path, *(m.href for m in leaf.media)]
    structure = build_structure(
        course, launch, sco_files, [f.path for f in shared], single_sco=False
    )
    return PackageContent(tuple([*pages, *media_files(course), *shared]), structure)


def _single_sco(
    course: Course, options: ScormOptions, version: Version, shared: list[OutputFile]
) -> PackageContent:
    config_file = _config_file(
        "course", _config(course, course.leaves, options, version, course.pass_score)
    )
    site = render_site(
        course,
        PageOptions(
            navigation="site",
            extra_scripts=(config_file.path, RUNTIME),
            leaf_links=leaf_links(options),
        ),
    )
    own = {f.path for f in shared}
    site = [f for f in site if f.path not in own]
    launch_page = template_environment("lmsexport.targets.scorm").get_template("launch.html.j2")
    html = launch_page.render(
        course=course, scripts=(config_file.path, RUNTIME), stylesheet=STYLESHEET
    )
    launch_file = OutputFile(LAUNCH, html.encode("utf-8"))
    structure = build_structure(
        course,
        {"course": LAUNCH},
        {"course": [config_file.path, *(f.path for f in site)]},
        [f.path for f in shared],
        single_sco=True,
    )
    return PackageContent(tuple([launch_file, config_file, *site, *shared]), structure)
