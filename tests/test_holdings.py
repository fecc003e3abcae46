"""Holdings: one golden case per rule (tests/golden/holdings.jsonl) and the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfacts.extract.figures import extract_figures
from newsfacts.extract.holdings import extract_holdings

GOLDEN = [json.loads(line) for line in (Path(__file__).parent / "golden" / "holdings.jsonl").open(encoding="utf-8")]


def holdings_of(text: str) -> list[list]:
    figures = extract_figures(text)
    return [[h.holder, h.asset, h.quantity, h.value, h.currency, h.kind] for h in extract_holdings(text, figures)]


@pytest.mark.parametrize("case", GOLDEN, ids=[c["rule"] for c in GOLDEN])
def test_golden(case: dict) -> None:
    got = holdings_of(case["text"])
    assert len(got) == len(case["holdings"]), got
    for found, expected in zip(got, case["holdings"], strict=True):
        assert found[:2] == expected[:2] and found[4:] == expected[4:]
        assert found[2] == pytest.approx(expected[2]) and found[3] == pytest.approx(expected[3])


def test_seed_holdings_and_implied_price() -> None:
    from .conftest import SEEDS

    text = (SEEDS / "000_264ded348f87b4b3.txt").read_text(encoding="utf-8").strip()
    found = extract_holdings(text, extract_figures(text))
    assert [(h.holder, h.quantity, h.value, h.kind) for h in found] == [
        ("El Salvador", 6089, 722e6, "holding_value"),
        ("El Salvador", 6089, 722e6, "holding_value"),
    ]
    assert found[0].implied_price == pytest.approx(118574.48, rel=1e-6)
    assert text[found[0].char_start : found[0].char_end].startswith("El Salvador currently holds")


AS_OF_CASES = [json.loads(line) for line in (Path(__file__).parent / "golden" / "holding_as_of.jsonl").open(encoding="utf-8")]


@pytest.mark.parametrize("case", AS_OF_CASES, ids=[c["rule"] for c in AS_OF_CASES])
def test_golden_as_of_rules(case: dict) -> None:
    """The day a holding's value refers to: its sentence's date, 'as of', 'since', 'now', 'at the time'."""
    from datetime import date

    from newsfacts.extract.dates import extract_dates

    published = date.fromisoformat(case["published"])
    text = case["text"]
    figures = extract_figures(text)
    dates = extract_dates(text, published, exclude=[(f.char_start, f.char_end) for f in figures])
    (holding,) = extract_holdings(text, figures, dates=dates, published=published)
    found = [holding.as_of_source, holding.as_of_start and str(holding.as_of_start), holding.as_of_end and str(holding.as_of_end)]
    assert found == case["as_of"]
