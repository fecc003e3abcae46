"""The quality summary page a person reads first: what was checked, what failed, and a chart of
implied prices against the reference price. Article text is escaped; nothing is fetched."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from newsfacts.quality.results import QualityReport

WIDTH, HEIGHT, PAD = 900, 320, 50


def write_summary(
    con: duckdb.DuckDBPyConnection, report: QualityReport, report_dir: Path, docs: list[dict[str, Any]]
) -> Path:
    """Write ``report_dir/index.html`` and return its path."""
    sentences = dict(
        con.execute(
            """
            select f.row_id, substring(d.text, x.char_start + 1, x.char_end - x.char_start)
            from dq_failures as f
            join (
                select holding_id as row_id, doc_id, char_start, char_end from holdings
                union all select event_id, doc_id, char_start, char_end from events
            ) as x on x.row_id = f.row_id
            join documents as d on d.doc_id = x.doc_id
            where f.dq_run_id = ?
            """,
            [report.dq_run_id],
        ).fetchall()
    )
    rows = con.execute(
        "select suite, row_id, detail, url from ("
        " select f.suite, f.row_id, f.detail, d.url,"
        "  row_number() over (partition by f.suite order by d.published_at desc, f.row_id) as n"
        " from dq_failures as f left join documents as d using (doc_id)"
        " where f.dq_run_id = ? and f.suite in ('implied_prices', 'temporal', 'conflicts'))"
        " where n <= 200"
        " order by case suite when 'implied_prices' then 0 when 'conflicts' then 1 else 2 end, n",
        [report.dq_run_id],
    ).fetchall()
    points = con.execute(
        "select priced_to, implied_price_usd, holding_id from dq_implied_prices"
        " where skipped_because is null and asset = 'BTC' and priced_from = priced_to order by priced_to"
    ).fetchall()
    failing_prices = {
        r[0]
        for r in con.execute(
            "select row_id from dq_failures where dq_run_id = ? and suite = 'implied_prices'", [report.dq_run_id]
        ).fetchall()
    }
    prices: list[tuple[date, float]] = []
    if points:
        prices = con.execute(
            "select day, close from ref_btc_usd where day between ? and ? order by day",
            [points[0][0], points[-1][0]],
        ).fetchall()
    page = _page(report, rows, sentences, points, failing_prices, prices, docs, report_dir)
    path = report_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _page(
    report: QualityReport,
    rows: list[tuple[Any, ...]],
    sentences: dict[str, str],
    points: list[tuple[Any, ...]],
    failing_prices: set[str],
    prices: list[tuple[date, float]],
    docs: list[dict[str, Any]],
    report_dir: Path,
) -> str:
    e = html.escape
    checks = "\n".join(
        f"<tr class='{'fail' if not o.success else 'pass'}'><td>{e(o.suite)}</td><td>{e(o.expectation)}</td>"
        f"<td>{e(o.what)}</td><td>{'blocking' if o.blocking else 'flag'}</td>"
        f"<td>{'passed' if o.success else 'FAILED'}</td><td>{o.rows_checked:,}</td><td>{o.rows_failing:,}</td></tr>"
        for o in sorted(report.outcomes, key=lambda o: (o.success, o.suite))
    )
    failures = "\n".join(
        f"<tr><td>{e(suite)}</td><td>{e(detail)}</td><td class='sentence'>{e(sentences.get(row_id, ''))}</td>"
        f"<td>{_link(url)}</td></tr>"
        for suite, row_id, detail, url in rows
    )
    doc_links = " ".join(
        f"<a href='{e(_relative(d['site_url'], report_dir))}'>Great Expectations Data Docs</a>" for d in docs
    )
    flagged_count = len(failing_prices)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsfacts data quality</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 14px; }}
td, th {{ border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; }}
tr.fail td {{ background: #fde8e8; }} tr.pass td {{ background: #eef8ee; }}
td.sentence {{ max-width: 40em; }} td:nth-child(3) {{ min-width: 16em; }}
</style></head><body>
<h1>newsfacts data quality</h1>
<p>Quality run <code>{e(report.dq_run_id)}</code>: {len(report.outcomes)} expectations,
{sum(not o.success for o in report.outcomes)} failing, {len(report.blocking_failures)} of them blocking.
{report.skipped_prices:,} holdings not priced (not BTC, not USD, or no reference price) were skipped. {doc_links}</p>
<h2>Implied prices against the BTC-USD close</h2>
<p>{len(points):,} holdings priced; {flagged_count:,} outside the band, marked in red.</p>
{_chart(points, failing_prices, prices)}
<h2>Flagged facts</h2>
<table id="failures"><tr><th>check</th><th>what is wrong</th><th>the article says</th><th>article</th></tr>
{failures}
</table>
<h2>What was checked</h2>
<table id="checks"><tr><th>suite</th><th>expectation</th><th>what it means</th><th>kind</th><th>result</th>
<th>rows checked</th><th>rows failing</th></tr>
{checks}
</table>
</body></html>
"""


def _link(url: str | None) -> str:
    if not url:
        return ""
    safe = html.escape(url, quote=True)
    if not safe.lower().startswith(("http://", "https://")):
        return safe
    return f"<a href='{safe}' rel='noopener noreferrer'>{safe}</a>"


def _relative(url: str, report_dir: Path) -> str:
    prefix = "file://" + str(report_dir.resolve()) + "/"
    return url[len(prefix) :] if url.startswith(prefix) else url


def _chart(points: list[tuple[Any, ...]], failing: set[str], prices: list[tuple[date, float]]) -> str:
    """An inline SVG: the reference close as a line, implied prices as dots (flagged in red)."""
    if not points or not prices:
        return "<p>No priced holdings.</p>"
    days = [p[0] for p in points] + [d for d, _ in prices]
    first, last = min(days), max(days)
    values = sorted([p[1] for p in points] + [c for _, c in prices])
    low, high = 0.0, values[int(0.98 * (len(values) - 1))] * 1.2  # outliers past the 98th percentile sit on top
    span_days = max((last - first).days, 1)

    def x(day: date) -> float:
        return PAD + (WIDTH - 2 * PAD) * (day - first).days / span_days

    def y(value: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (min(value, high) - low) / (high - low)

    line = " ".join(f"{x(d):.1f},{y(c):.1f}" for d, c in prices)
    dots = "\n".join(
        f"<circle class='{'flagged' if hid in failing else 'ok'}' cx='{x(day):.1f}' cy='{y(price):.1f}' r='3'"
        f" fill='{'#d62728' if hid in failing else '#2ca02c'}'><title>{html.escape(str(hid))}: {price:,.0f}"
        f" on {day}</title></circle>"
        for day, price, hid in points
    )
    ticks = "\n".join(
        f"<text x='{PAD - 6}' y='{y(v):.1f}' text-anchor='end' font-size='11'>{v:,.0f}</text>"
        for v in (low, (low + high) / 2, high)
    )
    return f"""<svg id="price-chart" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"
 role="img" aria-label="implied prices against the BTC-USD reference close">
<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="white"/>
<polyline points="{line}" fill="none" stroke="#1f77b4" stroke-width="2"/>
{dots}
{ticks}
<text x="{PAD}" y="{HEIGHT - 15}" font-size="11">{first}</text>
<text x="{WIDTH - PAD}" y="{HEIGHT - 15}" font-size="11" text-anchor="end">{last}</text>
</svg>"""
