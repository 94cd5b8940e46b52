"""What an article says about itself: is it a correction or a retraction? And who published it?

Rules (documented in docs/watch.md, "## Resolution"):

* **Retraction**: the title or the lead (first `LEAD` characters of the text) says the report is
  withdrawn or the event did not take place: a title starting "Retraction:" / "Retracted:",
  "this article/story/report has been retracted/withdrawn", "we (have) retracted", "did not happen",
  "never happened", "never took place". The same "has been retracted/withdrawn" notice in the tail
  (last `TAIL` characters) counts too.
* **Correction**: a title starting "Correction:" / "Corrected:", or, in the lead or tail, "this
  article/story/report has been corrected/updated to correct", "an earlier version of this
  article/story/report", "correction appended".

Retraction wins when both match. Everything else is an ordinary report.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

Role = Literal["mention", "correction", "retraction"]

LEAD = 500
TAIL = 600

_DOC = r"(?:article|story|report|post|item)"

_RETRACT_TITLE = re.compile(r"^\s*(?:retraction|retracted)\s*[:\-\u2013\u2014]", re.I)
_RETRACT_TEXT = re.compile(
    rf"\b(?:this|the)\s+{_DOC}\s+(?:has\s+been|was)\s+(?:retracted|withdrawn)\b"
    r"|\bwe\s+(?:have\s+)?retracted\b"
    r"|\bdid\s+not\s+(?:happen|take\s+place|occur)\b"
    r"|\bnever\s+(?:happened|took\s+place|occurred)\b",
    re.I,
)
_RETRACT_TAIL = re.compile(
    rf"\b(?:this|the)\s+{_DOC}\s+(?:has\s+been|was)\s+(?:retracted|withdrawn)\b|\bwe\s+(?:have\s+)?retracted\b",
    re.I,
)
_CORRECT_TITLE = re.compile(r"^\s*(?:correction|corrected)\s*[:\-\u2013\u2014]", re.I)
_CORRECT_TEXT = re.compile(
    r"^\s*correction\s*:"
    rf"|\b(?:this|the)\s+{_DOC}\s+(?:has\s+been|was)\s+(?:corrected|updated\s+to\s+correct)\b"
    rf"|\ban\s+earlier\s+version\s+of\s+this\s+{_DOC}\b"
    r"|\bcorrection\s+appended\b",
    re.I,
)


def article_role(title: str | None, text: str | None) -> Role:
    """'retraction', 'correction' or 'mention' for an article with this title and body text."""
    title = title or ""
    body = text or ""
    lead, tail = body[:LEAD], body[-TAIL:]
    if _RETRACT_TITLE.search(title) or _RETRACT_TEXT.search(title) or _RETRACT_TEXT.search(lead):
        return "retraction"
    if _RETRACT_TAIL.search(tail):
        return "retraction"
    if _CORRECT_TITLE.search(title) or _CORRECT_TEXT.search(lead) or _CORRECT_TEXT.search(tail):
        return "correction"
    return "mention"


def outlet_key(outlet: str | None, url: str | None, article_id: str) -> str:
    """Who published it: the outlet name (case-folded), else the URL's host without 'www.', else
    'article:<id>' (an article of unknown origin counts as its own source)."""
    if outlet and outlet.strip():
        return " ".join(outlet.split()).casefold()
    if url:
        try:
            host = urlsplit(url.strip()).hostname or ""
        except ValueError:
            host = ""
        host = host.lower().removeprefix("www.")
        if host:
            return host
    return f"article:{article_id}"
