"""Happenings: the events of many articles (and of one article's title, body and footer) that
report the same thing, grouped without chains.

Events are taken in date order. Each joins the first open happening whose *seed* (its first
event, never any later member) it matches, else it starts one. An event matches a seed when

- both are of the same type, dated to a month or less (an undated event counts as its report
  day), at most :data:`MAX_GAP_DAYS` apart (or one lies inside a wider interval of up to
  :data:`WIDE_DAYS` that shares a rare amount with it: "earlier this year" and "in May");
- no amount of the same unit differs by more than :data:`FIGURE_TOLERANCE`, and when both name
  their doers, they share one ("a purchase by another buyer is another happening");
- and they share two signals: two actors, or an actor and an amount, or (when one side names
  no actor) an amount few events of the type share, when both are dated by their text or share
  two amounts. Price moves have no actors: they group on
  an amount only when both are dated to the same day by their text.

Because every member is compared with its happening's seed, two stories are never chained
through a third that shares one amount with each. A happening's id is its smallest event id.

>>> from datetime import date
>>> def ev(i, doc, day, actors=(), figures=()):
...     return ClusterInput(i, doc, "allocation", date(2025, 5, day), date(2025, 5, day), True,
...                         frozenset(actors), frozenset(figures))
>>> events = [ev("a:e0", "a", 1, figures={"2000 MW"}), ev("b:e3", "b", 2, {"pk"}, {"2000 MW"}),
...           ev("c:e1", "c", 2, figures={"50 MW"}), ev("d:e0", "d", 3, {"pk"}, {"2000 MW", "50 MW"})]
>>> sorted(cluster_events(events).items())  # d shares 50 MW with c, but c never matched a: no chain
[('a:e0', 'a:e0'), ('b:e3', 'a:e0'), ('c:e1', 'c:e1'), ('d:e0', 'a:e0')]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

MAX_GAP_DAYS = 3  # a happening's reports lie this close to its first
NARROW_DAYS = 31  # events dated to a month or less group with each other
WIDE_DAYS = 200  # "earlier this year" may hold a narrow one with the same rare amount; "2025" groups with none
FIGURE_TOLERANCE = 0.02  # amounts of the same unit that differ more are different happenings
MAX_FIGURE_SHARE = 12  # an amount more events of a type share than this ("$100,000") is no signal alone
UNACTED_TYPES = frozenset(("price_move",))  # assets are not actors: these group on dated amounts only


@dataclass(frozen=True, slots=True)
class ClusterInput:
    event_id: str
    doc_id: str
    event_type: str
    date_start: date | None  # the date it happened, else its report day
    date_end: date | None
    dated: bool  # the date comes from the text, not the report day
    actors: frozenset[str]  # entity ids of the persons and organizations that take part
    figures: frozenset[str]  # "value unit" of the amounts that measure it, percentages left out


def cluster_events(events: Sequence[ClusterInput]) -> dict[str, str]:
    """event_id -> happening id (the smallest event id of its happening) for every event given."""
    shares = Counter((e.event_type, f) for e in events for f in e.figures)
    ordered = sorted(events, key=lambda e: (e.date_start or date.min, e.event_id))
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)  # (type, actor or amount) -> happenings
    happenings: list[list[ClusterInput]] = []
    for event in ordered:
        if event.date_start is None or event.date_end is None or _width(event) > WIDE_DAYS:
            happenings.append([event])
            continue
        keys = [(event.event_type, k) for k in (*event.actors, *event.figures)]
        candidates = sorted({h for key in keys for h in by_key.get(key, ())})  # oldest happening first
        home = next((h for h in candidates if _same(happenings[h][0], event, shares)), None)
        if home is None:
            home = len(happenings)
            happenings.append([event])
            for key in keys:  # indexed by its seed's keys only: members never extend what matches
                bucket = by_key[key]
                bucket[:] = [h for h in bucket if (event.date_start - happenings[h][0].date_end).days <= MAX_GAP_DAYS]
                bucket.append(home)
        else:
            happenings[home].append(event)
    out: dict[str, str] = {}
    for members in happenings:
        happening_id = min(m.event_id for m in members)
        out.update((m.event_id, happening_id) for m in members)
    return out


def _width(e: ClusterInput) -> int:
    assert e.date_start and e.date_end
    return (e.date_end - e.date_start).days


def _same(seed: ClusterInput, e: ClusterInput, shares: Counter[tuple[str, str]]) -> bool:
    assert seed.date_start and seed.date_end and e.date_start and e.date_end
    gap = max((e.date_start - seed.date_end).days, (seed.date_start - e.date_end).days, 0)
    if gap > MAX_GAP_DAYS or _conflicting_amounts(seed.figures, e.figures):
        return False
    figures = seed.figures & e.figures
    rare = [f for f in figures if shares[(seed.event_type, f)] <= MAX_FIGURE_SHARE]
    if max(_width(seed), _width(e)) > NARROW_DAYS:  # a wide interval holds a narrow one with a rare amount
        wide, narrow = (seed, e) if _width(seed) >= _width(e) else (e, seed)
        inside = wide.date_start <= narrow.date_start and narrow.date_end <= wide.date_end  # type: ignore[operator]
        return inside and _width(narrow) <= NARROW_DAYS and bool(rare) and not (
            seed.actors and e.actors and not seed.actors & e.actors)
    if seed.event_type in UNACTED_TYPES:  # the same level on the same day, both dated by their text
        return bool(figures) and seed.dated and e.dated and gap == 0 and max(_width(seed), _width(e)) <= 1
    actors = seed.actors & e.actors
    if seed.actors and e.actors and not actors:
        return False
    if len(actors) >= 2 or (actors and figures):
        return True
    # an amount alone: rare, and both dated by their text or sharing two amounts
    return bool(rare) and not (seed.actors and e.actors) and ((seed.dated and e.dated) or len(figures) >= 2)


def _conflicting_amounts(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two amounts of one unit that differ by more than the tolerance, and none that agree."""
    by_unit_a, by_unit_b = _by_unit(a), _by_unit(b)
    for unit in by_unit_a.keys() & by_unit_b.keys():
        close = any(abs(x - y) <= FIGURE_TOLERANCE * max(abs(x), abs(y)) for x in by_unit_a[unit] for y in by_unit_b[unit])
        if not close:
            return True
    return False


def _by_unit(keys: frozenset[str]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = defaultdict(list)
    for key in keys:
        value, _, unit = key.partition(" ")
        try:
            out[unit].append(float(value))
        except ValueError:
            continue
    return out
