"""Polling one feed: a conditional GET (ETag / Last-Modified), feedparser, entries → FeedItems."""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from flashpoint.feeds.fetch import FEED_MAX_BYTES, FetchError, PoliteFetcher
from flashpoint.feeds.state import FeedItem, FeedRow

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll found: status 200 (with entries) or 304 (not modified, none), and the new validators."""

    url: str
    status: int
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None
    items: tuple[FeedItem, ...] = ()


def conditional_headers(feed: FeedRow) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the feed's last 200 answer."""
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
                         "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


def poll_feed(fetcher: PoliteFetcher, feed: FeedRow, max_bytes: int = FEED_MAX_BYTES) -> PollResult:
    """Fetch and parse `feed`; raises FetchError (reason "not-a-feed" when the body is no RSS/Atom/RDF)."""
    resp = fetcher.get(feed.url, conditional_headers(feed), max_bytes=max_bytes)
    if resp.status == 304:
        return PollResult(feed.url, 304, feed.etag, feed.last_modified, feed.title)
    return parse_feed(feed.url, resp.body, resp.url, resp.status,
                      etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
                      content_type=resp.headers.get("content-type"))


def parse_feed(
    feed_url: str,
    body: bytes,
    base_url: str | None = None,
    status: int = 200,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    content_type: str | None = None,
) -> PollResult:
    """Parse a feed document (never touches the network); entries without a key are dropped."""
    import feedparser

    headers = {"content-location": base_url or feed_url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception") or "no RSS, Atom or RDF document"
        raise FetchError(feed_url, "not-a-feed", str(problem)[:200], retryable=True)
    base = base_url or feed_url
    items = [it for e in parsed.entries if (it := entry_item(feed_url, e, base)) is not None]
    title = _text(parsed.feed.get("title"))
    return PollResult(feed_url, status, etag, last_modified, title, tuple(items))


def entry_item(feed_url: str, entry: Any, base_url: str) -> FeedItem | None:
    """A FeedItem from a feedparser entry: key = guid/id, else link, else a hash of title and date."""
    link = _link(entry.get("link"), base_url)
    title = _text(entry.get("title"))
    # dict.get: FeedParserDict.get("updated_parsed") warns when it falls back to published_parsed
    published = _iso(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed"))
    key = _text(entry.get("id")) or link
    if not key:
        if not title:
            return None
        key = "sha1:" + hashlib.sha1(f"{title}\x1f{published or ''}".encode()).hexdigest()[:20]
    return FeedItem(feed_url, key, link, title, published, _text(entry.get("author")))


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _link(value: Any, base: str) -> str | None:
    link = _text(value)
    if not link:
        return None
    link = urljoin(base, link)
    return link if urlsplit(link).scheme in ("http", "https") else None


def _iso(parsed: Any) -> str | None:
    """feedparser's UTC struct_time → ISO 8601 ("2026-02-17T18:55:33+00:00"); None when absent or impossible."""
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat()
    except (TypeError, ValueError):
        return None
