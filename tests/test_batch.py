"""Batch builds: incremental cache, shards, merged reports and the Dask executor."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmsexport import api
from lmsexport.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "source" / "stalins-soviet-union"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Five copies of the sample course under one source tree."""
    root = tmp_path / "source"
    for index in range(5):
        folder = root / f"group-{index % 2}" / f"course-{index}"
        shutil.copytree(SAMPLE, folder)
        text = (folder / "course.yaml").read_text()
        (folder / "course.yaml").write_text(
            text.replace("id: stalins-soviet-union", f"id: course-{index}", 1)
        )
    return root


def options(tmp_path: Path, **extra: object) -> api.BuildOptions:
    settings: dict[str, object] = {
        "output": tmp_path / "dist",
        "targets": ("html",),
        "cache_dir": tmp_path / "cache",
    }
    settings.update(extra)
    return api.BuildOptions(**settings)  # type: ignore[arg-type]


def test_second_build_comes_from_cache_and_one_change_rebuilds_one(
    tree: Path, tmp_path: Path
) -> None:
    first = api.build([tree], options(tmp_path))
    assert first.ok and not any(c.cached for c in first.courses)
    zips = {p.name: p.read_bytes() for p in (tmp_path / "dist").glob("*.zip")}

    second = api.build([tree], options(tmp_path))
    assert all(c.cached for c in second.courses)
    assert {p.name: p.read_bytes() for p in (tmp_path / "dist").glob("*.zip")} == zips

    lesson = next((tree / "group-1" / "course-3" / "lessons").glob("*.md"))
    lesson.write_text(lesson.read_text() + "\nOne more sentence for this course only.\n")
    third = api.build([tree], options(tmp_path))
    rebuilt = [c.course for c in third.courses if not c.cached]
    assert rebuilt == ["course-3"]
    assert (tmp_path / "dist" / "course-3-html.zip").read_bytes() != zips["course-3-html.zip"]

    forced = api.build([tree], options(tmp_path, force=True))
    assert not any(c.cached for c in forced.courses)


def test_damaged_cache_entry_is_rebuilt(tree: Path, tmp_path: Path) -> None:
    api.build([tree], options(tmp_path))
    for stored in (tmp_path / "cache").rglob("*.zip"):
        stored.write_bytes(b"not a zip")
    result = api.build([tree], options(tmp_path))
    assert result.ok and not any(c.cached for c in result.courses)


def test_shards_build_every_course_exactly_once_and_reports_merge(
    tree: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    built: list[str] = []
    reports = []
    for index in (1, 2):
        dist = tmp_path / f"shard-{index}"
        result = runner.invoke(
            main,
            [
                "build",
                str(tree),
                "-o",
                str(dist),
                "-t",
                "html",
                "--no-cache",
                "--shard",
                f"{index}/2",
            ],
        )
        assert result.exit_code == 0, result.output
        built.extend(p.name for p in dist.glob("*.zip"))
        reports.append(dist / "build-report.json")
    assert sorted(built) == [f"course-{i}-html.zip" for i in range(5)]

    merged = tmp_path / "merged.json"
    result = runner.invoke(main, ["report", "merge", *map(str, reports), "-o", str(merged)])
    assert result.exit_code == 0, result.output
    report = json.loads(merged.read_text())
    assert report["ok"] is True
    assert report["shard"] is None
    assert report["totals"]["courses"] == 5 and report["totals"]["artifacts"] == 5
    assert sorted(c["course"] for c in report["courses"]) == [f"course-{i}" for i in range(5)]
    assert json.loads(reports[1].read_text())["shard"] == "2/2"

    for partial, message in (
        ([reports[0]], "missing the report of shard 2/2"),
        ([reports[0], reports[0]], "shard 1/2 was already given"),
    ):
        result = runner.invoke(main, ["report", "merge", *map(str, partial), "-o", str(merged)])
        assert result.exit_code == 2
        assert message in result.output


def test_bad_shard_is_rejected(tree: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(tree), "-o", str(tmp_path), "--shard", "3/2"])
    assert result.exit_code == 2
    assert "K/N" in result.output


def test_one_failing_course_does_not_stop_the_others(tree: Path, tmp_path: Path) -> None:
    (tree / "group-0" / "course-2" / "course.yaml").write_text("id: broken\ntitle: [\n")
    result = api.build([tree], options(tmp_path, jobs=2))
    failed = [c.source for c in result.courses if not c.ok]
    assert failed == [str(tree / "group-0" / "course-2")]
    assert len(list((tmp_path / "dist").glob("*.zip"))) == 4
    report = json.loads((tmp_path / "dist" / "build-report.json").read_text())
    assert report["ok"] is False
    assert [c["ok"] for c in report["courses"]].count(False) == 1


@pytest.mark.slow
def test_dask_executor_on_a_local_cluster(tree: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    ) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        result = api.build([tree], options(tmp_path, executor=f"dask://{address}"))
    assert result.ok, [d.format() for c in result.courses for d in c.diagnostics]
    assert sorted(p.name for p in (tmp_path / "dist").glob("*.zip")) == [
        f"course-{i}-html.zip" for i in range(5)
    ]


def test_shards_are_balanced(tmp_path: Path) -> None:
    folders = [tmp_path / f"c{n:02d}" for n in range(40)]
    sizes = [len(api.select_shard(folders, (k, 3))) for k in (1, 2, 3)]
    assert sorted(sizes) == [13, 13, 14]
    together = [f for k in (1, 2, 3) for f in api.select_shard(folders, (k, 3))]
    assert sorted(together) == sorted(folders)


def test_unreachable_dask_scheduler_is_a_clear_error(tree: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    result = CliRunner().invoke(
        main,
        ["build", str(tree), "-o", str(tmp_path), "-t", "html", "--executor", "dask://127.0.0.1:1"],
    )
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at 127.0.0.1:1" in result.output
    assert "Traceback" not in result.output
