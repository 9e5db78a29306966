"""Search path order, checksum verification and the catalog itself."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from lmsexport.schemas import SchemaRegistry
from lmsexport.schemas.catalog import CATALOG_PATH, CatalogError, load_catalog, safe_relpath

pytest_plugins = ["test_schemas_support"]  # library, isolated_env fixtures

ALL_KINDS = {
    "scorm12.manifest",
    "scorm2004-4th.manifest",
    "scorm2004-3rd.manifest",
    "lom",
    "qti12.assessment",
    "qti12.manifest",
    "qti21.item",
    "qti21.test",
    "qti21.manifest",
    "qti22.item",
    "qti22.manifest",
    "qti30.manifest",
    "cc11.manifest",
    "cc11.qti",
    "cc11.weblink",
    "cc11.discussion",
    "cmi5.course",
}


def _make_catalog() -> ModuleType:
    script = Path(__file__).resolve().parents[1] / "schemas" / "make_catalog.py"
    spec = importlib.util.spec_from_file_location("make_catalog", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _copy_set(library: Path, root: Path, name: str) -> Path:
    shutil.copytree(library / name, root / name)
    return root / name


def test_catalog_matches_the_shared_library(library: Path) -> None:
    regenerated = _make_catalog().build_catalog(library)
    assert regenerated == json.loads(CATALOG_PATH.read_text())


def test_catalog_defines_every_document_kind() -> None:
    assert set(load_catalog().kinds) == ALL_KINDS


@pytest.mark.parametrize("bad", ["../x.xsd", "/etc/passwd", "a/../../b", "C:/x", "a\\b", "", "."])
def test_unsafe_catalog_paths_are_rejected(bad: str) -> None:
    with pytest.raises(CatalogError):
        safe_relpath(bad)


def test_search_order_explicit_then_env_then_cache(
    tmp_path: Path,
    library: Path,
    isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    explicit, env = tmp_path / "explicit", tmp_path / "env"
    for root in (explicit, env, isolated_env):
        _copy_set(library, root, "cmi5")
    monkeypatch.setenv("LMSEXPORT_SCHEMAS", os.pathsep.join([str(tmp_path / "nowhere"), str(env)]))
    assert SchemaRegistry.discover([explicit]).find_set("cmi5") == explicit / "cmi5"
    assert SchemaRegistry.discover().find_set("cmi5") == env / "cmi5"
    monkeypatch.delenv("LMSEXPORT_SCHEMAS")
    assert SchemaRegistry.discover().find_set("cmi5") == isolated_env / "cmi5"
    shutil.rmtree(isolated_env / "cmi5")
    assert SchemaRegistry.discover().find_set("cmi5") is None


def test_tampered_set_is_reported_and_skipped(tmp_path: Path, library: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    tampered = _copy_set(library, first, "cmi5")
    (tampered / "CourseStructure.xsd").write_text("<!-- edited -->", encoding="utf-8")
    (tampered / "catalog.xml").unlink()
    good = _copy_set(library, second, "cmi5")
    status = SchemaRegistry([first, second]).status("cmi5")
    assert (status.path, status.verified) == (good, True)
    assert status.problems == (
        f"{tampered}: CourseStructure.xsd: SHA-256 differs from the catalog",
        f"{tampered}: catalog.xml: missing",
    )
    only_bad = SchemaRegistry([first])
    assert only_bad.find_set("cmi5") is None
    assert (only_bad.status("cmi5").path, only_bad.status("cmi5").verified) == (tampered, False)


def test_verification_notices_a_file_changed_later(tmp_path: Path, library: Path) -> None:
    folder = _copy_set(library, tmp_path, "cmi5")
    assert SchemaRegistry([tmp_path]).find_set("cmi5") == folder
    (folder / "CourseStructure.xsd").write_bytes(b"<changed/>")
    assert SchemaRegistry([tmp_path]).find_set("cmi5") is None


def test_statuses_cover_every_catalog_set(tmp_path: Path, library: Path) -> None:
    _copy_set(library, tmp_path, "lom")
    statuses = {s.name: s for s in SchemaRegistry([tmp_path]).statuses()}
    assert set(statuses) == set(load_catalog().sets)
    assert statuses["lom"].verified and statuses["lom"].path == tmp_path / "lom"
    assert statuses["qti22"].path is None and not statuses["qti22"].verified
