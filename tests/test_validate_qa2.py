"""Issue 6, QA pass 2: a folder of packages is a batch, and refused or too-deep
members get findings that say what happened instead of a false 'missing'."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from hostile import (
    GOOD_SCORM12,
    bomb_manifest,
    line_in,
    qti21,
    scorm12,
    too_deep,
    write_zip,
)
from hostile import run_validate as run
from lmsexport.schemas import SchemaRegistry
from lmsexport.validate.engine import validate_package, validate_paths
from lmsexport.validate.findings import PackageReport
from lmsexport.validate.options import ValidateOptions

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "schemas" / "validate-report.schema.json").read_text())
SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry.discover()


def codes(report: PackageReport) -> set[str]:
    return {f.code for f in report.findings}


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A QA folder: two good packages, two broken ones, a note; no manifest at its top."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    write_zip(folder / "a-good.zip", scorm12())
    write_zip(folder / "b-ratio.zip", scorm12(bomb_manifest()))
    write_zip(folder / "c-deep.zip", scorm12(too_deep()))
    write_zip(folder / "d-qti.imscc", qti21())
    (folder / "README.md").write_text("what each package tests\n", encoding="utf-8")
    return folder


# 1. A folder of packages: each package is its own input.


def test_folder_of_packages_reports_each_package(batch: Path) -> None:
    code, output = run(str(batch))
    assert code == 1
    assert "CP-MANIFEST-MISSING" not in output
    assert (
        f"{batch}: a folder of packages (no imsmanifest.xml, cmi5.xml or index.html at its top); "
        f"each of its 4 package(s) is validated on its own"
    ) in output.splitlines()
    verdicts = [
        line.split(":")[0] for line in output.splitlines() if line.startswith(("OK", "FAIL"))
    ]
    assert verdicts == [
        f"OK {batch / 'a-good.zip'}",
        f"FAIL {batch / 'b-ratio.zip'}",
        f"FAIL {batch / 'c-deep.zip'}",
        f"OK {batch / 'd-qti.imscc'}",
    ]
    assert output.rstrip().endswith("4 package(s), 2 error(s), 0 warning(s)")


def test_folder_of_packages_in_json_and_junit(batch: Path, tmp_path: Path) -> None:
    report, junit = tmp_path / "report.json", tmp_path / "junit.xml"
    run(str(batch), "--format", "json", "--output", str(report))
    run(str(batch), "--format", "junit", "--output", str(junit))
    document = json.loads(report.read_text())
    jsonschema.validate(document, SCHEMA)
    packages = [(Path(p["path"]).name, p["found_in"], p["kind"]) for p in document["packages"]]
    assert packages == [
        ("a-good.zip", str(batch), "scorm12"),
        ("b-ratio.zip", str(batch), "unknown"),
        ("c-deep.zip", str(batch), "unknown"),
        ("d-qti.imscc", str(batch), "qti21"),
    ]
    suites = etree.parse(str(junit), SAFE).getroot().findall("testsuite")
    assert [Path(s.get("name", "")).name for s in suites] == [p[0] for p in packages]


def unpack(folder: Path, files: dict[str, bytes | str]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    return folder


def test_packages_one_level_down_are_found_and_no_deeper(tmp_path: Path) -> None:
    folder = tmp_path / "term"
    (folder / "week1" / "old").mkdir(parents=True)
    write_zip(folder / "week1" / "quiz.zip", qti21())
    write_zip(folder / "week1" / "old" / "x.zip", qti21())
    unpack(folder / "week2", scorm12())
    reports = validate_paths([folder])
    assert [(Path(r.path).relative_to(folder).as_posix(), r.kind) for r in reports] == [
        ("week1/quiz.zip", "qti21"),
        ("week2", "scorm12"),
    ]
    assert all(r.found_in == str(folder) and not r.findings for r in reports)


def test_a_package_folder_zipped_one_level_too_deep_stays_one_package(tmp_path: Path) -> None:
    unpack(tmp_path / "upload" / "course", scorm12())
    [report] = validate_paths([tmp_path / "upload"])
    assert report.path == str(tmp_path / "upload") and report.found_in == ""
    assert "CP-MANIFEST-NOT-AT-ROOT" in codes(report)


def test_a_folder_holding_no_package_is_still_missing_its_manifest(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "page.html").write_text("<html/>", encoding="utf-8")
    [report] = validate_paths([folder])
    assert codes(report) == {"CP-MANIFEST-MISSING"}


def test_a_link_in_a_folder_of_packages_is_reported_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    write_zip(folder / "good.zip", scorm12())
    broken = write_zip(tmp_path / "outside.zip", scorm12(GOOD_SCORM12.replace('RES-1"', 'X"')))
    (folder / "linked.zip").symlink_to(broken)
    reports = validate_paths([folder])
    assert [(Path(r.path).name, sorted(codes(r))) for r in reports] == [
        ("good.zip", []),
        ("linked.zip", ["ZIP-SYMLINK"]),
    ]


# 2. A member refused by a limit is 'not read', never 'missing'.


def _encrypted_manifest(folder: Path) -> Path:
    """The encryption flag set on imsmanifest.xml, the first member of both headers."""
    path = write_zip(folder / "p.zip", scorm12())
    blob = bytearray(path.read_bytes())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        blob[blob.find(signature) + flags_at] |= 0x1
    path.write_bytes(bytes(blob))
    with zipfile.ZipFile(path) as archive:
        assert archive.infolist()[0].filename == "imsmanifest.xml"
        assert archive.infolist()[0].flag_bits & 0x1
    return path


def _last_of_many(folder: Path) -> Path:
    files = scorm12()
    manifest = files.pop("imsmanifest.xml")
    return write_zip(folder / "p.zip", {**files, "imsmanifest.xml": manifest})


@pytest.mark.parametrize(
    ("make", "options", "refused_by"),
    [
        (
            lambda d: write_zip(d / "p.zip", scorm12(bomb_manifest())),
            ValidateOptions(),
            "ZIP-BOMB-RATIO",
        ),
        (_encrypted_manifest, ValidateOptions(), "ZIP-ENCRYPTED"),
        (
            lambda d: write_zip(d / "p.zip", scorm12()),
            ValidateOptions(max_total_bytes=100),
            "ZIP-BOMB-SIZE",
        ),
        (_last_of_many, ValidateOptions(max_entries=3), "ZIP-TOO-MANY-ENTRIES"),
    ],
    ids=["ratio", "encrypted", "total-size", "entry-limit"],
)
def test_refused_manifest_is_not_reported_missing(
    make: Callable[[Path], Path],
    options: ValidateOptions,
    refused_by: str,
    tmp_path: Path,
    registry: SchemaRegistry,
) -> None:
    report = validate_package(make(tmp_path), registry, options)
    assert refused_by in codes(report)
    assert "CP-MANIFEST-MISSING" not in codes(report)
    # index.html is there too, but the package is not a plain web site.
    assert report.kind == "unknown"
    assert report.detected_because == (
        f"imsmanifest.xml is in the package but was not read ({refused_by}, see its finding), "
        f"so nothing that depends on it was checked"
    )


def test_href_to_a_refused_member_is_not_a_missing_file(
    tmp_path: Path, registry: SchemaRegistry
) -> None:
    big = "media/film.xml"
    manifest = GOOD_SCORM12.replace('<file href="media/logo.png"/>', f'<file href="{big}"/>')
    files = scorm12(manifest, **{big: "<a>" + " " * (2 << 20) + "</a>"})
    del files["media/logo.png"]
    report = validate_package(write_zip(tmp_path / "p.zip", files), registry)
    assert report.kind == "scorm12"
    assert [(f.code, f.file) for f in report.errors] == [("ZIP-BOMB-RATIO", big)]


# 3. Too deep nesting has its own code and words, not libxml2's advice.


def test_too_deep_nesting_has_its_own_code_and_plain_message(tmp_path: Path) -> None:
    package = write_zip(tmp_path / "deep.zip", scorm12(too_deep()))
    code, output = run(str(package), "--format", "json")
    assert code == 1
    [found] = json.loads(output)["packages"][0]["findings"]
    assert (found["code"], found["file"], found["line"]) == (
        "XML-TOO-DEEP",
        "imsmanifest.xml",
        line_in(GOOD_SCORM12, "<title>Course</title>"),
    )
    assert found["message"] == (
        "elements nested deeper than 256 levels: no LMS needs that; flatten the document"
    )
    assert "XML_PARSE_HUGE" not in output


def test_nesting_just_under_the_limit_is_fine(tmp_path: Path, registry: SchemaRegistry) -> None:
    manifest = too_deep(200)
    report = validate_package(write_zip(tmp_path / "p.zip", scorm12(manifest)), registry)
    assert "XML-TOO-DEEP" not in codes(report)
    assert "XML-MALFORMED" not in codes(report)
