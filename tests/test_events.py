"""Events: every event of ../shared/eval/seeds.gold.jsonl comes out of the seeds with its date;
the same event reported by both seeds is grouped."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from newsfacts.extract import extract_document
from newsfacts.extract.dates import extract_dates
from newsfacts.extract.events import event_types, extract_events
from newsfacts.model import Document

from .conftest import SEEDS

# The seed events (as listed in seeds.gold.jsonl), with the type our vocabulary gives each.
SEED_EVENTS = {
    "000_264ded348f87b4b3.txt": [
        ("meeting", ("2025-07-14", "2025-07-20", "week"), {"Bilal Bin Saqib", "Nayib Bukele"}),
        ("agreement", ("2025-07-14", "2025-07-20", "week"), {"Bilal Bin Saqib", "Nayib Bukele"}),
        ("holding", ("2025-07-17", "2025-07-17", "day"), {"El Salvador"}),
        ("allocation", ("2025-01-01", "2025-07-17", "year"), set()),
    ],
    "003_b1897cf5cef22458.txt": [
        ("statement", ("2025-07-17", "2025-07-17", "day"), {"Bilal Bin Saqib", "Nayib Bukele"}),
        ("objection", ("2025-07-01", "2025-07-17", "month"), {"International Monetary Fund", "Pakistan"}),
        ("allocation", ("2025-05-01", "2025-05-31", "month"), {"Pakistan", "Pakistan Crypto Council"}),
        ("loan", ("2027-01-01", "2027-12-31", "year"), {"Pakistan", "International Monetary Fund"}),
    ],
}


def seed(name: str) -> Document:
    text = (SEEDS / name).read_text(encoding="utf-8").strip()
    return Document(text, None, name, "seed", datetime(2025, 7, 17), str(SEEDS / name), name)


@pytest.mark.parametrize("name", sorted(SEED_EVENTS))
def test_every_seed_event_is_found_with_its_date(name: str) -> None:
    rows = extract_document(seed(name))["raw_events"]
    for kind, (start, end, granularity), actors in SEED_EVENTS[name]:
        matches = [
            r
            for r in rows
            if r["event_type"] == kind
            and (str(r["date_start"]), str(r["date_end"]), r["granularity"]) == (start, end, granularity)
            and actors <= set(r["actors"])
        ]
        assert matches, f"{kind} {start}..{end} with {actors} not among {[(r['event_type'], r['date_start']) for r in rows]}"


def test_event_rows_point_at_their_sentence() -> None:
    doc = seed("000_264ded348f87b4b3.txt")
    for row in extract_document(doc)["raw_events"]:
        assert doc.text[row["char_start"] : row["char_end"]] == row["sentence"]
        assert doc.text[row["trigger_start"] : row["trigger_end"]] == row["trigger"]
        assert row["event_type"] in event_types()


def test_a_sentence_without_a_date_takes_the_publication_day_and_says_so() -> None:
    text = "The exchange launched a new fund."
    (event,) = extract_events(text, extract_dates(text, date(2025, 7, 17)), [], date(2025, 7, 17))
    assert (event.event_type, event.date_start, event.date_source) == ("launch", date(2025, 7, 17), "published")
    (undated,) = extract_events(text, [], [], None)
    assert undated.date_start is None and undated.date_source is None


def test_a_reporting_verb_is_an_event_only_alone() -> None:
    text = "Analysts said the fund bought 500 BTC. The CEO said growth would continue."
    found = [e.event_type for e in extract_events(text, [], [], date(2025, 7, 17))]
    assert found == ["purchase", "statement"]


@pytest.mark.usefixtures("prefect_harness")
def test_both_seeds_report_the_meeting_and_the_allocation(fresh_db: Path) -> None:
    from flows.pipeline import pipeline

    pipeline(inputs=[str(SEEDS)], db=str(fresh_db))
    con = duckdb.connect(str(fresh_db), read_only=True)
    shared = con.execute(
        "select event_type, articles, sources from event_clusters where articles > 1 order by event_type"
    ).fetchall()
    assert ("allocation", 2, 2) in shared and ("meeting", 2, 2) in shared
    # a re-run regroups to the same clusters
    before = con.execute("select * from event_cluster_members order by 1").fetchall()
    con.close()
    pipeline(inputs=[str(SEEDS)], db=str(fresh_db))
    con = duckdb.connect(str(fresh_db), read_only=True)
    assert con.execute("select * from event_cluster_members order by 1").fetchall() == before
