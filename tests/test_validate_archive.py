"""Reading members without trusting their headers, on both read paths.

Small members are inflated straight from the zip's bytes (``validate/inflate.py``),
large ones stream through zipfile; each hostile header edit below must give the
same finding whichever path reads the member.  Headers are patched in the
written bytes, because zipfile itself refuses to write such archives.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from pathlib import Path

import pytest

from hostile import qti21, scorm12, write_zip
from lmsexport.schemas import SchemaRegistry
from lmsexport.validate.engine import validate_package
from lmsexport.validate.findings import Finding, PackageReport
from lmsexport.validate.inflate import FAST_BYTES
from lmsexport.validate.options import ValidateOptions
from lmsexport.validate.xmlread import ParsedXml

LOCAL = b"PK\x03\x04"
CENTRAL = b"PK\x01\x02"
# Offsets inside the local and central headers (APPNOTE 4.3.7 and 4.3.12).
LOCAL_FLAGS, LOCAL_CRC, LOCAL_NAME = 6, 14, 30
CENTRAL_FLAGS, CENTRAL_CRC, CENTRAL_NAME = 8, 16, 46
BIG = FAST_BYTES + 4096


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry.discover()


def _package(folder: Path, member: str, data: bytes, method: int) -> Path:
    path = write_zip(folder / "package.zip", scorm12())
    with zipfile.ZipFile(path, "a", method) as archive:
        archive.writestr(member, data)
    return path


def _headers(blob: bytes, member: str) -> tuple[int, int]:
    """Offsets of ``member``'s local and central directory headers."""
    name = member.encode()
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        local = archive.getinfo(member).header_offset
    central = blob.find(CENTRAL)
    while blob[central + CENTRAL_NAME : central + CENTRAL_NAME + len(name)] != name:
        central = blob.find(CENTRAL, central + 1)
        assert central > 0, member
    assert blob[local : local + 4] == LOCAL
    return local, central


def _patch(path: Path, member: str, edit: str) -> None:
    blob = bytearray(path.read_bytes())
    local, central = _headers(bytes(blob), member)
    if edit == "encrypted":
        for at in (local + LOCAL_FLAGS, central + CENTRAL_FLAGS):
            flags = struct.unpack_from("<H", blob, at)[0]
            struct.pack_into("<H", blob, at, flags | 0x1)
    elif edit == "crc":
        for at in (local + LOCAL_CRC, central + CENTRAL_CRC):
            struct.pack_into("<I", blob, at, struct.unpack_from("<I", blob, at)[0] ^ 0xFFFF)
    elif edit == "local-name":  # same length, other name: tools disagree on what they unpack
        at = local + LOCAL_NAME
        blob[at : at + len(member)] = member.upper().encode()
    path.write_bytes(bytes(blob))


def _codes(report: PackageReport) -> set[tuple[str, str]]:
    return {(f.code, f.file) for f in report.findings}


def test_encrypted_member_is_reported_and_never_read(
    tmp_path: Path, registry: SchemaRegistry
) -> None:
    path = _package(tmp_path, "media/secret.xml", b"<not-xml", zipfile.ZIP_DEFLATED)
    _patch(path, "media/secret.xml", "encrypted")
    report = validate_package(path, registry)
    codes = _codes(report)
    assert ("ZIP-ENCRYPTED", "media/secret.xml") in codes
    # Hidden from every later check: never parsed, never inflated, never listed.
    assert {file for _, file in codes} == {"media/secret.xml"}, report.findings


@pytest.mark.parametrize("size", [300, BIG], ids=["inflated-from-memory", "streamed"])
@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_crc_mismatch_is_caught_on_both_read_paths(
    size: int, method: int, tmp_path: Path, registry: SchemaRegistry
) -> None:
    data = random.Random(size).randbytes(size)
    path = _package(tmp_path, "media/clip.bin", data, method)
    assert _codes(validate_package(path, registry)) == {("CP-UNLISTED-FILE", "media/clip.bin")}
    _patch(path, "media/clip.bin", "crc")
    assert ("ZIP-MEMBER-CORRUPT", "media/clip.bin") in _codes(validate_package(path, registry))


def test_corrupt_xml_member_is_reported_once_and_not_parsed(
    tmp_path: Path, registry: SchemaRegistry
) -> None:
    path = _package(tmp_path, "extra.xml", b"<a>" * 50 + b"</a>" * 50, zipfile.ZIP_DEFLATED)
    _patch(path, "extra.xml", "crc")
    report = validate_package(path, registry)
    mine = [f.code for f in report.findings if f.file == "extra.xml"]
    assert mine.count("ZIP-MEMBER-CORRUPT") == 1
    assert not [c for c in mine if c.startswith(("XML-", "XSD-"))], report.findings


def test_local_header_naming_another_file_is_corrupt(
    tmp_path: Path, registry: SchemaRegistry
) -> None:
    path = _package(tmp_path, "media/a.bin", b"abc" * 100, zipfile.ZIP_DEFLATED)
    _patch(path, "media/a.bin", "local-name")
    report = validate_package(path, registry)
    corrupt = [f for f in report.findings if f.code == "ZIP-MEMBER-CORRUPT"]
    assert [f.file for f in corrupt] == ["media/a.bin"]
    assert "names another file" in corrupt[0].message


def test_small_member_past_the_member_limit_is_refused(
    tmp_path: Path, registry: SchemaRegistry
) -> None:
    path = _package(tmp_path, "media/a.bin", bytes(5000), zipfile.ZIP_DEFLATED)
    options = ValidateOptions(max_member_bytes=4096)
    assert ("ZIP-BOMB-SIZE", "media/a.bin") in _codes(validate_package(path, registry, options))


def test_every_member_is_inflated_once_and_every_xml_member_parsed_once(
    tmp_path: Path, registry: SchemaRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lmsexport.validate import archive
    from lmsexport.validate.xmlread import parse_member

    inflated: list[str] = []
    parsed: list[str] = []
    read = archive.Package._read

    def counting_read(self: archive.Package, name: str, keep: bool = True) -> bytes | None:
        inflated.append(name)
        return read(self, name, keep)

    def counting_parse(name: str, data: bytes, found: list[Finding]) -> ParsedXml:
        parsed.append(name)
        return parse_member(name, data, found)

    monkeypatch.setattr(archive.Package, "_read", counting_read)
    monkeypatch.setattr("lmsexport.validate.context.parse_member", counting_parse)
    files = qti21()
    report = validate_package(write_zip(tmp_path / "q.zip", files), registry)
    assert (report.kind, report.findings) == ("qti21", [])
    assert sorted(inflated) == sorted(files)
    assert sorted(parsed) == sorted(n for n in files if n.endswith(".xml"))
