"""The DuckDB warehouse: schema migrations from ``sql/``, transactional batch loads, runs.

One writer at a time: a load opens the file, writes one batch in one transaction and closes
it, so readers can open the warehouse between batches.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from newsfacts.model import Checkpoint, Document, Reject

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
_MIGRATION = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class MigrationError(RuntimeError):
    """The warehouse's recorded schema does not match the files in ``sql/``."""


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse file."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()[:16]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[Callable[[str, pa.Table], str]]:
    """One transaction: commit when the block ends, roll back when it raises.

    Yields ``relation(name, table)``, which registers an Arrow table under ``name`` for the
    block's statements and returns the name; every registered table is dropped afterwards.
    """
    registered: list[str] = []

    def relation(name: str, table: pa.Table) -> str:
        con.register(name, table)
        registered.append(name)
        return name

    con.execute("begin transaction")
    try:
        yield relation
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        for name in registered:
            con.unregister(name)


def migrations(sql_dir: Path = SQL_DIR) -> list[Migration]:
    """The numbered schema files, in order; a gap or a duplicate number is an error."""
    found: list[Migration] = []
    for path in sorted(sql_dir.glob("*.sql")):
        match = _MIGRATION.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: schema files are named NNN_name.sql")
        found.append(Migration(int(match.group(1)), match.group(2), path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise MigrationError(f"schema files must be numbered 001, 002, ... without gaps: {versions}")
    return found


def connect(
    db: Path | str, *, read_only: bool = False, retries: float = 0.0, config: Mapping[str, Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; wait up to ``retries`` seconds while another process holds it."""
    deadline = time.monotonic() + retries
    while True:
        try:
            return duckdb.connect(str(db), read_only=read_only, config=dict(config or {}))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(f"{db} is in use by another process: {str(exc).splitlines()[0]}") from None
            time.sleep(0.2)


@dataclass(frozen=True, slots=True)
class View:
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()[:16]


def views(sql_dir: Path = SQL_DIR) -> list[View]:
    """The views of ``sql/views/``, one file each, in the order ``sql/views/order.txt`` declares.

    A file missing from the order, or an ordered name without its file, is an error.
    """
    folder = sql_dir / "views"
    if not folder.is_dir():
        return []
    lines = (folder / "order.txt").read_text(encoding="utf-8").splitlines()
    order = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    files = {p.stem for p in folder.glob("*.sql")}
    if set(order) != files or len(order) != len(files):
        raise MigrationError(
            f"sql/views/order.txt must name every view file once: unlisted {sorted(files - set(order))},"
            f" without a file {sorted(set(order) - files)}"
        )
    return [View(name, (folder / f"{name}.sql").read_text(encoding="utf-8")) for name in order]


def _legacy_checksums(sql_dir: Path) -> dict[str, str]:
    """Checksums of migration files as first applied, before their views moved to sql/views/."""
    path = sql_dir / "legacy_checksums.csv"
    lines = path.read_text(encoding="utf-8").splitlines()[1:] if path.exists() else []
    return dict(line.split(",", 1) for line in lines if line)


def migrate(con: duckdb.DuckDBPyConnection, upto: int | None = None, sql_dir: Path = SQL_DIR) -> list[str]:
    """Apply the schema files not yet applied, each in its own transaction, then (re)create the
    views of ``sql/views/`` when any of them or the tables changed; returns the files applied.

    With ``upto``, only the migrations up to that number are applied and the views are left."""
    con.execute(
        "create table if not exists schema_migrations (version integer primary key, name varchar not null,"
        " checksum varchar not null, applied_at timestamp not null default current_timestamp)"
    )
    con.execute(
        "comment on table schema_migrations is 'One row per schema file from sql/ applied to this warehouse.'"
    )
    con.execute(
        "create table if not exists schema_views (position integer primary key, name varchar not null,"
        " checksum varchar not null)"
    )
    con.execute("comment on table schema_views is 'One row per view of sql/views/ as last created, in order.'")
    applied = {v: c for v, c in con.execute("select version, checksum from schema_migrations").fetchall()}
    legacy = _legacy_checksums(sql_dir)
    pending: list[Migration] = []
    for migration in migrations(sql_dir):
        if upto is not None and migration.version > upto:
            break
        file = f"{migration.version:03d}_{migration.name}.sql"
        if migration.version not in applied:
            pending.append(migration)
        elif applied[migration.version] not in (migration.checksum, legacy.get(file)):
            raise MigrationError(
                f"sql/{file} changed after it was applied; add a new numbered file instead of editing an applied one"
            )
    wanted = [] if upto is not None else views(sql_dir)
    if not pending and (upto is not None or _views_state(con) == [(v.name, v.checksum) for v in wanted]):
        return []
    with transaction(con):
        for (name,) in con.execute("select view_name from duckdb_views() where not internal").fetchall():
            con.execute(f'drop view if exists "{name}"')
        for migration in pending:
            con.execute(migration.sql)
            con.execute(
                "insert into schema_migrations (version, name, checksum) values (?, ?, ?)",
                [migration.version, migration.name, migration.checksum],
            )
        for view in wanted:
            con.execute(view.sql)
        if upto is None:
            con.execute("delete from schema_views")
        if wanted:
            con.executemany(
                "insert into schema_views values (?, ?, ?)",
                [[i, v.name, v.checksum] for i, v in enumerate(wanted)],
            )
    return [f"{m.version:03d}_{m.name}" for m in pending]


def _views_state(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return [tuple(r) for r in con.execute("select name, checksum from schema_views order by position").fetchall()]


def open_warehouse(db: Path | str, *, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open for writing, creating or upgrading the schema as needed."""
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    con = connect(db, retries=wait)
    migrate(con)
    return con


@dataclass(frozen=True, slots=True)
class LoadCounts:
    """What one batch load did."""

    loaded: int = 0
    duplicates: int = 0
    rejected: int = 0
    undated: int = 0

    def __add__(self, other: LoadCounts) -> LoadCounts:
        return LoadCounts(
            self.loaded + other.loaded,
            self.duplicates + other.duplicates,
            self.rejected + other.rejected,
            self.undated + other.undated,
        )

    @property
    def read(self) -> int:
        return self.loaded + self.duplicates + self.rejected


_DOCUMENT_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("content_hash", pa.string()),
        ("text", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("published_at", pa.timestamp("us")),
        ("input", pa.string()),
        ("record", pa.string()),
        ("run_id", pa.string()),
    ]
)


def load_batch(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    documents: Sequence[Document],
    rejects: Sequence[Reject],
    facts: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    checkpoints: Sequence[Checkpoint] = (),
) -> LoadCounts:
    """Load one batch in one transaction: new documents, their facts, the rejects, and how far
    each input has been read (``checkpoints``: remembered only together with what they cover).

    A document whose content hash is already stored (or repeats within the batch) counts as a
    duplicate and its facts are not loaded again. ``facts`` maps a ``raw_*`` table to rows
    that each carry the ``doc_id`` they belong to.
    """
    hashes = [d.content_hash for d in documents]
    with transaction(con) as relation:
        stored = stored_hashes(con, hashes)
        fresh: list[Document] = []
        seen: set[str] = set(stored)
        for doc, digest in zip(documents, hashes, strict=True):
            if digest not in seen:
                seen.add(digest)
                fresh.append(doc)
        if fresh:
            rows = [
                {
                    "doc_id": d.doc_id,
                    "content_hash": d.content_hash,
                    "text": d.text,
                    "title": d.title,
                    "url": d.url,
                    "source": d.source,
                    "published_at": d.published_at,
                    "input": d.input,
                    "record": d.record,
                    "run_id": run_id,
                }
                for d in fresh
            ]
            batch = relation("batch_documents", pa.Table.from_pylist(rows, schema=_DOCUMENT_SCHEMA))
            con.execute(f"insert into documents by name select * from {batch}")
        fresh_ids = {d.doc_id for d in fresh}
        for table_name, fact_rows in (facts or {}).items():
            if not re.fullmatch(r"raw_[a-z_]+", table_name):
                raise ValueError(f"facts load only into raw_* tables, not {table_name!r}")
            kept = [dict(r) for r in fact_rows if r["doc_id"] in fresh_ids]
            if kept:
                batch = relation("batch_" + table_name, pa.Table.from_pylist(kept))
                con.execute(f"insert into {table_name} by name select * from {batch}")
        if rejects:
            reject_rows = [
                {"input": r.input, "record": r.record, "reason": r.reason, "detail": r.detail, "run_id": run_id}
                for r in rejects
            ]
            batch = relation("batch_rejects", pa.Table.from_pylist(reject_rows))
            con.execute(
                f"insert into rejects by name select distinct on (input, record, reason) * from {batch}"
                " on conflict do nothing"
            )
        stored_checkpoints = [c for c in checkpoints if not c.unchanged]
        if stored_checkpoints:
            latest = {(c.input, c.item): c for c in stored_checkpoints}  # the last one of each wins
            cursor_rows = [
                {
                    "input": c.input,
                    "item": c.item,
                    "fingerprint": c.fingerprint,
                    "position": c.position,
                    "complete": c.complete,
                    "run_id": run_id,
                }
                for c in latest.values()
            ]
            batch = relation("batch_cursors", pa.Table.from_pylist(cursor_rows))
            con.execute(
                f"insert into input_cursors by name select *, current_timestamp as updated_at from {batch}"
                " on conflict (input, item) do update set fingerprint = excluded.fingerprint,"
                " position = excluded.position, complete = excluded.complete, run_id = excluded.run_id,"
                " updated_at = excluded.updated_at"
            )
    return LoadCounts(
        loaded=len(fresh),
        duplicates=len(documents) - len(fresh),
        rejected=len(rejects),
        undated=sum(1 for d in fresh if d.published_at is None),
    )


def read_cursors(con: duckdb.DuckDBPyConnection) -> list[Checkpoint]:
    """Every input's stored checkpoint: how far earlier runs read it."""
    rows = con.execute("select input, item, fingerprint, position, complete from input_cursors").fetchall()
    return [Checkpoint(*row) for row in rows]


def stored_hashes(con: duckdb.DuckDBPyConnection, hashes: Sequence[str]) -> set[str]:
    """The ones among ``hashes`` whose documents are already in the warehouse."""
    rows = con.execute(
        "select content_hash from documents where content_hash in (select unnest(?::varchar[]))", [list(hashes)]
    ).fetchall()
    return {r[0] for r in rows}


def refresh_reference(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Replace a ``ref_*`` table's rows with ``rows``, in one transaction."""
    if not re.fullmatch(r"ref_[a-z_]+", table):
        raise ValueError(f"only ref_* tables are refreshed, not {table!r}")
    _replace_rows(con, table, pa.Table.from_pylist([dict(r) for r in rows]) if rows else None)


def _replace_rows(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table | None) -> None:
    """Replace all rows of a derived or reference table with ``rows``, in one transaction."""
    with transaction(con) as relation:
        con.execute(f"delete from {table}")
        if rows is not None and rows.num_rows:
            con.execute(f"insert into {table} by name select * from {relation('replacement_rows', rows)}")


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
    con = open_warehouse(db, wait=60)
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


def open_read_only(db: Path | str, *, wait: float = 30.0) -> duckdb.DuckDBPyConnection:
    """A connection for ad-hoc SQL that cannot change the warehouse or touch other files."""
    if not Path(db).exists():
        raise FileNotFoundError(f"no warehouse at {db}; run `newsfacts run` first")
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(
                str(db),
                read_only=True,
                config={"enable_external_access": False, "lock_configuration": True},
            )
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise WarehouseBusy(f"{db} is being written by another run; try again when it finishes") from None
            time.sleep(0.2)


def rebuild_event_clusters(con: duckdb.DuckDBPyConnection) -> int:
    """Regroup every stored event into same-event clusters, in one transaction; returns the groups."""
    from newsfacts.clusters import ClusterInput, cluster_events

    rows = con.execute(
        """
        with actor_kinds as (
            select distinct doc_id, entity_id from mentions where kind in ('person', 'org')
        ),
        actors as (
            select e.event_id, list(distinct a.entity_id) as ids
            from (select event_id, doc_id, unnest(actor_ids) as entity_id from raw_events) as e
            join actor_kinds as a using (doc_id, entity_id)
            group by e.event_id
        ),
        amounts as (
            select e.event_id, list(distinct f.value::varchar || ' ' || f.unit) as keys
            from (select event_id, unnest(figure_ids) as figure_id from raw_events) as e
            join raw_figures as f using (figure_id)
            where f.unit_class not in ('percent', 'bp')
            group by e.event_id
        )
        -- an undated event is grouped by the day it was reported (never stored as its date)
        select r.event_id, r.doc_id, r.event_type, coalesce(r.date_start, r.reported_on),
               coalesce(r.date_end, r.reported_on), a.ids, f.keys
        from raw_events as r
        left join actors as a using (event_id)
        left join amounts as f using (event_id)
        """
    ).fetchall()
    events = [
        ClusterInput(eid, doc, kind, start, end, frozenset(ids or ()), frozenset(keys or ()))
        for eid, doc, kind, start, end, ids, keys in rows
    ]
    groups = cluster_events(events)
    _replace_rows(
        con, "event_cluster_members", pa.table({"event_id": list(groups), "cluster_id": list(groups.values())})
    )
    return len(set(groups.values()))
