"""The newsfacts flow: read inputs in batches, extract facts, load them, check the warehouse.

Reading streams in the flow and reads only what is new since the last run; each batch is one
extract task (submitted ahead, so extraction overlaps loading) and one load task (the single
writer, in input order). Only fetching URLs retries.
"""

from __future__ import annotations

import multiprocessing
import time
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run

from flows import context
from newsfacts import quality, runlock, warehouse
from newsfacts.extract import extract_batch
from newsfacts.fetch import Fetched, FetchError, HttpFetcher, is_url
from newsfacts.model import Item, Reject
from newsfacts.outputs import report_dir_for
from newsfacts.pipeline import Batch, RunSummary, batched
from newsfacts.readers import ReadOptions, Seen, read_fetched, read_path
from newsfacts.readers.cursors import NOTHING_SEEN

_TASK = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="fetch", retries=2, retry_delay_seconds=[1, 4], **_TASK)
def fetch(url: str, timeout: float, max_bytes: int) -> Fetched:
    """Fetch one URL (a feed or a page) within the limits; retried on failure."""
    return HttpFetcher(timeout=timeout, max_bytes=max_bytes).fetch(url)


@task(name="extract", **_TASK)
def extract(batch: Batch, stored: frozenset[str], workers: int) -> Batch:
    """Every fact of the batch's documents that are not ``stored`` already (by doc_id),
    on ``workers`` processes (the pure extraction functions; no Prefect server needed)."""
    t0 = time.monotonic()
    new = len(batch.documents) - len(stored)
    facts = extract_batch(batch.documents, skip=stored, pool=_pool(workers) if new >= POOL_MIN_DOCUMENTS else None)
    return batch.with_facts(facts, time.monotonic() - t0)


# Fewer new documents than this are extracted in the flow's process: starting worker
# processes (each loads the reference data) costs more than it saves.
POOL_MIN_DOCUMENTS = 200
_POOLS: dict[int, ProcessPoolExecutor] = {}


def _pool(workers: int) -> ProcessPoolExecutor | None:
    """One process pool per worker count, kept for the life of the process."""
    if workers <= 1:
        return None
    if workers not in _POOLS:
        _POOLS[workers] = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    return _POOLS[workers]


def _close_pools() -> None:
    """Stop the worker processes once extraction is over: their memory is not held through the
    checks. The next run that needs them starts them again."""
    while _POOLS:
        _POOLS.popitem()[1].shutdown(wait=True)


def already_stored(db: str, batch: Batch) -> frozenset[str]:
    """doc_ids of the batch's documents the warehouse holds already (a re-run extracts nothing)."""
    if not batch.documents:
        return frozenset()
    con = warehouse.connect(db, retries=60)
    try:
        found = warehouse.stored_hashes(con, [d.content_hash for d in batch.documents])
    finally:
        con.close()
    return frozenset(d.doc_id for d in batch.documents if d.content_hash in found)


@task(name="load", **_TASK)
def load(db: str, run_id: str, batch: Batch) -> warehouse.LoadCounts:
    """Load one batch in one transaction (the warehouse's single writer), with how far each
    input has been read."""
    con = warehouse.open_warehouse(db, wait=60)
    try:
        return warehouse.load_batch(
            con, run_id, batch.documents, batch.rejects, batch.facts, checkpoints=batch.checkpoints
        )
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
    worker = context.CHECK_WORKER.get()
    if worker is not None:
        return worker.run(db, run_id, report_dir)
    return quality.check_warehouse(db, run_id, report_dir)


def _items(inputs: list[str], options: ReadOptions, timeout: float, seen: Seen, failures: list[dict[str, str]]):  # -> Iterator[Item]
    for value in inputs:
        if is_url(value):
            state = fetch(value, timeout, options.max_bytes, return_state=True)
            if state.is_completed():
                yield from read_fetched(state.result(), options, seen)
            else:
                error = state.result(raise_on_failure=False)
                detail = str(error) if isinstance(error, FetchError) else f"{type(error).__name__}: {error}"
                failures.append({"input": value, "reason": "fetch_failed", "detail": detail})
                yield Reject(value, "-", "fetch_failed", detail)
        else:
            yield from read_path(Path(value), options, seen)


@flow(name="newsfacts", log_prints=False)
def pipeline(
    inputs: list[str],
    db: str = "warehouse.duckdb",
    fields: dict[str, str] | None = None,
    max_chars: int = 1_000_000,
    max_bytes: int = 64 * 1024 * 1024,
    batch_size: int = 1000,
    fetch_timeout: float = 20.0,
    report_dir: str | None = None,
    workers: int = 1,
    in_flight: int = 2,
    wait: float = 0.0,
    reread: bool = False,
) -> RunSummary:
    """Read → extract → load → check, batch by batch, into the DuckDB warehouse at ``db``.

    Only what is new since the last run is read (``reread`` reads everything again). Up to
    ``in_flight`` batches are extracted at once (on the flow's task runner: threads here, a
    Dask cluster when one is given) while one writer loads them in order. One run writes a
    warehouse at a time: another waits up to ``wait`` seconds, then stops naming this one.
    """
    started = time.monotonic()
    options = ReadOptions(fields=dict(fields or {}), max_chars=max_chars, max_bytes=max_bytes)
    run_id = flow_run.get_id() or str(uuid.uuid4())
    summary = RunSummary(run_id=run_id, db=db)
    with runlock.hold(db, run_id, wait=wait):
        con = warehouse.open_warehouse(db, wait=60)
        try:
            parameters = {"inputs": inputs, "fields": options.fields, "batch_size": batch_size, "reread": reread}
            warehouse.start_run(con, run_id, parameters)
            seen = NOTHING_SEEN if reread else Seen.of(warehouse.read_cursors(con))
        finally:
            con.close()
        outcome = "failed"
        state: str | None = None
        try:
            items = _items(list(inputs), options, fetch_timeout, seen, summary.failures)
            try:
                _extract_and_load(items, db, run_id, summary, batch_size, workers, max(1, in_flight))
            finally:
                _close_pools()
            state, previous = _states(db)
            if state == previous:
                summary.checks_skipped = "skipped: nothing changed since the last run that checked"
            else:
                t0 = time.monotonic()
                cluster(db)
                summary.add_stage("cluster", time.monotonic() - t0)
                t0 = time.monotonic()
                summary.checks = check(db, run_id, report_dir or str(report_dir_for(db)))
                summary.add_stage("check", time.monotonic() - t0)
            outcome = "completed"
        finally:
            summary.seconds = time.monotonic() - started
            con = warehouse.connect(db, retries=60)
            try:
                summary.facts = warehouse.run_fact_counts(con, run_id)
                record = warehouse.RunRecord(
                    counts=summary.counts,
                    seconds=summary.seconds,
                    outcome=outcome,
                    unchanged=summary.unchanged,
                    failures=summary.failures,
                    stages=summary.stage_seconds,
                    checks="ran" if summary.checks and not summary.checks_skipped else summary.checks_skipped,
                    state=state,
                )
                warehouse.finish_run(con, run_id, record)
            finally:
                con.close()
    logger = get_run_logger()
    for line in summary.lines():
        logger.info(line)
    return summary


def _extract_and_load(
    items: Iterator[Item], db: str, run_id: str, summary: RunSummary, batch_size: int, workers: int, in_flight: int
) -> None:
    """Batches are extracted ahead (up to ``in_flight`` at once) and loaded in input order."""
    pending: deque[PrefectFuture[Batch]] = deque()

    def load_next() -> None:
        t0 = time.monotonic()
        extracted = pending.popleft().result()
        summary.add_stage("extract wait", time.monotonic() - t0)
        summary.add_stage("extract", extracted.seconds)
        t0 = time.monotonic()
        summary.counts += load(db, run_id, extracted)
        summary.add_stage("load", time.monotonic() - t0)
        summary.unchanged += extracted.unchanged
        summary.batches += 1
        if hook := context.ON_BATCH.get():
            hook(summary)

    batches = batched(items, batch_size)
    while True:
        t0 = time.monotonic()
        chunk: list[Item] | None = next(batches, None)
        summary.add_stage("read", time.monotonic() - t0)
        if chunk is None:
            break
        read_batch = Batch.of(chunk)
        pending.append(extract.submit(read_batch, already_stored(db, read_batch), workers))
        if len(pending) >= in_flight:
            load_next()
    while pending:
        load_next()


def _states(db: str) -> tuple[str, str | None]:
    """The warehouse's state now (documents, review decisions, check files) and the state the
    last run that ran the checks saw."""
    con = warehouse.connect(db, retries=60)
    try:
        now = f"{warehouse.data_state(con)}; checks {quality.config_fingerprint()}"
        return now, warehouse.last_checked_state(con)
    finally:
        con.close()
