"""Figures: money, crypto amounts, percentages, basis points, power, energy and hash rates.

One compiled regular expression built from the tables in ``seeds/`` (units.csv, numbers.csv,
qualifiers.csv, count_nouns.csv) finds candidates; small rules then decide the unit, the
value (scale words, suffixes, pence and sats applied), ranges, the qualifier and the ``per``
unit. Every figure carries its span: ``text[char_start:char_end] == surface``.

>>> [(f.surface, f.value, f.unit, f.qualifier) for f in extract_figures(
...     "El Salvador holds over 6,089 BTC worth about $722 million.")]
[('6,089 BTC', 6089.0, 'BTC', 'over'), ('$722 million', 722000000.0, 'USD', 'approx')]
>>> [(f.surface, f.value, f.value_high, f.unit, f.per) for f in extract_figures("Power costs Rs 22–24 per kWh.")]
[('Rs 22–24', 22.0, 24.0, 'INR', 'kWh')]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from newsfacts import reference

UNIT_CLASSES = ("money", "crypto", "stablecoin", "percent", "bp", "power", "energy", "hashrate")
RANGE_DASH = "-–—"


@dataclass(frozen=True, slots=True)
class Figure:
    """One amount with its unit, as written at ``text[char_start:char_end]``."""

    surface: str
    value: float
    value_high: float | None
    unit: str
    unit_class: str
    qualifier: str | None
    per: str | None
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class _Unit:
    code: str
    unit_class: str
    factor: float


def _alternation(words: list[str], *, case_sensitive: bool) -> str:
    escaped = [re.escape(w).replace("\\ ", r"\s") for w in sorted(set(words), key=len, reverse=True)]
    body = "|".join(escaped)
    return f"(?:{body})" if case_sensitive else f"(?i:{body})"


@dataclass(frozen=True)
class _Tables:
    pattern: re.Pattern[str]
    prefixes: dict[str, _Unit]
    suffixes: dict[str, _Unit]
    suffixes_ci: dict[str, _Unit]
    scales: dict[str, float]
    words: dict[str, float]
    qualifier: re.Pattern[str]
    qualifiers: dict[str, str]
    count_nouns: frozenset[str]
    left: re.Pattern[str]
    word_candidates: re.Pattern[str]


@cache
def _tables() -> _Tables:
    prefixes: dict[str, _Unit] = {}
    suffixes: dict[str, _Unit] = {}
    suffixes_ci: dict[str, _Unit] = {}
    for row in reference.table("units"):
        unit = _Unit(row["unit"], row["class"], float(row["factor"]))
        if row["position"] == "prefix":
            prefixes[row["text"]] = unit
        elif row["case_sensitive"] == "yes":
            suffixes[row["text"]] = unit
        else:
            suffixes_ci[row["text"].lower()] = unit
    scales: dict[str, float] = {}
    suffix_letters: dict[str, float] = {}
    words: dict[str, float] = {}
    for row in reference.table("numbers"):
        target = {"scale": scales, "suffix": suffix_letters, "word": words}[row["kind"]]
        target[row["word"] if row["kind"] == "suffix" else row["word"].lower()] = float(row["value"])
    scales.update(suffix_letters)  # one lookup for both (letters keep their case)

    alpha_prefixes = [p for p in prefixes if p[0].isalpha()]
    symbol_prefixes = [p for p in prefixes if not p[0].isalpha()]
    prefix = (
        f"(?:(?<![A-Za-z]){_alternation(alpha_prefixes, case_sensitive=True)}(?=[\\s.]?\\s?\\d)"
        f"|{_alternation(symbol_prefixes, case_sensitive=True)})"
    )
    number = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    units_words = "one|two|three|four|five|six|seven|eight|nine"
    simple_words = [w for w in words if " " not in w]
    word_number = (
        f"(?i:(?:{tens})(?:[- ](?:{units_words}))?|{'|'.join(sorted(simple_words, key=len, reverse=True))}"
        "|half\\sa|a)(?![A-Za-z])"
    )
    scale_words = [w for w in scales if len(w) > 1]
    letters = [w for w in scales if len(w) == 1]
    unit_ci = _alternation(list(suffixes_ci), case_sensitive=False)
    unit_cs = _alternation(list(suffixes), case_sensitive=True)
    pattern = re.compile(
        rf"""
        (?P<sign>(?:(?<=[\s(\[])|^)(?:(?i:negative|minus)\s+|[-−](?=[^\s\d]?\d|\$)))?
        (?:(?P<pre>{prefix})(?P<pre_gap>[.]?\s?))?
        (?:(?<![\w.,])|(?<=[$€£¥₹₩₦₱₫₺₨₿]))
        (?:(?P<num>{number})|(?P<word>{word_number}))
        (?:(?P<dash>\s?[{RANGE_DASH}]\s?)(?P<pre2>{prefix})?(?P<num2>{number}))?
        (?:[\u202f\u00a0]?(?P<letter>{'|'.join(letters)})(?![A-Za-z0-9])  # "$8.7B", "$8.7\u202fB" (a thin space)
           |\s?(?P<scale>{_alternation(scale_words, case_sensitive=False)})(?![A-Za-z]))?
        (?P<plus>\+)?
        (?:(?P<gap>[\s-]?)(?P<unit>{unit_cs}|{unit_ci})(?![A-Za-z0-9]))?
        """,
        re.VERBOSE,
    )
    qualifier_rows = reference.table("qualifiers")
    qualifiers = {r["text"].lower(): r["qualifier"] for r in qualifier_rows}
    qualifier = re.compile(
        rf"(?:^|(?<=[^\w]))(?P<q>{_alternation(list(qualifiers), case_sensitive=False)})\s*$"
    )
    count_nouns = frozenset(w.lower() for w in reference.column("count_nouns", "word"))
    # What may stand left of a number inside a figure: a sign, then a currency prefix.
    any_prefix = (
        f"(?:(?<![A-Za-z]){_alternation(alpha_prefixes, case_sensitive=True)}"
        f"|{_alternation(symbol_prefixes, case_sensitive=True)})"
    )
    left = re.compile(rf"(?:(?:(?i:negative|minus)\s+|[-−]))?(?:{any_prefix}[.]?\s?)?$")
    # Number words, searched in the lowercased text (a case-sensitive scan is much faster).
    lowered_words = sorted({w for w in words if " " not in w} | {t for t in tens.split("|")}, key=len, reverse=True)
    scale_alt = "|".join(w for w in scale_words if w.isalpha() and len(w) > 2)
    word_candidates = re.compile(
        rf"\b(?:{'|'.join(lowered_words)}|a(?= (?:{scale_alt})\b)|half(?= a ))\b"
    )
    return _Tables(
        pattern, prefixes, suffixes, suffixes_ci, scales, words, qualifier, qualifiers, count_nouns, left,
        word_candidates,
    )


_PER = re.compile(r"\s?(?:per|/|a)\s(?:an?\s)?(?P<per>[A-Za-z][A-Za-z/]{0,15})|/(?P<per2>[A-Za-z]{1,10})")
_PER_BEFORE = re.compile(r"(?:\bper|/)\s?$")
_NEXT_WORDS = re.compile(r"\W{0,3}([A-Za-z]+)(?:\W{1,3}([A-Za-z]+))?")
_RANGE_JOIN = re.compile(r"^\s?(?:[-–—]|to|and)\s?$")
_FROM = re.compile(r"(?i)\bfrom\s+(?:(?:about|around|roughly|approximately|nearly|almost|just|over|under|below|above)\s+)?$")
_RANGE_FROM = re.compile(r"(?i)\b(?:rang\w*|anywhere|somewhere|between)\s+(?:from\s+)?$")
_BETWEEN = re.compile(r"(?i)\bbetween\s+$")


def extract_figures(text: str, *, rupee: str = "INR") -> list[Figure]:
    """Every figure in ``text``, in order. ``rupee`` resolves "Rs"/"rupees" (PKR or INR).

    >>> [(f.surface, f.value) for f in extract_figures("It raised £3.6m; shares were priced at 13.75p.")]
    [('£3.6m', 3600000.0), ('13.75p', 0.1375)]
    >>> [f.surface for f in extract_figures("Web3 firms held 10 Bitcoin ETFs in 2025 Bitcoin terms.")]
    []
    """
    tables = _tables()
    found: list[Figure] = []
    covered = 0
    for candidate in _candidates(text, tables):
        if candidate < covered:
            continue
        match = _match_at(text, candidate, tables)
        if match is None:
            continue
        figure = _figure(match, text, tables, rupee)
        if figure is not None:
            found.append(figure)
            covered = match.end()
    return _merge_ranges(found, text)


_DIGITS = re.compile(r"\d[\d,.]*")


def _candidates(text: str, tables: _Tables) -> list[int]:
    """Where a figure's number may start: digit runs and number words (a fast pre-scan)."""
    starts = [m.start() for m in _DIGITS.finditer(text)]
    lowered = text.lower()
    if len(lowered) == len(text):  # offsets agree (always, but for a few exotic letters)
        starts.extend(m.start() for m in tables.word_candidates.finditer(lowered))
        starts.sort()
    return starts


def _match_at(text: str, number_start: int, tables: _Tables) -> re.Match[str] | None:
    """The figure whose number starts at ``number_start``, its sign and currency included."""
    window_start = max(0, number_start - 16)
    left = tables.left.search(text, window_start, number_start)
    if left is not None and left.start() < number_start:
        match = tables.pattern.match(text, left.start())
        if match is not None and match.end() > number_start:
            return match
    match = tables.pattern.match(text, number_start)
    return match if match is not None and match.end() > number_start else None


def rupee_for(text: str) -> str:
    """PKR when the article is about Pakistan rather than India, else INR.

    >>> rupee_for("Pakistan allocated power; Pakistan's plan..."), rupee_for("India's RBI said")
    ('PKR', 'INR')
    """
    lowered = text.lower()
    return "PKR" if lowered.count("pakistan") > lowered.count("india") else "INR"


def _number(raw: str | None, word: str | None, tables: _Tables) -> float | None:
    if raw is not None:
        return float(raw.replace(",", ""))
    assert word is not None
    key = re.sub(r"\s+", " ", word.lower())
    if key in tables.words:
        return tables.words[key]
    if key == "a":
        return 1.0
    parts = re.split(r"[- ]", key)
    if all(p in tables.words for p in parts):
        return sum(tables.words[p] for p in parts)
    return None


def _figure(match: re.Match[str], text: str, tables: _Tables, rupee: str) -> Figure | None:
    g = match.groupdict()
    prefix = tables.prefixes.get(g["pre"]) if g["pre"] else None
    suffix_text = g["unit"]
    suffix = None
    if suffix_text:
        suffix = tables.suffixes.get(suffix_text) or tables.suffixes_ci.get(re.sub(r"\s+", " ", suffix_text.lower()))
    start, end = match.start(), match.end()
    scale = 1.0
    scale_text = g["letter"] or g["scale"]
    if scale_text:
        scale = tables.scales.get(scale_text, tables.scales.get(scale_text.lower(), 1.0))
    word = g["word"]
    if word is not None and word.strip().lower() in ("a", "half a") and not g["scale"]:
        return None  # "a" is a number only before a scale word: "a million dollars"
    if suffix is not None and suffix_text in ("p", "¢") and g["gap"]:
        suffix = None  # pence and cent signs are written attached: "13.75p"
    if prefix is not None and suffix is not None and (suffix.unit_class != "money" or g["plus"]):
        suffix = None  # "$5 million BTC purchase": the money is the figure
    if suffix is None and suffix_text:
        end = match.start("unit") - len(g["gap"] or "")
    if g["plus"] and suffix is None:
        end = match.start("plus")
    unit = prefix or suffix
    if unit is None:
        return None
    value = _number(g["num"], word, tables)
    if value is None:
        return None
    if g["num"] and sum(c.isdigit() for c in g["num"]) > 15:
        return None  # a 20-digit "percentage" is an identifier or a hash, not an amount
    high = float(g["num2"].replace(",", "")) if g["num2"] else None
    if unit.unit_class in ("crypto", "stablecoin") and _is_count(text, match.end("unit") if suffix else end, tables):
        return None
    if unit.unit_class in ("crypto", "stablecoin") and prefix is None and _year_like(g, scale):
        return None
    if unit.unit_class in ("crypto", "stablecoin") and _PER_BEFORE.search(text, max(0, start - 5), start):
        return None  # "$92,000 per 1 BTC": the coin is the unit of a price, not an amount
    factor = unit.factor if unit is suffix else (suffix.factor if suffix and suffix.code == unit.code else 1.0)
    sign = -1.0 if g["sign"] else 1.0
    if high is not None and scale != 1.0 and value > high:
        low_value = value  # "$200,000–1 million": the first number is already whole
    else:
        low_value = value * scale
    value_final = sign * low_value * factor
    high_final = high * scale * factor if high is not None else None
    if not math.isfinite(value_final) or (high_final is not None and not math.isfinite(high_final)):
        return None
    if high_final is not None and high_final < value_final:
        return None  # "2024-25 ...": not a range of amounts
    code = unit.code
    if code == "RUPEE":
        code = rupee
    qualifier = _qualifier(text, start, tables)
    if g["plus"]:
        qualifier = "over"
    per_match = _PER.match(text, end)
    per = None
    if per_match and unit.unit_class == "money":
        per = per_match.group("per") or per_match.group("per2")
        if per and per.lower() in ("year", "month", "day", "week"):
            per = per.lower()
    return Figure(
        surface=text[start:end],
        value=value_final,
        value_high=high_final,
        unit=code,
        unit_class=unit.unit_class,
        qualifier=qualifier,
        per=per,
        char_start=start,
        char_end=end,
    )


def _year_like(g: dict[str, str | None], scale: float) -> bool:
    raw = g["num"]
    return bool(raw) and scale == 1.0 and raw.isdigit() and len(raw) == 4 and 1990 <= int(raw) <= 2100


def _is_count(text: str, end: int, tables: _Tables) -> bool:
    """True when the coin name is an adjective of a counted noun: "10 Bitcoin ETFs"."""
    following = _NEXT_WORDS.match(text, end)
    if not following:
        return False
    return any(w and w.lower() in tables.count_nouns for w in following.groups())


def _qualifier(text: str, start: int, tables: _Tables) -> str | None:
    window = text[max(0, start - 24) : start]
    found = tables.qualifier.search(window)
    return tables.qualifiers[found.group("q").lower()] if found else None


def _merge_ranges(figures: list[Figure], text: str) -> list[Figure]:
    """Join "$200,000 to $1 million" and "$130K–$135K" into one figure with value_high."""
    out: list[Figure] = []
    i = 0
    while i < len(figures):
        first = figures[i]
        if i + 1 < len(figures):
            second = figures[i + 1]
            between = text[first.char_end : second.char_start]
            before = text[max(0, first.char_start - 30) : first.char_start]
            joined = (
                first.unit == second.unit
                and first.value_high is None
                and second.value_high is None
                and _RANGE_JOIN.match(between)
                and second.value >= first.value
            )
            word = between.strip()
            if joined and word == "to" and _FROM.search(before) and not _RANGE_FROM.search(before):
                joined = False  # "rose from $100 to $120": a move, two figures
            if joined and word == "and" and not _BETWEEN.search(before):
                joined = False
            if joined:
                out.append(
                    Figure(
                        surface=text[first.char_start : second.char_end],
                        value=first.value,
                        value_high=second.value,
                        unit=first.unit,
                        unit_class=first.unit_class,
                        qualifier=first.qualifier,
                        per=second.per,
                        char_start=first.char_start,
                        char_end=second.char_end,
                    )
                )
                i += 2
                continue
        out.append(first)
        i += 1
    return out
