"""`make bench`: extraction speed over the whole corpus, against the libraries a user would reach for.

Prints articles per second on one core (CPU time of this process) over every article of
../shared/corpus/bitcoin_news_2025.jsonl.gz for: figures and holdings; dates and events; entity
mentions and resolution. Then the anchors, on the same first articles in this run: quantulum3
for figures (1,000 articles) and dateparser's search_dates for dates (300 articles).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import warnings
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from newsfacts.published import parse_published

REPO = Path(__file__).resolve().parent.parent


def load_texts(corpus: Path) -> list[tuple[str, date]]:
    texts = []
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            body = record.get("body") or ""
            if body.strip():
                title = record.get("title") or ""
                published = parse_published(record.get("datetime"))
                day = published.date() if published else date(2025, 7, 1)
                texts.append((f"{title}\n{body}" if title else body, day))
    return texts


def rate(texts: list[tuple[str, date]], work: Callable[[str, date], object]) -> float:
    started = time.process_time()  # one core: CPU time of this process
    for text, day in texts:
        work(text, day)
    return len(texts) / (time.process_time() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--baseline-articles", type=int, default=1000)
    parser.add_argument("--dateparser-articles", type=int, default=300)
    args = parser.parse_args()
    corpus = args.shared / "corpus" / "bitcoin_news_2025.jsonl.gz"
    if not corpus.exists():
        print(f"{corpus} is absent: put ../shared beside the repo", file=sys.stderr)
        return 2
    from newsfacts.extract.dates import extract_dates
    from newsfacts.extract.entities import extract_mentions
    from newsfacts.extract.events import extract_events
    from newsfacts.extract.figures import extract_figures, rupee_for
    from newsfacts.extract.holdings import extract_holdings
    from newsfacts.extract.sentences import sentence_spans

    texts = load_texts(corpus)
    extract_figures("warm up the tables: $1 million")

    def figures_and_holdings(text: str, day: date) -> object:  # holders from names found here too
        figures = extract_figures(text, rupee=rupee_for(text))
        return extract_holdings(text, figures)

    def figures_alone(text: str, day: date) -> object:
        return extract_figures(text, rupee=rupee_for(text))

    def dates_and_events(text: str, day: date) -> object:
        return extract_events(text, extract_dates(text, day), [], day, sentence_spans(text))

    def entities(text: str, day: date) -> object:
        return extract_mentions(text)

    def dates_alone(text: str, day: date) -> object:
        return extract_dates(text, day)

    print(f"one core, {len(texts):,} articles of {corpus.name}:")
    ours = {}
    for name, work in [
        ("figures", figures_alone),
        ("figures + holdings (+ names)", figures_and_holdings),
        ("dates + events", dates_and_events),
        ("dates", dates_alone),
        ("entities (mentions + resolution)", entities),
    ]:
        ours[name] = rate(texts, work)
        print(f"  {name:<34} {ours[name]:>8,.0f} articles/s")
    # Events alone, as the pipeline runs them: on the dates, figures, mentions and sentences it has.
    prepared = [
        (text, extract_dates(text, day), extract_figures(text), day, sentence_spans(text), extract_mentions(text))
        for text, day in texts
    ]
    started = time.process_time()
    for text, dates, figures, day, spans, mentions in prepared:
        extract_events(text, dates, figures, day, spans, mentions)
    events_rate = len(prepared) / (time.process_time() - started)
    print(f"  {'events (given dates, figures, names)':<34} {events_rate:>8,.0f} articles/s")
    started = time.process_time()
    for text, dates, figures, day, spans, mentions in prepared:
        extract_holdings(text, figures, spans, mentions)
    holdings_rate = len(prepared) / (time.process_time() - started)
    print(f"  {'holdings (given figures, names)':<34} {holdings_rate:>8,.0f} articles/s")
    del prepared

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser as quantulum

        sample = texts[: args.baseline_articles]
        mine, theirs = rate(sample, figures_and_holdings), rate(sample, lambda t, d: quantulum.parse(t))
        print(
            f"figures on the same {len(sample):,} articles: newsfacts {mine:,.0f}/s,"
            f" quantulum3 {theirs:,.1f}/s -> {mine / theirs:,.0f}x"
        )
        from dateparser.search import search_dates

        sample = texts[: args.dateparser_articles]
        settings = {"RETURN_AS_TIMEZONE_AWARE": False}

        def dateparser_dates(text: str, day: date) -> object:
            base = datetime(day.year, day.month, day.day)
            return search_dates(text, settings={**settings, "RELATIVE_BASE": base}, languages=["en"])

        mine, theirs = rate(sample, dates_and_events), rate(sample, dateparser_dates)
        print(
            f"dates on the same {len(sample):,} articles: newsfacts (dates + events) {mine:,.0f}/s,"
            f" dateparser search_dates {theirs:,.1f}/s -> {mine / theirs:,.0f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
