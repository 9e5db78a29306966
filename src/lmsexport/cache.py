"""Content-addressed build cache: an unchanged course is not rebuilt.

A cache key hashes everything that can change an artifact: every file of the
course folder (path and bytes), lmsexport's own code and templates, the target
name, its options and which schema sets were available.  An entry holds the
artifacts' bytes and their report records, so a hit restores ``dist/`` without
loading the course.  The folder can live anywhere (``--cache DIR``), e.g. in a CI
cache; entries are written atomically, so concurrent builds may share it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import lmsexport

CACHE_FORMAT = 1


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/lmsexport/builds`` (``~/.cache/...`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lmsexport" / "builds"


def _hash_tree(root: Path, digest: Any) -> None:
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if any(part.startswith(".") or part == "__pycache__" for part in relative.split("/")):
            continue
        digest.update(relative.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


@cache
def tool_fingerprint() -> str:
    """Hash of lmsexport's own files (code, templates, run-time JS) and version."""
    digest = hashlib.sha256(f"lmsexport {lmsexport.__version__}\0".encode())
    _hash_tree(Path(lmsexport.__file__).parent, digest)
    return digest.hexdigest()


def source_fingerprint(folder: Path) -> str:
    """Hash of every (non-hidden) file below a course folder."""
    digest = hashlib.sha256()
    _hash_tree(folder, digest)
    return digest.hexdigest()


def cache_key(
    source: str, target: str, options: Mapping[str, Any], schema_sets: Iterable[str]
) -> str:
    """The key of one (course, target) build."""
    payload = json.dumps(
        {
            "format": CACHE_FORMAT,
            "tool": tool_fingerprint(),
            "source": source,
            "target": target,
            "options": dict(options),
            "schemas": sorted(schema_sets),
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedArtifact:
    """One artifact restored from the cache: its file name, bytes and report data."""

    filename: str
    data: bytes
    record: dict[str, Any]


@dataclass(frozen=True)
class CacheEntry:
    """What one (course, target) build produced, enough to replay it."""

    course_id: str
    artifacts: tuple[CachedArtifact, ...]
    diagnostics: tuple[dict[str, Any], ...]


class BuildCache:
    """A folder of cache entries keyed by :func:`cache_key`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _entry_dir(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> CacheEntry | None:
        """The entry for ``key``, or ``None`` (also for a damaged entry)."""
        entry_dir = self._entry_dir(key)
        try:
            meta = json.loads((entry_dir / "entry.json").read_text("utf-8"))
            artifacts = []
            for item in meta["artifacts"]:
                data = (entry_dir / "files" / item["filename"]).read_bytes()
                if hashlib.sha256(data).hexdigest() != item["record"]["sha256"]:
                    return None
                artifacts.append(CachedArtifact(item["filename"], data, item["record"]))
            return CacheEntry(meta["course"], tuple(artifacts), tuple(meta["diagnostics"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, entry: CacheEntry) -> None:
        """Store ``entry`` atomically; a concurrent writer of the same key is harmless."""
        final = self._entry_dir(key)
        if final.is_dir():
            return
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=final.parent))
        try:
            (staging / "files").mkdir()
            for artifact in entry.artifacts:
                (staging / "files" / artifact.filename).write_bytes(artifact.data)
            meta = {
                "course": entry.course_id,
                "artifacts": [
                    {"filename": a.filename, "record": a.record} for a in entry.artifacts
                ],
                "diagnostics": list(entry.diagnostics),
            }
            (staging / "entry.json").write_text(json.dumps(meta, indent=1), "utf-8")
            os.rename(staging, final)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
