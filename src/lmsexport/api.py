"""The library API: :func:`check` and :func:`build`, with no printing and no click.

A build runs, per course: load the source -> for each target: ``check`` ->
``render`` -> schema-validate every tagged file -> ``verify`` -> write the
artifact atomically -> record it in ``build-report.json``.  Courses build in
parallel in worker processes; one failing course never stops the others.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import Any

from lmsexport.cache import BuildCache, CachedArtifact, CacheEntry, cache_key, source_fingerprint
from lmsexport.errors import (
    NOT_SCHEMA_CHECKED,
    Diagnostic,
    LmsExportError,
    SchemaSetMissing,
    Severity,
    SourceError,
    error,
    warning,
)
from lmsexport.forking import can_fork, fork_map, process_pool
from lmsexport.inspection import PackageInspection
from lmsexport.loaders.course import load_course
from lmsexport.loaders.discover import discover_courses
from lmsexport.model import Course
from lmsexport.packaging import write_bytes_atomic, zip_bytes
from lmsexport.report import (
    REPORT_NAME,
    diagnostic_from_json,
    diagnostic_to_json,
    render_report,
)
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import Artifact, BuildContext, Target
from lmsexport.targets.registry import get_target, target_names


@dataclass(frozen=True)
class BuildOptions:
    """Everything :func:`build` needs besides the source paths.

    ``targets`` empty means "what each course lists in ``targets``, else all".
    ``target_options`` carries target switches from the command line
    (``scorm_edition``, ``lms``, ``sco_granularity``, ``split_quizzes``...).
    """

    output: Path = Path("dist")
    targets: tuple[str, ...] = ()
    jobs: int = 1
    strict: bool = False
    schema_dirs: tuple[Path, ...] = ()
    target_options: Mapping[str, Any] = field(default_factory=dict)
    cache_dir: Path | None = None
    force: bool = False
    shard: tuple[int, int] | None = None
    executor: str | None = None


@dataclass(frozen=True)
class ArtifactRecord:
    """One written file, as listed in ``build-report.json``."""

    course: str
    target: str
    path: str
    size: int
    sha256: str
    validation: dict[str, Any]


@dataclass
class CourseResult:
    """The outcome of building one course: what was written and what was said."""

    source: str
    course: str | None = None
    artifacts: list[ArtifactRecord] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed_targets: list[str] = field(default_factory=list)
    source_invalid: bool = False
    cached: bool = False

    @property
    def ok(self) -> bool:
        return not self.source_invalid and not self.failed_targets


@dataclass
class BuildResult:
    """All courses of a build and where the report went."""

    courses: list[CourseResult]
    report: Path | None = None

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.courses)

    @property
    def source_invalid(self) -> bool:
        return any(c.source_invalid for c in self.courses)


ProgressCallback = Callable[[CourseResult], None]


def check(paths: Sequence[Path], options: BuildOptions = BuildOptions()) -> list[CourseResult]:
    """Load every course under ``paths`` and run each target's source checks; build nothing.

    The targets are those a build would make (``options.targets``, else the
    course's own list, else all), so ``check`` warns about what a build would
    degrade (a question type Canvas changes, a title too long for SCORM).
    """
    for name in options.targets:
        get_target(name)
    registry = _registry(options.schema_dirs, os.environ.get("LMSEXPORT_SCHEMAS", ""))
    results = []
    for folder in discover_courses(paths):
        result = CourseResult(source=str(folder))
        results.append(result)
        try:
            course = load_course(folder, result.diagnostics)
        except SourceError as exc:
            result.diagnostics.extend(exc.diagnostics)
            result.source_invalid = True
            continue
        result.course = course.id
        for name in options.targets or course.targets or tuple(target_names()):
            ctx = BuildContext(registry, {"strict": options.strict, **options.target_options})
            result.diagnostics.extend(target_check(get_target(name), course, ctx))
        result.source_invalid = any(d.is_error for d in result.diagnostics)
    return results


def build(
    paths: Sequence[Path],
    options: BuildOptions = BuildOptions(),
    progress: ProgressCallback | None = None,
) -> BuildResult:
    """Build every course under ``paths`` into ``options.output``.

    Raises :class:`SourceError` only when ``paths`` hold no course at all; problems
    in a course are reported in its :class:`CourseResult`.
    """
    folders = select_shard(discover_courses(paths), options.shard)
    for name in options.targets:
        get_target(name)  # fail fast on a misspelt target, before any work
    results: list[CourseResult] = []
    if options.executor is not None:
        with open_executor(options.executor) as pool:
            results = _run_parallel(pool, folders, options, progress)
    elif options.jobs > 1 and len(folders) > 1:
        results, changed = _replay_unchanged(folders, options, progress)
        if len(changed) > 1:
            if can_fork():
                _compile_before_forking(options)
            with process_pool(min(options.jobs, len(changed))) as pool:
                results += _run_parallel(pool, changed, options, progress)
        else:
            results += _run_serial(changed, options, options.jobs, progress)
    else:
        target_jobs = options.jobs if len(folders) == 1 else 1
        results = _run_serial(folders, options, target_jobs, progress)
    results.sort(key=lambda r: r.source)
    report = options.output / REPORT_NAME
    write_bytes_atomic(report, render_report(results, options.shard))
    return BuildResult(results, report)


def _run_serial(
    folders: Sequence[Path],
    options: BuildOptions,
    target_jobs: int,
    progress: ProgressCallback | None,
) -> list[CourseResult]:
    results = []
    for folder in folders:
        result = build_course(folder, options, target_jobs)
        results.append(result)
        if progress is not None:
            progress(result)
    return results


def _replay_unchanged(
    folders: Sequence[Path], options: BuildOptions, progress: ProgressCallback | None
) -> tuple[list[CourseResult], list[Path]]:
    """Restore here every course the cache holds; the rest are left for the pool.

    Replaying is file copying, so workers (and the schemas compiled for them)
    are only paid for when some course really changed.
    """
    replayed: list[CourseResult] = []
    changed: list[Path] = []
    for folder in folders:
        restored = _cached(folder, options)[1]
        if restored is None:
            changed.append(folder)
            continue
        replayed.append(restored)
        if progress is not None:
            progress(restored)
    return replayed, changed


def _run_parallel(
    pool: Executor,
    folders: Sequence[Path],
    options: BuildOptions,
    progress: ProgressCallback | None,
) -> list[CourseResult]:
    futures = {pool.submit(build_course, folder, options): folder for folder in folders}
    results = []
    for future in as_completed(futures):
        result = future.result()
        results.append(result)
        if progress is not None:
            progress(result)
    return results


def select_shard(folders: Sequence[Path], shard: tuple[int, int] | None) -> list[Path]:
    """The courses of shard ``K/N``: every N-th course of the sorted tree, from the K-th.

    Round-robin over the sorted course paths keeps shards within one course of
    each other (a hash split left 40 courses as 15/19/6 over three shards), so a CI
    matrix finishes together.  The cache is content-addressed, not per shard: CI
    jobs that share one cache folder stay warm when a new course shifts the split.
    """
    if shard is None:
        return list(folders)
    index, count = shard
    if not 1 <= index <= count:
        raise BuildOptionError(f"shard {index}/{count}: K must be between 1 and N")
    ordered = sorted(folders, key=lambda folder: Path(os.path.relpath(folder)).as_posix())
    return ordered[index - 1 :: count]


class BuildOptionError(LmsExportError, ValueError):
    """An option value that cannot work (bad shard, unknown executor...)."""


def open_executor(spec: str) -> Executor:
    """An executor from ``dask://HOST:PORT`` (Dask's concurrent.futures executor)."""
    if not spec.startswith("dask://"):
        raise BuildOptionError(f"unknown executor '{spec}'; expected dask://HOST:PORT")
    try:
        from lmsexport.distributed import dask_executor
    except ImportError as exc:
        raise BuildOptionError(
            "the dask executor needs Dask: pip install 'lmsexport[dask]'"
        ) from exc
    address = spec.removeprefix("dask://")
    try:
        return dask_executor(address)
    except (OSError, TimeoutError) as exc:
        raise BuildOptionError(
            f"cannot reach the Dask scheduler at {address}: {exc}; "
            "is it running, and is HOST:PORT its address?"
        ) from exc


def build_course(folder: Path, options: BuildOptions, target_jobs: int = 1) -> CourseResult:
    """Build one course, from the cache when nothing changed; never raises for bad input.

    ``target_jobs`` > 1 lets a large course build its targets in that many processes.
    """
    key, restored = _cached(folder, options)
    if restored is not None:
        return restored
    result = _build_course_now(folder, options, target_jobs)
    if (
        options.cache_dir is not None
        and result.ok
        and all(a.validation["status"] == "valid" for a in result.artifacts)
    ):
        BuildCache(options.cache_dir).put(key, _cache_entry(result))
    return result


def _cached(folder: Path, options: BuildOptions) -> tuple[str, CourseResult | None]:
    """The course's cache key (``""`` without a cache) and its replayed result on a hit."""
    if options.cache_dir is None:
        return "", None
    key = cache_key(
        source_fingerprint(folder),
        ",".join(options.targets),
        {
            **options.target_options,
            "strict": options.strict,
            "schema_dirs": [str(d) for d in options.schema_dirs],
            "env": os.environ.get("LMSEXPORT_SCHEMAS", ""),
        },
        (),
    )
    entry = None if options.force else BuildCache(options.cache_dir).get(key)
    return key, None if entry is None else _restore(folder, entry, options.output)


def _cache_entry(result: CourseResult) -> CacheEntry:
    artifacts = tuple(
        CachedArtifact(Path(a.path).name, Path(a.path).read_bytes(), asdict(a))
        for a in result.artifacts
    )
    diagnostics = tuple(diagnostic_to_json(d) for d in result.diagnostics)
    return CacheEntry(result.course or "", artifacts, diagnostics)


def _restore(folder: Path, entry: CacheEntry, output: Path) -> CourseResult:
    """Replay a cached build: write its artifacts (unless identical) and its warnings."""
    result = CourseResult(source=str(folder), course=entry.course_id, cached=True)
    for artifact in entry.artifacts:
        destination = output / artifact.filename
        if not _same_file(destination, artifact.data):
            write_bytes_atomic(destination, artifact.data)
        result.artifacts.append(ArtifactRecord(**{**artifact.record, "path": str(destination)}))
    result.diagnostics.extend(diagnostic_from_json(d) for d in entry.diagnostics)
    return result


def _same_file(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _build_course_now(folder: Path, options: BuildOptions, target_jobs: int) -> CourseResult:
    """Load one course and build each of its targets."""
    result = CourseResult(source=str(folder))
    try:
        course = load_course(folder, result.diagnostics)
    except SourceError as exc:
        result.diagnostics.extend(exc.diagnostics)
        result.source_invalid = True
        return result
    result.course = course.id
    registry = _registry(options.schema_dirs, os.environ.get("LMSEXPORT_SCHEMAS", ""))
    # -t names were checked by build(), course.yaml's by the loader.
    names = options.targets or course.targets or tuple(target_names())
    for name, (records, diagnostics) in zip(
        names, _build_targets(course, names, registry, options, target_jobs), strict=True
    ):
        result.diagnostics.extend(diagnostics)
        if records is None:
            result.failed_targets.append(name)
        else:
            result.artifacts.extend(records)
    return result


TargetOutcome = tuple[list[ArtifactRecord] | None, list[Diagnostic]]
"""What building one target gives: its records (``None`` when it failed) and its diagnostics."""

FORK_MIN_ITEMS = 500
"""Questions and lessons from which building targets in forked workers beats one process.

A worker that validates QTI 2.1 must first compile its schema (~0.4 s), which
one process hides behind rendering the other targets.  Measured on 2 cores
(qti12 + qti21 + moodlexml): 200 and 500 questions break even, 1,000 questions
gain ~0.3 s (see ``benchmarks/README.md``).
"""


def _build_targets(
    course: Course,
    names: Sequence[str],
    registry: SchemaRegistry,
    options: BuildOptions,
    jobs: int,
) -> list[TargetOutcome]:
    """Every target's outcome, in ``names`` order; in forked workers when that pays off."""
    items = len(course.lessons) + sum(len(q.questions) for q in course.quizzes)
    if jobs > 1 and len(names) > 1 and items >= FORK_MIN_ITEMS and can_fork():
        build_one = partial(_target_outcome_compiling_ahead, course, registry, options)
        return fork_map(build_one, names, jobs)
    with _compiling_ahead(registry, names):
        return [_target_outcome(course, registry, options, name) for name in names]


def _target_outcome(
    course: Course, registry: SchemaRegistry, options: BuildOptions, name: str
) -> TargetOutcome:
    ctx = BuildContext(
        schemas=registry,
        options={"strict": options.strict, **options.target_options},
    )
    try:
        records = _build_target(course, get_target(name), ctx, options.output)
    except LmsExportError as exc:
        ctx.diagnostics.insert(0, error(f"{name}: {exc}", course.pos, code="BUILD-FAILED"))
        records = None
    return records, ctx.diagnostics


def _target_outcome_compiling_ahead(
    course: Course, registry: SchemaRegistry, options: BuildOptions, name: str
) -> TargetOutcome:
    with _compiling_ahead(registry, [name]):
        return _target_outcome(course, registry, options, name)


def _schema_sets(targets: Sequence[str]) -> list[str]:
    return sorted({s for name in targets for s in get_target(name).schema_sets})


def _compile_before_forking(options: BuildOptions) -> None:
    """Compile the schemas the build's targets need here, before the pool forks workers.

    Each worker would otherwise compile them again (~0.4 s of CPU for the QTI 2.1
    item schema), which made ``--jobs 2`` slower than ``--jobs 1`` on small trees.
    Only for targets named on the command line: without ``-t`` each course picks
    its own, and compiling every target's schemas could be wasted.
    """
    if options.targets:
        registry = _registry(options.schema_dirs, os.environ.get("LMSEXPORT_SCHEMAS", ""))
        registry.warm(_schema_sets(options.targets))


@contextmanager
def _compiling_ahead(registry: SchemaRegistry, targets: Sequence[str]) -> Iterator[None]:
    """Compile the schemas of ``targets`` on a second thread while they render.

    The first build in a process otherwise waits ~0.4 s for the QTI 2.1 item
    schema; libxml2 compiles without the GIL, so that time overlaps rendering.
    The thread is joined before returning, so none is alive when a worker pool
    forks this process (the child would inherit the compile locks it holds).
    """
    thread = threading.Thread(target=registry.warm, args=(_schema_sets(targets),), daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _build_target(
    course: Course, target: Target, ctx: BuildContext, output: Path
) -> list[ArtifactRecord] | None:
    """Check, render, validate and write one target; ``None`` when it failed."""
    ctx.diagnostics.extend(target_check(target, course, ctx))
    if _has_errors(ctx.diagnostics):
        return None
    artifacts = target.render(course, ctx)
    checked = [(artifact, *_validate_artifact(artifact, target, ctx)) for artifact in artifacts]
    if _has_errors(ctx.diagnostics):
        return None
    records = []
    for artifact, validation, inspection in checked:
        data = zip_bytes(artifact.files) if artifact.zipped else artifact.files[0].data
        destination = output / artifact.filename
        # The package rules ran in memory; their findings join the build here, where
        # they always have, and their errors keep the previous file in place.
        ctx.diagnostics.extend(inspection.diagnostics)
        if not inspection.ok:
            return None
        write_bytes_atomic(destination, data)
        validation["package"] = inspection.summary
        records.append(
            ArtifactRecord(
                course=course.id,
                target=target.name,
                path=str(destination),
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                validation=validation,
            )
        )
    return records


def _validate_artifact(
    artifact: Artifact, target: Target, ctx: BuildContext
) -> tuple[dict[str, Any], PackageInspection]:
    """Schema-check every tagged file and run the target's own checks and the package rules.

    A missing schema set is a warning naming the set (an error with ``--strict``):
    the package is still written, and the report says it was not schema-checked.
    The schema check and the package rules share one parse of each file
    (:class:`PackageInspection`); the package findings are kept for the write.
    """
    before = len(ctx.diagnostics)
    # The target's checks need no compiled schema, so they run first, while the
    # schemas may still be compiling on the second thread; their findings are
    # still listed after the schema errors.
    verified = target.verify(artifact, ctx)
    inspection = PackageInspection(artifact, ctx)
    ctx.diagnostics.extend(inspection.schema_diagnostics)
    checked, missing = inspection.checked, inspection.missing
    for set_name in sorted(missing):
        message = f"{artifact.filename}: not validated: {SchemaSetMissing(set_name)}"
        make = error if ctx.strict else warning
        ctx.diagnostics.append(make(message, code=NOT_SCHEMA_CHECKED))
    ctx.diagnostics.extend(verified)
    found = ctx.diagnostics[before:]
    unchecked = any(d.code == NOT_SCHEMA_CHECKED for d in ctx.diagnostics)
    return {
        "status": "invalid" if _has_errors(found) else ("partial" if unchecked else "valid"),
        "schemas": sorted(checked),
        "missing_schema_sets": sorted(missing),
        "errors": sum(d.is_error for d in found),
        "warnings": sum(not d.is_error for d in found),
    }, inspection


@cache
def _registry(schema_dirs: tuple[Path, ...], env: str) -> SchemaRegistry:
    """One registry per process and search path, so compiled schemas are reused.

    ``env`` is part of the cache key because the registry reads ``LMSEXPORT_SCHEMAS``.
    """
    del env
    return SchemaRegistry.discover(schema_dirs)


def target_check(target: Target, course: Course, ctx: BuildContext) -> list[Diagnostic]:
    """``target.check``, with ``--strict`` making its warnings errors.

    A target warns where its format loses or changes what the source says (a
    question skipped, feedback dropped, a title cut): exactly what ``--strict``
    promises to refuse.
    """
    found = list(target.check(course, ctx))
    if ctx.strict:
        found = [replace(d, severity=Severity.ERROR) if d.is_warning else d for d in found]
    return found


def _has_errors(diagnostics: Sequence[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)
