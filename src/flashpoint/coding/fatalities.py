"""Number of people killed, when the sentence gives one."""

from __future__ import annotations

import re

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "a dozen": 12,
    "dozens of": 24, "a": 1, "an": 1,
}
_NUM = r"(\d[\d,]*|" + "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True)) + r")"
_KILL = r"(?:killed|killing|kills|dead|died|deaths?|lives|fatalities|murdered|slain|massacred|executed|beheaded|lost their lives)"
_QUAL = r"(?:at least |more than |over |some |about |around |nearly |almost |up to |as many as )?"
_PATTERNS = [
    # "killed at least 75 displaced people", "killing 5 civilians"
    re.compile(r"\b(?:killed|killing|kills|kill|massacred|executed|shot dead|claimed the lives of)\s+" + _QUAL + _NUM
               + r"\b(?!\s*(?:percent|%|years?|km|miles|days?|months?))", re.I),
    # "75 people were killed", "5 soldiers died", "12 dead"
    re.compile(r"\b" + _QUAL + _NUM + r"\s+(?:[A-Za-z-]+\s+){0,3}?(?:(?:were|was|have been|had been|are|been)\s+)?"
               + r"(?:killed|dead|died|slain|murdered|executed|lost their lives)\b", re.I),
    # "death toll rose to 30", "death toll of 30"
    re.compile(r"\bdeath toll\s+(?:\w+\s+){0,3}?(?:to|of|at|reached)\s+" + _QUAL + _NUM, re.I),
    re.compile(r"\b" + _NUM + r"\s+(?:fatalities|deaths)\b", re.I),
]
_ZERO = re.compile(r"\bno (?:fatalities|deaths|casualties|one was (?:killed|hurt|injured))\b|\bwithout casualties\b", re.I)
del _KILL


def _value(tok: str) -> int | None:
    t = tok.lower().replace(",", "")
    if t.isdigit():
        return int(t)
    return _WORDS.get(t)


def find_fatalities(text: str) -> int | None:
    """The largest death count stated in `text`, 0 when it says nobody died, else None."""
    best: int | None = None
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            v = _value(m.group(1))
            if v is None or v > 100_000:
                continue
            if m.group(1).lower() in ("a", "an") and "killed" not in m.group(0).lower():
                continue
            best = v if best is None else max(best, v)
    if best is None and _ZERO.search(text):
        return 0
    return best
