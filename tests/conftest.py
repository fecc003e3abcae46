"""Shared fixtures: a fresh warehouse path, Prefect's test harness, fixture articles, ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds" / "articles"
SHARED = Path(os.environ.get("NEWSFACTS_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus" / "bitcoin_news_2025.jsonl.gz"


@pytest.fixture
def fresh_db(tmp_path: Path) -> Path:
    """The path of a warehouse that does not exist yet."""
    return tmp_path / "warehouse.duckdb"


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory):
    """One temporary Prefect server and database for the whole session (it takes ~10 s to start)."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect_home"))
    from prefect.testing.utilities import prefect_test_harness

    from newsfacts.cli import PREFECT_STARTUP_SECONDS

    # Imported once here, `newsfacts run` invoked in this process checks in-process instead of
    # starting a worker that imports it again (5-7 s per run); the worker path runs in the
    # tests that start `newsfacts` as its own process.
    import great_expectations  # noqa: F401

    with prefect_test_harness(server_startup_timeout=PREFECT_STARTUP_SECONDS):
        yield


def needs_shared(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is absent: ../shared is not beside the repo")


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory):
    """A real `prefect server start` on 127.0.0.1 for the session: the environment (PREFECT_API_URL,
    PREFECT_HOME) of a process that talks to it. Stopped (SIGINT) after the last test."""
    from .servers import prefect_server

    yield from prefect_server(tmp_path_factory)
