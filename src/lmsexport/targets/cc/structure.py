"""The parts of a cartridge before they become XML: resources, organization items, files.

Each builder module (web content, web links, discussion, assessments) returns
:class:`Part` objects; :mod:`.cartridge` arranges their items into the
organization and the manifest template writes them out.  Keeping the structure
as plain data lets the integrity checks and the tests reason about it without
parsing XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lmsexport.targets.base import OutputFile


@dataclass(frozen=True)
class CcResource:
    """One ``<resource>``: its type, files (first is the entry point) and dependencies.

    ``href`` is set only for web content that an item launches; CC forbids it on
    web links, discussions and assessments, whose single file is the descriptor.
    """

    ident: str
    type: str
    files: tuple[str, ...]
    href: str | None = None
    dependencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class CcItem:
    """One organization ``<item>``: a folder (``children``) or a leaf (``resource``)."""

    ident: str
    title: str
    resource: str | None = None
    children: tuple[CcItem, ...] = ()


@dataclass(frozen=True)
class Part:
    """What one builder contributes: an item for the organization (if any),
    the resources it references and the files they list."""

    item: CcItem | None
    resources: tuple[CcResource, ...] = ()
    files: tuple[OutputFile, ...] = field(default_factory=tuple)
