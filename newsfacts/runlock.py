"""One run at a time per warehouse: an advisory lock held for the whole run.

The lock is a ``flock`` on ``<warehouse>.lock``: the kernel releases it when the holding
process ends, however it ends (even SIGKILL), so a crashed run never blocks the next one.
The file holds who took it, so a run that finds it taken can say which run holds it.
Readers (``newsfacts sql``) do not take it.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


class WarehouseLocked(RuntimeError):
    """Another run is writing the warehouse."""


def lock_path(db: Path | str) -> Path:
    """The lock file beside the warehouse.

    >>> lock_path("data/warehouse.duckdb").name
    'warehouse.duckdb.lock'
    """
    return Path(f"{db}.lock")


def holder(db: Path | str) -> dict[str, object] | None:
    """Who holds (or last held) the lock: run_id, pid, host, started_at; None if never taken."""
    try:
        text = lock_path(db).read_text(encoding="utf-8")
    except OSError:
        return None
    try:
        found = json.loads(text)
    except json.JSONDecodeError:
        return None
    return found if isinstance(found, dict) else None


@contextmanager
def hold(db: Path | str, run_id: str, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's run lock for the ``with`` block; wait up to ``wait`` seconds for it.

    Raises :class:`WarehouseLocked` naming the run that holds it when it does not come free.
    """
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(wait, 1.0)  # a second's grace: another process may be peeking (busy())
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseLocked(_busy_message(db, wait)) from None
                time.sleep(0.25)
        me = {
            "run_id": run_id,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode(), 0)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def busy(db: Path | str) -> str | None:
    """Why a run could not start on ``db`` right now (another run holds it), or None.

    A quick look before paying for a run's start-up; :func:`hold` is what guarantees it.
    """
    path = lock_path(db)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _busy_message(db, 0)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _busy_message(db: Path | str, wait: float) -> str:
    other = holder(db) or {}
    who = f"run {other.get('run_id', '?')} (pid {other.get('pid', '?')} on {other.get('host', '?')}, started {other.get('started_at', '?')})"
    waited = f" after waiting {wait:g} s" if wait else ""
    return (
        f"{db} is being written by {who}{waited}; only one run writes a warehouse at a time."
        " Wait for it to finish, or pass --wait SECONDS to queue behind it."
    )
