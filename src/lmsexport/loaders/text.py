"""Reading source files as UTF-8 text, with an exact position for every bad byte.

Authors save files from many editors; an encoding problem must point at the line
and column of the offending byte rather than fail somewhere later with a
``UnicodeDecodeError`` and no location.
"""

from __future__ import annotations

from pathlib import Path

from lmsexport.errors import Diagnostic, SourcePos, error

_BOM = b"\xef\xbb\xbf"


def decode_source(data: bytes, shown: Path, diagnostics: list[Diagnostic]) -> str | None:
    """``data`` as text (a leading BOM dropped, CRLF normalised), or ``None`` after an error.

    ``shown`` is the path as diagnostics should print it.
    """
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        diagnostics.append(
            error(
                f"file is not valid UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
                SourcePos(shown, line, column),
                hint="save the file with UTF-8 encoding (most editors offer it under 'Save as')",
            )
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(path: Path, shown: Path, diagnostics: list[Diagnostic]) -> str | None:
    """Read ``path`` as UTF-8 text; on failure append an error at ``shown`` and return ``None``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.append(error(f"cannot read file: {exc.strerror}", SourcePos(shown)))
        return None
    return decode_source(data, shown, diagnostics)
