"""`make bench`, first part: the whole pipeline over the corpus, as a user runs it.

Runs `newsfacts run ../shared/corpus/bitcoin_news_2025.jsonl.gz` into a new warehouse, then the
same command again (nothing new), each as its own process, and prints for each: wall seconds,
articles per second, the flow's seconds per stage (from the `runs` table; extraction overlaps
reading and loading, so stage seconds add up to more than the flow's), Prefect's share (the
process's wall time outside the flow body: imports, the temporary API server, task
orchestration), and peak memory of the whole process tree (sum of proportional set size, so
shared pages count once; the maximum resident set of the largest process beside it).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psutil

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Measured:
    wall: float
    peak_pss: int
    peak_rss_one: int
    output: str


def measure(command: list[str], every: float = 0.5) -> Measured:
    """Run ``command``; sample its process tree's memory every ``every`` seconds."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak_pss = peak_rss_one = 0
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout or []), daemon=True)
    reader.start()
    root = psutil.Process(process.pid)
    while process.poll() is None:
        total = 0
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for proc in tree:
            try:
                info = proc.memory_full_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            total += getattr(info, "pss", info.rss)
            peak_rss_one = max(peak_rss_one, info.rss)
        peak_pss = max(peak_pss, total)
        time.sleep(every)
    process.wait()
    reader.join()
    wall = time.monotonic() - started
    output = "".join(lines)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return Measured(wall, peak_pss, peak_rss_one, output)


def report(label: str, measured: Measured, db: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    read, loaded, seconds, stages, checks = con.execute(
        "select read, loaded, seconds, stages, checks from runs order by started_at desc limit 1"
    ).fetchall()[0]
    con.close()
    stages = json.loads(stages)
    prefect = measured.wall - seconds
    print(f"\n{label}")
    print(f"  read {read:,} articles, loaded {loaded:,}; checks {checks}")
    print(f"  wall {measured.wall:.1f} s for the whole command; flow body {seconds:.1f} s", end="")
    print(f" ({read / seconds:,.0f} articles/s)" if read else "")
    print("  stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    print(f"  Prefect's share: {prefect:.1f} s of {measured.wall:.1f} s ({prefect / measured.wall:.0%})")
    print(
        f"  peak memory: {measured.peak_pss / 2**30:.2f} GiB over the process tree (PSS),"
        f" largest process {measured.peak_rss_one / 2**30:.2f} GiB (RSS)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--workers", type=int, default=None, help="as `newsfacts run --workers` (default: cores)")
    parser.add_argument("--batch-size", type=int, default=None, help="as `newsfacts run --batch-size`")
    args = parser.parse_args()
    corpus = args.shared / "corpus" / "bitcoin_news_2025.jsonl.gz"
    if not corpus.exists():
        print(f"{corpus} is absent: put ../shared beside the repo", file=sys.stderr)
        return 2
    newsfacts = str(Path(sys.executable).parent / "newsfacts")
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        command = [newsfacts, "run", str(corpus), "--db", str(db), "--report", str(Path(tmp) / "reports")]
        if args.workers:
            command += ["--workers", str(args.workers)]
        if args.batch_size:
            command += ["--batch-size", str(args.batch_size)]
        print(f"whole pipeline (ingest -> extract -> load -> checks) over {corpus.name}, {psutil.cpu_count()} cores")
        report("first run (everything new):", measure(command), db)
        report("second run (nothing new):", measure(command), db)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
