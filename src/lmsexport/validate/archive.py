"""Read a package (zip, folder, loose file, or files in memory) without trusting it.

Nothing is ever extracted: members are read straight from the zip into memory
and reading stops at the configured limits.  A zip of at most
:data:`IN_MEMORY_BYTES` is read from disk once; its small members are then
inflated from those bytes (:mod:`lmsexport.validate.inflate`), the rest are
streamed in chunks through zipfile.  Unsafe members (absolute or climbing
names, symbolic links, duplicates, encrypted) are reported and then hidden from
the rules, so no later check can be tricked into touching them.  Each member is
inflated (and CRC-checked) exactly once; its bytes are not kept.

The build checks its own artifacts before writing them: :func:`memory_package`
hands the rules the rendered files as they are, so nothing is zipped, read back
and inflated just to be looked at.
"""

from __future__ import annotations

import io
import os
import stat
import time
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lmsexport.validate.findings import Finding, finding
from lmsexport.validate.inflate import MemberCorrupt, fast_path, inflate
from lmsexport.validate.options import ValidateOptions

_CHUNK = 64 * 1024
# Zips up to this size are read with one system call and inflated from memory.
IN_MEMORY_BYTES = 64 * 1024 * 1024


class UnreadableInput(Exception):
    """The input cannot be opened at all; carries the finding that says why."""

    def __init__(self, found: Finding) -> None:
        self.finding = found
        super().__init__(found.message)


class PackageTimeout(Exception):
    """The per-package time limit ran out."""


@dataclass(frozen=True)
class Deadline:
    """A monotonic point in time after which validation of a package stops."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """A deadline ``seconds`` from now, on the monotonic clock so a clock change cannot extend it."""
        return cls(time.monotonic() + seconds)

    def check(self) -> None:
        """Stop the package's checks once its time is up, so one hostile file cannot stall a batch."""
        if time.monotonic() > self.at:
            raise PackageTimeout


def unsafe_name(name: str) -> bool:
    """True for names that would land outside the extraction folder on some OS."""
    if not name or name.startswith(("/", "\\")) or "\0" in name:
        return True
    if len(name) > 1 and name[1] == ":":  # drive letter: C:foo, C:\foo
        return True
    return ".." in name and ".." in name.replace("\\", "/").split("/")


@dataclass
class Package:
    """The safe members of one input: name -> declared uncompressed size.

    ``refused`` holds the members that are there but were never read (a limit or
    encryption stopped them), each with the code of the finding that says why:
    a rule looking for a file must not call such a member missing.
    """

    label: str
    sizes: dict[str, int]
    options: ValidateOptions
    deadline: Deadline
    findings: list[Finding] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    single_file: bool = False
    _zip: zipfile.ZipFile | None = None
    _blob: bytes | None = None
    _infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    _root: Path | None = None
    _memory: Mapping[str, bytes] | None = None
    # Members inflated so far (True when readable), so the CRC pass skips them.
    _done: dict[str, bool] = field(default_factory=dict)
    _budget: int = 0
    _names: list[str] = field(default_factory=list)

    def names(self) -> Sequence[str]:
        """Member names, sorted once: every rule and pass walks them in this order."""
        if len(self._names) != len(self.sizes):
            self._names = sorted(self.sizes)
        return self._names

    def holds(self, name: str) -> bool:
        """True when member ``name`` is in the package, read or refused by a limit."""
        return name in self.sizes or name in self.refused

    @property
    def total_bytes(self) -> int:
        """Uncompressed size of all members, for the LMS upload-size warning."""
        return sum(self.sizes.values())

    def read(self, name: str) -> bytes | None:
        """The member's bytes, or ``None`` (with a finding) when it cannot be read safely.

        Callers keep what they need (the parsed tree); a member that was
        unreadable once stays ``None`` without a second finding.
        """
        if self._done.get(name) is False:
            return None
        self.deadline.check()
        data = self._read(name)
        self._done[name] = data is not None
        return data

    def verify_all(self) -> None:
        """Inflate every member not read yet, discarding the bytes, to catch CRC errors.

        An LMS unpacks the whole zip, so one corrupt image fails the import even
        though no rule ever needed its content.
        """
        if self._memory is not None:
            return  # nothing was inflated, so there is no CRC to check
        for name in self.names():
            if name not in self._done:
                self.deadline.check()
                self._done[name] = self._read(name, keep=False) is not None

    def _read(self, name: str, keep: bool = True) -> bytes | None:
        if self._memory is not None:
            return self._memory[name]
        limit = min(self.options.max_member_bytes, self.options.max_total_bytes - self._budget)
        info = self._infos.get(name)
        if (
            self._blob is not None
            and info is not None
            and info.file_size <= limit
            and fast_path(info)
        ):
            return self._inflate(name, info)
        parts: list[bytes] = []
        size = 0
        try:
            for chunk in self._chunks(name, limit + 1):
                size += len(chunk)
                if keep:
                    parts.append(chunk)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            self._corrupt(name, exc)
            return None
        if size > limit:
            self.findings.append(
                finding(
                    "ZIP-BOMB-SIZE",
                    name,
                    f"reading stopped after {limit} bytes, more than the header declared "
                    f"or the limit allows; re-create the zip",
                )
            )
            return None
        self._budget += size
        return b"".join(parts)

    def _inflate(self, name: str, info: zipfile.ZipInfo) -> bytes | None:
        assert self._blob is not None
        try:
            data = inflate(self._blob, info)
        except MemberCorrupt as exc:
            self._corrupt(name, exc)
            return None
        self._budget += len(data)
        return data

    def _corrupt(self, name: str, why: Exception) -> None:
        self.findings.append(
            finding(
                "ZIP-MEMBER-CORRUPT", name, f"cannot read this member ({why}); re-create the zip"
            )
        )

    def _chunks(self, name: str, limit: int) -> Iterator[bytes]:
        read = 0
        if self._zip is not None:
            stream = self._zip.open(name)
        else:
            assert self._root is not None
            stream = (self._root / name).open("rb")
        with stream:
            while read < limit:
                self.deadline.check()
                chunk = stream.read(min(_CHUNK, limit - read))
                if not chunk:
                    return
                read += len(chunk)
                yield chunk

    def close(self) -> None:
        """Release the zip file handle as soon as the package is checked; batches open many."""
        if self._zip is not None:
            self._zip.close()


def open_package(path: Path, options: ValidateOptions, deadline: Deadline) -> Package:
    """Open ``path`` as a zip, a folder or a single file; raise :class:`UnreadableInput`."""
    if path.is_symlink() and not path.exists():
        raise UnreadableInput(finding("INPUT-UNREADABLE", "", f"{path} is a dangling link"))
    if path.is_dir():
        return _open_folder(path, options, deadline)
    if not path.is_file():
        raise UnreadableInput(finding("INPUT-UNREADABLE", "", f"{path} does not exist"))
    blob = _small_file(path)
    if zipfile.is_zipfile(path if blob is None else io.BytesIO(blob)):
        return _open_zip(path, blob, options, deadline)
    if path.suffix.lower() == ".zip":
        raise UnreadableInput(
            finding("ZIP-CORRUPT", "", "not a readable zip (truncated download?); fetch it again")
        )
    package = Package(str(path), {path.name: path.stat().st_size}, options, deadline)
    package.single_file = True
    package._root = path.parent
    return package


def memory_package(
    label: str,
    files: Mapping[str, bytes],
    options: ValidateOptions,
    deadline: Deadline,
    single_file: bool = False,
) -> Package:
    """The package made of ``files`` (member name -> bytes), read straight from memory.

    For the build's own output, checked before it is written: the files come
    from the targets and ``packaging.zip_bytes`` (which refuses unsafe and
    duplicate names), so the zip-structure, size and CRC checks that guard
    :func:`open_package` against hostile uploads have nothing to find here.
    ``single_file`` marks a loose file (a Moodle XML or GIFT bank) rather than a zip.
    """
    package = Package(label, {name: len(data) for name, data in files.items()}, options, deadline)
    package._memory = files
    package.single_file = single_file
    return package


def _small_file(path: Path) -> bytes | None:
    """The whole file when it is small enough to hold, else ``None`` (stream it)."""
    try:
        with path.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size > IN_MEMORY_BYTES:
                return None
            data = stream.read(IN_MEMORY_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= IN_MEMORY_BYTES else None


def _open_zip(
    path: Path, blob: bytes | None, options: ValidateOptions, deadline: Deadline
) -> Package:
    try:
        archive = zipfile.ZipFile(path if blob is None else io.BytesIO(blob))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableInput(
            finding("ZIP-CORRUPT", "", f"the zip directory cannot be read ({exc}); re-create it")
        ) from exc
    package = Package(str(path), {}, options, deadline)
    package._zip = archive
    package._blob = blob
    found = package.findings
    if len(infos) > options.max_entries:
        found.append(
            finding(
                "ZIP-TOO-MANY-ENTRIES",
                "",
                f"{len(infos)} entries, limit {options.max_entries}; only the first are checked",
            )
        )
        package.refused.update(
            (i.filename, "ZIP-TOO-MANY-ENTRIES")
            for i in infos[options.max_entries :]
            if not i.is_dir()
        )
        infos = infos[: options.max_entries]
    declared = 0
    for info in infos:
        name = info.filename
        declared += info.file_size
        if info.is_dir():
            continue
        if unsafe_name(name):
            found.append(
                finding("ZIP-SLIP", name, "absolute or '..' member name; store it relative")
            )
        elif stat.S_ISLNK(info.external_attr >> 16):
            found.append(
                finding("ZIP-SYMLINK", name, "symbolic link member; store the file itself")
            )
        elif info.flag_bits & 0x1:
            found.append(finding("ZIP-ENCRYPTED", name, "encrypted member; zip without a password"))
            package.refused[name] = "ZIP-ENCRYPTED"
        elif name in package.sizes:
            found.append(finding("ZIP-DUPLICATE-ENTRY", name, "name stored twice; keep one copy"))
        elif _ratio_ok(info, options, found):
            package.sizes[name] = info.file_size
            package._infos[name] = info
        else:
            package.refused[name] = "ZIP-BOMB-RATIO"
    if declared > options.max_total_bytes:
        found.append(
            finding(
                "ZIP-BOMB-SIZE",
                "",
                f"members declare {declared} bytes uncompressed, limit "
                f"{options.max_total_bytes}; no member was inflated",
            )
        )
        package.refused.update(dict.fromkeys(package.sizes, "ZIP-BOMB-SIZE"))
        package.sizes.clear()
    return package


def _ratio_ok(info: zipfile.ZipInfo, options: ValidateOptions, found: list[Finding]) -> bool:
    """False (with a finding) for a member that expands like a bomb; it is never inflated."""
    if info.file_size < options.ratio_floor_bytes:
        return True
    ratio = info.file_size / max(info.compress_size, 1)
    if ratio <= options.max_ratio:
        return True
    found.append(
        finding(
            "ZIP-BOMB-RATIO",
            info.filename,
            f"expands {ratio:.0f}x ({info.file_size} bytes), limit {options.max_ratio:.0f}x; "
            f"not inflated",
        )
    )
    return False


def _open_folder(root: Path, options: ValidateOptions, deadline: Deadline) -> Package:
    package = Package(str(root), {}, options, deadline)
    package._root = root
    for current, dirs, files in os.walk(root, followlinks=False):
        deadline.check()
        base = PurePosixPath(Path(current).relative_to(root).as_posix())
        for entry in sorted(dirs + files):
            full = Path(current) / entry
            name = str(base / entry) if str(base) != "." else entry
            if full.is_symlink():
                package.findings.append(
                    finding("ZIP-SYMLINK", name, "symbolic link; replace it with the file itself")
                )
                continue
            if entry in files:
                if len(package.sizes) >= options.max_entries:
                    package.findings.append(
                        finding(
                            "ZIP-TOO-MANY-ENTRIES", "", f"more than {options.max_entries} files"
                        )
                    )
                    return package
                package.sizes[name] = full.stat().st_size
    return package
