"""Warnings that are forecasts: "Heineken warned that earnings may slide", "high prices could threaten growth".

Business news "warns" of figures and says prices "threaten" growth: a company, a central bank or an
economist foresees what markets will do, and no one threatens anyone. Read as THREATEN they were a fifth of
the BBC business stories' events of that type, with the speaker as source and no target. PLOVER's THREATEN
is a party's statement that it will act against another; a forecast is none.

`is_forecast` tells such a trigger by its parse: "warn" with no one warned (no object) and a clause about an
economic quantity ("warned that its profits may decline", "warned growth would be just 1%"), or "threaten"
whose subject is one ("rising prices threaten the recovery"). "Iran warned that its response would be
crushing" and "the IMF warned India" keep their reading.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.roles import direct_subject
from flashpoint.nlp.parse import lemma

__all__ = ["ECONOMY", "is_forecast"]

# lemmas of the economic quantities a forecast is about
ECONOMY = frozenset({
    "yield", "revenue", "price", "profit", "earning", "earnings", "growth", "demand", "sale", "trading",
    "inflation", "deficit", "rate", "cost", "economy", "market", "output", "unemployment", "share", "currency",
    "dollar", "euro", "investment", "spending", "consumption", "supply", "figure", "result", "margin", "debt",
    "income", "export", "import", "productivity", "recession", "slowdown", "downturn", "stock", "valuation",
})


def is_forecast(t: Token) -> bool:
    """`t`, a trigger read as a threat, is a forecast about an economic quantity."""
    lem = lemma(t)
    if lem == "threaten":
        subj = direct_subject(t)
        return subj is not None and lemma(subj) in ECONOMY
    if lem != "warn" or any(c.dep_ in ("dobj", "dative") for c in t.children):
        return False
    for c in t.children:
        if c.dep_ == "ccomp":
            subj = direct_subject(c)
            if subj is not None and lemma(subj) in ECONOMY:
                return True
    return False
