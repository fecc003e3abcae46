"""Dates: one golden case per row of GUIDE §2's table (tests/golden/dates.jsonl), seeds, properties."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.extract.dates import GRANULARITIES, extract_dates
from newsfacts.extract.figures import extract_figures

GOLDEN = [json.loads(line) for line in (Path(__file__).parent / "golden" / "dates.jsonl").open(encoding="utf-8")]


def dates_of(text: str, published: date | None) -> list[list]:
    spans = [(f.char_start, f.char_end) for f in extract_figures(text)]
    return [
        [d.surface, d.start and d.start.isoformat(), d.end and d.end.isoformat(), d.granularity]
        for d in extract_dates(text, published, exclude=spans)
    ]


@pytest.mark.parametrize("case", GOLDEN, ids=[c["rule"] for c in GOLDEN])
def test_golden(case: dict) -> None:
    assert dates_of(case["text"], date.fromisoformat(case["published"])) == case["dates"]


def test_seed_dates() -> None:
    from .conftest import SEEDS

    pub = date(2025, 7, 17)
    text = (SEEDS / "000_264ded348f87b4b3.txt").read_text(encoding="utf-8").strip()
    assert dates_of(text, pub) == [
        ["This week", "2025-07-14", "2025-07-20", "week"],
        ["today", "2025-07-17", "2025-07-17", "day"],
        ["Earlier this year", "2025-01-01", "2025-07-17", "year"],
    ]
    text = (SEEDS / "003_b1897cf5cef22458.txt").read_text(encoding="utf-8").strip()
    assert dates_of(text, pub) == [
        ["Thursday", "2025-07-17", "2025-07-17", "day"],
        ["2027", "2027-01-01", "2027-12-31", "year"],
        ["Earlier this month", "2025-07-01", "2025-07-17", "month"],
        ["May", "2025-05-01", "2025-05-31", "month"],
    ]


def test_without_a_publication_day_relative_dates_stay_unresolved() -> None:
    found = extract_dates("In May and on July 16, 2025, and last week.", None)
    assert [(d.surface, d.start, d.relative) for d in found] == [
        ("May", None, True),
        ("July 16, 2025", date(2025, 7, 16), False),
        ("last week", None, True),
    ]


words = st.sampled_from(
    "May June July Q3 H2 2025 2027 1999 the this last next earlier later week month year quarter decade end of"
    " early mid- late Monday Thursday today yesterday tomorrow , . – - 11 17 2nd 38 since into by through and"
    " between YTD year-end first second half".split()
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(), st.lists(words, max_size=25).map(" ".join)),
    st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))),
)
def test_no_interval_starts_after_it_ends(text: str, published: date | None) -> None:
    for d in extract_dates(text, published):
        assert text[d.char_start : d.char_end] == d.surface
        assert d.granularity in GRANULARITIES
        assert (d.start is None) == (d.end is None)
        if d.start is not None:
            assert d.start <= d.end
