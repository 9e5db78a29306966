"""Checks that every local link and embedded file of a set of pages is in the package.

A page that points at a missing image or page works on the author's disk and
breaks only after upload, so every target that ships pages runs this before
writing.  Web links, ``mailto:``, ``data:`` and same-page anchors are left alone.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from urllib.parse import unquote

from lxml import etree

from lmsexport.errors import Diagnostic, error
from lmsexport.render.markdown import is_local_reference
from lmsexport.targets.base import OutputFile
from lmsexport.xmlsafe import safe_parser

_PARSER = safe_parser()
_REFERENCE_ATTRIBUTES = ("href", "src")


def _references(page: OutputFile) -> Iterable[str]:
    root = etree.fromstring(page.data, _PARSER)
    for element in root.iter():
        for attribute in _REFERENCE_ATTRIBUTES:
            value = element.get(attribute)
            if value is not None and is_local_reference(value):
                yield value


def broken_references(files: Iterable[OutputFile]) -> list[Diagnostic]:
    """One error per local ``href``/``src`` in an ``.html`` file that names no file of ``files``.

    Reported in path order, so the output is the same for the same files.

    Pages must be well-formed XHTML (every page lmsexport renders is); a page
    that is not is reported as an error too.
    """
    members = sorted(files, key=lambda member: member.path)
    paths = {member.path for member in members}
    problems: list[Diagnostic] = []
    for page in members:
        if not page.path.endswith(".html"):
            continue
        try:
            references = list(_references(page))
        except etree.XMLSyntaxError as exc:
            problems.append(
                error(f"{page.path}: page is not well-formed: {exc}", code="html-parse")
            )
            continue
        folder = posixpath.dirname(page.path)
        for reference in references:
            # Pages carry URL-escaped references (a space is %20); members are plain names.
            path = unquote(reference.partition("#")[0].partition("?")[0])
            target = posixpath.normpath(posixpath.join(folder, path))
            if target not in paths:
                problems.append(
                    error(
                        f"{page.path}: '{reference}' points to '{target}', which is not in the package",
                        code="broken-reference",
                    )
                )
    return problems
