"""Issue 6, the new-user QA pass: loose files, entity bombs, Moodle sequencing, one
finding per missing file, the QTI 1.2 manifest schema, and the command's options."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from hostile import (
    ENTITY_LOOP,
    EXPONENTIAL_LAUGHS,
    GOOD_MOODLEXML,
    GOOD_QTI12_MANIFEST,
    GOOD_SCORM12,
    GOOD_SCORM2004,
    line_in,
    qti12,
    scorm12,
    scorm2004,
    write_zip,
)
from hostile import run_validate as run
from lmsexport.cli import main
from lmsexport.commands.validate import validate
from lmsexport.schemas import SchemaRegistry
from lmsexport.validate.engine import validate_package
from lmsexport.validate.findings import PackageReport

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "moodle"


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry.discover()


def found(report: PackageReport) -> list[tuple[str, str, int]]:
    return [(f.code, f.severity, f.line) for f in report.findings]


# 1. GIFT and Aiken banks and our reports are recognised, not "missing a manifest".


@pytest.mark.parametrize(
    ("name", "kind"), [("sample-gift.txt", "gift"), ("sample-aiken.txt", "aiken")]
)
def test_our_banks_are_recognised_and_clean(
    name: str, kind: str, tmp_path: Path, registry: SchemaRegistry
) -> None:
    bank = tmp_path / f"course-{kind}.txt"
    bank.write_bytes((GOLDEN / name).read_bytes())
    report = validate_package(bank, registry)
    assert (report.kind, report.findings, report.unreadable) == (kind, [], False)


def test_bank_is_detected_by_content_and_its_syntax_errors_have_lines(
    tmp_path: Path, registry: SchemaRegistry
) -> None:
    text = (
        "Capital of the USSR?\nA) Leningrad\nB) Moscow\nANSWER: B\n\n"
        "Who led the Red Army?\nA) Trotsky\nB) Stalin\nANSWER: C\n"
    )
    bank = tmp_path / "questions.txt"
    bank.write_text(text, encoding="utf-8")
    report = validate_package(bank, registry)
    assert (report.kind, found(report)) == (
        "aiken",
        [("MOODLE-BANK-SYNTAX", "error", line_in(text, "ANSWER: C"))],
    )
    assert "'C' is not one of the options A, B" in report.findings[0].message
    assert run(str(bank))[0] == 1


def test_gift_error_and_import_note(tmp_path: Path, registry: SchemaRegistry) -> None:
    text = (
        "Moscow is the capital. {T}\n\n"
        "A heading, no question.\n\n"
        "::Year:: Trotsky was exiled in {#nineteen}\n"
    )
    (tmp_path / "unit.gift").write_text(text, encoding="utf-8")
    report = validate_package(tmp_path / "unit.gift", registry)
    assert (report.kind, found(report)) == (
        "gift",
        [
            ("MOODLE-BANK-NOTE", "info", line_in(text, "A heading")),
            ("MOODLE-BANK-SYNTAX", "error", line_in(text, "::Year::")),
        ],
    )


def test_build_report_is_skipped_with_an_info(tmp_path: Path, registry: SchemaRegistry) -> None:
    from lmsexport.report import render_report

    path = tmp_path / "build-report.json"
    path.write_bytes(render_report([]))
    report = validate_package(path, registry)
    assert report.kind == "build-report"
    assert [(f.code, f.severity, f.message) for f in report.findings] == [
        ("INPUT-NOT-A-PACKAGE", "info", "lmsexport build report, not a package; skipped")
    ]
    assert run(str(path))[0] == 0


def test_validate_json_report_is_skipped_too(tmp_path: Path) -> None:
    report = tmp_path / "validate.json"
    run(str(write_zip(tmp_path / "p.zip", scorm12())), "--format", "json", "-o", str(report))
    code, output = run(str(report))
    assert code == 0
    assert "validate-report" in output and "INPUT-NOT-A-PACKAGE" in output


# 2. Files that are neither a zip, XML nor a known loose format cannot be read at all.


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("random.bin", bytes(range(256)) * 4),
        ("text.txt", b"hello world\nthis is text\n"),
        ("data.json", b'{"tool": "other", "courses": []}'),
    ],
)
def test_unknown_loose_file_is_a_finding(name: str, data: bytes, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    report = validate_package(path, SchemaRegistry.discover())
    assert not report.unreadable
    assert [f.code for f in report.findings] == ["INPUT-UNKNOWN-FORMAT"]
    assert "neither a zip" in report.findings[0].message
    code, output = run(str(path))
    assert code == 1
    assert output.startswith(f"FAIL {path}")


# 3. An exponential entity bomb is named as such; no libxml API, no schema note.


def test_entity_bomb_message_and_no_schema_note(tmp_path: Path, registry: SchemaRegistry) -> None:
    manifest = GOOD_SCORM2004.replace("<manifest ", EXPONENTIAL_LAUGHS + "<manifest ", 1)
    manifest = manifest.replace("<title>Course</title>", "<title>&lol9;</title>", 1)
    report = validate_package(write_zip(tmp_path / "p.zip", scorm2004(manifest)), registry)
    assert [(f.code, f.file, f.line) for f in report.findings] == [
        ("XML-ENTITY-EXPANSION", "imsmanifest.xml", line_in(manifest, "<!ENTITY lol1"))
    ]
    assert report.findings[0].message == (
        "entity expansion bomb (billion laughs): the document declares entities that expand "
        "exponentially; remove the DTD"
    )
    assert report.kind == "unknown"
    assert "cannot be read" in report.detected_because


def test_entity_loop_is_named_as_a_loop(tmp_path: Path, registry: SchemaRegistry) -> None:
    manifest = GOOD_SCORM12.replace("<manifest ", ENTITY_LOOP + "<manifest ", 1)
    manifest = manifest.replace("<title>Course</title>", "<title>&a;</title>", 1)
    report = validate_package(write_zip(tmp_path / "p.zip", scorm12(manifest)), registry)
    assert [f.message for f in report.findings] == [
        "entity expansion bomb (billion laughs): the document declares entities that refer to "
        "each other in a loop; remove the DTD"
    ]


# 4. Moodle sequencing: empty rollupRules ignored; warning only between SCOs.

ROLLUP = (
    "<imsss:rollupRules>"
    '<imsss:rollupRule childActivitySet="all"><imsss:rollupConditions>'
    '<imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions>'
    '<imsss:rollupAction action="satisfied"/></imsss:rollupRule>'
    "</imsss:rollupRules>"
)
LIMIT = '<imsss:limitConditions attemptLimit="2"/>'
TWO_SCOS = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>Course</title>
      <item identifier="UNIT">
        <title>Unit</title>
        <item identifier="A" identifierref="RA"><title>A</title>
          <imsss:sequencing>{leaf}</imsss:sequencing>
        </item>
        <item identifier="B" identifierref="RB"><title>B</title></item>
        <imsss:sequencing{unit_ref}>{unit}</imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RA" type="webcontent" adlcp:scormType="sco" href="a.html">
      <file href="a.html"/>
    </resource>
    <resource identifier="RB" type="webcontent" adlcp:scormType="{b_type}" href="b.html">
      <file href="b.html"/>
    </resource>
  </resources>
  {collection}
</manifest>
"""


def two_scos(
    leaf: str = "", unit: str = "", unit_ref: str = "", b_type: str = "sco", collection: str = ""
) -> str:
    return TWO_SCOS.format(
        leaf=leaf, unit=unit, unit_ref=unit_ref, b_type=b_type, collection=collection
    )


def sequencing_findings(manifest: str, tmp_path: Path) -> list[tuple[str, int, str]]:
    files = {**scorm2004(manifest), "a.html": "<html/>", "b.html": "<html/>"}
    del files["index.html"]
    report = validate_package(write_zip(tmp_path / "p.zip", files), SchemaRegistry.discover())
    assert report.errors == [], report.errors
    return [(f.severity, f.line, f.message) for f in report.findings]


def test_empty_rollup_rules_are_not_sequencing(tmp_path: Path) -> None:
    empty = '<imsss:rollupRules rollupObjectiveSatisfied="false" objectiveMeasureWeight="0"/>'
    assert sequencing_findings(two_scos(leaf=empty, unit=empty), tmp_path) == []


def test_rollup_between_scos_is_a_warning_with_count_and_hint(tmp_path: Path) -> None:
    manifest = two_scos(unit=ROLLUP)
    line = line_in(manifest, "<imsss:rollupRules>")
    assert sequencing_findings(manifest, tmp_path) == [
        (
            "warning",
            line,
            f"1 sequencing rule that Moodle does not run (first: <rollupRules> at line {line}); "
            "build with --lms moodle, or --sco-granularity course",
        )
    ]


def test_shared_sequencing_on_a_cluster_counts_as_between_scos(tmp_path: Path) -> None:
    collection = (
        f'<imsss:sequencingCollection><imsss:sequencing ID="S">{ROLLUP}</imsss:sequencing>'
        "</imsss:sequencingCollection>"
    )
    manifest = two_scos(unit_ref=' IDRef="S"', collection=collection)
    assert [s for s, _, _ in sequencing_findings(manifest, tmp_path)] == ["warning"]


def test_rules_that_stay_inside_one_sco_are_info(tmp_path: Path) -> None:
    manifest = two_scos(leaf=LIMIT + ROLLUP)
    [(severity, line, message)] = sequencing_findings(manifest, tmp_path)
    assert (severity, line) == ("info", line_in(manifest, "<imsss:limitConditions"))
    assert message.startswith(
        "2 sequencing rules that Moodle does not run (first: <limitConditions>"
    )


def test_rules_in_a_single_sco_package_are_info(tmp_path: Path) -> None:
    manifest = two_scos(unit=ROLLUP, b_type="asset")
    assert [s for s, _, _ in sequencing_findings(manifest, tmp_path)] == ["info"]


def test_shared_objectives_tie_scos_together(tmp_path: Path) -> None:
    objective = (
        '<imsss:objectives><imsss:primaryObjective objectiveID="o">'
        '<imsss:mapInfo targetObjectiveID="g"/></imsss:primaryObjective></imsss:objectives>'
    )
    manifest = two_scos(leaf=LIMIT + objective)
    assert [s for s, _, _ in sequencing_findings(manifest, tmp_path)] == ["warning"]


# 5. One finding per missing file per resource.


def test_missing_launch_file_is_reported_once(tmp_path: Path, registry: SchemaRegistry) -> None:
    files = scorm12()
    del files["index.html"]
    report = validate_package(write_zip(tmp_path / "p.zip", files), registry)
    assert [(f.code, f.line) for f in report.findings] == [
        ("CP-MISSING-FILE", line_in(GOOD_SCORM12, 'href="index.html">'))
    ]


def test_same_missing_file_in_two_resources_is_reported_per_resource(
    tmp_path: Path, registry: SchemaRegistry
) -> None:
    manifest = GOOD_SCORM12.replace(
        "  </resources>",
        '    <resource identifier="RES-2" type="webcontent" adlcp:scormtype="asset">\n'
        '      <file href="media/logo.png"/>\n      <file href="media/logo.png"/>\n'
        "    </resource>\n  </resources>",
    )
    files = scorm12(manifest)
    del files["media/logo.png"]
    report = validate_package(write_zip(tmp_path / "p.zip", files), registry)
    missing = [f.line for f in report.findings if f.code == "CP-MISSING-FILE"]
    first = line_in(manifest, '<file href="media/logo.png"/>')
    assert missing == [first, line_in(manifest, 'identifier="RES-2"') + 1]


# 6. A QTI 1.2 manifest in the IMS CP namespace is checked by the qti12 set's schema.


def test_canvas_layout_qti12_manifest_is_schema_checked(
    tmp_path: Path, registry: SchemaRegistry
) -> None:
    broken = GOOD_QTI12_MANIFEST.replace("<organizations/>", "<organizations/><bogus/>")
    files = {**qti12(), "imsmanifest.xml": broken, "quiz/assessment_meta.xml": "<quiz/>"}
    report = validate_package(write_zip(tmp_path / "p.zip", files), registry)
    assert report.kind == "qti12-canvas"
    codes = {(f.code, f.file) for f in report.findings}
    assert ("XSD-INVALID", "imsmanifest.xml") in codes
    assert "XSD-NO-SCHEMA" not in {c for c, _ in codes}


def test_canvas_own_cc_namespace_manifest_notes_no_schema(
    tmp_path: Path, registry: SchemaRegistry
) -> None:
    manifest = GOOD_QTI12_MANIFEST.replace(
        "http://www.imsglobal.org/xsd/imscp_v1p1",
        "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
    )
    files = {**qti12(), "imsmanifest.xml": manifest, "quiz/assessment_meta.xml": "<quiz/>"}
    report = validate_package(write_zip(tmp_path / "p.zip", files), registry)
    assert report.kind == "qti12-canvas"
    assert [f.code for f in report.findings if f.file == "imsmanifest.xml"] == ["XSD-NO-SCHEMA"]


# 7. The command: -q/-v, help for every option, --schemas as an existing folder.


def test_quiet_lists_only_failing_packages_and_their_errors(tmp_path: Path) -> None:
    good = write_zip(tmp_path / "good.zip", scorm12(**{"extra.txt": "x"}))
    broken = GOOD_SCORM12.replace('identifierref="RES-1"', 'identifierref="NOPE"')
    bad = write_zip(tmp_path / "bad.zip", scorm12(broken, **{"extra.txt": "x"}))
    code, output = run("-q", str(good), str(bad))
    assert code == 1
    line = line_in(broken, 'identifierref="NOPE"')
    assert output.splitlines() == [
        f"FAIL {bad}: scorm12",
        "  imsmanifest.xml",
        f"    {line}: error: CP-DANGLING-IDENTIFIERREF: item 'ITEM-1' points at resource "
        "'NOPE', which does not exist",
    ]
    assert run("-q", str(good)) == (0, "")
    quiet_before = CliRunner().invoke(main, ["-q", "validate", str(good)])
    assert (quiet_before.exit_code, quiet_before.output) == (0, "")


def test_verbose_adds_the_checks_run(tmp_path: Path) -> None:
    code, output = run("-v", str(write_zip(tmp_path / "p.zip", scorm12())))
    assert code == 0
    assert "  checks: archive, lms, manifest, schema, scorm, xml" in output.splitlines()


def test_every_option_has_help() -> None:
    options = [p for p in validate.params if isinstance(p, click.Option)]
    assert {o.name for o in options} >= {"fmt", "fail_on", "jobs", "schema_dirs", "max_ratio"}
    assert [o.name for o in options if not o.help] == []


def test_schemas_must_be_an_existing_folder(tmp_path: Path) -> None:
    package = str(write_zip(tmp_path / "p.zip", scorm12()))
    assert run("--schemas", str(tmp_path / "nowhere"), package)[0] == 2
    assert run("--schemas", package, package)[0] == 2
    code, _ = run("--schemas", str(tmp_path), "--schemas", str(tmp_path), package)
    assert code == 0


@pytest.mark.parametrize(
    ("fraction", "accepted"),
    [("33.33333", True), ("33.333", True), ("-14.28571", True), ("33.33", False), ("35", False)],
)
def test_moodle_fractions_are_judged_as_moodles_import_matches_them(
    fraction: str, accepted: bool, tmp_path: Path, registry: SchemaRegistry
) -> None:
    bank = tmp_path / "bank.xml"
    bank.write_text(GOOD_MOODLEXML.replace('fraction="0"', f'fraction="{fraction}"'), "utf-8")
    codes = [f.code for f in validate_package(bank, registry).findings]
    assert ("MOODLE-FRACTION" not in codes) is accepted, codes
