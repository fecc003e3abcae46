"""Incremental runs: each run reads only what is new since the last one on the same warehouse."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import duckdb
import pytest

from newsfacts.model import Checkpoint, Document, Reject
from newsfacts.readers import ReadOptions, Seen, read_fetched, read_path
from newsfacts.fetch import Fetched
from newsfacts.readers.corpus import CHECKPOINT_EVERY

from .fixtures import ARTICLES, write_jsonl
from .httpserver import Handler, serve
from .test_cli import counts, invoke

OPTIONS = ReadOptions()


def story(n: int) -> dict[str, str]:
    """A distinct short article."""
    return {
        "title": f"Fund {n} buys bitcoin",
        "body": f"The Example Fund {n} said on Tuesday it bought {n + 10} BTC for ${n + 1} million.",
        "datetime": "2025-07-22T10:00:00",
    }


def read_twice(path: Path, change=None, options: ReadOptions = OPTIONS):  # type: ignore[no-untyped-def]
    """Read ``path``, remember its checkpoints, optionally change it, and read it again."""
    first = list(read_path(path, options))
    seen = Seen.of(c for c in first if isinstance(c, Checkpoint) and not c.unchanged)
    if change is not None:
        change()
    return first, list(read_path(path, options, seen))


def documents(items) -> list[Document]:  # type: ignore[no-untyped-def]
    return [i for i in items if isinstance(i, Document)]


# --- readers ---------------------------------------------------------------------------------


def test_unchanged_folder_is_not_read_again(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Harbor Bank bought 245 BTC on Monday.")
    (tmp_path / "b.md").write_text("# Miners\nLakeland set aside 500 megawatts.")
    first, second = read_twice(tmp_path)
    assert len(documents(first)) == 2
    assert documents(second) == []
    assert [c.unchanged for c in second] == [True, True]


def test_new_and_changed_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Harbor Bank bought 245 BTC on Monday.")
    (tmp_path / "b.txt").write_text("Lakeland set aside 500 megawatts.")

    def change() -> None:
        (tmp_path / "b.txt").write_text("Lakeland set aside 600 megawatts, not 500.")
        (tmp_path / "c.txt").write_text("Northgate Exchange volumes fell 15% last week.")

    _, second = read_twice(tmp_path, change)
    assert sorted(d.record for d in documents(second)) == ["b.txt", "c.txt"]


@pytest.mark.parametrize("gz", [False, True])
def test_corpus_that_grew_resumes_after_the_last_record(tmp_path: Path, gz: bool) -> None:
    path = write_jsonl(tmp_path / ("c.jsonl.gz" if gz else "c.jsonl"), ARTICLES, gz=gz)

    def append() -> None:
        with (gzip.open(path, "at", encoding="utf-8") if gz else path.open("a")) as handle:  # a new gzip member
            for n in (1, 2):
                handle.write(json.dumps(story(n)) + "\n")
        os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)

    first, second = read_twice(path, append)
    assert len(documents(first)) == 3
    assert [d.record for d in documents(second)] == ["line 4", "line 5"]
    assert second[-1].position == 5 and second[-1].complete


def test_replaced_corpus_is_read_from_its_first_record(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", ARTICLES)
    _, second = read_twice(path, lambda: write_jsonl(path, [story(n) for n in range(5)]))
    assert [d.record for d in documents(second)] == [f"line {n}" for n in range(1, 6)]


def test_other_read_options_read_the_corpus_again(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", ARTICLES)
    first = list(read_path(path, OPTIONS))
    seen = Seen.of(c for c in first if isinstance(c, Checkpoint))
    again = list(read_path(path, ReadOptions(max_chars=50), seen))
    assert [r.reason for r in again if isinstance(r, Reject)] == ["oversized"] * 3


def test_long_corpus_is_checkpointed_as_it_is_read(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", [story(n) for n in range(CHECKPOINT_EVERY * 2 + 5)])
    marks = [(c.position, c.complete) for c in read_path(path, OPTIONS) if isinstance(c, Checkpoint)]
    assert marks == [(CHECKPOINT_EVERY, False), (CHECKPOINT_EVERY * 2, False), (CHECKPOINT_EVERY * 2 + 5, True)]


def test_only_new_feed_entries_are_read() -> None:
    feed = _feed(["a", "b"])
    first = list(read_fetched(Fetched("https://w.example/rss", "https://w.example/rss", feed, "application/rss+xml"), OPTIONS))
    seen = Seen.of(c for c in first if isinstance(c, Checkpoint))
    grown = Fetched("https://w.example/rss", "https://w.example/rss", _feed(["c", "a", "b"]), "application/rss+xml")
    second = list(read_fetched(grown, OPTIONS, seen))
    assert [d.title for d in documents(second)] == ["Story c"]
    assert sum(1 for c in second if isinstance(c, Checkpoint) and c.unchanged) == 2


def _feed(keys: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {k}</title><link>https://w.example/{k}</link>"
        f"<pubDate>Tue, 22 Jul 2025 10:00:00 GMT</pubDate>"
        f"<description>The Example Fund {k} bought 12 BTC on Tuesday.</description></item>"
        for k in keys
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>'
        f"<link>https://w.example/</link><description>news</description>{items}</channel></rss>"
    ).encode()


# --- flow runs -------------------------------------------------------------------------------

pytestmark_flow = pytest.mark.usefixtures("prefect_harness")


@pytestmark_flow
def test_scheduled_style_runs_read_only_what_is_new(tmp_path: Path, fresh_db: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Harbor Bank said on Monday it bought 245 BTC for $26 million.")
    corpus = write_jsonl(tmp_path / "c.jsonl", ARTICLES)
    assert counts(invoke("run", str(inbox), str(corpus), "--db", str(fresh_db)))[:2] == (4, 4)

    (inbox / "b.txt").write_text("Lakeland set aside 600 megawatts for bitcoin miners on Tuesday.")
    with corpus.open("a") as handle:
        handle.write(json.dumps(story(7)) + "\n")
    output = invoke("run", str(inbox), str(corpus), "--db", str(fresh_db))
    assert counts(output) == (2, 2, 0, 0)
    assert "not read again: 1 inputs" in output  # a.txt

    con = duckdb.connect(str(fresh_db), read_only=True)
    runs = con.execute("select read, loaded, unchanged, checks, outcome from runs order by started_at").fetchall()
    assert runs == [(4, 4, 0, "ran", "completed"), (2, 2, 1, "ran", "completed")]
    positions = dict(con.execute("select input, position from input_cursors where item = ''").fetchall())
    assert positions[str(corpus.resolve())] == 4
    stages = json.loads(con.execute("select stages from runs order by started_at desc limit 1").fetchall()[0][0])
    assert {"read", "extract", "load", "check"} <= set(stages)


@pytestmark_flow
def test_failing_feed_is_reported_and_the_others_load(tmp_path: Path, fresh_db: Path) -> None:
    Handler.routes = {"/growing.xml": (_feed(["a", "b"]), "application/rss+xml")}
    with serve() as base:
        first = invoke("run", f"{base}/growing.xml", f"{base}/down.xml", "--db", str(fresh_db))
        assert counts(first)[1] == 2
        assert f"FAILED {base}/down.xml: HTTP 500" in first
        Handler.routes = {"/growing.xml": (_feed(["c", "a", "b"]), "application/rss+xml")}
        second = invoke("run", f"{base}/growing.xml", f"{base}/down.xml", "--db", str(fresh_db))
    assert counts(second)[:2] == (2, 1)  # the new entry, and the failure again (a reject)
    con = duckdb.connect(str(fresh_db), read_only=True)
    failures = [json.loads(r[0]) for r in con.execute("select failures from runs order by started_at").fetchall()]
    assert [[f["input"] for f in run] for run in failures] == [[f"{base}/down.xml"]] * 2
    assert all("HTTP 500" in run[0]["detail"] for run in failures)
