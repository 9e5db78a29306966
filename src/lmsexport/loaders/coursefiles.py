"""Resolving paths written in the source to files inside the course folder.

Every path an author writes (outline entries, images, links to PDFs) goes
through :class:`CourseFiles`, so the rules are the same everywhere: relative to
the file that names it, inside the course folder (symlinks included), existing,
of an accepted type.  Media are hashed once however often they are used.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Collection
from pathlib import Path
from urllib.parse import unquote

from lmsexport.errors import Diagnostic, SourcePos, error, warning
from lmsexport.loaders.fields import did_you_mean
from lmsexport.model import Media
from lmsexport.model.ids import slugify

MEDIA_TYPES: dict[str, str] = {
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".webm": "video/webm",
}
"""Local files lessons and questions may show or link to, with their MIME types."""


class CourseFiles:
    """The files of one course; ``root`` is the course folder as the user gave it."""

    def __init__(self, root: Path, diagnostics: list[Diagnostic]) -> None:
        self.root = root
        self.abs_root = root.resolve()
        self.diagnostics = diagnostics
        self._media: dict[str, Media] = {}

    def shown(self, href: str) -> Path:
        """The path of a course file as diagnostics print it."""
        return self.root / href

    def absolute(self, href: str) -> Path:
        """The resolved path of a course file, for reading and for checks that it stays inside the course."""
        return self.abs_root / href

    def locate(
        self,
        ref: str,
        base_href: str,
        pos: SourcePos,
        field: str | None,
        what: str,
        suffixes: Collection[str],
    ) -> str | None:
        """The course-relative href of the existing file ``ref`` names from ``base_href``.

        ``what`` names the file in messages ("lesson file", "image"); ``suffixes``
        are the accepted extensions (lower case).  Reports and returns ``None``
        when the path is absolute, leaves the course, is missing or has the wrong type.
        """
        if ref.startswith("/") or (len(ref) > 1 and ref[1] == ":"):
            self._fail(f"{what} path '{ref}' must be relative", pos, field)
            return None
        href = _join(base_href, ref)
        target = self.absolute(href)
        if href == ".." or href.startswith("../") or not _inside(target, self.abs_root):
            self._fail(
                f"{what} '{ref}' is outside the course folder",
                pos,
                field,
                "copy the file into the course folder and refer to the copy",
            )
            return None
        if target.suffix.lower() not in suffixes:
            self._fail(
                f"{what} '{ref}' has an unsupported file type",
                pos,
                field,
                "use a file ending in " + ", ".join(sorted(suffixes)),
            )
            return None
        if not target.exists():
            self._fail(f"{what} '{ref}' not found", pos, field, _sibling_hint(ref, target))
            return None
        if not target.is_file():
            self._fail(f"{what} '{ref}' is a folder, not a file", pos, field)
            return None
        return href

    def media(
        self, url: str, base_href: str, pos: SourcePos, field: str | None, what: str
    ) -> Media | None:
        """The :class:`Media` a Markdown ``url`` names (percent-escapes decoded, fragment dropped)."""
        ref = unquote(url.partition("#")[0].partition("?")[0])
        known = self._media.get(_join(base_href, ref))
        if known is not None:
            return known
        href = self.locate(ref, base_href, pos, field, what, MEDIA_TYPES)
        if href is None:
            return None
        if href not in self._media:
            self._check_portable(href, pos, field)
            path = self.absolute(href)
            data = path.read_bytes()
            self._media[href] = Media(
                path=path,
                href=href,
                mime=MEDIA_TYPES[path.suffix.lower()],
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
            )
        return self._media[href]

    def _check_portable(self, href: str, pos: SourcePos, field: str | None) -> None:
        """Warn, once per file, at its first use, about a name LMSes mangle.

        The package keeps the name, and links to it break after import in some
        LMSes; renaming in the source is the only fix that works everywhere.
        """
        for part in reversed(href.split("/")):
            problems = _name_problems(part)
            if problems:
                what = "file" if part == href.rpartition("/")[2] else "folder"
                self.diagnostics.append(
                    warning(
                        f"media {what} name '{part}' has {problems}; some LMSes "
                        "(Moodle's SCORM player, Canvas file links) break on them: rename it",
                        pos,
                        field,
                        f"for example '{_portable(part)}'",
                    )
                )
                return

    def _fail(
        self, message: str, pos: SourcePos, field: str | None, hint: str | None = None
    ) -> None:
        self.diagnostics.append(error(message, pos, field, hint))


def _name_problems(name: str) -> str:
    """What makes ``name`` unsafe in a package ("a space", ...), or "" when nothing does."""
    problems = []
    if any(c.isspace() for c in name):
        problems.append("a space")
    if not name.isascii():
        problems.append("a non-ASCII character")
    return " and ".join(problems)


def _portable(name: str) -> str:
    """``Schaubild ä.svg`` -> ``schaubild-a.svg``: the name as a slug, its suffix kept."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return slugify(name, "file")
    return f"{slugify(stem, 'file')}.{suffix.lower()}"


def _join(base_href: str, ref: str) -> str:
    """The course-relative href of ``ref`` written in the file ``base_href``."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_href), ref))


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)


def _sibling_hint(ref: str, target: Path) -> str | None:
    """ "did you mean `lessons/intro.md`?" from the files next to the missing one."""
    if not target.parent.is_dir():
        return None
    names = [p.name for p in target.parent.iterdir() if p.is_file()]
    folder = ref.rpartition("/")[0]
    return did_you_mean(target.name, names, f"{folder}/" if folder else "")
