"""Inflate small zip members straight from the archive's bytes, with zipfile's checks.

Profiling ``lmsexport validate`` showed that for real packages (hundreds of
members of a few KiB) the cost of ``ZipFile.open`` was Python bookkeeping, not
zlib: a seek and header read on the shared file, a ``ZipExtFile``, a
decompressor and chunked CRC updates, about 30 µs per member.  For the common
member (stored or deflated, not encrypted, at most :data:`FAST_BYTES`) this
module does the same checks in a handful of C calls: the local header must
agree with the central directory, the deflate stream must end, inflating is
capped one byte past the declared size (so a lying header cannot make us
allocate more), and the size and CRC must match.  Every other member keeps
going through zipfile's streaming reader.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

# Members up to this size (declared and compressed) are inflated in one call.
FAST_BYTES = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_LOCAL_SIGNATURE = b"PK\x03\x04"
# Encrypted (0x1), compressed patch data (0x20), strong encryption (0x40).
_SLOW_FLAGS = 0x1 | 0x20 | 0x40
_UTF8_NAME = 0x800


class MemberCorrupt(Exception):
    """The member's bytes disagree with its headers; the message says how."""


def fast_path(info: zipfile.ZipInfo) -> bool:
    """True when :func:`inflate` can read ``info``; else use ``ZipFile.open``."""
    return (
        info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        and not info.flag_bits & _SLOW_FLAGS
        and info.file_size <= FAST_BYTES
        and info.compress_size <= FAST_BYTES
    )


def inflate(blob: bytes, info: zipfile.ZipInfo) -> bytes:
    """The uncompressed bytes of ``info`` inside the zip file ``blob``.

    Raises :class:`MemberCorrupt` on any disagreement; call only when
    :func:`fast_path` says so.
    """
    offset = info.header_offset
    if offset < 0 or len(blob) < offset + _LOCAL_HEADER.size:
        raise MemberCorrupt("local header lies outside the file")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(blob, offset)
    if signature != _LOCAL_SIGNATURE:
        raise MemberCorrupt("bad local header signature")
    name_at = offset + _LOCAL_HEADER.size
    encoding = "utf-8" if info.flag_bits & _UTF8_NAME else "cp437"
    if blob[name_at : name_at + name_length].decode(encoding, "replace") != info.orig_filename:
        raise MemberCorrupt("the local header names another file than the directory")
    start = name_at + name_length + extra_length
    raw = memoryview(blob)[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        raise MemberCorrupt("compressed data runs past the end of the file")
    if info.compress_type == zipfile.ZIP_STORED:
        data = bytes(raw)
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            data = inflater.decompress(raw, info.file_size + 1)
        except zlib.error as exc:
            raise MemberCorrupt(f"deflate stream damaged: {exc}") from exc
        if len(data) <= info.file_size and not inflater.eof:
            raise MemberCorrupt("deflate stream ends early")
    if len(data) != info.file_size:
        raise MemberCorrupt(f"inflates to more or less than the declared {info.file_size} bytes")
    if zlib.crc32(data) != info.CRC:
        raise MemberCorrupt("CRC check failed")
    return data
