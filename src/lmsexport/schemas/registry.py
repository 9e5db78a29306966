"""Find verified schema sets on the search path and validate documents against them.

Search order, first hit wins: ``--schemas`` folders, then ``LMSEXPORT_SCHEMAS``
(an ``os.pathsep`` list), then the per-user cache that ``schemas install`` fills.
Each folder is a library root holding one sub-folder per set.  A set folder
whose files do not match the catalog checksums is skipped (and reported by
``schemas list``), so a half-copied or edited set can never pass for the real one.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from lmsexport.errors import Diagnostic, SchemaSetMissing
from lmsexport.schemas.catalog import Catalog, SetSpec, file_problems, load_catalog
from lmsexport.schemas.compiler import SchemaCompileError, Validator, compiled
from lmsexport.xmlsafe import XmlSyntaxError, parse_xml

ENV_VAR = "LMSEXPORT_SCHEMAS"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/lmsexport/schemas`` (``~/.cache`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lmsexport" / "schemas"


@dataclass(frozen=True)
class SetStatus:
    """What ``schemas list`` shows for one set.

    ``path`` is the verified folder in use, else the first folder found that
    failed verification, else ``None`` (missing); ``problems`` explains failures.
    """

    name: str
    path: Path | None
    verified: bool
    problems: tuple[str, ...] = ()


# Verification hashes every file; builds create a registry per course, so results
# are shared per process and redone only when a file's size or mtime changes.
_Signature = tuple[tuple[str, int, int], ...]
_verified: dict[tuple[str, str], tuple[_Signature, tuple[str, ...]]] = {}
_verified_lock = threading.Lock()


def _signature(folder: Path, spec: SetSpec) -> _Signature:
    entries = []
    for rel, _ in spec.files:
        try:
            stat = (folder / rel).stat()
        except OSError:
            entries.append((rel, -1, -1))
        else:
            entries.append((rel, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def verify_folder(folder: Path, spec: SetSpec) -> tuple[str, ...]:
    """Problems of the set in ``folder`` (empty when every checksum matches)."""
    key = (str(folder.resolve()), spec.name)
    signature = _signature(folder, spec)
    with _verified_lock:
        cached = _verified.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
    problems = tuple(file_problems(folder, spec))
    with _verified_lock:
        _verified[key] = (signature, problems)
    return problems


class SchemaRegistry:
    """The schema sets this process can use, and validation against them."""

    def __init__(self, roots: Sequence[Path], catalog: Catalog | None = None) -> None:
        self.roots = tuple(roots)
        self.catalog = catalog or load_catalog()
        self._statuses: dict[str, SetStatus] = {}
        # Per-kind shortcut to the process-wide compile cache (hot path of batch validation).
        self._validators: dict[str, Validator] = {}
        self._lock = threading.Lock()

    @classmethod
    def discover(cls, explicit: Sequence[str | os.PathLike[str]] = ()) -> SchemaRegistry:
        """Registry over ``explicit`` folders, then ``LMSEXPORT_SCHEMAS``, then the cache."""
        env = [part for part in os.environ.get(ENV_VAR, "").split(os.pathsep) if part]
        roots = [Path(p) for p in explicit] + [Path(p) for p in env] + [default_cache_dir()]
        return cls(roots)

    def status(self, name: str) -> SetStatus:
        """Where set ``name`` is and whether it verified (computed once per registry)."""
        with self._lock:
            if name not in self._statuses:
                self._statuses[name] = self._search(name)
            return self._statuses[name]

    def _search(self, name: str) -> SetStatus:
        spec = self.catalog.sets[name]
        problems: list[str] = []
        first_bad: Path | None = None
        for root in self.roots:
            folder = root / name
            if not folder.is_dir():
                continue
            failures = verify_folder(folder, spec)
            if not failures:
                return SetStatus(name, folder, True, tuple(problems))
            first_bad = first_bad or folder
            problems.extend(f"{folder}: {failure}" for failure in failures)
        return SetStatus(name, first_bad, False, tuple(problems))

    def statuses(self) -> list[SetStatus]:
        """Every set of the catalog, sorted by name."""
        return [self.status(name) for name in self.catalog.sets]

    def find_set(self, name: str) -> Path | None:
        """The first folder on the search path holding a verified copy of ``name``."""
        status = self.status(name)
        return status.path if status.verified else None

    def require_set(self, name: str) -> Path:
        """Like :meth:`find_set`, but raises :class:`SchemaSetMissing` with the install hint."""
        folder = self.find_set(name)
        if folder is None:
            raise SchemaSetMissing(name)
        return folder

    def set_of(self, kind: str) -> str:
        """The set that checks documents of ``kind`` (``"scorm12.manifest"`` -> ``"scorm12"``)."""
        return self.catalog.kind(kind).set_name

    def validate(self, kind: str, data: bytes, filename: str) -> list[Diagnostic]:
        """Every schema error in ``data`` (one per error, with its line); ``[]`` if valid.

        Raises :class:`SchemaSetMissing` before parsing when the set is absent, so
        a missing set is never mistaken for a valid document.
        """
        self.require_set(self.set_of(kind))
        try:
            tree = parse_xml(data, filename)
        except XmlSyntaxError as exc:
            return [exc.diagnostic]
        return self.validate_tree(kind, tree, filename, disposable=True)

    def validate_tree(
        self, kind: str, tree: etree._ElementTree, filename: str, *, disposable: bool = False
    ) -> list[Diagnostic]:
        """:meth:`validate` for an already parsed tree (no re-parse, for speed).

        ``disposable=True`` says the caller will not use ``tree`` again, so a DTD
        check may strip its namespaces in place instead of copying it.
        """
        return self._validator(kind).validate(tree, filename, disposable=disposable)

    def _validator(self, kind: str) -> Validator:
        validator = self._validators.get(kind)
        if validator is None:
            spec = self.catalog.kind(kind)
            folder = self.require_set(spec.set_name)
            validator = compiled(folder, self.catalog.sets[spec.set_name], spec)
            self._validators[kind] = validator
        return validator

    def warm(self, set_names: Iterable[str]) -> None:
        """Compile every kind of the present sets among ``set_names`` ahead of use.

        Meant for a second thread: libxml2 compiles without holding the GIL, so a
        build can render while the slow QTI 2.1 item schema (~0.4 s) compiles.
        Missing sets and compile errors are left for :meth:`validate` to report.
        """
        for name in set_names:
            spec = self.catalog.sets.get(name)
            if spec is None or self.find_set(name) is None:
                continue
            for kind in spec.kinds:
                with contextlib.suppress(SchemaCompileError):
                    self._validator(kind.name)

    def control_files(self, set_name: str) -> dict[str, Path]:
        """``{zip member: source file}`` of the schema files a package ships at its root.

        SCORM packages carry their XSDs so LMS import checks work offline.  Files
        of ``set_name`` itself are required; files borrowed from another set (the
        LOM binding in SCORM 2004 packages) are added when that set is present.
        """
        self.require_set(set_name)
        files = {}
        for member, source in self.catalog.sets[set_name].control_files:
            owner, _, rel = source.partition("/")
            folder = self.find_set(owner)
            if folder is not None:
                files[member] = folder / rel
        return files
