"""``schemas install`` from a folder and from a loopback URL, and the ``schemas`` CLI."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmsexport.cli import main
from lmsexport.schemas import SchemaInstallError, SchemaRegistry, install_sets
from lmsexport.schemas.catalog import load_catalog
from test_schemas_support import Loopback, serve

pytest_plugins = ["test_schemas_support"]  # library, isolated_env fixtures

SMALL_SETS = ["cmi5", "scorm12"]


@pytest.fixture
def server(library: Path) -> Iterator[Loopback]:
    yield from serve(library)


def _installed_files(cache: Path, name: str) -> list[str]:
    return sorted(p.relative_to(cache / name).as_posix() for p in (cache / name).rglob("*"))


def test_install_from_folder_then_registry_uses_it(
    library: Path,
    isolated_env: Path,
) -> None:
    assert install_sets(str(library), names=SMALL_SETS) == SMALL_SETS
    expected = [rel for rel, _ in load_catalog().sets["cmi5"].files]
    assert _installed_files(isolated_env, "cmi5") == expected
    registry = SchemaRegistry.discover()
    assert registry.find_set("scorm12") == isolated_env / "scorm12"
    good = library / "examples/scorm12/good-imsmanifest.xml"
    assert registry.validate("scorm12.manifest", good.read_bytes(), good.name) == []


def test_install_everything_from_url(server: Loopback, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    installed = install_sets(server.url + "/", cache)
    assert installed == sorted(load_catalog().sets)
    assert all(SchemaRegistry([cache]).find_set(name) for name in installed)
    assert "/qti22/qtiv2p2/imsqti_v2p2.xsd" in server.requests


def test_reinstall_replaces_the_set(library: Path, tmp_path: Path) -> None:
    install_sets(str(library), tmp_path, ["cmi5"])
    (tmp_path / "cmi5" / "stale.txt").write_text("old")
    install_sets(str(library), tmp_path, ["cmi5"])
    assert not (tmp_path / "cmi5" / "stale.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cmi5"]  # no temp folders left


def test_tampered_file_is_refused_and_nothing_written(
    library: Path,
    tmp_path: Path,
) -> None:
    source = tmp_path / "source"
    shutil.copytree(library / "scorm12", source / "scorm12")
    with (source / "scorm12" / "adlcp_rootv1p2.xsd").open("a") as handle:
        handle.write("<!-- tampered -->")
    cache = tmp_path / "cache"
    with pytest.raises(SchemaInstallError, match=r"adlcp_rootv1p2\.xsd does not match the catalog"):
        install_sets(str(source), cache, ["scorm12"])
    assert not cache.exists()  # checked before anything is written


def test_tampered_file_over_http_is_refused(tmp_path: Path, library: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(library / "cmi5", source / "cmi5")
    (source / "cmi5" / "CourseStructure.xsd").write_text("<xs:schema/>")
    for web in serve(source):
        with pytest.raises(SchemaInstallError, match="SHA-256"):
            install_sets(web.url, tmp_path / "cache", ["cmi5"])
    assert not (tmp_path / "cache" / "cmi5").exists()


@pytest.mark.parametrize(
    ("source", "names", "message"),
    [
        ("{library}", ["../../etc"], "unknown schema set"),
        ("{library}", ["cc13"], "unknown schema set"),
        ("{tmp}/nowhere", None, "does not exist"),
        ("ftp://example.org/schemas", None, "unsupported source"),
        ("{tmp}", None, "no schema set of the catalog found"),
    ],
)
def test_bad_install_input(
    library: Path,
    tmp_path: Path,
    source: str,
    names: list[str] | None,
    message: str,
) -> None:
    source = source.format(library=library, tmp=tmp_path)
    with pytest.raises(SchemaInstallError, match=message):
        install_sets(source, tmp_path / "cache", names)


def test_requested_set_missing_from_url(server: Loopback, tmp_path: Path) -> None:
    with pytest.raises(SchemaInstallError, match="missing from the source"):
        install_sets(server.url + "/examples", tmp_path / "cache", ["cmi5"])


def test_cli_list_shows_found_tampered_and_missing(
    library: Path,
    isolated_env: Path,
    tmp_path: Path,
) -> None:
    shutil.copytree(library / "cmi5", tmp_path / "lib" / "cmi5")
    shutil.copytree(library / "lom", tmp_path / "lib" / "lom")
    (tmp_path / "lib" / "lom" / "lom.xsd").write_text("changed")
    result = CliRunner().invoke(main, ["schemas", "list", "--schemas", str(tmp_path / "lib")])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines()[1:]}
    assert rows["cmi5"] == ["verified", str(tmp_path / "lib" / "cmi5")]
    assert rows["lom"] == ["UNVERIFIED", str(tmp_path / "lib" / "lom")]
    assert rows["qti21"] == ["missing", "-"]
    assert "lom.xsd: SHA-256 differs from the catalog" in result.output
    assert "lmsexport schemas install --from" in result.output


def test_cli_list_rejects_a_missing_schemas_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schemas", "list", "--schemas", str(tmp_path / "typo")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_cli_install_from_url_then_list(
    server: Loopback,
    isolated_env: Path,
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    runner = CliRunner()
    args = ["schemas", "install", "--from", server.url, "--set", "cmi5", "--cache", str(cache)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"installed cmi5 -> {cache / 'cmi5'}" in result.output
    listing = runner.invoke(main, ["schemas", "list", "--schemas", str(cache)])
    assert f"cmi5           verified    {cache / 'cmi5'}" in listing.output


def test_cli_install_bad_input_exits_2_without_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["schemas", "install", "--from", str(tmp_path / "nope"), "--cache", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.output.startswith("error: source folder")
    assert result.exception is None or isinstance(result.exception, SystemExit)
