"""Validation against the official sets: every example, every error with its line, offline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lmsexport.errors import SchemaSetMissing
from lmsexport.schemas import SchemaRegistry, UnknownSchemaKind
from lmsexport.schemas.catalog import KindSpec, SetSpec, load_catalog, sha256_file
from lmsexport.schemas.compiler import SchemaCompileError, compiled
from lmsexport.xmlsafe import parse_xml

pytest_plugins = ["test_schemas_support"]  # library, isolated_env fixtures

# Which kind checks the examples of each set (examples/<set>/good*.xml, bad*.xml).
EXAMPLE_KIND = {
    "cc11": "cc11.manifest",
    "cmi5": "cmi5.course",
    "lom": "lom",
    "qti12": "qti12.assessment",
    "qti21": "qti21.item",
    "qti22": "qti22.item",
    "qti30": "qti30.manifest",
    "scorm12": "scorm12.manifest",
    "scorm2004-3rd": "scorm2004-3rd.manifest",
    "scorm2004-4th": "scorm2004-4th.manifest",
}


def _examples() -> list[tuple[str, str]]:
    return [(s, k) for s, k in sorted(EXAMPLE_KIND.items())]


@pytest.fixture(scope="module")
def registry(library: Path) -> SchemaRegistry:
    return SchemaRegistry([library])


@pytest.mark.parametrize(("set_name", "kind"), _examples())
def test_good_examples_pass_and_bad_examples_fail(
    registry: SchemaRegistry,
    library: Path,
    set_name: str,
    kind: str,
) -> None:
    folder = library / "examples" / set_name
    good, bad = sorted(folder.glob("good*.xml")), sorted(folder.glob("bad*.xml"))
    assert good and bad
    for path in good:
        assert registry.validate(kind, path.read_bytes(), path.name) == [], path
    for path in bad:
        found = registry.validate(kind, path.read_bytes(), path.name)
        assert found, f"{path} was accepted"
        assert all(d.is_error and d.pos and d.pos.line > 0 for d in found)
        assert {d.code for d in found} <= {"XSD-INVALID", "DTD-INVALID"}


def test_every_error_is_reported_with_its_line_and_readable_names(
    registry: SchemaRegistry,
    library: Path,
) -> None:
    text = (library / "examples/scorm12/good-imsmanifest.xml").read_text()
    broken = text.replace('identifier="ITEM-1"', 'identifier="ITEM-1" bogus="1"')
    broken = broken.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="lesson"')
    lines = {
        i + 1 for i, line in enumerate(broken.splitlines()) if "bogus" in line or "lesson" in line
    }
    assert len(lines) == 2
    found = registry.validate("scorm12.manifest", broken.encode(), "pkg/imsmanifest.xml")
    assert {d.pos.line for d in found if d.pos} == lines
    assert all(str(d.pos.file) == "pkg/imsmanifest.xml" for d in found if d.pos)
    assert any("adlcp:scormtype" in d.message for d in found)
    assert not any("{http" in d.message for d in found)


def test_qti12_dtd_ignores_namespaces_but_not_foreign_elements(registry: SchemaRegistry) -> None:
    document = (
        b'<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"'
        b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="a b">\n'
        b'<assessment ident="A" title="T" xml:lang="en"><section ident="S">\n'
        b'<x:extra xmlns:x="urn:x"/></section></assessment></questestinterop>'
    )
    found = registry.validate("qti12.assessment", document, "quiz.xml")
    # section's content (line 2) and the undeclared element itself (line 3)
    assert [d.pos.line for d in found if d.pos] == [2, 3]
    assert all("extra" in d.message for d in found)
    fixed = document.replace(b'\n<x:extra xmlns:x="urn:x"/>', b"<item ident='I'/>")
    assert registry.validate("qti12.assessment", fixed, "quiz.xml") == []


def test_syntax_error_is_a_diagnostic(registry: SchemaRegistry) -> None:
    [found] = registry.validate("cmi5.course", b"<courseStructure>\n<au>", "cmi5.xml")
    assert found.code == "XML-SYNTAX" and found.pos and found.pos.line == 2


def test_validate_tree_reuses_the_compiled_schema(registry: SchemaRegistry, library: Path) -> None:
    path = library / "examples/qti21/good-assessmentItem.xml"
    tree = parse_xml(path.read_bytes(), path.name)
    assert registry.validate_tree("qti21.item", tree, path.name) == []
    folder = registry.require_set("qti21")
    catalog = registry.catalog
    item = compiled(folder, catalog.sets["qti21"], catalog.kind("qti21.item"))
    assert compiled(folder, catalog.sets["qti21"], catalog.kind("qti21.test")) is item


def test_missing_set_raises_with_install_hint(isolated_env: Path) -> None:
    registry = SchemaRegistry.discover()
    with pytest.raises(SchemaSetMissing) as caught:
        registry.validate("qti21.item", b"<not-even-parsed", "item.xml")
    assert caught.value.set_name == "qti21"
    assert "lmsexport schemas install --from" in str(caught.value)


def test_unknown_kind_is_refused(registry: SchemaRegistry) -> None:
    with pytest.raises(UnknownSchemaKind, match=r"qti21\.item"):
        registry.validate("qti99.item", b"<x/>", "x.xml")


def test_set_of_maps_kinds_to_sets(registry: SchemaRegistry) -> None:
    assert registry.set_of("scorm12.manifest") == "scorm12"
    assert registry.set_of("qti12.assessment") == "qti12"
    assert registry.set_of("cc11.weblink") == "cc11"


def test_imports_outside_the_catalog_are_refused(tmp_path: Path, library: Path) -> None:
    folder = tmp_path / "lone"
    folder.mkdir()
    shutil.copy(library / "cmi5" / "catalog.xml", folder / "catalog.xml")
    (folder / "root.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:import namespace="urn:far" schemaLocation="http://127.0.0.1:9/far.xsd"/>'
        '<xs:include schemaLocation="../outside.xsd"/></xs:schema>'
    )
    files = tuple((p.name, sha256_file(p)) for p in sorted(folder.iterdir()))
    kind = KindSpec("lone.doc", "lone", "xsd", ("root.xsd",))
    with pytest.raises(SchemaCompileError, match=r"http://127\.0\.0\.1:9/far\.xsd"):
        compiled(folder, SetSpec("lone", "test set", files, (kind,)), kind)


def test_control_files_for_scorm_packages(registry: SchemaRegistry, library: Path) -> None:
    scorm12 = registry.control_files("scorm12")
    assert sorted(scorm12) == [
        "adlcp_rootv1p2.xsd",
        "ims_xml.xsd",
        "imscp_rootv1p1p2.xsd",
        "imsmd_rootv1p2p1.xsd",
    ]
    assert scorm12["ims_xml.xsd"] == library / "scorm12" / "ims_xml.xsd"
    scorm2004 = registry.control_files("scorm2004-4th")
    for member in ("imscp_v1p1.xsd", "imsss_v1p0util.xsd", "XMLSchema.dtd", "lom.xsd"):
        assert member in scorm2004
    assert scorm2004["common/anyElement.xsd"] == library / "lom" / "common" / "anyElement.xsd"
    assert "catalog.xml" not in scorm2004
    assert all(path.is_file() for path in scorm2004.values())


def test_control_files_leave_out_an_absent_borrowed_set(tmp_path: Path, library: Path) -> None:
    shutil.copytree(library / "scorm2004-3rd", tmp_path / "scorm2004-3rd")
    files = SchemaRegistry([tmp_path]).control_files("scorm2004-3rd")
    assert "imsss_v1p0.xsd" in files and "lom.xsd" not in files


def test_every_kind_compiles_offline_from_its_own_set(
    library: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Kinds without examples too; the set's own catalog.xml serves every import."""
    monkeypatch.delenv("XML_CATALOG_FILES", raising=False)
    catalog = load_catalog()
    for kind in catalog.kinds.values():
        validator = compiled(library / kind.set_name, catalog.sets[kind.set_name], kind)
        assert validator.kind in catalog.kinds
