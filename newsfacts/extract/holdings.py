"""Holdings and valuations: a crypto quantity paired with a money value for the same coins.

Pairs are made inside one sentence, where a connector ties the two figures together
("6,089 BTC worth about $722 million", "245 BTC for $26 million", "$26 million (245 BTC)",
"455 BTC at an average price of $109,801"). The kind comes from the connector and the verbs.

>>> from newsfacts.extract.figures import extract_figures
>>> text = "Meanwhile, today, El Salvador holds over 6,089 BTC, worth about $722 million."
>>> [(h.holder, h.quantity, h.value, h.kind) for h in extract_holdings(text, extract_figures(text))]
[('El Salvador', 6089.0, 722000000.0, 'holding_value')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from newsfacts.extract.dates import TimeExpression
from newsfacts.extract.entities import Mention, extract_mentions
from newsfacts.extract.figures import Figure
from newsfacts.extract.sentences import sentence_spans

KINDS = ("holding_value", "transaction", "cost_basis", "other")
# What a holding's value refers to in time (``as_of_source``): a date of its sentence; the
# publication day (a present holding); the weeks before it (an undated trade, reported as news);
# or no day at all ("worth $534,000 at the time", a past holding without a date): not priced.
AS_OF_SOURCES = ("sentence", "published", "reported", "at_the_time", "past")
RECENT_DAYS = 30  # an undated trade is priced over the days before its report
QUANTITY_CLASSES = ("crypto", "stablecoin")
VALUE_CLASSES = ("money", "stablecoin")


@dataclass(frozen=True, slots=True)
class Holding:
    holder: str | None
    asset: str
    quantity: float
    value: float
    currency: str
    kind: str
    quantity_index: int  # position of the quantity figure in the document's figure list
    value_index: int  # position of the value figure (the per-coin price for averages)
    char_start: int  # the sentence that states it
    char_end: int
    as_of_start: date | None = None  # the interval the value refers to (None: no day to price it on)
    as_of_end: date | None = None
    as_of_source: str | None = None  # one of AS_OF_SOURCES; None when no dates were given

    @property
    def implied_price(self) -> float | None:
        return self.value / self.quantity if self.quantity else None


# quantity ... value
_VALUE_AFTER = re.compile(
    r"^[\s,]*(?:[—–-]+\s*|\(\s*)?(?:(?:currently|now|then|today|reportedly)\s+)?"
    r"(?P<connector>worth|valued\s+at|valued|with\s+a\s+(?:market\s+|total\s+)?value\s+of|amounting\s+to|"
    r"equivalent\s+to|equal\s+to|or|for|in\s+exchange\s+for|at\s+a\s+(?:total\s+)?cost\s+of|"
    r"for\s+a\s+total\s+of|at\s+an?\s+(?:average\s+)?(?:purchase\s+|acquisition\s+)?(?:price|cost)\s+of|"
    r"for\s+an?\s+(?:average\s+|aggregate\s+|total\s+)?(?:purchase\s+|acquisition\s+)?(?:price|cost)\s+of|"
    r"(?=\$|€|£))"
    r"(?:\s+(?:a\s+total\s+of|an\s+estimated|about|approximately|around|roughly|nearly|almost|over|more\s+than|"
    r"some|just\s+over|just\s+under|under|less\s+than|close\s+to|~))?\s*$",
    re.IGNORECASE,
)
# value ... quantity: "$26 million (245 BTC)", "$26 million worth of bitcoin, or 245 BTC"
_QUANTITY_AFTER = re.compile(
    r"^\s*(?:\(\s*|,?\s*or\s+|worth\s+of\s+(?:[A-Za-z]+\s*(?:\(\s*|,\s*(?:or\s+)?|or\s+))?|in\s+)"
    r"(?:about\s+|approximately\s+|roughly\s+|around\s+|nearly\s+|~)?$",
    re.IGNORECASE,
)
_AVERAGE = re.compile(r"average|per[\s-]coin|each", re.IGNORECASE)
_COST = re.compile(r"\bcost\b|for\s+a\s+total\s+of|aggregate", re.IGNORECASE)
_TRANSACTION_VERBS = re.compile(
    r"\b(?:bought|buys?|buying|purchas\w*|acquir\w*|sold|sells?|selling|offload\w*|dump\w*|unload\w*|"
    r"mov\w*|transferr?\w*|deposit\w*|withdr[ae]w\w*|add\w*|sent|sends?|swapp?\w*|stak\w*|liquidat\w*|"
    r"redeem\w*|seiz\w*|accumulat\w*|scoop\w*|snapp?\w*|sp[ea]nt|spends?|spending|paid|pays?|invest\w*)\b",
    re.IGNORECASE,
)
_HOLDING_WORDS = re.compile(
    r"\b(?:holds?|held|holding|holdings|owns?|owned|stash|treasury|treasuries|reserves?|position|portfolio|"
    r"balance|total(?:s|ing|ling)?|now\s+has|has|have|custod\w*|bringing|taking|raising|brings|takes)\b",
    re.IGNORECASE,
)

def extract_holdings(
    text: str,
    figures: Sequence[Figure],
    spans: Sequence[tuple[int, int]] | None = None,
    mentions: Sequence[Mention] | None = None,
    dates: Sequence[TimeExpression] | None = None,
    published: date | None = None,
) -> list[Holding]:
    """Every holding or valuation stated in ``text``, from its already extracted figures.

    ``spans`` and ``mentions`` (the entity mentions) are passed when the caller has them already.
    The holder is the entity named last before the quantity in its sentence. With the document's
    ``dates`` (and its ``published`` day), each holding carries the interval its value refers to
    (see ``as_of``).
    """
    found = _pairs(text, figures, spans, mentions)
    if dates is None:
        return found
    return [replace(h, **dict(zip(("as_of_start", "as_of_end", "as_of_source"),
                                  as_of(text, h, figures, dates, published), strict=True))) for h in found]


_AT_THE_TIME = re.compile(r"\bat\s+the\s+time\b(?!\s+of\s+(?:writing|this\s+writing|press|publication|reporting))", re.I)
_AS_OF = re.compile(r"\b(?:as\s+of|as\s+at|at\s+the\s+(?:start|end|beginning|close)\s+of|by)\s+$", re.I)
_NOT_A_VALUE = re.compile(r"\s+in\s+(?:unrealized|realized|paper)?\s*(?:gains?|profits?|losses|fees|revenue|returns)\b", re.I)
_NOW = re.compile(r"\b(?:now|currently|today|at\s+press\s+time|at\s+current\s+(?:market\s+)?(?:prices?|rates?|values?)|at\s+the\s+time\s+of\s+(?:writing|this\s+writing|press|publication))\b", re.I)
_SINCE = re.compile(r"\bsince(?:\s+[\w’']+){0,3}\s+$", re.I)  # "since April 1", "since launching operations on April 1"
_SPAN_OPENER = re.compile(r"\b(?:between|from)\s+$", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:imagine|suppose|supposing|hypothetically|scenario|say\s+you)\b|^\W*if\b", re.I)
_PAST_HOLDING = re.compile(r"\b(?:held|had|was\s+worth|were\s+worth|was\s+valued|were\s+valued|then\s+worth)\b", re.I)


def as_of(
    text: str, holding: Holding, figures: Sequence[Figure], dates: Sequence[TimeExpression], published: date | None
) -> tuple[date | None, date | None, str]:
    """The interval a holding's value refers to, and where it comes from (``AS_OF_SOURCES``).

    >>> from newsfacts.extract.dates import extract_dates
    >>> from newsfacts.extract.figures import extract_figures
    >>> pub = date(2025, 7, 17)
    >>> def first(text):
    ...     figures = extract_figures(text)
    ...     return extract_holdings(text, figures, dates=extract_dates(text, pub), published=pub)[0].as_of_source
    >>> first("In March 2023 the firm bought 9,861 BTC for $215.7 million."), first("It holds 6,089 BTC worth $722 million.")
    ('sentence', 'published')
    >>> first("It bought 4,710 BTC, worth around $534,000 at the time."), first("The firm bought 245 BTC for $26 million.")
    ('at_the_time', 'reported')
    >>> text = "It holds 6,089 BTC worth $722 million."
    >>> as_of(text, extract_holdings(text, extract_figures(text))[0], extract_figures(text), [], None)
    (None, None, 'published')
    """
    sentence = text[holding.char_start : holding.char_end]
    quantity = figures[holding.quantity_index]
    value = figures[holding.value_index]
    near = text[max(holding.char_start, quantity.char_start - 40) : min(holding.char_end, value.char_end + 25)]
    if published is not None and _NOW.search(near):
        return published, published, "published"  # "has since acquired 580,955 BTC, now valued over $61 billion"
    inside = [d for d in dates if d.start is not None and d.end is not None
              and holding.char_start <= d.char_start and d.char_end <= holding.char_end
              and (published is None or d.end <= published)]  # (a date ahead is another's: "to buy by 2026")
    if inside:
        stated = [d for d in inside if _AS_OF.search(text, max(holding.char_start, d.char_start - 30), d.char_start)]
        chosen = stated[0] if stated else min(inside, key=lambda d: abs(d.char_start - quantity.char_start))
        lead = text[max(holding.char_start, chosen.char_start - 30) : chosen.char_start]
        onward = text[chosen.char_end : quantity.char_start] if chosen.char_end <= quantity.char_start else ""
        if published is not None and (_SINCE.search(lead) or re.search(r"\bsince\b", onward, re.I)):
            return chosen.start, published, "sentence"  # "accumulated 215 BTC, worth $24 million, since April 1"
        later = [d for d in inside if d.char_start > chosen.char_end]
        if later and _SPAN_OPENER.search(lead) and re.fullmatch(
                r"\s*(?:and|to|through|until|-|–)\s*", text[chosen.char_end : later[0].char_start]):
            return chosen.start, later[0].end, "sentence"  # "between May 7 and May 21"
        return chosen.start, chosen.end, "sentence"
    if _AT_THE_TIME.search(sentence):
        return None, None, "at_the_time"
    if published is None:
        return None, None, "published"  # an undated article: no day to price on (the check says so)
    if holding.kind == "transaction":
        return published - timedelta(days=RECENT_DAYS), published, "reported"
    if _PAST_HOLDING.search(text, max(holding.char_start, quantity.char_start - 80), quantity.char_start):
        return None, None, "past"
    return published, published, "published"


def _pairs(
    text: str,
    figures: Sequence[Figure],
    spans: Sequence[tuple[int, int]] | None,
    mentions: Sequence[Mention] | None,
) -> list[Holding]:
    spans = list(spans) if spans is not None else sentence_spans(text)
    if mentions is None:
        mentions = extract_mentions(text)
    out: list[Holding] = []
    sentence_of = _sentence_index(figures, spans)
    for s_index, (s_start, s_end) in enumerate(spans):
        if _HYPOTHETICAL.search(text[s_start:s_end]):
            continue  # "Imagine the scenario: you buy 0.001 BTC for $50": nobody holds these
        members = [i for i, f in enumerate(figures) if sentence_of[i] == s_index]
        if _RESPECTIVELY.search(text, s_start, s_end):
            out.extend(_respectively(text, figures, members, mentions, s_start, s_end))
            continue
        used: set[int] = set()
        for position, qi in enumerate(members):
            quantity = figures[qi]
            if quantity.unit_class not in QUANTITY_CLASSES or qi in used:
                continue
            paired = _value_after(text, figures, members[position + 1 :], quantity)
            if paired is None:
                paired = _value_before(text, figures, members[:position], quantity)
            if paired is None:
                continue
            vi, connector = paired
            value = figures[vi]
            if _NOT_A_VALUE.match(text, value.char_end):
                continue  # "valued at over $14 billion in unrealized gains": a gain, not what the coins are worth
            amount = value.value
            average = bool(_AVERAGE.search(connector)) or _per_coin(value, quantity)
            if average:
                amount = value.value * quantity.value
            kind = _kind(text, s_start, quantity, connector, average)
            used.update((qi, vi))
            out.append(
                Holding(
                    holder=_holder(mentions, s_start, quantity.char_start),
                    asset=quantity.unit,
                    quantity=quantity.value,
                    value=amount,
                    currency=value.unit,
                    kind=kind,
                    quantity_index=qi,
                    value_index=vi,
                    char_start=s_start,
                    char_end=s_end,
                )
            )
    return out


_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def _respectively(
    text: str, figures: Sequence[Figure], members: list[int], mentions: Sequence[Mention], s_start: int, s_end: int
) -> list[Holding]:
    """ "hold 16,352 BTC and 12,830 BTC, valued at $1.92 billion and $1.5 billion, respectively":
    the k-th quantity goes with the k-th value, when the counts agree."""
    quantities = [i for i in members if figures[i].unit_class in QUANTITY_CLASSES]
    values = [i for i in members if figures[i].unit_class == "money"]
    if not quantities or len(quantities) != len(values) or quantities[-1] > values[0]:
        return []
    return [
        Holding(
            holder=_holder(mentions, s_start, figures[qi].char_start),
            asset=figures[qi].unit,
            quantity=figures[qi].value,
            value=figures[vi].value,
            currency=figures[vi].unit,
            kind="holding_value" if _HOLDING_WORDS.search(text, s_start, s_end) else "other",
            quantity_index=qi,
            value_index=vi,
            char_start=s_start,
            char_end=s_end,
        )
        for qi, vi in zip(quantities, values, strict=True)
        if figures[qi].value > 0 and figures[vi].value > 0
    ]


def _sentence_index(figures: Sequence[Figure], spans: Sequence[tuple[int, int]]) -> list[int]:
    out, s = [], 0
    for figure in figures:
        while s < len(spans) - 1 and figure.char_start >= spans[s][1]:
            s += 1
        out.append(s)
    return out


def _is_value_for(value: Figure, quantity: Figure) -> bool:
    return value.unit_class in VALUE_CLASSES and value.unit != quantity.unit and value.value > 0 < quantity.value


def _value_after(text: str, figures: Sequence[Figure], later: list[int], quantity: Figure) -> tuple[int, str] | None:
    if not later:
        return None
    vi = later[0]
    value = figures[vi]
    if not _is_value_for(value, quantity):
        return None
    between = text[quantity.char_end : value.char_start]
    match = _VALUE_AFTER.match(between)
    if not match:
        return None
    return vi, between


def _value_before(text: str, figures: Sequence[Figure], earlier: list[int], quantity: Figure) -> tuple[int, str] | None:
    if not earlier:
        return None
    vi = earlier[-1]
    value = figures[vi]
    if not _is_value_for(value, quantity) or value.unit_class == "stablecoin":
        return None
    between = text[value.char_end : quantity.char_start]
    return (vi, between) if _QUANTITY_AFTER.match(between) else None


def _per_coin(value: Figure, quantity: Figure) -> bool:
    """A price per coin ("$3.37 per BTC", "$118,000 a bitcoin"), not the value of all the coins."""
    per = (value.per or "").lower()
    return per in {quantity.unit.lower(), "coin", "token", "unit", "bitcoin", "btc", "ether", "eth"}


def _kind(text: str, sentence_start: int, quantity: Figure, connector: str, average: bool) -> str:
    if average or _COST.search(connector):
        return "cost_basis"
    lead = text[max(sentence_start, quantity.char_start - 80) : quantity.char_start]
    if _TRANSACTION_VERBS.search(lead) and not re.search(r"\b(?:bringing|taking|raising)\b", lead, re.I):
        return "transaction"
    if re.match(r"^[\s,]*for\b", connector, re.IGNORECASE):
        return "transaction"
    if _HOLDING_WORDS.search(lead) or re.search(r"worth|valued|value", connector, re.IGNORECASE):
        return "holding_value"
    return "other"


def _holder(mentions: Sequence[Mention], sentence_start: int, quantity_start: int) -> str | None:
    """The canonical name of the entity mentioned last before the quantity, in its sentence."""
    before = [m for m in mentions if sentence_start <= m.char_start and m.char_end <= quantity_start]
    return before[-1].name if before else None
