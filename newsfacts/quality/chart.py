"""The report's chart of implied prices against the reference close, one tab per coin, drawn by
Bokeh. BokehJS is copied from the installed wheel into the report folder, so the page renders
offline; every checked holding is drawn (a log axis: no price is pinned to an edge)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class PricePoint:
    """One checked holding: where it is drawn and what its tooltip says."""

    asset: str
    day: date  # the last day its value refers to (priced_to)
    days: str  # "2025-07-17" or "2025-06-17..2025-07-17"
    implied_usd: float
    closes: str  # the close, or the lowest and highest close over its days: "64,103" or "60,210–64,103"
    figure: str  # "6,089 BTC for 722,000,000 USD"
    holder: str
    source: str  # the article's site
    flagged: bool


def site(url: str | None) -> str:
    """The host an article came from, for a tooltip.

    >>> site("https://news.example/a?b=1"), site(None)
    ('news.example', '')
    """
    return urlsplit(url).netloc if url and "://" in url else (url or "")


def bokeh_script_name() -> str:
    import bokeh

    return f"bokeh-{bokeh.__version__}.min.js"


def write_bokeh_js(report_dir: Path) -> str:
    """Copy BokehJS (from the installed wheel, never a CDN) beside the page; return its file name."""
    from bokeh.resources import Resources

    name = bokeh_script_name()
    path = report_dir / name
    if not path.exists():
        path.write_text("\n".join(Resources(mode="inline", components=["bokeh"]).js_raw), encoding="utf-8")
    return name


def price_chart(
    points: list[PricePoint], closes: dict[str, list[tuple[date, float]]], band: float
) -> tuple[str, str]:
    """Bokeh's ``(script, div)`` for a tab per coin: the reference close as a line, the band around
    it shaded, each holding a dot (green inside the band, red flagged), holder and source on hover."""
    import numpy as np
    from bokeh.embed import components
    from bokeh.models import ColumnDataSource, HoverTool, NumeralTickFormatter, TabPanel, Tabs
    from bokeh.plotting import figure

    panels = []
    for asset in sorted({p.asset for p in points}, key=lambda a: (a != "BTC", a)):
        mine = [p for p in points if p.asset == asset]
        line = closes.get(asset, [])
        plot = figure(
            title=f"{asset}: implied price of each holding against the {asset}-USD close (log scale)",
            x_axis_type="datetime", y_axis_type="log", width=900, height=380,
            x_axis_label="day the value refers to", y_axis_label="USD per coin",
            tools="pan,wheel_zoom,box_zoom,reset,save", toolbar_location="above",
        )
        plot.yaxis.formatter = NumeralTickFormatter(format="0,0.[000000]")  # 0.0001 stays 0.0001
        if line:
            reference = ColumnDataSource({
                "day": np.array([d for d, _ in line], dtype="datetime64[D]"), "close": [c for _, c in line],
                "low": [c * (1 - band) for _, c in line], "high": [c * (1 + band) for _, c in line],
            })
            plot.varea(x="day", y1="low", y2="high", source=reference, fill_color="#1f77b4", fill_alpha=0.12,
                       legend_label=f"band: close ±{band:.0%}")
            plot.line(x="day", y="close", source=reference, line_color="#1f77b4", line_width=2,
                      legend_label="reference close")
        hover_renderers = []
        for flagged, colour, label in ((False, "#2ca02c", "within the band"), (True, "#d62728", "flagged")):
            chosen = [p for p in mine if p.flagged == flagged]
            if not chosen:
                continue
            source = ColumnDataSource({
                "day": np.array([p.day for p in chosen], dtype="datetime64[D]"), "days": [p.days for p in chosen],
                "implied": [p.implied_usd for p in chosen], "closes": [p.closes for p in chosen],
                "figure": [p.figure for p in chosen], "holder": [p.holder or "(no holder)" for p in chosen],
                "source": [p.source for p in chosen],
            })
            hover_renderers.append(plot.scatter(
                x="day", y="implied", source=source, size=7, color=colour, alpha=0.8,
                legend_label=f"{label} ({len(chosen):,})",
            ))
        plot.add_tools(HoverTool(renderers=hover_renderers, formatters={"@day": "datetime"}, tooltips=[
            ("holder", "@holder"), ("figure", "@figure"), ("implied", "@implied{0,0.00} USD"),
            ("close", "@closes USD"), ("days", "@days"), ("source", "@source"),
        ]))
        plot.legend.location = "top_left"
        plot.legend.click_policy = "hide"
        panels.append(TabPanel(child=plot, title=f"{asset} ({len(mine):,})"))
    script, div = components(Tabs(tabs=panels))
    return script, div
