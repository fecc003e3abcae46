"""The checks of one warehouse, in this process or in a worker process that imports Great
Expectations ahead of time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsfacts.config import WAREHOUSE_WAIT
from newsfacts.quality.validate import CHECK_CONNECTION, run_checks


def check_warehouse(db: str, run_id: str | None, report_dir: str | None) -> dict[str, int]:
    """Open the warehouse at ``db`` for the checks, run them, close it; failing rows by suite."""
    from newsfacts import warehouse

    con = warehouse.connect(db, retries=WAREHOUSE_WAIT, config=CHECK_CONNECTION)
    try:
        return run_checks(con, run_id=run_id, report_dir=Path(report_dir) if report_dir else None).counts()
    finally:
        con.close()


class CheckWorker:
    """A separate process that imports Great Expectations ahead of time (~5-7 s) and runs the
    checks when asked, so the import overlaps the rest of a run on another core.

    >>> worker = CheckWorker()
    >>> worker.close()
    """

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True, name="newsfacts-checks")
        self._process.start()

    def run(self, db: str, run_id: str | None, report_dir: str | None) -> dict[str, int]:
        """Run the checks on ``db`` in the worker; failing rows by suite."""
        self._conn.send((db, run_id, report_dir))
        ok, payload = self._conn.recv()
        if not ok:
            raise RuntimeError(f"the quality checks failed: {payload}")
        return payload

    def close(self) -> None:
        if self._process.is_alive():
            try:
                self._conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.terminate()


def _serve(conn: Any) -> None:
    import great_expectations  # noqa: F401 - the point of the worker: import it before it is needed

    request = conn.recv()
    if request is None:
        return
    db, run_id, report_dir = request
    try:
        conn.send((True, check_warehouse(db, run_id, report_dir)))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send((False, f"{type(exc).__name__}: {exc}"))
