"""Faults and concurrent runs lose nothing: runs killed with SIGKILL at many points, then run
again, leave exactly what one clean run leaves; a second run started at once waits or stops
naming the first; `newsfacts sql` reads during a run.

Every run is a separate `newsfacts run` process against the session's Prefect server, as users
run it. The corpus is written here from templates (no article text from ../shared).
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import duckdb

from newsfacts.runlock import busy, holder

from .servers import BIN

NOT_COMPARED = {"run_id", "ingested_at", "rejected_at", "updated_at", "decided_at", "checked_at"}
OWN_TABLES = {"runs", "schema_migrations", "dq_runs", "dq_failures"}  # a record of runs, not of the data


def write_inputs(root: Path) -> list[str]:
    """A folder of 60 short articles (two of them bad) and a corpus of 150 records (bad lines,
    repeats, an empty body): about 22 batches of 10."""
    rng = random.Random(7)
    banks = ["Harbor Bank", "Northgate Exchange", "Alpine Fund", "Lakeland Treasury", "Summit Capital"]
    assets = ["BTC", "ETH", "SOL"]
    folder = root / "inbox"
    folder.mkdir()
    for n in range(58):
        bank, asset = rng.choice(banks), rng.choice(assets)
        (folder / f"story{n:03d}.txt").write_text(
            f"{bank} bought {rng.randint(2, 900)} {asset} for ${rng.randint(1, 90)} million on Monday,"
            f" its filing showed. The purchase follows a {rng.randint(1, 30)}% rise in {asset} last week."
        )
    (folder / "blob.txt").write_bytes(b"\x00\x01binary")
    (folder / "empty.md").write_text("")
    lines = []
    for n in range(145):
        bank, asset = rng.choice(banks), rng.choice(assets)
        lines.append(
            json.dumps(
                {
                    "title": f"{bank} adds {asset} ({n})",
                    "body": f"{bank} said on Tuesday it holds {rng.randint(10, 9000):,} {asset} worth about"
                    f" ${rng.randint(1, 700)} million. It plans to buy more in 2026, after a"
                    f" {rng.randint(1, 50)}% gain earlier this month.",
                    "datetime": f"2025-0{rng.randint(5, 8)}-{rng.randint(10, 28)}T09:00:00Z",
                }
            )
        )
    lines[10:10] = ["{not json", lines[3], json.dumps({"title": "x", "body": ""})]
    lines[80:80] = [lines[40], "[1, 2]"]
    corpus = root / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n")
    return [str(folder), str(corpus)]


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of every data table, without the columns that name a run or a time."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1"
            ).fetchall()
            if r[0] not in OWN_TABLES
        ]
        out = {}
        for table in tables:
            columns = [c[0] for c in con.execute(f"select * from {table} limit 0").description]
            kept = ", ".join(f'"{c}"' for c in columns if c not in NOT_COMPARED)
            out[table] = sorted(con.execute(f"select {kept} from {table}").fetchall(), key=repr)
        return out
    finally:
        con.close()


def newsfacts(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "newsfacts"), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def watch(process: subprocess.Popen, pattern: str) -> threading.Event:
    """An event set when a line of the process's output matches ``pattern`` (the rest is drained)."""
    seen = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if re.search(pattern, line):
                seen.set()

    threading.Thread(target=read, daemon=True).start()
    return seen


def run_to_end(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run([str(BIN / "newsfacts"), *args], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return result.stdout


LOADED = r"Task run 'load-[^']*' - Finished in state Completed"


def test_runs_killed_at_many_points_leave_what_one_clean_run_leaves(server_env: dict[str, str], tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path)
    common = [*inputs, "--batch-size", "10", "--workers", "1", "--report", str(tmp_path / "reports")]
    clean = tmp_path / "clean.duckdb"
    run_to_end(["run", *common, "--db", str(clean)], server_env)
    expected = snapshot(clean)
    assert len(expected["documents"]) == 58 + 145  # bad lines and files are rejects; repeats are duplicates

    crashed = tmp_path / "crashed.duckdb"
    rng = random.Random(int(os.environ.get("NEWSFACTS_KILL_SEED", "11")))
    kills = 0
    for attempt in range(8):
        process = newsfacts("run", *common, "--db", str(crashed), "-v", env=server_env)
        loaded = watch(process, LOADED)
        if not loaded.wait(120):  # nothing left to load: the killed runs have loaded it all
            process.wait(120)
            break
        time.sleep(rng.uniform(0, 0.25 * (attempt + 1)))  # mid-extraction, mid-load, later: mid-checks
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(60)
    print(f"\nkill points: {kills} runs killed with SIGKILL, then one run to the end")
    assert kills >= 5
    run_to_end(["run", *common, "--db", str(crashed)], server_env)
    assert snapshot(crashed) == expected
    con = duckdb.connect(str(crashed), read_only=True)
    outcomes = [r[0] for r in con.execute("select outcome from runs order by started_at").fetchall()]
    assert outcomes[-1] == "completed" and "running" not in outcomes
    assert outcomes.count("interrupted") >= kills - 1  # a run killed before it recorded itself leaves no row
    # every stored document's counts reconcile across all the runs that finished
    rows = con.execute("select count(*) from documents").fetchall()
    assert rows == [(len(expected["documents"]),)]


def test_a_second_run_stops_naming_the_first_and_readers_work_meanwhile(
    server_env: dict[str, str], tmp_path: Path
) -> None:
    inputs = write_inputs(tmp_path)
    db = tmp_path / "busy.duckdb"
    common = [*inputs, "--db", str(db), "--batch-size", "2", "--workers", "1", "--report", str(tmp_path / "r")]
    first = newsfacts("run", *common, "-v", env=server_env)
    loading = watch(first, LOADED)
    assert loading.wait(120), "the first run never loaded a batch"
    owner = holder(db)
    assert owner is not None and owner["pid"] == first.pid

    reads: list[subprocess.CompletedProcess] = []

    def read_while_running() -> None:
        while first.poll() is None:
            reads.append(
                subprocess.run(
                    [str(BIN / "newsfacts"), "sql", "select count(*) as n from documents", "--db", str(db)],
                    capture_output=True, text=True, timeout=120,
                )
            )

    reader = threading.Thread(target=read_while_running)
    reader.start()
    second = subprocess.run(
        [str(BIN / "newsfacts"), "run", *common], env=server_env, capture_output=True, text=True, timeout=120
    )
    assert first.poll() is None, "the first run ended before the second started: make it longer"
    assert second.returncode == 1
    message = second.stdout + second.stderr
    assert f"is being written by run {owner['run_id']}" in message and "--wait" in message

    queued = newsfacts("run", *common, "--wait", "300", env=server_env)  # waits its turn
    assert first.wait(300) == 0
    reader.join()
    out, _ = queued.communicate(timeout=300)
    assert queued.returncode == 0, out[-2000:]
    assert "read 0: loaded 0" in out  # everything was read by the first run
    assert len(reads) >= 2 and all(r.returncode == 0 for r in reads), [r.stderr for r in reads]
    assert busy(db) is None  # both runs over: the warehouse is free for the next one
