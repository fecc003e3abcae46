"""Events (GUIDE §5): a clause whose verb reports a happening of a type, its status, the date
it happened, who took part and the figures that measure it.

The trigger vocabulary is data (``seeds/event_triggers.csv``: the verb forms of each type and
what the verb must take to report it, e.g. ``raise`` takes money). A form found in a sentence
reports an event only when it reads as a verb there: not after a determiner ("the sale"), not
in a hyphenated compound ("sell-off"), a base form only after ``to`` or ``will``, an ``-ing``
form only after ``be``, a preposition or a verb of continuing. Hypotheticals, negations,
questions, conditions, forecasts and habitual statements are left out. ``status`` is
``planned`` after "will", "plans to", "is set to", ...; otherwise ``happened``.

The date is the time expression of the trigger's clause (never one that belongs to a
reporting verb or another participle), else the date of an earlier event the sentence refers
to ("During the visit, ..."), else none: the publication day is kept apart as ``reported_on``.
Actors are the entities of the clause that take part, without sources ("according to X",
"X reported that"), names that only qualify another ("El Salvador's President Nayib Bukele")
and places that are only where it happened ("in Las Vegas").

>>> from datetime import date
>>> from newsfacts.extract.dates import extract_dates
>>> text = ("In May, Pakistan allocated 2,000 megawatts for mining. Analysts said bitcoin could rise. "
...         "The exchange plans to launch a bitcoin fund.")
>>> pub = date(2025, 7, 17)
>>> [(e.event_type, e.trigger, e.status, str(e.date_start)) for e in extract_events(
...     text, extract_dates(text, pub), [], pub)]
[('allocation', 'allocated', 'happened', '2025-05-01'), ('launch', 'launch', 'planned', 'None')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from newsfacts import reference
from newsfacts.extract.dates import TimeExpression
from newsfacts.extract.figures import Figure
from newsfacts.extract.sentences import footer_parts, lower_keeping_offsets, sentence_spans


def _words(name: str) -> frozenset[str]:
    """One word set of ``seeds/event_words.csv`` (words separated by ``|``)."""
    return reference.word_set("event_words", name)


DATE_SOURCES = ("sentence", "context")
STATUSES = ("happened", "planned")

_WORD = re.compile(r"[a-z0-9][a-z0-9'’.\-&]*[a-z0-9]|[a-z0-9]|[$€£¥%]|[;:,()?\"“”—–]")
_CLAUSE_BREAK = re.compile(
    r";|\s[—–-]\s|—|\?|:\s|,[”\"’]?\s+(?=(?:which|who|whom|whose|while|whereas|but|although|though|as|after|before|when|"
    r"since|and|with|amid|following|despite|according|meanwhile|even|yet|so|because|if|unless|whether|where)\b)"
    r"|\s(?=(?:while|whereas|although|though|because|but|amid)\s)"
)
_ANOTHER_PREDICATE = re.compile(
    r"\b(?:(?:and|but|while)\s+(?:has|have|had|is|are|was|were|[a-z]+ed)|(?:after|before|while)\s+[a-z]+ing)\b"
    r"|\b(?:said|says|reported|reports|told|wrote|announced|noted|added)\b"
)
# ", and rejected a proposal": a second verb of the same subject, not a new clause.
_SHARED_SUBJECT = re.compile(r"and\s+(?:then\s+|also\s+|later\s+)?[a-z]+ed\b")
_DETERMINERS = _words("determiners")
_BE = _words("be")
_HAVE = _words("have")
_GERUND_BEFORE = _words("gerund_before")
_MODALS = _words("modals")
_NEGATIONS = _words("negations")
_CONDITIONS = _words("conditions")
_HABITUAL = _words("habitual")
_HABITUAL_PHRASES = re.compile(r"\b(?:" + "|".join(sorted(_words("habitual_phrases"), key=len, reverse=True)) + r")\b")
_HEDGES = _words("hedges")
_EXPLAINING = re.compile(r"\b(?:it|this|that|which) (?:means|meant)\b")
_POSITIONS = _words("positions")
_FORECASTS = _words("forecasts")
_PLAN_BEFORE_TO = _words("plan_before_to")
# Needs met by what the verb takes after it: a form that has one reads as a verb in running text.
_OBJECT_NEEDS = frozenset("level coins money buy law product person change plan".split())
_ODDS = _words("odds")
_OBLIGATIONS = _words("obligations")
_PRIVATE_APPROVERS = _words("private_approvers")
_GENERIC_SUBJECTS = _words("generic_subjects")
_PLAN_OBJECTS = _words("plan_objects")
_ACCORDS = _words("accords")
_PREPOSITIONS = _words("prepositions")
_FILLERS = _words("fillers")
_IDIOMS = _words("idioms")
_COMMODITIES = _words("commodities")
_ENABLING = _words("enabling")
_NOT_FUNDS = _words("not_funds")
_ASPECTUAL = _words("aspectual")
_PAST_ASPECT = _words("past_aspect")
_FOR_GERUND = _words("for_gerund")
_SUPERLATIVES = _words("superlatives")
_PLACE_QUALIFIED = _words("place_qualified")
_ASSET_WORDS = _words("asset_words")
_SOURCE_VERBS = _words("source_verbs")
_ADJUNCT_OPENERS = _words("adjunct_openers")
_SUBORDINATORS = _words("subordinators")
_ADVISING = _words("advising")
_FORECAST_VERBS = _words("forecast_verbs")
_ING_PREPOSITIONS = _words("ing_prepositions")
_FUND_SUBJECTS = _words("fund_subjects")
_PERIOD_NOUNS = _words("period_nouns")
_KIND_NOUNS = _words("kind_nouns")
_ADJECTIVE_ENDINGS = tuple(_words("adjective_endings"))
_ONCE_ADVERB = (["again"], ["more"])  # "once again", "once more": an adverb, no time clause
_GERUND_OPENERS = ("after", "before", "upon", "while")  # "After dropping to $73,273 on April 9, Bitcoin has surged"
_NOUN_BEFORE_ING = frozenset("during late early mid the a of in after before for overnight morning evening".split())
ACTOR_REACH = 120  # characters either side of the trigger where its actors are named
MAX_MEASURES = 3  # figures kept per event: "bought 4,225 BTC for $472.5 million at $111,827"
_PAST_AS_BASE = _words("past_as_base")
_WILL = _words("will")
_REPORTING = _words("reporting")
_OBJECTS = {need: _words(f"object_{need}") for need in ("coins", "buy", "money", "law", "personnel", "level", "stash")}
_COMPARED_TIME = re.compile(r"\bthan (?:in|on|at|during|last|a) ")  # "lower than in November 2024" (not "more than 5% on Monday")
_AS_CLAUSE = re.compile(  # "as" that opens a clause: not "as much as", "such as", "as part of", "as a reserve asset"
    r"(?<!\bas )(?<!\bsuch )(?<!\bso )(?<!\bmuch )(?<!\bmany )(?<!\bhigh )(?<!\blow )(?<!\bfar )(?<!\bwell )(?<!\blong )"
    r"\bas (?!much|many|well|high|low|long|far|soon|part|of|a |an |\d)")
_FIRST_TO = re.compile(  # "became the first head of state to make", "one of the latest firms to add"
    r"\b(?:is|was|became|becomes|become|been|of|as)\s+the (?:first|only|last|latest|second|third)\b[^,;:]{0,40}\bto$")
_CONDITION_IN_SENTENCE = re.compile(r"\b(?:if|unless|as long as|provided that|in case|in a scenario)\b")
_PREP_WHICH = re.compile(r"\b(?:at|by|in|for|through|with) which\b")
_SOON = _words("soon")
_PRODUCTS = _words("products")
_NOT_PRODUCTS = _words("not_products")
_LINKS = _words("links")
_PREVENTING = _words("preventing")
_CHANGES = _words("changes")
_PRONOUNS = _words("pronouns")
_SUBJECT_NOUNS = _words("subject_nouns")
_TECHNICAL = _words("technical")
_NOT_PRICE_OBJECTS = _words("not_price_objects")
_QUALIFYING_TITLES = _words("qualifying_titles")
_LOCATIVE = _words("locative")
_MARKET_WORDS = _words("market_words")
_METRIC_WORDS = _words("metric_words")
_LEVEL_WORDS_BETWEEN = _words("level_words_between")
_DIRECTIONS = _words("directions")
_NOT_REGULATED = _words("not_regulated")
_PROPOSING = _words("proposing")
_NOT_LAWS = _words("not_laws")
_LEGAL_CONTEXT = re.compile(r"\b(?:" + "|".join(sorted(_words("legal_context"))) + r")\b")
_COMMA_THEN_VERB = re.compile(r", (?:[a-z]+ )?[a-z]+ed\b")
# "bought the company, then called Twitter, in 2022": a participle set off by two commas qualifies a noun
_APPOSITION = re.compile(r"[^,]*, (?:[a-z]+ )?[a-z]+ed\b(?:(?!, ).)*, (?:in|on|at|during|last|this)\s+")
_TWEET_BYLINE = re.compile(r"\(@\w+\)\s*$")
_AHEAD = _words("ahead")
_AMOUNT = re.compile(r"[$€£]?\d[\d.,]*[kmb%]?")
_FROM_TO_JOINT = re.compile(r"to\s+(?:[a-z]+\s+)?" + _AMOUNT.pattern + r"(?:\s+[a-z]+)?\s+in")  # "to over 15,500 btc in"
_SPAN_WORDS = re.compile(r"[a-z0-9]+-(?:day|week|month|year)s?")  # "five-month high", "two-year low"


@dataclass(frozen=True, slots=True)
class Event:
    event_type: str
    status: str  # happened, planned
    trigger: str
    date_start: date | None
    date_end: date | None
    granularity: str | None
    date_source: str | None  # sentence, context; None when the text gives no date
    date_index: int | None  # the governing time expression (position in the document's dates)
    figure_indexes: tuple[int, ...]  # the figures of the trigger's clause
    agent_indexes: tuple[int, ...]  # mentions before the trigger that take part (positions in the mentions)
    counterpart_indexes: tuple[int, ...]  # mentions after it
    char_start: int  # the sentence
    char_end: int
    trigger_start: int
    trigger_end: int


@dataclass(frozen=True, slots=True)
class _Form:
    event_type: str
    form: str  # base, s, past, ing
    needs: str  # what the verb must take: coins, money, law, person, level, move, power, personnel, or ""


@cache
def _vocabulary() -> tuple[re.Pattern[str], dict[str, _Form], frozenset[str]]:
    forms: dict[str, _Form] = {}
    for row in reference.table("event_triggers"):
        variants = row["forms"].split("|")
        base = variants[0]
        for variant in variants:
            head = variant.split()[0]
            kind = _form_kind(head, base.split()[0], variant)
            forms.setdefault(variant, _Form(row["event_type"], kind, row["object"]))
    alternation = _trie_regex(forms)
    assets = frozenset(r["text"].lower() for r in reference.table("units") if r["class"] == "crypto")
    return re.compile(rf"(?<![\w\-])(?:{alternation})(?![\w\-])"), forms, assets | _MARKET_WORDS


def _trie_regex(words: Iterable[str]) -> str:
    """One regular expression for many words, as a trie: shared prefixes are matched once (a plain
    alternation of 400 forms tries each in turn). Longer forms are tried first; a space in a form
    matches any run of white space.

    >>> re.fullmatch(_trie_regex(["set", "set aside", "sets"]), "set  aside") is not None
    True
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alternatives = [(r"\s+" if char == " " else re.escape(char)) + build(child)
                        for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        if "" in node:
            return "(?:" + "|".join(alternatives) + "|)"  # longer first, then the word ending here
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return build(trie)


def _form_kind(head: str, base_head: str, variant: str) -> str:
    """base, s, past or ing, from the form's first word and the row's first form's.

    >>> [_form_kind(h, "buy", h) for h in ("buy", "buys", "bought", "buying")]
    ['base', 's', 'past', 'ing']
    >>> _form_kind("rallies", "rally", "rallies")
    's'

    >>> _form_kind("filed", "filed", "filed suit"), _form_kind("set", "set", "set aside")
    ('past', 'past')
    """
    if head.endswith("ing") and head != "bring":
        return "ing"
    if head.endswith("ed") or head in _PAST_AS_BASE or " not " in variant:
        return "past"
    if head == base_head:
        return "base"
    if (head.endswith("s") and head[:-1] == base_head or head.endswith("es") and head[:-2] == base_head
            or head.endswith("ies") and head[:-3] + "y" == base_head):
        return "s"  # buys, pushes, rallies
    return "past"


def event_types() -> tuple[str, ...]:
    """The documented vocabulary of event types, in file order."""
    return tuple(dict.fromkeys(r["event_type"] for r in reference.table("event_triggers")))


@dataclass(frozen=True, slots=True)
class _Mention:
    """What events need of an entity mention: where it is and its kind."""

    char_start: int
    char_end: int
    kind: str


def extract_events(
    text: str,
    dates: Sequence[TimeExpression],
    figures: Sequence[Figure],
    published: date | None,
    spans: Sequence[tuple[int, int]] | None = None,
    mentions: Sequence[object] = (),
) -> list[Event]:
    """Every event the clauses of ``text`` report, with status, governing date, actors and figures.

    ``mentions`` are the document's entity mentions (anything with ``char_start``, ``char_end``
    and ``kind``); ``spans`` are the sentence spans when the caller has them already.
    ``published`` is never an event's date (the caller keeps it as ``reported_on``); a planned
    event whose clause's date lies wholly before it is left undated rather than dated wrongly.
    """
    pattern, forms, assets = _vocabulary()
    lowered = lower_keeping_offsets(text)
    ments = [_Mention(m.char_start, m.char_end, m.kind) for m in mentions]  # type: ignore[attr-defined]
    m_order = sorted(range(len(ments)), key=lambda i: ments[i].char_start)
    f_order = sorted(range(len(figures)), key=lambda i: figures[i].char_start)
    mention_starts = [ments[i].char_start for i in m_order]
    figure_starts = [figures[i].char_start for i in f_order]
    out: list[Event] = []
    dated_by_type: dict[str, Event] = {}
    found = list(pattern.finditer(lowered))  # once over the text; each sentence takes its own
    found_starts = [m.start() for m in found]
    sentences = spans if spans is not None else sentence_spans(text)
    for s_start, s_end in (part for s, e in sentences for part in footer_parts(text, s, e)):  # a footer's headline apart
        matches = [m for m in found[bisect_left(found_starts, s_start) : bisect_left(found_starts, s_end)]
                   if m.end() <= s_end]
        if not matches:
            continue
        breaks = [s_start] + [
            m.end() for m in _CLAUSE_BREAK.finditer(lowered, s_start, s_end)
            if not (m.group().startswith(",") and _SHARED_SUBJECT.match(lowered, m.end(), s_end))
        ] + [s_end]
        m_lo, m_hi = bisect_left(mention_starts, s_start), bisect_left(mention_starts, s_end)
        f_lo, f_hi = bisect_left(figure_starts, s_start), bisect_left(figure_starts, s_end)
        sentence = _Sentence(
            text, lowered, s_start, s_end, breaks, assets,
            sorted((i, ments[i]) for i in m_order[m_lo:m_hi] if ments[i].char_end <= s_end),
            sorted(((i, figures[i]) for i in f_order[f_lo:f_hi] if figures[i].char_end <= s_end), key=lambda p: p[0]),
        )
        previous: tuple[int, str, str] | None = None  # (end, status, type) of the last event kept
        for match in matches:
            if any(m.char_start < match.end() and match.start() < m.char_end for m in sentence.mentions):
                continue  # inside a name: "Block", "Fold Holdings"
            form = forms[re.sub(r"\s+", " ", match.group())]
            status = sentence.status(match, form, previous)
            if status is None:
                continue
            event = sentence.event(match, form, status, dates)
            if published and event.date_end and status == "planned" and event.date_end < published:
                event = _undated(event)  # a plan wholly past: the date is another's (a happening dated ahead is
                # kept: the temporal check flags it)
            back = _BACK.search(text, s_start, s_end)
            if event.date_source is None and back is not None:
                earlier = dated_by_type.get(_BACK_REFERENCES[back.group(1).lower()])
                if earlier is not None:
                    event = replace(
                        event, date_start=earlier.date_start, date_end=earlier.date_end,
                        granularity=earlier.granularity, date_source="context", date_index=earlier.date_index,
                    )
            if event.date_source is not None:
                dated_by_type.setdefault(event.event_type, event)
            out.append(event)
            previous = (match.end(), status, event.event_type)
    return out


# Nouns that refer back to an earlier event of a type: "during the visit", "after the meeting".
_BACK_REFERENCES = {
    "visit": "meeting", "meeting": "meeting", "talks": "meeting", "summit": "meeting",
    "deal": "agreement", "agreement": "agreement", "purchase": "purchase", "acquisition": "purchase",
    "sale": "sale", "allocation": "allocation", "loan": "loan",
}
_BACK = re.compile(r"\b(?:during|after|at|following|before|in)\s+the\s+(" + "|".join(_BACK_REFERENCES) + r")\b", re.I)


class _Sentence:
    """One sentence, split into clauses, with the words around a trigger at hand."""

    def __init__(
        self, text: str, lowered: str, start: int, end: int, breaks: list[int], assets: frozenset[str],
        mentions: list[tuple[int, _Mention]], figures: list[tuple[int, Figure]],
    ) -> None:
        """``mentions`` and ``figures``: the sentence's, each with its position in the document's."""
        self.text, self.lowered, self.start, self.end = text, lowered, start, end
        self.breaks, self.assets = breaks, assets
        self.indexed = mentions
        self.mentions = [m for _, m in mentions]
        self.indexed_figures = figures
        self.figures = [f for _, f in figures]

    def clause(self, at: int, until: int) -> tuple[int, int]:
        lo = max(b for b in self.breaks if b <= at)
        hi = min(b for b in self.breaks if b >= until)
        return lo, hi

    def words(self, start: int, end: int) -> list[tuple[str, int, int]]:
        return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(self.lowered, start, end)]

    def status(self, match: re.Match[str], form: _Form, previous: tuple[int, str, str] | None) -> str | None:
        """``happened`` or ``planned`` when the trigger reports a happening here, else None."""
        lo, hi = self.clause(match.start(), match.end())
        if self.lowered[lo:hi].rstrip().endswith("?"):
            return None  # a question: "Can it launch a fresh move higher?"
        before = [w if w != "may" or self.text[s] == "m" else "May" for w, s, _ in self.words(lo, match.start())]
        after = [w for w, _, _ in self.words(match.end(), hi)]
        prev = before[-1] if before else ""
        near = before[-4:]
        if self.text[match.start() - 1 : match.start()] in "-/" and match.start() > 0:
            return None
        if prev in _DETERMINERS or _possessive(prev) or _is_number(prev):
            return None  # a noun: "the sale", "a 5% rise", "$300M raise"
        if form.form == "past" and prev == "to" and " " not in match.group() and match.group() in _PAST_AS_BASE:
            form = replace(form, form="base")  # "to hit": an infinitive
        nxt_word = self.text[match.end() : match.end() + 30].split()[:1]
        if (form.form == "past" and prev in _PREPOSITIONS and " " not in match.group()
                and (_common_word(nxt_word) or nxt_word and nxt_word[0].lower().rstrip(",.") in self.assets)):
            return None  # "consultations for proposed licensing rules": an adjective after a preposition
        if (form.form == "past" and match.group().endswith("en") and " " not in match.group()
                and (_common_word(nxt_word) or prev not in _BE | _HAVE | _FILLERS and not prev.endswith(("'ve", "’ve", "ly")))):
            return None  # "stolen funds", "fallen angels": a participle before its noun
        if form.form == "past" and prev.endswith("ly") and (_common_word(nxt_word) or len(before) > 1 and (
                before[-2] in _DETERMINERS or _possessive(before[-2]))):
            return None  # "a previously rejected proposal": an adjective
        if (form.form == "past" and " " not in match.group() and _common_word(nxt_word) and prev in _vocabulary()[1]
                and self._lower_before(match) and nxt_word[0] not in _PREPOSITIONS | {"against", "that"}):
            return None  # "they sell borrowed contracts": a participle after a verb, before its noun
        once_ahead = before[:1] == ["once"] and ((form.form == "past" and len(before) == 1) or (
            form.form in ("s", "base") and before[1:2] not in _ONCE_ADVERB and "," not in before))
        # ("Once launched in Q3 2025, the network ...", "once the L2 launches": GUIDE §5 counts it planned; not
        # "Once the price touched $3.66, it struggled": a past narrative; "once again" is no clause)
        if form.form == "past" and prev in ("when", "if", "unless", "until"):
            return None  # "When added, the total hits 198,012 BTC": a reduced clause, no happening
        if prev == "from" and any(w in _PREVENTING for w in before[-5:]):
            return None  # "prevented the firm from purchasing"
        if after[:1] and after[0] in ("of", "between") and form.form in ("base", "s", "ing") and " " not in match.group():
            return None  # "the launch of", "buying of"
        sentence_before = self.lowered[self.start : match.start()]
        if (any(w in _MODALS for w in before[-6:]) or any(w in _CONDITIONS for w in before)
                or _CONDITION_IN_SENTENCE.search(sentence_before)):
            return None
        if any(w in _NEGATIONS for w in near) and not match.group().startswith(("did not", "does not", "do not")):
            return None
        if any(w in ("regardless", "whichever", "whatever") for w in before) or _PREP_WHICH.search(" ".join(before[-6:])):
            return None  # "regardless of which coins are rallying", "the price at which holders acquired"
        if form.form == "s" and before[:1] == ["as"] and any(
                w in _MODALS for w, _, _ in self.words(match.end(), self.end)):
            return None  # "As Bitcoin reaches new highs, investors might take profits": generic
        if form.form != "past" and not once_ahead and any(
                w in ("before", "until", "till") or w == "once" and before[k + 1 : k + 2] not in _ONCE_ADVERB
                for k, w in enumerate(before[-3:], start=max(0, len(before) - 3))):
            return None  # "buy XRP before it explodes": a future time clause
        if (form.form == "past" and prev.endswith("ing") and _common_word(nxt_word)):
            return None  # "the leading listed bitcoin vehicle": an adjective
        if _HABITUAL_PHRASES.search(self.lowered, self.start, hi) or any(w in _HABITUAL for w in before) or (
                form.form != "past" and any(w in ("when", "whenever") for w in before)
                and not (form.form == "ing" and prev in _PAST_ASPECT)):
            return None  # habitual: "when prices are soaring, greed takes over"
        if prev == "to" and before[-2:-1] and before[-2] in _ADVISING:
            return None  # "Reiterates Call to Sell Bitcoin": advice, not a plan
        if self._after_hypothetical_colon(lo):
            return None  # "The scenario might look like this: Bitcoin touches $200K": a scenario
        planned = once_ahead or any(w in _WILL or w.endswith(("'ll", "’ll")) for w in near) or (
            "to" in near[-3:] and any(w in _PLAN_BEFORE_TO for w in before[-5:])
        )
        if form.form == "base":
            coordinated = previous is not None and previous[1] == "planned" and prev in ("and", ",", "or")
            headline = self._headline()
            to_headline = prev == "to" and headline and 2 <= len(before) <= 5 and self._capitalised_before(match, 2)
            if planned or coordinated or to_headline:  # "Pakistan to allocate 2,000 MW"
                planned = True
            elif prev == "to" and (len(before) > 2 and before[-2] in _ASPECTUAL  # (a subject first: "Continue To Buy" bids)
                                   or _FIRST_TO.search(self.lowered, self.start, match.start() - 1)):
                pass  # "El Salvador continues to accumulate", "the first head of state to make": it happens
            elif not (headline and form.event_type not in ("price_move", "transfer") and before
                      and self.text[match.start()].isupper() and self._name_before(match)):
                return None  # a bare base form: generic ("miners sell") unless a headline's present after a name
        elif form.form == "s":
            if after[:1] and after[0] in _BE | _HAVE:
                return None  # "deposits are rising": a noun
            if prev in self.assets and (form.event_type != "price_move" or (len(before) > 1 and before[-2] in _DETERMINERS)):
                return None  # "Bitcoin buys", "ETH sales": a noun compound
            if not (self._capitalised_before(match, 1) or prev in _PRONOUNS or prev in self.assets
                    or prev in _SUBJECT_NOUNS):
                return None  # "new product launches": a noun after a common noun
            if (self._headline() and prev.endswith(_ADJECTIVE_ENDINGS) and prev not in self.assets
                    and (len(before) == 1 or before[-2] == ":") and not self._name_before(match)):
                return None  # "Strategic Transfers and Onchain Footprints", "Conclusion: Strategic Moves in ...": a heading
                # that opens with an adjective and its noun (not "Ego Death Capital Raises $100M": a name before)
            if not self._headline() and form.needs not in _OBJECT_NEEDS and not any(
                    match.end() <= f.char_start < hi for f in self.figures):
                return None  # a present tense in running text without an amount: generic ("the market moves quickly")
            nxt = self.text[match.end() : match.end() + 30].split()[:1]
            following = nxt[0].lower() if nxt else ""
            if (nxt and nxt[0][:1].isupper() and following.endswith(("s", "ed")) and following not in self.assets
                    and not _possessive(following) and " " not in match.group()):
                return None  # "Crypto Gains Taxed", "App Launch Builds": the next word is the verb
        elif form.form == "ing":
            if prev == ")" and "(" in before[-4:]:  # "bitcoin (BTC) reaching": the word before the brackets
                opening = len(before) - 1 - before[::-1].index("(")
                prev = before[opening - 1] if opening > 0 else prev
            elif prev in _FILLERS:  # "ETH is now correcting", "is once again retreating": adverbs between be and the verb
                k = len(before) - 1
                while k > 0 and before[k] in _FILLERS:
                    k -= 1
                prev = before[k] if before[k] in _BE else prev
            participle = form.event_type == "price_move" and (
                prev == "," and self._level_follows(match, hi)  # "..., rising to a two-month high of $2.60"
                or prev in self.assets and "with" in before[-4:-1]  # "with its price exploding to" a level
                and (any(w in _OBJECTS["level"] for w in after[:6]) or self._level_follows(match, hi)))
            praised_for = prev == "for" and any(w in _FOR_GERUND for w in before[-10:])  # "praised Bukele for legalizing"
            if participle and any(w in _FORECAST_VERBS for w in self._previous_clause_words(lo) + before):
                return None  # "predicted that the rally is likely to sustain, with BTC reaching $120,000": a forecast
            if not (prev in _BE or prev in _GERUND_BEFORE or participle or praised_for
                    or (form.event_type == "price_move" and prev in self.assets and prev not in _MARKET_WORDS)):
                return None  # ("Bitcoin surging" is a move; "a new asset surging in hype" is not)
            if prev in ("by", "for", "from", "without") and not any(
                    m.kind in ("person", "org", "place") and lo <= m.char_start < match.start() for m in self.mentions):
                return None  # "a way to raise capital by selling shares": generic without a named doer
        if form.form == "ing" and prev in ("by", "through", "via") and previous is not None and previous[1] == "planned":
            planned = True  # "plans to raise $2.1 billion by selling preferred stock"
        if form.form in ("ing", "base") and any(w in _SOON for w in after[:4]):
            planned = True  # "the token is launching soon"
        if form.event_type == "price_move" and (planned or any(w in _FORECASTS for w in before)):
            return None  # a forecast or a price target
        if not self._takes(match, form, before, after, lo, hi):
            return None
        if form.event_type == "objection" and (after[:1] in (["at"], ["from"]) or any(w in self.assets for w in before[-4:])):
            return None  # "rejected at $119,000", "was rejected from the resistance zone": a price level
        if form.event_type == "personnel" and after[:1] in (["back"], ["up"], ["off"]):
            return None  # "fired back": a retort
        if form.event_type == "security" and any(w in _TECHNICAL for w in before[-6:] + after[:4]):
            return None  # "support has been breached": a chart, not a hack
        if any(w in _ODDS or w in _HEDGES for w in before) or _EXPLAINING.search(self.lowered, lo, match.start()):
            return None  # "a 99 percent chance that the Senate will approve", "it is possible that ...": a guess
        if any(" ".join(before[i : i + 2]) in _OBLIGATIONS for i in range(max(0, len(before) - 4), len(before))):
            return None  # "is going to have to start selling": an obligation, not a plan
        if form.event_type == "regulation" and any(w in _PRIVATE_APPROVERS for w in before[-6:] + after[:6]):
            return None  # "approved by the board": a company's decision, not a regulation
        if any(w in ("best", "top") for w in before[-4:]) and prev == "to":
            return None  # "best crypto to buy now": advice, not a plan
        if _CONDITION_IN_SENTENCE.search(self.lowered, match.end(), hi):
            return None  # "will allocate power only if ...": a condition after the verb
        if "those" in before[-4:] or form.event_type == "security" and any(w in _IDIOMS for w in after[:3]):
            return None  # "those looking to buy": generic; "steals the spotlight": an idiom
        if "who" in before[-3:] and any(w in ("those", "anyone", "people", "investors", "everyone") for w in before[-4:]):
            return None  # "those who bought early": generic
        if match.group().startswith("accumulat") and after[:1] in (["in"], ["on"], ["at"], ["over"]):
            return None  # "capital has accumulated in spot ETFs": something piled up, no purchase
        if form.event_type in ("purchase", "sale") and any(w in _POSITIONS for w in after[:8]):
            return None  # "adding 108 BTC to a 40x long position": a trade on margin
        if form.event_type == "regulation" and any(w in _NOT_REGULATED for w in before[-3:] + after[:3]):
            return None  # "one of my accounts was banned": a platform's moderation, not a regulation
        if form.form != "past" and any(w in ("why", "how") for w in before) and any(w in ("a", "an", "any") for w in before):
            return None  # "understand why a company is investing in Bitcoin": advice about a kind of case
        if any(w == "like" and k > 0 and before[k - 1].endswith("s") and "," not in before[k:]
               for k, w in enumerate(before[-6:], start=max(0, len(before) - 6))):
            return None  # "Firms like Cardone Capital are investing in Bitcoin": a kind, not a case
        if form.event_type == "meeting" and form.form == "s" and not self._name_before(match):
            return None  # "Persistent Selling on Binance Derivatives Meets Stubborn Resilience": an idiom
        if form.event_type == "meeting" and prev in _BE:
            return None  # "targets had been met", "was met with criticism": no meeting
        if any(w in _PROPOSING for w in before) and "that" in before:
            return None  # "proposed that Sweden begin accumulating Bitcoin": a proposal, not a happening
        if form.needs == "law" and any(w in _NOT_LAWS for w in after[:4]):
            return None  # "introduced the Power Law Model": a model, not a law
        if (match.group().startswith("accuse") and prev not in _BE
                and not _LEGAL_CONTEXT.search(self.lowered, self.start, self.end)):
            return None  # "Saylor accuses Chanos of misjudging": a retort; legal only with a case, charge or authority
        if form.event_type == "security" and any(w in _GENERIC_SUBJECTS for w in before[-4:]):
            return None  # "people are getting scammed": generic
        if form.event_type in ("purchase", "sale") and (prev in _GENERIC_SUBJECTS or prev in _BE | _HAVE and len(before) > 1
                                                        and before[-2] in _GENERIC_SUBJECTS):
            return None  # "traders sold straddles": market talk, not a happening
        if form.form == "base" and prev == "to" and any(w in _ENABLING for w in before[-4:]):
            return None  # "will allow customers to buy": an ability
        if form.event_type == "funding" and any(w in _NOT_FUNDS for w in after[:4]):
            return None  # "raised its price forecast": not money raised
        if form.event_type == "objection" and not any(
                m.kind in ("person", "org", "place") and lo <= m.char_start and m.char_end <= match.start()
                for m in self.mentions):
            return None  # an objection is made by someone named: "the IMF expressed concern"
        if form.event_type != "price_move" and self._counted_kind(before, lo, match.start()):
            return None  # "nearly 70% are planning to increase their holdings": a survey's share of a group
        if planned and any(w in _GENERIC_SUBJECTS for w in before[-6:]):
            return None  # "fewer holders are looking to sell": generic
        if form.event_type == "price_move" and after[:1] == ["by"]:
            return None  # "was hit by an extortion attempt": not a price
        if form.event_type == "price_move" and any(w in _NOT_PRICE_OBJECTS and not (form.needs == "level" and w in _TECHNICAL)
                                                   for w in after[:3]):
            return None  # "gained traction", "gaining momentum" (but "hits support" is a level)
        return "planned" if planned else "happened"

    def _counted_kind(self, before: list[str], lo: int, trigger: int) -> bool:
        """Is the subject a share of a group ("nearly 70% are planning", "40% of investors bought"), a
        survey's finding, with no name before the trigger in its clause? (Not "More firms unveiled plans to
        acquire BTC": GUIDE §5 counts a kind's plans; not "30% of $HYPER is earmarked": a share of a thing.)"""
        if any(lo <= m.char_start and m.char_end <= trigger for m in self.mentions):
            return False
        words = before[-8:] + ["", ""]
        return any(_is_number(w0) and w1 == "%" and (
            w2 in _BE or w2 in _HAVE or w2 == "of" and (w3 in _KIND_NOUNS or w3 in _GENERIC_SUBJECTS))
            for w0, w1, w2, w3 in zip(words, words[1:], words[2:], words[3:]))

    def _after_hypothetical_colon(self, lo: int) -> bool:
        """Does the clause at ``lo`` follow a colon whose clause is a modal's ("might look like this:")?"""
        if self.lowered[max(self.start, lo - 2) : lo].strip() != ":":
            return False
        earlier = self._previous_clause_words(lo)  # (not "You might also like:", "Clients Can Buy Bitcoin:")
        return any(w in ("scenario", "scenarios", "imagine", "hypothetically") for w in earlier) or (
            any(w in _MODALS for w in earlier) and "look" in earlier and earlier[-1:] != ["like"])

    def _lower_before(self, match: re.Match[str]) -> bool:
        """Is the word right before the trigger written in lower case (no name: "sell", not "Reserve")?"""
        words = self.text[self.start : match.start()].split()
        return bool(words) and words[-1][:1].islower()

    def _name_before(self, match: re.Match[str]) -> bool:
        """An entity mention ends right before the trigger (its subject is a name)."""
        return any(0 <= match.start() - m.char_end <= 2 for m in self.mentions)

    def _capitalised_before(self, match: re.Match[str], back: int) -> bool:
        """Is the word ``back`` words before the trigger capitalised in the text (a name)?"""
        words = list(re.finditer(r"[\w$'’&.\-]+", self.text[self.start : match.start()]))
        if len(words) < back:
            return False
        word = words[-back].group()
        return word[:1].isupper() or word[:1].isdigit() and back == 1 and False

    def _headline(self) -> bool:
        """A title line: short, with no closing full stop."""
        line = self.text[self.start : self.end].strip()
        words = re.findall(r"[A-Za-z][\w'’]*", line)
        return not line.endswith((".", "!", "?", "”", '"')) and 3 <= len(words) <= 20

    def _takes(self, match: re.Match[str], form: _Form, before: list[str], after: list[str], lo: int, hi: int) -> bool:
        """Does the verb take what its type needs ("raised" money, "moved" coins, a level for "hit")?"""
        need = form.needs
        if not need:
            return True
        window = after[:8]
        later = [f for f in self.figures if match.end() <= f.char_start < hi]
        first = later[0] if later and later[0].char_start - match.end() < 60 else None
        if need == "coins" and any(w in _METRIC_WORDS or w == "holding" for w in before[-4:]):
            return False  # "SharpLink's Ethereum holding has now moved from 205,634 ETH": a count changed
        if need == "coins" and window[:1] == ["that"]:
            return False  # "DigitalX added that ...": a report, not coins added
        if need == "coins":
            if any(w in _DIRECTIONS for w in window[:2]):
                return False  # "moves deeper into Bitcoin", "moving toward crypto": a course, not coins moved
            return (bool(first and first.unit_class == "crypto") or any(w in _OBJECTS["coins"] for w in window[:4])
                    or any(f.unit_class == "crypto" and lo <= f.char_start and f.char_end <= match.start()
                           and match.start() - f.char_end < 30 for f in self.figures))  # "one million BTC have moved"
        if need == "buy":
            spent = first is not None and first.unit_class == "money" and len(self.words(match.end(), first.char_start)) <= 2
            of_what = [w for w, _, _ in self.words(first.char_end, hi)[:5]] if first is not None else []
            bought_with = spent and not any(w in _FUND_SUBJECTS for w in before[-6:]) and (match.group().startswith("invest") or (  # "invested $74.9K"
                of_what[:1] in (["worth"], ["of"], ["in"], ["into"])  # "$50 million worth of Bitcoin", "$5 million in BTC"
                and any(w in _OBJECTS["buy"] or w in self.assets for w in of_what[1:5])))
            return (bool(first and first.unit_class == "crypto") or bought_with or any(w in _OBJECTS["buy"] for w in window[:5])
                    or any(m.kind == "org" and match.end() <= m.char_start < match.end() + 30 for m in self.mentions))
        if need == "money":
            near_money = bool(first and first.unit_class == "money" and len(self.words(match.end(), first.char_start)) <= 3)
            return near_money or any(w in _OBJECTS["money"] for w in window[:6])  # "raised up to $300M"
        if need == "power":
            return bool(first and first.unit in ("kW", "MW", "GW"))
        if need == "stash":  # "boosted its BTC holdings", "expanded their treasuries to 809,100 BTC"
            at = next((k for k, w in enumerate(window[:4]) if w in _OBJECTS["stash"]), None)
            return (at is not None and window[at + 1 : at + 2] != ["strategy"]  # "expands its treasury strategy": a plan
                    and not any(w in _OBJECTS["stash"] for w in before[-3:]))
        if need in ("law", "personnel"):
            words = _OBJECTS[need]
            return any(w in words for w in window) or (need == "law" and any(w in words for w in before[-6:]))
        if need == "accord":  # "signed an agreement", "signed a letter of intent"; a law is retyped later
            return any(w in _ACCORDS or w in _OBJECTS["law"] for w in window[:8] + before[-4:])
        if need == "plan":
            return any(w in _PLAN_OBJECTS for w in window[:6])  # "warned against the plan"
        if need == "party":
            return any(m.kind in ("person", "org", "place") and lo <= m.char_start < hi for m in self.mentions)
        if need == "product":
            if any(w in _NOT_PRODUCTS for w in window[:5] + before[-1:]):
                return False  # "unveils a warning", "the post went live"
            if any(w in _PRODUCTS for w in window[:4] + before[-4:]):
                return True
            names = [m for m in self.mentions if match.end() <= m.char_start < match.end() + 25]
            return bool(names)  # "launched Conflux 3.0"
        if need == "person":
            if before[-1:] and before[-1] in _BE:
                return True  # "he was kidnapped": the person is the subject
            return any(m.kind in ("person", "org") and match.end() <= m.char_start < match.end() + 40
                       for m in self.mentions)
        subject = before[-8:]
        if not before or before[0] in _BE | _HAVE | {"but", "and", "then", "before", "after"}:
            earlier = self._previous_clause_words(lo)
            subject = earlier[-8:] + subject  # "..., but had fallen back"
            if _shares_subject(before):
                subject = earlier[:4] + subject  # "Bitcoin spiked ... on Thursday but had fallen back": its subject
        if first and first.unit_class == "money" and not self._only_level_words(match.end(), first.char_start):
            first = None  # "hit a brick wall above $120,000", "reclaims DeFi market as bots drive $480B"
        level = bool(first and first.unit_class == "money") or any(w in _OBJECTS["level"] for w in window[:5])
        cut = next((k for k, w in enumerate(window) if w in (",", "on", "amid", "as", "after", "following", "despite", "due")), 7)
        object_words = window[:cut]  # what the verb takes, not its cause: "rallied on strong demand", "rebounded, volatility ..."
        if any(w in _METRIC_WORDS for w in subject) or any(w in _METRIC_WORDS | {"holding", "tvl"} for w in object_words):
            return False  # "ETF inflows hit $5.2b", "rallies past $1.75B TVL": a metric, not a price
        if need == "level" and level and first and first.unit_class == "money" and (
                form.form == "ing" or self._moving_subject(before)):
            return True  # "after reaching a new all-time high of $123,000", "BTC touched $111,000"
        if form.form == "ing" and len(before) == 1 and before[0] in _GERUND_OPENERS + ("since",):
            comma = self.lowered.find(",", match.end(), self.end)  # "After hitting a new high on May 22, BTC has spent":
            if comma > 0:  # the subject of the gerund is the main clause's, after the comma
                subject = subject + [w for w, _, _ in self.words(comma + 1, self.end)[:3]]
        if not any(w in self.assets for w in subject):
            return False
        if need == "change":
            return any(w in _CHANGES for w in window[:4])  # "posted a 43.9% recovery"
        if need == "move" and after[:1] and after[0] in _DETERMINERS | {"its", "their", "his", "her"} and after[1:2] not in (
                ["week"], ["month"], ["year"], ["quarter"], ["session"], ["weekend"]) and not any(
                match.end() <= f.char_start < hi and len(self.words(match.end(), f.char_start)) <= 3 for f in self.figures
        ) and not any(w in _TECHNICAL or w in _OBJECTS["level"] for w in window[:5]):
            return False  # "just dropped a bomb on XRP", "has lost its bullish appeal": an object, not a move
        if need == "move" and before[-1:] == [","]:  # a participle: the main clause's subject moved
            return before[0] not in ("which", "who") and any(w in self.assets for w in before[:6])  # (not a relative clause's)
        if need == "move":  # the price or market itself is the subject: "ETH rose", not "trader loses $25M"
            if _shares_subject(before):  # "Bitcoin spiked ... but had fallen back": the subject of the clause before
                return any(w in self.assets for w in self._previous_clause_words(lo)[:4])
            return self._moving_subject(before)
        return level  # "level": reached a record, touched $111,000

    def _level_follows(self, match: re.Match[str], hi: int) -> bool:
        """Does a price or percent follow the trigger in its clause with only level words between
        ("rising to a two-month high of $2.60", "climbing 5%")?"""
        later = [f for f in self.figures if match.end() <= f.char_start < hi]
        if not later or later[0].unit_class not in ("money", "percent"):
            return False
        return self._only_level_words(match.end(), later[0].char_start, also=("to",))

    def _only_level_words(self, start: int, end: int, also: tuple[str, ...] = ()) -> bool:
        """Are the words from ``start`` to ``end`` only what leads to a price ("a new all-time high of"),
        or one of ``also``?"""
        return all(w in _LEVEL_WORDS_BETWEEN or w in "()" or w in also or _SPAN_WORDS.fullmatch(w)
                   for w, _, _ in self.words(start, end))

    def _moving_subject(self, before: list[str]) -> bool:
        """The word the verb follows (aux, adverbs and brackets aside) names a price, market or asset."""
        for word in reversed(before):
            if word in _BE or word in _HAVE or word in "()" or word.endswith("ly") or word in _FILLERS:
                continue
            return word in self.assets or word in _COMMODITIES or (word in ("it", "which") and any(
                w in self.assets for w in before))
        return False

    def _previous_clause_words(self, lo: int) -> list[str]:
        earlier = [b for b in self.breaks if b < lo]
        return [w for w, _, _ in self.words(max(earlier) if earlier else self.start, lo)]

    def event(self, match: re.Match[str], form: _Form, status: str, dates: Sequence[TimeExpression]) -> Event:
        lo, hi = self.clause(match.start(), match.end())
        scope_lo = self._complement_start(lo, match.start())
        date_index = self._governing_date(dates, match, scope_lo, hi)
        governing = dates[date_index] if date_index is not None else None
        span = self._span_of(dates, date_index, hi) if date_index is not None else None
        agents, counterparts = self._actors(match, scope_lo, hi, form.event_type)
        return Event(
            event_type=self._retyped(match, form.event_type, hi),
            status=status,
            trigger=self.text[match.start() : match.end()],
            date_start=span[0] if span else governing.start if governing else None,
            date_end=span[1] if span else governing.end if governing else None,
            granularity="range" if span else governing.granularity if governing else None,
            date_source="sentence" if governing else None,
            date_index=date_index,
            figure_indexes=self._measures(match, scope_lo, hi),
            agent_indexes=agents,
            counterpart_indexes=counterparts,
            char_start=self.start,
            char_end=self.end,
            trigger_start=match.start(),
            trigger_end=match.end(),
        )

    def _measures(self, match: re.Match[str], lo: int, hi: int) -> tuple[int, ...]:
        """The figures that measure the event: the clause's amounts nearest its trigger, in text order."""
        near = sorted(
            (abs(f.char_start - match.end()) if f.char_start >= match.end() else match.start() - f.char_end, i)
            for i, f in self.indexed_figures if lo <= f.char_start and f.char_end <= hi
        )
        return tuple(sorted(i for _, i in near[:MAX_MEASURES]))

    def _retyped(self, match: re.Match[str], event_type: str, hi: int) -> str:
        """"signed Senate Bill 21 into law", "signed an executive order": a regulation, not an agreement."""
        if event_type != "agreement" or not match.group().startswith("sign"):
            return event_type
        window = [w for w, _, _ in self.words(match.end(), hi)][:8]
        just_before = [w for w, _, _ in self.words(max(self.start, match.start() - 20), match.start())][-2:]
        if any(w in ("law", "bill", "bills", "act", "legislation", "order", "ordinance") for w in window + just_before):
            return "regulation"
        return event_type

    def _complement_start(self, lo: int, trigger: int) -> int:
        """Where the reported clause begins when the trigger is reported ("X said that Y bought"):
        dates and names before it belong to the report, not to the event."""
        start = lo
        words = self.words(lo, trigger)
        for k, (word, w_start, w_end) in enumerate(words):
            if word in _REPORTING and not (k + 1 < len(words) and words[k + 1][0] in ("plans", "plan")):
                start = w_end  # ("announced plans to buy": the plan is the event, its subject the doer)
                rest = self.words(w_end, trigger)
                for j, (w, _, e) in enumerate(rest[:8]):
                    if w == "that":
                        start = e
                        break
        return start

    def _governing_date(self, dates: Sequence[TimeExpression], match: re.Match[str], lo: int, hi: int) -> int | None:
        best: tuple[int, int] | None = None
        for i, d in enumerate(dates):
            if d.start is None or not (lo <= d.char_start and d.char_end <= hi):
                continue
            between = self.words(min(d.char_end, match.start()), max(d.char_start, match.end()))
            between_words = [w for w, _, _ in between]
            if d.char_start > match.end() and any(
                    w.endswith(("ing", "ed")) and w not in _BE | _HAVE | _ING_PREPOSITIONS and "-" not in w
                    and self._not_trigger(s, match)  # ("Bitcoin-related securities on July 21": an adjective)
                    and (k == 0 or between[-3:][k - 1][0] not in _NOUN_BEFORE_ING)
                    for k, (w, s, _) in enumerate(between[-3:])):
                continue  # "loans maturing in June 2028": another participle's date (not "during late trading")
            if d.char_start > match.end() and (_ANOTHER_PREDICATE.search(self.lowered, match.end(), d.char_start)
                                               or any(w in _MODALS for w in between_words)):
                continue  # "acquired 10,100 BTC ... and has achieved a yield of 19% YTD 2025", "what could be a volatile July"
            if d.char_start > match.end() and self._compared_or_as_clause(" ".join(between_words)):
                continue  # "lower than in November 2024", "rises as the network hits 30m transactions YTD": another clause's date
            if self.lowered[max(self.start, d.char_start - 8) : d.char_start].split()[-1:] in (["ending"], ["ended"]):
                continue  # "the three-month period ending June 30": the end of a period, not the day it happened
            if d.char_start > match.end() and "(" in between_words and ")" not in between_words:
                continue  # "purchased a brand new Gallardo (model 2014)": the date qualifies a noun
            if d.char_start > match.end() and any(w in _SUPERLATIVES for w in between_words[-4:]):
                continue  # "reaching $39.04, its highest level since September 2011": the comparison's date
            if d.char_start > match.end() and "," in between_words and self._headline():
                continue  # "Firm Boosts Bitcoin Holdings, Sees 25.8% Yield in 2025": a headline's next clause
            if (d.char_start > match.end() and ", " in self.lowered[match.end() : d.char_start]
                    and [w for w, _, _ in self.words(lo, match.start())] in [[w] for w in _GERUND_OPENERS]):
                continue  # "After banning crypto, the government confiscated 194,000 BTC in November 2020": the main verb's
            if (d.char_start > match.end() and _COMMA_THEN_VERB.search(" ".join(between_words))
                    and not _APPOSITION.fullmatch(self.lowered, match.end(), d.char_start)):
                continue  # "after banning crypto, confiscated 194,000 BTC in November 2020": the main verb's date
            if self._attributive(d):
                continue  # "According to a May 23 disclosure, Semler bought": the date of the disclosure
            if _TWEET_BYLINE.search(self.text, max(self.start, d.char_start - 40), d.char_start):
                continue  # "— Jane Doe (@jdoe) May 27, 2025": the date a quoted post was written
            if d.char_start > match.end() and any(w in _AHEAD for w in between_words):
                continue  # "surpasses $104K ahead of trade talks on June 9th": the talks' date
            if d.char_end <= match.start() and "that" in between_words:
                continue  # "the biggest lie this year, reminding everyone that the judge ruled": the matrix clause's date
            if d.char_end <= match.start() and "," in self.lowered[d.char_end : match.start()] and self._in_gerund_adjunct(lo, d):
                continue  # "After dropping to $73,273 on April 9, Bitcoin has surged 41%": the drop's date, not the surge's
            if d.char_end <= match.start() and self._reported_on(d.char_start):
                continue  # "announced Monday it had snapped up 1,112 BTC": the date of the report
            distance = d.char_start - match.end() if d.char_start >= match.end() else match.start() - d.char_end
            if best is None or distance < best[1]:
                best = (i, distance)
        if best is None and self.lowered.startswith("when", lo) and lo > self.start:
            # "on May 1, when four men abducted ...": the date just before governs the when-clause
            before = [i for i, d in enumerate(dates) if d.start is not None and self.start <= d.char_start
                      and 0 <= lo - d.char_end <= 3]
            return before[-1] if before else None
        return best[0] if best else None

    def _in_gerund_adjunct(self, lo: int, d: TimeExpression) -> bool:
        """Does the date stand in an opening "after/before/upon/while + -ing" phrase of the clause? (Not
        "since": "Since going live on May 16, $HYPER has raised" dates the raising from then on.)"""
        words = [w for w, _, _ in self.words(lo, d.char_start)]
        return (len(words) >= 2 and words[0] in _GERUND_OPENERS and words[1].endswith("ing")
                and ", " not in self.lowered[lo : d.char_start])

    def _attributive(self, d: TimeExpression) -> bool:
        """Does the date stand between an article and a common noun it qualifies ("a May 23 disclosure",
        "its June 30 deadline")? It dates that noun, not the clause's verb."""
        lead = [w for w, _, _ in self.words(max(self.start, d.char_start - 24), d.char_start)][-2:]
        if not lead or not (lead[-1] in ("a", "an", "the", "its", "their", "his", "her") or _possessive(lead[-1])):
            return False
        if lead[:-1] and lead[0] in ("during", "on", "at", "over", "throughout"):
            return False  # "during the Friday morning session": a time adjunct, the noun a part of the day
        noun = self.text[d.char_end : d.char_end + 30].split()[:1]
        if noun and noun[0].lower().rstrip(",.;:") in _PERIOD_NOUNS:
            return False  # "in the 2017 cycle", "the 2013-2015 bear market saw", "in the Wednesday session": a time
        return _common_word(noun) and not self.text[d.char_end:].startswith(",")

    @staticmethod
    def _compared_or_as_clause(between: str) -> bool:
        """Do the words between a trigger and a later date hold a comparison of times ("lower than in
        November 2024") or an "as" clause with its own verb ("rises as the network hits 30m YTD")?"""
        if _COMPARED_TIME.search(between + " "):
            return True
        clause = _AS_CLAUSE.search(between)
        return clause is not None and any(w.endswith("ed") or w in _vocabulary()[1] for w in between[clause.end() :].split())

    def _reported_on(self, at: int) -> bool:
        """Does a reporting verb ("announced", "said on") stand right before position ``at``?"""
        words = [w for w, _, _ in self.words(max(self.start, at - 30), at)]
        while words and words[-1] in ("on", "last", "this", "late", "early"):
            words.pop()
        return bool(words) and words[-1] in _REPORTING

    def _span_of(self, dates: Sequence[TimeExpression], index: int, hi: int) -> tuple[date, date] | None:
        """"between May 13 and May 22", "from June 2 to June 8": the interval both dates bound."""
        first = dates[index]
        nxt = dates[index + 1] if index + 1 < len(dates) else None
        if nxt is None or nxt.start is None or nxt.char_end > hi or first.start is None or nxt.end is None:
            return None
        opener = self.lowered[max(self.start, first.char_start - 9) : first.char_start].split()[-1:]
        joint = self.lowered[first.char_end : nxt.char_start].strip()
        if opener in (["between"], ["from"]) and joint in ("and", "to", "through", "until", "-", "–") and nxt.end >= first.start:
            return first.start, nxt.end
        # "fell from $109,300 in January to $75,000 in April": a move between two amounts and their dates
        lead = self.lowered[max(self.start, first.char_start - 40) : first.char_start].split()
        amount = next((k for k in (-2, -3) if len(lead) >= -k and _AMOUNT.fullmatch(lead[k])), None)  # "$109,300", "4,000 bitcoin"
        if (amount is not None and lead[-1] == "in" and "from" in lead[amount - 2 : amount]
                and _FROM_TO_JOINT.fullmatch(joint) and nxt.end >= first.start):
            return first.start, nxt.end
        return None

    @staticmethod
    def _not_trigger(start: int, match: re.Match[str]) -> bool:
        return not (match.start() <= start < match.end())

    def _actors(
        self, match: re.Match[str], lo: int, hi: int, event_type: str
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        agents: list[int] = []
        counterparts: list[int] = []
        clause_lo = self.clause(match.start(), match.end())[0]
        first = self.words(lo, match.start())[:1]
        if lo > clause_lo and first and first[0][0] in _PRONOUNS:
            lo = clause_lo  # "Nano Labs announced that it has signed": the reporter is the doer
        before = self.words(lo, match.start())
        praise = [e for w, _, e in before if w in _FOR_GERUND]
        if praise and before[-1][0] == "for":
            lo = praise[-1]  # "X praised Bukele for legalizing": Bukele did it, not X
        that = [k for k, (w, _, _) in enumerate(before) if w == "that"]
        if that and that[-1] + 1 < len(before) and not (
                before[that[-1] + 1][0] in _PRONOUNS | _HAVE | _BE | _FILLERS | _MODALS | _WILL):  # ("a vehicle that will raise")
            lo = before[that[-1]][2]  # "The IMF expressed concerns that Pakistan's plan to allocate": the that-clause's own subject
        opener = self.words(self.start, self.start + 12)[:1]
        comma = self.lowered.find(",", match.end(), hi)
        if opener and opener[0][0] in _SUBORDINATORS and comma > 0 and "," not in self.lowered[self.start : match.start()]:
            hi = comma  # "Although a court ruling halted the tariffs, the U.S. government reinstated them"
        lo, hi = max(lo, match.start() - ACTOR_REACH), min(hi, match.end() + ACTOR_REACH)
        inside = [(i, m) for i, m in self.indexed if lo <= m.char_start and m.char_end <= hi]
        for i, m in inside:
            if event_type == "price_move" and not self._stock_of(m, match):
                continue  # a price moves by itself: only a company whose stock moved takes part
            if self.text[m.char_end : m.char_end + 1] == "-":
                continue  # "Nasdaq-listed GDC": a qualifier
            if self.lowered[m.char_end : m.char_end + 6].split()[:1] in (["bill"], ["act"], ["bill,"]):
                continue  # "Senate Bill 21", "House Bill 2324": the name of a law
            before = [w for w, _, _ in self.words(max(self.start, m.char_start - 40), m.char_start)]
            after = [w for w, _, _ in self.words(m.char_end, min(hi, m.char_end + 60))]
            if before[-2:] == ["according", "to"] or (before[-1:] and before[-1] in ("told", "per")):
                continue  # a source of the report
            if m.char_start > match.end() and after[:1] and after[0] in _SOURCE_VERBS:
                continue  # "..., Bloomberg reports": a source
            if after[:1] and after[0] in _ASSET_WORDS:
                continue  # "Binance Coin", "TRUMP memecoin": an asset named after its issuer
            if m.kind == "place" and after[:1] and after[0] in _PLACE_QUALIFIED:
                continue  # "nine UK firms": the place only qualifies the noun
            if before[-2:-1] == ["on"] and before[-1] in ("its", "their", "the"):
                continue  # "on its E*Trade platform": where it happens
            if self._in_adjunct(m, match):
                continue  # "Despite warnings from the IMF, Bukele kept buying": the IMF takes no part
            if m.kind == "place" and (before[-1:] and before[-1] in _LOCATIVE or before[-2:-1] and before[-2] in _LOCATIVE
                                      and before[-1] == "the"):
                continue  # where it happened
            if before[-2:-1] and before[-2] in _QUALIFYING_TITLES and before[-1] in ("of", "at"):
                continue  # "CEO of the Pakistan Crypto Council"
            if before[-3:-2] and before[-3] in _QUALIFYING_TITLES and before[-2] == "of" and (
                    before[-1] == "the" or _possessive(before[-1])):
                continue  # "CEO of the ...", "head of Pakistan’s Crypto Council"
            if self._qualifies_another(m, after, inside):
                continue
            (agents if m.char_end <= match.start() else counterparts).append(i)
        return tuple(agents), tuple(counterparts)

    def _in_adjunct(self, m: _Mention, match: re.Match[str]) -> bool:
        """Is ``m`` inside a "despite ..." or "amid ..." phrase that does not hold the trigger?"""
        words = self.words(max(self.start, m.char_start - 80), m.char_start)
        for k in range(len(words) - 1, -1, -1):
            word, start, _ = words[k]
            if word == ",":
                return False
            if word in _ADJUNCT_OPENERS:
                holds_trigger = start < match.start() and "," not in self.lowered[start : match.start()]
                return not holds_trigger
        return False

    def _stock_of(self, m: _Mention, match: re.Match[str]) -> bool:
        """"Circle stock surges", "Smarter Web Company saw its market value rocket": the company
        named right before the trigger, its stock or value the subject."""
        if m.kind != "org" or m.char_end > match.start() or match.start() - m.char_end > 40:
            return False
        between = [w for w, _, _ in self.words(m.char_end, match.start())]
        return not between or any(w in ("stock", "stocks", "shares", "share", "value", "valuation") for w in between)

    def _qualifies_another(self, m: _Mention, after: list[str], inside: list[tuple[int, _Mention]]) -> bool:
        """"El Salvador's President Nayib Bukele", "Arizona Governor Katie Hobbs": m names whom
        the next name belongs to."""
        possessive = after[:1] in (["'s"], ["’s"]) or self.text[m.char_end : m.char_end + 2] in ("'s", "’s")
        titled = after[:1] and after[0] in _QUALIFYING_TITLES
        if not (possessive or titled):
            return False
        following = [n for _, n in inside if n.char_start >= m.char_end and n.kind in ("person", "org")]
        return bool(following) and following[0].char_start - m.char_end <= 60


def _shares_subject(before: list[str]) -> bool:
    """Does the clause open with "but" or "and" and only auxiliaries or adverbs before its verb ("but had
    fallen back"), so that the verb's subject is the clause before's?"""
    return before[:1] in (["but"], ["and"]) and all(w in _BE or w in _HAVE or w in _FILLERS for w in before[1:])


def _undated(event: Event) -> Event:
    return replace(event, date_start=None, date_end=None, granularity=None, date_source=None, date_index=None)


def _common_word(words: list[str]) -> bool:
    """Is the next word (``text.split()[:1]``) a lower-case word that is not a link or determiner?

    After a participle it is the noun the participle qualifies ("proposed exchange-traded fund").
    """
    word = words[0].rstrip(",.;:!?)”\"'’") if words else ""
    return word[:1].isalpha() and word[:1].islower() and word not in _LINKS | _DETERMINERS


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s")) and word not in _CONTRACTIONS


_CONTRACTIONS = frozenset("it's it’s that's that’s he's he’s she's she’s there's there’s what's what’s".split())


def _is_number(word: str) -> bool:
    return bool(word) and (word[0].isdigit() or word in ("$", "€", "£", "%"))
