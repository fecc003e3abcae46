"""Entities: golden cases (tests/golden/entities.jsonl), the seeds' misspellings, and spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.extract.entities import KINDS, extract_mentions

from .conftest import SEEDS

GOLDEN = [json.loads(line) for line in (Path(__file__).parent / "golden" / "entities.jsonl").open(encoding="utf-8")]


def names(text: str) -> list[str]:
    return list(dict.fromkeys(m.name for m in extract_mentions(text)))


@pytest.mark.parametrize("case", GOLDEN, ids=[c["rule"] for c in GOLDEN])
def test_golden(case: dict) -> None:
    assert names(case["text"]) == case["entities"]


def test_seed_misspellings_resolve_to_the_same_entities() -> None:
    clean = (SEEDS / "000_264ded348f87b4b3.txt").read_text(encoding="utf-8")
    garbled = (SEEDS / "003_b1897cf5cef22458.txt").read_text(encoding="utf-8")
    by_surface = {m.surface: m.entity_id for m in extract_mentions(garbled)}
    clean_ids = {m.surface: m.entity_id for m in extract_mentions(clean)}
    assert by_surface["Naib Bukere"] == by_surface["Bukere"] == by_surface["Bukkele"] == clean_ids["Nayib Bukele"]
    assert by_surface["Bilal bin Sakib"] == by_surface["Sakib"] == by_surface["Saqib"] == clean_ids["Bilal Bin Saqib"]
    assert by_surface["Michael Sayler"] == clean_ids["Michael Saylor"]
    assert by_surface["Pakistan Cryptocourt"] == clean_ids["Pakistan Crypto Council"]
    assert by_surface["International Monetary Fund"] == clean_ids["IMF"]


def test_uncertain_merges_carry_a_score_and_a_fallback() -> None:
    (mention,) = [m for m in extract_mentions("Naib Bukere spoke.") if m.surface == "Naib Bukere"]
    assert mention.method == "fuzzy" and 78 <= mention.score < 90
    assert mention.fallback_name == "Naib Bukere" and mention.fallback_id == "naib-bukere"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("Aa Bb Zz.’'s-@/\n") + ["Bukele ", "IMF ", "The ", "New ", "Group "])).map("".join))
def test_spans_match_surfaces(text: str) -> None:
    for m in extract_mentions(text):
        assert text[m.char_start : m.char_end] == m.surface
        assert m.kind in KINDS
