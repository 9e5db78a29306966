"""LMS presets (``--lms``): what changes in a cartridge for the LMS that imports it.

Every preset writes a valid CC 1.1 cartridge; a preset only arranges it the
way one importer turns into what a teacher expects (``docs/common-cartridge.md``,
"What each LMS makes of the cartridge", cites the importer code for each):

* ``generic``: the organization Moodle needs (a first folder for section 0,
  always present) and links between lessons kept as links.
* ``moodle``: as generic, but links between lessons become text with a
  warning.  Moodle's converter turns each lesson into a Page activity by
  copying the page's ``<body>``, and copies every file of the cartridge into
  the course files *except* HTML files (``backup/cc/entities.class.php``,
  ``get_all_files``), so a link to another lesson would point at a file that
  was never imported.
* ``canvas``: Canvas makes a module of every child of the root item
  (``lib/cc/importer/standard/org_converter.rb``), so the section-0 folder is
  left out when it holds nothing (it would be an empty module named after the
  course), and a lesson or quiz at the top of the outline gets a folder of its
  own titled like it (Canvas would otherwise gather all such items into one
  module called "Misc Module").
"""

from __future__ import annotations

from dataclasses import dataclass

from lmsexport.render.site import PageOptions
from lmsexport.targets.cc.webcontent import PAGE_OPTIONS


@dataclass(frozen=True)
class CcPreset:
    """The cartridge arrangement one LMS imports best.

    ``keep_empty_general`` keeps the section-0 folder even with no discussion
    in it; ``module_per_top_leaf`` wraps each top-level lesson or quiz in a
    folder of the same title.
    """

    name: str
    page_options: PageOptions
    keep_empty_general: bool
    module_per_top_leaf: bool


GENERIC = CcPreset("generic", PAGE_OPTIONS, keep_empty_general=True, module_per_top_leaf=False)

PRESETS: dict[str, CcPreset] = {
    "generic": GENERIC,
    "moodle": CcPreset(
        "moodle",
        PageOptions(navigation="none", leaf_links="text"),
        keep_empty_general=True,
        module_per_top_leaf=False,
    ),
    "canvas": CcPreset("canvas", PAGE_OPTIONS, keep_empty_general=False, module_per_top_leaf=True),
}
