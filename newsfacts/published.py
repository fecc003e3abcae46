"""Publication timestamps: every format the inputs use, normalized to naive UTC."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from email.utils import parsedate_to_datetime

_EPOCH = re.compile(r"^\d{9,10}(\.\d+)?$")


class UnparseableDate(ValueError):
    """The value is present but is not a date this module understands."""


def parse_published(value: object) -> datetime | None:
    """Parse a publication timestamp into naive UTC; None when the value is empty.

    ISO 8601 with or without ``Z``, fractional seconds or a space instead of ``T``;
    a bare day; RFC 2822 (feeds); epoch seconds. A timestamp without a zone is UTC.

    >>> parse_published("2025-05-02T10:38:44.000Z")
    datetime.datetime(2025, 5, 2, 10, 38, 44)
    >>> parse_published("2025-05-02 10:38:44")
    datetime.datetime(2025, 5, 2, 10, 38, 44)
    >>> parse_published("2025-07-17")
    datetime.datetime(2025, 7, 17, 0, 0)
    >>> parse_published("Thu, 17 Jul 2025 09:30:00 +0200")
    datetime.datetime(2025, 7, 17, 7, 30)
    >>> parse_published("") is None
    True
    >>> parse_published("next Tuesday")
    Traceback (most recent call last):
    ...
    newsfacts.published.UnparseableDate: unparseable publication date: 'next Tuesday'
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _to_naive_utc(value)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_epoch(float(value), value)
    text = str(value).strip()
    if not text:
        return None
    if _EPOCH.match(text):
        return _from_epoch(float(text), value)
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return _to_naive_utc(datetime.fromisoformat(iso))
    except ValueError:
        pass
    try:
        return _to_naive_utc(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        raise UnparseableDate(f"unparseable publication date: {text[:80]!r}") from None


def _from_epoch(seconds: float, original: object) -> datetime:
    try:
        return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        raise UnparseableDate(f"unparseable publication date: {original!r}") from None


def _to_naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    if not 1900 <= moment.year <= 2200:
        raise UnparseableDate(f"publication date out of range: {moment.isoformat()}")
    return moment
