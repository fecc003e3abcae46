"""`make eval`: run the pipeline on the seeds and on the dev articles, score both with ../shared/eval/score.py."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=None, help="folder for the two warehouses (default: a temp dir)")
    parser.add_argument("--misses", type=int, default=0, help="show up to N misses per class")
    args = parser.parse_args()
    evaluation = args.shared / "eval"
    if not (evaluation / "score.py").exists():
        print(f"{evaluation} is absent: put ../shared beside the repo", file=sys.stderr)
        return 2
    from newsfacts.cli import quiet_prefect

    quiet_prefect(verbose=False)
    from flows.pipeline import pipeline

    out = args.out or Path(tempfile.mkdtemp(prefix="newsfacts-eval-"))
    out.mkdir(parents=True, exist_ok=True)
    cases = [
        ("seeds", [str(REPO / "seeds" / "articles")], evaluation / "seeds.gold.jsonl"),
        ("dev", [str(evaluation / "dev.articles.jsonl")], evaluation / "dev.gold.jsonl"),
    ]
    for name, inputs, gold in cases:
        db = out / f"{name}.duckdb"
        db.unlink(missing_ok=True)
        summary = pipeline(inputs=inputs, db=str(db))
        print(f"== {name}: {summary.lines()[0]}")
        command = [sys.executable, str(evaluation / "score.py"), "--db", str(db), "--gold", str(gold)]
        if args.misses:
            command += ["--misses", str(args.misses)]
        subprocess.run(command, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
