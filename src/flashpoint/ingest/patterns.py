"""Line patterns for page furniture in scraped text: bylines, date lines, captions, boxes, prose."""

from __future__ import annotations

import re

from flashpoint.ingest.dates import find_date

_WEEKDAYS = r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
_DATE_NOISE = re.compile(
    rf"\b(?:{_WEEKDAYS}|published|updated|last|first|posted|modified|on|at|read|reading|min|mins|minutes?|"
    r"time|am|pm|a\.m|p\.m|gmt|utc|bst|est|edt|cet|cest|pst|pdt|ast|ist|msk|date|hours?|ago)\b"
    r"|\d{1,2}[:.]\d{2}|[+-]\d{2}:?\d{2}|\d+|[^\w\s]",
    re.IGNORECASE,
)
UPDATED = re.compile(r"\b(?:updated|modified)\b", re.IGNORECASE)

_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|reported by|reporting by)\s*:?\s+(?P<rest>.+)$", re.IGNORECASE
)
_PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "da", "di", "del", "der", "van", "von", "la", "le",
              "du", "dos", "das", "y", "ter", "ten", "abu", "ben"}
_NOT_NAME_WORDS = {"the", "of", "and", "for", "to", "in", "on", "a", "an", "news", "world", "live", "latest",
                   "update", "updates", "more", "read", "home", "menu", "video", "videos", "photos", "opinion",
                   "analysis", "politics", "business", "sport", "sports", "region", "newsletter", "share",
                   "subscribe", "related", "advertisement", "comments", "staff", "reporter", "correspondent",
                   "editor", "agencies", "desk", "team"}
_MONTH_WORDS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
                "february", "march", "april", "june", "july", "august", "september", "october", "november",
                "december"}

# Caption and credit lines: may be long.
_CAPTION_START = re.compile(
    r"^(?:image of|images?:|photo(?:graph)?s?\s*:|photo by|picture:|pictured:|credit:|graphics?:|"
    r"illustration:|caption:|file photo\b)",
    re.IGNORECASE,
)
# Widget lines: only when short, so that prose starting with the same words survives.
_WIDGET_START = re.compile(
    r"^(?:video:|watch:|listen\b|share\b|tweet\b|email\b|print\b|copy link|subscribe\b|sign up\b|sign in\b|"
    r"log in\b|register\b|get the latest|get our|join our|download (?:our|the)|follow us|follow @|click here|"
    r"tap here|advertisement|sponsored|skip to|back to top|continue reading|read (?:the )?full|accept\b|"
    r"manage cookies|cookie|we use cookies|this (?:site|website) uses cookies|privacy policy|"
    r"terms of (?:use|service)|all rights reserved|copyright\b|©|\(c\) \d{4}|loading\b|"
    r"editing by|additional reporting|reporting by|compiled by|facebook|twitter|whatsapp|linkedin|"
    r"telegram|reddit|pinterest|instagram|youtube|report an error|send us|contact us|for more (?:news|stories)|"
    r"updated\b|last updated\b|first published\b|published\b|posted\b)",
    re.IGNORECASE,
)
_CAPTION_ANY = re.compile(
    r"(?i:\((?:photo|image|picture|credit|file photo|pictured)\b|getty images|via getty|\bap photo\b)|"
    r"\b[A-Z]{2,}/[A-Z][a-z]+"
)
_BREADCRUMB = re.compile(r"^[^>›»]{1,40}(?:\s[>›»/]\s[^>›»]{1,40}){1,6}$")
_PROMO = re.compile(
    r"^(?:sign up|subscribe|join our|get the latest|get our|download (?:our|the)|newsletters?$)|\bnewsletter\b",
    re.IGNORECASE,
)
_READER = re.compile(r"\byou(?:r|rs)?\b", re.IGNORECASE)
_WIDGET_ANY = re.compile(
    r"\bnewsletters?\b|\binbox\b|\bcookies\b|\d+\s*-?\s*min(?:ute)?s?\s+read\b|\breading time\b",
    re.IGNORECASE,
)
_LIST_MARKER = re.compile(
    r"^(?:newsletters?|related(?: articles| stories| news| content| coverage| topics)?|read more|read next|"
    r"more from\b.*|more stories|more on this( story)?|most read|most popular|most viewed|recommended(?: for you)?|"
    r"you (?:may|might) also like|trending(?: now)?|latest news|latest stories|also read|see also|"
    r"comments?|topics|tags|keywords|what to read next|editor'?s picks?)\s*:?\s*$",
    re.IGNORECASE,
)
_AUTHOR_MARKER = re.compile(
    r"^(?:author|about the author|about the writer|profile picture of|author image for|picture of the author|"
    r"more by|more from author|written by)\s*:?\s*(?P<name>.*)$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"(?:graphics?|illustration|design|infographic)\s*:\s*(?P<a>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,4})"
    r"|(?:©|copyright\s*©?|\(c\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?P<b>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,4})",
    re.IGNORECASE,
)
# "told The New Region", "told the BBC", "told AFP": the outlet that carries the story, in its own text.
TOLD_OUTLET = re.compile(
    r"\btold\s+(?:the\s+)?(?P<outlet>The(?:\s+[A-Z][\w&'-]*){1,4}|[A-Z]{2,6}\b(?!\s+[A-Z]))"
)
_NOT_OUTLETS = {"UN", "EU", "US", "UK", "UAE", "NATO", "IMF", "WHO", "ICC", "ICJ", "IAEA", "OPEC", "AU", "IRGC"}
_TERMINAL = re.compile(r"[.!?…](?:[\"”’')\]]*)\s*$|[\"”]\s*$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*(?:\s|$)")


def is_name(text: str) -> bool:
    """A person's name on its own ("Dilan Sirwan", "Mohammed al-Sudani", "J. R. Smith")."""
    tokens = text.strip().split()
    if not 2 <= len(tokens) <= 5 or any(ch.isdigit() for ch in text):
        return False
    capitalised = 0
    for tok in tokens:
        low = tok.lower().strip(".,")
        if low in _NOT_NAME_WORDS or low in _MONTH_WORDS:
            return False
        if low in _PARTICLES or re.match(r"^(?:al|el|bin|ibn|abu)-[^\W\d_]", tok):
            continue
        if not re.fullmatch(r"[^\W\d_][\w'’.-]*", tok) or not tok[0].isupper():
            return False
        capitalised += 1
    return capitalised >= 2 or (capitalised >= 1 and len(tokens) >= 2)


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def parse_byline(text: str) -> tuple[str | None, str | None] | None:
    """(author names, outlet) of a byline such as "By Jane Doe, Senior Correspondent | Reuters"; None if none."""
    m = _BYLINE.match(text.strip())
    if not m or len(text.split()) > 25:
        return None
    segments = [s.strip() for s in re.split(r"\s*(?:\||•|·|\s[-–—]\s)\s*", m["rest"]) if s.strip()]
    if not segments:
        return None
    head, outlet = segments[0], None
    for seg in segments[1:]:
        if find_date(seg) is None and len(seg.split()) <= 4 and seg[0].isupper():
            outlet = seg
            break
    head = re.sub(r"\s+in\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*\s*$", "", head)
    m_for = re.search(r"\s+for\s+(?P<o>(?:the\s+)?[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3})\s*$", head)
    if m_for:
        outlet = outlet or m_for["o"]
        head = head[: m_for.start()]
    names: list[str] = []
    for piece in re.split(r",\s*|\s+and\s+|\s*&\s*", head):
        piece = piece.strip()
        if is_name(piece):
            names.append(piece)
        elif names:
            break  # a role after the names: "Jane Doe, Senior Correspondent"
    if names:
        return _join_names(names), outlet
    if re.fullmatch(r"[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3}", head):
        return None, outlet or head  # an agency byline: "By AFP", "By Reuters Staff"
    return None


def author_marker(text: str) -> str | None:
    """"" or the name for an author-box marker ("Author Dilan Sirwan", "About the author"); None otherwise."""
    m = _AUTHOR_MARKER.match(text.strip())
    if not m:
        return None
    name = m["name"].strip()
    if not name:
        return "" if len(text.split()) <= 4 else None
    return name if is_name(name) else None


def is_date_line(text: str) -> bool:
    """A short line that is a date and little else: "Aug. 04, 2024 • 2 min read", "Published 3 March 2023 10:42 GMT"."""
    if len(text.split()) > 20:
        return False
    found = find_date(text)
    if not found:
        return False
    rest = text[: found[1].start()] + " " + text[found[1].end():]
    return len(_DATE_NOISE.sub(" ", rest).split()) <= 2


def is_furniture_line(text: str) -> bool:
    """Captions, credits, reading time, share / subscribe / cookie lines and the like."""
    t = text.strip()
    words = len(t.split())
    if words <= 60 and (_CAPTION_START.match(t) or (words <= 40 and _CAPTION_ANY.search(t))):
        return True
    if words <= 8 and _BREADCRUMB.match(t):
        return True
    return words <= 15 and bool(_WIDGET_START.match(t) or _WIDGET_ANY.search(t))


def is_promo(text: str) -> bool:
    """A newsletter / subscription call; the pitch that follows it is furniture too."""
    return len(text.split()) <= 15 and bool(_PROMO.search(text))


def addresses_reader(text: str) -> bool:
    """A short line speaking to the reader ("Get the news you need ...")."""
    return len(text.split()) < 30 and bool(_READER.search(text))


def is_list_marker(text: str) -> bool:
    """A box heading after which short lines are headlines or links: "Related", "NEWSLETTER", "Most read"."""
    return bool(_LIST_MARKER.match(text.strip()))


def credits(text: str) -> list[str]:
    """Outlet names from graphics and copyright credits ("Graphics: The New Region", "© 2024 Example News")."""
    found = []
    for m in _CREDIT.finditer(text):
        name = (m["a"] or m["b"] or "").strip()
        if name and name.lower() not in ("all", "rights"):
            found.append(re.sub(r"\s+(?:All|Ltd|Inc|LLC)\b.*$", "", name))
    return found


def told_outlets(text: str) -> list[str]:
    """Outlets named as the one a source "told" ("told The New Region"), leaving out organisations."""
    return [m["outlet"] for m in TOLD_OUTLET.finditer(text) if m["outlet"] not in _NOT_OUTLETS]


def is_prose(text: str) -> bool:
    """Looks like article prose: ends like a sentence, or is long and holds sentences."""
    words = len(text.split())
    if words >= 3 and _TERMINAL.search(text):
        return True
    return (words >= 12 and bool(_SENTENCE_END.search(text))) or words >= 25
