"""The quality page a person reads first (``index.html`` in the report folder): each rule with its
numbers, every flag of this quality run in one filterable, paged table (a conflict with both of
its statements, their sentences and links, and which is newer), a chart of implied prices
against each coin's close, and every expectation's result. Article text is escaped; nothing is
fetched: the chart's script is copied from the installed Bokeh beside the page."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from newsfacts.quality.chart import PricePoint, price_chart, site, write_bokeh_js
from newsfacts.quality.results import QualityReport, _conflict, _day, _price, _quantity

PAGE_SIZE = 50  # flags per page of the table
CHART_MARGIN = timedelta(days=7)  # the reference close drawn this far before the first and after the last holding
SUITE_ORDER = ("conflicts", "implied_prices", "temporal")  # the flag suites, in the page's order; blocking ones after


@dataclass(frozen=True, slots=True)
class Flag:
    """One failing row as the page shows it."""

    suite: str
    row_id: str
    detail: str
    url: str | None
    published: str
    sentence: str
    kind: str = ""  # a conflict's kind (stale, rival, ...)
    other: dict[str, Any] | None = None  # a conflict's other statement


def write_summary(
    con: duckdb.DuckDBPyConnection, report: QualityReport, report_dir: Path, docs: list[dict[str, Any]]
) -> Path:
    """Write ``report_dir/index.html`` (and BokehJS beside it) and return the page's path."""
    settings = dict(con.execute("select name, value from ref_check_settings").fetchall())
    flags = _flags(con, report.dq_run_id)
    points, closes, looked_at = _prices(con, report.dq_run_id)
    chart = price_chart(points, closes, settings.get("implied_price_band", 0.0)) if points else None
    script = write_bokeh_js(report_dir) if chart else None
    page = _page(report, settings, flags, looked_at, chart, script, docs, report_dir)
    path = report_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _flags(con: duckdb.DuckDBPyConnection, dq_run_id: str) -> list[Flag]:
    """Every failing row of the quality run, with the sentence of its fact; conflicts with both sides."""
    rows = con.execute(
        """
        with spans as (
            select holding_id as row_id, doc_id, char_start, char_end from holdings
            union all select event_id, doc_id, char_start, char_end from events
        )
        select f.suite, f.row_id, f.detail, d.url, cast(d.published_at as date),
               substring(d.text, s.char_start + 1, s.char_end - s.char_start)
        from dq_failures as f
        left join documents as d using (doc_id)
        left join spans as s on s.row_id = f.row_id and s.doc_id = f.doc_id
        where f.dq_run_id = ?
        order by f.suite, d.published_at desc nulls last, f.row_id
        """,
        [dq_run_id],
    ).fetchall()
    conflicts: dict[str, dict[str, Any]] = {}
    if any(r[0] == "conflicts" for r in rows):
        frame = con.execute("select * from dq_conflicts where conflict is not null").df()
        conflicts = {str(r["holding_id"]): r for r in frame.to_dict("records")}
    flags = []
    for suite, row_id, detail, url, published, sentence in rows:
        conflict = conflicts.get(row_id) if suite == "conflicts" else None
        if conflict:
            detail = _conflict(conflict, brief=True)
        flags.append(Flag(suite, row_id, detail, url, _day(published) if published else "", sentence or "",
                          kind=str(conflict["conflict"]) if conflict else "", other=conflict))
    order = {s: i for i, s in enumerate(SUITE_ORDER)}
    return sorted(flags, key=lambda f: order.get(f.suite, len(order)))


def _prices(
    con: duckdb.DuckDBPyConnection, dq_run_id: str
) -> tuple[list[PricePoint], dict[str, list[tuple[date, float]]], dict[str, Any]]:
    """One read of ``dq_implied_prices``: every checked holding as a point, the closes of its coin
    around them, and what the rule looked at (why holdings were not priced, flags that a bare $
    of another dollar would pass)."""
    rows = con.execute(
        """
        select p.asset, p.priced_from, p.priced_to, p.implied_price_usd, p.reference_low, p.reference_high,
               p.quantity, p.value, p.currency, p.holder, p.url, f.row_id is not null, p.skipped_because,
               p.currency_note
        from dq_implied_prices as p
        left join (select distinct row_id from dq_failures where dq_run_id = ? and suite = 'implied_prices') as f
            on f.row_id = p.holding_id
        order by p.asset, p.priced_to
        """,
        [dq_run_id],
    ).fetchall()
    skipped: dict[str, int] = {}
    for row in rows:
        if row[12] is not None:
            skipped[row[12]] = skipped.get(row[12], 0) + 1
    points = [
        PricePoint(
            asset=asset, day=to, days=_day(start) if start == to else f"{_day(start)}..{_day(to)}",
            implied_usd=implied,
            closes=_price(low) if low == high else f"{_price(low)}–{_price(high)}",
            figure=f"{_quantity(quantity)} {asset} for {value:,.0f} {currency}",
            holder=holder or "", source=site(url), flagged=bool(flagged),
        )
        for asset, start, to, implied, low, high, quantity, value, currency, holder, url, flagged, why, _ in rows
        if why is None and implied and implied > 0
    ]
    closes: dict[str, list[tuple[date, float]]] = {}
    for asset in {p.asset for p in points}:
        days = [p.day for p in points if p.asset == asset]
        closes[asset] = con.execute(
            "select day, close from ref_crypto_usd where asset = ? and day between ? and ? order by day",
            [asset, min(days) - CHART_MARGIN, max(days) + CHART_MARGIN],
        ).fetchall()
    looked_at = {
        "assets": [r[0] for r in con.execute("select distinct asset from ref_crypto_usd order by 1").fetchall()],
        "currencies": [r[0] for r in con.execute("select distinct currency from ref_fx_usd order by 1").fetchall()],
        "skipped": sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])),
        "currency_notes": sum(1 for row in rows if row[11] and row[13] is not None),
    }
    return points, closes, looked_at


def _page(
    report: QualityReport,
    settings: dict[str, float],
    flags: list[Flag],
    counts: dict[str, Any],
    chart: tuple[str, str] | None,
    script: str | None,
    docs: list[dict[str, Any]],
    report_dir: Path,
) -> str:
    e = html.escape
    checks = "\n".join(
        f"<tr class='{'fail' if not o.success else 'pass'}'><td>{e(o.suite)}</td><td>{e(o.expectation)}</td>"
        f"<td>{e(_with_numbers(o.what, settings))}</td><td>{'blocking' if o.blocking else 'flag'}</td>"
        f"<td>{'passed' if o.success else 'FAILED'}</td><td>{o.rows_checked:,}</td><td>{o.rows_failing:,}</td></tr>"
        for o in sorted(report.outcomes, key=lambda o: (o.success, o.suite))
    )
    by_suite: dict[str, int] = {}
    for flag in flags:
        by_suite[flag.suite] = by_suite.get(flag.suite, 0) + 1
    options = "".join(f"<option value='{e(s)}'>{e(s)} ({n:,})</option>" for s, n in by_suite.items())
    table = "\n".join(_flag_row(f) for f in flags)
    doc_links = " ".join(
        f"<a href='{e(_relative(d['site_url'], report_dir))}'>Great Expectations Data Docs</a>" for d in docs
    )
    checked = {o.suite: o.rows_checked for o in report.outcomes}
    summary = ", ".join(f"{s} {n:,}" for s, n in by_suite.items()) or "none"
    chart_html = (
        f"<script src='{e(script)}'></script>\n{chart[1]}\n{chart[0]}" if chart and script
        else "<p>No priced holdings.</p>"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsfacts data quality</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 1400px; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 14px; }} #flags {{ width: 100%; }}
td, th {{ border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; text-align: left; }}
tr.fail td {{ background: #fde8e8; }} tr.pass td {{ background: #eef8ee; }}
td.sentence {{ width: 45%; }} td.detail {{ width: 30%; }}
.side {{ margin: 0 0 .6em 0; }} .newer {{ background: #fff3bf; padding: 0 4px; border-radius: 3px; }}
.muted {{ color: #666; }} #pager button {{ margin: 0 4px; }} dt {{ font-weight: 600; margin-top: .6em; }}
</style></head><body>
<h1>newsfacts data quality</h1>
<p>Quality run <code>{e(report.dq_run_id)}</code>: {len(report.outcomes)} expectations,
{sum(not o.success for o in report.outcomes)} failing, {len(report.blocking_failures)} of them blocking.
{f"Flags of this run: {e(summary)}, all of them in the table below" if flags else "No flags in this run"}
(older runs' stay in <code>dq_failures</code>; this run's are in the view <code>dq_latest_failures</code>). {doc_links}</p>
<h2>The rules and their numbers</h2>
{_rules(settings, counts, checked, by_suite, flags)}
<h2>Implied prices against each coin's close</h2>
<p>Every holding whose implied price was checked, at the last day its value refers to; red ones
are flagged. Hover a dot for its holder, figure, closes and source; click a legend entry to hide it.</p>
{chart_html}
<h2>Flagged facts</h2>
<p><label>Check <select id="suite"><option value="">all ({len(flags):,})</option>{options}</select></label>
<label>Text <input id="filter" type="search" placeholder="holder, coin, site, words of the sentence"></label>
<span id="pager"></span></p>
<table id="flags"><thead><tr><th>check</th><th>what is wrong</th><th>the article says</th><th>published</th>
<th>article</th></tr></thead>
<tbody>
{table}
</tbody></table>
<h2>What was checked</h2>
<table id="checks"><tr><th>suite</th><th>expectation</th><th>what it means</th><th>kind</th><th>result</th>
<th>rows checked</th><th>rows failing</th></tr>
{checks}
</table>
<script>{_PAGER % PAGE_SIZE}</script>
</body></html>
"""


def _flag_row(flag: Flag) -> str:
    e = html.escape
    if flag.other is not None:
        said = _side(flag.other, "") + _side(flag.other, "other_")
        links = "<br>".join(_link(flag.other.get(p + "url")) for p in ("", "other_"))
        check = f"{e(flag.suite)}<br><span class='muted'>{e(flag.kind)}</span>"
    else:
        said, links, check = e(flag.sentence), _link(flag.url), e(flag.suite)
    return (f"<tr data-suite='{e(flag.suite)}'><td>{check}</td><td class='detail'>{e(flag.detail)}</td>"
            f"<td class='sentence'>{said}</td><td>{e(flag.published)}</td><td>{links}</td></tr>")


def _side(conflict: dict[str, Any], prefix: str) -> str:
    """One statement of a conflict: its figure, dates, support and sentence; the newer one marked."""
    e = html.escape
    this = conflict[f"{prefix}holding_id"]
    newer = conflict.get("newer_holding_id")
    mark = " <span class='newer'>newer</span>" if isinstance(newer, str) and newer == this else ""
    source = conflict[f"{prefix}as_of_source"]
    when = "stated as current" if source == "published" else f"as of {_day(conflict[f'{prefix}as_of_day'])}"
    support = int(conflict[f"{prefix}supported_by"])
    return (
        f"<p class='side'><b>{e(_quantity(conflict[f'{prefix}quantity']))} {e(str(conflict['asset']))}</b>"
        f"{mark} <span class='muted'>({e(when)}, published {e(_day(conflict[f'{prefix}published_day']))},"
        f" {support} other source{'s' if support != 1 else ''} agree{'s' if support == 1 else ''})</span><br>"
        f"{e(str(conflict[f'{prefix}sentence'] or ''))}</p>"
    )


def _rules(
    settings: dict[str, float], counts: dict[str, Any], checked: dict[str, int], flagged: dict[str, int], flags: list[Flag]
) -> str:
    e = html.escape
    band = settings.get("implied_price_band", 0.0)
    share = settings.get("conflict_share", 0.0)
    days = int(settings.get("conflict_days", 0))
    skipped = "; ".join(f"{reason} ({n:,})" for reason, n in counts["skipped"]) or "none"
    by_kind: dict[str, int] = {}
    for flag in flags:
        if flag.kind:
            by_kind[flag.kind] = by_kind.get(flag.kind, 0) + 1
    kinds = ", ".join(f"{k} {n:,}" for k, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"
    return f"""<dl>
<dt>implied_prices: {checked.get('implied_prices', 0):,} holdings priced, {flagged.get('implied_prices', 0):,} flagged</dt>
<dd>A holding's value divided by its quantity, converted to USD at the ECB rate of its day, must lie within
±{band:.0%} of the coin's lowest and highest close over the days the value refers to (its sentence's date,
the publication day for a current holding, the 30 days before it for an undated trade). Coins with closes:
{e(', '.join(counts['assets']))}; currencies with rates: USD, {e(', '.join(counts['currencies']))}.
Not priced: {e(skipped)}. {counts['currency_notes']:,} flags say a bare $ would pass as another dollar.</dd>
<dt>conflicts: {checked.get('conflicts', 0):,} statements compared, {flagged.get('conflicts', 0):,} flagged</dt>
<dd>Two articles' figures for one holder and coin, dated within {days} days of each other, agree when they differ
by at most {share:.0%} (or what "over", "about", "nearly" allow). A later, larger figure is growth and a smaller one
its sentence explains ("still holds", "sold") a sale: neither is flagged. Estimates and reports ("reportedly") are
not compared. Kinds flagged: {e(kinds)}. <i>stale</i>: an older figure repeated after a newer disclosure;
<i>rival</i>: each figure stated both before and after the other; <i>decrease</i>: a new, smaller figure;
<i>same_time</i>: two figures for one dated day; <i>unsupported</i>: a figure no other article backs, against a
backed one. The newer statement is marked.</dd>
<dt>temporal: {checked.get('temporal', 0):,} events dated after their article, {flagged.get('temporal', 0):,} flagged</dt>
<dd>An event dated after its article's publication day must be worded as looking ahead ("will", "plans",
"scheduled", "set for", "effective", ...) or be planned; otherwise its date is likely resolved into the wrong
year or the event is misread.</dd>
</dl>"""


def _with_numbers(what: str, settings: dict[str, float]) -> str:
    """An expectation's description with the settings it names filled in.

    >>> _with_numbers("within ±{implied_price_band:.0%}", {"implied_price_band": 0.2})
    'within ±20%'
    """
    try:
        return what.format(**settings)
    except (KeyError, ValueError, IndexError):
        return what


def _link(url: str | None) -> str:
    if not url:
        return ""
    safe = html.escape(url, quote=True)
    if not safe.lower().startswith(("http://", "https://")):
        return safe
    return f"<a href='{safe}' title='{safe}' rel='noopener noreferrer'>{html.escape(site(url))}</a>"


def _relative(url: str, report_dir: Path) -> str:
    prefix = "file://" + str(report_dir.resolve()) + "/"
    return url[len(prefix) :] if url.startswith(prefix) else url


# The flags table's filter and pages: rows are in the page (readable without scripts); this shows a page at a time.
_PAGER = """
(function () {
  const size = %d, rows = Array.from(document.querySelectorAll('#flags tbody tr'));
  const suite = document.getElementById('suite'), filter = document.getElementById('filter');
  const pager = document.getElementById('pager');
  let page = 0;
  function matching() {
    const words = filter.value.toLowerCase();
    return rows.filter(r => (!suite.value || r.dataset.suite === suite.value)
      && (!words || r.textContent.toLowerCase().includes(words)));
  }
  function show() {
    const shown = matching(), pages = Math.max(1, Math.ceil(shown.length / size));
    page = Math.min(page, pages - 1);
    rows.forEach(r => { r.style.display = 'none'; });
    shown.slice(page * size, (page + 1) * size).forEach(r => { r.style.display = ''; });
    pager.textContent = '';
    const first = shown.length ? page * size + 1 : 0, last = Math.min(shown.length, (page + 1) * size);
    const text = document.createElement('span');
    text.id = 'shown';
    text.textContent = `showing ${first}–${last} of ${shown.length}`;
    pager.append(text);
    [['previous', page - 1], ['next', page + 1]].forEach(([label, to]) => {
      const button = document.createElement('button');
      button.textContent = label;
      button.disabled = to < 0 || to >= pages;
      button.addEventListener('click', () => { page = to; show(); });
      pager.append(button);
    });
  }
  suite.addEventListener('change', () => { page = 0; show(); });
  filter.addEventListener('input', () => { page = 0; show(); });
  show();
})();
"""
