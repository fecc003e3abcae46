"""How far each input has been read, so that a run reads only what is new.

A reader yields a :class:`Checkpoint` after the records it covers; the flow loads it in the
same transaction as the batch holding those records, so a killed run never remembers more
than it stored. The next run hands the stored checkpoints back as :class:`Seen`:

- a file (text, Markdown, HTML, a feed file) unchanged since it was read is skipped;
- a corpus file that grew at its end resumes after the last record read; one that was
  replaced, or read with other options, is read again from its first record;
- a feed's entries are remembered one by one (by id, else link): only new entries are read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newsfacts.model import FILE, Checkpoint
from newsfacts.readers.options import ReadOptions

# Bump when reading changes so that every input is read again with the new rules.
READER_VERSION = 1
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Seen:
    """What earlier runs read: checkpoints by (input, item)."""

    checkpoints: Mapping[tuple[str, str], Checkpoint] = field(default_factory=dict)

    @classmethod
    def of(cls, checkpoints: Iterable[Checkpoint]) -> Seen:
        return cls({(c.input, c.item): c for c in checkpoints})

    def get(self, input: str, item: str = FILE) -> Checkpoint | None:
        return self.checkpoints.get((input, item))

    def __len__(self) -> int:
        return len(self.checkpoints)


NOTHING_SEEN = Seen()


def input_key(path: Path) -> str:
    """The name a file is remembered under: its absolute path (the same from any folder)."""
    return str(path.resolve())


def options_key(options: ReadOptions, meta: Mapping[str, str] | None = None) -> str:
    """A short hash of everything besides the bytes that decides what a file reads as.

    >>> options_key(ReadOptions()) == options_key(ReadOptions())
    True
    >>> options_key(ReadOptions(max_chars=10)) == options_key(ReadOptions())
    False
    """
    payload = json.dumps(
        [READER_VERSION, sorted(options.fields.items()), options.max_chars, options.max_bytes, sorted((meta or {}).items())]
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def head_hash(path: Path, size: int) -> str:
    """``length:sha`` of the file's first ``size`` bytes."""
    with path.open("rb") as handle:
        head = handle.read(size)
    return f"{len(head)}:{hashlib.sha256(head).hexdigest()[:16]}"


def file_fingerprint(path: Path, options: ReadOptions, meta: Mapping[str, str] | None = None) -> str:
    """``identity|state`` of a file as it is now (reads at most its first 64 KiB)."""
    stat = path.stat()
    return f"{head_hash(path, HEAD_BYTES)}:{options_key(options, meta)}|{stat.st_size}:{stat.st_mtime_ns}"


def resume_after(seen: Seen, key: str, fingerprint: str, head: Callable[[int], str] | None = None) -> int | None:
    """Records of the file to pass over: None when it is unchanged (skip it), else 0 (read it
    all) or the position a file that grew at its end resumes after.

    ``head(n)`` gives ``length:sha`` of the file's first n bytes now: a file that was shorter
    than 64 KiB when last read resumes when those bytes are still the same.

    >>> done = Checkpoint("/c.jsonl", FILE, "9:ab:o|9:1", 7, True)
    >>> resume_after(Seen.of([done]), "/c.jsonl", "9:ab:o|9:1") is None
    True
    >>> resume_after(Seen.of([done]), "/c.jsonl", "30:cd:o|30:2", head=lambda n: "9:ab")
    7
    >>> resume_after(Seen.of([done]), "/c.jsonl", "30:cd:o|30:2", head=lambda n: "9:ef")
    0
    >>> resume_after(Seen.of([done]), "/c.jsonl", "9:ab:other|9:3")
    0
    """
    previous = seen.get(key)
    if previous is None:
        return 0
    if previous.complete and previous.fingerprint == fingerprint:
        return None
    was_length, was_sha, was_options = previous.identity.split(":")
    length, _sha, now_options = fingerprint.partition("|")[0].split(":")
    was_size = int(previous.fingerprint.partition("|")[2].split(":")[0])
    now_size = int(fingerprint.partition("|")[2].split(":")[0])
    if was_options != now_options or now_size < was_size:
        return 0
    if previous.identity == fingerprint.partition("|")[0]:
        return previous.position
    if head is not None and int(was_length) < int(length) and head(int(was_length)) == f"{was_length}:{was_sha}":
        return previous.position
    return 0


def entry_key(entry: Mapping[str, object], title: str | None, published: object) -> str:
    """What a feed entry is remembered by: its id, else its link, else a hash of its title and date.

    >>> entry_key({"id": "urn:1", "link": "https://x/1"}, "T", None)
    'urn:1'
    >>> entry_key({}, "Fund buys BTC", "2025-06-01")[:6]
    'sha256'
    """
    for name in ("id", "link"):
        value = entry.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()[:2000]
    digest = hashlib.sha256(json.dumps([title, str(published)]).encode()).hexdigest()[:24]
    return f"sha256:{digest}"
