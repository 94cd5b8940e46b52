"""A fetched page → Article: `flashpoint.ingest.parse_html`, the feed's title/date/author as fallbacks,
content hash and language as for any other input."""

from __future__ import annotations

from dataclasses import replace

from flashpoint.feeds.state import FeedItem
from flashpoint.ingest import parse_html
from flashpoint.ingest.readers import finish_article
from flashpoint.records import Article


def page_article(html: str, url: str, item: FeedItem) -> Article:
    """The article of a feed item's page. Raises InputError when the page holds no article text.

    Its id and origin are the item's link (stable across fetches), its url the page's final URL.
    """
    article = parse_html(html, url=url, origin=item.link or url)
    article = replace(
        article,
        id=item.link or url,
        origin=item.link or url,
        title=article.title or item.title,
        date=article.date or item.published,
        author=article.author or item.author,
    )
    out = finish_article(article)
    assert isinstance(out, Article)
    return out

