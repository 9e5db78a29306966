"""Reports and the command: JSON against its schema, JUnit parsed back, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from hostile import GOOD_SCORM12, scorm12, write_zip
from hostile import run_validate as run
from lmsexport.validate.engine import CHECK_OF_PREFIX
from lmsexport.validate.findings import CODES

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "schemas" / "validate-report.schema.json").read_text())


@pytest.fixture
def packages(tmp_path: Path) -> dict[str, Path]:
    broken = GOOD_SCORM12.replace('identifierref="RES-1"', 'identifierref="NOPE"')
    return {
        "good": write_zip(tmp_path / "good.zip", scorm12()),
        "warning": write_zip(tmp_path / "warn.zip", scorm12(**{"extra.txt": "x"})),
        "error": write_zip(tmp_path / "bad.zip", scorm12(broken)),
        "unreadable": tmp_path / "missing.zip",
    }


def test_exit_codes(packages: dict[str, Path]) -> None:
    assert run(str(packages["good"]))[0] == 0
    assert run(str(packages["warning"]))[0] == 0
    assert run(str(packages["warning"]), "--fail-on", "warning")[0] == 1
    assert run(str(packages["error"]))[0] == 1
    assert run(str(packages["good"]), str(packages["unreadable"]))[0] == 2


def test_json_report_matches_its_schema(packages: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code, _ = run(*map(str, packages.values()), "--format", "json", "--output", str(out))
    document = json.loads(out.read_text())
    jsonschema.validate(document, SCHEMA)
    assert code == 2
    by_path = {Path(p["path"]).name: p for p in document["packages"]}
    assert by_path["bad.zip"]["kind"] == "scorm12"
    dangling = [
        f for f in by_path["bad.zip"]["findings"] if f["code"] == "CP-DANGLING-IDENTIFIERREF"
    ]
    assert dangling and dangling[0]["file"] == "imsmanifest.xml" and dangling[0]["line"] > 0
    assert by_path["missing.zip"]["unreadable"] is True


def test_schema_lists_exactly_the_registered_codes_and_checks() -> None:
    finding = SCHEMA["$defs"]["finding"]["properties"]
    assert sorted(finding["code"]["enum"]) == sorted(CODES)
    checks = SCHEMA["$defs"]["package"]["properties"]["checks"]["items"]["enum"]
    assert sorted(checks) == sorted(set(CHECK_OF_PREFIX.values()))


def test_junit_report_parses_back(packages: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "junit.xml"
    paths = [str(packages[k]) for k in ("good", "warning", "error")]
    code, _ = run(*paths, "--format", "junit", "--output", str(out))
    assert code == 1
    root = etree.parse(str(out), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [Path(s.get("name", "")).name for s in suites] == ["good.zip", "warn.zip", "bad.zip"]
    assert int(root.get("tests", "0")) == sum(len(s.findall("testcase")) for s in suites)
    failures = suites[2].findall("testcase/failure")
    assert [f.get("type") for f in failures] == ["CP-DANGLING-IDENTIFIERREF"]
    assert "imsmanifest.xml:" in (failures[0].text or "")
    assert suites[0].findall("testcase/failure") == []
    assert "CP-UNLISTED-FILE" in "".join(suites[1].itertext())


def test_text_report_groups_by_file_and_escapes_hostile_names(tmp_path: Path) -> None:
    package = write_zip(tmp_path / "p.zip", scorm12(**{"evil\x1b[31m.txt": "x"}))
    code, output = run(str(package))
    assert code == 0
    assert "\x1b" not in output
    assert "evil\\x1b[31m.txt" in output
    assert "detected: imsmanifest.xml" in output
    assert output.rstrip().endswith("1 package(s), 0 error(s), 2 warning(s)")
