"""Date expressions in news text, resolved against the publication date.

Pure Python (regular expressions, no dateparser). Two entry points:

* :func:`find_dates` — every date expression in a text, as :class:`DateMention`.
* :func:`event_date` — the date of one event, given its trigger offset.

Conventions (documented choices):

* Relative expressions ("on Sunday", "yesterday", "last week") need a publication date;
  without one they are skipped. Explicit dates ("2 May 2020", "2024-08-04") always resolve.
  A day and month without a year ("March 28") needs the publication date for its year.
* A bare weekday, "on <weekday>" and "this <weekday>" mean the most recent such day on or before
  the publication date (the publication date itself when it is that weekday). "last <weekday>" is
  strictly before. "next <weekday>" is strictly after; a weekday preceded in its clause by a
  future marker ("will", "is to", "scheduled", ...) is the next such day on or after the
  publication date. Forward-looking mentions carry ``forward=True``.
* "last night" is the day before publication; "this morning", "tonight", "today" are the
  publication date.
* "last week" is ``pub - 7 days`` with precision ``week`` (the event lies in the seven days
  before the publication week's day; with Sunday publication this is the Sunday-to-Saturday
  week just ended). "this week" / "earlier this week" is the Monday of the publication week.
  "last month" / "this month" are the first day of that month (precision ``month``); "last year"
  / "this year" are 1 January (precision ``year``). "N days/weeks ago" subtracts.
* "March 28" takes the publication year, or the previous year when that would put it more than
  14 days after publication. "in March" (month only) does the same with the first of the month.
* An impossible day ("31 February 2020") falls back to the month it names (precision ``month``).
* Numeric dates other than ISO ``YYYY-MM-DD`` ("02/05/2020") are skipped: day-month order is
  ambiguous between outlets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, timedelta

__all__ = ["DateMention", "find_dates", "event_date"]

Precision = str  # 'day' | 'week' | 'month' | 'year'


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: its words, char span in the text given, ISO date and precision."""

    text: str
    start: int
    end: int
    date: str
    precision: Precision
    forward: bool = False  # refers to a time after the publication date ("next Monday")


_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
# the full names of the months and weekdays, lower case (what a capitalised word after a place name can be
# without being more of the name: "in Rotterdam Monday"): each month's longest name, every weekday
CALENDAR_NAMES = frozenset(
    {max((k for k, m in _MONTHS.items() if m == n), key=len) for n in set(_MONTHS.values())} | set(_WEEKDAYS))
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3, "a few": 3,
}

# Month names are matched capitalised only ("may" the verb, "march" the verb).
_MON = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAYNUM = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:1[89]|20)\d\d)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx))
    for name, rx in (
        ("iso", r"\b(?P<y>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
        # 17 July 2020, 2 May 2020, 17th of July, 2020
        ("dmy", r"\b" + _DAYNUM.format(g="d") + r"\s+(?:of\s+)?" + _MON.format(g="m")
         + r",?\s+" + _YEAR.format(g="y") + r"\b"),
        # July 17, 2020 / Aug. 04, 2024
        ("mdy", r"\b" + _MON.format(g="m") + r"\s+" + _DAYNUM.format(g="d") + r",?\s+"
         + _YEAR.format(g="y") + r"\b"),
        # July 2020
        ("my", r"\b" + _MON.format(g="m") + r",?\s+" + _YEAR.format(g="y") + r"\b"),
        # March 28 / 28 March (no year)
        ("md", r"\b" + _MON.format(g="m") + r"\s+" + _DAYNUM.format(g="d") + r"\b(?![:.]\d)"),
        ("dm", r"\b" + _DAYNUM.format(g="d") + r"\s+(?:of\s+)?" + _MON.format(g="m") + r"(?!\w)"),
        # in March / since early May
        ("m", r"\b(?:(?:[Ii]n|[Ss]ince|[Uu]ntil|[Dd]uring|[Ee]arly|[Ll]ate|[Tt]his|[Ll]ast|"
              r"[Nn]ext|[Ee]nd of|[Bb]eginning of|[Mm]id)\s+|[Mm]id-)" + _MON.format(g="m")
              + r"(?!\w)"),
        # in 2019
        ("y", r"\b(?:(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Tt]hroughout|[Ee]arly|[Ll]ate|[Mm]id)"
              r"\s+|[Mm]id-)" + _YEAR.format(g="y") + r"\b(?![-/]\d)"),
        ("wd", r"\b(?:(?P<q>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Oo]n)\s+)?"
               r"(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
               r"(?:\s+(?:morning|afternoon|evening|night))?\b"),
        ("rel", r"\b(?P<r>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Ll]ast night|"
                r"[Tt]his (?:morning|afternoon|evening))\b"),
        ("per", r"\b(?P<q>(?:[Ee]arlier|[Ll]ater) this|[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast)\s+"
                r"(?P<u>week|month|year)\b"),
        ("ago", r"\b(?P<n>\d{1,2}|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
                r"several|few)\s+(?P<u>day|week|month|year)s?\s+ago\b"),
    )
)

# Cheap precheck: no match here means no pattern can match.
_PRECHECK = re.compile(
    r"[Dd]ay|[Ww]eek|[Mm]onth|[Yy]ear|[Nn]ight|[Mm]orning|[Aa]fternoon|[Ee]vening|[Mm]orrow|\d{4}|"
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
)
_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|is to|are to|scheduled|due to|plans? to|planned|expected to|"
    r"set to|going to)\b[^.;]*$"
)
_BOUNDARY = re.compile(r";|\b(?:said|says|say|told|tells|added|reported|according to)\b")


def _parse_pub(pub_date: str | None) -> date | None:
    if not pub_date:
        return None
    try:
        return date.fromisoformat(pub_date[:10])
    except ValueError:
        return None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _no_year(m: int, d: int, pub: date | None) -> date | None:
    """Day and month without a year: publication year, or the previous one if > 14 days ahead."""
    if pub is None:
        return None
    cand = _safe(pub.year, m, d)
    if cand is not None and cand > pub + timedelta(days=14):
        cand = _safe(pub.year - 1, m, d)
    return cand


def _weekday(m: re.Match[str], text: str, pub: date) -> tuple[date, bool]:
    target = _WEEKDAYS[m["w"].lower()]
    q = (m["q"] or "").lower()
    back = (pub.weekday() - target) % 7
    if q == "next":
        return pub + timedelta(days=(target - pub.weekday()) % 7 or 7), True
    if q in ("last", "past"):
        return pub - timedelta(days=back or 7), False
    clause_start = max(text.rfind(".", 0, m.start()), text.rfind(";", 0, m.start()), 0)
    if _FUTURE.search(text, clause_start, m.start()):
        return pub + timedelta(days=(target - pub.weekday()) % 7), True
    return pub - timedelta(days=back), False


def _resolve(kind: str, m: re.Match[str], text: str, pub: date | None
             ) -> tuple[date, Precision, bool] | None:
    """One match to (date, precision, forward), or None when it cannot be resolved."""
    if kind in ("iso", "dmy", "mdy"):
        mon = int(m["m"]) if kind == "iso" else _MONTHS[m["m"].lower()]
        d = _safe(int(m["y"]), mon, int(m["d"]))
        return (d, "day", False) if d else None
    if kind == "my":
        return date(int(m["y"]), _MONTHS[m["m"].lower()], 1), "month", False
    if kind == "y":
        return date(int(m["y"]), 1, 1), "year", False
    if kind in ("md", "dm"):
        d = _no_year(_MONTHS[m["m"].lower()], int(m["d"]), pub)
        return (d, "day", False) if d else None
    if pub is None:
        return None
    if kind == "m":
        d = _no_year(_MONTHS[m["m"].lower()], 1, pub)
        return (d, "month", False) if d else None
    if kind == "wd":
        d, fwd = _weekday(m, text, pub)
        return d, "day", fwd
    if kind == "rel":
        r = m["r"].lower()
        if r == "yesterday" or r == "last night":
            return pub - timedelta(days=1), "day", False
        if r == "tomorrow":
            return pub + timedelta(days=1), "day", True
        return pub, "day", False
    if kind == "per":
        q, unit = m["q"].lower(), m["u"]
        step = -1 if q in ("last", "past") else (1 if q == "next" else 0)
        if unit == "week":
            if step == 0:
                return pub - timedelta(days=pub.weekday()), "week", False
            return pub + timedelta(days=7 * step), "week", step > 0
        if unit == "month":
            y, mo = pub.year, pub.month + step
            y, mo = (y - 1, 12) if mo == 0 else ((y + 1, 1) if mo == 13 else (y, mo))
            return date(y, mo, 1), "month", step > 0
        return date(pub.year + step, 1, 1), "year", step > 0
    if kind == "ago":
        n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"].lower()]
        unit = m["u"]
        if unit == "day":
            return pub - timedelta(days=n), "day", False
        if unit == "week":
            return pub - timedelta(days=7 * n), "week", False
        if unit == "month":
            y, mo = divmod(pub.year * 12 + pub.month - 1 - n, 12)
            return date(y, mo + 1, 1), "month", False
        return date(pub.year - n, 1, 1), "year", False
    return None


def find_dates(text: str, pub_date: str | None = None) -> list[DateMention]:
    """Every date expression in `text`, resolved against `pub_date` (ISO), ordered by offset.

    Overlapping matches keep the earliest-listed (most specific) pattern, then the longest.
    """
    return list(_find_dates(text, pub_date))


@lru_cache(maxsize=256)
def _find_dates(text: str, pub_date: str | None) -> tuple[DateMention, ...]:
    """`find_dates`, kept for the last few hundred sentences: every event of a sentence reads them."""
    if not text or not _PRECHECK.search(text):
        return ()
    pub = _parse_pub(pub_date)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            res = _resolve(kind, m, text, pub)
            if res is None:
                continue
            d, prec, fwd = res
            taken.append((s, e))
            out.append(DateMention(m.group(0), s, e, d.isoformat(), prec, fwd))
    out.sort(key=lambda x: x.start)
    return tuple(out)


def _distance(anchor: int, m: DateMention, text: str) -> tuple[int, int]:
    """Rank key: (crosses a clause/report boundary, char distance)."""
    if m.start <= anchor < m.end:
        return (0, 0)
    lo, hi = (m.end, anchor) if m.end <= anchor else (anchor, m.start)
    # the anchor's own word ("told", "said") is not a boundary between it and its date
    if hi == anchor:
        between = text[lo:hi]
    else:
        w = re.match(r"\w*", text[lo:])
        between = text[lo + (w.end() if w else 0):hi]
    crosses = 1 if _BOUNDARY.search(between) else 0
    return (crosses, hi - lo)


def event_date(text: str, anchor: int, pub_date: str | None = None) -> tuple[str | None, str]:
    """(ISO date, precision) of the event whose trigger starts at char `anchor` of `text`.

    The nearest date mention wins; mentions separated from the anchor by ';' or by a reporting
    verb ("said", "told", "according to") date the report, not the event, and are not used.
    No usable mention: ``(pub_date, 'article')``.
    """
    mentions = _find_dates(text, pub_date)
    if not mentions:
        pub = _parse_pub(pub_date)
        return (pub.isoformat() if pub else None), "article"
    best = min(mentions, key=lambda m: (_distance(anchor, m, text), m.start))
    if _distance(anchor, best, text)[0]:
        # only dates across a report boundary: they date the report, not the event
        pub = _parse_pub(pub_date)
        return (pub.isoformat() if pub else None), "article"
    return best.date, best.precision
