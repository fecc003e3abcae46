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
from dataclasses import dataclass

from newsfacts.extract.entities import Mention, extract_mentions
from newsfacts.extract.figures import Figure
from newsfacts.extract.sentences import sentence_spans

KINDS = ("holding_value", "transaction", "cost_basis", "other")
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
) -> list[Holding]:
    """Every holding or valuation stated in ``text``, from its already extracted figures.

    ``spans`` and ``mentions`` (the entity mentions) are passed when the caller has them already.
    The holder is the entity named last before the quantity in its sentence.
    """
    spans = list(spans) if spans is not None else sentence_spans(text)
    if mentions is None:
        mentions = extract_mentions(text)
    out: list[Holding] = []
    sentence_of = _sentence_index(figures, spans)
    for s_index, (s_start, s_end) in enumerate(spans):
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
