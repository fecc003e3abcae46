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
from newsfacts.extract.sentences import FOOTER_SITE, FOOTER_SITE_REACH, sentence_spans

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
    r"^[\s,]*(?:[—–-]+\s*|\(\s*)?(?:(?:which|that)\s+)?(?:(?:is|was|are|were|has\s+been)\s+)?"
    r"(?:(?:currently|now|then|today|reportedly)\s+)?"
    r"(?P<connector>worth|valued\s+(?:higher|more)\s+than|valued\s+at|valued|"
    r"with\s+a\s+(?:market\s+|total\s+)?value\s+of|amounting\s+to|"
    r"equivalent\s+to|equal\s+to|or|for|in\s+exchange\s+for|at\s+a\s+(?:total\s+)?cost\s+of|"
    r"for\s+a\s+total\s+of|at\s+an?\s+(?:average\s+)?(?:purchase\s+|acquisition\s+)?(?:price|cost)\s+of|"
    r"for\s+an?\s+(?:average\s+|aggregate\s+|total\s+)?(?:purchase\s+|acquisition\s+)?(?:price|cost)\s+of|"
    r"(?=\$|€|£)|(?<=[(—–]))"  # "(nearly $1.4 billion)", "— about $1.4 billion": the bracket or dash connects
    r"(?:\s*(?:a\s+total\s+of|an\s+estimated|about|approximately|around|roughly|nearly|almost|over|more\s+than|"
    r"some|just\s+over|just\s+under|under|less\s+than|close\s+to|~))?\s*$",
    re.IGNORECASE,
)
# value ... quantity: "$26 million (245 BTC)", "$26 million worth of bitcoin, or 245 BTC", "spent $26 million on 245 BTC",
# "Invests €60.2M to Acquire 624 Bitcoins"
_QUANTITY_AFTER = re.compile(
    r"^\s*(?:\(\s*|,?\s*or\s+|worth\s+of\s+(?:[A-Za-z]+\s*(?:\(\s*|,\s*(?:or\s+)?|or\s+))?|in\s+|on\s+|"
    r"to\s+(?:acquire|buy|purchase)\s+(?:an?\s+)?(?:additional\s+|another\s+|more\s+)?)"
    r"(?:about\s+|approximately\s+|roughly\s+|around\s+|nearly\s+|~)?$",
    re.IGNORECASE,
)
# the money a value before "to acquire N BTC" or "on N BTC" must have been spent with
_SPEND_BEFORE = re.compile(
    r"\b(?:sp[ea]nt|spends?|spending|invest(?:s|ed|ing)?|paid|pays?|us(?:ed|es|ing)|deploy(?:s|ed|ing)?)\s+"
    r"(?:(?:about|approximately|around|roughly|nearly|over|more\s+than|some|another|an\s+additional|a\s+further)\s+)?$", re.I)
_CUMULATIVE_SPEND = re.compile(r"\b(?:has|have|had)\s+(?:\w+\s+)?spent\s+(?:\w+\s+)?$", re.I)  # "has spent $40.6 billion to acquire"
_AVERAGE = re.compile(r"average|per[\s-]coin|each", re.IGNORECASE)
_COST = re.compile(r"\bcost\b|for\s+a\s+total\s+of|aggregate", re.IGNORECASE)
_TRANSACTION_VERBS = re.compile(
    r"\b(?:bought|buys?|buying|purchas\w*|acquir\w*|sold|sells?|selling|offload\w*|dump\w*|unload\w*|"
    r"mov\w*|transferr?\w*|deposit\w*|withdr[ae]w\w*|pulled|add\w*|sent|sends?|swapp?\w*|stak\w*|liquidat\w*|"
    r"redeem\w*|seiz\w*|accumulat\w*|gained|outflows?|inflows?|scoop\w*|snapp?\w*|sp[ea]nt|spends?|spending|paid|pays?|invest\w*)\b",
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
_NOW = re.compile(r"\b(?:now|currently|today|(?:is|are)\s+(?:worth|valued)|at\s+press\s+time|at\s+current\s+(?:market\s+)?(?:prices?|rates?|values?)|at\s+the\s+time\s+of\s+(?:writing|this\s+writing|press|publication))\b", re.I)
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
    past_value = _PAST_HOLDING.search(text, quantity.char_end, value.char_start)  # "20,000 BTC, which were worth $7,800"
    if published is not None and _NOW.search(near) and not past_value:
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
            kind = _kind(text, s_start, quantity, value, connector, average)
            used.update((qi, vi))
            out.append(
                Holding(
                    holder=_holder(text, mentions, s_start, quantity.char_start, _last_rival(text, figures, members[:position])),
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
            holder=_holder(text, mentions, s_start, figures[qi].char_start, _last_rival(text, figures, quantities[:k])),
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
        for k, (qi, vi) in enumerate(zip(quantities, values, strict=True))
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
    if not _QUANTITY_AFTER.match(between):
        return None
    if re.match(r"\s*(?:to|on)\b", between, re.I) and not _SPEND_BEFORE.search(
            text, max(0, value.char_start - 60), value.char_start):
        return None  # "raised $5.4 billion to buy 210,000 BTC": money raised is no value of the coins
    return vi, between


def _per_coin(value: Figure, quantity: Figure) -> bool:
    """A price per coin ("$3.37 per BTC", "$118,000 a bitcoin"), not the value of all the coins."""
    per = (value.per or "").lower()
    return per in {quantity.unit.lower(), "coin", "token", "unit", "bitcoin", "btc", "ether", "eth"}


# coins moved, worded after their value: "saw 9,739 Bitcoin, worth more than $1 billion, withdrawn from"
_MOVED_AFTER = re.compile(
    r"^[\s,)]*(?:(?:were|was|had\s+been|have\s+been|being)\s+)?(?:withdrawn|transferred|moved|sent|deposited|sold|"
    r"bought|purchased|acquired|liquidated|seized|offloaded|dumped|staked|redeemed|shifted|bridged)\b", re.I)


def _kind(text: str, sentence_start: int, quantity: Figure, value: Figure, connector: str, average: bool) -> str:
    if average or _COST.search(connector) or (value.char_start < quantity.char_start and _CUMULATIVE_SPEND.search(
            text, max(sentence_start, value.char_start - 40), value.char_start)):
        return "cost_basis"
    if value.char_start > quantity.char_start and _MOVED_AFTER.match(text[value.char_end : value.char_end + 40]):
        return "transaction"
    lead = text[max(sentence_start, quantity.char_start - 80) : quantity.char_start]
    if _TRANSACTION_VERBS.search(lead) and not re.search(r"\b(?:bringing|taking|raising)\b", lead, re.I):
        return "transaction"
    if re.match(r"^[\s,]*for\b", connector, re.IGNORECASE):
        return "transaction"
    if _HOLDING_WORDS.search(lead) or re.search(r"worth|valued|value", connector, re.IGNORECASE):
        return "holding_value"
    return "other"


# A name that reports the figure rather than holds it: "according to recent data from Coinglass, ..."
_SOURCE_BEFORE = re.compile(
    r"\b(?:according\s+to|per|citing|data\s+(?:from|by)|figures\s+from|source:?|estimates?\s+(?:from|by)|"
    r"tracked\s+by|reported\s+by|compiled\s+by|disclosed\s+by|revealed\s+by|filed\s+with|insights\s+from)"
    r"\s+(?:[\w’'.-]+\s+){0,3}$", re.I)
_SOURCE_AFTER = re.compile(
    r"(?:[’']s)?\s+(?:\w+\s+)?(?:data|shows?|showed|indicates?|estimates?|figures|tracker)\b", re.I)
# A name the holder is compared with: "SharpLink overtook the Ethereum Foundation ... with 280,706 ETH"
_COMPARED_BEFORE = re.compile(
    r"\b(?:overt(?:ook|ak\w*)|surpass\w*|leapfrog\w*|ahead\s+of|than|outpac\w*|outrank\w*|"
    r"compared\s+(?:to|with)|unlike|behind|trail\w*|dethron\w*)\s+(?:[\w’'.-]+\s+){0,3}$", re.I)
# a name that reports what another did: "Arkham Intelligence confirmed that the firm holds", "Bloomberg said,"
_REPORTER_AFTER = re.compile(
    r"(?:,\s+(?:a|an|the)\s+[^,.;]{1,60},)?"  # "Whale Alert, a blockchain tracking service, reported ..."
    r"\s+(?:reported|reports|said|says|wrote|writes|noted|notes|told|cited|estimated|confirmed|revealed|showed|shows)"
    r"(?:\s*[,“\"]|(?:\s+[\w’']+){0,4}?\s+that\b|\s+(?:the|its|their|his|her)\s+(?:company|firm|country|nation|government)\b"
    r"|\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:transfer|transaction|movement|withdrawal|deposit|outflow|inflow)s?\b)")
_OBSERVER_AFTER = re.compile(r"\s+(?:identified|spotted|flagged|detected|tracked|observed|noticed|traced|linked)\b")
_TICKER_AFTER = re.compile(r"(?:\s+[A-Z]\w*)?\s*:\s*[A-Z]{1,6}\b")
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an)\s+$", re.I)
_LOCATIVE_BEFORE = re.compile(  # "listed on Euronext Growth Paris", "parks across the US, China, Japan, and Europe"
    r"\b(?:in|on|at|from|across|throughout|listed\s+(?:on|in))\s+(?:the\s+)?"
    r"(?:(?:[A-Z][\w.-]*\s+){0,2}|(?:[A-Z][\w.-]*,\s+)+(?:(?:and|or)\s+)?)$")
_POSSESSIVE_OTHER = re.compile(
    r"[’']s\s+(?!(?:total|own|bitcoin|btc|ether|eth|crypto|holdings?|treasury|stash|reserves?|portfolio|wallets?|balance|"
    r"coffers|position|cold|official|sovereign|strategic|national|combined|current|latest|\w+\s+holdings|"
    r"recent|new|first|initial|additional|purchases?|acquisitions?|buys?|sales?|transfers?|investments?|deposits?|"
    r"withdrawals?)\b)[a-z]")  # "Harbor Capital's purchase of 705 BTC": the buyer
_PLACE_SUPERLATIVE = re.compile(r"[’']s\s+(?:first|largest|biggest|leading|top|only|\w+est)\b")
_MODIFIER_AGENT = re.compile(
    r"\b(?:backed|led|founded|co-founded|owned|run|chaired|headed|helmed|controlled|sponsored)\s+by\s+"
    r"(?:[\w’'.-]+\s+){0,3}(?:and\s+)?$", re.I)
# a name the coins came from ("withdrew 103,274 ETH from Kraken"), or another name for the holder
# ("Metaplanet, often referred to as “Japan’s MicroStrategy,” ...")
_ORIGIN_BEFORE = re.compile(
    r"\b(?:withdr[ae]w\w*|pull\w*|moved|moving|transferr?\w*|transfers?|sent|send\w*|outflows?|inflows?|deposit\w*|"
    r"bought|purchased|acquired|received|redeemed|borrowed)\b(?:[^.;]|\.\d){0,80}?\bfrom\s+(?:the\s+)?$", re.I)
_ALIAS_BEFORE = re.compile(
    r"\b(?:(?:referred\s+to|billed|described|seen)\s+as|dubbed|nicknamed|"
    r"(?:often|sometimes|widely|also|popularly|commonly)\s+(?:known\s+as|called))\s+(?:the\s+)?[“\"']?"
    r"(?:[\w’'.-]+\s+){0,2}$", re.I)
_OWN_CLAUSE = re.compile(r"^\S*\s*(?:,\s*)?(?:which|who|that)\b", re.I)  # "trails only Strategy, which holds"
# "the company holds ...": the holder is the nearest such name before the sentence
_ORG_NOUNS = "company|firm|group|miner|exchange|fund|issuer|startup|insurer|bank|lender"
_PLACE_NOUNS = "country|nation|kingdom|state|government"
_REFERRING = re.compile(rf"\b(?:the|this)\s+(?:(?P<org>{_ORG_NOUNS})|(?P<place>{_PLACE_NOUNS}))\b", re.I)
# an apposition that calls the name before it one: "MicroStrategy, the best-known public company holding bitcoin"
_DESCRIBED_ORG = re.compile(rf"\s*,\s+(?:a|an|the)\s+[^,.;]{{0,40}}\b(?:{_ORG_NOUNS})\b", re.I)
_DESCRIBED_PLACE = re.compile(rf"\s*,\s+(?:a|an|the)\s+[^,.;]{{0,40}}\b(?:{_PLACE_NOUNS})\b", re.I)
REFERENT_REACH = 600  # characters before the sentence searched for the name "the company" refers to


# A quantity of another holder before this one: "BitMine holds 566,776 ETH, while SharpLink reported 360,807 ETH"
_CONTRAST = re.compile(r"\b(?:while|whereas|compared\s+(?:to|with)|versus|vs\.?|against|than)\b", re.I)


def _last_rival(text: str, figures: Sequence[Figure], earlier: Sequence[int]) -> int:
    """Where the names of an earlier quantity of the sentence stop counting as this one's holder:
    after that quantity when a contrast ("while", "compared to") follows it; else 0."""
    for i in reversed(earlier):
        f = figures[i]
        if f.unit_class in QUANTITY_CLASSES:
            return f.char_end if _CONTRAST.search(text, f.char_end, f.char_end + 60) else 0
    return 0


def _holder(
    text: str, mentions: Sequence[Mention], sentence_start: int, quantity_start: int, floor: int = 0
) -> str | None:
    """The canonical name of the entity mentioned last before the quantity, in its sentence,
    that holds rather than reports, spots or qualifies the figure or is compared with the holder;
    names before ``floor`` (a contrasted earlier quantity) do not count, nor where the coins came
    from ("from Kraken") or an alias ("often referred to as Japan's MicroStrategy"). When the sentence says
    "the company" (or "the country") instead, the nearest organization (place) within
    ``REFERENT_REACH`` before it that was a clause's subject (or that an apposition calls a
    company) and not a reporter.

    >>> from newsfacts.extract.figures import extract_figures
    >>> def holder(text):
    ...     return extract_holdings(text, extract_figures(text))[0].holder
    >>> holder("According to data from Coinglass, open interest reached 681,880 BTC, worth $72.85 billion.") is None
    True
    >>> holder("Metaplanet said on Monday it bought more. The company now holds 15,555 BTC worth $1.7 billion.")
    'Metaplanet'
    """
    if floor > sentence_start:
        named = [m for m in mentions if floor <= m.char_start and m.char_end <= quantity_start
                 and not _ORIGIN_BEFORE.search(text, max(sentence_start, m.char_start - 100), m.char_start)]
        return named[-1].name if named else None  # the contrasted holder is not named: not the first one's
    before = [m for m in mentions if sentence_start <= m.char_start and m.char_end <= quantity_start]
    for m in reversed(before):
        lead = text[max(sentence_start, m.char_start - 60) : m.char_start]
        tail = text[m.char_end : quantity_start]
        if _reports(text, m, sentence_start) or _OBSERVER_AFTER.match(text, m.char_end):
            continue  # a source of the figure, or one that reports or spots another's
        referring = _REFERRING.search(text, m.char_end, quantity_start)
        if referring and (text[m.char_end : referring.start()].strip() not in ("", ",")
                          or _SUBJECT_AFTER.match(text, referring.end())):  # (", the lender that ...": itself)
            continue  # "In a filing with the SEC, the company revealed it purchased": the company holds
        if _TICKER_AFTER.match(text, m.char_end) or (_ARTICLE_BEFORE.search(lead) and re.match(r"\s+[a-z]", tail)):
            continue  # "(NYSE American: GNS)", "a Telegram message": it names a venue or qualifies a noun
        if m.kind == "place" and (_PLACE_SUPERLATIVE.match(text, m.char_end) or _LOCATIVE_BEFORE.search(lead)):
            continue  # "Europe's first bitcoin treasury company", "listed on Euronext Growth Paris"
        if _POSSESSIVE_OTHER.match(text, m.char_end):
            continue  # "Michael Saylor's brainchild has spent": the possessed thing holds
        if _COMPARED_BEFORE.search(lead) and not _OWN_CLAUSE.match(tail):
            continue  # the one the holder is compared with
        if _ORIGIN_BEFORE.search(lead) or _ALIAS_BEFORE.search(lead):
            continue  # "withdrew 103,274 ETH from Kraken", "often referred to as “Japan’s MicroStrategy”"
        if re.match(r"-(?:[a-z]|(?:Listed|Based|Backed|Owned|Focused|Linked)\b)", tail) or _MODIFIER_AGENT.search(lead):
            continue  # "the Tokyo-listed firm", "Nasdaq-Listed BTCS", "a company backed by X": it qualifies the holder
        return m.name
    if before and not _REFERRING.search(text, sentence_start, quantity_start):
        return None  # every name of the sentence reports or compares: the holder is not named
    referring = _REFERRING.search(text, sentence_start, quantity_start)
    if referring is None:
        return None
    kind = "org" if referring.group("org") else "place"
    earlier = [m for m in mentions if m.char_end <= sentence_start and m.kind == kind]
    # the nearest name before that was a clause's subject ("SharpLink bought ... from the Foundation. The company ..."),
    # or that an apposition calls one ("blazed by MicroStrategy, the best-known public company holding bitcoin")
    described = _DESCRIBED_ORG if kind == "org" else _DESCRIBED_PLACE
    subjects = [m for m in earlier if m.char_start >= sentence_start - REFERENT_REACH
                and (_SUBJECT_AFTER.match(text, m.char_end) or described.match(text, m.char_end))
                and not _reports(text, m, 0)]
    return subjects[-1].name if subjects else None


# a name that does something: followed by its verb, or by an apposition and then its verb ("Metaplanet, a Tokyo firm, has",
# "MicroStrategy, now known as Strategy, continues"; ", Spain, has" is where the name before it is, no apposition)
_SUBJECT_AFTER = re.compile(
    r"(?:,\s+(?![A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?,)[^,.;]{1,60},)?\s+(?:\w+ly\s+|also\s+|now\s+|then\s+)?"
    r"(?:is|was|has|had|have|will|would|bought|buys|purchased|acquired|added|adds|holds|held|owns|owned|sold|sells|"
    r"announced|disclosed|revealed|became|becomes|raised|expanded|increased|boosted|completed|made|continues|continued|"
    r"plans|kept|keeps|began|remains|says|said|[a-z]+ed)\b")


def _reports(text: str, m: Mention, floor: int) -> bool:
    """Does the mention name a source of the figure ("according to Arkham", "Arkham data shows",
    a feed footer's publisher), or one that reports what another did ("Arkham confirmed that the
    firm holds")?"""
    return bool(_SOURCE_BEFORE.search(text[max(floor, m.char_start - 60) : m.char_start])
                or FOOTER_SITE.search(text, max(0, m.char_start - FOOTER_SITE_REACH), m.char_start)
                or _SOURCE_AFTER.match(text, m.char_end) or _REPORTER_AFTER.match(text, m.char_end))
