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
from contextlib import contextmanager
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run

from flows import context
from newsfacts import config, quality, warehouse
from newsfacts.extract import extract_batch
from newsfacts.fetch import Fetched, FetchError, HttpFetcher, is_url
from newsfacts.model import Item, Reject
from newsfacts.outputs import report_dir_for
from newsfacts.readers import ReadOptions, Seen, read_fetched, read_path
from newsfacts.run import Batch, Run, RunSummary, batched, lifecycle

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


# Fewer new documents than config.POOL_MIN_DOCUMENTS are extracted in the flow's process:
# starting worker processes (each loads the reference data) costs more than it saves.
POOL_MIN_DOCUMENTS = config.POOL_MIN_DOCUMENTS
_POOLS: dict[int, ProcessPoolExecutor] = {}


def _pool(workers: int) -> ProcessPoolExecutor | None:
    """One process pool per worker count, kept for the life of the process."""
    if workers <= 1:
        return None
    if workers not in _POOLS:
        _POOLS[workers] = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    return _POOLS[workers]


@contextmanager
def _pools_closed() -> Iterator[None]:
    """Stop the worker processes once extraction is over, however it ends: their memory is not
    held through the checks. The next run that needs them starts them again."""
    try:
        yield
    finally:
        while _POOLS:
            _POOLS.popitem()[1].shutdown(wait=True)


def already_stored(db: str, batch: Batch) -> frozenset[str]:
    """doc_ids of the batch's documents the warehouse holds already (a re-run extracts nothing)."""
    if not batch.documents:
        return frozenset()
    con = warehouse.connect(db, retries=config.WAREHOUSE_WAIT)
    try:
        found = warehouse.stored_hashes(con, [d.content_hash for d in batch.documents])
    finally:
        con.close()
    return frozenset(d.doc_id for d in batch.documents if d.content_hash in found)


@task(name="load", **_TASK)
def load(db: str, run_id: str, batch: Batch) -> warehouse.LoadCounts:
    """Load one batch in one transaction (the warehouse's single writer), with how far each
    input has been read."""
    con = warehouse.open_warehouse(db, wait=config.WAREHOUSE_WAIT)
    try:
        return warehouse.load_batch(
            con, run_id, batch.documents, batch.rejects, batch.facts, checkpoints=batch.checkpoints
        )
    finally:
        con.close()


@task(name="cluster", **_TASK)
def cluster(db: str) -> int:
    """Regroup the same event reported by several articles (derived, rebuilt in one transaction)."""
    con = warehouse.connect(db, retries=config.WAREHOUSE_WAIT)
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
    max_chars: int = config.MAX_CHARS,
    max_bytes: int = config.MAX_BYTES,
    batch_size: int = config.BATCH_SIZE,
    fetch_timeout: float = config.FETCH_TIMEOUT,
    report_dir: str | None = None,
    workers: int = 1,
    in_flight: int = config.IN_FLIGHT,
    wait: float = 0.0,
    reread: bool = False,
) -> RunSummary:
    """Read → extract → load → check, batch by batch, into the DuckDB warehouse at ``db``.

    Only what is new since the last run is read (``reread`` reads everything again). Up to
    ``in_flight`` batches are extracted at once (on the flow's task runner: threads here, a
    Dask cluster when one is given) while one writer loads them in order. One run writes a
    warehouse at a time: another waits up to ``wait`` seconds, then stops naming this one.
    The report goes to ``report_dir`` (default: beside the warehouse).
    """
    options = ReadOptions(fields=dict(fields or {}), max_chars=max_chars, max_bytes=max_bytes)
    run_id = flow_run.get_id() or str(uuid.uuid4())
    parameters = {"inputs": inputs, "fields": options.fields, "batch_size": batch_size, "reread": reread}
    with lifecycle(db, run_id, parameters, wait=wait, reread=reread) as run:
        items = _items(list(inputs), options, fetch_timeout, run.seen, run.summary.failures)
        with _pools_closed():
            _extract_and_load(items, run, batch_size, workers, max(1, in_flight))
        if run.needs_checks():
            with run.stage("cluster"):
                cluster(db)
            with run.stage("check"):
                run.summary.checks = check(db, run_id, report_dir or str(report_dir_for(db)))
    logger = get_run_logger()
    for line in run.summary.lines():
        logger.info(line)
    return run.summary


def _extract_and_load(items: Iterator[Item], run: Run, batch_size: int, workers: int, in_flight: int) -> None:
    """Batches are extracted ahead (up to ``in_flight`` at once) and loaded in input order."""
    pending: deque[PrefectFuture[Batch]] = deque()

    def load_next() -> None:
        with run.stage("extract wait"):
            extracted = pending.popleft().result()
        run.summary.add_stage("extract", extracted.seconds)
        with run.stage("load"):
            counts = load(run.db, run.run_id, extracted)
        run.summary.add_batch(counts, extracted.unchanged)
        if hook := context.ON_BATCH.get():
            hook(run.summary)

    batches = batched(items, batch_size)
    while True:
        with run.stage("read"):
            chunk: list[Item] | None = next(batches, None)
        if chunk is None:
            break
        read_batch = Batch.of(chunk)
        pending.append(extract.submit(read_batch, already_stored(run.db, read_batch), workers))
        if len(pending) >= in_flight:
            load_next()
    while pending:
        load_next()
