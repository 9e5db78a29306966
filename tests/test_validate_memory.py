"""The in-memory package source: the rules see files in memory exactly as they see them in a zip.

The build checks each artifact before writing it (``validate_files``); these
tests pin that this gives the same findings, lines and kind as validating the
written file, and that the build's schema check on the shared trees says what
checking each file from its bytes says.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from hostile import (
    GOOD_MOODLEXML,
    GOOD_QTI12_MANIFEST,
    GOOD_QTI12_QUIZ,
    GOOD_QTI21_ITEM,
    Case,
    corpus,
    qti21,
)
from lmsexport.inspection import PackageInspection
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import Artifact, BuildContext, OutputFile
from lmsexport.validate.context import Context
from lmsexport.validate.engine import validate_files, validate_package
from lmsexport.validate.options import ValidateOptions
from lmsexport.validate.xmlread import ParsedXml

# Defects of the zip itself (or of reading it) have no in-memory counterpart.
_CONTAINER_CODES = ("ZIP-", "INPUT-", "PKG-")
CASES = {case.name: case for case in corpus("http://127.0.0.1:9")}


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry.discover()


def _members(path: Path) -> tuple[dict[str, bytes], bool]:
    """The files of a zip (or the one loose file) by name, and whether it was loose."""
    if not zipfile.is_zipfile(path):
        return {path.name: path.read_bytes()}, True
    with zipfile.ZipFile(path) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}, False


def _content_cases() -> list[str]:
    """Corpus cases whose defect is in the files, not in the zip container."""
    return sorted(
        name for name, case in CASES.items() if not case.code.startswith(_CONTAINER_CODES)
    )


@pytest.mark.parametrize("name", _content_cases())
def test_files_in_memory_report_what_their_zip_reports(
    name: str, tmp_path: Path, registry: SchemaRegistry
) -> None:
    case: Case = CASES[name]
    path = case.make(tmp_path)
    from_disk = validate_package(path, registry, case.options)
    if any(f.code.startswith(_CONTAINER_CODES) for f in from_disk.findings):
        pytest.skip("the zip container itself is defective")
    files, loose = _members(path)
    in_memory = validate_files("memory", files, registry, case.options, single_file=loose)
    assert (in_memory.kind, in_memory.findings, in_memory.checks) == (
        from_disk.kind,
        from_disk.findings,
        from_disk.checks,
    )
    assert case.code in {f.code for f in in_memory.findings}


def _bytes(data: bytes | str) -> bytes:
    return data if isinstance(data, bytes) else data.encode()


def test_a_callers_member_rule_sees_every_xml_member_once_parsed(registry: SchemaRegistry) -> None:
    files = {name: _bytes(data) for name, data in qti21().items()}
    seen: list[str] = []

    def rule(ctx: Context, member: ParsedXml) -> None:
        assert member.tree is not None
        seen.append(member.name)

    report = validate_files("q21", files, registry, member_rules=(rule,))
    assert report.kind == "qti21"
    assert sorted(seen) == sorted(n for n in files if n.endswith(".xml"))


def _artifact(*files: OutputFile, zipped: bool = True, name: str = "course-qti.zip") -> Artifact:
    return Artifact(name, files, zipped)


_BAD_ITEM = GOOD_QTI21_ITEM.replace("<responseDeclaration", "<bogus/><responseDeclaration", 1)
_BAD_QUIZ = GOOD_QTI12_QUIZ.replace("<section", "<bogus/><section", 1)


@pytest.mark.parametrize(
    "files",
    [
        (
            OutputFile("imsmanifest.xml", _bytes(qti21()["imsmanifest.xml"]), "qti21.manifest"),
            OutputFile("item1.xml", _BAD_ITEM.encode(), "qti21.item"),
            OutputFile("broken.xml", b"<assessmentItem><p></assessmentItem>", "qti21.item"),
            OutputFile("notes.txt", b"not xml", "qti21.item"),
            OutputFile("page.html", b"<html/>"),
        ),
        (
            OutputFile("imsmanifest.xml", GOOD_QTI12_MANIFEST.encode(), "qti12.manifest"),
            OutputFile("quiz.xml", _BAD_QUIZ.encode(), "qti12.assessment"),
        ),
    ],
    ids=["qti21", "qti12-dtd"],
)
def test_schema_check_on_shared_trees_equals_checking_each_file(
    files: tuple[OutputFile, ...], registry: SchemaRegistry, tmp_path: Path
) -> None:
    inspection = PackageInspection(_artifact(*files), BuildContext(schemas=registry))
    expected = [d for f in files if f.schema for d in registry.validate(f.schema, f.data, f.path)]
    assert inspection.schema_diagnostics == expected
    # Files the validator does not parse as XML are checked from their bytes, as before.
    unparsed = {f.path for f in files if f.path in ("broken.xml", "notes.txt")}
    assert {str(d.pos.file) for d in expected if d.code == "XML-SYNTAX" and d.pos} == unparsed
    assert any(d.code in ("XSD-INVALID", "DTD-INVALID") for d in expected)
    assert inspection.checked == {f.schema for f in files if f.schema}
    # The package rules saw the trees before any DTD check stripped them.
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for f in files:
            out.writestr(f.path, f.data)
    on_disk = validate_package(archive, registry, ValidateOptions(xsd=False))
    assert inspection.summary == {
        "kind": on_disk.kind,
        "errors": len(on_disk.errors),
        "warnings": len(on_disk.warnings),
        "codes": sorted({f.code for f in on_disk.findings}),
    }


def test_a_missing_schema_set_is_reported_not_mistaken_for_valid(tmp_path: Path) -> None:
    empty = SchemaRegistry([tmp_path])
    item = OutputFile("item1.xml", GOOD_QTI21_ITEM.encode(), "qti21.item")
    inspection = PackageInspection(_artifact(item), BuildContext(schemas=empty))
    assert (inspection.missing, inspection.checked) == ({"qti21"}, set())
    assert inspection.schema_diagnostics == []


def test_a_loose_artifacts_findings_name_the_artifact(registry: SchemaRegistry) -> None:
    bank = GOOD_MOODLEXML.replace('fraction="100"', 'fraction="42"', 1)
    line = bank[: bank.index('fraction="42"')].count("\n") + 1
    artifact = _artifact(
        OutputFile("bank.xml", bank.encode()), zipped=False, name="course-moodlexml.xml"
    )
    inspection = PackageInspection(artifact, BuildContext(schemas=registry))
    messages = [d.message for d in inspection.diagnostics if d.code == "MOODLE-FRACTION"]
    assert len(messages) == 1
    assert messages[0].startswith(f"course-moodlexml.xml:{line}: fraction '42'"), messages
