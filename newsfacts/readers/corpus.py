"""Corpus files: JSON Lines, CSV and Parquet, each gzip-compressed or not, streamed."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from newsfacts.model import FILE, Checkpoint, Item, Reject
from newsfacts.readers.options import ReadOptions
from newsfacts.readers.records import document_from_mapping

CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".parquet")
# What a corrupt or truncated file (gzip or not) raises while it is read.
UNREADABLE = (OSError, EOFError, gzip.BadGzipFile, zlib.error)
CHECKPOINT_EVERY = 1000  # records between two checkpoints of a corpus being read


def corpus_format(path: Path) -> str | None:
    """``jsonl``, ``csv`` or ``parquet`` from the file name (``.gz`` allowed), else None.

    >>> corpus_format(Path("news.jsonl.gz")), corpus_format(Path("a.CSV")), corpus_format(Path("a.txt"))
    ('jsonl', 'csv', None)
    """
    name = path.name.lower().removesuffix(".gz")
    for suffix in CORPUS_SUFFIXES:
        if name.endswith(suffix):
            return {"ndjson": "jsonl", "json": "jsonl"}.get(suffix[1:], suffix[1:])
    return None


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed on the fly when it is gzip (by magic, not by name)."""
    raw = path.open("rb")
    magic = raw.read(2)
    raw.seek(0)
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    return raw


def read_corpus(
    path: Path, options: ReadOptions, *, key: str | None = None, fingerprint: str = "", start_after: int = 0
) -> Iterator[Item]:
    """Every record of a corpus file after position ``start_after``, as a Document or a Reject.

    A :class:`Checkpoint` under ``key`` follows every ``CHECKPOINT_EVERY`` records and the
    end of the file (none when ``key`` is None).
    """
    kind = corpus_format(path)
    name = str(path)
    position = start_after
    try:
        if kind == "jsonl":
            records = _read_jsonl(path, name, options, start_after)
        elif kind == "csv":
            records = _read_csv(path, name, options, start_after)
        elif kind == "parquet":
            records = _read_parquet(path, name, options, start_after)
        else:
            yield Reject(name, "-", "unsupported_type", f"not a corpus file: {path.name}")
            return
        for number, item in records:
            if item is not None:
                yield item
            if number > position:
                position = number
                if key is not None and number % CHECKPOINT_EVERY == 0:
                    yield Checkpoint(key, FILE, fingerprint, number, False)
    except UNREADABLE as exc:
        # A truncated or corrupt archive: what was read before stays; the rest is one reject.
        yield Reject(name, "-", "unreadable", f"{type(exc).__name__}: {exc}")
    if key is not None:
        yield Checkpoint(key, FILE, fingerprint, position, True)


def _read_jsonl(path: Path, name: str, options: ReadOptions, start_after: int) -> Iterator[tuple[int, Item | None]]:
    """(line number, its Document or Reject) for each line; None for a blank line, and for the
    lines up to ``start_after``, which are passed over undecoded."""
    with open_binary(path) as stream:
        for number, line in enumerate(_bounded_lines(stream, options.max_bytes), start=1):
            yield number, (None if number <= start_after else _jsonl_item(line, name, f"line {number}", options))


def _jsonl_item(line: bytes | None, name: str, where: str, options: ReadOptions) -> Item | None:
    if line is None:
        return Reject(name, where, "oversized", f"the line is longer than {options.max_bytes:,} bytes")
    if not line.strip():
        return None  # a blank line is no record
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Reject(name, where, "invalid_utf8", f"invalid UTF-8 at byte {exc.start} of the line")
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return Reject(name, where, "malformed_json", f"malformed JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(record, dict):
        return Reject(name, where, "malformed_json", f"a JSON {type(record).__name__}, not an object")
    return document_from_mapping(record, input=name, where=where, options=options)


def _bounded_lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Lines of at most ``limit`` bytes; an over-long line yields None and is skipped unread."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drain the rest of the line in bounded pieces
                rest = stream.readline(limit)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _read_csv(path: Path, name: str, options: ReadOptions, start_after: int) -> Iterator[tuple[int, Item | None]]:
    """(row number, its Document or Reject); None for rows up to ``start_after``. The header is row 1."""
    csv.field_size_limit(min(sys.maxsize, options.max_bytes))
    with open_binary(path) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline="")
        reader = csv.DictReader(text)
        row_number = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                row_number += 1
                skip = row_number <= start_after
                yield row_number, None if skip else Reject(name, f"row {row_number}", "malformed_csv", f"malformed CSV: {exc}")
                continue
            row_number += 1
            if row_number <= start_after:
                yield row_number, None
                continue
            where = f"row {row_number}"
            values = [v for v in row.values() if isinstance(v, str)]
            if any(_has_surrogates(v) for v in values):
                yield row_number, Reject(name, where, "invalid_utf8", "the row holds bytes that are not UTF-8")
                continue
            row.pop(None, None)  # extra cells beyond the header
            yield row_number, document_from_mapping(row, input=name, where=where, options=options)


def _has_surrogates(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _read_parquet(path: Path, name: str, options: ReadOptions, start_after: int) -> Iterator[tuple[int, Item | None]]:
    """(row number, its Document or Reject); None for rows up to ``start_after``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with open_binary(path) as stream:
        try:
            parquet = pq.ParquetFile(stream)
        except (pa.ArrowInvalid, OSError) as exc:
            yield 0, Reject(name, "-", "unreadable", f"not a readable Parquet file: {exc}")
            return
        row = 0
        for batch in parquet.iter_batches(batch_size=1024):
            if row + batch.num_rows <= start_after:
                row += batch.num_rows
                yield row, None
                continue
            for record in batch.to_pylist():
                row += 1
                yield row, (None if row <= start_after else document_from_mapping(record, input=name, where=f"row {row}", options=options))
