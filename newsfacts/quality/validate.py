"""Great Expectations over the warehouse: each suite's relation read into DataFrames (one
partition at a time, only the columns it checks) and validated; results stored, Data Docs and
the summary page written."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from newsfacts import reference
from newsfacts.outputs import mark_output
from newsfacts.quality.report import write_summary
from newsfacts.quality.results import Outcome, QualityReport, _detail, _store
from newsfacts.quality.suites import EXPECTATIONS_DIR, SEEDS_DIR, CheckConfig, Suite, load_suites

_DETAILED = frozenset({"implied_prices", "temporal", "conflicts"})  # _detail words their failures from every column


# The checks' DuckDB connection: one thread builds one frame at a time with less memory
# (measured on the corpus: peak 857 -> 802 MB, same 7 s).
CHECK_CONNECTION = {"threads": 1}


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
    refresh_references(con, config)
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


def refresh_references(con: duckdb.DuckDBPyConnection, config: CheckConfig | None = None) -> None:
    """Reload the reference tables the checks read (entities, coin closes, exchange rates, the
    look-ahead words) from seeds/, and the thresholds of ``config`` (``expectations/checks.json`` by default) that views read."""
    from newsfacts import warehouse
    from newsfacts.extract.entities import known_entities

    config = config or CheckConfig.load(EXPECTATIONS_DIR / "checks.json")
    warehouse.refresh_reference(con, "ref_check_settings", config.settings())

    warehouse.refresh_reference(con, "ref_look_ahead", [{"phrase": w} for w in sorted(look_ahead_phrases())])
    warehouse.refresh_reference(con, "ref_entities", known_entities())
    btc = reference_prices()
    warehouse.refresh_reference(con, "ref_btc_usd", btc)
    warehouse.refresh_reference(con, "ref_crypto_usd", [{**r, "asset": "BTC"} for r in btc] + coin_prices())
    warehouse.refresh_reference(con, "ref_fx_usd", exchange_rates())


def look_ahead_phrases() -> frozenset[str]:
    """The words and phrases that say an event lies ahead (``seeds/date_words.csv``, set event_ahead)."""
    return reference.word_set("date_words", "event_ahead")


def reference_prices(path: Path | None = None) -> list[dict[str, Any]]:
    """The BTC-USD daily closes of ``seeds/btc_usd_daily.csv`` as rows for ``ref_btc_usd``."""
    import csv
    from datetime import date

    path = path or SEEDS_DIR / "btc_usd_daily.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [{"day": date.fromisoformat(r["date"]), "close": float(r["close"])} for r in csv.DictReader(handle)]


def coin_prices() -> list[dict[str, Any]]:
    """The USD closes of the other coins (``seeds/crypto_usd_daily.csv``) as rows for ``ref_crypto_usd``."""
    from datetime import date

    return [{"day": date.fromisoformat(r["date"]), "asset": r["asset"], "close": float(r["close_usd"])}
            for r in reference.table("crypto_usd_daily")]


def exchange_rates() -> list[dict[str, Any]]:
    """The ECB rates in US dollars per unit (``seeds/fx_usd_daily.csv``) as rows for ``ref_fx_usd``."""
    from datetime import date

    return [{"day": date.fromisoformat(r["date"]), "currency": r["currency"], "usd_per_unit": float(r["usd_per_unit"])}
            for r in reference.table("fx_usd_daily")]
