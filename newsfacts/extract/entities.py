"""Entities: names of people, organizations and places, each resolved to one canonical entity.

Mentions are runs of capitalised words. Each run is matched against the reference list
(``seeds/entities.csv``: canonical name, kind, aliases) longest first; what is left becomes a
candidate name, cleared of titles ("President"), sentence-opening words and words that are
never entities (``seeds/not_entities.csv``: crypto assets, nationality adjectives, dates).
A candidate resolves, in order, by

1. a short form of a name in the same article ("Saqib" after "Bilal Bin Saqib"), spelled
   alike or close ("Sakib", "Bukkele");
2. a fuzzy match to a known name (rapidfuzz, with initials and a phonetic check as guards);
   below :data:`CERTAIN` the merge is offered for review (``newsfacts entities --review``);
3. otherwise a new entity named as written, the same name in every article.

Entity ids are derived from canonical names, so resolution needs no shared state.

>>> text = "Bilal bin Sakib met Naib Bukere. Sakib praised Bukkele and the IMF."
>>> [(m.surface, m.name, m.method) for m in extract_mentions(text)]  # doctest: +NORMALIZE_WHITESPACE
[('Bilal bin Sakib', 'Bilal Bin Saqib', 'fuzzy'), ('Naib Bukere', 'Nayib Bukele', 'fuzzy'),
 ('Sakib', 'Bilal Bin Saqib', 'short_form'), ('Bukkele', 'Nayib Bukele', 'short_form'),
 ('IMF', 'International Monetary Fund', 'alias')]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import jellyfish
from lemminflect import getAllLemmas as _lemmas
from rapidfuzz import fuzz, process
from wordfreq import zipf_frequency

from newsfacts import reference
from newsfacts.extract.sentences import FOOTER, FOOTER_SITE, FOOTER_SITE_REACH

KINDS = ("person", "org", "place")
CERTAIN = 90.0  # fuzzy merges at or above this score need no review
FLOOR = 78.0  # below this, no fuzzy merge is made at all
_CONNECTORS = ("of", "on", "de", "del", "bin", "al", "van", "von", "der", "la", "le", "du", "da", "di", "and", "for", "&")
_SPLITTERS = frozenset(("and", "for", "&"))
_UPPER = "A-ZÀ-ÖØ-Þ"
_TOKEN = rf"(?:[{_UPPER}][\w'’.&*-]*[^\W_]|[{_UPPER}])"
_RUN = re.compile(rf"(?=[{_UPPER}])(?<![\w@#/.]){_TOKEN}(?: (?:(?:{'|'.join(_CONNECTORS)}) )?{_TOKEN})*")
_POSSESSIVE = re.compile(r"['’]s?$")
_OPENERS = reference.word_set("entity_words", "openers")
_EVENT_WORDS = reference.word_set("entity_words", "event_words")
_ORG_WORDS = reference.word_set("entity_words", "org_words")
_NAME_ADJECTIVES = reference.word_set("entity_words", "name_adjectives")
_ENGLISH_MARKERS = reference.word_set("entity_words", "english_markers")
ENGLISH_SHARE = 0.03  # share of "the", "and", "of", "to", ... among its words below which a text may not be English
ACCENTED_SHARE = 0.05  # ... when this share of its words have accented letters
_CODE = re.compile(r"[{};]|=>|\(\)")
_GLUED_DOT = re.compile(r"[^\W\d_]{2}\.[^\W\d_]{2}")


@dataclass(frozen=True, slots=True)
class Mention:
    surface: str
    char_start: int
    char_end: int
    entity_id: str
    name: str  # canonical
    kind: str
    method: str  # alias, short_form, fuzzy, new
    score: float | None  # fuzzy score, when fuzzy
    fallback_id: str  # the entity it would be if a fuzzy merge were rejected
    fallback_name: str


@dataclass(frozen=True, slots=True)
class _Known:
    name: str
    kind: str


def entity_id(name: str) -> str:
    """A stable id from a canonical name.

    >>> entity_id("Nayib Bukele"), entity_id("BitcoinTreasuries.NET"), entity_id("Trump Media & Technology Group")
    ('nayib-bukele', 'bitcointreasuries-net', 'trump-media-technology-group')
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "unnamed"


@cache
def _titles() -> frozenset[str]:
    """Words of office ("CEO", "Governor"): they end one name and may start another."""
    return frozenset(r["word"].lower() for r in reference.table("not_entities") if r["why"] == "title")


@cache
def _reference() -> tuple[dict[str, _Known], dict[str, _Known], frozenset[str], list[str]]:
    """Aliases (exact case and folded case) to entities, words never entities, fuzzy choices."""
    exact: dict[str, _Known] = {}
    folded: dict[str, _Known] = {}
    for row in reference.table("entities"):
        known = _Known(row["name"], row["kind"])
        for alias in [row["name"], *(a for a in row["aliases"].split("|") if a)]:
            exact.setdefault(alias, known)
            if len(alias) > 3:  # short acronyms keep their case: "US" is not "us"
                folded.setdefault(alias.lower(), known)
    tickers = {r["text"].lower() for r in reference.table("units") if r["class"] != "money" or r["text"].isalpha()}
    never = frozenset({w.lower() for w in reference.column("not_entities", "word")} | tickers)
    choices = sorted({k for k in exact if " " in k})  # fuzzy matching is for multi-word names only
    return exact, folded, never, choices


def extract_mentions(text: str) -> list[Mention]:
    """Every entity mention in ``text``, in order, resolved to canonical entities."""
    exact, folded, never, _ = _reference()
    if not _english(text):
        return []  # names are read from English text only: other languages' capitalised words are not names
    raw: list[tuple[int, int, str, _Known | None]] = []
    for run in _RUN.finditer(text):
        publisher = _glued_publisher(text, run.start(), run.end())
        if publisher is not None:  # "appeared first on Coinpedia Fintech News The Linqto ...": two names
            raw.append((run.start(), publisher, text[run.start() : publisher], None))
            raw.extend(_split_run(text, publisher + 1, run.end(), exact, folded, never))
            continue
        raw.extend(_split_run(text, run.start(), run.end(), exact, folded, never))
    # names the article spells in full, for its short forms: last and first words
    full: list[tuple[str, str, str]] = []  # (word, canonical name, kind)
    resolved: list[tuple[int, int, str, _Known | None, str, float | None]] = []
    for start, end, surface, known in raw:
        method, score = "alias", None
        if known is None and " " in surface:
            if _demonym(surface):
                continue  # "South Korean", "North American": a people's adjective, never an entity (GUIDE §4)
            known, score = _fuzzy(surface)
            method = "fuzzy" if known else "new"
        resolved.append((start, end, surface, known, method, score))
        if known is not None or " " in surface:
            name = known.name if known else surface
            kind = known.kind if known else _guess_kind(surface)
            words = name.split()
            if len(words) > 1:
                full.append((words[-1], name, kind))
                if kind == "org":
                    full.append((words[0], name, kind))
    lazy: dict[str, object] = {}

    def headline_spans() -> list[tuple[int, int]]:
        if "headlines" not in lazy:
            lazy["headlines"] = _headline_lines(text)
        return lazy["headlines"]  # type: ignore[return-value]

    def mid_sentence() -> set[str]:
        if "mid" not in lazy:
            lazy["mid"] = {m.group(1) for m in _MID_SENTENCE.finditer(text)}
        return lazy["mid"]  # type: ignore[return-value]

    out: list[Mention] = []
    for start, end, surface, known, method, score in resolved:
        fallback_name = _clean(surface)
        if known is None:
            short = _short_form(surface, full)
            if short is not None:
                (known, score), method = short, "short_form"
            elif " " not in surface and not _standalone(text, surface, start, mid_sentence):
                continue  # a capitalised word at a sentence start, nothing more
            elif _inside(start, headline_spans()) and not _outside_headlines(text, surface, headline_spans()):
                continue  # Title Case Headline Words are not names unless the body uses them too
            else:
                method = "new"
        name = known.name if known else fallback_name
        kind = known.kind if known else _guess_kind(surface)
        out.append(
            Mention(surface, start, end, entity_id(name), name, kind, method, score, entity_id(fallback_name), fallback_name)
        )
    return out


# a feed footer's publisher glued to the body's first words: "appeared first on Coinpedia Fintech News The Linqto ..."
_PUBLISHER_END = re.compile(r"\b(?:News|NEWS) ")


def _glued_publisher(text: str, start: int, end: int) -> int | None:
    """Where a footer's publisher name ("... appeared first on Coinpedia Fintech News") ends when
    the run of capitalised words at ``start`` goes on into the body's first words; else None.

    >>> t = "The post X appeared first on Coinpedia Fintech News The Linqto deal closed."
    >>> t[29 : _glued_publisher(t, 29, 62)]
    'Coinpedia Fintech News'
    """
    if not FOOTER_SITE.search(text, max(0, start - FOOTER_SITE_REACH), start):
        return None
    cut = _PUBLISHER_END.search(text, start, end)
    return cut.end() - 1 if cut is not None else None


def _split_run(
    text: str, start: int, end: int, exact: dict[str, _Known], folded: dict[str, _Known], never: frozenset[str]
) -> list[tuple[int, int, str, _Known | None]]:
    """Known names longest first inside one run of capitalised words; unknown stretches between."""
    run = text[start:end]
    if " " not in run:  # the common case, one word: "The", "However", "Bitcoin", "Coinbase"
        hit = _lookup(text, start, end, exact, folded)
        if hit is not None:
            return [hit]
        lowered = _POSSESSIVE.sub("", run).lower()
        if lowered in _OPENERS or lowered in never or lowered in _titles():
            return []
        return _unknown(text, [(start, end)], [lowered], never)
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", run)]
    bare = [_POSSESSIVE.sub("", text[a:b]).lower() for a, b in words]
    breaks = _SPLITTERS | _titles()
    out: list[tuple[int, int, str, _Known | None]] = []
    i = 0
    pending: list[int] = []  # word positions of the unknown stretch being collected

    after_title = False

    def flush() -> None:
        if pending:
            out.extend(_unknown(text, [words[k] for k in pending], [bare[k] for k in pending], never, after_title))
            pending.clear()

    first_words, longest = _alias_starts()
    while i < len(words):
        found = None
        head = _HYPHEN_SUFFIX.sub("", bare[i]).rstrip(".")
        top = min(len(words), i + longest) if head in first_words or _DOMAIN.sub("", head) in first_words else i
        for j in range(top, i, -1):
            hit = _lookup(text, words[i][0], words[j - 1][1], exact, folded)
            if hit is not None and bare[j - 1] not in _SPLITTERS:
                found = (j, *hit)
                break
        stretch = i
        while stretch < len(words) and bare[stretch] not in breaks:
            stretch += 1
        if (
            stretch - i >= 2
            and (found is None or found[0] < stretch)
            and bare[stretch - 1] in _ORG_WORDS
            and bare[i] not in _OPENERS
        ):
            pending.extend(range(i, stretch))  # "London Bitcoin Company": one organization, not London + ...
            i = stretch
            continue
        if stretch - i >= 2 and (found is None or found[0] < stretch):
            a, b = words[i][0], words[stretch - 1][1]
            whole = _POSSESSIVE.sub("", text[a:b])
            close, _ = _fuzzy(whole)
            if close is not None and found is not None and found[4].name == close.name:
                close = None  # "Michael Saylor Says": the exact name plus a word, not a misspelling
            if close is not None:  # "Pakistan Cryptocourt" is one misspelled name, not "Pakistan" + a word
                flush()
                out.append((a, a + len(whole), whole, None))
                i = stretch
                continue
        if (found and found[0] == i + 1 and found[4].kind != "place"  # ("Southern California")
                and _common_after_common(text, words, bare, i, breaks, exact, folded)):
            found = None  # "BTC Treasury Strategy", "Bitcoin Treasury Strategy": a heading's word, not the company
        if found:
            flush()
            j, a, b2, candidate, known = found
            out.append((a, b2, candidate, known))
            i = j
            continue
        if bare[i] in breaks:
            flush()  # "Blockchain Association CEO Summer Mersinger": two names
            after_title = bare[i] not in _SPLITTERS
        else:
            if not pending and i > 0 and bare[i - 1] not in breaks:
                after_title = False
            pending.append(i)
        i += 1
    flush()
    return out


def _common_after_common(
    text: str, words: list[tuple[int, int]], bare: list[str], i: int, breaks: frozenset[str],
    exact: dict[str, _Known], folded: dict[str, _Known],
) -> bool:
    """Is word ``i`` of a run a common English word known as a name ("Strategy", "Block") that
    follows another common word of the same run which names nothing ("Treasury Strategy")?"""
    if i == 0 or not _common(bare[i]) or bare[i - 1] in breaks or bare[i - 1] in _OPENERS:
        return False
    start, end = words[i]
    if text[start:end].isupper():
        return False  # "SEC", "US": an acronym is a name
    following = text[end : end + 2].lstrip(" ")[:1]
    if following == "," or following == "(" or following.islower():
        return False  # "News Strategy, formerly MicroStrategy", "Payments Ripple is": the name is a subject
    a, b = words[i - 1]
    if _POSSESSIVE.search(text[a:b]) or not _common(bare[i - 1]) or _lookup(text, a, b, exact, folded) is not None:
        return False  # "Saylor's Strategy", "Jack Block": the word before is a name
    readings = set(_readings(bare[i - 1]))
    return bool(readings) and readings <= {"NOUN", "ADJ"}  # "Treasury Strategy"; not "Blasts Trump", "Between Trump"


def _lookup(
    text: str, a: int, b: int, exact: dict[str, _Known], folded: dict[str, _Known]
) -> tuple[int, int, str, _Known] | None:
    """The known entity ``text[a:b]`` names (possessive and "-based" trimmed), with its span."""
    candidate = _HYPHEN_SUFFIX.sub("", _POSSESSIVE.sub("", text[a:b]))
    b2 = a + len(candidate)
    if text[b2 : b2 + 1] == "." and (candidate + ".") in exact:
        candidate, b2 = candidate + ".", b2 + 1  # "U.S."
    known = exact.get(candidate) or folded.get(candidate.lower())
    if known is None and _DOMAIN.search(candidate):
        known = folded.get(_DOMAIN.sub("", candidate).lower())  # "Cryptonews.com"
    return (a, b2, candidate, known) if known is not None else None


@cache
def _alias_starts() -> tuple[frozenset[str], int]:
    """First words of all aliases (lowercased, final full stop dropped) and the longest alias in words."""
    exact, _, _, _ = _reference()
    starts = set()
    for alias in exact:
        first = alias.split()[0].lower().rstrip(".")
        starts.add(first)
        if _DOMAIN.search(first):
            starts.add(_DOMAIN.sub("", first))
    return frozenset(starts), max(len(alias.split()) for alias in exact)


def _unknown(
    text: str, words: list[tuple[int, int]], lowered: list[str], never: frozenset[str], after_title: bool = False
) -> list[tuple[int, int, str, _Known | None]]:
    """An unknown stretch, trimmed of openers, titles and words that are never entities.

    Right after a word of office ("CEO Kristin Smith") a stretch of two or three words is a name
    even when its words are common ones.
    """
    def bare(k: int) -> str:
        return lowered[k]

    lo, hi = 0, len(words)
    while lo < hi and (
        bare(lo) in _OPENERS or bare(lo) in never or bare(lo) in _CONNECTORS or _HYPHEN_SUFFIX.search(bare(lo))
    ):
        lo += 1
    while hi > lo and (bare(hi - 1) in never or bare(hi - 1) in _CONNECTORS or bare(hi - 1) in _OPENERS):
        hi -= 1
    if lo >= hi or bare(hi - 1) in _EVENT_WORDS:
        return []  # nothing left, or an event ("Bitcoin Conference") rather than an entity
    def not_name(k: int) -> bool:
        nxt = bare(k + 1) if k + 1 < hi else ""
        return (_not_name_word(bare(k), k == hi - 1 and hi - lo == 2) or _common_compound(bare(k))
                or not after_title and _plain_adjective(bare(k)) and (not nxt or bool(_readings(nxt))))

    # "Sentiment Continues", "Driving Vaultz Capital", "Roxom Global's Ambitious Path": the name, if
    # any, lies between words no name is made of, or ends with a possessive
    dropped = {k for k in range(lo, hi) if not_name(k)}
    if hi - lo >= 2 and _plural_noun(bare(lo)):
        dropped.add(lo)  # "Layer-1 Blockchains Aptos has carved": a heading's last word before a name
    ends = {k + 1 for k in range(lo, hi - 1)  # a possessive stays with its stretch, which ends there
            if _POSSESSIVE.search(text[words[k][0] : words[k][1]]) and k + 1 not in dropped}
    if dropped or ends:
        out: list[tuple[int, int, str, _Known | None]] = []
        left = lo
        for k in [*sorted(dropped | ends), hi]:
            known = _lookup(text, words[left][0], words[k - 1][1], *_reference()[:2]) if k > left else None
            if known is not None:
                out.append(known)  # "the Department of Justice’s Asset Forfeiture Fund": a known owner
            elif k > left:
                part = _unknown(text, words[left:k], lowered[left:k], never, after_title and left == lo)
                out.extend(p for p in part if " " in p[2] or text.count(p[2]) >= 2)  # a lone word must recur
            left = k + 1 if k in dropped else k
        return out
    if hi - lo == 1 and bare(lo).split("-")[0] in never:
        return []  # "Bitcoin-related"
    a, b = words[lo][0], words[hi - 1][1]
    surface = _POSSESSIVE.sub("", text[a:b])
    surface = _HYPHEN_SUFFIX.sub("", surface)  # "LSE-listed", "U.S.-based"
    if not surface or text[a - 1 : a] in _GLUED_BEFORE or text[a + len(surface) : a + len(surface) + 1] == "/":
        return []  # a handle, a hashtag, a link or a unit glued to a number
    if not _name_like(surface, never) and not (after_title and 2 <= len(surface.split()) <= 3):
        return []
    halves = surface.split()
    if len(halves) == 1 and _PLURAL_ACRONYM.fullmatch(surface):
        return []  # "STOs", "ATMs", "ETFs": a term in the plural
    if (len(halves) == 2 and halves[0].isupper() and halves[1].lower() not in _ORG_WORDS
            and _readings(halves[1].lower()) and _common(halves[1])):
        return []  # "XYZ Hit", "STRC Series", "BCCC Spot": a ticker and a word of a heading
    if _FOREIGN_SCRIPT.search(text, max(0, a - 3), min(len(text), a + len(surface) + 3)):
        return []  # "Call Ratio为1.22": a name next to another script is that language's text
    if len(halves) >= 2 and any(_GLUED_OPENER.search(h) for h in halves):
        return []  # "Upside PotentialAmid these developments": a heading run into the next sentence
    if (len(halves) >= 3 and halves[-2].lower() in _ORG_WORDS and _common(halves[-1])
            and halves[-1].lower() not in _ORG_WORDS and text.startswith(" ".join(halves[:-1]), a)):
        surface = " ".join(halves[:-1])  # "Coinpedia Fintech News Millions of ...": the name ends at its organization word
        halves = halves[:-1]
    if len(halves) % 2 == 0 and halves[: len(halves) // 2] == halves[len(halves) // 2 :]:
        return []  # "ChatGPT ChatGPT", "Aptos Aptos": a heading run into the sentence that repeats it
    if len(halves) == 1 and (_readings(surface.lower()) or surface.lower().rstrip("s").endswith(_NOUN_SUFFIXES)
                             or surface.endswith("s") and _readings(surface.lower()[:-1])
                             or _GLUED_OPENER.search(surface)):
        return []  # "Scalability", "Joules", "Populate": an English word at a heading's start, not a name
    if _GLUED_DOT.search(surface) and not _DOMAIN.search(surface):
        return []  # "Israel.Bitcoin", "JSON.parse": sentences run together, or code
    if _CODE.search(text, max(0, a - 30), min(len(text), a + len(surface) + 30)):
        return []  # a script or a style sheet pasted into the article
    if (not after_title and len(surface.split()) == 2 and not _has_rare(surface, never)
            and surface.split()[-1].lower().strip(".,") not in _ORG_WORDS and _footer_free(text).count(surface) < 2
            and all(_readings(_POSSESSIVE.sub("", w).lower()) for w in surface.split())):
        return []  # "Government Authority", "Risk Management": English words once, a heading rather than a name
    if len(surface) < 2 and surface != "X":
        return []
    if any(c.isdigit() for c in surface) and not any(c.isalpha() for c in surface):
        return []
    return [(a, a + len(surface), surface, None)]


_HYPHEN_SUFFIX = re.compile(r"-(?:based|listed|backed|led|owned|linked|focused|style|era|related|born|made|founded|run|driven|protected|powered|native|friendly|compatible)$", re.I)
_GLUED_BEFORE = frozenset("@#/_.$£€0123456789")
_DOMAIN = re.compile(r"\.(?:com|io|org|co|net|news|xyz|info|ai|app)$", re.I)
STEM_KNOWN = 2.5  # zipf frequency at which the stem of an unlisted -ing or -ed word is an English verb
RARE = 3.0  # zipf frequency below which a word reads as a name rather than an English word


@lru_cache(maxsize=131072)
def _common(word: str) -> bool:
    return zipf_frequency(word.lower(), "en") >= RARE


@lru_cache(maxsize=131072)
def _readings(word: str) -> dict[str, tuple[str, ...]]:
    """The parts of speech ``word`` can be, each with its lemmas (lemminflect's lexicon); empty if unlisted."""
    return dict(_lemmas(word))


def _english(text: str) -> bool:
    """Is ``text`` English? Without English function words and with accented letters, or with
    none of them over a long text, it is not; short texts are taken as English.

    >>> _english("The exchange said on Monday that it had listed the token."), _english("Kiedy użytkownik chce wycofać środki, token zostaje unieważniony i nie ma go.")
    (True, False)
    """
    words = re.findall(r"[^\W\d_]+", text[:2000].lower())
    if len(words) < 12:
        return True
    share = sum(w in _ENGLISH_MARKERS for w in words) / len(words)
    accented = sum(not w.isascii() for w in words) / len(words)
    return not (share < ENGLISH_SHARE and accented > ACCENTED_SHARE or share < ENGLISH_SHARE / 3 and len(words) >= 60)


@lru_cache(maxsize=65536)
def _not_name_word(word: str, last: bool) -> bool:
    """A word no name is made of: only ever a verb or adverb ("Thrives", "Using"), an inflected
    adjective ("Latest", "Broader"), or, after a name, a verb's -s form ("Aptos Surges").

    >>> _not_name_word("thrives", False), _not_name_word("capital", False), _not_name_word("surges", True)
    (True, False, True)
    >>> _not_name_word("latest", False), _not_name_word("matt", False)
    (True, False)
    """
    bare = _POSSESSIVE.sub("", word).strip(".,")
    if bare in _ORG_WORDS or bare in _NAME_ADJECTIVES or bare in _titles():
        return False
    readings = _readings(bare)
    if not readings:
        stems = [bare[:-3], bare[:-3] + "e", bare[:-2], bare[:-1]] if bare.endswith(("ing", "ed")) else []
        return any(len(stem) > 3 and ("VERB" in _readings(stem) or zipf_frequency(stem, "en") >= STEM_KNOWN)
                   for stem in stems)  # "Reshaping": a verb's form the lexicon lacks

    if "NOUN" not in readings and "PROPN" not in readings:
        adjective = readings.get("ADJ")
        return not adjective or adjective[0] != bare or set(readings) != {"ADJ"}
    return last and bare.endswith("s") and "VERB" in readings


_GLUED_OPENER = re.compile(
    r"[a-z]{3}(" + "|".join(w.capitalize() for w in sorted(_OPENERS, key=len, reverse=True) if len(w) > 1) + r")$")
_NOUN_SUFFIXES = ("ity", "tion", "sion", "ness", "ment", "ism", "ship", "able", "ible", "ful", "less")  # not "-ance": Binance


def _plain_adjective(word: str) -> bool:
    """A common adjective and nothing else ("Volatile", "Ambitious"): in a stretch of common words, a heading's."""
    return (word not in _ORG_WORDS and word not in _NAME_ADJECTIVES and set(_readings(word)) == {"ADJ"}
            and _common(word))


_FOREIGN_SCRIPT = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u3000-\u9fff\uac00-\ud7af]")


@lru_cache(maxsize=8)
def _footer_free(text: str) -> str:
    """``text`` without its "The post <headline> appeared first on" footers, which repeat the headline."""
    return FOOTER.sub(" ", text)


_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")


def _plural_noun(word: str) -> bool:
    """A common English noun in the plural ("blockchains", "whales"), no organization's word."""
    if len(word) < 5 or not word.endswith("s") or word in _ORG_WORDS or not (_common(word) or _common(word[:-1])):
        return False
    readings = _readings(word) or _readings(word[:-1])
    return "NOUN" in readings or not readings and _common(word[:-1])  # "blockchains": no lexicon entry


def _common_compound(word: str) -> bool:
    """A hyphenated term of common words or numbers ("Next-Generation", "Layer-2", "Bailey-founded" aside)."""
    parts = word.split("-")
    return len(parts) > 1 and all(p.isdigit() or (p and _common(p)) for p in parts) and word not in _ORG_WORDS


def _name_words(surface: str) -> list[str]:
    """The words of ``surface`` without connectors ("of", "and") and trailing punctuation."""
    return [w.strip(".,") for w in surface.split() if w.lower() not in _CONNECTORS]


def _rare_count(words: list[str], never: frozenset[str]) -> int:
    """How many of ``words`` are rare in English (a name's words: "Polymarket", "Mersinger")."""
    return sum(1 for w in words if not _common(w) and w.lower() not in never)


def _has_rare(surface: str, never: frozenset[str]) -> bool:
    return _rare_count(_name_words(surface), never) > 0


def _name_like(surface: str, never: frozenset[str]) -> bool:
    """Does an unknown capitalised stretch read as a name, not as a Title Case Headline?

    One word must be rare in English ("Polymarket", "Mersinger"), or the stretch ends with an
    organization word ("Blockchain Association", "Yolo Group").
    """
    words = _name_words(surface)
    if not words or any(w.lower() in never for w in words[-1:]):
        return False
    if len(words) == 1 and (words[0].isupper() or any(c.isdigit() for c in words[0])):
        return False  # an unknown acronym ("MVRV", "SVM") or code is more often a term than a name
    if 2 <= len(words) <= 5 and words[-1].lower() in _ORG_WORDS:
        return True
    rare = _rare_count(words, never)
    return rare > 0 and rare * 2 >= len(words)


@lru_cache(maxsize=65536)
def _fuzzy(surface: str) -> tuple[_Known | None, float | None]:
    """The known entity a misspelled multi-word name stands for, with its score, if close enough."""
    exact, _, _, choices = _reference()
    found = process.extractOne(surface, choices, scorer=fuzz.ratio, processor=str.lower, score_cutoff=FLOOR)
    if found is None:
        return None, None
    alias, score, _ = found
    a, b = surface.lower().split(), alias.lower().split()
    if a[0][0] != b[0][0] or a[-1][0] != b[-1][0]:
        return None, None  # initials differ: another name
    known = exact[alias]
    if _inflected(a[-1], b[-1]) or len(a) == len(b) and any(_inflected(x, y) for x, y in zip(a, b)):
        return None, None  # "US Treasuries" are bonds, not the U.S. Treasury; "Bitcoin Treasury" is no list of them
    if len(a) == len(b):
        if any(fuzz.ratio(x, y) < 75 for x, y in zip(a, b)) or sum(x != y for x, y in zip(a, b)) > 1 + len(a) // 2:
            return None, None  # "New Deal" is not "New Delhi": every word must be spelled close
        if known.kind != "person" and any(x != y and fuzz.ratio(x, y) < 85 for x, y in zip(a, b)):
            return None, None  # "Bianco Research" is not "Binance Research": organizations are rarely misspelled
        if known.kind == "person" and fuzz.ratio(a[-1], b[-1]) < 80:
            return None, None  # "Rahul Patel" is not "Raoul Pal": a surname is spelled close
    elif a[0] != b[0] or score < 83:
        return None, None  # a word more or less: the first word must agree
    elif len(a) > len(b):
        if not all(w in _CONNECTORS or orig.isupper() for w, orig in zip(a, surface.split()) if w not in b):
            return None, None  # "Changpeng CZ Zhao" adds a nickname; "Bitcoin These Treasuries" a stray word
    return known, float(score)


_DEMONYM_ENDINGS = ("ns", "ans", "ians", "ers", "n", "an", "ian", "i", "ese", "ish", "er")


def _demonym(surface: str) -> bool:
    """Is ``surface`` the adjective of a known place ("South Korean", "North American")?

    >>> _demonym("South Korean"), _demonym("Latin American"), _demonym("South Korea")
    (True, True, False)
    """
    exact, folded, _, _ = _reference()
    head, _, last = surface.rpartition(" ")
    for ending in _DEMONYM_ENDINGS:
        if last.endswith(ending) and len(last) > len(ending) + 2:
            place = f"{head} {last[: -len(ending)]}".strip()
            for candidate in (place, place + "a"):
                known = exact.get(candidate) or folded.get(candidate.lower())
                if known is not None and known.kind == "place":
                    return True
    return False


def _inflected(x: str, y: str) -> bool:
    """Do two words differ only as a plural and its singular ("treasuries", "treasury")?"""
    if x == y:
        return False
    short, long_ = sorted((x.rstrip(".,"), y.rstrip(".,")), key=len)
    return long_ in (short + "s", short + "es", short[:-1] + "ies")


def _short_form(surface: str, full: list[tuple[str, str, str]]) -> tuple[_Known, float | None] | None:
    """A one-word name standing for a fuller name of the same article: equal (score None), or close."""
    if " " in surface or len(surface) < 3:
        return None
    best: tuple[float, str, str] | None = None
    for word, name, kind in full:
        if word == surface:
            return _Known(name, kind), None
        if len(surface) < 5 or word[0].lower() != surface[0].lower() or kind != "person":
            continue  # close spellings stand for people's surnames only ("Sakib"), never for "Securitize"
        score = fuzz.ratio(word.lower(), surface.lower())
        sounds = jellyfish.metaphone(word) == jellyfish.metaphone(surface)
        if score >= 80 or (score >= 70 and sounds):
            if best is None or score > best[0]:
                best = (score, name, kind)
    return (_Known(best[1], best[2]), best[0]) if best else None


_MID_SENTENCE = re.compile(rf"[^.!?:\n\s]\s+([{_UPPER}][\w'’.&*-]*[^\W_])")


def _standalone(text: str, surface: str, start: int, mid_sentence: Callable[[], set[str]]) -> bool:
    """A one-word candidate counts when it is not just capitalised for opening a sentence."""
    before = text[max(0, start - 3) : start].rstrip(" \"“‘'(")
    sentence_start = not before or before[-1] in ".!?:\n" or start == 0
    if not sentence_start:
        return True
    return not _common(surface) or surface in mid_sentence()  # a rare word opening a sentence is a name


_SMALL_WORDS = reference.word_set("entity_words", "small_words")


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines written in title case ("Pakistan Eyes El Salvador's Bitcoin Strategy")."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line.group()) if w.lower() not in _SMALL_WORDS]
        capitalised = sum(w[0].isupper() for w in words)
        full_stop = line.group().rstrip().endswith((".", "!", "?"))
        if len(words) >= 3 and (capitalised == len(words) or (capitalised >= 0.8 * len(words) and not full_stop)):
            spans.append((line.start(), line.end()))  # a sentence full of names still ends with a full stop
    for footer in FOOTER.finditer(text):  # "The post <headline> appeared first on": the headline, and the title it repeats
        headline = footer.group(1)
        at = text.find(headline)
        while at >= 0:
            spans.append((at, at + len(headline)))
            at = text.find(headline, at + 1)
    return sorted(spans)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


def _outside_headlines(text: str, surface: str, spans: list[tuple[int, int]]) -> bool:
    return any(not _inside(m.start(), spans) for m in re.finditer(rf"\b{re.escape(surface)}\b", text))


def _clean(surface: str) -> str:
    return re.sub(r"\s+", " ", surface).strip(" .,")


def _guess_kind(surface: str) -> str:
    words = surface.lower().split()
    if any(w.strip(".,") in _ORG_WORDS for w in words):
        return "org"
    if 2 <= len(words) <= 3 and all(w[:1].isalpha() for w in words) and not surface.isupper():
        return "person"
    return "org"


def known_entities() -> list[dict[str, object]]:
    """The reference list as rows for ``ref_entities``."""
    return [
        {
            "entity_id": entity_id(row["name"]),
            "name": row["name"],
            "kind": row["kind"],
            "aliases": [a for a in row["aliases"].split("|") if a],
        }
        for row in reference.table("entities")
    ]
