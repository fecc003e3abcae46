"""Extraction: pure functions from a document's text and publication day to warehouse rows.

Each extractor takes the text (and, for dates, the publication day) and returns values that
carry their character span in the text; :func:`extract_document` turns them into rows for the
``raw_*`` tables, and :func:`extract_batch` does it for a batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

from newsfacts.extract.dates import extract_dates
from newsfacts.extract.entities import extract_mentions
from newsfacts.extract.events import extract_events
from newsfacts.extract.figures import extract_figures, rupee_for
from newsfacts.extract.sentences import sentence_spans
from newsfacts.extract.holdings import extract_holdings
from newsfacts.model import Document

Rows = dict[str, list[dict[str, Any]]]


def extract_document(doc: Document) -> Rows:
    """All rows extracted from one document, by ``raw_*`` table."""
    doc_id, text = doc.doc_id, doc.text
    figures = extract_figures(text, rupee=rupee_for(text))
    spans = sentence_spans(text)
    mentions = extract_mentions(text)
    figure_ids = [f"{doc_id}:f{i}" for i in range(len(figures))]
    figure_rows = [
        {
            "figure_id": figure_ids[i],
            "doc_id": doc_id,
            "ordinal": i,
            "surface": f.surface,
            "value": f.value,
            "value_high": f.value_high,
            "unit": f.unit,
            "unit_class": f.unit_class,
            "qualifier": f.qualifier,
            "per": f.per,
            "char_start": f.char_start,
            "char_end": f.char_end,
        }
        for i, f in enumerate(figures)
    ]
    dates = extract_dates(text, doc.published_day, exclude=[(f.char_start, f.char_end) for f in figures])
    holding_rows = [
        {
            "holding_id": f"{doc_id}:h{i}",
            "doc_id": doc_id,
            "holder": h.holder,
            "asset": h.asset,
            "quantity": h.quantity,
            "value": h.value,
            "currency": h.currency,
            "kind": h.kind,
            "quantity_figure_id": figure_ids[h.quantity_index],
            "value_figure_id": figure_ids[h.value_index],
            "char_start": h.char_start,
            "char_end": h.char_end,
            "as_of_start": h.as_of_start,
            "as_of_end": h.as_of_end,
            "as_of_source": h.as_of_source,
        }
        for i, h in enumerate(extract_holdings(text, figures, spans, mentions, dates, doc.published_day))
    ]
    date_rows = [
        {
            "date_id": f"{doc_id}:d{i}",
            "doc_id": doc_id,
            "ordinal": i,
            "surface": d.surface,
            "date_start": d.start,
            "date_end": d.end,
            "granularity": d.granularity,
            "relative": d.relative,
            "char_start": d.char_start,
            "char_end": d.char_end,
        }
        for i, d in enumerate(dates)
    ]
    mention_rows = [
        {
            "mention_id": f"{doc_id}:m{i}",
            "doc_id": doc_id,
            "ordinal": i,
            "surface": m.surface,
            "char_start": m.char_start,
            "char_end": m.char_end,
            "entity_id": m.entity_id,
            "name": m.name,
            "kind": m.kind,
            "method": m.method,
            "score": m.score,
            "fallback_id": m.fallback_id,
            "fallback_name": m.fallback_name,
        }
        for i, m in enumerate(mentions)
    ]
    event_rows = []
    for i, e in enumerate(extract_events(text, dates, figures, doc.published_day, spans, mentions)):
        agents = [mentions[k] for k in e.agent_indexes]
        counterparts = [mentions[k] for k in e.counterpart_indexes]
        actors = {m.entity_id: m.name for m in agents + counterparts}
        event_rows.append(
            {
                "event_id": f"{doc_id}:e{i}",
                "doc_id": doc_id,
                "ordinal": i,
                "event_type": e.event_type,
                "status": e.status,
                "trigger": e.trigger,
                "trigger_start": e.trigger_start,
                "trigger_end": e.trigger_end,
                "date_start": e.date_start,
                "date_end": e.date_end,
                "granularity": e.granularity,
                "date_source": e.date_source,
                "reported_on": doc.published_day,
                "date_id": f"{doc_id}:d{e.date_index}" if e.date_index is not None else None,
                "figure_ids": [figure_ids[k] for k in e.figure_indexes],
                "actors": list(actors.values()),
                "actor_ids": list(actors),
                "agent_ids": list(dict.fromkeys(m.entity_id for m in agents)),
                "counterpart_ids": list(dict.fromkeys(m.entity_id for m in counterparts)),
                "sentence": text[e.char_start : e.char_end],
                "char_start": e.char_start,
                "char_end": e.char_end,
            }
        )
    return {
        "raw_figures": figure_rows,
        "raw_holdings": holding_rows,
        "raw_dates": date_rows,
        "raw_mentions": mention_rows,
        "raw_events": event_rows,
    }


def extract_batch(
    documents: Sequence[Document], skip: frozenset[str] = frozenset(), pool: Executor | None = None
) -> Rows:
    """All rows extracted from a batch of documents, by ``raw_*`` table.

    Documents whose ``doc_id`` is in ``skip`` (already stored) are not extracted again. With a
    ``pool`` (a process pool), the documents are extracted in chunks on its workers; the rows
    are the same, in the same order.
    """
    todo: list[Document] = []
    done: set[str] = set(skip)
    for doc in documents:
        if doc.doc_id not in done:  # the same text twice in a batch: one set of facts
            done.add(doc.doc_id)
            todo.append(doc)
    if pool is None or len(todo) < 2 * _CHUNK:
        return _extract_all(todo)
    chunks = [todo[i : i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
    out: Rows = {}
    for part in pool.map(_extract_all, chunks):
        for table, rows in part.items():
            out.setdefault(table, []).extend(rows)
    return out


_CHUNK = 100


def _extract_all(documents: Sequence[Document]) -> Rows:
    out: Rows = {}
    for doc in documents:
        for table, rows in extract_document(doc).items():
            out.setdefault(table, []).extend(rows)
    return out
