"""Plain helpers the flow is wired from: batching, splitting, and the run summary."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from newsfacts.model import Checkpoint, Document, Item, Reject
from newsfacts.extract import Rows
from newsfacts.warehouse import LoadCounts

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items, streamed.

    >>> [len(b) for b in batched(range(5), 2)]
    [2, 2, 1]
    """
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
