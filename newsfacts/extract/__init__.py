"""Extraction: pure functions from a document's text and publication day to warehouse rows.

Each extractor takes ``(text, published_day)`` and returns rows that carry their character
span in the text; :func:`extract_batch` runs them all over a batch and tags each row with its
``doc_id``, keyed by the ``raw_*`` table the rows load into.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsfacts.model import Document

Rows = dict[str, list[dict[str, Any]]]


def extract_document(doc: Document) -> Rows:
    """All rows extracted from one document, by ``raw_*`` table."""
    return {}


def extract_batch(documents: Sequence[Document]) -> Rows:
    """All rows extracted from a batch of documents, by ``raw_*`` table."""
    out: Rows = {}
    for doc in documents:
        for table, rows in extract_document(doc).items():
            out.setdefault(table, []).extend(rows)
    return out
