"""Invariant checks over the warehouse, in SQL: every stored span cuts its surface out of its document."""

from __future__ import annotations

import duckdb

# Views whose rows carry (doc_id, surface, char_start, char_end).
SPAN_VIEWS = ("figures", "dates", "mentions", "events")


def existing_relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}


def span_mismatches(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """For each fact view present: how many rows' span, cut from documents.text, is not their surface."""
    present = existing_relations(con)
    out: dict[str, int] = {}
    for view in SPAN_VIEWS:
        if view not in present:
            continue
        surface = "sentence" if view == "events" else "surface"
        out[f"{view}_span"] = con.execute(
            f"select count(*) from {view} v join documents d using (doc_id)"
            f" where v.char_start < 0 or v.char_end > length(d.text) or v.char_start > v.char_end"
            f" or substring(d.text, v.char_start + 1, v.char_end - v.char_start) <> v.{surface}"
        ).fetchall()[0][0]
    return out
