"""Readers: every input users have, streamed as Documents and Rejects.

``read_path`` takes a file or a folder; ``read_fetched`` takes the body of a fetched URL.
Nothing here raises on bad input: each bad record becomes a :class:`~newsfacts.model.Reject`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path

from newsfacts.fetch import Fetched, FetchError, Fetcher, is_url
from newsfacts.model import FILE, Checkpoint, Item, Reject
from newsfacts.outputs import is_own_output
from newsfacts.readers.corpus import UNREADABLE, corpus_format, open_binary, read_corpus
from newsfacts.readers.cursors import NOTHING_SEEN, Seen, file_fingerprint, head_hash, input_key, resume_after
from newsfacts.readers.options import FIELD_ALIASES, ReadOptions, parse_field_overrides
from newsfacts.readers.pages import looks_like_feed, read_feed, read_html, read_text_file

__all__ = [
    "FIELD_ALIASES",
    "ReadOptions",
    "Seen",
    "iter_inputs",
    "parse_field_overrides",
    "read_fetched",
    "read_path",
]

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
MANIFEST = "manifest.csv"


def read_path(path: Path, options: ReadOptions, seen: Seen = NOTHING_SEEN) -> Iterator[Item]:
    """Every document in a file or folder (recursively, in name order) not read before.

    A folder's warehouse files and the folders newsfacts writes (reports) are not input.

    Each file is followed by a :class:`Checkpoint`; files that ``seen`` says are unchanged
    yield only an ``unchanged`` checkpoint.
    """
    if path.is_dir():
        manifest = _load_manifest(path)
        children = (p for p in path.rglob("*") if p.is_file() and not _hidden(p, path) and not is_own_output(p))
        for child in sorted(children):
            if child.name.lower() == MANIFEST and child.parent == path:
                continue
            yield from _read_file(child, options, manifest.get(child.name, {}), seen)
    elif path.is_file():
        manifest = _load_manifest(path.parent)
        yield from _read_file(path, options, manifest.get(path.name, {}), seen)
    else:
        yield Reject(str(path), "-", "not_found", "no such file or folder")


def read_fetched(fetched: Fetched, options: ReadOptions, seen: Seen = NOTHING_SEEN) -> Iterator[Item]:
    """The documents of a fetched URL: a feed's entries not read before, or one web page."""
    if looks_like_feed(fetched.content):
        yield from read_feed(fetched.content, input=fetched.url, options=options, seen=seen, key=fetched.url)
    else:
        meta = {"url": fetched.final_url}
        yield read_html(fetched.content, input=fetched.url, record=fetched.final_url, meta=meta, options=options)


def iter_inputs(
    inputs: list[str], options: ReadOptions, fetcher: Fetcher, seen: Seen = NOTHING_SEEN
) -> Iterator[Item]:
    """Every document of every input, paths and URLs alike (library use; the flow fetches in a task)."""
    for value in inputs:
        if is_url(value):
            try:
                fetched = fetcher.fetch(value)
            except FetchError as exc:
                yield Reject(value, "-", "fetch_failed", str(exc))
                continue
            yield from read_fetched(fetched, options, seen)
        else:
            yield from read_path(Path(value), options, seen)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _read_file(path: Path, options: ReadOptions, meta: Mapping[str, str], seen: Seen) -> Iterator[Item]:
    name = str(path)
    key = input_key(path)
    try:
        fingerprint = file_fingerprint(path, options, meta)
    except OSError as exc:
        yield Reject(name, path.name, "unreadable", f"{type(exc).__name__}: {exc}")
        return
    start = resume_after(seen, key, fingerprint, head=lambda n: head_hash(path, n))
    if start is None:
        yield Checkpoint(key, FILE, fingerprint, 0, True, unchanged=True)
        return
    if corpus_format(path):
        yield from read_corpus(path, options, key=key, fingerprint=fingerprint, start_after=start)
        return
    yield from _read_single(path, options, meta, seen, key)
    yield Checkpoint(key, FILE, fingerprint, 1, True)


def _read_single(path: Path, options: ReadOptions, meta: Mapping[str, str], seen: Seen, key: str) -> Iterator[Item]:
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES:
        yield Reject(name, path.name, "unsupported_type", f"unsupported file type {suffix or '(none)'!r}")
        return
    size = path.stat().st_size
    if size > options.max_bytes:
        yield Reject(name, path.name, "oversized", f"file has {size:,} bytes; the cap is {options.max_bytes:,}")
        return
    try:
        with open_binary(path) as stream:  # a gzip-compressed page is read through, up to the cap
            content = stream.read(options.max_bytes + 1)
    except UNREADABLE as exc:
        yield Reject(name, path.name, "unreadable", f"{type(exc).__name__}: {exc}")
        return
    if len(content) > options.max_bytes:
        yield Reject(name, path.name, "oversized", f"decompressed content exceeds {options.max_bytes:,} bytes")
        return
    if suffix in TEXT_SUFFIXES:
        yield read_text_file(
            content, input=name, record=path.name, meta=meta, options=options, markdown=suffix != ".txt"
        )
    elif suffix in HTML_SUFFIXES:
        yield read_html(content, input=name, record=path.name, meta=meta, options=options)
    elif looks_like_feed(content):
        yield from read_feed(content, input=name, options=options, seen=seen, key=key)
    else:
        yield Reject(name, path.name, "malformed_feed", "an .xml file that is not an RSS or Atom feed")


def _load_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """``manifest.csv`` beside the files: file name -> url, source, title, published_at."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out: dict[str, dict[str, str]] = {}
    for row in rows:
        key = (row.get("file") or row.get("filename") or "").strip()
        if key:
            out[key] = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
    return out
