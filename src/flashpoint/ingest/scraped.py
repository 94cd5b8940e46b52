"""Text copied from a news web page, page furniture and all → an Article with a clean body.

The page is cut into units (paragraphs, or single lines where a block stacks short lines), each
unit is classified as body or furniture (section labels, title, byline, date line, captions,
credits, author bio, newsletter / share / related boxes), and the metadata is read from the
furniture. A text with no furniture at all is returned whole as the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from flashpoint.errors import InputError
from flashpoint.ingest import patterns as P
from flashpoint.ingest.dates import date_from_url, find_date
from flashpoint.records import Article

_ENDS_SENTENCE = re.compile(r"[.!\"”]\s*$")
_BLANK = re.compile(r"^[\s\u200b\u200c\u200d\ufeff]*$")


@dataclass
class _Unit:
    text: str
    kind: str = "?"  # body, title, meta, furniture, bio, list


@dataclass
class _Meta:
    title: str | None = None
    author: str | None = None
    date: str | None = None
    updated: str | None = None
    outlets: dict[str, float] = field(default_factory=dict)

    def vote(self, outlet: str | None, weight: float) -> None:
        if outlet:
            outlet = outlet.strip(" .,;:|-–—")
            if 1 < len(outlet) <= 60:
                self.outlets[outlet] = self.outlets.get(outlet, 0.0) + weight


def _units(text: str) -> list[_Unit]:
    """Blank-line separated blocks; a block of stacked short lines is split into its lines."""
    units: list[_Unit] = []
    block: list[str] = []

    def flush() -> None:
        if not block:
            return
        special = any(
            P.is_furniture_line(line) or P.is_date_line(line) or P.parse_byline(line) is not None
            or P.author_marker(line) is not None
            for line in block
        )
        long_lines = all(len(line) >= 40 for line in block[:-1])
        one_sentence = _ENDS_SENTENCE.search(block[-1]) is not None and not any(
            _ENDS_SENTENCE.search(line) for line in block[:-1]
        )
        wrapped = not special and (long_lines or one_sentence)
        if wrapped:
            units.append(_Unit("\n".join(block)))
        else:
            units.extend(_Unit(line) for line in block)
        block.clear()

    for raw in text.split("\n"):
        if _BLANK.match(raw):
            flush()
        else:
            block.append(raw.strip())
    flush()
    return units


def _mentions(text: str, name: str | None) -> bool:
    """The text names the person (full name or surname)."""
    if not name:
        return False
    return name in text or any(re.search(rf"\b{re.escape(part)}\b", text) for part in name.split()[-1:])


def _slug_parts(origin: str | None) -> tuple[str | None, str | None]:
    """(outlet slug, date) from a file name like ``the-new-region-2024-08-04-us-asks-iraq.txt``."""
    if not origin:
        return None, None
    stem = PurePath(origin.split("?")[0]).name
    for suffix in (".gz", ".txt", ".text", ".md", ".html", ".htm"):
        stem = stem.removesuffix(suffix)
    m = re.match(r"^(?P<outlet>[a-z][a-z0-9-]*?)[-_](?P<date>\d{4}-\d{2}-\d{2})(?:[-_]|$)", stem, re.IGNORECASE)
    if m:
        return m["outlet"], date_from_url(m["date"])
    return None, date_from_url(stem)


def _outlet_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _pick_outlet(meta: _Meta, slug: str | None) -> str | None:
    votes = dict(meta.outlets)
    if slug:
        key = _outlet_key(slug)
        matched = [name for name in votes if _outlet_key(name) == key]
        for name in matched:
            votes[name] += 2.0
        if not matched:
            words = slug.replace("_", "-").split("-")
            pretty = " ".join(w.upper() if not re.search(r"[aeiouy]", w) else w.capitalize() for w in words if w)
            votes[pretty] = votes.get(pretty, 0.0) + 1.5
    good = {name: score for name, score in votes.items() if score >= 1.5}
    if not good:
        return None
    return sorted(good.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _title_and_outlet(line: str, meta: _Meta) -> str:
    """Split "Title | Outlet" / "Title - Outlet" suffixes off a headline."""
    m = re.match(r"^(?P<title>.{10,}?)\s+(?P<sep>\||-|–|—)\s+(?P<outlet>[A-Z][\w&.' ]{1,40})$", line)
    if m and len(m["outlet"].split()) <= 4:
        meta.vote(m["outlet"], 1.5 if m["sep"] == "|" else 1.0)
        return m["title"].strip()
    return line


def _classify_header(units: list[_Unit], meta: _Meta) -> None:
    """Title and stand-alone byline: the non-prose lines before the first real paragraph."""
    title_at: int | None = None
    for i, unit in enumerate(units):
        if unit.kind == "body" and unit.text.rstrip().endswith((".", '"', "”")):
            break
        if i > 12:
            break
        if unit.kind in ("meta", "furniture", "list", "bio"):
            continue
        text = unit.text
        if title_at is None:
            words = len(text.split())
            if "\n" not in text and 3 <= words <= 30 and not text.endswith(".") and not P.is_name(text):
                meta.title = _title_and_outlet(text, meta)
                unit.kind = "title"
                title_at = i
                continue
        elif meta.author is None and P.is_name(text) and i - title_at <= 3:
            meta.author = text
            unit.kind = "meta"


def _read_meta_line(unit: _Unit, meta: _Meta) -> bool:
    """Metadata lines (byline, date line, author markers); True when the unit is one."""
    text = unit.text
    byline = P.parse_byline(text)
    if byline is not None:
        names, outlet = byline
        if names and meta.author is None:
            meta.author = names
        meta.vote(outlet, 3.0)
        return True
    if P.is_date_line(text):
        found = find_date(text)
        if found:
            if P.UPDATED.search(text):
                meta.updated = meta.updated or found[0]
            else:
                meta.date = meta.date or found[0]
        return True
    return False


def parse_scraped_page(text: str, origin: str | None = None) -> Article:
    """An Article from scraped page text: body paragraphs joined by a blank line, plus metadata.

    `origin` (a file path or URL) gives the article id and, for names like
    ``outlet-YYYY-MM-DD-slug.txt``, a fallback outlet and date. Raises InputError for an empty text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(origin or "<text>", "the text is empty")
    units = _units(text)
    meta = _Meta()
    author_marker: str | None = None  # set after "Author NAME" / "About the author"
    seen_body = False
    in_list = False
    after_promo = False
    for unit in units:
        t = unit.text
        if _read_meta_line(unit, meta):
            unit.kind = "meta"
            in_list = False
            continue
        author = P.author_marker(t)
        if author is not None:
            unit.kind = "meta"
            if author and meta.author is None:
                meta.author = author
            author_marker = author or meta.author or ""
            continue
        for credit in P.credits(t):
            meta.vote(credit, 2.0)
        if P.is_list_marker(t):
            unit.kind = "list"
            in_list = True
            continue
        if P.is_furniture_line(t) or P.is_promo(t):
            unit.kind = "furniture"
            after_promo = P.is_promo(t)
            continue
        if after_promo and P.addresses_reader(t):
            unit.kind = "furniture"
            continue
        after_promo = False
        prose = P.is_prose(t)
        if author_marker is not None and prose:
            author_marker = None
            if seen_body or _mentions(t, meta.author):
                unit.kind = "bio"  # the paragraph after "Author NAME" / "About the author"
                continue
        if in_list and (not prose or len(t.split()) < 25):
            unit.kind = "list"
            continue
        in_list = False
        unit.kind = "body" if prose else "short"
        seen_body = seen_body or prose

    _classify_header(units, meta)
    if meta.author:
        bio = re.compile(rf"^{re.escape(meta.author)}\s+(?:is|was|has been|covers|writes|reports)\b")
        for unit in units:
            if unit.kind == "body" and bio.match(unit.text):
                unit.kind = "bio"
    for outlet in P.told_outlets(text):
        meta.vote(outlet, 0.75)

    slug, slug_date = _slug_parts(origin)
    plain = all(u.kind == "body" for u in units)
    body = "\n\n".join(u.text for u in units if u.kind == "body")
    if plain or not body:
        body = text.strip()  # no furniture found (or nothing but furniture): the whole text
    return Article(
        id=PurePath(origin).stem if origin else "text",
        text=body,
        title=meta.title,
        author=meta.author,
        date=meta.date or meta.updated or slug_date,
        outlet=_pick_outlet(meta, slug),
        origin=origin,
    )
