"""The DuckDB warehouse.

One writer at a time: a load opens the file, writes one batch in one transaction and closes
it, so readers can open the warehouse between batches.

- :mod:`~newsfacts.warehouse.connection`: opening it, read-only or not, with its waiting
- :mod:`~newsfacts.warehouse.schema`: migrations (tables) and view files
- :mod:`~newsfacts.warehouse.load`: batch loads and replaced tables
- :mod:`~newsfacts.warehouse.ledger`: ``runs`` and ``input_cursors``
"""

from newsfacts.warehouse.connection import WarehouseBusy, connect, open_read_only, transaction
from newsfacts.warehouse.ledger import (
    RunRecord,
    data_state,
    finish_run,
    last_checked_state,
    read_cursors,
    record_failed_start,
    run_fact_counts,
    start_run,
)
from newsfacts.warehouse.load import LoadCounts, load_batch, rebuild_event_clusters, refresh_reference, stored_hashes
from newsfacts.warehouse.schema import SQL_DIR, MigrationError, migrate, migrations, open_warehouse, views

__all__ = [
    "SQL_DIR",
    "LoadCounts",
    "MigrationError",
    "RunRecord",
    "WarehouseBusy",
    "connect",
    "data_state",
    "finish_run",
    "last_checked_state",
    "load_batch",
    "migrate",
    "migrations",
    "open_read_only",
    "open_warehouse",
    "read_cursors",
    "rebuild_event_clusters",
    "record_failed_start",
    "refresh_reference",
    "run_fact_counts",
    "start_run",
    "stored_hashes",
    "transaction",
    "views",
]
