"""Time expressions placed on the calendar against the publication day (GUIDE §2).

A scanner walks the word tokens of the text (one fast regular expression) and, at each token
that can start a date (a month, a weekday, a year, a quarter, "today", "this", "last", ...),
tries the date shapes in order. Each expression becomes an inclusive interval with a
granularity: day, week, month, quarter, year or range. Relative expressions lean to the past
for narration and to the future where the words look ahead ("through August", "by early July",
"next Tuesday"). Without a publication day, relative expressions keep a null interval.

>>> from datetime import date
>>> pub = date(2025, 7, 17)  # a Thursday
>>> [(d.surface, str(d.start), str(d.end), d.granularity) for d in extract_dates(
...     "Earlier this month the IMF objected. In May, Pakistan set aside power into 2027.", pub)]
[('Earlier this month', '2025-07-01', '2025-07-17', 'month'), ('May', '2025-05-01', '2025-05-31', 'month'), ('2027', '2027-01-01', '2027-12-31', 'year')]
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from newsfacts import reference
from newsfacts.extract.sentences import lower_keeping_offsets, sentence_spans

GRANULARITIES = ("day", "week", "month", "quarter", "year", "range")


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A date expression and its interval; start/end are None when it cannot be resolved."""

    surface: str
    start: date | None
    end: date | None
    granularity: str
    char_start: int
    char_end: int
    relative: bool  # resolved against the publication day


MONTHS = reference.mapping("calendar_names", "month")  # "january", "jan" -> 1
WEEKDAYS = reference.mapping("calendar_names", "weekday")  # "monday" -> 0
ORDINALS = reference.mapping("calendar_names", "ordinal")  # "first", "1st" -> 1
PERIODS = ("week", "month", "quarter", "year", "decade")
_SHIFT = reference.mapping("calendar_names", "shift")  # "last" -> -1
_MODIFIERS = ("early", "mid", "late")
_FORWARD_CUES = reference.word_set("date_words", "forward_cues")
_VERB_AFTER = reference.word_set("date_words", "verb_after")
_VERB_BEFORE = reference.word_set("date_words", "verb_before")
_MONTH_BEFORE = reference.word_set("date_words", "month_before")
_NAME_WORDS_BEFORE_YEAR = reference.word_set("date_words", "name_words_before_year")
_AHEAD = re.compile(r"\b(?:" + "|".join(
    re.escape(w) for w in sorted(reference.word_set("date_words", "event_ahead"), key=len, reverse=True)) + r")\b")
_CLAUSE_PAST = reference.word_set("date_words", "clause_past")
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?(?:-[A-Za-z]+)*")
_CLAUSE_REACH = 12  # words either side of a date searched for the verb that governs it
_PERFECT = frozenset(("has", "have", "had"))
_DETERMINERS = frozenset(("a", "an", "the", "that", "this", "early", "mid", "late"))
_TIME_PREPOSITIONS = frozenset(("on", "in", "at", "from", "between", "during", "after"))
_ADJECTIVE_BEFORE = _DETERMINERS | _TIME_PREPOSITIONS | frozenset(("its", "their", "his", "her", "our", "of", "for", "with", "and"))

_CODES = frozenset(("q1", "q2", "q3", "q4", "h1", "h2"))
_TOKEN = re.compile(r"[A-Za-z]+\d*|\d+(?:st|nd|rd|th)?|\S")


class _Tok(NamedTuple):
    text: str
    low: str
    start: int
    end: int


_GAP = _Tok("", "", -1, -1)  # between two scanned windows: no date shape crosses it
_TRIGGER = re.compile(
    r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + "|" + "|".join(WEEKDAYS)
    + r"|today|yesterday|tomorrow|tonight|week|month|quarter|year|decade|ytd|half|q[1-4]|h[12]"
    r"|(?:19[5-9]|20\d)\d|\d{4}-\d\d-\d\d)\b"
)
_LEFT, _RIGHT = 28, 48  # characters around a trigger word that a date shape may span


def _tokens(text: str) -> list[_Tok]:
    """Tokens of the windows around trigger words only (most of a text holds no date)."""
    lowered = lower_keeping_offsets(text)
    windows: list[list[int]] = []
    for m in _TRIGGER.finditer(lowered):
        a, b = max(0, m.start() - _LEFT), min(len(text), m.end() + _RIGHT)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    out: list[_Tok] = []
    for a, b in windows:
        while a > 0 and not text[a - 1].isspace():  # start and end on token boundaries
            a -= 1
        while b < len(text) and not text[b].isspace():
            b += 1
        if out:
            out.append(_GAP)
        out.extend(_Tok(m.group(), lowered[m.start() : m.end()], m.start(), m.end()) for m in _TOKEN.finditer(text, a, b))
    return out


def extract_dates(
    text: str, published: date | None, *, exclude: Sequence[tuple[int, int]] = ()
) -> list[TimeExpression]:
    """Every time expression in ``text``, in order; ``exclude`` spans (figures) are skipped.

    >>> from datetime import date
    >>> pub = date(2025, 7, 17)
    >>> [(d.surface, str(d.start)) for d in extract_dates("In X's Thursday post; on Monday; a 15% rise may come.", pub)]
    [('Thursday', '2025-07-17'), ('Monday', '2025-07-14')]
    """
    tokens = _tokens(text)
    scanner = _Scanner(text, tokens, published, exclude)
    return scanner.run()


@lru_cache(maxsize=16384)
def _tense(word: str) -> str | None:
    """What a lower-case word can be as a verb: "past" (a past-tense form: "sold", "rose", "was"),
    "present" (only a present form: "expires", "is", "has"), "present?" (a present form that is
    also a plural noun: "closes", "ends", "shares"), "base" (a verb's base form: "vote",
    "launch"), or None; participles that double as base forms ("set", "hit") are "base".

    >>> [_tense(w) for w in ("sold", "crashed", "expires", "closes", "set", "vote", "peak", "was", "the")]
    ['past', 'past', 'present', 'present?', 'base', 'base', 'base', 'past', None]
    """
    from lemminflect import getAllLemmas, getInflection

    if word in _CLAUSE_PAST:
        return "past"
    if word in ("is", "are", "has", "have", "does", "do", "am"):
        return "present"
    lemmas = getAllLemmas(word)
    verbs = lemmas.get("VERB", ())
    if any(word != lemma and word in getInflection(lemma, "VBD") for lemma in verbs):
        return "past"
    if any(word != lemma and word in getInflection(lemma, "VBZ") for lemma in verbs):
        return "present?" if "NOUN" in lemmas else "present"
    return "base" if word in verbs else None


class _Scanner:
    def __init__(
        self, text: str, tokens: list[_Tok], published: date | None, exclude: Sequence[tuple[int, int]]
    ) -> None:
        self.text = text
        self.t = tokens
        self.pub = published
        self.excluded = sorted(exclude)
        self.weekday_dates: dict[int, date] = {}
        self._sentences: list[tuple[int, int]] | None = None

    # -- helpers ---------------------------------------------------------------------------
    def low(self, i: int) -> str:
        return self.t[i].low if 0 <= i < len(self.t) else ""

    def is_(self, i: int, *words: str) -> bool:
        return self.low(i) in words

    def make(self, i: int, j: int, start: date | None, end: date | None, gran: str, relative: bool) -> TimeExpression:
        a, b = self.t[i].start, self.t[j - 1].end
        return TimeExpression(self.text[a:b], start, end, gran, a, b, relative)

    def day_number(self, i: int) -> int | None:
        raw = self.low(i)
        m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", raw)
        if not m:
            return None
        value = int(m.group(1))
        return value if 1 <= value <= 31 else None

    def year_number(self, i: int) -> int | None:
        if not (0 <= i < len(self.t)):
            return None
        tok = self.t[i]
        if not re.fullmatch(r"(?:19[5-9]\d|20\d\d|2100)", tok.text):
            return None
        before = self.text[max(0, tok.start - 2) : tok.start]
        after = self.text[tok.end : tok.end + 2]
        if re.search(r"\d[,.]$|[$€£#@]$|\w$", before) or re.match(r"[,.]\d|\w|%", after) or re.match(
                r"-(?!(?:end|and|to|or|era|born|founded)\b)[a-z]", self.text[tok.end : tok.end + 9]):
            return None  # "1,2025", "$2025", "2025%", "the 2041-satoshi support", "2048-bit": a number ("2025-end" stays)
        return int(tok.text)

    def month_at(self, i: int) -> int | None:
        """The month named by token i (a capitalised name or abbreviation, "Oct." included)."""
        if not (0 <= i < len(self.t)):
            return None
        tok = self.t[i]
        month = MONTHS.get(tok.low)
        if month is None or not tok.text[0].isupper():
            return None
        if len(tok.low) <= 4 and tok.low not in ("may", "june", "july"):  # abbreviations: "Oct." or "Oct 24"
            nxt = self.low(i + 1)
            if nxt != "." and self.day_number(i + 1) is None and self.year_number(i + 1) is None:
                return None
        if tok.low in ("may", "march"):
            if self.low(i + 1) in _VERB_AFTER or self.low(i - 1) in _VERB_BEFORE:
                return None
            prev = self.t[i - 1] if i > 0 else None
            if (
                prev is not None
                and prev.text[:1].isupper()
                and prev.low not in _MONTH_BEFORE
                and self.day_number(i + 1) is None
                and self.year_number(i + 1) is None
                and not self.text[max(0, prev.start - 2) : prev.start].strip() == ""
            ):
                return None  # "Strategy May Backfire": a verb in a title-case headline
            if tok.text.isupper() and len(tok.text) > 1:
                return None
        return month

    def skip_dot(self, i: int) -> int:
        return i + 1 if self.is_(i, ".") else i

    def forward(self, i: int) -> bool:
        """Do the few words before token i look ahead ("through", "by early", "next", "will")?"""
        for k in range(max(0, i - 3), i):
            if self.t[k].low in _FORWARD_CUES and not (self.t[k].low == "set" and self.is_(k + 1, "in", "on", "at")):
                return True  # "set for July" looks ahead; "a record set in January" does not
        return False

    def clause(self, a: int, b: int) -> tuple[str, list[str], list[str], list[str | None]]:
        """The sentence around ``text[a:b]`` (lower case), its words before and after it, and what
        each of those words can be as a verb (``_tense``; a perfect's auxiliary counts as past)."""
        if self._sentences is None:
            self._sentences = sentence_spans(self.text)
        k = bisect.bisect_right(self._sentences, (a, len(self.text) + 1)) - 1
        start, end = self._sentences[k] if k >= 0 and self._sentences[k][1] >= b else (max(0, a - 200), b + 200)
        before = [w.lower() for w in _WORD.findall(self.text, start, a)]
        after = [w.lower() for w in _WORD.findall(self.text, b, end)]
        words = before + after
        tenses = [_tense(w) for w in words]
        for n, w in enumerate(words):
            if tenses[n] == "present" and w in _PERFECT and "past" in tenses[n + 1 : n + 3]:
                tenses[n] = "past"  # "has now climbed": the perfect narrates the past
        return self.text[start:end].lower(), before, after, tenses

    def nearest_tense(self, a: int, b: int) -> str | None:
        """"past" or "present": the tense of the verb nearest ``text[a:b]`` in its sentence, before
        it, else after it ("this Tuesday the stock dropped": past; "eyes are on this Friday's": present)."""
        _, before, after, tenses = self.clause(a, b)
        words, here = before + after, len(before)
        for order in (range(here - 1, max(-1, here - 1 - _CLAUSE_REACH), -1),
                      range(here, min(len(tenses), here + _CLAUSE_REACH))):
            for n in order:
                if tenses[n] in ("present", "present?"):
                    return "present"
                if tenses[n] == "past" and not (n > 0 and words[n - 1] in _ADJECTIVE_BEFORE):
                    return "past"
        return None

    def ahead_before(self, a: int) -> bool:
        """Does a word of the event_ahead set stand in the few words before ``text[a]`` ("upcoming ... this Friday")?"""
        return bool(_AHEAD.search(self.text[max(0, a - 48) : a].lower()))

    def narrates_past(self, a: int, b: int) -> bool:
        """Does the sentence narrate the date at ``text[a:b]`` as past? "since" before it, or a
        preposition ("on", "in", "from") and, nearest it in its sentence (before it, else after
        it), a past-tense verb ("sold ... on Nov. 5", "On July 2, the Senate approved", "has
        climbed since"). Never when the sentence looks ahead (a word of the event_ahead set) or
        speaks in the present, nor across a word that may be a present verb ("its presale ends on
        June 30") or an infinitive ("to vote on ... on June 17"); a past form after a determiner
        or preposition is an adjective ("on amended bill"). Past-leaning narration places a
        yearless date on or before the publication day (GUIDE §2)."""
        sentence, before, after, tenses = self.clause(a, b)
        if _AHEAD.search(sentence) or "present" in tenses:
            return False
        lead = next((w for w in reversed(before) if w not in _DETERMINERS), "")
        if lead == "since":
            return True
        if lead not in _TIME_PREPOSITIONS:
            return False  # "designated the week of July 14 as ...": the verb dates the act, not the day
        words = before + after
        here = len(before)
        left = range(here - 1, max(-1, here - 1 - _CLAUSE_REACH), -1)
        right = range(here, min(len(words), here + _CLAUSE_REACH))
        for order in (left, right):
            for n in order:
                tense = tenses[n]
                if tense == "present?" or (words[n] == "to" and n + 1 < len(words) and tenses[n + 1] == "base"):
                    return False
                if tense == "past" and not (n > 0 and words[n - 1] in _ADJECTIVE_BEFORE):
                    return True
        return False

    def overlaps_excluded(self, a: int, b: int) -> bool:
        return any(s < b and a < e for s, e in self.excluded)

    # -- the scan ----------------------------------------------------------------------------
    def run(self) -> list[TimeExpression]:
        out: list[TimeExpression] = []
        i = 0
        n = len(self.t)
        while i < n:
            found = self.at(i)
            if found is not None:
                j, expr = found
                if not self.overlaps_excluded(expr.char_start, expr.char_end):
                    out.append(expr)
                    i = j
                    continue
            i += 1
        return self.resolve_bare_weekdays(out)

    def at(self, i: int) -> tuple[int, TimeExpression] | None:
        low = self.t[i].low
        if low in WEEKDAYS:
            return self.weekday(i)
        if low in MONTHS:
            return self.month_led(i)
        if low[:1].isdigit():
            return self.number_led(i)
        if low in ("today", "yesterday", "tomorrow", "tonight"):
            return self.day_word(i)
        if low in _SHIFT or low in ("earlier", "later", "the", "end", "early", "mid", "late", "year", "ytd"):
            return self.relative(i)
        if low in ORDINALS:
            return self.relative(i)
        if len(low) == 2 and low in _CODES and self.t[i].text[0].isupper() and not self.is_(i + 1, ":"):
            return self.quarter_or_half_code(i)
        if low in ("week", "month", "quarter", "decade") or low in ("first", "second"):
            return self.relative(i)
        return None

    # -- shapes ------------------------------------------------------------------------------
    def weekday(self, i: int) -> tuple[int, TimeExpression] | None:
        if not self.t[i].text[0].isupper():
            return None
        wd = WEEKDAYS[self.t[i].low]
        # "Friday, July 4" / "Friday (July 4)": one explicit day
        k = i + 1
        if self.is_(k, ",", "("):
            k += 1
        if self.month_at(k) is not None:
            found = self.month_led(k)
            if found is not None and found[1].granularity == "day" and found[1].start is not None:
                j, expr = found
                if self.is_(j, ")"):
                    j += 1
                if expr.start.weekday() == wd:  # "Monday (June 10)" of a Tuesday: the slip names no Monday
                    self.weekday_dates[wd] = expr.start
                return j, self.make(i, j if not self.is_(j - 1, ")") else j - 1, expr.start, expr.end, "day", expr.relative)
        # "Sunday last week"
        if self.is_(i + 1, "last", "next", "this") and self.is_(i + 2, "week"):
            shift = _SHIFT[self.low(i + 1)]
            if self.pub is None:
                return i + 3, self.make(i, i + 3, None, None, "day", True)
            monday = self.pub - timedelta(days=self.pub.weekday()) + timedelta(weeks=shift)
            day = monday + timedelta(days=wd)
            return i + 3, self.make(i, i + 3, day, day, "day", True)
        return i + 1, self.make(i, i + 1, None, None, "day", True)  # resolved after the scan

    def resolve_bare_weekdays(self, found: list[TimeExpression]) -> list[TimeExpression]:
        out = []
        for expr in found:
            if expr.granularity == "day" and expr.start is None and expr.surface.lower() in WEEKDAYS:
                expr = self.resolve_weekday(expr)
            out.append(expr)
        return out

    def resolve_weekday(self, expr: TimeExpression) -> TimeExpression:
        wd = WEEKDAYS[expr.surface.lower()]
        index = next(k for k, tok in enumerate(self.t) if tok.start == expr.char_start)
        prefix = self.low(index - 1)
        day: date | None = None
        if wd in self.weekday_dates and prefix not in ("last", "next"):
            day = self.weekday_dates[wd]
        elif self.pub is not None:
            back = (self.pub.weekday() - wd) % 7
            ahead = (wd - self.pub.weekday()) % 7
            if prefix == "last":
                day = self.pub - timedelta(days=back or 7)
            elif prefix == "next":
                day = self.pub + timedelta(days=ahead or 7)
            elif prefix == "this":
                # "earlier this Friday", "this Tuesday the stock dropped", "said this Monday": the last one;
                # "expected this Friday", "All eyes are on this Friday's print": the next; else the one of the
                # publication week
                tense = self.nearest_tense(expr.char_start, expr.char_end)
                if self.low(index - 2) == "earlier":
                    day = self.pub - timedelta(days=back)
                elif self.forward(index - 1) or self.ahead_before(expr.char_start) or tense == "present":
                    day = self.pub + timedelta(days=ahead)
                elif tense == "past":
                    day = self.pub - timedelta(days=back)
                else:
                    day = self.pub - timedelta(days=self.pub.weekday()) + timedelta(days=wd)
            elif self.forward(index) and not self.is_(index - 1, "on") or prefix == "coming":
                day = self.pub + timedelta(days=ahead)
            else:
                day = self.pub - timedelta(days=back)
        return TimeExpression(expr.surface, day, day, "day", expr.char_start, expr.char_end, True)

    def month_led(self, i: int) -> tuple[int, TimeExpression] | None:
        month = self.month_at(i)
        if month is None:
            return None
        k = self.skip_dot(i + 1)
        day = self.day_number(k)
        if day is None and re.fullmatch(r"\d{1,2}", self.low(k)):
            return None  # "May 38": a typo, no date
        if day is not None and self.year_number(k) is None:
            # "May 11 – 17": a range of days
            if self.is_(k + 1, "-", "–", "—") and self.day_number(k + 2) is not None:
                day2 = self.day_number(k + 2)
                year, relative = self.year_for(month, day, k + 3, self.t[i].start)
                j = k + 3 + (2 if relative is False and self.is_(k + 3, ",") else 1 if relative is False else 0)
                return self.day_interval(i, j, year, month, day, year, month, day2, "range", relative)
            year, relative = self.year_for(month, day, k + 1, self.t[i].start)
            j = k + 1
            if relative is False:
                j = k + 3 if self.is_(k + 1, ",") else k + 2
            return self.day_interval(i, j, year, month, day, year, month, day, "day", relative)
        # "May 2025", "June of 2025"
        year = self.year_number(k)
        if year is None and self.is_(k, "of") and self.year_number(k + 1) is not None:
            k, year = k + 1, self.year_number(k + 1)
        if year is not None:
            return k + 1, self.month_interval(i, k + 1, year, month, relative=False)
        # "November of last year"
        if self.is_(k, "of") and self.is_(k + 1, "last", "this", "next") and self.is_(k + 2, "year"):
            if self.pub is None:
                return k + 3, self.make(i, k + 3, None, None, "month", True)
            year = self.pub.year + _SHIFT[self.low(k + 1)]
            return k + 3, self.month_interval(i, k + 3, year, month, relative=True)
        # a month alone: "In May", "through August"
        if self.pub is None:
            return i + 1, self.make(i, i + 1, None, None, "month", True)
        year = self.pub.year
        if self.forward(i):
            if month < self.pub.month:
                year += 1
        elif month > self.pub.month:
            year -= 1
        abbreviated = len(self.low(i)) <= 4 and self.low(i) not in ("may", "june", "july")
        j = self.skip_dot(i + 1) if abbreviated else i + 1
        return j, self.month_interval(i, j, year, month, True)

    def year_for(self, month: int, day: int, k: int, at: int = -1) -> tuple[int | None, bool]:
        """The year after "Month Day" (explicit: relative False), else the one nearest the
        publication day, or the one before it when that day lies ahead but the sentence narrates
        it as past ("started buying on Nov. 5" in a May article: last November). ``at`` is the
        expression's first character. A day one ahead of the publication day stays: it is the
        article's own day east of UTC."""
        j = k + 1 if self.is_(k, ",") else k
        explicit = self.year_number(j)
        if explicit is not None:
            return explicit, False
        if self.pub is None:
            return None, True
        best, best_gap = None, None
        for year in (self.pub.year - 1, self.pub.year, self.pub.year + 1):
            try:
                gap = abs((date(year, month, day) - self.pub).days)
            except ValueError:
                continue
            if best_gap is None or gap < best_gap:
                best, best_gap = year, gap
        if best is not None and at >= 0 and date(best, month, day) > self.pub + timedelta(days=1):
            if self.narrates_past(at, self.t[k - 1].end):
                try:
                    date(best - 1, month, day)
                    return best - 1, True
                except ValueError:  # February 29
                    pass
        return best, True

    def narrated_year(self, first_month: int, i: int, j: int) -> int:
        """The year of a yearless quarter or half starting in ``first_month`` (tokens i..j): the
        publication year, or the one before when it would start after the publication day but
        the sentence narrates it as past ("In the fourth quarter, it sold ..." in a May article)."""
        assert self.pub is not None
        if date(self.pub.year, first_month, 1) > self.pub and self.narrates_past(self.t[i].start, self.t[j - 1].end):
            return self.pub.year - 1
        return self.pub.year

    def day_interval(
        self, i: int, j: int, y1: int | None, m1: int, d1: int, y2: int | None, m2: int, d2: int | None,
        gran: str, relative: bool,
    ) -> tuple[int, TimeExpression] | None:
        if y1 is None or y2 is None or d2 is None:
            return j, self.make(i, j, None, None, gran, relative)
        try:
            start, end = date(y1, m1, d1), date(y2, m2, d2)
        except ValueError:
            return None  # "May 38": not a date
        if end < start:
            return None
        return j, self.make(i, j, start, end, gran, relative)

    def month_interval(self, i: int, j: int, year: int, month: int, relative: bool) -> TimeExpression:
        last = calendar.monthrange(year, month)[1]
        return self.make(i, j, date(year, month, 1), date(year, month, last), "month", relative)

    def number_led(self, i: int) -> tuple[int, TimeExpression] | None:
        # "16 July 2025", "2nd June"
        day = self.day_number(i)
        if day is not None and self.month_at(self.skip_dot(i + 1) if self.is_(i + 1, "of") is False else i + 2):
            k = i + 2 if self.is_(i + 1, "of") else i + 1
            month = self.month_at(k)
            if month is not None:
                year, relative = self.year_for(month, day, k + 1, self.t[i].start)
                j = k + 1 if relative else (k + 3 if self.is_(k + 1, ",") else k + 2)
                return self.day_interval(i, j, year, month, day, year, month, day, "day", relative)
        # ISO day: 2025-07-17
        iso = re.match(r"(\d{4})-(\d{2})-(\d{2})(?![\d:])", self.text[self.t[i].start : self.t[i].start + 11])
        if iso and self.year_number(i) is None:
            pass
        if iso:
            try:
                d = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            except ValueError:
                return None
            j = i
            while j < len(self.t) and self.t[j].end <= self.t[i].start + 10:
                j += 1
            return j, self.make(i, j, d, d, "day", False)
        year = self.year_number(i)
        if year is None or self.year_is_name(i):
            return None
        if self.is_(i + 1, "-", "–", "—") and (self.year_number(i + 2) or 0) > year:
            end_year = self.year_number(i + 2)
            assert end_year is not None
            return i + 3, self.make(i, i + 3, date(year, 1, 1), date(end_year, 12, 31), "range", False)
        return i + 1, self.year_interval(i, i + 1, year, False)

    def year_is_name(self, i: int) -> bool:
        """A year inside a name: "Bitcoin 2025", "Consensus 2025", "the Clarity Act of 2025"."""
        prev = self.t[i - 1] if i > 0 else None
        if prev is not None and prev.low == "of" and i > 1:
            named = self.t[i - 2]
            if named.text[:1].isupper() and named.low not in MONTHS and named.low not in _MONTH_BEFORE:
                return True
        if prev is None or prev.end != self.t[i].start - 1:
            return False
        if prev.low in _NAME_WORDS_BEFORE_YEAR:
            return True
        if prev.text[:1].isupper() and prev.low not in MONTHS and prev.low not in WEEKDAYS:
            before = self.text[max(0, prev.start - 2) : prev.start]
            sentence_start = not before.strip() or before.strip()[-1:] in ".!?:\"“"
            return not sentence_start and prev.low not in ("in", "since", "by", "of", "until", "into", "for", "the")
        return False

    def year_interval(self, i: int, j: int, year: int, relative: bool) -> TimeExpression:
        return self.make(i, j, date(year, 1, 1), date(year, 12, 31), "year", relative)

    def quarter_or_half_code(self, i: int) -> tuple[int, TimeExpression] | None:
        code = self.t[i].low
        number = int(code[1])
        year: int | None = None
        j = i + 1
        if self.year_number(i + 1) is not None:
            year, j = self.year_number(i + 1), i + 2
        elif self.is_(i + 1, "of") and self.year_number(i + 2) is not None:
            year, j = self.year_number(i + 2), i + 3
        relative = year is None
        if year is None:
            if self.pub is None:
                return j, self.make(i, j, None, None, "quarter" if code[0] == "q" else "range", True)
            year = self.narrated_year(3 * (number - 1) + 1 if code[0] == "q" else 6 * (number - 1) + 1, i, j)
        if code[0] == "q":
            return j, self.quarter_interval(i, j, year, number, relative)
        return j, self.half_interval(i, j, year, number, relative)

    def quarter_interval(self, i: int, j: int, year: int, q: int, relative: bool) -> TimeExpression:
        first = 3 * (q - 1) + 1
        last = calendar.monthrange(year, first + 2)[1]
        return self.make(i, j, date(year, first, 1), date(year, first + 2, last), "quarter", relative)

    def half_interval(self, i: int, j: int, year: int, h: int, relative: bool) -> TimeExpression:
        start = date(year, 1 if h == 1 else 7, 1)
        end = date(year, 6, 30) if h == 1 else date(year, 12, 31)
        return self.make(i, j, start, end, "range", relative)

    def day_word(self, i: int) -> tuple[int, TimeExpression] | None:
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[self.t[i].low]
        if self.is_(i - 1, "'s", "’s") or (self.low(i + 1) in ("'", "’") and self.low(i + 2) == "s"):
            pass  # "today's batch" still names the day
        if self.pub is None:
            return i + 1, self.make(i, i + 1, None, None, "day", True)
        day = self.pub + timedelta(days=offset)
        return i + 1, self.make(i, i + 1, day, day, "day", True)

    def relative(self, i: int) -> tuple[int, TimeExpression] | None:
        low = self.t[i].low
        k = i
        earlier = later = False
        # "earlier this month", "earlier in the month", "later this year"
        if low in ("earlier", "later"):
            earlier, later = low == "earlier", low == "later"
            k += 1
            if self.is_(k, "in") and self.is_(k + 1, "the") and self.low(k + 2) in PERIODS:
                return self.period(i, k + 3, self.low(k + 2), 0, earlier=earlier, later=later)
            if not self.is_(k, "this", "that"):
                return None
        if self.is_(k, "last", "past") and self.is_(k - 1, "the", "over", "in", "during", "within"):
            return None  # "in the last month", "over the past week": durations
        if self.is_(k, "this", "last", "next", "previous", "current", "coming") or (
            self.is_(k, "the") and self.is_(k + 1, "previous", "current", "coming", "last", "next")
        ):
            if self.is_(k, "the"):
                if self.is_(k + 1, "last", "next") and self.low(k + 2) in PERIODS:
                    return None  # "the last week" is a duration
                k += 1
            shift = _SHIFT[self.low(k)]
            period = self.low(k + 1)
            if period == "decade" and self.low(k) == "coming":
                return None  # "the coming decade": ten years ahead, a duration
            if period in PERIODS:
                return self.period(i, k + 2, period, shift, earlier=earlier, later=later)
            # "last July", "next Tuesday" are handled by the month and weekday shapes
            if self.month_at(k + 1) is not None and self.pub is not None and shift != 0:
                month = self.month_at(k + 1)
                assert month is not None
                year = self.pub.year
                if shift < 0 and month >= self.pub.month:
                    year -= 1
                if shift > 0 and month <= self.pub.month:
                    year += 1
                return k + 2, self.month_interval(i, k + 2, year, month, True)
            if self.low(k + 1) in WEEKDAYS and self.pub is not None and shift != 0:
                wd = WEEKDAYS[self.low(k + 1)]
                if shift < 0:
                    day = self.pub - timedelta(days=((self.pub.weekday() - wd) % 7) or 7)
                else:
                    day = self.pub + timedelta(days=((wd - self.pub.weekday()) % 7) or 7)
                return k + 2, self.make(i, k + 2, day, day, "day", True)
            return None
        # "the end of the month", "the end of 2025", "the end of the decade", "the week of July 14"
        if low == "the" or low == "end":
            k = i + 1 if low == "the" else i
            if self.is_(k, "end", "start", "beginning", "middle") and self.is_(k + 1, "of"):
                if self.is_(k + 2, "the") and self.low(k + 3) in PERIODS:
                    return self.period(i, k + 4, self.low(k + 3), 0)
                if self.low(k + 2) in PERIODS and self.t[k + 2].text[0].islower():
                    return self.period(i, k + 3, self.low(k + 2), 0)
                year = self.year_number(k + 2)
                if year is not None:
                    return k + 3, self.year_interval(i, k + 3, year, False)
                if self.month_at(k + 2) is not None:
                    found = self.month_led(k + 2)
                    if found is not None:
                        j, expr = found
                        return j, self.make(i, j, expr.start, expr.end, expr.granularity, expr.relative)
                return None
            if low == "the" and self.is_(k, "week") and self.is_(k + 1, "of") and self.month_at(k + 2) is not None:
                found = self.month_led(k + 2)
                if found is not None and found[1].granularity == "day" and found[1].start is not None:
                    j, expr = found
                    monday = expr.start - timedelta(days=expr.start.weekday())
                    return j, self.make(i, j, monday, monday + timedelta(days=6), "week", expr.relative)
            if low == "the" and (self.low(k) in ORDINALS or self.is_(k, "previous", "current", "last", "next")):
                return self.relative(k) if self.low(k) in ORDINALS else None
            return None
        # "early May", "mid-June", "late 2025", "mid-2025"
        if low in _MODIFIERS:
            k = i + 2 if self.is_(i + 1, "-") else i + 1
            if self.month_at(k) is not None:
                found = self.month_led(k)
                if found is not None and found[1].granularity == "month":
                    j, expr = found
                    forward = self.forward(i)
                    start, end = expr.start, expr.end
                    if forward and start is not None and self.pub is not None and expr.relative and end < self.pub:
                        start, end = date(start.year + 1, start.month, 1), date(end.year + 1, end.month, end.day)
                    return j, self.make(i, j, start, end, "month", expr.relative)
            year = self.year_number(k)
            if year is not None:
                return k + 1, self.year_interval(i, k + 1, year, False)
            return None
        # "year to date", "YTD", "year-end"
        if low == "ytd" or (low == "year" and self.is_(i + 1, "to", "-") and self.is_(i + 2, "date", "to")):
            j = i + 1 if low == "ytd" else (i + 3 if self.is_(i + 2, "date") else i + 5)
            if self.pub is None:
                return j, self.make(i, j, None, None, "year", True)
            return j, self.make(i, j, date(self.pub.year, 1, 1), self.pub, "year", True)
        if low == "year" and self.is_(i + 1, "-") and self.is_(i + 2, "end"):
            if self.pub is None:
                return i + 3, self.make(i, i + 3, None, None, "year", True)
            return i + 3, self.year_interval(i, i + 3, self.pub.year, True)
        # "first-quarter", "the second quarter", "the second half of 2025", "second half of the year"
        if low in ORDINALS:
            number = ORDINALS[low]
            k = i + 2 if self.is_(i + 1, "-") else i + 1
            unit = self.low(k)
            if unit not in ("quarter", "half") or (unit == "half" and number > 2):
                return None
            j = k + 1
            year: int | None = None
            relative = True
            if unit == "half" and self.is_(j, "of") and (self.month_at(j + 1) is not None or self.is_(
                    j + 1, "summer", "winter", "spring", "autumn", "fall", "the") and not self.is_(j + 2, "year")):
                return None  # "the second half of May", "of summer 2025": not a half of the year
            if self.is_(j, "of"):
                if self.year_number(j + 1) is not None:
                    year, j, relative = self.year_number(j + 1), j + 2, False
                elif self.is_(j + 1, "the", "this", "last", "next") and self.is_(j + 2, "year"):
                    shift = _SHIFT.get(self.low(j + 1), 0)
                    if self.pub is not None:
                        year = self.pub.year + shift
                    j += 3
                elif self.is_(j + 1, "the") and self.is_(j + 2, "year"):
                    j += 3
            elif self.year_number(j) is not None:
                year, j, relative = self.year_number(j), j + 1, False
            elif self.is_(j, "last", "this", "next") and self.is_(j + 1, "year") and self.pub is not None:
                year = self.pub.year + _SHIFT[self.low(j)]  # "the fourth quarter last year": "last year" stays a date too
            start_tok = i - 1 if self.is_(i - 1, "the") else i
            if year is None:
                if self.pub is None:
                    return j, self.make(start_tok, j, None, None, "quarter" if unit == "quarter" else "range", True)
                first_month = 3 * (number - 1) + 1 if unit == "quarter" else 6 * (number - 1) + 1
                year = self.narrated_year(first_month, start_tok, j)
            if unit == "quarter":
                return j, self.quarter_interval(start_tok, j, year, number, relative)
            return j, self.half_interval(start_tok, j, year, number, relative)
        return None

    def period(
        self, i: int, j: int, period: str, shift: int, *, earlier: bool = False, later: bool = False
    ) -> tuple[int, TimeExpression]:
        gran = {"decade": "range"}.get(period, period)
        if self.pub is None:
            return j, self.make(i, j, None, None, gran, True)
        p = self.pub
        if period == "week":
            monday = p - timedelta(days=p.weekday()) + timedelta(weeks=shift)
            start, end = monday, monday + timedelta(days=6)
        elif period == "month":
            y, m = divmod(p.year * 12 + p.month - 1 + shift, 12)
            start = date(y, m + 1, 1)
            end = date(y, m + 1, calendar.monthrange(y, m + 1)[1])
        elif period == "quarter":
            q = (p.month - 1) // 3 + shift
            y, q = p.year + q // 4, q % 4
            start = date(y, 3 * q + 1, 1)
            end = date(y, 3 * q + 3, calendar.monthrange(y, 3 * q + 3)[1])
        elif period == "year":
            start, end = date(p.year + shift, 1, 1), date(p.year + shift, 12, 31)
        else:  # decade
            first = (p.year // 10 + shift) * 10
            start, end = date(first, 1, 1), date(first + 9, 12, 31)
        if earlier and shift == 0:
            end = p
        if later and shift == 0:
            start = p
        return j, self.make(i, j, start, end, gran, True)
