"""The suites of ``expectations/`` (one JSON file each) and ``checks.json``, their bands and which
suites block a run."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from newsfacts.resources import data_dir

EXPECTATIONS_DIR = data_dir("expectations")


SEEDS_DIR = data_dir("seeds")


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """``expectations/checks.json``: bands and which suites block a run (the values live there only)."""

    implied_price_band: float  # implied price within this share of the reference closes
    conflict_share: float  # statements of the same holding may differ by this share
    conflict_days: int  # statements dated this many days apart are compared (dq_conflicts)
    blocking_suites: tuple[str, ...]

    @classmethod
    def load(cls, path: Path) -> CheckConfig:
        """Read the configuration; an unknown key is an error, never ignored."""
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ValueError(f"{path}: unknown settings {unknown}; known: {sorted(known)}")
        missing = sorted(known - set(raw))
        if missing:
            raise ValueError(f"{path}: missing settings {missing}")
        if "blocking_suites" in raw:
            raw["blocking_suites"] = tuple(raw["blocking_suites"])
        config = cls(**raw)
        if not 0 < config.implied_price_band < 1 or config.conflict_share < 0 or config.conflict_days < 0:
            raise ValueError(f"{path}: implied_price_band must be in (0, 1); the others not negative")
        return config

    def settings(self) -> list[dict[str, Any]]:
        """The numeric thresholds as ``ref_check_settings`` rows, for the views that classify with them."""
        return [{"name": f.name, "value": float(getattr(self, f.name))}
                for f in fields(self) if isinstance(getattr(self, f.name), int | float)]

    def parameters(self) -> dict[str, float]:
        return {
            "min_price_ratio": 1 - self.implied_price_band,
            "max_price_ratio": 1 + self.implied_price_band,
        }


@dataclass(frozen=True, slots=True)
class Suite:
    name: str
    relation: str
    key: str
    filter: str | None
    definition: dict[str, Any]

    @classmethod
    def load(cls, path: Path) -> Suite:
        definition = json.loads(path.read_text(encoding="utf-8"))
        meta = definition.get("meta", {})
        if not {"relation", "key"} <= set(meta):
            raise ValueError(f"{path}: a suite's meta names its relation and key")
        return cls(definition["name"], meta["relation"], meta["key"], meta.get("filter"), definition)

    def columns(self) -> set[str]:
        """Every column the suite's expectations name."""
        found: set[str] = set()
        for expectation in self.definition["expectations"]:
            kwargs = expectation.get("kwargs", {})
            found |= {kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs}
            found |= set(kwargs.get("column_list", []))
        return found


def load_suites(directory: Path = EXPECTATIONS_DIR) -> list[Suite]:
    return [Suite.load(p) for p in sorted(directory.glob("*.json")) if p.name != "checks.json"]


def config_fingerprint() -> str:
    """A hash of everything the checks read besides the warehouse: the suites and thresholds in
    ``expectations/`` and the reference data in ``seeds/`` (a change makes the next run check again)."""
    import hashlib

    digest = hashlib.sha256()
    files = sorted(EXPECTATIONS_DIR.glob("*.json")) + [SEEDS_DIR / f"{name}.csv" for name in (
        "btc_usd_daily", "crypto_usd_daily", "fx_usd_daily", "entities", "date_words")]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
