"""Shared pytest switches: ``--update-golden`` and the schema library location."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files under tests/golden from the current output, for review in git diff",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run should rewrite golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session", autouse=True)
def schemas_env() -> Iterator[None]:
    """Point ``LMSEXPORT_SCHEMAS`` at ``../shared/schemas`` beside the repository unless set.

    Session-scoped so that module- and session-scoped fixtures (schema registries
    built once per module) already see it.
    """
    with pytest.MonkeyPatch.context() as patch:
        if not os.environ.get("LMSEXPORT_SCHEMAS"):
            patch.setenv("LMSEXPORT_SCHEMAS", str(REPO.parent / "shared" / "schemas"))
        yield


@pytest.fixture(autouse=True)
def private_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Give each test its own ``XDG_CACHE_HOME``.

    CLI builds use the user's build cache by default; a shared one would let one
    test's artifacts satisfy another's build and hide real work.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield
