"""Arranging the parts of a cartridge into the organization LMSes turn into a course.

Moodle's converter (``backup/cc``) makes every child of the root item a course
section, numbering them from 0, and puts deeper items into the section of
their top-level ancestor (folders become indented labels).  Section 0 is
Moodle's "General" section, whose title is only kept as its summary, so the
first child of the root is a folder of our own holding the course discussion;
the top-level outline nodes follow and become sections 1..n.  Canvas makes the
same top-level items modules, and deeper folders text headers in them; its
preset (:mod:`.presets`) drops an empty section-0 folder and gives top-level
lessons and quizzes a folder of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from lmsexport.model import Course, Lesson, OutlineNode, Quiz, Section
from lmsexport.targets.base import OutputFile
from lmsexport.targets.cc.discussion import discussion_part
from lmsexport.targets.cc.manifest import render_manifest
from lmsexport.targets.cc.options import CcOptions
from lmsexport.targets.cc.structure import CcItem, CcResource, Part
from lmsexport.targets.cc.webcontent import lesson_part, shared_part
from lmsexport.targets.cc.weblinks import weblink_parts

QuizBuilder = Callable[[Quiz], Part]
"""Renders one quiz as an assessment part (kept apart so the outline code needs no QTI)."""


def general_ident(course: Course) -> str:
    """Identifier of the folder Moodle turns into section 0."""
    return f"{course.ident}-general"


class _Assembler:
    """Collects parts while walking the outline, so resources and files are listed once."""

    def __init__(self, course: Course, options: CcOptions, quiz_part: QuizBuilder) -> None:
        self.course = course
        self.options = options
        self.quiz_part = quiz_part
        self.resources: dict[str, CcResource] = {}
        self.files: dict[str, OutputFile] = {}

    def add(self, part: Part) -> CcItem | None:
        for resource in part.resources:
            self.resources.setdefault(resource.ident, resource)
        for member in part.files:
            self.files.setdefault(member.path, member)
        return part.item

    def items(self, node: OutlineNode) -> list[CcItem]:
        if isinstance(node, Section):
            children = [item for child in node.children for item in self.items(child)]
            return [CcItem(node.ident, node.title, children=tuple(children))]
        if isinstance(node, Lesson):
            parts = [lesson_part(self.course, node, self.options.preset.page_options)]
            parts += weblink_parts(self.course, node, self.options.profile)
        else:
            parts = [self.quiz_part(node)]
        return [item for item in map(self.add, parts) if item is not None]

    def top_items(self, node: OutlineNode) -> list[CcItem]:
        """The items of a top-level node; a leaf gets a folder of its own if the preset asks."""
        items = self.items(node)
        if isinstance(node, Section) or not self.options.preset.module_per_top_leaf:
            return items
        return [CcItem(f"{node.ident}-module", node.title, children=tuple(items))]

    def general(self) -> list[CcItem]:
        """The section-0 folder, or nothing when it would be empty and the preset drops it."""
        children: tuple[CcItem, ...] = ()
        if self.options.discussion is not None:
            part = discussion_part(self.course, self.options.discussion, self.options.profile)
            item = self.add(part)
            children = (item,) if item is not None else ()
        if not children and not self.options.preset.keep_empty_general:
            return []
        return [CcItem(general_ident(self.course), self.course.title, children=children)]


def build_files(course: Course, options: CcOptions, quiz_part: QuizBuilder) -> list[OutputFile]:
    """Every file of the cartridge, the manifest first."""
    assembler = _Assembler(course, options, quiz_part)
    assembler.add(shared_part(course))
    items = assembler.general()
    items += [item for node in course.outline for item in assembler.top_items(node)]
    resources = list(assembler.resources.values())
    manifest = render_manifest(course, options.profile, items, resources)
    return [manifest, *sorted(assembler.files.values(), key=lambda f: f.path)]
