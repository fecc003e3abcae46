"""The records that flow through the pipeline: a read document, or a rejected input record.

Readers yield :class:`Document` and :class:`Reject` values, and a :class:`Checkpoint` after
the records it covers (how far an input has been read); nothing else crosses the boundary
between reading and extraction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime


def compose_text(title: str | None, body: str) -> str:
    """The document text every character offset refers to.

    Title, a newline and the body; the body alone when there is no title.

    >>> compose_text("Bank buys BTC", "It bought 245 BTC.")
    'Bank buys BTC\\nIt bought 245 BTC.'
    >>> compose_text(None, "It bought 245 BTC.")
    'It bought 245 BTC.'
    """
    return f"{title}\n{body}" if title else body


def content_hash(text: str) -> str:
    """SHA-256 of the document text: the identity used to find duplicates.

    >>> content_hash("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read: its text is the reference for every stored character offset."""

    text: str
    title: str | None
    url: str | None
    source: str | None
    published_at: datetime | None  # UTC, naive
    input: str  # the file, corpus or URL it came from
    record: str  # where in the input: a line number, a row, a feed entry, or the file name

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @property
    def doc_id(self) -> str:
        """Stable id derived from the content: the same text always gets the same id."""
        return self.content_hash[:16]

    @property
    def published_day(self) -> date | None:
        """The calendar day (UTC) that relative dates are resolved against."""
        return self.published_at.date() if self.published_at else None


@dataclass(frozen=True, slots=True)
class Reject:
    """An input record that could not become a document, and why."""

    input: str
    record: str
    reason: str  # a short code: binary, invalid_utf8, malformed_json, empty_body, ...
    detail: str  # the human-readable explanation


FILE = ""  # Checkpoint.item of a whole file or corpus


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """How far one input (or one feed entry) has been read.

    ``fingerprint`` is ``identity|state``: identity (the file's first bytes and the read
    options) says whether a later run may resume; state (size, modification time) whether
    anything changed. ``unchanged`` marks an input skipped by this run: it is counted, not stored.
    """

    input: str
    item: str
    fingerprint: str
    position: int
    complete: bool
    unchanged: bool = False

    @property
    def identity(self) -> str:
        return self.fingerprint.partition("|")[0]


Item = Document | Reject | Checkpoint
