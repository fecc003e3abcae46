"""Sentence spans that cope with news-feed text: missing spaces after full stops, line breaks,
headings and captions glued to the next sentence without a full stop.

>>> text = "Bitcoin fell 3%.That level held.Analysts at BitcoinTreasuries.NET and Mr. Lee agree."
>>> [text[s:e] for s, e in sentence_spans(text)]
['Bitcoin fell 3%.', 'That level held.', 'Analysts at BitcoinTreasuries.NET and Mr. Lee agree.']
>>> post = "pic.twitter.com/05izbA — Nayib Bukele (@nayibbukele) May 19, 2025 El Salvador holds 6,181 BTC."
>>> [post[s:e] for s, e in sentence_spans(post)][1]
'El Salvador holds 6,181 BTC.'
>>> other = "The U.S. Senate voted. It passed 68 to 30.\\nNext"
>>> [other[s:e] for s, e in sentence_spans(other)]
['The U.S. Senate voted.', 'It passed 68 to 30.', 'Next']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from newsfacts import reference

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st inc corp ltd co jr sr vs etc no gov sen rep gen col lt jan feb mar apr jun jul aug"
    " sep sept oct nov dec approx est dept univ fig e.g i.e u.s u.k u.n".split()
)
# A full stop (or ! ? …) that may end a sentence, with closing quotes or brackets after it.
_END = re.compile(r"[.!?…。！？]+[\"'”’)\]]*")
_NEXT_STARTS = re.compile(r"\s*[\"'“‘(\[]?[A-Z0-9$€£]")
_NO_SPACE_START = re.compile(r"[\"“‘]?[A-Z][a-z]")
# An embedded post's signature ends its text: "— Nayib Bukele (@nayibbukele) May 19, 2025 El Salvador ..."
_POST_SIGNATURE = re.compile(r"\(@\w{1,30}\)\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}(?=\s+[\"“‘(]?[A-Z0-9$])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, outer whitespace excluded, in order."""
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _lines(text):
        start = line_start
        for end_match in sorted([*_END.finditer(text, line_start, line_end),
                                 *_POST_SIGNATURE.finditer(text, line_start, line_end)], key=lambda m: m.end()):
            if end_match.end() <= start:
                continue
            if end_match.re is _POST_SIGNATURE:
                _add(spans, text, start, end_match.end())
                start = end_match.end()
                continue
            stop = end_match.end()
            if stop >= line_end:
                break
            following = text[stop:line_end]
            if end_match.group()[0] in "。！？":
                pass  # CJK full stops always end a sentence
            elif following[:1].isspace():
                if not _NEXT_STARTS.match(following) or _abbreviation_before(text, end_match.start(), start):
                    continue
            elif not (_NO_SPACE_START.match(following) and _glued_word_before(text, end_match.start())):
                continue
            _add(spans, text, start, stop)
            start = stop
        _add(spans, text, start, line_end)
    footers = [m.span() for m in FOOTER.finditer(text)]  # once per text; no split inside one
    return [part for s, e in spans for part in _heading_apart(text, s, e, footers)]


_TOKEN = re.compile(r"\S+")
_HEADING_MIN_WORDS = 3  # a run-on part (a heading, a caption, a bullet) has at least this many words


@cache
def _heading_words() -> tuple[frozenset[str], frozenset[str]]:
    return reference.word_set("sentence_words", "heading_small"), reference.word_set("sentence_words", "sentence_openers")


def _heading_apart(text: str, start: int, end: int, footers: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """A sentence that runs on into the next with no full stop between, as feeds glue a heading or a
    summary's bullet to the body ("... May Backfire Just recently, VanEck's ...", "... in July This
    comes as ..."), as its parts: a part ends before a capitalised sentence opener followed by a
    lower-case word, after at least three words, never inside one of ``footers`` (the spans of "The post
    ... appeared first on"). Any other sentence whole.

    >>> t = "VanEck Warns BTC Treasury Strategy May Backfire Just recently, its head of research spoke."
    >>> [t[s:e] for s, e in _heading_apart(t, 0, len(t))]
    ['VanEck Warns BTC Treasury Strategy May Backfire', 'Just recently, its head of research spoke.']
    >>> t = "BiT Global Sued Coinbase Over wBTC Delisting in California Court BiT Global filed the suit."
    >>> len(_heading_apart(t, 0, len(t)))
    1
    """
    small, openers = _heading_words()
    words = list(_TOKEN.finditer(text, start, end))
    parts, part_start, count = [], start, 0
    for k, word in enumerate(words):
        count += 1
        if (count > _HEADING_MIN_WORDS and word.group() in openers and k + 1 < len(words)
                and not any(a < word.start() < b for a, b in footers)
                and _lower_word(words[k + 1].group()) and words[k - 1].group().lower() not in small
                and (words[k - 1].group()[-1:].isalnum() or words[k - 1].group()[-1:] in "%)")):
            parts.append((part_start, words[k - 1].end()))
            part_start, count = word.start(), 1
    return parts + [(part_start, end)]


def _lower_word(token: str) -> bool:
    """A word of running text: lower-case letters ("recently,", "to"), not "wBTC" or "eToro"."""
    return token[:1].islower() and not any(c.isupper() or c.isdigit() for c in token)


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for match in re.finditer(r"\n", text):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(text)))
    return out


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _abbreviation_before(text: str, dot: int, floor: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an initial ("Mr.", "U.S.", "J.")."""
    word_start = dot
    while word_start > floor and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower().strip(".")
    if word in _ABBREVIATIONS:
        return True
    return len(word) == 1 and text[word_start:dot].isupper()


def _glued_word_before(text: str, dot: int) -> bool:
    """A glued boundary ("selling.That") follows a lowercase word, a digit or a percent sign."""
    return dot > 0 and (text[dot - 1].islower() or text[dot - 1].isdigit() or text[dot - 1] in "%)”\"'")


# A feed's footer that repeats the headline: "The post <headline> appeared first on <site>".
FOOTER = re.compile(r"The post (.{1,400}?) appeared first on")
# what stands right before the footer's publisher name ("... appeared first on <site>"); search it up to the name
FOOTER_SITE = re.compile(r"appeared first on $")
FOOTER_SITE_REACH = 20  # characters before a name searched for FOOTER_SITE


def footer_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence ``text[start:end]`` as the parts to read apart: what comes before a footer, its
    headline and what follows it (feeds glue the body's first sentence to it); any other sentence whole.

    >>> t = "The post Fund Buys 5 BTC appeared first on Site News The fund bought 5 BTC."
    >>> [t[s:e] for s, e in footer_parts(t, 0, len(t))]
    ['Fund Buys 5 BTC', 'Site News The fund bought 5 BTC.']
    """
    match = FOOTER.search(text, start, end)
    if not match:
        return [(start, end)]
    rest = match.end()
    while rest < end and text[rest].isspace():
        rest += 1
    lead = text[start : match.start()].rstrip()
    return ([(start, start + len(lead))] if lead else []) + [match.span(1)] + ([(rest, end)] if rest < end else [])


def lower_keeping_offsets(text: str) -> str:
    """``text`` in lower case with every offset kept: the few letters whose lower case is longer
    ("İ") stay as they are, so spans found in the result are spans of ``text``.

    >>> lower_keeping_offsets("Bitcoin İstanbul"), len(lower_keeping_offsets("İ")) == 1
    ('bitcoin İstanbul', True)
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
