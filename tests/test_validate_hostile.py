"""The broken/hostile corpus: exact finding per defect, no network, no writes, bounded reads."""

from __future__ import annotations

import http.server
import os
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hostile import Case, corpus, scorm12, write_zip
from lmsexport.schemas import SchemaRegistry
from lmsexport.validate.engine import validate_package
from lmsexport.validate.findings import PackageReport
from lmsexport.validate.options import ValidateOptions

CASES = {case.name: case for case in corpus("http://127.0.0.1:9")}


class _Guard:
    """Records network connections and file writes while ``active`` (a sys audit hook)."""

    def __init__(self) -> None:
        self.active = False
        self.events: list[tuple[str, Any]] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
            self.events.append((event, args))
        elif event == "open" and len(args) >= 3:
            mode, flags = args[1], args[2]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            )
            if writing:
                self.events.append((event, args))


_GUARD = _Guard()
sys.addaudithook(_GUARD)


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry.discover()


@pytest.fixture(scope="module")
def sentinel() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server; any request it receives means the validator fetched something."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<!ENTITY leaked 'secret'>")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def guarded(path: Path, registry: SchemaRegistry, options: ValidateOptions) -> PackageReport:
    """Validate with the guard on, from an empty working folder."""
    _GUARD.events.clear()
    _GUARD.active = True
    try:
        return validate_package(path, registry, options)
    finally:
        _GUARD.active = False


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert len({c.code for c in CASES.values()}) >= 30


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_defect_is_reported_exactly(
    name: str,
    tmp_path: Path,
    registry: SchemaRegistry,
    sentinel: tuple[str, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, hits = sentinel
    case: Case = {c.name: c for c in corpus(url)}[name]
    inputs = tmp_path / "in"
    inputs.mkdir()
    package = case.make(inputs)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    before = sorted(p.name for p in tmp_path.iterdir())

    report = guarded(package, registry, case.options)

    where = {(f.code, f.file, f.line) for f in report.findings}
    if case.line is None:
        assert (case.code, case.file) in {(c, f) for c, f, _ in where}, report.findings
    else:
        assert (case.code, case.file, case.line) in where, report.findings
    assert not hits, f"network fetch attempted: {hits}"
    assert not _GUARD.events, f"network or write attempted: {_GUARD.events}"
    assert list(cwd.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not Path("/tmp/lmsexport-evil.txt").exists()


@pytest.mark.parametrize(
    "name",
    [
        "zip-slip",
        "xxe",
        "billion-laughs",
        "billion-laughs-exponential",
        "external-dtd",
        "zip-truncated",
        "binary-file",
    ],
)
def test_hostile_inputs_fail_the_command(name: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lmsexport.cli import main

    package = CASES[name].make(tmp_path)
    result = CliRunner().invoke(main, ["validate", str(package)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    # Hostile content is a finding (exit 1); exit 2 is for paths that cannot be read at all.
    assert result.exit_code == 1, result.output
    assert CASES[name].code in result.output


@pytest.fixture(scope="module")
def gigabyte_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real 1 GiB-expanding member, about 5 MB on disk, streamed so memory stays flat."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in scorm12().items():
            archive.writestr(name, data)
        with archive.open("media/big.xml", "w", force_zip64=True) as stream:
            chunk = bytes(1 << 20)
            for _ in range(1024):
                stream.write(chunk)
    assert path.stat().st_size < 8 << 20
    return path


class _CountingReads:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.total = 0
        original = zipfile.ZipExtFile.read

        def read(stream: zipfile.ZipExtFile, n: int = -1) -> bytes:
            data = original(stream, n)
            self.total += len(data)
            return data

        monkeypatch.setattr(zipfile.ZipExtFile, "read", read)


def test_gigabyte_bomb_is_refused_without_inflating(
    gigabyte_bomb: Path, registry: SchemaRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _CountingReads(monkeypatch)
    report = guarded(gigabyte_bomb, registry, ValidateOptions())
    codes = {(f.code, f.file) for f in report.findings}
    assert ("ZIP-BOMB-SIZE", "") in codes
    assert reads.total < 1 << 20
    assert not _GUARD.events


def test_bomb_under_size_limit_is_caught_by_ratio_and_never_inflated(
    gigabyte_bomb: Path, registry: SchemaRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _CountingReads(monkeypatch)
    options = ValidateOptions(max_total_bytes=4 << 30)
    report = guarded(gigabyte_bomb, registry, options)
    assert ("ZIP-BOMB-RATIO", "media/big.xml") in {(f.code, f.file) for f in report.findings}
    assert reads.total < 1 << 20


def test_member_reading_stops_at_the_member_limit(
    gigabyte_bomb: Path, registry: SchemaRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _CountingReads(monkeypatch)
    options = ValidateOptions(max_total_bytes=4 << 30, max_ratio=1e9, max_member_bytes=8 << 20)
    report = guarded(gigabyte_bomb, registry, options)
    assert ("ZIP-BOMB-SIZE", "media/big.xml") in {(f.code, f.file) for f in report.findings}
    assert reads.total <= (8 << 20) + (128 << 10)


def test_time_limit_stops_a_package(tmp_path: Path, registry: SchemaRegistry) -> None:
    package = write_zip(tmp_path / "p.zip", scorm12())
    started = time.monotonic()
    report = validate_package(package, registry, ValidateOptions(time_limit_s=0.0))
    assert "PKG-TIMEOUT" in {f.code for f in report.findings}
    assert time.monotonic() - started < 5
