"""The newsfacts flow: read inputs in batches, extract facts, load them, check the warehouse.

Reading streams in the flow; each batch is one extract task and one load task (the single
writer). Only fetching URLs retries.
"""

from __future__ import annotations

import multiprocessing
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextvars import ContextVar
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from newsfacts import quality, warehouse
from newsfacts.extract import extract_batch
from newsfacts.fetch import Fetched, FetchError, HttpFetcher, is_url
from newsfacts.model import Item, Reject
from newsfacts.pipeline import Batch, RunSummary, batched
from newsfacts.readers import ReadOptions, read_fetched, read_path

# Called after each batch with the summary so far (the CLI draws its progress bar with it).
ON_BATCH: ContextVar[Callable[[RunSummary], None] | None] = ContextVar("newsfacts_on_batch", default=None)
# A process that has Great Expectations imported already (the CLI starts one before the flow).
CHECK_WORKER: ContextVar[quality.CheckWorker | None] = ContextVar("newsfacts_check_worker", default=None)

_TASK = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="fetch", retries=2, retry_delay_seconds=[1, 4], **_TASK)
def fetch(url: str, timeout: float, max_bytes: int) -> Fetched:
    """Fetch one URL (a feed or a page) within the limits; retried on failure."""
    return HttpFetcher(timeout=timeout, max_bytes=max_bytes).fetch(url)


@task(name="extract", **_TASK)
def extract(batch: Batch, stored: frozenset[str], workers: int) -> Batch:
    """Every fact of the batch's documents that are not ``stored`` already (by doc_id),
    on ``workers`` processes (the pure extraction functions; no Prefect server needed)."""
    return Batch(batch.documents, batch.rejects, extract_batch(batch.documents, skip=stored, pool=_pool(workers)))


_POOLS: dict[int, ProcessPoolExecutor] = {}


def _pool(workers: int) -> ProcessPoolExecutor | None:
    """One process pool per worker count, kept for the life of the process."""
    if workers <= 1:
        return None
    if workers not in _POOLS:
        _POOLS[workers] = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    return _POOLS[workers]


def already_stored(db: str, batch: Batch) -> frozenset[str]:
    """doc_ids of the batch's documents the warehouse holds already (a re-run extracts nothing)."""
    con = warehouse.connect(db, retries=60)
    try:
        found = warehouse.stored_hashes(con, [d.content_hash for d in batch.documents])
    finally:
        con.close()
    return frozenset(d.doc_id for d in batch.documents if d.content_hash in found)


@task(name="load", **_TASK)
def load(db: str, run_id: str, batch: Batch) -> warehouse.LoadCounts:
    """Load one batch in one transaction (the warehouse's single writer)."""
    con = warehouse.open_warehouse(db, wait=60)
    try:
        return warehouse.load_batch(con, run_id, batch.documents, batch.rejects, batch.facts)
    finally:
        con.close()


@task(name="cluster", **_TASK)
def cluster(db: str) -> int:
    """Regroup the same event reported by several articles (derived, rebuilt in one transaction)."""
    con = warehouse.connect(db, retries=60)
    try:
        return warehouse.rebuild_event_clusters(con)
    finally:
        con.close()


@task(name="check", **_TASK)
def check(db: str, run_id: str, report_dir: str | None) -> dict[str, int]:
    """The Great Expectations suites over the warehouse: failing rows by suite, stored in dq_runs."""
    worker = CHECK_WORKER.get()
    if worker is not None:
        return worker.run(db, run_id, report_dir)
    con = warehouse.connect(db, retries=60)
    try:
        report = quality.run_checks(con, run_id=run_id, report_dir=Path(report_dir) if report_dir else None)
        return report.counts()
    finally:
        con.close()


def _items(inputs: list[str], options: ReadOptions, timeout: float):  # -> Iterator[Item]
    for value in inputs:
        if is_url(value):
            state = fetch(value, timeout, options.max_bytes, return_state=True)
            if state.is_completed():
                yield from read_fetched(state.result(), options)
            else:
                error = state.result(raise_on_failure=False)
                detail = str(error) if isinstance(error, FetchError) else f"{type(error).__name__}: {error}"
                yield Reject(value, "-", "fetch_failed", detail)
        else:
            yield from read_path(Path(value), options)


@flow(name="newsfacts", log_prints=False)
def pipeline(
    inputs: list[str],
    db: str = "warehouse.duckdb",
    fields: dict[str, str] | None = None,
    max_chars: int = 1_000_000,
    max_bytes: int = 64 * 1024 * 1024,
    batch_size: int = 2000,
    fetch_timeout: float = 20.0,
    report_dir: str | None = "reports",
    workers: int = 1,
) -> RunSummary:
    """Read → extract → load → check, batch by batch, into the DuckDB warehouse at ``db``."""
    started = time.monotonic()
    options = ReadOptions(fields=dict(fields or {}), max_chars=max_chars, max_bytes=max_bytes)
    run_id = flow_run.get_id() or str(uuid.uuid4())
    summary = RunSummary(run_id=run_id, db=db)
    con = warehouse.open_warehouse(db, wait=60)
    warehouse.start_run(con, run_id, {"inputs": inputs, "fields": options.fields, "batch_size": batch_size})
    con.close()
    outcome = "failed"
    try:
        items = _items(list(inputs), options, fetch_timeout)
        while True:
            t0 = time.monotonic()
            batch: list[Item] | None = next(batched(items, batch_size), None)
            summary.add_stage("read", time.monotonic() - t0)
            if batch is None:
                break
            t0 = time.monotonic()
            read_batch = Batch.of(batch)
            extracted = extract(read_batch, already_stored(db, read_batch), workers)
            summary.add_stage("extract", time.monotonic() - t0)
            t0 = time.monotonic()
            summary.counts += load(db, run_id, extracted)
            summary.add_stage("load", time.monotonic() - t0)
            summary.batches += 1
            if hook := ON_BATCH.get():
                hook(summary)
        t0 = time.monotonic()
        cluster(db)
        summary.add_stage("cluster", time.monotonic() - t0)
        t0 = time.monotonic()
        summary.checks = check(db, run_id, report_dir)
        summary.add_stage("check", time.monotonic() - t0)
        outcome = "completed"
    finally:
        summary.seconds = time.monotonic() - started
        con = warehouse.connect(db, retries=60)
        try:
            summary.facts = warehouse.run_fact_counts(con, run_id)
            warehouse.finish_run(con, run_id, summary.counts, summary.seconds, outcome)
        finally:
            con.close()
    return summary
