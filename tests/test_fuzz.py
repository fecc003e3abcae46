"""Hostile and broken input: every extractor and reader, fed anything, raises nothing, keeps
every span valid, and gives every reject a reason.

The strategies mix arbitrary Unicode (control characters, surrogates excluded by UTF-8 itself,
combining marks, right-to-left text) with the shapes that break number and date parsers:
enormous numbers, 500-digit figures, exponents, very long lines, and deeply nested HTML.
"""

from __future__ import annotations

import gzip
import json
import os
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfacts.extract import extract_document
from newsfacts.model import Checkpoint, Document, Reject
from newsfacts.published import UnparseableDate, parse_published
from newsfacts.readers import ReadOptions, read_path
from newsfacts.readers.pages import read_feed, read_html

OPTIONS = ReadOptions(max_chars=200_000, max_bytes=2_000_000)
# 150 examples per test in CI; NEWSFACTS_FUZZ_EXAMPLES=5000 for a long hunt.
FUZZ = settings(max_examples=int(os.environ.get("NEWSFACTS_FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

NEWSY = st.sampled_from(
    [
        "10^400 BTC",
        "1e400 dollars",
        "$" + "9" * 500,
        "9" * 500 + " BTC",
        "0." + "0" * 300 + "1 ETH",
        "-$1,000,000,000,000,000,000,000,000 million",
        "1,2,3,4,5,6,7,8,9,0,1,2,3,4,5 bitcoin",
        "$1.2.3.4 billion",
        "99999999999999999999 megawatts",
        "between 5 and 10^308 BTC",
        "on 31 February 2025",
        "in the year 99999",
        "Q5 2025",
        "last 10000000000 days",
        "by 2027-13-45",
        "earlier this month",
        "Nayib Bukele",
        "El Salvador holds over 6,089 BTC worth about $722 million.",
        "\u202eRTL override\u202c",
        "e\u0301\u0301\u0301",
        "\x00\x01\x02\x1b[31m",
        "\ufeff\u200b\u2028\u2029",
        "<script>alert(1)</script>",
        ".\n" * 50,
        "A" * 5000,
    ]
)
TEXT = st.lists(st.one_of(NEWSY, st.text(max_size=80)), min_size=1, max_size=12).map(" ".join)
DAYS = st.one_of(st.none(), st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 30)))


def spans_are_valid(text: str, rows: dict[str, list[dict]]) -> None:
    for table, table_rows in rows.items():
        for row in table_rows:
            start, end = row.get("char_start"), row.get("char_end")
            if start is None:
                continue
            assert 0 <= start <= end <= len(text), (table, row)
            if "surface" in row:
                assert text[start:end] == row["surface"], (table, row)


@FUZZ
@given(text=TEXT, published=DAYS)
def test_extraction_of_anything_keeps_every_span_valid(text: str, published: datetime | None) -> None:
    doc = Document(text=text, title=None, url=None, source=None, published_at=published, input="fuzz", record="1")
    spans_are_valid(text, extract_document(doc))


@FUZZ
@given(value=st.one_of(st.text(max_size=60), NEWSY, st.integers(), st.floats(allow_nan=True)))
def test_publication_dates_parse_or_say_why(value: object) -> None:
    try:
        parsed = parse_published(value)
    except UnparseableDate as exc:
        assert str(exc)
    else:
        assert parsed is None or isinstance(parsed, datetime)


def read_all(path: Path) -> list:
    items = list(read_path(path, OPTIONS))
    for item in items:
        assert isinstance(item, Document | Reject | Checkpoint)
        if isinstance(item, Reject):
            assert item.reason and item.detail, item
        if isinstance(item, Document):
            assert item.text and len(item.text) <= OPTIONS.max_chars
    return items


SUFFIXES = [".jsonl", ".jsonl.gz", ".csv", ".txt", ".md", ".html", ".xml", ".parquet", ".bin"]


@FUZZ
@given(content=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_in_any_file_type_are_read_or_rejected(tmp_path_factory, content: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(content)
    read_all(path)


@FUZZ
@given(
    records=st.lists(
        st.dictionaries(
            st.sampled_from(["title", "body", "text", "datetime", "url", "source", "x"]),
            st.one_of(TEXT, st.integers(), st.none(), st.lists(st.integers(), max_size=3), st.floats()),
            max_size=6,
        ),
        max_size=8,
    ),
    gz=st.booleans(),
)
def test_json_records_of_any_shape_are_read_or_rejected(tmp_path_factory, records: list[dict], gz: bool) -> None:
    path = tmp_path_factory.mktemp("fuzz") / ("c.jsonl.gz" if gz else "c.jsonl")
    payload = "".join(json.dumps(r) + "\n" for r in records).encode()
    path.write_bytes(gzip.compress(payload) if gz else payload)
    items = read_all(path)
    assert sum(1 for i in items if not isinstance(i, Checkpoint)) == len(records)


@FUZZ
@given(body=TEXT, depth=st.integers(min_value=0, max_value=5000), tag=st.sampled_from(["div", "span", "b", "table"]))
def test_deeply_nested_html_is_read_or_rejected(body: str, depth: int, tag: str) -> None:
    page = f"<html><body>{f'<{tag}>' * depth}<p>{body}</p>{f'</{tag}>' * depth}</body></html>"
    item = read_html(page.encode("utf-8", "replace"), input="p.html", record="p.html", meta={}, options=OPTIONS)
    assert isinstance(item, Document | Reject)
    if isinstance(item, Reject):
        assert item.reason and item.detail


@FUZZ
@given(entries=st.lists(st.tuples(TEXT, TEXT, st.text(max_size=40)), max_size=5), junk=st.binary(max_size=200))
def test_feeds_with_anything_in_them_are_read_or_rejected(entries: list[tuple[str, str, str]], junk: bytes) -> None:
    from xml.sax.saxutils import escape

    items = "".join(
        f"<item><title>{escape(t)}</title><description>{escape(d)}</description><pubDate>{escape(p)}</pubDate></item>"
        for t, d, p in entries
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'.encode(
        "utf-8", "replace"
    )
    for content in (feed, feed + junk, junk + feed):
        for item in read_feed(content, input="f.xml", options=OPTIONS):
            assert isinstance(item, Document | Reject | Checkpoint)
            if isinstance(item, Reject):
                assert item.reason and item.detail


def test_one_enormous_line_and_one_enormous_number(tmp_path: Path) -> None:
    huge_number = "9" * 100_000
    path = tmp_path / "big.jsonl"
    path.write_text(
        json.dumps({"title": "Big", "body": f"The fund holds {huge_number} BTC and 10^400 ETH.", "datetime": "2025-07-01"})
        + "\n"
        + json.dumps({"body": "x " * 1_500_000})  # longer than max_bytes: refused unread
        + "\n"
    )
    items = read_all(path)
    (doc,) = [i for i in items if isinstance(i, Document)]
    spans_are_valid(doc.text, extract_document(doc))
    assert [r.reason for r in items if isinstance(r, Reject)] == ["oversized"]
    assert date(2025, 7, 1) == doc.published_day
