"""Data quality: the Great Expectations suites in ``expectations/`` run over warehouse views.

GX's SQL data source does not work on DuckDB files, so each suite names a relation (a table or
a view of ``sql/``) that is read into a DataFrame and validated there. The semantic checks are
views too: implied prices against the BTC-USD reference close (``dq_implied_prices``), events
dated after their article (``dq_temporal``), holdings that disagree across sources
(``dq_conflicts``). Results go to ``dq_runs`` and ``dq_failures``; Data Docs and a summary page
go to the report folder.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from newsfacts.outputs import mark_output

REPO_ROOT = Path(__file__).resolve().parent.parent
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
# The checks' DuckDB connection: one thread builds one frame at a time with less memory
# (measured on the corpus: peak 857 -> 802 MB, same 7 s).
CHECK_CONNECTION = {"threads": 1}


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """``expectations/checks.json``: bands and which suites block a run."""

    implied_price_band: float = 0.2  # implied price within ±20% of the reference close
    conflict_share: float = 0.02  # quantities of the same holding may differ by 2%
    conflict_days: int = 7  # ...between articles published this many days apart
    blocking_suites: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path) -> CheckConfig:
        """Read the configuration; an unknown key is an error, never ignored."""
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ValueError(f"{path}: unknown settings {unknown}; known: {sorted(known)}")
        if "blocking_suites" in raw:
            raw["blocking_suites"] = tuple(raw["blocking_suites"])
        config = cls(**raw)
        if not 0 < config.implied_price_band < 1 or config.conflict_share < 0 or config.conflict_days < 0:
            raise ValueError(f"{path}: implied_price_band must be in (0, 1); the others not negative")
        return config

    def parameters(self) -> dict[str, float]:
        return {
            "min_price_ratio": 1 - self.implied_price_band,
            "max_price_ratio": 1 + self.implied_price_band,
            "conflict_share": self.conflict_share,
        }


@dataclass(frozen=True, slots=True)
class Suite:
    name: str
    relation: str
    key: str
    filter: str | None
    definition: dict[str, Any]

    @classmethod
    def load(cls, path: Path) -> Suite:
        definition = json.loads(path.read_text(encoding="utf-8"))
        meta = definition.get("meta", {})
        if not {"relation", "key"} <= set(meta):
            raise ValueError(f"{path}: a suite's meta names its relation and key")
        return cls(definition["name"], meta["relation"], meta["key"], meta.get("filter"), definition)

    def columns(self) -> set[str]:
        """Every column the suite's expectations name."""
        found: set[str] = set()
        for expectation in self.definition["expectations"]:
            kwargs = expectation.get("kwargs", {})
            found |= {kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs}
            found |= set(kwargs.get("column_list", []))
        return found


@dataclass(slots=True)
class Outcome:
    suite: str
    expectation: str
    blocking: bool
    success: bool
    rows_checked: int
    rows_failing: int
    what: str = ""


@dataclass(slots=True)
class QualityReport:
    dq_run_id: str
    outcomes: list[Outcome] = field(default_factory=list)
    skipped_prices: int = 0

    @property
    def blocking_failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.blocking and not o.success]

    def counts(self) -> dict[str, int]:
        """Failing rows by suite (what the run summary prints)."""
        out: dict[str, int] = {}
        for o in self.outcomes:
            out[o.suite] = out.get(o.suite, 0) + o.rows_failing
        return out


def load_suites(directory: Path = EXPECTATIONS_DIR) -> list[Suite]:
    return [Suite.load(p) for p in sorted(directory.glob("*.json")) if p.name != "checks.json"]


_DETAILED = frozenset({"implied_prices", "temporal", "conflicts"})  # _detail words their failures from every column


def partitions(con: duckdb.DuckDBPyConnection, suite: Suite) -> list[tuple[str, str] | None]:
    """The parts a suite is validated in: one per value of its ``meta.partition_by`` column (so
    only one part's rows are in memory at a time; its expectations must hold row by row), else
    the whole relation at once."""
    column = suite.definition.get("meta", {}).get("partition_by")
    if not column:
        return [None]
    values = con.execute(f"select distinct {column} from {suite.relation} order by 1").fetchall()
    return [(column, v[0]) for v in values] or [None]


def relation_frame(
    con: duckdb.DuckDBPyConnection, suite: Suite, config: CheckConfig, part: tuple[str, str] | None = None
) -> pd.DataFrame:
    """The rows a suite validates, with only the columns its expectations and failures need
    (the key, doc_id, and each expectation's columns), so memory follows what is checked.
    A suite's ``meta.project`` may stand a column in by a cheaper expression with the same nulls."""
    conditions = [suite.filter] if suite.filter else []
    if suite.name == "conflicts":
        conditions = [f"days_apart <= {int(config.conflict_days)}"]
    parameters: list[str] = []
    if part is not None:
        conditions.append(f"{part[0]} = ?")
        parameters.append(part[1])
    where = f" where {' and '.join(conditions)}" if conditions else ""
    columns = "*"
    if suite.name not in _DETAILED:
        present = [r[0] for r in con.execute(f"select * from {suite.relation} limit 0").description]
        wanted = {suite.key, "doc_id"} | suite.columns()
        project = suite.definition.get("meta", {}).get("project", {})  # column -> a cheaper stand-in expression
        columns = ", ".join(f"{project[c]} as {c}" if c in project else c for c in present if c in wanted)
    return con.execute(f"select {columns} from {suite.relation}{where}", parameters).df()


def run_checks(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str | None = None,
    config: CheckConfig | None = None,
    suites: list[Suite] | None = None,
    report_dir: Path | None = None,
) -> QualityReport:
    """Validate every suite against the warehouse, store the results, and write the report."""
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    config = config or CheckConfig.load(EXPECTATIONS_DIR / "checks.json")
    refresh_references(con)
    suites = suites if suites is not None else load_suites()
    if report_dir is not None:
        mark_output(report_dir)
        context = gx.get_context(mode="file", project_root_dir=str(report_dir))
    else:
        context = gx.get_context(mode="ephemeral")
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_or_update_pandas("warehouse")
    report = QualityReport(dq_run_id=str(uuid.uuid4()))
    failures: list[dict[str, Any]] = []
    for suite in suites:
        if suite.name == "implied_prices":
            report.skipped_prices = int(
                con.execute("select count(*) from dq_implied_prices where skipped_because is not null").fetchall()[0][0]
            )
        asset = next((a for a in source.assets if a.name == suite.name), None) or source.add_dataframe_asset(suite.name)
        batch = next(iter(asset.batch_definitions), None) or asset.add_batch_definition_whole_dataframe("all")
        gx_suite = context.suites.add_or_update(
            gx.ExpectationSuite(
                name=suite.name,
                expectations=[_expectation(gx, e) for e in suite.definition["expectations"]],
                meta=suite.definition.get("meta", {}),
            )
        )
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=suite.name, data=batch, suite=gx_suite)
        )
        checkpoint = context.checkpoints.add_or_update(
            gx.Checkpoint(
                name=suite.name,
                validation_definitions=[definition],
                actions=[],
                result_format={"result_format": "COMPLETE"},
            )
        )
        blocking = suite.name in config.blocking_suites
        merged: dict[str, Outcome] = {}
        for part in partitions(con, suite):
            frame = relation_frame(con, suite, config, part)
            result = checkpoint.run(
                batch_parameters={"dataframe": frame},
                expectation_parameters=config.parameters(),
            )
            validation = next(iter(result.run_results.values()))
            for item in validation.results:
                expectation = _describe(item.expectation_config)
                indexes = item.result.get("unexpected_index_list") or []
                failing = int(item.result.get("unexpected_count") or len(indexes) or (0 if item.success else 1))
                outcome = merged.setdefault(
                    expectation,
                    Outcome(
                        suite.name, expectation, blocking, True, 0, 0, (item.expectation_config.meta or {}).get("what", "")
                    ),
                )
                outcome.success = outcome.success and bool(item.success)
                outcome.rows_checked += len(frame)
                outcome.rows_failing += 0 if item.success else failing
                for index in indexes:
                    row = frame.loc[index]
                    failures.append(
                        {
                            "dq_run_id": report.dq_run_id,
                            "suite": suite.name,
                            "expectation": expectation,
                            "relation": suite.relation,
                            "row_id": str(row[suite.key]),
                            "doc_id": str(row["doc_id"]) if "doc_id" in row and pd.notna(row["doc_id"]) else None,
                            "detail": _detail(suite.name, row),
                        }
                    )
            del frame, result, validation
            _release_memory()
        report.outcomes.extend(merged.values())
    _store(con, report, run_id, failures)
    if report_dir is not None:
        prune_validation_history(report_dir / "gx" / "uncommitted")
        context.build_data_docs()  # once, for every suite's stored validation result
        from newsfacts.report import write_summary

        write_summary(con, report, report_dir, context.get_docs_sites_urls())
    return report


KEPT_VALIDATIONS = 5  # per suite, in the Data Docs: older results stay in dq_runs


def prune_validation_history(uncommitted: Path, keep: int = KEPT_VALIDATIONS) -> int:
    """Drop all but the newest ``keep`` stored validation results of each suite, and their
    Data Docs pages (building the docs renders every stored result: without this each run
    would take longer than the last). Returns how many were dropped."""
    import shutil

    dropped = 0
    results, pages = uncommitted / "validations", uncommitted / "data_docs" / "local_site" / "validations"
    for tree in (results, pages):
        if not tree.is_dir():
            continue
        for suite in (p for p in tree.iterdir() if p.is_dir()):
            stored = sorted(suite.glob("*/*"), key=lambda p: p.name, reverse=True)  # <run name>/<UTC time>
            for old in stored[keep:]:
                shutil.rmtree(old, ignore_errors=True)
                if tree == results:
                    dropped += 1
    return dropped


def _release_memory() -> None:
    """Hand the memory of the frame just validated back to the system before the next one
    (glibc keeps freed heap otherwise; elsewhere this only collects)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _expectation(gx: Any, definition: dict[str, Any]) -> Any:
    name = "".join(part.capitalize() for part in definition["type"].split("_"))
    cls = getattr(gx.expectations, name)
    return cls(**definition["kwargs"], meta=definition.get("meta") or None)


def _describe(config: Any) -> str:
    kwargs = config.kwargs
    columns = [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]
    return f"{config.type}({', '.join(columns)})"


def _detail(suite: str, row: pd.Series) -> str:
    if suite == "implied_prices":
        return (
            f"{row['quantity']:,.8g} {row['asset']} for {row['value']:,.0f} {row['currency']} implies"
            f" {row['implied_price']:,.0f} per coin; the reference close on {_day(row['published_day'])} was"
            f" {row['reference_close']:,.0f} (ratio {row['price_ratio']:.2f})"
        )
    if suite == "temporal":
        return (
            f"{row['event_type']} dated {_day(row['date_start'])} in an article of {_day(row['published_day'])},"
            " not worded as looking ahead"
        )
    if suite == "conflicts":
        return (
            f"{row['holder']}: {row['quantity']:,.8g} {row['asset']} ({_day(row['published_day'])}) vs"
            f" {row['other_quantity']:,.8g} in {row['other_url'] or row['other_doc_id']}"
            f" ({_day(row['other_published_day'])})"
        )
    shown = {k: row[k] for k in list(row.index)[:6]}
    return "; ".join(f"{k}={v}" for k, v in shown.items())[:500]


def _day(value: Any) -> str:
    return str(value)[:10]


def _store(con: duckdb.DuckDBPyConnection, report: QualityReport, run_id: str | None, failures: list[dict]) -> None:
    runs = pa.Table.from_pylist(
        [
            {
                "dq_run_id": report.dq_run_id,
                "run_id": run_id,
                "suite": o.suite,
                "expectation": o.expectation,
                "blocking": o.blocking,
                "success": o.success,
                "rows_checked": o.rows_checked,
                "rows_failing": o.rows_failing,
            }
            for o in report.outcomes
        ],
        schema=pa.schema(
            [
                ("dq_run_id", pa.string()),
                ("run_id", pa.string()),
                ("suite", pa.string()),
                ("expectation", pa.string()),
                ("blocking", pa.bool_()),
                ("success", pa.bool_()),
                ("rows_checked", pa.int64()),
                ("rows_failing", pa.int64()),
            ]
        ),
    )
    from newsfacts.warehouse import transaction

    with transaction(con) as relation:
        con.execute(f"insert into dq_runs by name select * from {relation('dq_run_rows', runs)}")
        if failures:
            failing = relation("dq_failure_rows", pa.Table.from_pylist(failures))
            con.execute(f"insert into dq_failures by name select * from {failing}")


def config_fingerprint() -> str:
    """A hash of everything the checks read besides the warehouse: the suites and thresholds in
    ``expectations/`` and the reference data in ``seeds/`` (a change makes the next run check again)."""
    import hashlib

    digest = hashlib.sha256()
    files = sorted(EXPECTATIONS_DIR.glob("*.json")) + [REPO_ROOT / "seeds" / "btc_usd_daily.csv", REPO_ROOT / "seeds" / "entities.csv"]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def refresh_references(con: duckdb.DuckDBPyConnection) -> None:
    """Reload the reference tables the checks read (entities, BTC-USD closes) from seeds/."""
    from newsfacts import warehouse
    from newsfacts.extract.entities import known_entities

    warehouse.refresh_reference(con, "ref_entities", known_entities())
    warehouse.refresh_reference(con, "ref_btc_usd", reference_prices())


def reference_prices(path: Path | None = None) -> list[dict[str, Any]]:
    """The BTC-USD daily closes of ``seeds/btc_usd_daily.csv`` as rows for ``ref_btc_usd``."""
    import csv
    from datetime import date

    path = path or REPO_ROOT / "seeds" / "btc_usd_daily.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [{"day": date.fromisoformat(r["date"]), "close": float(r["close"])} for r in csv.DictReader(handle)]


def check_warehouse(db: str, run_id: str | None, report_dir: str | None) -> dict[str, int]:
    """Open the warehouse at ``db`` for the checks, run them, close it; failing rows by suite."""
    from newsfacts import warehouse

    con = warehouse.connect(db, retries=60, config=CHECK_CONNECTION)
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
