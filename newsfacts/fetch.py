"""Fetching URLs behind a small interface: a bounded HTTP client, and an offline stand-in.

Every fetch has a total time limit, a size limit and a redirect limit, and refuses any scheme
but http and https. Retrying is the caller's business (the flow's fetch task retries).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from newsfacts import config

ALLOWED_TYPES = ("text/", "application/xml", "application/rss", "application/atom", "application/rdf",
                 "application/xhtml", "application/json", "application/x-ndjson", "application/octet-stream")


class FetchError(RuntimeError):
    """A URL could not be fetched within the limits; the message says why."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """The body of a fetched URL."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    content: bytes
    content_type: str


class Fetcher(Protocol):
    def fetch(self, url: str) -> Fetched: ...


def is_url(value: str) -> bool:
    """True for anything with a URL scheme (``http:``, ``ftp:``, ``file:``...) but a drive letter.

    >>> is_url("https://example.com/feed.xml"), is_url("ftp://x/y"), is_url("../corpus/a.jsonl")
    (True, True, False)
    """
    scheme = urlsplit(value).scheme
    return len(scheme) > 1 and "://" in value


def check_scheme(url: str) -> None:
    """Refuse anything but http(s).

    >>> check_scheme("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    newsfacts.fetch.FetchError: refused scheme 'file': only http and https URLs are fetched
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"refused scheme {scheme!r}: only http and https URLs are fetched")


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.max_redirections = limit

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        check_scheme(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass(frozen=True, slots=True)
class HttpFetcher:
    """Fetch over HTTP(S) with a total time limit, a size cap and a redirect cap."""

    timeout: float = config.FETCH_TIMEOUT
    max_bytes: int = 16 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = "newsfacts/0.1 (+feed reader)"

    def fetch(self, url: str) -> Fetched:
        check_scheme(url)
        opener = urllib.request.build_opener(_LimitedRedirects(self.max_redirects))
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
        deadline = time.monotonic() + self.timeout
        try:
            with opener.open(request, timeout=self.timeout) as response:
                content_type = response.headers.get_content_type()
                if not content_type.startswith(ALLOWED_TYPES):
                    raise FetchError(f"{url}: unexpected content type {content_type!r}")
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"{url}: {int(declared):,} bytes declared; the cap is {self.max_bytes:,}")
                chunks: list[bytes] = []
                size = 0
                while True:
                    if time.monotonic() > deadline:
                        raise FetchError(f"{url}: took longer than {self.timeout:g} s")
                    chunk = response.read1(64 * 1024)  # returns what has arrived, never waits to fill
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"{url}: body larger than {self.max_bytes:,} bytes")
                    chunks.append(chunk)
                if declared and declared.isdigit() and size < int(declared):
                    raise FetchError(f"{url}: truncated: {size:,} of {int(declared):,} bytes received")
                return Fetched(url, response.geturl(), b"".join(chunks), content_type)
        except urllib.error.HTTPError as exc:
            raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, HTTPException, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FetchError(f"{url}: {type(exc).__name__}: {reason}") from None


@dataclass(frozen=True, slots=True)
class OfflineFetcher:
    """Serves URLs from local files: for running feed inputs with no network at all."""

    files: Mapping[str, Path]
    content_type: str = "application/rss+xml"

    def fetch(self, url: str) -> Fetched:
        check_scheme(url)
        path = self.files.get(url)
        if path is None:
            raise FetchError(f"{url}: not available offline")
        return Fetched(url, url, path.read_bytes(), self.content_type)
