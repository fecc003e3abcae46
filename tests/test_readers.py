"""Every input format, and every kind of bad input, through the readers."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsfacts.fetch import Fetched, OfflineFetcher
from newsfacts.model import Checkpoint, Document, Reject
from newsfacts.readers import ReadOptions, iter_inputs, read_fetched, read_path

from .fixtures import ARTICLES, ATOM_FEED, HTML_PAGE, RSS_FEED, write_csv, write_jsonl

OPTIONS = ReadOptions()


def read(path: Path, options: ReadOptions = OPTIONS) -> list[Document | Reject]:
    """Documents and rejects in order (the checkpoints between them are tested on their own)."""
    return [i for i in read_path(path, options) if not isinstance(i, Checkpoint)]


def docs(items):
    return [i for i in items if isinstance(i, Document)]


def rejects(items):
    return [i for i in items if isinstance(i, Reject)]


def test_text_folder_takes_metadata_from_manifest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("\nHarbor Bank bought 245 BTC on Monday.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Lakeland sets aside power\n\nThe ministry set aside 500 MW.\n")
    (tmp_path / "manifest.csv").write_text(
        "file,url,source,published_at\na.txt,https://news.example/a,examplewire,2025-07-17\n"
    )
    items = read(tmp_path)
    assert not rejects(items)
    a, b = docs(items)
    assert a.text == "Harbor Bank bought 245 BTC on Monday."
    assert (a.url, a.source, a.published_at) == ("https://news.example/a", "examplewire", datetime(2025, 7, 17))
    assert b.title == "Lakeland sets aside power"
    assert b.text == "Lakeland sets aside power\nThe ministry set aside 500 MW."
    assert b.published_at is None


def test_seed_folder_reads_both_seeds() -> None:
    from .conftest import SEEDS

    items = read(SEEDS)
    assert [d.published_at for d in docs(items)] == [datetime(2025, 7, 17)] * 2
    assert len(items) == 2
    assert docs(items)[0].text.startswith("Pakistan and El Salvador signed")


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_corpus(tmp_path: Path, gz: bool) -> None:
    path = write_jsonl(tmp_path / ("c.jsonl.gz" if gz else "c.jsonl"), ARTICLES, gz=gz)
    items = read(path)
    assert [d.title for d in docs(items)] == [a["title"] for a in ARTICLES]
    first = docs(items)[0]
    assert first.text == ARTICLES[0]["title"] + "\n" + ARTICLES[0]["body"]
    assert first.published_at == datetime(2025, 7, 17, 9, 30)
    assert first.record == "line 1"
    # the three datetime formats of the corpus
    assert [d.published_at.day for d in docs(items)] == [17, 18, 19]


@pytest.mark.parametrize("gz", [False, True])
def test_csv_corpus(tmp_path: Path, gz: bool) -> None:
    path = write_csv(tmp_path / ("c.csv.gz" if gz else "c.csv"), ARTICLES, gz=gz)
    items = read(path)
    assert [d.url for d in docs(items)] == [a["url"] for a in ARTICLES]
    assert docs(items)[1].record == "row 3"


def test_parquet_corpus(tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    pq.write_table(pa.Table.from_pylist(ARTICLES), path)
    items = read(path)
    assert [d.source for d in docs(items)] == ["examplewire", "examplewire", "otherpaper"]


def test_other_field_names_are_found(tmp_path: Path) -> None:
    record = {"id": "7", "published_utc": "2025-09-10T18:09:18", "title": "T", "content": "Body.", "link": "https://x.example/7"}
    items = read(write_jsonl(tmp_path / "c.jsonl", [record]))
    (doc,) = docs(items)
    assert (doc.text, doc.url, doc.published_at, doc.source) == ("T\nBody.", "https://x.example/7", datetime(2025, 9, 10, 18, 9, 18), "x.example")


def test_field_override(tmp_path: Path) -> None:
    record = {"headline": "T", "story": "The story.", "ts": "2025-07-01", "body": "not this"}
    options = ReadOptions(fields={"text": "story", "published_at": "ts"})
    (doc,) = docs(read(write_jsonl(tmp_path / "c.jsonl", [record]), options))
    assert doc.text == "T\nThe story."
    assert doc.published_at == datetime(2025, 7, 1)


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    (doc,) = docs(read(path))
    assert doc.title == "Lakeland approves bitcoin reserve"
    assert doc.url == "https://times.example/lakeland-reserve"
    assert doc.published_at == datetime(2025, 7, 16)
    assert "5,000 BTC" in doc.text
    assert "Home" not in doc.text and "Copyright" not in doc.text
    assert doc.text.count("Lakeland approves bitcoin reserve") == 1


@pytest.mark.parametrize("feed,expected", [(RSS_FEED, 2), (ATOM_FEED, 1)])
def test_feed_files(tmp_path: Path, feed: str, expected: int) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(feed, encoding="utf-8")
    items = read(path)
    assert len(docs(items)) == expected and not rejects(items)
    first = docs(items)[0]
    assert "<p>" not in first.text
    assert first.published_at in (datetime(2025, 7, 17, 10, 0), datetime(2025, 7, 18, 7, 0))


def test_rss_dates_are_converted_to_utc(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS_FEED, encoding="utf-8")
    second = docs(read(path))[1]
    assert second.published_at == datetime(2025, 7, 16, 16, 30)
    assert second.source == "Example Wire"


def test_fetched_feed_and_page() -> None:
    feed = Fetched("https://wire.example/rss", "https://wire.example/rss", RSS_FEED.encode(), "application/rss+xml")
    assert len(docs(read_fetched(feed, OPTIONS))) == 2
    page = Fetched("https://times.example/p", "https://times.example/p", HTML_PAGE.encode(), "text/html")
    (doc,) = docs(read_fetched(page, OPTIONS))
    assert doc.url == "https://times.example/p"  # the address it was fetched from
    assert doc.published_at == datetime(2025, 7, 16)


def test_offline_fetcher_serves_urls_from_files(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(ATOM_FEED)
    fetcher = OfflineFetcher({"https://ledger.example/atom": path})
    items = list(iter_inputs(["https://ledger.example/atom", "https://missing.example/rss"], OPTIONS, fetcher))
    assert len(docs(items)) == 1
    assert [(r.reason, r.input) for r in rejects(items)] == [("fetch_failed", "https://missing.example/rss")]


# --- bad input: every kind is a reject with a reason, never an exception --------------------


def test_bad_jsonl_lines_are_rejected_one_by_one(tmp_path: Path) -> None:
    good = json.dumps(ARTICLES[0]).encode()
    lines = [
        good,
        b'{"title": "broken", "body": ',  # malformed JSON
        '{"title": "caf\u00e9", "body": "x"}'.encode("latin-1"),  # invalid UTF-8
        json.dumps({"title": "No body", "body": ""}).encode(),  # empty body
        json.dumps({"title": "T", "body": "B", "datetime": "sometime soon"}).encode(),  # bad date
        json.dumps(["a", "list"]).encode(),  # not an object
        json.dumps({"title": "T", "story": "B"}).encode(),  # no body field
        b"",  # blank line: not a record
        json.dumps(ARTICLES[1]).encode(),
    ]
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = read(path)
    assert len(docs(items)) == 2
    assert [(r.record, r.reason) for r in rejects(items)] == [
        ("line 2", "malformed_json"),
        ("line 3", "invalid_utf8"),
        ("line 4", "empty_body"),
        ("line 5", "bad_date"),
        ("line 6", "malformed_json"),
        ("line 7", "no_body_field"),
    ]
    assert all(r.detail for r in rejects(items))


def test_bad_files_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Harbor Bank bought 245 BTC.")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners accept bitcoin.".encode("latin-1"))
    (tmp_path / "empty.md").write_text("   \n")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "huge.txt").write_text("bitcoin " * 200)
    (tmp_path / "broken.xml").write_text("<html>not a feed</html>")
    items = read(tmp_path, ReadOptions(max_chars=1000))
    reasons = {Path(r.input).name: r.reason for r in rejects(items)}
    assert reasons == {
        "image.txt": "binary",
        "latin1.txt": "invalid_utf8",
        "empty.md": "empty_body",
        "notes.docx": "unsupported_type",
        "huge.txt": "oversized",
        "broken.xml": "malformed_feed",
    }
    assert [Path(d.input).name for d in docs(items)] == ["ok.txt"]


def test_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    (reject,) = read(path, ReadOptions(max_bytes=1000))
    assert reject.reason == "oversized" and "5,000 bytes" in reject.detail


def test_oversized_jsonl_line_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    big = json.dumps({"title": "Big", "body": "x" * 5000})
    path.write_text(big + "\n" + json.dumps(ARTICLES[0]) + "\n")
    items = read(path, ReadOptions(max_bytes=1000))
    assert [(r.record, r.reason) for r in rejects(items)] == [("line 1", "oversized")]
    assert len(docs(items)) == 1


def test_gzip_bomb_line_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        handle.write(b'{"body": "' + b"A" * (50 * 1024 * 1024))  # 50 MB, one unterminated line
    assert path.stat().st_size < 200_000
    (reject,) = read(path, ReadOptions(max_bytes=1024 * 1024))
    assert reject.reason == "oversized"


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl.gz", ARTICLES * 50, gz=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    assert docs(items)
    assert rejects(items)[-1].reason == "unreadable"


def test_malformed_csv_row(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"title,body\nOne,First body\nTwo,\"Second \xff body\"\nThree,\n")
    items = read(path)
    assert len(docs(items)) == 1
    assert [(r.record, r.reason) for r in rejects(items)] == [("row 3", "invalid_utf8"), ("row 4", "empty_body")]


def test_missing_input_is_a_reject(tmp_path: Path) -> None:
    (reject,) = read(tmp_path / "nope.jsonl")
    assert reject.reason == "not_found"


def test_a_first_line_that_repeats_the_manifest_title_is_stored_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Harbor Bank buys 245 BTC\nHarbor Bank bought 245 BTC on Monday, its filing shows.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("Lakeland sets aside 500 MW for miners this week.\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,url,title,published_at\n"
        "a.txt,https://news.example/a,Harbor  Bank buys 245 BTC,2025-07-17\n"
        "b.txt,https://news.example/b,Lakeland power plan,2025-07-17\n",
        encoding="utf-8",
    )
    a, b = docs(read(tmp_path))
    assert a.text.count("245 BTC") == 2  # the title once, the body's sentence once
    assert a.text.startswith("Harbor  Bank buys 245 BTC\nHarbor Bank bought")
    assert "Lakeland sets aside 500 MW" in b.text and b.text.startswith("Lakeland power plan")


def test_warehouse_files_and_newsfacts_report_folders_are_not_input(tmp_path: Path) -> None:
    from newsfacts.outputs import mark_output

    (tmp_path / "a.txt").write_text("Harbor Bank bought 245 BTC on Monday.\n", encoding="utf-8")
    (tmp_path / "inbox.duckdb").write_bytes(b"DUCK\x00\x01")
    (tmp_path / "inbox.duckdb.wal").write_bytes(b"\x00")
    report = tmp_path / "inbox-report"
    mark_output(report)
    (report / "index.html").write_text("<html><body><p>Quality report: 3 flags.</p></body></html>")
    (report / "gx").mkdir()
    (report / "gx" / "page.html").write_text("<html><body><p>Expectation suite</p></body></html>")
    items = read(tmp_path)
    assert [d.text for d in docs(items)] == ["Harbor Bank bought 245 BTC on Monday."]
    assert rejects(items) == []
