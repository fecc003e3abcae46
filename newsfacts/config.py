"""Every default of a run, stated once. The command line, the flow and the library take their
defaults from here; the quality bands live in ``expectations/checks.json`` (unknown keys there
are an error).

>>> BATCH_SIZE, MAX_BYTES // 1024 // 1024
(1000, 64)
"""

from __future__ import annotations

from typing import Final

# Reading
MAX_CHARS: Final = 1_000_000  # one document's text, at most (longer: a reject)
MAX_BYTES: Final = 64 * 1024 * 1024  # one file, record or download, at most, before it is read whole
FETCH_TIMEOUT: Final = 20.0  # seconds for one URL

# Batches and workers
BATCH_SIZE: Final = 1000  # documents per extract and load task
IN_FLIGHT: Final = 2  # batches extracted ahead of the one loading
POOL_MIN_DOCUMENTS: Final = 200  # fewer new documents than this are extracted in the run's own process

# Waiting
SCHEDULED_WAIT: Final = 600.0  # seconds a scheduled run queues behind another run on the warehouse
WAREHOUSE_WAIT: Final = 60.0  # seconds a task waits for the warehouse file while a reader holds it
PREFECT_STARTUP_SECONDS: Final = 300  # Prefect's temporary API server: 20 s by default is too little on a busy machine

# Output
SQL_ROW_LIMIT: Final = 1000  # rows `newsfacts sql` shows at most in table format
