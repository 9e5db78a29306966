"""Parallel building must give exactly what one process gives.

A large course builds its targets in forked workers and compiles schemas on a
second thread; both are speed-ups only, so the packages, the report and the
diagnostics (also of failing targets) must be byte-for-byte those of a plain
one-process build, and no thread may outlive a build (a later fork would copy
the locks it holds).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from lmsexport import api
from lmsexport.forking import fork_map

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "source" / "stalins-soviet-union"
TARGETS = ("qti12", "qti21", "moodlexml", "gift")


def _square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def _fail_on_three(number: int) -> int:
    if number == 3:
        raise ValueError("three")
    return number


def test_fork_map_keeps_order_and_runs_in_workers() -> None:
    results = fork_map(_square_with_pid, range(6), jobs=2)
    assert [square for square, _ in results] == [0, 1, 4, 9, 16, 25]
    assert os.getpid() not in {pid for _, pid in results}


def test_fork_map_with_one_job_runs_here() -> None:
    assert {pid for _, pid in fork_map(_square_with_pid, range(3), jobs=1)} == {os.getpid()}


def test_fork_map_raises_a_worker_error_here() -> None:
    with pytest.raises(ValueError, match="three"):
        fork_map(_fail_on_three, range(5), jobs=2)


def _outputs(dist: Path) -> tuple[dict[str, bytes], Any]:
    files = {p.name: p.read_bytes() for p in dist.iterdir() if p.name != api.REPORT_NAME}
    report = json.loads((dist / api.REPORT_NAME).read_text("utf-8").replace(str(dist), "DIST"))
    return files, report


@pytest.fixture
def forked_calls(monkeypatch: pytest.MonkeyPatch) -> list[Sequence[str]]:
    """Fork for any course size, and record which target lists went to workers."""
    calls: list[Sequence[str]] = []

    def spy(function: Callable[[str], Any], items: Sequence[str], jobs: int) -> list[Any]:
        calls.append(tuple(items))
        return fork_map(function, items, jobs)

    monkeypatch.setattr(api, "FORK_MIN_ITEMS", 0)
    monkeypatch.setattr(api, "fork_map", spy)
    return calls


def _build_both_ways(tmp_path: Path, strict: bool) -> tuple[Any, Any]:
    course = tmp_path / "source" / SAMPLE.name
    shutil.copytree(SAMPLE, course)
    results = []
    for jobs in (1, 2):
        dist = tmp_path / f"dist-{jobs}"
        options = api.BuildOptions(output=dist, targets=TARGETS, jobs=jobs, strict=strict)
        api.build([course], options)
        results.append(_outputs(dist))
    return results[0], results[1]


def test_targets_in_workers_equal_one_process(
    tmp_path: Path, forked_calls: list[Sequence[str]]
) -> None:
    serial, forked = _build_both_ways(tmp_path, strict=False)
    assert forked_calls == [TARGETS]
    assert sorted(serial[0]) == sorted(
        f"stalins-soviet-union-{t}" for t in ("qti12.zip", "qti21.zip", "moodlexml.xml", "gift.txt")
    )
    assert forked == serial
    assert serial[1]["ok"] is True


def test_failing_targets_report_the_same_in_workers(
    tmp_path: Path, forked_calls: list[Sequence[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-schemas"
    empty.mkdir()
    monkeypatch.setenv("LMSEXPORT_SCHEMAS", str(empty))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    serial, forked = _build_both_ways(tmp_path, strict=True)
    assert forked_calls == [TARGETS]
    (course,) = serial[1]["courses"]
    # Under --strict, what a target would lose (qti12/qti21 drop essay feedback, gift
    # skips questions) is an error, as is a missing schema set.
    assert course["failed_targets"] == ["qti12", "qti21", "gift"]
    errors = [d["message"] for d in course["diagnostics"] if d["severity"] == "error"]
    assert {m.split(":", 1)[0] for m in errors} == {"qti12", "qti21", "gift"}
    assert forked == serial


def test_no_thread_outlives_a_build(tmp_path: Path) -> None:
    before = set(threading.enumerate())
    options = api.BuildOptions(output=tmp_path / "dist", targets=("qti21",), jobs=1)
    result = api.build([SAMPLE], options)
    assert result.ok
    assert set(threading.enumerate()) == before


def _three_courses(root: Path) -> list[Path]:
    folders = []
    for index in range(3):
        folder = root / f"course-{index}"
        shutil.copytree(SAMPLE, folder)
        text = (folder / "course.yaml").read_text()
        (folder / "course.yaml").write_text(
            text.replace("id: stalins-soviet-union", f"id: course-{index}", 1)
        )
        folders.append(folder)
    return folders


def test_cached_courses_replay_without_workers_and_changed_ones_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = _three_courses(tmp_path / "source")
    options = api.BuildOptions(
        output=tmp_path / "dist", targets=("qti21",), jobs=2, cache_dir=tmp_path / "cache"
    )
    assert api.build([tmp_path / "source"], options).ok
    built = {p.name: p.read_bytes() for p in (tmp_path / "dist").glob("*.zip")}

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker pool was started although every course is cached")

    with monkeypatch.context() as patch:
        patch.setattr(api, "process_pool", no_pool)
        replay = api.build([tmp_path / "source"], options)
    assert [c.cached for c in replay.courses] == [True, True, True]
    assert {p.name: p.read_bytes() for p in (tmp_path / "dist").glob("*.zip")} == built

    quiz = next((folders[1] / "quizzes").glob("*.yaml"))
    quiz.write_text(quiz.read_text().replace("Lenin", "Vladimir Lenin", 1))
    third = api.build([tmp_path / "source"], options)
    assert [(c.course, c.cached) for c in third.courses] == [
        ("course-0", True),
        ("course-1", False),
        ("course-2", True),
    ]
    assert (tmp_path / "dist" / "course-1-qti21.zip").read_bytes() != built["course-1-qti21.zip"]
