"""What the process running a flow lends it: hooks that cannot travel to other machines.

Kept in their own module and read as ``context.NAME`` so that tasks shipped to a Dask cluster
pickle a reference to this module, never the context variables themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from newsfacts import quality
from newsfacts.run import RunSummary

# Called after each batch with the summary so far (the CLI draws its progress bar with it).
ON_BATCH: ContextVar[Callable[[RunSummary], None] | None] = ContextVar("newsfacts_on_batch", default=None)
# A process that has Great Expectations imported already (the CLI starts one before the flow).
CHECK_WORKER: ContextVar[quality.CheckWorker | None] = ContextVar("newsfacts_check_worker", default=None)
