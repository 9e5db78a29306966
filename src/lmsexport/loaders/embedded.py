"""Checking the images and links inside Markdown text, and collecting media and web links.

Lessons and quiz texts share these rules: every image has alt text, local files
exist inside the course, web links are kept for targets that list them.  Lessons
may also link to other lessons and quizzes; whether the linked file is in the
outline is only known once the whole outline is read, so those links are
collected here and checked by :func:`lmsexport.loaders.leaflinks.check_leaf_links`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

from lmsexport.errors import SourcePos, error, warning
from lmsexport.loaders.coursefiles import CourseFiles
from lmsexport.loaders.references import Reference, find_references
from lmsexport.loaders.spacedpaths import report_spaced_paths
from lmsexport.model import Link, Media
from lmsexport.render.markdown import LEAF_SUFFIXES, is_leaf_link, is_local_reference

_WEB = ("http://", "https://")


@dataclass(frozen=True)
class LeafReference:
    """A link to the lesson or quiz source ``href`` (course-relative), written at ``pos``.

    ``written`` is the path as the author wrote it (relative to the lesson,
    percent-escapes decoded), so every message about the link names the path
    the author can find in the file.
    """

    href: str
    fragment: str
    pos: SourcePos
    written: str


@dataclass
class Embedded:
    """Media (by href, first use first), web links and links to leaves found in one source file.

    ``leaves`` is ``None`` where links to lessons and quizzes are not allowed
    (quiz texts, which question banks carry without any pages to link to).
    """

    media: dict[str, Media] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    leaves: list[LeafReference] | None = None

    def scan(
        self,
        text: str,
        base_href: str,
        files: CourseFiles,
        where: Callable[[Reference], SourcePos],
        field: str | None = None,
    ) -> None:
        """Check the references of Markdown ``text`` written in the file ``base_href``.

        ``where`` maps a reference to its position in the real file.
        """
        report_spaced_paths(text, where, field, files.diagnostics)
        for ref in find_references(text):
            pos = where(ref)
            if ref.kind == "image" and not ref.text.strip():
                files.diagnostics.append(
                    error(
                        "image has no alt text",
                        pos,
                        field,
                        f"describe the image for learners who cannot see it: ![A map of ...]({ref.url})",
                    )
                )
            if ref.url.lower().startswith(_WEB):
                self._web(ref, pos, files, field)
            elif ref.kind == "link" and is_leaf_link(ref.url):
                self._leaf(ref, base_href, pos, files, field)
            elif is_local_reference(ref.url):
                what = "image" if ref.kind == "image" else "linked file"
                media = files.media(ref.url, base_href, pos, field, what)
                if media is not None:
                    self.media.setdefault(media.href, media)

    def _leaf(
        self, ref: Reference, base_href: str, pos: SourcePos, files: CourseFiles, field: str | None
    ) -> None:
        if self.leaves is None:
            files.diagnostics.append(
                error(
                    f"link to '{ref.url}': quiz texts cannot link to lessons or quizzes",
                    pos,
                    field,
                    "questions also go to question banks, which have no pages to link to; "
                    "name the lesson in the text instead",
                )
            )
            return
        path, _, fragment = ref.url.partition("#")
        written = unquote(path.partition("?")[0])
        href = files.locate(written, base_href, pos, field, "linked lesson or quiz", LEAF_SUFFIXES)
        if href is not None:
            self.leaves.append(LeafReference(href, fragment, pos, written))

    def _web(self, ref: Reference, pos: SourcePos, files: CourseFiles, field: str | None) -> None:
        if ref.kind == "link":
            self.links.append(Link(ref.url, ref.text, pos))
            return
        files.diagnostics.append(
            warning(
                f"image '{ref.url}' is on the web and is not packaged",
                pos,
                field,
                "download it into the course folder so the package works offline",
            )
        )
