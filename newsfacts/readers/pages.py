"""Single documents held in bytes: plain text and Markdown, saved HTML pages, RSS/Atom feeds."""

from __future__ import annotations

import re
from calendar import timegm
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from newsfacts.model import Checkpoint, Item, Reject
from newsfacts.readers.cursors import NOTHING_SEEN, Seen, entry_key, options_key
from newsfacts.readers.options import ReadOptions
from newsfacts.readers.records import build_document, host_of

_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


def decode_text(content: bytes, *, input: str, record: str) -> str | Reject:
    """Strict UTF-8, or the Reject for binary content and invalid bytes.

    >>> decode_text(b"caf\\xc3\\xa9", input="a.txt", record="a.txt")
    'café'
    >>> decode_text(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00", input="a.txt", record="a.txt").reason
    'binary'
    >>> decode_text(b"caf\\xe9", input="a.txt", record="a.txt").detail
    'invalid UTF-8 at byte 3'
    """
    if b"\x00" in content[:8192]:
        return Reject(input, record, "binary", "binary content (NUL bytes), not text")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Reject(input, record, "invalid_utf8", f"invalid UTF-8 at byte {exc.start}")


def read_text_file(
    content: bytes, *, input: str, record: str, meta: Mapping[str, str], options: ReadOptions, markdown: bool
) -> Item:
    """A plain-text or Markdown article; ``meta`` comes from the manifest beside it.

    The manifest's title wins; a Markdown file's leading ``# Heading`` is its title. A first
    line that repeats the title is dropped, so the title's facts are not stored twice.
    """
    decoded = decode_text(content, input=input, record=record)
    if isinstance(decoded, Reject):
        return decoded
    title: str | None = meta.get("title") or None
    body = decoded
    first, _, rest = decoded.lstrip("\ufeff").lstrip().partition("\n")
    heading = _MD_HEADING.match(first) if markdown else None
    if markdown and not title and heading:
        title, body = heading.group(1), rest
    elif title and _same_line(heading.group(1) if heading else first, title):
        body = rest  # the manifest's title is the file's first line: stored once
    return build_document(
        input=input,
        record=record,
        title=title,
        body=body,
        url=meta.get("url"),
        source=meta.get("source"),
        published=meta.get("published_at"),
        options=options,
    )


def _same_line(line: str, title: str) -> bool:
    """A line that says the title (spacing and case aside).

    >>> _same_line("  Pakistan  turns to El Salvador ", "Pakistan turns to El Salvador")
    True
    """
    return " ".join(line.split()).casefold() == " ".join(title.split()).casefold()


def read_html(content: bytes, *, input: str, record: str, meta: Mapping[str, str], options: ReadOptions) -> Item:
    """The main text and metadata of a saved web page, through trafilatura."""
    import trafilatura

    decoded = decode_text(content, input=input, record=record)
    if isinstance(decoded, Reject):
        return decoded
    try:
        page = trafilatura.bare_extraction(decoded, with_metadata=True, include_comments=False, include_tables=False)
    except Exception as exc:  # noqa: BLE001 - a third-party parser on hostile input: any failure is a reject
        return Reject(input, record, "unparseable_html", f"{type(exc).__name__}: {exc}"[:300])
    if page is None or not (page.text or "").strip():
        return Reject(input, record, "empty_body", "no main text found in the page")
    title = meta.get("title") or page.title
    body = page.text
    if title:  # trafilatura repeats the headline as the first line of the text
        first, _, rest = body.partition("\n")
        if first.strip() == title.strip():
            body = rest
    url = meta.get("url") or page.url
    return build_document(
        input=input,
        record=record,
        title=title,
        body=body,
        url=url,
        source=meta.get("source") or page.sitename or host_of(url),
        published=meta.get("published_at") or page.date,
        options=options,
    )


def looks_like_feed(content: bytes) -> bool:
    """True for RSS, Atom or RDF feed XML.

    >>> looks_like_feed(b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>')
    True
    >>> looks_like_feed(b"<!doctype html><html><body>hi</body></html>")
    False
    """
    head = content[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def read_feed(
    content: bytes, *, input: str, options: ReadOptions, seen: Seen = NOTHING_SEEN, key: str | None = None
) -> Iterator[Item]:
    """Every entry of an RSS or Atom feed not read before, through feedparser (never lets it
    fetch anything). Each entry read is followed by a :class:`Checkpoint` under ``key`` (the
    feed's URL or file), its item the entry's id or link; an entry ``seen`` already yields only
    an ``unchanged`` one."""
    import feedparser

    parsed = feedparser.parse(content)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        why = f"not a readable feed: {problem}" if problem else "the feed has no entries"
        yield Reject(input, "-", "malformed_feed" if problem else "empty_feed", why[:300])
        return
    feed_title = (parsed.get("feed") or {}).get("title")
    version = options_key(options)
    for number, entry in enumerate(entries, start=1):
        ident = entry_key(entry, entry.get("title"), _field(entry, "published") or _field(entry, "updated"))
        previous = seen.get(key, ident) if key is not None else None
        if previous is not None and previous.fingerprint == version:
            yield Checkpoint(key or input, ident, version, number, True, unchanged=True)
            continue
        yield _feed_entry(entry, record=f"entry {number} ({ident})", input=input, feed_title=feed_title, options=options)
        if key is not None:
            yield Checkpoint(key, ident, version, number, True)


def _field(entry: Any, key: str) -> Any:
    """An entry's own field, without feedparser's deprecated updated/published fallback."""
    return dict.get(entry, key)


def _feed_entry(entry: Any, *, record: str, input: str, feed_title: str | None, options: ReadOptions) -> Item:
    contents = entry.get("content") or []
    html = contents[0].get("value") if contents else entry.get("summary")
    body = _html_to_text(html) if html else ""
    link = entry.get("link")
    published: object = _field(entry, "published") or _field(entry, "updated")
    parsed_time = _field(entry, "published_parsed") or _field(entry, "updated_parsed")
    if parsed_time:  # feedparser normalizes every date format it knows to UTC
        published = datetime.fromtimestamp(timegm(parsed_time), UTC)
    return build_document(
        input=input,
        record=record,
        title=entry.get("title"),
        body=body,
        url=link,
        source=feed_title or host_of(link),
        published=published,
        options=options,
    )


_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre", "section", "article")
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\u00a0]+")


def _html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one line per block.

    >>> _html_to_text("<p>The fund bought <b>300 ETH</b>.</p><p>Second&nbsp;line</p>")
    'The fund bought 300 ETH.\\nSecond line'
    """
    if "<" not in fragment:
        return fragment
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
        for element in root.iter("br", *_BLOCKS):
            element.tail = "\n" + (element.tail or "")
        text = root.text_content()
    except (etree.ParserError, ValueError):
        text = _TAG.sub(" ", fragment)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
