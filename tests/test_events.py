"""Events (GUIDE §5): one golden case per rule (tests/golden/events.jsonl), the seed events with
their dates and actors, and the same event reported by both seeds grouped."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from newsfacts.extract import extract_document
from newsfacts.extract.dates import extract_dates
from newsfacts.extract.events import DATE_SOURCES, STATUSES, _Mention, event_types, extract_events
from newsfacts.extract.figures import extract_figures
from newsfacts.model import Document

from .conftest import SEEDS

GOLDEN = Path(__file__).parent / "golden" / "events.jsonl"
CASES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]

# Seed events (GUIDE §5, as in seeds.gold.jsonl) that the rules find with their date and actors.
SEED_EVENTS = {
    "000_264ded348f87b4b3.txt": [
        ("meeting", "visited", ("2025-07-14", "2025-07-20"), {"Bilal Bin Saqib", "Nayib Bukele"}),
        ("agreement", "signed", ("2025-07-14", "2025-07-20"), {"Bilal Bin Saqib", "Nayib Bukele"}),
        ("agreement", "signed", (None, None), {"Pakistan", "El Salvador"}),
        ("meeting", "met", (None, None), {"Bilal Bin Saqib", "Nayib Bukele"}),
        ("objection", "expressed concerns", (None, None), {"International Monetary Fund", "Pakistan"}),
    ],
    "003_b1897cf5cef22458.txt": [
        ("objection", "expressed concern", ("2025-07-01", "2025-07-17"), {"International Monetary Fund"}),
        ("objection", "rejected", ("2025-07-01", "2025-07-17"), set()),
        ("objection", "blocks", (None, None), {"International Monetary Fund"}),
        ("meeting", "held a virtual discussion", (None, None), {"Bilal Bin Saqib", "Michael Saylor"}),
    ],
}


def seed(name: str) -> Document:
    text = (SEEDS / name).read_text(encoding="utf-8").strip()
    return Document(text, None, name, "seed", datetime(2025, 7, 17), str(SEEDS / name), name)


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_golden_event_rules(case: dict) -> None:
    published = date.fromisoformat(case["published"])
    text = case["text"]
    mentions = [_Mention(s, e, k) for s, e, k in case.get("mentions", [])]
    found = [
        [e.event_type, e.status, e.trigger, e.date_start and str(e.date_start), e.date_end and str(e.date_end)]
        for e in extract_events(text, extract_dates(text, published), extract_figures(text), published,
                                mentions=mentions)
    ]
    assert found == case["events"]


@pytest.mark.parametrize("name", sorted(SEED_EVENTS))
def test_the_seed_events_are_found_with_their_dates_and_actors(name: str) -> None:
    rows = extract_document(seed(name))["raw_events"]
    for kind, trigger, (start, end), actors in SEED_EVENTS[name]:
        matches = [
            r
            for r in rows
            if (r["event_type"], r["trigger"]) == (kind, trigger)
            and (r["date_start"] and str(r["date_start"]), r["date_end"] and str(r["date_end"])) == (start, end)
            and actors <= set(r["actors"])
        ]
        assert matches, f"{kind} {trigger} {start}..{end} with {actors} not among {[(r['event_type'], r['trigger'], r['date_start'], r['actors']) for r in rows]}"
    assert all(r["reported_on"] == date(2025, 7, 17) for r in rows)


def test_event_rows_point_at_their_sentence_and_trigger() -> None:
    doc = seed("000_264ded348f87b4b3.txt")
    for row in extract_document(doc)["raw_events"]:
        assert doc.text[row["char_start"] : row["char_end"]] == row["sentence"]
        assert doc.text[row["trigger_start"] : row["trigger_end"]] == row["trigger"]
        assert row["event_type"] in event_types() and row["status"] in STATUSES


ACTOR_CASES = [json.loads(line) for line in (Path(__file__).parent / "golden" / "event_actors.jsonl").open(encoding="utf-8")]


@pytest.mark.parametrize("case", ACTOR_CASES, ids=[c["rule"] for c in ACTOR_CASES])
def test_golden_actor_rules(case: dict) -> None:
    """Sources, qualifiers, places, adjuncts and matrix clauses are no actors (GUIDE §5)."""
    text, published = case["text"], date(2025, 7, 17)
    names = [name for name, _ in case["mentions"]]
    mentions = [_Mention(text.index(n), text.index(n) + len(n), k) for n, k in case["mentions"]]
    found = [[e.trigger, [names[i] for i in e.agent_indexes], [names[i] for i in e.counterpart_indexes]]
             for e in extract_events(text, extract_dates(text, published), extract_figures(text), published,
                                     mentions=mentions)]
    assert found == case["events"]


def test_an_office_of_a_possessed_body_is_no_actor() -> None:
    text = "Jane Rivera, head of Norway's Crypto Council, visited Harbor Bank in Lisbon."
    names = {"Jane Rivera": "person", "Norway": "place", "Crypto Council": "org", "Harbor Bank": "org", "Lisbon": "place"}
    mentions = [_Mention(text.index(n), text.index(n) + len(n), k) for n, k in names.items()]
    (event,) = extract_events(text, [], [], date(2025, 7, 17), mentions=mentions)
    agents = [list(names)[i] for i in event.agent_indexes]
    counterparts = [list(names)[i] for i in event.counterpart_indexes]
    assert (agents, counterparts) == (["Jane Rivera"], ["Harbor Bank"])


def test_the_events_suite_checks_the_vocabulary_the_extractor_has() -> None:
    suite = json.loads((Path(__file__).parent.parent / "expectations" / "events.json").read_text())
    sets = {e["kwargs"]["column"]: e["kwargs"]["value_set"] for e in suite["expectations"]
            if e["type"] == "expect_column_values_to_be_in_set"}
    assert sets == {"event_type": list(event_types()), "date_source": list(DATE_SOURCES), "status": list(STATUSES)}


@pytest.mark.usefixtures("prefect_harness")
def test_both_seeds_report_the_meeting_and_the_allocation(fresh_db: Path) -> None:
    from flows.pipeline import pipeline

    pipeline(inputs=[str(SEEDS)], db=str(fresh_db))
    con = duckdb.connect(str(fresh_db), read_only=True)
    shared = con.execute(
        "select event_type, articles, sources from event_clusters where articles > 1 order by event_type"
    ).fetchall()
    assert ("allocation", 2, 2) in shared and ("meeting", 2, 2) in shared
    (allocation,) = con.execute(
        "select date_start, date_end, figures, reports from event_clusters where event_type = 'allocation' and articles > 1"
    ).fetchall()
    assert (str(allocation[0]), str(allocation[1]), allocation[2]) == ("2025-05-01", "2025-05-31", ["2,000 megawatts"])
    assert len(allocation[3]) == 2
    # a re-run regroups to the same clusters
    before = con.execute("select * from event_cluster_members order by 1").fetchall()
    con.close()
    pipeline(inputs=[str(SEEDS)], db=str(fresh_db))
    con = duckdb.connect(str(fresh_db), read_only=True)
    assert con.execute("select * from event_cluster_members order by 1").fetchall() == before
