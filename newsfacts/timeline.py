"""An entity's happenings in date order, with their reports: the query an analyst starts from.

The entity is found by its canonical name or any spelling seen in the articles ("Bukere"
finds Nayib Bukele), case aside. Rows come from the ``entity_timeline`` view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb


@dataclass(frozen=True, slots=True)
class Happening:
    day: date  # when it happened, else when it was first reported
    dated: bool
    event_type: str
    status: str
    actors: list[str]
    figures: list[str]
    articles: int
    sources: int
    first_reported: datetime | None
    first_sentence: str
    reports: list[str]


def resolve(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The canonical name of the entity called ``name`` (its own name or a spelling seen)."""
    rows = con.execute(
        "select name from entities where lower(name) = lower(?) or list_contains(list_transform(aliases, lambda a: lower(a)),"
        " lower(?)) order by (lower(name) = lower(?)) desc, documents desc limit 1",
        [name, name, name],
    ).fetchall()
    return rows[0][0] if rows else None


def timeline(con: duckdb.DuckDBPyConnection, entity: str, limit: int | None = None) -> list[Happening]:
    """The happenings ``entity`` (a canonical name) takes part in, oldest first."""
    rows = con.execute(
        "select day, dated, event_type, status, actors, coalesce(figures, []), articles, sources, first_reported,"
        " first_sentence, reports from entity_timeline where entity = ? order by day, first_reported, cluster_id"
        + (f" limit {int(limit)}" if limit else ""),
        [entity],
    ).fetchall()
    return [Happening(*row) for row in rows]


def lines(entity: str, happenings: list[Happening]) -> list[str]:
    """The timeline as a person reads it: one happening, then its first report, per entry."""
    dated = sum(h.dated for h in happenings)
    out = [f"{entity}: {len(happenings):,} happenings ({dated:,} dated by their text, the rest by first report)"]
    for h in happenings:
        when = h.day.isoformat() + ("" if h.dated else " (reported)")
        others = ", ".join(a for a in h.actors if a != entity)
        reach = f"{h.articles} article{'s' * (h.articles != 1)}, {h.sources} source{'s' * (h.sources != 1)}"
        out.append(f"{when:<23} {h.event_type:<10} {h.status:<8} {reach}" + (f"; with {others}" if others else "")
                   + (f"; {', '.join(h.figures)}" if h.figures else ""))
        sentence = " ".join(h.first_sentence.split())
        out.append(f"    {sentence[:160]}{'…' if len(sentence) > 160 else ''}")
        if h.reports:
            out.append(f"    {h.reports[0]}" + (f" (+{len(h.reports) - 1} more)" if len(h.reports) > 1 else ""))
    return out
