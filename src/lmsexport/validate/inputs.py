"""Turn the paths a user names into the packages to validate.

A folder is normally one unpacked package.  A folder with nothing at its top
that makes it one (no ``imsmanifest.xml``, ``cmi5.xml`` or ``index.html``) but
holding package files is a *folder of packages* (a download folder, a QA
corpus): reporting it as one package "missing its manifest" would hide every
real finding, so each package in it is validated on its own.  The search goes
one level down, no further: a batch is a folder of folders at most, and a
deeper walk would wander into the unpacked packages' own media.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

# What makes a folder an unpacked package (detect.py looks for the same files).
PACKAGE_MARKERS = ("imsmanifest.xml", "cmi5.xml", "index.html")
# Files that can be a package on their own: zips, cartridges, XML and text banks.
PACKAGE_SUFFIXES = (".zip", ".imscc", ".xml", ".txt", ".gift")


@dataclass(frozen=True)
class Input:
    """One package to validate; ``found_in`` is the folder of packages it came from ('' if named)."""

    path: Path
    found_in: str = ""
    # A symbolic link named like a package inside a folder of packages:
    # reported, never followed (the folder is as untrusted as a zip's members).
    link: bool = False


def expand(paths: Sequence[Path]) -> list[Input]:
    """The inputs for ``paths``, in order, each folder of packages replaced by its packages."""
    inputs: list[Input] = []
    for path in paths:
        found = list(_packages_in(path)) if _folder_of_packages(path) else []
        inputs.extend(found or [Input(path)])
    return inputs


def _is_package_folder(folder: Path) -> bool:
    return any(os.path.lexists(folder / marker) for marker in PACKAGE_MARKERS)


def _is_package_file(entry: os.DirEntry[str]) -> bool:
    return entry.name.lower().endswith(PACKAGE_SUFFIXES)


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda e: e.name)
    except OSError:
        return []  # validate_package reports the unreadable folder itself


def _folder_of_packages(path: Path) -> bool:
    """True for a folder that is no package but holds package files, or several package folders.

    A folder whose only content is one package folder stays one input: that is
    a package zipped one level too deep, and ``CP-MANIFEST-NOT-AT-ROOT`` says so.
    """
    if not path.is_dir() or _is_package_folder(path):
        return False
    package_folders = 0
    for entry in _entries(path):
        if entry.is_symlink():
            continue
        if entry.is_file() and _is_package_file(entry):
            return True
        if entry.is_dir():
            sub = Path(entry.path)
            if _is_package_folder(sub):
                package_folders += 1
            elif any(e.is_file() and _is_package_file(e) for e in _entries(sub)):
                return True
    return package_folders > 1


def _packages_in(folder: Path, depth: int = 1) -> Iterator[Input]:
    """Package files and package folders in ``folder`` and, ``depth`` levels down, in its folders."""
    for entry in _entries(folder):
        path = Path(entry.path)
        if entry.is_symlink():
            if _is_package_file(entry):
                yield Input(path, str(folder), link=True)
        elif entry.is_file(follow_symlinks=False):
            if _is_package_file(entry):
                yield Input(path, str(folder))
        elif _is_package_folder(path):
            yield Input(path, str(folder))
        elif depth > 0:
            yield from (
                Input(found.path, str(folder), found.link)
                for found in _packages_in(path, depth - 1)
            )
