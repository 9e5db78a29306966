"""The build inspects each artifact in memory, parsing each file once, with unchanged results.

Issue 8: the build used to write every zip to a temp file and run the package
validator on it, which read it back, inflated and re-parsed every member already
parsed for the schema check.  These tests pin that nothing is read back, that
each XML file is parsed once for the schema check and the package rules
together, and that what the build records equals validating the written files.
"""

from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from lmsexport import api
from lmsexport.errors import Diagnostic
from lmsexport.model import Course
from lmsexport.schemas import SchemaRegistry
from lmsexport.schemas import registry as registry_module
from lmsexport.targets.base import Artifact, BuildContext
from lmsexport.targets.qti12 import Qti12Target
from lmsexport.validate import context, engine
from lmsexport.validate.engine import validate_package
from lmsexport.validate.findings import Finding
from lmsexport.validate.options import ValidateOptions
from lmsexport.validate.xmlread import ParsedXml, parse_member

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "source" / "stalins-soviet-union"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the sample course."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "source" / SAMPLE.name))


def test_build_parses_each_xml_file_once_and_reads_nothing_back(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: Counter[str] = Counter()

    def counting_parse(name: str, data: bytes, found: list[Finding]) -> ParsedXml:
        parsed[name] += 1
        return parse_member(name, data, found)

    def second_parse(data: bytes, filename: str) -> None:
        raise AssertionError(f"{filename} parsed again for its schema check")

    def read_back(*args: object) -> None:
        raise AssertionError("the written artifact was read back")

    monkeypatch.setattr(context, "parse_member", counting_parse)
    monkeypatch.setattr(registry_module, "parse_xml", second_parse)
    monkeypatch.setattr(engine, "open_package", read_back)
    dist = tmp_path / "dist"
    result = api.build([sample], api.BuildOptions(output=dist, targets=("qti21", "scorm12")))

    assert result.ok, [d.format() for c in result.courses for d in c.diagnostics]
    written: Counter[str] = Counter()
    for package in sorted(dist.glob("*.zip")):
        with zipfile.ZipFile(package) as archive:
            written.update(n for n in archive.namelist() if n.endswith(".xml"))
    assert len(written) > 5
    assert parsed == written


def test_recorded_package_checks_equal_validating_the_written_files(
    sample: Path, tmp_path: Path
) -> None:
    result = api.build([sample], api.BuildOptions(output=tmp_path / "dist"))
    registry = SchemaRegistry.discover()
    records = [record for course in result.courses for record in course.artifacts]
    assert len(records) >= 8  # every target, zipped and loose files
    for record in records:
        report = validate_package(Path(record.path), registry, ValidateOptions(xsd=False))
        assert record.validation["package"] == {
            "kind": report.kind,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "codes": sorted({f.code for f in report.findings}),
        }, record.path


class _WithoutQuizSettings(Qti12Target):
    """A QTI 1.2 target whose packages lose a file their manifest lists (a package-rule error)."""

    def render(self, course: Course, ctx: BuildContext) -> Sequence[Artifact]:
        return [
            Artifact(
                artifact.filename,
                tuple(f for f in artifact.files if not f.path.endswith("assessment_meta.xml")),
                artifact.zipped,
            )
            for artifact in super().render(course, ctx)
        ]


def test_a_package_rule_error_keeps_the_previous_file(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = tmp_path / "dist"
    options = api.BuildOptions(output=dist, targets=("qti12",))
    assert api.build([sample], options).ok
    package = dist / "stalins-soviet-union-qti12.zip"
    before = package.read_bytes()

    monkeypatch.setattr(api, "get_target", lambda name: _WithoutQuizSettings())
    (course,) = api.build([sample], options).courses

    assert course.failed_targets == ["qti12"]
    missing: list[Diagnostic] = [d for d in course.diagnostics if d.code == "CP-MISSING-FILE"]
    assert missing
    assert all(d.is_error for d in missing)
    assert all(d.message.startswith(f"{package.name}/imsmanifest.xml:") for d in missing)
    assert package.read_bytes() == before
    assert sorted(p.name for p in dist.iterdir()) == ["build-report.json", package.name]
