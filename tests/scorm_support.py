"""What the SCORM browser tests share: packages beside scorm-again, and a learner.

``scorm_site`` unzips SCORM packages of a course into one folder next to the
scorm-again build and ``tests/scorm_runtime/lms.html`` (the LMS frame page:
``launch(version, href, saved)``, ``unload()``, ``cmi()``, ``calls``,
``errors``); serve it with :func:`browser.serve`.  ``answer`` fills in one
question through its visible labels, as a learner would.  ``launch_single_sco``,
``leave`` and ``resume_data`` drive a single-SCO package through the LMS page.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from browser import CHROMIUM, unpack
from lmsexport.model import (
    AnyQuestion,
    Cloze,
    Course,
    Essay,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from lmsexport.packaging import zip_bytes
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import Artifact, BuildContext
from lmsexport.targets.registry import get_target
from lmsexport.xmlsafe import parse_xml

RUNTIME = Path(__file__).parent / "scorm_runtime"
DIST = RUNTIME / "node_modules" / "scorm-again" / "dist"
SAMPLE = Path(__file__).parent.parent / "source" / "stalins-soviet-union"
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not DIST.is_dir(), reason="run: npm ci --prefix tests/scorm_runtime"),
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed"),
]
"""``pytestmark`` of the SCORM browser tests: they need scorm-again and Chromium."""
VERSIONS = {"scorm12": "1.2", "scorm2004": "2004"}
ESSAY_TEXT = "He appointed loyal party officials."


def schema_registry(*sets: str) -> SchemaRegistry:
    """The official schemas, or a skip when one of ``sets`` is not installed."""
    found = SchemaRegistry.discover()
    if any(found.find_set(name) is None for name in sets):
        pytest.skip("official schemas not found: set LMSEXPORT_SCHEMAS")
    return found


def build_checked(
    course: Course, target: str, registry: SchemaRegistry, **options: Any
) -> Artifact:
    """Render ``target`` and assert it is clean: no check error, schema-valid, verified."""
    ctx = BuildContext(schemas=registry, options=options)
    assert [d for d in get_target(target).check(course, ctx) if d.is_error] == []
    (artifact,) = get_target(target).render(course, ctx)
    for member in artifact.files:
        if member.schema is not None:
            assert registry.validate(member.schema, member.data, member.path) == []
    assert list(get_target(target).verify(artifact, ctx)) == []
    assert ctx.diagnostics == []
    return artifact


def manifest_root(artifact: Artifact) -> etree._Element:
    """The parsed ``imsmanifest.xml`` of a package."""
    data = next(f.data for f in artifact.files if f.path == "imsmanifest.xml")
    return parse_xml(data, "imsmanifest.xml").getroot()


def scorm_site(course: Course, folder: Path, packages: Mapping[str, Mapping[str, Any]]) -> Path:
    """``packages`` maps a folder name to ``{"target": ..., **build options}``."""
    registry = SchemaRegistry.discover()
    for name, settings in packages.items():
        options = {key: value for key, value in settings.items() if key != "target"}
        target = get_target(str(settings["target"]))
        (artifact,) = target.render(course, BuildContext(schemas=registry, options=options))
        unpack(zip_bytes(artifact.files), folder / name)
    shutil.copytree(DIST, folder / "rt")
    shutil.copy(RUNTIME / "lms.html", folder / "lms.html")
    return folder


def answer(frame: Any, question: AnyQuestion, right: bool) -> None:
    """Answer one question through its visible labels, correctly or not."""
    scope = frame.locator(f"[id='{question.ident}']")
    if isinstance(question, SingleChoice | MultipleResponse):
        for choice in question.choices:
            if choice.correct == right:
                scope.get_by_label(choice.text, exact=True).check()
                if isinstance(question, SingleChoice):
                    break
    elif isinstance(question, TrueFalse):
        label = "True" if question.answer == right else "False"
        scope.get_by_label(label, exact=True).check()
    elif isinstance(question, ShortAnswer):
        scope.get_by_label("Your answer").fill(question.answers[0] if right else "Bukharin")
    elif isinstance(question, Numeric):
        value = question.answer.low if right else question.answer.high + 10
        scope.get_by_label("Your answer").fill(f"{value:g}")
    elif isinstance(question, Essay):
        scope.get_by_label("Your answer").fill(ESSAY_TEXT)
    elif isinstance(question, Matching):
        rights = [p.right for p in question.pairs]
        if not right:
            rights = rights[1:] + rights[:1]
        for pair, text in zip(question.pairs, rights, strict=True):
            scope.get_by_label(pair.left, exact=True).select_option(label=text)
    elif isinstance(question, Ordering):
        count = len(question.items)
        for position, item in enumerate(question.items, start=1):
            chosen = position if right else count + 1 - position
            scope.get_by_label(item.text, exact=True).select_option(str(chosen))
    elif isinstance(question, Cloze):
        for number, blank in enumerate(question.blanks, start=1):
            text = blank.answers[0] if right else "wrong"
            scope.get_by_label(f"Blank {number}", exact=True).fill(text)


def interactions(cmi: dict[str, Any]) -> list[dict[str, Any]]:
    """``cmi.interactions`` of scorm-again's JSON as a list, in index order."""
    raw = cmi["interactions"]
    items = raw.get("childArray", raw) if isinstance(raw, dict) else raw
    if isinstance(items, dict):
        items = [items[k] for k in sorted(items, key=int) if k.isdigit()]
    return list(items)


SESSION = "document.getElementById('sco').contentWindow.lmsexportScormSession"
"""The single-SCO launch page's session object, from the LMS page."""


def launch_single_sco(lms: Any, version: str, folder: str, saved: dict[str, Any] | None) -> Any:
    """Launch ``folder/scorm-launch.html`` (``saved``: data of an earlier session, or None).

    Returns the frame locator of the course pages inside the launch page.
    """
    lms.evaluate(
        "([v, href, s]) => launch(v, href, s)", [version, f"{folder}/scorm-launch.html", saved]
    )
    return lms.frame_locator("#sco").frame_locator("#lmsexport-scorm-frame")


def leave(lms: Any, version: str) -> dict[str, Any]:
    """Unload the SCO, check the session opened and closed once without error; the data model."""
    lms.evaluate("unload()")
    finish = "LMSFinish" if version == "1.2" else "Terminate"
    lms.wait_for_function(f"() => calls.{finish} >= 1")
    init = "LMSInitialize" if version == "1.2" else "Initialize"
    calls = lms.evaluate("calls")
    assert (calls[init], calls[finish]) == (1, 1)
    assert lms.evaluate("errors") == []
    return dict(lms.evaluate("cmi()"))


def resume_data(version: str, cmi: dict[str, Any]) -> dict[str, Any]:
    """What an LMS hands a relaunched SCO: entry ``resume``, the bookmark and suspend_data."""
    if version == "1.2":
        location = cmi["core"]["lesson_location"]
        return {
            "core": {"entry": "resume", "lesson_location": location},
            "suspend_data": cmi["suspend_data"],
        }
    return {"entry": "resume", "location": cmi["location"], "suspend_data": cmi["suspend_data"]}
