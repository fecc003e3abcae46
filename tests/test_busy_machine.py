"""Runs on a busy machine: Prefect's temporary server gets time to start, and when it still
cannot, the run says so in one line with the remedy and leaves a ``runs`` row."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from .conftest import SEEDS

BIN = Path(sys.executable).parent
BURNERS = 8
BURN_SECONDS = 420  # each burner stops by itself after this, even if the test is killed


@contextmanager
def cpu_burners(n: int = BURNERS) -> Iterator[None]:
    """``n`` processes spinning on the CPU, each bounded in time, all stopped on exit."""
    code = f"import time\nend = time.monotonic() + {BURN_SECONDS}\nwhile time.monotonic() < end:\n    pass\n"
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(n)]
    try:
        yield
    finally:
        for p in procs:
            p.kill()
        for p in procs:
            p.wait()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), DO_NOT_TRACK="1", **extra)
    return env


def test_a_run_succeeds_with_eight_cpu_burners_running(tmp_path: Path) -> None:
    db = tmp_path / "busy.duckdb"
    with cpu_burners():
        result = subprocess.run(
            [str(BIN / "newsfacts"), "run", str(SEEDS), "--db", str(db)],
            env=_env(tmp_path),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=BURN_SECONDS,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "read 2: loaded 2, duplicates 0, rejected 0" in result.stdout
    assert "checks: all passed" in result.stdout


def test_prefect_that_cannot_start_fails_in_one_line_with_the_remedy_and_a_runs_row(tmp_path: Path) -> None:
    db = tmp_path / "nostart.duckdb"
    result = subprocess.run(
        [str(BIN / "newsfacts"), "run", str(SEEDS), "--db", str(db)],
        env=_env(tmp_path, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="0"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "did not start" in lines[0] and "prefect server start --host 127.0.0.1" in lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    con = duckdb.connect(str(db), read_only=True)
    ((outcome, read, failures),) = con.execute("select outcome, read, failures from runs").fetchall()
    assert (outcome, read) == ("failed", 0)
    assert json.loads(failures)[0]["reason"] == "prefect_did_not_start"
