"""HTML pages → Article: trafilatura for the body and metadata, our own fallbacks for the rest."""

from __future__ import annotations

import json
import logging
import re
from pathlib import PurePath
from typing import Any
from urllib.parse import urlparse

from flashpoint.errors import InputError
from flashpoint.ingest.dates import date_from_url, loose_date
from flashpoint.ingest.patterns import is_name, is_prose, parse_byline
from flashpoint.records import Article

log = logging.getLogger(__name__)

_AUTHOR_METAS = ("dc.creator", "dc:creator", "dcterm:creator", "dcterms.creator", "author", "article:author",
                 "parsely-author", "sailthru.author", "byl")
_DATE_METAS = ("article:published_time", "datepublished", "og:published_time", "dc.date.issued", "dc.date",
               "date", "pubdate", "publishdate", "publish-date", "sailthru.date", "parsely-pub-date",
               "article.published", "published_time", "dcterms.created", "article:modified_time")
_SITE_METAS = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def _jsonld_objects(tree: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            found.append(x)
            for key in ("@graph", "mainEntity", "itemListElement"):
                if key in x:
                    walk(x[key])
        elif isinstance(x, list):
            for item in x:
                walk(item)

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", script.text_content() or "")
        try:
            walk(json.loads(raw or "null", strict=False))
        except ValueError:
            continue
    return found


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def _is_article(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and ("Article" in k or k in ("BlogPosting", "Report")) for k in kinds)


_NOT_AUTHORS = {"username", "admin", "administrator", "user", "staff", "unknown", "anonymous", "guest", "editor",
                "follow author", "authority control", "author", "none", "null"}


def _author_name(value: str | None) -> str | None:
    """A person's name from an author field: not a URL, a handle, a placeholder or a byline prefix."""
    value = _clean(value)
    if not value or value.startswith(("http", "@", "www.")) or len(value) > 100:
        return None
    if value.lower() in _NOT_AUTHORS:
        return None
    byline = parse_byline(value)
    if byline and byline[0]:
        return byline[0]
    return value


class _PageMeta:
    """Metadata candidates read straight from the page markup."""

    def __init__(self, html: str) -> None:
        import lxml.html

        try:
            tree = lxml.html.fromstring(html)
        except (ValueError, lxml.etree.ParserError):
            tree = lxml.html.fromstring("<html></html>")
        self.meta: dict[str, str] = {}
        for el in tree.xpath("//meta[@content]"):
            keys = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower().split()
            for key in keys:
                if key not in self.meta and _clean(el.get("content")):
                    self.meta[key] = _clean(el.get("content")) or ""
        self.jsonld = _jsonld_objects(tree)
        self.articles = [o for o in self.jsonld if _is_article(o)]
        self.rel_author = [_clean(a.text_content()) for a in tree.xpath('//a[@rel="author"]')]
        self.itemprop_author = [
            _clean(el.text_content()) for el in tree.xpath('//*[@itemprop="author"]') if el.tag != "meta"
        ]
        self.byline_texts = [
            _clean(el.text_content())
            for el in tree.xpath(
                '//*[contains(concat(" ", normalize-space(@class), " "), " byline ") or '
                'contains(@class, "byline__") or contains(@class, "author-name") or contains(@class, "byline-name")]'
            )
        ]
        self.time_datetime = [t.get("datetime") for t in tree.xpath("//time[@datetime]")]
        self.title_tag = _clean(" ".join(tree.xpath("//title/text()")))

    def title(self) -> str | None:
        """JSON-LD headline, title metas, then the <title> without its site name."""
        for obj in self.articles:
            if (headline := _clean(obj.get("headline"))) is not None:
                return headline
        for key in ("dc.title", "dc:title", "dcterm:title", "og:title", "twitter:title"):
            if (value := _clean(self.meta.get(key))) is not None:
                return value
        return _strip_site_name(self.title_tag)

    def author(self) -> str | None:
        """From JSON-LD, author metas, then byline elements ("By X")."""
        for obj in self.articles:
            for name in _names(obj.get("author")):
                if (clean := _author_name(name)) is not None:
                    return clean
        for key in _AUTHOR_METAS:
            if (clean := _author_name(self.meta.get(key))) is not None:
                return clean
        names = set()
        for text in self.byline_texts:
            byline = parse_byline(text or "")
            if byline and byline[0]:
                names.add(byline[0])
            elif text and is_name(text):
                names.add(text)
        return names.pop() if len(names) == 1 else None  # several: a list of other stories' bylines

    def author_links(self) -> str | None:
        """rel=author / itemprop=author elements: the last resort."""
        for value in self.itemprop_author + self.rel_author:
            if (clean := _author_name(value)) is not None and len(clean.split()) <= 6:
                return clean
        return None

    def date(self) -> str | None:
        for obj in self.articles:
            if (d := loose_date(_clean(obj.get("datePublished")))) is not None:
                return d
        for key in _DATE_METAS:
            if (d := loose_date(self.meta.get(key))) is not None:
                return d
        for value in self.time_datetime:
            if (d := loose_date(value)) is not None:
                return d
        return None

    def outlet(self) -> str | None:
        for obj in self.articles:
            names = _names(obj.get("publisher"))
            if names and _clean(names[0]):
                return _clean(names[0])
        for key in _SITE_METAS:
            value = _clean(self.meta.get(key))
            if value and not value.startswith("http"):
                return value.lstrip("@")
        return None


MIN_RECALL_WORDS = 20
_TITLE_SEP = re.compile(r"\s+(?:\||-|–|—|·|::|»|/|_)\s+|\s+_|\s*\[[^\]]+\]\s*$")


def _strip_site_name(title: str | None) -> str | None:
    """ "Headline | Outlet" → "Headline": the longest part, when it has three words or more."""
    if not title:
        return None
    parts = [p.strip() for p in _TITLE_SEP.split(title) if p and p.strip()]
    if len(parts) > 1:
        best = max(parts, key=lambda p: len(p.split()))
        if len(best.split()) >= 3:
            return best
    return title


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


def _body(text: str, title: str | None) -> str:
    """Paragraphs one per line from trafilatura → joined by a blank line; a repeated headline is dropped."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if paragraphs and title and paragraphs[0] == title.strip():
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def _trafilatura_body(html: str, url: str | None) -> str:
    """The main text, precision settings first, recall settings when those find nothing.

    What the recall pass finds must be at least `MIN_RECALL_WORDS` long: on a page with no article
    it would otherwise return navigation links; the precision pass needs five words or a sentence.
    """
    import trafilatura

    for settings, min_words in (({"favor_precision": True}, 5), ({"favor_recall": True}, MIN_RECALL_WORDS)):
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=False, include_tables=False, **settings
        )
        text = getattr(doc, "text", None) if doc is not None else None
        if text and (len(text.split()) >= min_words or (min_words < MIN_RECALL_WORDS and is_prose(text))):
            return str(text)
    return ""


def _trafilatura_meta(html: str, url: str | None) -> dict[str, Any]:
    """trafilatura's own metadata reading (title, author, date, sitename); {} when it fails."""
    from trafilatura.metadata import extract_metadata

    try:
        doc = extract_metadata(html, default_url=url, extensive=False,
                               date_config={"extensive_search": False, "original_date": True})
    except Exception:  # a third-party heuristic on arbitrary markup: never fatal here
        log.debug("trafilatura metadata extraction failed", exc_info=True)
        return {}
    return doc.as_dict() if doc is not None else {}


def parse_html(html: str, url: str | None = None, origin: str | None = None) -> Article:
    """An Article from an HTML page: the body trafilatura extracts plus title, author, date and outlet.

    Metadata comes from the page markup first (JSON-LD, meta tags, byline elements), then from
    trafilatura, then from the URL. Raises InputError when the page holds no article text.
    """
    where = origin or url or "<html>"
    page = _PageMeta(html)
    data = _trafilatura_meta(html, url)
    title = page.title() or _clean(data.get("title"))
    body = _body(_trafilatura_body(html, url), title)
    if not body:
        raise InputError(where, "no article text found in the HTML page")
    page_url = url or _clean(data.get("url")) or page.meta.get("og:url")
    author = page.author() or _author_name(data.get("author")) or page.author_links()
    date = page.date() or loose_date(data.get("date")) or (date_from_url(page_url) if page_url else None)
    outlet = page.outlet() or _clean(data.get("sitename")) or _host(page_url)
    return Article(
        id=PurePath(origin).stem if origin else (url or "html"),
        text=body,
        title=title,
        url=page_url,
        outlet=outlet,
        author=author,
        date=date,
        origin=origin or url,
    )
