"""Reference data kept apart from code: the CSV tables under ``seeds/``."""

from __future__ import annotations

import csv
from functools import cache
from newsfacts.resources import data_dir

SEEDS_DIR = data_dir("seeds")


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``seeds/<name>.csv`` as dicts (read once per process)."""
    path = SEEDS_DIR / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(dict(row) for row in csv.DictReader(handle))


def column(name: str, field: str) -> tuple[str, ...]:
    """One column of a reference table, in file order."""
    return tuple(row[field] for row in table(name))


def word_set(name: str, set_name: str) -> frozenset[str]:
    """The words of one named set in ``seeds/<name>.csv`` (columns ``set`` and ``words``,
    words separated by ``|``); an unknown set is an error.

    >>> sorted(word_set("event_words", "will"))
    ["'ll", 'shall', 'will']
    """
    for row in table(name):
        if row["set"] == set_name:
            return frozenset(w for w in row["words"].split("|") if w)
    raise KeyError(f"no word set {set_name!r} in seeds/{name}.csv")


def mapping(name: str, kind: str) -> dict[str, int]:
    """``name -> value`` for the rows of one kind in ``seeds/<name>.csv`` (columns name, kind, value).

    >>> mapping("calendar_names", "month")["sept"]
    9
    """
    found = {row["name"]: int(row["value"]) for row in table(name) if row["kind"] == kind}
    if not found:
        raise KeyError(f"no rows of kind {kind!r} in seeds/{name}.csv")
    return found
