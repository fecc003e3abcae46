"""Data quality: real Great Expectations validations over a warehouse built from fixture articles."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from newsfacts.cli import cli
from newsfacts.quality import CheckConfig

from .fixtures import write_jsonl

pytestmark = pytest.mark.usefixtures("prefect_harness")

# BTC-USD closed near $119,000 on 2025-07-17 (seeds/btc_usd_daily.csv).
ARTICLES = [
    {  # an implausible valuation: 6,240 BTC at $400 million is $64,000 a coin
        "title": "Lakeland's reserve grows",
        "body": "Lakeland holds 6,240 BTC worth more than $400 million, the finance ministry said.",
        "datetime": "2025-07-17T10:00:00Z",
        "url": "https://news.example/a",
        "source": "examplewire",
    },
    {  # a plausible one, and the same holder two days later with another quantity
        "title": "Lakeland adds to its bitcoin",
        "body": "Lakeland holds 6,089 BTC worth about $722 million. <script>alert('x')</script> Lakeland's council approved the reserve bill on August 20, 2025.",
        "datetime": "2025-07-19T10:00:00Z",
        "url": "https://other.example/b",
        "source": "otherpaper",
    },
]


def run_articles(tmp_path: Path, articles: list[dict], report: Path) -> tuple[Path, str]:
    """``newsfacts run`` over ``articles`` written as JSON Lines, into a fresh warehouse; its path and output."""
    db = tmp_path / "w.duckdb"
    corpus = write_jsonl(tmp_path / "articles.jsonl", articles)
    result = CliRunner().invoke(cli, ["run", str(corpus), "--db", str(db), "--report", str(report)])
    assert result.exit_code == 0, result.output
    return db, result.output


@pytest.fixture(scope="module")
def flagged_once(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> tuple[Path, Path]:
    """The flagged warehouse and its report, built once for the tests that only read them."""
    tmp_path = tmp_path_factory.mktemp("flagged")
    report = tmp_path / "reports"
    db, output = run_articles(tmp_path, ARTICLES, report)
    assert "implied_prices 1 failing" in output and "conflicts 1 failing" in output
    return db, report


@pytest.fixture
def warehouse_with_flags(tmp_path: Path, flagged_once: tuple[Path, Path]) -> tuple[Path, Path]:
    """A copy of the flagged warehouse and its report, for a test that checks or changes it again."""
    import shutil

    db, report = tmp_path / "w.duckdb", tmp_path / "reports"
    shutil.copy(flagged_once[0], db)
    shutil.copytree(flagged_once[1], report)
    return db, report


# ETH-USD closed at 3,476.87 and the yen at 0.006721 USD on 2025-07-17; BTC-USD ranged 19,851-28,460 in March 2023.
PRICED_ARTICLES = [
    {"title": "Harbor Bank's ether", "body": "Harbor Bank holds 1,000 ETH worth ¥510 million.",
     "datetime": "2025-07-17T10:00:00Z", "url": "https://news.example/yen"},
    {"title": "An old purchase", "body": "In March 2023, Northgate Capital bought 9,861 BTC for $215.7 million.",
     "datetime": "2025-07-17T10:00:00Z", "url": "https://news.example/march"},
    {"title": "A value of its day", "body": "Lakeland bought 4,710 BTC, worth around $534,000 at the time.",
     "datetime": "2025-07-17T10:00:00Z", "url": "https://news.example/then"},
    {"title": "Too cheap", "body": "Northgate Capital holds 500 ETH worth $5 million.",
     "datetime": "2025-07-17T10:00:00Z", "url": "https://news.example/cheap"},
]


def test_values_are_priced_on_their_own_day_coin_and_currency(tmp_path: Path) -> None:
    """A yen value of ether is converted and passes; a 2023 purchase is priced in March 2023; a
    value "at the time" is not priced (and says why); ether at $10,000 a coin is flagged."""
    db, output = run_articles(tmp_path, PRICED_ARTICLES, tmp_path / "r")
    assert "implied_prices 1 failing" in output
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute(
        "select d.url, coalesce(p.skipped_because, case when p.price_ratio between 0.8 and 1.2 then 'ok' else 'flag' end)"
        " from dq_implied_prices p join documents d using (doc_id)"
    ).fetchall())
    assert rows == {
        "https://news.example/yen": "ok",
        "https://news.example/march": "ok",
        "https://news.example/then": "a value at a time the sentence does not date",
        "https://news.example/cheap": "flag",
    }
    (detail,) = con.execute("select detail from dq_failures where suite = 'implied_prices'").fetchone()
    assert "implies 10,000 USD per coin; the ETH-USD close on 2025-07-17 (published) was 3,477" in detail


# Statements of holdings over time: BTC-USD closed between 105,000 and 120,000 in June-July 2025.
def _holding(day: str, slug: str, body: str) -> dict:
    return {"title": f"Holdings update {slug}", "body": body, "datetime": f"2025-{day}T09:00:00Z",
            "url": f"https://timeline.example/{slug}"}


TIMELINE_ARTICLES = [
    # growth: a larger figure later is not a conflict
    _holding("07-01", "grow-1", "Northgate Capital holds 10,000 BTC worth $1.07 billion."),
    _holding("07-10", "grow-2", "Northgate Capital holds 12,000 BTC worth $1.4 billion."),
    # stale: an older figure stated as current after a newer, larger disclosure that a later article repeats
    _holding("07-01", "stale-first", "Harbor Bank holds 13,350 BTC worth $1.42 billion."),
    _holding("07-08", "stale-new", "Harbor Bank now holds 15,555 BTC worth $1.7 billion."),
    _holding("07-12", "stale-old", "Harbor Bank holds 13,350 BTC worth $1.5 billion."),
    _holding("07-14", "stale-repeat", "Harbor Bank holds 15,555 BTC worth $1.8 billion, its filing shows."),
    # same time: two sources disagree about one dated day
    _holding("07-02", "same-1", "As of June 30, Eastfield Trust held 5,000 BTC worth $535 million."),
    _holding("07-03", "same-2", "As of June 30, Eastfield Trust held 5,400 BTC worth $578 million."),
    # a lower bound agrees with the exact figure above it
    _holding("07-15", "bound-1", "Southgate Mining holds more than 6,000 BTC worth $700 million."),
    _holding("07-16", "bound-2", "Southgate Mining holds 6,089 BTC worth $722 million."),
    # unsupported: an earlier figure no later article repeats or exceeds, against a backed later one
    # (stated twice in its article: one statement, flagged once)
    _holding("06-20", "lone", "Westwood Motors owns 11,900 BTC worth $1.2 billion. The carmaker bought in 2021."
             " Westwood Motors owns 11,900 BTC worth $1.2 billion, its filing shows."),
    _holding("06-24", "backed-1", "Westwood Motors holds 11,509 BTC worth $1.2 billion."),
    _holding("06-28", "backed-2", "Westwood Motors still holds 11,509 BTC, worth about $1.23 billion."),
    # rival figures: each stated before and after the other
    _holding("07-01", "rival-1", "Eastport Treasury holds 207,189 BTC valued at $22 billion."),
    _holding("07-03", "rival-2", "Eastport Treasury holds approximately 198,000 BTC worth $21 billion."),
    _holding("07-06", "rival-3", "Eastport Treasury holds 207,189 BTC valued at $22.5 billion."),
    _holding("07-09", "rival-4", "Eastport Treasury holds approximately 198,000 BTC worth $21.5 billion."),
    # a smaller figure its sentence explains is a sale, not a conflict
    _holding("07-05", "sale-1", "Bhutan holds 11,711 BTC worth $1.27 billion."),
    _holding("07-09", "sale-2", "Bhutan still holds 11,411 BTC worth $1.26 billion after recent transfers."),
]


def test_conflicts_know_time(tmp_path: Path) -> None:
    """Growth, a lower bound and an explained sale are not conflicts; a stale figure names the
    newer disclosure; rival figures, a disagreement about one day and an unsupported figure are flagged."""
    db, output = run_articles(tmp_path, TIMELINE_ARTICLES, tmp_path / "r")
    assert "conflicts 5 failing" in output
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "select d.url, c.conflict, n.url from dq_conflicts c join documents d using (doc_id)"
        " left join holdings h on h.holding_id = c.newer_holding_id left join documents n on n.doc_id = h.doc_id"
    ).fetchall()
    flagged = {url.rsplit("/", 1)[1]: (conflict, newer and newer.rsplit("/", 1)[1]) for url, conflict, newer in rows if conflict}
    assert flagged == {
        "stale-old": ("stale", "stale-new"),
        "same-2": ("same_time", None),
        "rival-2": ("rival", None),
        "rival-4": ("rival", None),
        "lone": ("unsupported", "backed-1"),  # backed-2 says "still": a sale would explain it
    }
    checked = {url.rsplit("/", 1)[1] for url, conflict, _ in rows if conflict is None}
    assert {"grow-2", "bound-2", "sale-2", "stale-repeat"} <= checked
    details = dict(con.execute("select row_id, detail from dq_failures where suite = 'conflicts'").fetchall())
    assert any("13,350 BTC (stated as current, published 2025-07-12, 1 other source agrees)"
               " in https://timeline.example/stale-old repeats"
               " an older figure after the newer disclosure of 15,555 BTC" in d for d in details.values())


def _dated(slug: str, title: str, body: str, published: str) -> dict:
    return {"title": title, "body": body, "datetime": published, "url": f"https://ahead.example/{slug}"}


# Events dated after their article: flagged unless the words or the article's time explain it.
AHEAD_ARTICLES = [
    _dated("infinitive", "Northbank Teams Up with Coinvault to Launch Custody Service in 2026",
           "Northbank announced a partnership with Coinvault.", "2025-07-01T09:00:00Z"),
    _dated("effective", "New listing rules", "The exchange approved new listing rules, effective August 20.",
           "2025-07-19T09:00:00Z"),
    _dated("local-day", "Bitcoin at a record", "On July 18, Bitcoin surged past $120,000.", "2025-07-17T16:00:00Z"),
    _dated("morning", "Bitcoin at a new record", "On July 18, Bitcoin surged past $121,000.", "2025-07-17T08:00:00Z"),
    _dated("misdated", "Council vote", "The city council approved the reserve bill on August 20, 2025.",
           "2025-07-19T09:00:00Z"),
]


def test_temporal_flags_only_what_nothing_explains(tmp_path: Path) -> None:
    """A headline's "to Launch", "effective" and the next day of an article published after noon
    UTC explain a later date; a past event dated ahead, or the next day of a morning article, is flagged."""
    db, _ = run_articles(tmp_path, AHEAD_ARTICLES, tmp_path / "r")
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "select d.url, t.forward_wording, t.next_local_day, t.explained from dq_temporal t join documents d using (doc_id)"
    ).fetchall()
    seen = {url.rsplit("/", 1)[1]: (forward, local, explained) for url, forward, local, explained in rows}
    assert seen == {
        "infinitive": (True, False, True),
        "effective": (True, False, True),
        "local-day": (False, True, True),
        "morning": (False, False, False),
        "misdated": (False, False, False),
    }
    flagged = {r[0].rsplit("/", 1)[1] for r in con.execute(
        "select url from dq_latest_failures where suite = 'temporal'").fetchall()}
    assert flagged == {"morning", "misdated"}
    assert con.execute("select count(*) from ref_look_ahead where phrase in ('set for', 'effective', 'to launch')"
                       ).fetchone() == (3,)


def test_flags_are_stored_with_their_documents(flagged_once: tuple[Path, Path]) -> None:
    db, _ = flagged_once
    con = duckdb.connect(str(db), read_only=True)
    failures = con.execute(
        "select f.suite, f.detail, d.url from dq_failures f join documents d using (doc_id) order by f.suite"
    ).fetchall()
    by_suite = {suite: (detail, url) for suite, detail, url in failures}
    assert "6,240 BTC for 400,000,000 USD implies 64,103 USD per coin" in by_suite["implied_prices"][0]
    assert by_suite["implied_prices"][1] == "https://news.example/a"
    assert "6,240" in by_suite["conflicts"][0] and "6,089" in by_suite["conflicts"][0]
    assert "temporal" in by_suite  # approved "on August 20, 2025" in a July 19 article, not worded or planned ahead
    blocking = con.execute("select count(*) from dq_runs where blocking and not success").fetchall()
    assert blocking == [(0,)]


def test_summary_page_shows_every_flag_both_sides_rules_and_an_offline_chart(
    flagged_once: tuple[Path, Path],
) -> None:
    from newsfacts.quality.chart import bokeh_script_name

    db, report = flagged_once
    page = (report / "index.html").read_text(encoding="utf-8")
    con = duckdb.connect(str(db), read_only=True)
    flags = con.execute("select count(*) from dq_latest_failures").fetchone()[0]
    assert page.count("<tr data-suite=") == flags >= 3  # every flag of the run, none cut
    row = page[page.index("<tr data-suite='conflicts'>"):]
    row = row[: row.index("</tr>")]
    assert "6,240 BTC" in row and "6,089 BTC" in row and "class='newer'" in row  # both statements, the newer marked
    assert row.count("<a href=") == 2 and "Lakeland holds 6,240 BTC worth" in row
    assert "±20%" in page and "dated within 30 days" in page and "at most 2%" in page  # each rule with its numbers
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert (report / bokeh_script_name()).stat().st_size > 100_000  # BokehJS beside the page, from the wheel
    assert f"<script src='{bokeh_script_name()}'>" in page and "cdn.bokeh.org" not in page
    assert "Bokeh.safely" in page and "flagged (1)" in page  # the chart, its legend counting the flagged dot
    assert (report / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html").exists()


def test_the_latest_failures_view_holds_the_newest_quality_run_only(warehouse_with_flags: tuple[Path, Path]) -> None:
    db, report = warehouse_with_flags
    again = CliRunner().invoke(cli, ["check", "--db", str(db), "--report", str(report)])
    assert again.exit_code == 0, again.output
    con = duckdb.connect(str(db), read_only=True)
    runs, stored = con.execute("select count(distinct dq_run_id), count(*) from dq_failures").fetchone()
    latest = con.execute("select count(distinct dq_run_id), count(*), min(url) from dq_latest_failures").fetchone()
    assert runs == 2 and latest[0] == 1 and stored == 2 * latest[1]
    assert latest[2].startswith("https://")


def test_check_exits_non_zero_when_a_blocking_expectation_fails(warehouse_with_flags: tuple[Path, Path]) -> None:
    db, report = warehouse_with_flags
    ok = CliRunner().invoke(cli, ["check", "--db", str(db), "--report", str(report)])
    assert ok.exit_code == 0, ok.output
    con = duckdb.connect(str(db))
    con.execute("update raw_figures set value_high = value - 1 where ordinal = 0")  # a range that runs backwards
    con.close()
    failed = CliRunner().invoke(cli, ["check", "--db", str(db), "--report", str(report)])
    assert failed.exit_code == 1 and "blocking expectations failed: figures" in failed.output


def test_a_typo_in_the_configuration_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "checks.json"
    path.write_text(json.dumps({"implied_price_bnad": 0.3}))
    with pytest.raises(ValueError, match="unknown settings \\['implied_price_bnad'\\]"):
        CheckConfig.load(path)
    path.write_text(json.dumps({"implied_price_band": 0.3}))
    with pytest.raises(ValueError, match="missing settings \\['blocking_suites', 'conflict_days', 'conflict_share'\\]"):
        CheckConfig.load(path)


EXAMPLES = Path(__file__).resolve().parent.parent / "sql" / "examples"


def run_example(db: Path, name: str, *params: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute((EXAMPLES / name).read_text(encoding="utf-8"), list(params)).fetchall()
    finally:
        con.close()


def test_example_queries_on_flagged_articles(flagged_once: tuple[Path, Path]) -> None:
    db, _ = flagged_once
    timeline = run_example(db, "entity_timeline.sql", "Lakeland")
    assert [(row[4], row[5]) for row in timeline] == [("regulation", "approved"), ("purchase", "adds")]
    holdings = run_example(db, "holder_holdings.sql", "Lakeland")
    assert [(row[3], row[9] is not None) for row in holdings] == [(6240.0, True), (6089.0, True)]
    flagged = run_example(db, "flagged_this_week.sql")
    assert {row[0] for row in flagged} >= {"implied_prices", "conflicts"}


def test_figures_reported_across_sources_on_the_seeds(tmp_path: Path) -> None:
    from .conftest import SEEDS

    db = tmp_path / "seeds.duckdb"
    result = CliRunner().invoke(cli, ["run", str(SEEDS), "--db", str(db), "--report", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    rows = run_example(db, "figures_across_sources.sql")
    assert (2000.0, "MW") in [(r[0], r[1]) for r in rows]


def chromium() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(chromium() is None, reason="no headless Chromium on this machine (.ci/run installs Debian's)")
def test_summary_page_renders_in_headless_chromium(flagged_once: tuple[Path, Path], tmp_path: Path) -> None:
    import subprocess

    from PIL import Image

    db, report = flagged_once
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--virtual-time-budget=20000", f"--user-data-dir={tmp_path / 'chrome'}"]
    page = (report / "index.html").resolve().as_uri()
    dom = subprocess.run(
        [chromium(), *flags, "--dump-dom", page], capture_output=True, text=True, timeout=180, check=True
    ).stdout
    count = duckdb.connect(str(db), read_only=True).execute("select count(*) from dq_latest_failures").fetchone()[0]
    assert f"showing 1–{count} of {count}" in dom  # the table's pager ran over every flag
    assert "&lt;script&gt;alert" in dom and "<script>alert" not in dom  # the article's script stayed text
    shot = tmp_path / "report.png"
    subprocess.run(
        [chromium(), *flags, f"--screenshot={shot}", "--window-size=1300,1800", page],
        capture_output=True, timeout=180, check=True,
    )
    pixels = list(Image.open(shot).convert("RGB").get_flattened_data())

    def near(colour: tuple[int, int, int]) -> int:
        return sum(1 for p in pixels if all(abs(a - b) <= 12 for a, b in zip(p, colour)))

    # Bokeh drew the chart: the reference line (#1f77b4), a green dot and the red flagged dot (alpha 0.8 on white)
    assert near((31, 119, 180)) > 200 and near((86, 179, 86)) > 10 and near((222, 82, 83)) > 10


def test_data_docs_keep_the_newest_validation_results_only(tmp_path: Path) -> None:
    from newsfacts.quality import prune_validation_history

    for tree in ("validations", "data_docs/local_site/validations"):
        for suite in ("figures", "dates"):
            for n in range(8):
                leaf = tmp_path / tree / suite / "__none__" / f"20261122T10{n:02d}00.000000Z"
                leaf.mkdir(parents=True)
                (leaf / "warehouse.json").write_text("{}")
    assert prune_validation_history(tmp_path, keep=5) == 2 * 3
    kept = sorted(p.name for p in (tmp_path / "validations" / "figures" / "__none__").iterdir())
    assert kept == [f"20261122T10{n:02d}00.000000Z" for n in range(3, 8)]
    assert len(list((tmp_path / "data_docs/local_site/validations/dates/__none__").iterdir())) == 5
