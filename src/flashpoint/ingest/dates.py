"""Publication-date parsing for ingestion: ISO values, dates written in page text, dates in URLs."""

from __future__ import annotations

import re
from datetime import date, datetime

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH_RE = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY_RE = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:19|20)\d{2})"

# "Aug. 04, 2024", "August 4 2024", "4 August 2024", "4th of August, 2024", "2024-08-04", "2024/08/04"
TEXT_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE},?\s+{_YEAR_RE}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})\b"),
)
_URL_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[/_-]?)(?P<month>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"
)


def _make(year: str, month: str, day: str) -> str | None:
    m = _MONTHS.get(month.lower().rstrip(".")) if not month.isdigit() else int(month)
    try:
        return date(int(year), int(m or 0), int(day)).isoformat()
    except ValueError:
        return None


def normalise_iso(value: str) -> str:
    """An ISO 8601 date or datetime in canonical form; ValueError when it is not one.

    ``"2024-08-04"`` stays a date; ``"2024-08-04T10:00:00Z"`` becomes ``"2024-08-04T10:00:00+00:00"``.
    """
    s = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return date.fromisoformat(s).isoformat()
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]", s):
        raise ValueError(f"not an ISO 8601 date or datetime: {value!r}")
    return datetime.fromisoformat(s).isoformat()


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """The first calendar date written in `text` (YYYY-MM-DD) and its match, or None."""
    best: tuple[str, re.Match[str]] | None = None
    for pattern in TEXT_DATE_PATTERNS:
        for m in pattern.finditer(text):
            iso = _make(m["year"], m["month"], m["day"])
            if iso and (best is None or m.start() < best[1].start()):
                best = (iso, m)
                break
    return best


def date_from_url(url: str) -> str | None:
    """A date encoded in a URL or file name (``/2024/08/04/``, ``2024-08-04``, ``20240804``)."""
    for m in _URL_DATE.finditer(url):
        iso = _make(m["year"], m["month"], m["day"])
        if iso:
            return iso
    return None


def loose_date(value: str | None) -> str | None:
    """Best-effort normalisation of a metadata date (ISO first, then written forms); None if none."""
    if not value:
        return None
    try:
        return normalise_iso(value)
    except ValueError:
        pass
    found = find_date(value)
    return found[0] if found else None
