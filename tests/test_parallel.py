"""Extraction over a process pool gives exactly the rows of extraction in one process."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

from newsfacts.extract import extract_batch
from newsfacts.model import Document

from .fixtures import ARTICLES


def test_pool_and_single_process_agree() -> None:
    documents = [
        Document(
            f"{a['title']} (update {i})\n{a['body']}", a["title"], a["url"], a["source"],
            datetime(2025, 7, 17), "fixtures", f"line {i}",
        )
        for i in range(120)
        for a in ARTICLES
    ]
    skip = frozenset({documents[0].doc_id})
    alone = extract_batch(documents, skip=skip)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        pooled = extract_batch(documents, skip=skip, pool=pool)
    assert pooled == alone
    assert len(alone["raw_figures"]) > 300 and documents[0].doc_id not in {r["doc_id"] for r in alone["raw_figures"]}
