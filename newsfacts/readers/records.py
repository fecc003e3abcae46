"""Turning one input record into a Document, or a Reject that says why not."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from newsfacts.model import Document, Item, Reject, compose_text
from newsfacts.published import UnparseableDate, parse_published
from newsfacts.readers.options import ReadOptions


def clean_text(value: object) -> str:
    """Text as the pipeline stores it: BOM dropped, newlines as ``\\n``, outer space trimmed.

    >>> clean_text("\\ufeff Body line\\r\\nnext \\n")
    'Body line\\nnext'
    """
    if value is None:
        return ""
    text = str(value)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def host_of(url: str | None) -> str | None:
    """The host name of a URL, without ``www.``, as a fallback source name.

    >>> host_of("https://www.coindesk.com/markets/2025/06/16/x")
    'coindesk.com'
    >>> host_of(None) is None
    True
    """
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def build_document(
    *,
    input: str,
    record: str,
    title: object,
    body: object,
    url: object,
    source: object,
    published: object,
    options: ReadOptions,
) -> Item:
    """A Document from raw field values, or the Reject that explains why it cannot be one."""
    title_text = clean_text(title).replace("\n", " ") or None
    body_text = clean_text(body)
    if not body_text:
        return Reject(input, record, "empty_body", "the record has no body text")
    text = compose_text(title_text, body_text)
    if len(text) > options.max_chars:
        return Reject(
            input, record, "oversized", f"text has {len(text):,} characters; the cap is {options.max_chars:,}"
        )
    if "\x00" in text:
        return Reject(input, record, "binary", "the text holds NUL characters")
    try:
        published_at = parse_published(published)
    except UnparseableDate as exc:
        return Reject(input, record, "bad_date", str(exc))
    url_text = clean_text(url) or None
    return Document(
        text=text,
        title=title_text,
        url=url_text,
        source=clean_text(source) or host_of(url_text),
        published_at=published_at,
        input=input,
        record=record,
    )


def pick(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    """The first non-empty value among ``keys``, matched case-insensitively.

    >>> pick({"Body": "x", "text": ""}, ("text", "body"))
    'x'
    """
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in keys:
        value = lowered.get(key.lower())
        if value not in (None, ""):
            return value
    return None


def document_from_mapping(record: Mapping[str, Any], *, input: str, where: str, options: ReadOptions) -> Item:
    """A Document from a corpus record (JSON object, CSV row, Parquet row)."""
    body_keys = options.keys_for("text")
    if pick(record, body_keys) is None and not any(k.lower() in {b.lower() for b in body_keys} for k in record):
        return Reject(
            input, where, "no_body_field", f"no body field among {list(body_keys)}; map one with --field text=KEY"
        )
    return build_document(
        input=input,
        record=where,
        title=pick(record, options.keys_for("title")),
        body=pick(record, body_keys),
        url=pick(record, options.keys_for("url")),
        source=pick(record, options.keys_for("source")),
        published=pick(record, options.keys_for("published_at")),
        options=options,
    )
