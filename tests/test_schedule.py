"""Against a real Prefect server on 127.0.0.1: a scheduled deployment, and the flow on Dask.

One server for the session (``server_env`` in conftest; it takes 10-20 s to start). Everything runs as separate processes,
as users run it: `prefect server start`, `newsfacts serve`, a Dask cluster, `newsfacts run`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb

from .conftest import SEEDS
from .servers import BIN, stop, wait_for


def test_scheduled_deployment_picks_up_a_file_dropped_in_its_inbox(
    server_env: dict[str, str], tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "scheduled.duckdb"
    log = (tmp_path / "serve.log").open("wb")
    runner = subprocess.Popen(
        [str(BIN / "newsfacts"), "serve", str(inbox), "--db", str(db), "--cron", "* * * * *", "--workers", "1",
         "--report", str(tmp_path / "reports")],
        env=server_env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(3)
        (inbox / "story.txt").write_text(
            "Harbor Bank said on Monday it bought 245 BTC for $26 million, its first bitcoin purchase."
        )

        def loaded() -> list[tuple]:
            if not db.exists():
                return []
            try:
                con = duckdb.connect(str(db), read_only=True)
            except duckdb.IOException:  # a run is writing right now
                return []
            try:
                return con.execute(
                    "select r.outcome, d.record from runs r join documents d using (run_id)"
                    " where r.outcome = 'completed'"
                ).fetchall()
            finally:
                con.close()

        # the next minute boundary, plus the run itself
        assert wait_for(loaded, 150, "a scheduled run that loads the dropped file", every=2) == [
            ("completed", "story.txt")
        ]
        assert runner.poll() is None, "the runner stopped"
    finally:
        stop(runner)
        log.close()
    output = (tmp_path / "serve.log").read_text(errors="replace")
    assert "serving newsfacts/scheduled on cron '* * * * *'" in output
    con = duckdb.connect(str(db), read_only=True)
    (figure,) = con.execute("select surface from figures where unit = 'BTC'").fetchall()
    assert figure == ("245 BTC",)


def test_the_same_flow_on_a_local_dask_cluster(server_env: dict[str, str], tmp_path: Path) -> None:
    script = (
        "import time\n"
        "from distributed import LocalCluster\n"
        "if __name__ == '__main__':\n"
        "    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host='127.0.0.1',"
        " scheduler_port=0, dashboard_address=None)\n"
        "    print(cluster.scheduler_address, flush=True)\n"
        "    while True:\n"
        "        time.sleep(1)\n"
    )
    cluster = subprocess.Popen(
        [sys.executable, "-c", script], env=server_env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert cluster.stdout is not None
        address = cluster.stdout.readline().strip()
        assert address.startswith("tcp://127.0.0.1:"), address
        on_dask, local = tmp_path / "dask.duckdb", tmp_path / "local.duckdb"
        common = [str(SEEDS), "--batch-size", "1", "--report", str(tmp_path / "reports")]
        result = subprocess.run(
            [str(BIN / "newsfacts"), "run", *common, "--db", str(on_dask), "--dask-address", address],
            env=server_env, capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert "read 2: loaded 2" in result.stdout
        result = subprocess.run(
            [str(BIN / "newsfacts"), "run", *common, "--db", str(local), "--workers", "1"],
            env=server_env, capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
    finally:
        stop(cluster)
    query = (
        "select 'figure', surface, char_start from figures union all select 'date', surface, char_start from dates"
        " union all select 'mention', surface, char_start from mentions union all"
        " select 'event', event_type, char_start from events order by all"
    )
    rows = [duckdb.connect(str(p), read_only=True).execute(query).fetchall() for p in (on_dask, local)]
    assert rows[0] == rows[1] and len(rows[0]) > 50
