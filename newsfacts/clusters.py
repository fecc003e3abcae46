"""Grouping the same event reported by several articles, as GDELT groups mentions of an event.

Two events of the same type from different documents are the same event when

- they share a figure (the same amount and unit, "2,000 MW"), and they lie within
  :data:`MAX_GAP_DAYS` or a narrow interval lies inside one of up to :data:`WIDE_DAYS`, or
- they share at least two actors (persons or organizations), both are dated to a month or
  less, within :data:`MAX_GAP_DAYS`, and the type is not a generic one (statements, price moves).

Groups are the connected components of that relation; a group's id is its smallest event id,
so rebuilding the groups from the same events gives the same ids. An actor or amount shared by
more than :data:`MAX_BUCKET` events is too common to group by.

>>> from datetime import date
>>> events = [
...     ClusterInput("a:e0", "a", "allocation", date(2025, 5, 1), date(2025, 5, 31), frozenset(), frozenset({"2000 MW"})),
...     ClusterInput("b:e3", "b", "allocation", date(2025, 1, 1), date(2025, 7, 17), frozenset(), frozenset({"2000 MW"})),
...     ClusterInput("c:e1", "c", "allocation", date(2025, 5, 2), date(2025, 5, 2), frozenset(), frozenset({"50 MW"})),
... ]
>>> sorted(cluster_events(events).items())
[('a:e0', 'a:e0'), ('b:e3', 'a:e0'), ('c:e1', 'c:e1')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

MAX_GAP_DAYS = 7
MAX_BUCKET = 60  # an actor shared by more events of a type than this is too common to group by
MAX_FIGURE_BUCKET = 12  # likewise an amount ("$100,000" is everywhere; "2,000 MW" is one story)
NARROW_DAYS = 31  # events dated to a month or less
WIDE_DAYS = 200  # an interval that may contain a narrow one: "earlier this year", not "2025"
GENERIC_TYPES = frozenset(("statement", "price_move"))


@dataclass(frozen=True, slots=True)
class ClusterInput:
    event_id: str
    doc_id: str
    event_type: str
    date_start: date | None
    date_end: date | None
    actors: frozenset[str]  # entity ids of the persons and organizations (places do not group alone)
    figures: frozenset[str]  # "value unit" of the sentence's amounts, percentages left out


def cluster_events(events: Sequence[ClusterInput]) -> dict[str, str]:
    """event_id -> cluster id (the smallest event id of its group) for every event given."""
    parent = {e.event_id: e.event_id for e in events}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for a, b in _candidate_pairs(events):
        if a.doc_id != b.doc_id and _same_event(a, b):
            union(a.event_id, b.event_id)
    return {e.event_id: find(e.event_id) for e in events}


def _candidate_pairs(events: Sequence[ClusterInput]) -> Iterable[tuple[ClusterInput, ClusterInput]]:
    buckets: dict[tuple[str, str], list[ClusterInput]] = defaultdict(list)
    for e in events:
        if e.date_start is None:
            continue
        for key in e.figures:
            buckets[(e.event_type, "f:" + key)].append(e)
        for actor in e.actors:
            buckets[(e.event_type, "a:" + actor)].append(e)
    seen: set[tuple[str, str]] = set()
    for (_, key), members in buckets.items():
        if len(members) > (MAX_FIGURE_BUCKET if key.startswith("f:") else MAX_BUCKET):
            continue
        for a, b in combinations(members, 2):
            pair = (a.event_id, b.event_id) if a.event_id < b.event_id else (b.event_id, a.event_id)
            if pair not in seen:
                seen.add(pair)
                yield a, b


def _same_event(a: ClusterInput, b: ClusterInput) -> bool:
    assert a.date_start and a.date_end and b.date_start and b.date_end
    width_a, width_b = (a.date_end - a.date_start).days, (b.date_end - b.date_start).days
    gap = max((b.date_start - a.date_end).days, (a.date_start - b.date_end).days, 0)
    if a.figures & b.figures and max(width_a, width_b) <= WIDE_DAYS:
        contains = (a.date_start <= b.date_start and b.date_end <= a.date_end) or (
            b.date_start <= a.date_start and a.date_end <= b.date_end
        )
        if (contains and min(width_a, width_b) <= NARROW_DAYS) or gap <= MAX_GAP_DAYS:
            return True
    if a.event_type in GENERIC_TYPES or max(width_a, width_b) > NARROW_DAYS or gap > MAX_GAP_DAYS:
        return False
    return len(a.actors & b.actors) >= 2
