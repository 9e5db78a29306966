"""Good packages validate clean, with the right kind; our own targets' output has zero errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hostile import (
    GOOD_CC11,
    GOOD_CMI5,
    GOOD_MOODLEXML,
    GOOD_QTI21_ITEM,
    qti12,
    qti21,
    scorm12,
    scorm2004,
    write_zip,
)
from lmsexport.schemas import SchemaRegistry
from lmsexport.validate.engine import validate_package, validate_paths

REPO = Path(__file__).resolve().parent.parent
GOOD = {
    "scorm12": lambda d: write_zip(d / "s12.zip", scorm12()),
    "scorm2004-4th": lambda d: write_zip(d / "s04.zip", scorm2004()),
    "qti21": lambda d: write_zip(d / "q21.zip", qti21()),
    "qti12": lambda d: write_zip(d / "q12.zip", qti12()),
    "cc11": lambda d: write_zip(d / "cc.zip", {"imsmanifest.xml": GOOD_CC11, "index.html": "x"}),
    "cmi5": lambda d: write_zip(d / "c5.zip", {"cmi5.xml": GOOD_CMI5, "lesson1/index.html": "x"}),
}


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry.discover()


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_good_package_has_no_findings(kind: str, tmp_path: Path, registry: SchemaRegistry) -> None:
    report = validate_package(GOOD[kind](tmp_path), registry)
    assert report.kind == kind
    assert report.findings == []
    assert "schema" in report.checks


def test_unpacked_folder_equals_its_zip(tmp_path: Path, registry: SchemaRegistry) -> None:
    folder = tmp_path / "course"
    for name, data in scorm12().items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    zipped = write_zip(tmp_path / "course.zip", scorm12())
    from_folder = validate_package(folder, registry)
    from_zip = validate_package(zipped, registry)
    assert (from_folder.kind, from_folder.findings) == (from_zip.kind, from_zip.findings)


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("item.xml", GOOD_QTI21_ITEM, "qti21-item"),
        ("bank.xml", GOOD_MOODLEXML, "moodlexml"),
        ("cmi5.xml", GOOD_CMI5, "cmi5"),
    ],
)
def test_loose_files_are_detected(
    name: str, text: str, kind: str, tmp_path: Path, registry: SchemaRegistry
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = validate_package(path, registry)
    assert (report.kind, report.errors) == (kind, [])
    assert report.detected_because


def test_parallel_jobs_give_the_same_reports(tmp_path: Path) -> None:
    paths = [make(tmp_path) for make in GOOD.values()]
    one = [r.to_json() for r in validate_paths(paths, jobs=1)]
    two = [r.to_json() for r in validate_paths(paths, jobs=2)]
    assert one == two


@pytest.fixture(scope="module")
def built_artifacts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every file a build of the sample course writes for every registered target.

    That is what ``lmsexport validate dist/*`` meets: packages, Moodle XML, GIFT
    and Aiken banks and the build report.
    """
    from lmsexport.api import BuildOptions, build

    out = tmp_path_factory.mktemp("dist")
    result = build([REPO / "source" / "stalins-soviet-union"], BuildOptions(output=out))
    assert result.courses, "the sample course did not build"
    return sorted(out.iterdir())


def test_every_package_our_targets_produce_has_zero_errors(
    built_artifacts: list[Path], registry: SchemaRegistry
) -> None:
    assert built_artifacts
    for artifact in built_artifacts:
        report = validate_package(artifact, registry)
        assert report.kind != "unknown", artifact.name
        assert report.errors == [], (artifact.name, report.errors)


def test_validate_dist_star_passes_on_a_fresh_build(built_artifacts: list[Path]) -> None:
    """The CI recipe ``validate dist/*``: every file recognised, nothing fails or warns.

    The generic SCORM 2004 package carries only empty ``<rollupRules>``, so no
    Moodle sequencing warning; the QTI 1.2 manifest is checked by its IMS CP schema.
    """
    from click.testing import CliRunner

    from lmsexport.cli import main

    args = ["validate", "--format", "json", "--fail-on", "warning", *map(str, built_artifacts)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    kinds = {Path(p["path"]).name.rsplit("-", 1)[-1]: p["kind"] for p in document["packages"]}
    assert kinds == {
        "report.json": "build-report",
        "aiken.txt": "aiken",
        "cc.imscc": "cc11",
        "gift.txt": "gift",
        "html.zip": "html",
        "moodlexml.xml": "moodlexml",
        "qti12.zip": "qti12-canvas",
        "qti21.zip": "qti21",
        "qti30.zip": "qti30",
        "scorm12.zip": "scorm12",
        "scorm2004.zip": "scorm2004-4th",
    }
    codes = {f["code"] for p in document["packages"] for f in p["findings"]}
    assert codes == {"INPUT-NOT-A-PACKAGE"}, codes
    banks = [p for p in document["packages"] if p["kind"] in ("gift", "aiken")]
    assert all(p["checks"] == ["archive", "moodle"] for p in banks), banks


CLOZE_BANK = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="{kind}">
    <name><text>Exile</text></name>
    <questiontext format="html"><text>Trotsky left in {{1:SHORTANSWER:=1929}}.</text></questiontext>
  </question>
</quiz>
"""


@pytest.mark.parametrize("kind", ["multianswer", "cloze"])
def test_moodle_cloze_is_a_core_type(kind: str, tmp_path: Path, registry: SchemaRegistry) -> None:
    """qformat_xml imports both spellings with import_multianswer; no plugin is needed."""
    path = tmp_path / "bank.xml"
    path.write_text(CLOZE_BANK.format(kind=kind), encoding="utf-8")
    report = validate_package(path, registry)
    assert (report.kind, report.findings) == ("moodlexml", [])


def test_moodle_plugin_type_is_flagged(tmp_path: Path, registry: SchemaRegistry) -> None:
    path = tmp_path / "bank.xml"
    path.write_text(CLOZE_BANK.format(kind="coderunner"), encoding="utf-8")
    report = validate_package(path, registry)
    assert [(f.code, f.line) for f in report.findings] == [("MOODLE-UNKNOWN-TYPE", 3)]


def test_schemas_compile_at_most_once_per_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lmsexport.schemas import compiler
    from lmsexport.schemas.catalog import KindSpec, SetSpec

    compiles: list[str] = []
    compile_ = compiler._compile

    def counting(folder: Path, spec: SetSpec, kind: KindSpec) -> compiler.Validator:
        compiles.append(kind.name)
        return compile_(folder, spec, kind)

    monkeypatch.setattr(compiler, "_compile", counting)
    paths = [make(tmp_path) for make in GOOD.values()]
    validate_paths(paths)
    first = list(compiles)
    validate_paths(paths)
    assert compiles == first, "the second run compiled schemas again"
    assert len(first) == len(set(first)), "a schema compiled twice in one run"
