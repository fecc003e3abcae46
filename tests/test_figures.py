"""Figures: one golden case per rule (tests/golden/figures.jsonl), the seeds, and properties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.extract.figures import UNIT_CLASSES, extract_figures, rupee_for

GOLDEN = [json.loads(line) for line in (Path(__file__).parent / "golden" / "figures.jsonl").open(encoding="utf-8")]


@pytest.mark.parametrize("case", GOLDEN, ids=[c["rule"] for c in GOLDEN])
def test_golden(case: dict) -> None:
    text = case["text"]
    got = [
        [f.surface, f.value, f.unit, f.value_high, f.qualifier]
        for f in extract_figures(text, rupee=rupee_for(text))
    ]
    assert len(got) == len(case["figures"]), got
    for found, expected in zip(got, case["figures"], strict=True):
        assert found[0] == expected[0]
        assert found[1] == pytest.approx(expected[1])
        assert found[2:] == [expected[2], pytest.approx(expected[3]) if expected[3] else None, expected[4]]


def test_seed_figures() -> None:
    from .conftest import SEEDS

    text = (SEEDS / "000_264ded348f87b4b3.txt").read_text(encoding="utf-8").strip()
    assert [(f.surface, f.value, f.unit) for f in extract_figures(text)] == [
        ("6,089 BTC", 6089, "BTC"),
        ("$722 million", 722e6, "USD"),
        ("6,089 BTC", 6089, "BTC"),
        ("$722 million", 722e6, "USD"),
        ("2,000 megawatts", 2000, "MW"),
        ("2,000 megawatts", 2000, "MW"),
    ]
    text = (SEEDS / "003_b1897cf5cef22458.txt").read_text(encoding="utf-8").strip()
    assert [(f.surface, f.value, f.unit) for f in extract_figures(text)] == [
        ("$7 billion", 7e9, "USD"),
        ("2,000 megawatt", 2000, "MW"),
        ("2,000 megawatts", 2000, "MW"),
    ]


news_alphabet = st.sampled_from(
    list("0123456789,.$€£%-–+ ~()\n") + ["BTC", "ETH", " million", " bn", "K", "M", "p", " per ", " to ",
    "Rs", "SEK ", " percent", " sats", "one ", "a ", "negative ", "MW", " EH/s", "about ", "over "]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(news_alphabet, max_size=40).map("".join)))
def test_any_text_gives_valid_spans(text: str) -> None:
    for f in extract_figures(text):
        assert text[f.char_start : f.char_end] == f.surface
        assert f.unit_class in UNIT_CLASSES
        assert f.value == f.value  # not NaN
        assert f.value_high is None or f.value_high >= f.value
