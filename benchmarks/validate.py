"""How much slower is a full ``lmsexport validate`` than a bare lxml XSD pass?

Both arms run in this process with every schema already compiled, so the ratio
measures per-package work only: ours adds safe zip reading, kind detection,
hostile-DTD checks, package rules and the CRC pass on top of parsing and XSD
validation, which is all the bare arm does.

    python benchmarks/validate.py [PACKAGE.zip ...] [--repeat N]

Without packages, the sample course is built with every registered target.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from lmsexport.api import BuildOptions, build
from lmsexport.schemas import SchemaRegistry
from lmsexport.schemas.compiler import compiled
from lmsexport.validate.engine import validate_paths
from lmsexport.validate.rules.xsd import MANIFEST_KINDS, schema_kind
from lmsexport.xmlsafe import safe_parser

REPO = Path(__file__).resolve().parent.parent


def _checkers(
    registry: SchemaRegistry, paths: list[Path]
) -> dict[tuple[Path, str], etree.XMLSchema | etree.DTD]:
    """The compiled lxml schema of every XML member our validator would check."""
    kinds = {r.path: r.kind for r in validate_paths(paths)}
    checkers: dict[tuple[Path, str], etree.XMLSchema | etree.DTD] = {}
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith(".xml"):
                    continue
                root = etree.fromstring(archive.read(name), safe_parser())
                is_manifest = name == "imsmanifest.xml" and kinds[str(path)] in MANIFEST_KINDS
                kind = schema_kind(kinds[str(path)], name, is_manifest, root)
                if kind is None:
                    continue
                spec = registry.catalog.kind(kind)
                folder = registry.require_set(spec.set_name)
                checkers[(path, name)] = compiled(
                    folder, registry.catalog.sets[spec.set_name], spec
                ).checker
    return checkers


def _bare(
    checkers: dict[tuple[Path, str], etree.XMLSchema | etree.DTD],
) -> Callable[[list[Path]], None]:
    def run(paths: list[Path]) -> None:
        for path in paths:
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    checker = checkers.get((path, name))
                    if checker is not None:
                        checker.validate(etree.fromstring(archive.read(name), safe_parser()))

    return run


def _best(run: Callable[[list[Path]], object], paths: list[Path], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run(paths)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        paths = list(args.packages)
        if not paths:
            out = Path(scratch)
            build([REPO / "source" / "stalins-soviet-union"], BuildOptions(output=out))
            paths = sorted(p for p in out.glob("*.zip"))
        registry = SchemaRegistry.discover()
        checkers = _checkers(registry, paths)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        ours = _best(validate_paths, paths, args.repeat)
        bare = _best(_bare(checkers), paths, args.repeat)
    print(f"{len(paths)} packages, {megabytes:.2f} MB, {len(checkers)} schema-checked XML files")
    for label, seconds in (("lmsexport validate", ours), ("bare lxml XMLSchema", bare)):
        print(
            f"{label:20} {seconds * 1000:8.1f} ms  {len(paths) / seconds:8.1f} packages/s  "
            f"{megabytes / seconds:7.2f} MB/s"
        )
    print(f"ratio (ours / bare): {ours / bare:.2f}x")


if __name__ == "__main__":
    main()
