"""URL fetching against a misbehaving server on 127.0.0.1: every failure is bounded and explained."""

from __future__ import annotations

import time

import pytest

from newsfacts.fetch import FetchError, HttpFetcher

from .httpserver import serve


@pytest.fixture(scope="module")
def base_url():
    with serve() as url:
        yield url


def test_fetches_a_feed(base_url: str) -> None:
    fetched = HttpFetcher().fetch(f"{base_url}/feed.xml")
    assert fetched.content.startswith(b"<?xml") and fetched.content_type == "application/rss+xml"


@pytest.mark.parametrize(
    "path,message",
    [
        ("/down.xml", "HTTP 500"),
        ("/image.png", "unexpected content type 'image/png'"),
        ("/endless.xml", "larger than 1,000,000 bytes"),
        ("/loop", "redirect"),
        ("/to-file", "file:///etc/passwd' is not allowed|refused scheme 'file'"),
        ("/truncated.xml", "truncated: 100 of"),
    ],
)
def test_bad_responses_are_fetch_errors(base_url: str, path: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        HttpFetcher(max_bytes=1_000_000, timeout=5).fetch(f"{base_url}{path}")


def test_slow_body_hits_the_total_time_limit(base_url: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="longer than 1 s"):
        HttpFetcher(timeout=1).fetch(f"{base_url}/slow.xml")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://x/"])
def test_non_http_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="refused scheme"):
        HttpFetcher().fetch(url)
