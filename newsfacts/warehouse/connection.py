"""Opening the warehouse: one writer at a time, readers that wait for a batch to pass, and
one transaction helper for every write."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse file."""


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[Callable[[str, pa.Table], str]]:
    """One transaction: commit when the block ends, roll back when it raises.

    Yields ``relation(name, table)``, which registers an Arrow table under ``name`` for the
    block's statements and returns the name; every registered table is dropped afterwards.
    """
    registered: list[str] = []

    def relation(name: str, table: pa.Table) -> str:
        con.register(name, table)
        registered.append(name)
        return name

    con.execute("begin transaction")
    try:
        yield relation
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        for name in registered:
            con.unregister(name)


def connect(
    db: Path | str, *, read_only: bool = False, retries: float = 0.0, config: Mapping[str, Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; wait up to ``retries`` seconds while another process holds it."""
    deadline = time.monotonic() + retries
    while True:
        try:
            return duckdb.connect(str(db), read_only=read_only, config=dict(config or {}))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(f"{db} is in use by another process: {str(exc).splitlines()[0]}") from None
            time.sleep(0.2)


def open_read_only(db: Path | str, *, wait: float = 30.0) -> duckdb.DuckDBPyConnection:
    """A connection for ad-hoc SQL that cannot change the warehouse or touch other files."""
    if not Path(db).exists():
        raise FileNotFoundError(f"no warehouse at {db}; run `newsfacts run` first")
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(
                str(db),
                read_only=True,
                config={"enable_external_access": False, "lock_configuration": True},
            )
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise WarehouseBusy(f"{db} is being written by another run; try again when it finishes") from None
            time.sleep(0.2)
