"""The package structure both SCORM versions share: items, SCOs and resources.

The organization mirrors the course outline (sections become items holding
items); leaves point at SCO resources.  With ``course`` granularity a single
SCO stands for the whole outline, so the LMS sees one launchable item.  All
identifiers derive from the course's stable idents, so builds are reproducible.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lmsexport.model import Course, Lesson, Quiz, Section
from lmsexport.model.ids import make_ident
from lmsexport.targets.scorm.limits import TITLE_MAX, shorten


@dataclass(frozen=True)
class Resource:
    """A ``<resource>``: a launchable SCO (``href`` set) or the shared asset bundle."""

    ident: str
    scormtype: str
    files: tuple[str, ...]
    href: str | None = None
    dependencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """An ``<item>``: a section (children) or a leaf pointing at a resource.

    ``mastery`` is the pass score in percent for quiz SCOs (``None`` otherwise);
    ``objective`` names the 2004 primary objective that rolls up from it.
    """

    ident: str
    title: str
    children: tuple[Item, ...] = ()
    resource: str | None = None
    mastery: float | None = None
    objective: str | None = None
    is_quiz: bool = False

    @property
    def has_quiz(self) -> bool:
        """Whether satisfaction rolls up from this item (lessons never pass or fail)."""
        return self.is_quiz or any(child.has_quiz for child in self.children)


@dataclass(frozen=True)
class Structure:
    """Everything the manifest templates need besides course metadata.

    ``title`` is the organization's title: the course title within the manifest's limit.
    """

    title: str
    manifest_ident: str
    organization_ident: str
    items: tuple[Item, ...]
    resources: tuple[Resource, ...]
    single_sco: bool


ASSETS_RESOURCE = "shared-assets"


def resource_ident(course: Course, key: str) -> str:
    """Stable ``xs:ID`` of a resource (``key`` is a leaf ident or ``course``)."""
    return make_ident(f"{course.id}#scorm-resource/{key}", f"res-{key}")


def build_structure(
    course: Course,
    launch: Mapping[str, str],
    sco_files: Mapping[str, Sequence[str]],
    asset_files: Sequence[str],
    *,
    single_sco: bool,
) -> Structure:
    """Assemble the structure.

    ``launch`` maps a leaf ident (or ``"course"`` for a single SCO) to the
    page the LMS launches; ``sco_files`` maps the same keys to the files only
    that SCO uses; ``asset_files`` are shared by every SCO.
    """
    assets_ident = resource_ident(course, ASSETS_RESOURCE)
    dependencies = (assets_ident,) if asset_files else ()
    resources = [
        Resource(
            ident=resource_ident(course, key),
            scormtype="sco",
            href=launch[key],
            files=tuple(sorted({launch[key], *sco_files.get(key, ())})),
            dependencies=dependencies,
        )
        for key in launch
    ]
    if asset_files:
        resources.append(Resource(assets_ident, "asset", tuple(sorted(set(asset_files)))))
    if single_sco:
        quiz_scores = [q.pass_score for q in course.quizzes]
        items: tuple[Item, ...] = (
            Item(
                ident=make_ident(f"{course.id}#scorm-item/course", course.id),
                title=shorten(course.title, TITLE_MAX),
                resource=resource_ident(course, "course"),
                mastery=course.pass_score if quiz_scores else None,
                objective=course.ident if quiz_scores else None,
                is_quiz=bool(quiz_scores),
            ),
        )
    else:
        items = tuple(_item(course, node) for node in course.outline)
    return Structure(
        title=shorten(course.title, TITLE_MAX),
        manifest_ident=make_ident(f"{course.id}#scorm-manifest", course.id),
        organization_ident=make_ident(f"{course.id}#scorm-organization", course.id),
        items=items,
        resources=tuple(resources),
        single_sco=single_sco,
    )


def _item(course: Course, node: Section | Lesson | Quiz) -> Item:
    if isinstance(node, Section):
        return Item(
            ident=node.ident,
            title=shorten(node.title, TITLE_MAX),
            children=tuple(_item(course, child) for child in node.children),
        )
    is_quiz = isinstance(node, Quiz)
    return Item(
        ident=node.ident,
        title=shorten(node.title, TITLE_MAX),
        resource=resource_ident(course, node.ident),
        mastery=node.pass_score if isinstance(node, Quiz) else None,
        objective=node.ident if is_quiz else None,
        is_quiz=is_quiz,
    )
