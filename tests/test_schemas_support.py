"""Fixtures shared by the ``test_schemas_*`` modules (this file holds no tests).

The official library comes from ``LMSEXPORT_SCHEMAS`` (never a hard-coded path);
the loopback server lets install and XXE tests observe every HTTP request.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def library() -> Path:
    """The official schema library named by the first ``LMSEXPORT_SCHEMAS`` entry."""
    value = os.environ.get("LMSEXPORT_SCHEMAS", "")
    folders = [Path(p) for p in value.split(os.pathsep) if p]
    if not folders or not folders[0].is_dir():
        pytest.skip("set LMSEXPORT_SCHEMAS to the official schema library")
    return folders[0]


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No schema folder from the environment; the user cache is a fresh temp folder."""
    monkeypatch.delenv("LMSEXPORT_SCHEMAS", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "lmsexport" / "schemas"


@dataclass
class Loopback:
    """A static HTTP server on 127.0.0.1 and the paths it was asked for."""

    url: str
    requests: list[str] = field(default_factory=list)


def serve(folder: Path) -> Iterator[Loopback]:
    """Serve ``folder`` on an ephemeral loopback port until the generator closes."""
    loopback = Loopback(url="")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            loopback.requests.append(self.path)

    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    loopback.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield loopback
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
