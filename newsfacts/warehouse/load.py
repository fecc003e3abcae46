"""Loading: a batch of documents, rejects, facts and input checkpoints in one transaction;
reference and derived tables replaced whole."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from newsfacts.model import Checkpoint, Document, Reject
from newsfacts.warehouse.connection import transaction


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
               coalesce(r.date_end, r.reported_on), r.date_start is not null, a.ids, f.keys
        from raw_events as r
        left join actors as a using (event_id)
        left join amounts as f using (event_id)
        """
    ).fetchall()
    events = [
        ClusterInput(eid, doc, kind, start, end, dated, frozenset(ids or ()), frozenset(keys or ()))
        for eid, doc, kind, start, end, dated, ids, keys in rows
    ]
    groups = cluster_events(events)
    _replace_rows(
        con, "event_cluster_members", pa.table({"event_id": list(groups), "cluster_id": list(groups.values())})
    )
    return len(set(groups.values()))
