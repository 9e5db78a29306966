"""Deterministic, atomic output files.

Zips are byte-reproducible: members sorted by name, one fixed timestamp
(``SOURCE_DATE_EPOCH`` when set, else 1980-01-01), fixed permissions and
compression level (already-compressed media are stored, not deflated).  Every output is written to a temporary file in the
destination folder and renamed over the target only once complete, so a failed
or interrupted build leaves the previous file untouched.
"""

from __future__ import annotations

import io
import os
import posixpath
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from lmsexport.targets.base import OutputFile

_DOS_EPOCH = (1980, 1, 1, 0, 0, 0)

COMPRESS_LEVEL = 6
"""zlib's default: level 9 took a third longer for 0.03 % smaller QTI packages."""

STORED_SUFFIXES = frozenset(
    {
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".mp3",
        ".mp4",
        ".m4a",
        ".webm",
        ".ogg",
        ".zip",
        ".woff",
        ".woff2",
        ".pdf",
        ".docx",
        ".pptx",
        ".xlsx",
    }
)
"""Already-compressed formats, stored as they are: deflating them costs time and saves nothing."""


def _compress_type(name: str) -> int:
    suffix = posixpath.splitext(name)[1].lower()
    return zipfile.ZIP_STORED if suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED


def _fixed_timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return _DOS_EPOCH
    stamp = time.gmtime(max(int(epoch), 315532800))
    return (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min, stamp.tm_sec)


def zip_bytes(files: Iterable[OutputFile]) -> bytes:
    """Return the bytes of a reproducible zip holding ``files``.

    Raises ``ValueError`` on duplicate or unsafe member names, which would make
    the package ambiguous or unpack outside its folder.
    """
    members = sorted(files, key=lambda f: f.path)
    seen: set[str] = set()
    for member in members:
        name = member.path
        if not name or name.startswith("/") or "\\" in name or ".." in name.split("/"):
            raise ValueError(f"unsafe zip member name: {name!r}")
        if name in seen:
            raise ValueError(f"duplicate zip member: {name!r}")
        seen.add(name)
    stamp = _fixed_timestamp()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            info = zipfile.ZipInfo(member.path, date_time=stamp)
            info.compress_type = _compress_type(member.path)
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            archive.writestr(info, member.data, compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def write_atomic(
    destination: Path,
    write: Callable[[BinaryIO], None],
    check: Callable[[Path], bool] | None = None,
) -> bool:
    """Call ``write`` on a temp file beside ``destination`` and rename it into place.

    ``check`` sees the complete temp file (which keeps the destination's suffix,
    so tools that look at extensions work); when it returns ``False`` the temp file
    is removed, ``destination`` is left as it was, and the result is ``False``.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{destination.stem}.", suffix=f".tmp{destination.suffix}", dir=destination.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, 0o644)
        if check is not None and not check(Path(temp_name)):
            Path(temp_name).unlink()
            return False
        os.replace(temp_name, destination)
        return True
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_bytes_atomic(
    destination: Path, data: bytes, check: Callable[[Path], bool] | None = None
) -> bool:
    """Write ``data`` to ``destination`` atomically (see :func:`write_atomic`)."""

    def write(stream: BinaryIO) -> None:
        stream.write(data)

    return write_atomic(destination, write, check)
