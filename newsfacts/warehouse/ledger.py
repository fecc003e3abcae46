"""The run ledger: ``runs`` (what each run did and how it ended) and ``input_cursors`` (how far
each input has been read)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from newsfacts.config import WAREHOUSE_WAIT
from newsfacts.model import Checkpoint
from newsfacts.warehouse.connection import transaction
from newsfacts.warehouse.load import LoadCounts
from newsfacts.warehouse.schema import open_warehouse


def read_cursors(con: duckdb.DuckDBPyConnection) -> list[Checkpoint]:
    """Every input's stored checkpoint: how far earlier runs read it."""
    rows = con.execute("select input, item, fingerprint, position, complete from input_cursors").fetchall()
    return [Checkpoint(*row) for row in rows]


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, parameters: Mapping[str, Any]) -> int:
    """Record a run as running. Call it holding the run lock: any other run still marked
    running was killed, and is marked ``interrupted`` (returns how many)."""
    with transaction(con):
        interrupted = con.execute(
            "update runs set outcome = 'interrupted' where outcome = 'running' and run_id <> ?", [run_id]
        ).fetchall()[0][0]
        con.execute(
            "insert into runs (run_id, started_at, parameters, outcome) values (?, current_timestamp, ?, 'running')"
            " on conflict do nothing",
            [run_id, json.dumps(parameters, default=str, sort_keys=True)],
        )
    return int(interrupted)


@dataclass(frozen=True, slots=True)
class RunRecord:
    """What a finished run writes into ``runs``."""

    counts: LoadCounts
    seconds: float
    outcome: str  # completed, failed
    unchanged: int = 0
    failures: Sequence[Mapping[str, str]] = ()
    stages: Mapping[str, float] | None = None
    checks: str | None = None  # ran, or skipped: ...
    state: str | None = None


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, record: RunRecord) -> None:
    c = record.counts
    con.execute(
        "update runs set finished_at = current_timestamp, read = ?, loaded = ?, duplicates = ?, rejected = ?,"
        " undated = ?, seconds = ?, outcome = ?, unchanged = ?, failures = ?, stages = ?, checks = ?, state = ?"
        " where run_id = ?",
        [
            c.read,
            c.loaded,
            c.duplicates,
            c.rejected,
            c.undated,
            record.seconds,
            record.outcome,
            record.unchanged,
            json.dumps(list(record.failures)),
            json.dumps({k: round(v, 3) for k, v in (record.stages or {}).items()}),
            record.checks,
            record.state,
            run_id,
        ],
    )


def record_failed_start(db: Path | str, parameters: Mapping[str, Any], failure: Mapping[str, str]) -> str:
    """A ``runs`` row for a run that failed before its flow began (nothing read), with why."""
    run_id = str(uuid.uuid4())
    con = open_warehouse(db, wait=WAREHOUSE_WAIT)
    try:
        con.execute(
            "insert into runs (run_id, started_at, parameters, outcome) values (?, current_timestamp, ?, 'failed')",
            [run_id, json.dumps(parameters, default=str, sort_keys=True)],
        )
        finish_run(con, run_id, RunRecord(counts=LoadCounts(), seconds=0.0, outcome="failed", failures=[failure]))
    finally:
        con.close()
    return run_id


def data_state(con: duckdb.DuckDBPyConnection) -> str:
    """What the derived tables and the checks depend on in the warehouse: the documents and the
    review decisions. Equal states mean clustering and checking again would find the same."""
    docs = con.execute("select count(*), max(ingested_at) from documents").fetchall()[0]
    decisions = con.execute("select count(*), max(decided_at) from entity_decisions").fetchall()[0]
    return f"documents {docs[0]} {docs[1]}; decisions {decisions[0]} {decisions[1]}"


def last_checked_state(con: duckdb.DuckDBPyConnection) -> str | None:
    """The state the most recent run that ran its checks saw."""
    rows = con.execute(
        "select state from runs where checks = 'ran' and outcome = 'completed' order by finished_at desc limit 1"
    ).fetchall()
    return rows[0][0] if rows else None


def run_fact_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, int]:
    """Rows in each ``raw_*`` fact table that belong to documents loaded by ``run_id``."""
    tables = [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_type = 'BASE TABLE'"
            " and starts_with(table_name, 'raw_') order by table_name"
        ).fetchall()
    ]
    return {
        t: con.execute(
            f"select count(*) from {t} join documents using (doc_id) where documents.run_id = ?", [run_id]
        ).fetchall()[0][0]
        for t in tables
    }
