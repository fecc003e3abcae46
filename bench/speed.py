"""`make bench`: extraction speed over the whole corpus, against the libraries a user would reach for.

Prints articles per second on one core for figure and holding extraction over every article of
../shared/corpus/bitcoin_news_2025.jsonl.gz, and the same measured for quantulum3 on the same
first 1,000 articles in this run, as a ratio.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def load_texts(corpus: Path) -> list[str]:
    texts = []
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            body = record.get("body") or ""
            if body.strip():
                title = record.get("title") or ""
                texts.append(f"{title}\n{body}" if title else body)
    return texts


def rate(texts: list[str], work: Callable[[str], object]) -> float:
    started = time.process_time()  # one core: CPU time of this process
    for text in texts:
        work(text)
    return len(texts) / (time.process_time() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--baseline-articles", type=int, default=1000)
    args = parser.parse_args()
    corpus = args.shared / "corpus" / "bitcoin_news_2025.jsonl.gz"
    if not corpus.exists():
        print(f"{corpus} is absent: put ../shared beside the repo", file=sys.stderr)
        return 2
    from newsfacts.extract.figures import extract_figures, rupee_for
    from newsfacts.extract.holdings import extract_holdings

    texts = load_texts(corpus)
    extract_figures("warm up the tables: $1 million")

    def figures_and_holdings(text: str) -> object:
        figures = extract_figures(text, rupee=rupee_for(text))
        return extract_holdings(text, figures)

    ours = rate(texts, figures_and_holdings)
    print(f"figures + holdings: {ours:,.0f} articles/s on one core over {len(texts):,} articles")

    sample = texts[: args.baseline_articles]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser as quantulum

        ours_sample = rate(sample, figures_and_holdings)
        theirs = rate(sample, quantulum.parse)
    print(
        f"on the same {len(sample):,} articles: newsfacts {ours_sample:,.0f}/s, quantulum3 {theirs:,.1f}/s"
        f" -> {ours_sample / theirs:,.0f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
