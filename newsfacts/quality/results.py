"""What a check found: an outcome per expectation, the report of a check run, and how results and
failing rows are stored in ``dq_runs`` and ``dq_failures``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from newsfacts.warehouse import transaction


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

    @property
    def blocking_failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.blocking and not o.success]

    def counts(self) -> dict[str, int]:
        """Failing rows by suite (what the run summary prints)."""
        out: dict[str, int] = {}
        for o in self.outcomes:
            out[o.suite] = out.get(o.suite, 0) + o.rows_failing
        return out


def _detail(suite: str, row: pd.Series) -> str:
    if suite == "implied_prices":
        days = _day(row["priced_from"]) if _day(row["priced_from"]) == _day(row["priced_to"]) else (
            f"{_day(row['priced_from'])}..{_day(row['priced_to'])}")
        closes = (_price(row["reference_close"]) if row["reference_low"] == row["reference_high"]
                  else f"{_price(row['reference_low'])}–{_price(row['reference_high'])}")
        note = f"; {row['currency_note']}" if isinstance(row.get("currency_note"), str) else ""
        return (
            f"{_quantity(row['quantity'])} {row['asset']} for {row['value']:,.0f} {row['currency']} implies"
            f" {_price(row['implied_price_usd'])} USD per coin; the {row['asset']}-USD close on {days}"
            f" ({row['priced_by']}) was {closes} (ratio {row['price_ratio']:.2f}){note}"
        )
    if suite == "temporal":
        return (
            f"{row['event_type']} dated {_day(row['date_start'])} in an article of {_day(row['published_day'])},"
            " not worded as looking ahead"
        )
    if suite == "conflicts":
        return _conflict(row)
    shown = {k: row[k] for k in list(row.index)[:6]}
    return "; ".join(f"{k}={v}" for k, v in shown.items())[:500]


def _conflict(row: Any, brief: bool = False) -> str:
    """A conflict as a reader would say it, both statements dated and the newer one named
    (``brief``: the figures only, for a page that shows each statement beside it)."""
    def side(prefix: str) -> str:
        if brief:
            return f"{_quantity(row[f'{prefix}quantity'])} {row['asset']}"
        as_of = _day(row[f"{prefix}as_of_day"])
        how = "stated as current" if row[f"{prefix}as_of_source"] == "published" else f"as of {as_of}"
        where = row[f"{prefix}url"] if isinstance(row.get(f"{prefix}url"), str) else row[f"{prefix}doc_id"]
        support = int(row[f"{prefix}supported_by"])
        backed = f", {support} other source{'s' if support != 1 else ''} agree{'s' if support == 1 else ''}" if support else ""
        return f"{_quantity(row[f'{prefix}quantity'])} {row['asset']} ({how}, published {_day(row[f'{prefix}published_day'])}{backed}) in {where}"

    this, other = side(""), side("other_")
    if row["conflict"] == "stale":
        return f"{row['holder']}: {this} repeats an older figure after the newer disclosure of {other}: a stale figure"
    if row["conflict"] == "decrease":
        return f"{row['holder']}: {this} is smaller than the earlier {other}, and no article stated it before: a sale, or an error"
    if row["conflict"] == "rival":
        return (f"{row['holder']}: {this} is smaller than {other}, a figure stated before it and still after:"
                " one of them is stale, or the sources disagree")
    if row["conflict"] == "unsupported":
        return f"{row['holder']}: no later source repeats or exceeds {this}; the later {other} disagrees"
    return f"{row['holder']}: {this} disagrees with {other} about the same time"


def _quantity(value: float) -> str:
    """A number of coins as a reader writes it: thousands separated, never in exponent form.

    >>> _quantity(270_000_000.0), _quantity(6089.0), _quantity(417.6), _quantity(0.00012)
    ('270,000,000', '6,089', '417.6', '0.00012')
    """
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.8g}"


def _price(value: float) -> str:
    """A price as a reader writes it: whole dollars from 100 up, four digits below ("0.2183").

    >>> _price(64102.56), _price(0.218263)
    ('64,103', '0.2183')
    """
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.4g}"


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

    with transaction(con) as relation:
        con.execute(f"insert into dq_runs by name select * from {relation('dq_run_rows', runs)}")
        if failures:
            failing = relation("dq_failure_rows", pa.Table.from_pylist(failures))
            con.execute(f"insert into dq_failures by name select * from {failing}")
