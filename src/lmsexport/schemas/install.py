"""``schemas install``: copy verified schema sets from a folder or URL into the cache.

Every file is read into memory and checked against the catalog SHA-256 before
anything is written, and a set lands in the cache by renaming a finished
temporary folder, so an interrupted or tampered install never leaves a set that
looks usable.  Only the files the catalog names are fetched: the catalog, not the
source, decides what a set is, so a hostile source cannot add or place files.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import urllib.error
import urllib.parse
from collections.abc import Callable, Sequence
from pathlib import Path

from lmsexport.errors import LmsExportError
from lmsexport.schemas.catalog import Catalog, SetSpec, load_catalog
from lmsexport.schemas.registry import default_cache_dir

MAX_FILE_BYTES = 16 * 1024 * 1024
TIMEOUT_SECONDS = 30

# Reads one set file by its catalog path; None means "the source has no such file".
Reader = Callable[[str], bytes | None]


class SchemaInstallError(LmsExportError, ValueError):
    """The source is unusable, a set is absent from it, or a checksum differs."""


def install_sets(
    source: str, cache_dir: Path | None = None, names: Sequence[str] | None = None
) -> list[str]:
    """Install sets from ``source`` (a library folder or an http(s) base URL).

    ``names`` limits the install to those sets (each must be in the source);
    without it every catalog set the source holds is installed.  Returns the
    names installed, sorted.
    """
    catalog = load_catalog()
    target = cache_dir or default_cache_dir()
    wanted = _wanted(catalog, names)
    reader_for = _url_reader if _is_url(source) else _dir_reader
    installed = []
    for spec in wanted:
        read = reader_for(source, spec.name)
        files = _fetch_set(spec, read, required=names is not None)
        if files is None:
            continue
        _write_atomically(target, spec.name, files)
        installed.append(spec.name)
    if not installed:
        raise SchemaInstallError(f"no schema set of the catalog found at {source}")
    return installed


def _wanted(catalog: Catalog, names: Sequence[str] | None) -> list[SetSpec]:
    if names is None:
        return list(catalog.sets.values())
    unknown = sorted(set(names) - set(catalog.sets))
    if unknown:
        raise SchemaInstallError(
            f"unknown schema set(s) {', '.join(unknown)}; known: {', '.join(catalog.sets)}"
        )
    return [catalog.sets[name] for name in sorted(set(names))]


def _fetch_set(spec: SetSpec, read: Reader, required: bool) -> dict[str, bytes] | None:
    """All files of ``spec`` checked against the catalog; ``None`` if the source lacks the set."""
    files: dict[str, bytes] = {}
    for rel, digest in spec.files:
        data = read(rel)
        if data is None:
            if not files and not required:
                return None
            raise SchemaInstallError(f"set {spec.name}: file {rel} is missing from the source")
        if hashlib.sha256(data).hexdigest() != digest:
            raise SchemaInstallError(
                f"set {spec.name}: {rel} does not match the catalog SHA-256 "
                f"(modified or a different version); nothing was installed for this set"
            )
        files[rel] = data
    return files


def _write_atomically(cache_dir: Path, name: str, files: dict[str, bytes]) -> None:
    """Write into a temporary sibling folder, then swap it in with renames."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=cache_dir))
    try:
        for rel, data in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        final = cache_dir / name
        if final.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{name}-old-", dir=cache_dir))
            final.rename(retired / name)
            staging.rename(final)
            shutil.rmtree(retired)
        else:
            staging.rename(final)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def _is_url(source: str) -> bool:
    scheme = urllib.parse.urlsplit(source).scheme.lower()
    if scheme in ("http", "https"):
        return True
    if len(scheme) > 1:  # one letter is a Windows drive, not a scheme
        raise SchemaInstallError(f"unsupported source {source!r}: use a folder or an http(s) URL")
    return False


def _dir_reader(source: str, set_name: str) -> Reader:
    root = Path(source)
    if not root.is_dir():
        raise SchemaInstallError(f"source folder {source} does not exist")
    folder = root / set_name

    def read(rel: str) -> bytes | None:
        path = folder / rel
        if not path.is_file():
            return None
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SchemaInstallError(f"{path} is larger than {MAX_FILE_BYTES} bytes")
        return path.read_bytes()

    return read


def _url_reader(source: str, set_name: str) -> Reader:
    # Imported here: only downloads need it, and it loads http.client and ssl, which
    # cost every build's start-up ~20 ms through ``lmsexport.schemas``.
    import urllib.request

    base = source.rstrip("/") + "/" + urllib.parse.quote(set_name) + "/"

    def read(rel: str) -> bytes | None:
        url = base + urllib.parse.quote(rel)
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
                data: bytes = response.read(MAX_FILE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise SchemaInstallError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SchemaInstallError(f"cannot fetch {url}: {exc}") from exc
        if len(data) > MAX_FILE_BYTES:
            raise SchemaInstallError(f"{url} is larger than {MAX_FILE_BYTES} bytes")
        return data

    return read
