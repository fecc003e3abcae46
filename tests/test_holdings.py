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
