"""Dated events: what a sentence reports happened, who took part, when, and its figures.

The event vocabulary lives in ``seeds/event_types.csv`` (trigger phrase → event type). A
sentence reports one event per type it triggers; a reporting verb ("said") makes a
``statement`` only when the sentence reports nothing else. The date that governs an event is
the sentence's time expression nearest the trigger; a sentence without one that refers back
to an earlier event ("During the visit, ...") takes that event's date (``date_source``
``context``); otherwise the publication day, marked ``published``.

>>> from datetime import date
>>> from newsfacts.extract.dates import extract_dates
>>> text = "In May, Pakistan allocated 2,000 megawatts for mining. Bukele praised the plan."
>>> pub = date(2025, 7, 17)
>>> [(e.event_type, e.trigger, str(e.date_start), e.date_source) for e in extract_events(
...     text, extract_dates(text, pub), [], pub)]
[('allocation', 'allocated', '2025-05-01', 'sentence'), ('statement', 'praised', '2025-07-17', 'published')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from newsfacts import reference
from newsfacts.extract.dates import TimeExpression
from newsfacts.extract.figures import Figure
from newsfacts.extract.sentences import lower_keeping_offsets, sentence_spans

DATE_SOURCES = ("sentence", "context", "published")
# Nouns that refer back to an earlier event of a type: "during the visit", "after the meeting".
_BACK_REFERENCES = {
    "visit": "meeting",
    "meeting": "meeting",
    "talks": "meeting",
    "deal": "agreement",
    "agreement": "agreement",
    "purchase": "purchase",
    "acquisition": "purchase",
    "sale": "sale",
    "allocation": "allocation",
    "loan": "loan",
}
_BACK = re.compile(r"\b(?:during|after|at|following|before|in)\s+the\s+(" + "|".join(_BACK_REFERENCES) + r")\b", re.I)


@dataclass(frozen=True, slots=True)
class Event:
    event_type: str
    trigger: str
    date_start: date | None
    date_end: date | None
    granularity: str | None
    date_source: str | None  # sentence, context, published; None without any date
    date_index: int | None  # the governing time expression (position in the document's dates)
    figure_indexes: tuple[int, ...]  # the figures of the same sentence
    char_start: int  # the sentence
    char_end: int
    trigger_start: int
    trigger_end: int


@cache
def _vocabulary() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = reference.table("event_types")
    types = {r["trigger"].lower(): r["event_type"] for r in rows}
    alternation = "|".join(re.escape(t).replace("\\ ", r"\s+") for t in sorted(types, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b"), types  # matched on the lowercased text: much faster


def event_types() -> tuple[str, ...]:
    """The documented vocabulary of event types, in file order."""
    return tuple(dict.fromkeys(r["event_type"] for r in reference.table("event_types")))


def extract_events(
    text: str,
    dates: Sequence[TimeExpression],
    figures: Sequence[Figure],
    published: date | None,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[Event]:
    """Every event the sentences of ``text`` report, with its governing date and figures.

    ``spans`` are the sentence spans when the caller has them already.
    """
    pattern, types = _vocabulary()
    lowered_text = lower_keeping_offsets(text)
    out: list[Event] = []
    dated_by_type: dict[str, Event] = {}
    for s_start, s_end in spans if spans is not None else sentence_spans(text):
        found: dict[str, re.Match[str]] = {}
        for match in pattern.finditer(lowered_text, s_start, s_end):
            kind = types[re.sub(r"\s+", " ", match.group())]
            found.setdefault(kind, match)
        if len(found) > 1:
            found.pop("statement", None)
        if not found:
            continue
        in_sentence = [i for i, d in enumerate(dates) if s_start <= d.char_start and d.char_end <= s_end]
        figure_indexes = tuple(i for i, f in enumerate(figures) if s_start <= f.char_start and f.char_end <= s_end)
        back = _BACK.search(text, s_start, s_end)
        for kind, match in found.items():
            event = _event(text, kind, match, dates, in_sentence, figure_indexes, published, s_start, s_end)
            if event.date_source == "published" and back:
                earlier = dated_by_type.get(_BACK_REFERENCES[back.group(1).lower()])
                if earlier is not None:
                    event = _with_date(event, earlier, "context")
            if event.date_source in ("sentence", "context"):
                dated_by_type.setdefault(kind, event)
            out.append(event)
    return out


def _event(
    text: str,
    kind: str,
    match: re.Match[str],
    dates: Sequence[TimeExpression],
    in_sentence: list[int],
    figure_indexes: tuple[int, ...],
    published: date | None,
    s_start: int,
    s_end: int,
) -> Event:
    resolved = [i for i in in_sentence if dates[i].start is not None]
    date_index: int | None = None
    if resolved:
        date_index = min(resolved, key=lambda i: _distance(dates[i], match.start(), match.end()))
        governing = dates[date_index]
        start, end, gran, source = governing.start, governing.end, governing.granularity, "sentence"
    elif published is not None:
        start, end, gran, source = published, published, "day", "published"
    else:
        start = end = None
        gran = source = None
    return Event(
        event_type=kind,
        trigger=text[match.start() : match.end()],
        date_start=start,
        date_end=end,
        granularity=gran,
        date_source=source,
        date_index=date_index,
        figure_indexes=figure_indexes,
        char_start=s_start,
        char_end=s_end,
        trigger_start=match.start(),
        trigger_end=match.end(),
    )


def _with_date(event: Event, earlier: Event, source: str) -> Event:
    return Event(
        event.event_type, event.trigger, earlier.date_start, earlier.date_end, earlier.granularity, source,
        earlier.date_index, event.figure_indexes, event.char_start, event.char_end, event.trigger_start,
        event.trigger_end,
    )


def _distance(expr: TimeExpression, start: int, end: int) -> int:
    if expr.char_end <= start:
        return start - expr.char_end
    if expr.char_start >= end:
        return expr.char_start - end
    return 0
