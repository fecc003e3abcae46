"""A run's lifecycle, apart from any orchestrator: the lock, the ``runs`` row, what was read
before, stage timing, whether the checks need to run, and the summary a person reads.

The flow (``flows/pipeline.py``) only wires tasks inside :func:`lifecycle`::

    with lifecycle(db, run_id, parameters, wait=0, reread=False) as run:
        with run.stage("read"):
            ...
        if run.needs_checks():
            ...

>>> [len(b) for b in batched(range(5), 2)]
[2, 2, 1]
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from newsfacts import quality, runlock, warehouse
from newsfacts.config import WAREHOUSE_WAIT
from newsfacts.extract import Rows
from newsfacts.model import Checkpoint, Document, Item, Reject
from newsfacts.readers import Seen
from newsfacts.readers.cursors import NOTHING_SEEN
from newsfacts.warehouse import LoadCounts

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items, streamed."""
    if size <= 0:
        raise ValueError("batch size must be positive")
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def split(items: Iterable[Item]) -> tuple[list[Document], list[Reject], list[Checkpoint]]:
    """Documents, rejects and checkpoints, each in input order."""
    documents: list[Document] = []
    rejects: list[Reject] = []
    checkpoints: list[Checkpoint] = []
    for item in items:
        if isinstance(item, Document):
            documents.append(item)
        elif isinstance(item, Reject):
            rejects.append(item)
        else:
            checkpoints.append(item)
    return documents, rejects, checkpoints


class Batch:
    """One batch on its way through the stages: documents, rejects, checkpoints (how far each
    input has been read), and the facts extracted, with the seconds extraction took.

    A plain class on purpose: orchestrators walk dataclasses, lists and dicts passed to a task
    looking for upstream results, which costs seconds for a batch of thousands of rows.
    """

    __slots__ = ("checkpoints", "documents", "facts", "rejects", "seconds")

    def __init__(
        self,
        documents: list[Document],
        rejects: list[Reject],
        checkpoints: list[Checkpoint] | None = None,
        facts: Rows | None = None,
        seconds: float = 0.0,
    ) -> None:
        self.documents = documents
        self.rejects = rejects
        self.checkpoints: list[Checkpoint] = checkpoints if checkpoints is not None else []
        self.facts: Rows = facts if facts is not None else {}
        self.seconds = seconds

    @classmethod
    def of(cls, items: Iterable[Item]) -> Batch:
        """Split read items into documents, rejects and checkpoints, each in input order."""
        return cls(*split(items))

    def with_facts(self, facts: Rows, seconds: float) -> Batch:
        return Batch(self.documents, self.rejects, self.checkpoints, facts, seconds)

    @property
    def unchanged(self) -> int:
        """Inputs and feed entries this batch passed over, unchanged since an earlier run."""
        return sum(1 for c in self.checkpoints if c.unchanged)

    def __repr__(self) -> str:
        return f"Batch({len(self.documents)} documents, {len(self.rejects)} rejects)"


@dataclass(slots=True)
class RunSummary:
    """What a run did: the counts reconcile as read = loaded + duplicates + rejected."""

    run_id: str
    db: str
    counts: LoadCounts = field(default_factory=LoadCounts)
    facts: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    checks: dict[str, int] = field(default_factory=dict)
    checks_skipped: str | None = None  # why the checks did not run
    unchanged: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    batches: int = 0

    def add_stage(self, stage: str, seconds: float) -> None:
        self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds

    def add_batch(self, counts: LoadCounts, unchanged: int) -> None:
        self.counts += counts
        self.unchanged += unchanged
        self.batches += 1

    def lines(self) -> list[str]:
        """The summary a person reads at the end of a run."""
        c = self.counts
        out = [
            f"read {c.read:,}: loaded {c.loaded:,}, duplicates {c.duplicates:,}, rejected {c.rejected:,}",
        ]
        if self.unchanged:
            out.append(f"unchanged since an earlier run, not read again: {self.unchanged:,} inputs or feed entries")
        for failure in self.failures:
            detail = failure["detail"]
            out.append("FAILED " + (detail if detail.startswith(failure["input"]) else f"{failure['input']}: {detail}"))
        if c.undated:
            out.append(f"{c.undated:,} loaded without a publication date (relative dates left unresolved)")
        if any(self.facts.values()):
            out.append("extracted: " + ", ".join(f"{n:,} {t.removeprefix('raw_')}" for t, n in self.facts.items()))
        if self.checks_skipped:
            out.append(f"checks: {self.checks_skipped}")
        elif self.checks:
            failing = {k: v for k, v in self.checks.items() if v}
            out.append(
                "checks: all passed"
                if not failing
                else "checks: " + ", ".join(f"{k} {v:,} failing" for k, v in failing.items())
            )
        stages = ", ".join(f"{k} {v:.1f}s" for k, v in self.stage_seconds.items())
        out.append(f"took {self.seconds:.1f}s ({stages}) into {self.db}")
        return out


class Run:
    """A run in progress: its summary, what earlier runs read, and its stages' timing."""

    def __init__(self, db: str, run_id: str, seen: Seen) -> None:
        self.db = db
        self.run_id = run_id
        self.seen = seen
        self.summary = RunSummary(run_id=run_id, db=db)
        self.state: str | None = None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Add the seconds the block takes to the stage ``name``."""
        t0 = time.monotonic()
        try:
            yield
        finally:
            self.summary.add_stage(name, time.monotonic() - t0)

    def needs_checks(self) -> bool:
        """Whether clustering and the checks would find anything new: the documents, review
        decisions or check files changed since the last run that checked. Says why not."""
        con = warehouse.connect(self.db, retries=WAREHOUSE_WAIT)
        try:
            self.state = f"{warehouse.data_state(con)}; checks {quality.config_fingerprint()}"
            previous = warehouse.last_checked_state(con)
        finally:
            con.close()
        if self.state == previous:
            self.summary.checks_skipped = "skipped: nothing changed since the last run that checked"
            return False
        return True


@contextmanager
def lifecycle(db: str, run_id: str, parameters: Mapping[str, Any], *, wait: float, reread: bool) -> Iterator[Run]:
    """Hold the warehouse for one run: take the lock, record the run as running, hand over what
    earlier runs read (nothing with ``reread``), and record how it ended, whatever happens."""
    started = time.monotonic()
    with runlock.hold(db, run_id, wait=wait):
        con = warehouse.open_warehouse(db, wait=WAREHOUSE_WAIT)
        try:
            warehouse.start_run(con, run_id, parameters)
            seen = NOTHING_SEEN if reread else Seen.of(warehouse.read_cursors(con))
        finally:
            con.close()
        run = Run(db, run_id, seen)
        outcome = "failed"
        try:
            yield run
            outcome = "completed"
        finally:
            summary = run.summary
            summary.seconds = time.monotonic() - started
            con = warehouse.connect(db, retries=WAREHOUSE_WAIT)
            try:
                summary.facts = warehouse.run_fact_counts(con, run_id)
                warehouse.finish_run(
                    con,
                    run_id,
                    warehouse.RunRecord(
                        counts=summary.counts,
                        seconds=summary.seconds,
                        outcome=outcome,
                        unchanged=summary.unchanged,
                        failures=summary.failures,
                        stages=summary.stage_seconds,
                        checks="ran" if summary.checks and not summary.checks_skipped else summary.checks_skipped,
                        state=run.state,
                    ),
                )
            finally:
                con.close()
