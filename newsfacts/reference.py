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
