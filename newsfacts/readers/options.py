"""Reader options and the mapping from record keys to document fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from newsfacts import config

# Canonical document field -> record keys tried in order (case-insensitive).
FIELD_ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "title": ("title", "headline"),
        "text": ("body", "text", "content", "article", "description", "summary"),
        "published_at": (
            "datetime",
            "published_at",
            "published_utc",
            "date",
            "published",
            "pubdate",
            "timestamp",
        ),
        "source": ("source", "source_name", "site", "publisher"),
        "url": ("url", "link", "href"),
    }
)
_SYNONYMS = MappingProxyType({"body": "text", "content": "text", "date": "published_at", "datetime": "published_at"})


def parse_field_overrides(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Parse ``--field CANONICAL=KEY`` overrides; an unknown canonical name is an error.

    >>> parse_field_overrides(["text=body", "published_at=ts"])
    {'text': 'body', 'published_at': 'ts'}
    >>> parse_field_overrides(["body=story"])
    {'text': 'story'}
    >>> parse_field_overrides(["txt=body"])
    Traceback (most recent call last):
    ...
    ValueError: unknown field 'txt' in 'txt=body': use one of published_at, source, text, title, url
    """
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, key = pair.partition("=")
        name, key = name.strip().lower(), key.strip()
        if not sep or not name or not key:
            raise ValueError(f"field override {pair!r} is not of the form NAME=KEY (e.g. text=body)")
        name = _SYNONYMS.get(name, name)
        if name not in FIELD_ALIASES:
            known = ", ".join(sorted(FIELD_ALIASES))
            raise ValueError(f"unknown field {pair.partition('=')[0]!r} in {pair!r}: use one of {known}")
        out[name] = key
    return out


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read.

    ``fields`` maps a canonical field (title, text, published_at, source, url) to the record
    key that holds it, overriding the common names in :data:`FIELD_ALIASES`.
    ``max_chars`` caps one document's text; ``max_bytes`` caps one file, record or download
    before it is read whole.
    """

    fields: Mapping[str, str] = field(default_factory=dict)
    max_chars: int = config.MAX_CHARS
    max_bytes: int = config.MAX_BYTES

    def __post_init__(self) -> None:
        unknown = set(self.fields) - set(FIELD_ALIASES)
        if unknown:
            raise ValueError(f"unknown field names: {sorted(unknown)}")
        if self.max_chars <= 0 or self.max_bytes <= 0:
            raise ValueError("max_chars and max_bytes must be positive")

    def keys_for(self, name: str) -> tuple[str, ...]:
        override = self.fields.get(name)
        return (override,) if override else FIELD_ALIASES[name]
