"""The feed tables of the store (migration 0004): feeds polled, their entries, where each page stands.

Every function runs one statement (DuckDB autocommits it), so a kill leaves each row either before
or after a step, never half-way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flashpoint.store.write import insert_columns

if TYPE_CHECKING:
    import duckdb

STATUSES = ("new", "fetched", "coded", "failed", "skipped")


@dataclass(frozen=True, slots=True)
class FeedRow:
    """A feed's polling state."""

    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_status: int | None = None
    n_failures: int = 0
    next_poll: datetime | None = None


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed entry and where its page stands."""

    feed_url: str
    item_key: str
    link: str | None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    status: str = "new"
    attempts: int = 0
    content_hash: str | None = None
    last_error: str | None = None


_ITEM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("feed_url", "TEXT"), ("item_key", "TEXT"), ("link", "TEXT"), ("title", "TEXT"), ("published", "TEXT"),
    ("author", "TEXT"), ("status", "TEXT"), ("attempts", "INTEGER"), ("first_seen", "TIMESTAMP"),
    ("updated_at", "TIMESTAMP"),
)
_ITEM_SELECT = "feed_url, item_key, link, title, published, author, status, attempts, content_hash, last_error"


def ensure_feeds(con: duckdb.DuckDBPyConnection, urls: Sequence[str], now: datetime) -> None:
    """Add rows for feeds not seen before."""
    insert_columns(con, "feeds", (("url", "TEXT"), ("added_at", "TIMESTAMP")),
                   [[u, now] for u in dict.fromkeys(urls)], "ON CONFLICT (url) DO NOTHING")


def get_feeds(con: duckdb.DuckDBPyConnection, urls: Sequence[str]) -> list[FeedRow]:
    """The rows of these feeds, in the order given."""
    rows = con.execute(
        "SELECT url, title, etag, last_modified, last_status, n_failures, next_poll FROM feeds "
        "WHERE url IN (SELECT unnest(?::TEXT[]))",
        [list(urls)],
    ).fetchall()
    by_url = {r[0]: FeedRow(*r) for r in rows}
    return [by_url[u] for u in dict.fromkeys(urls) if u in by_url]


def record_poll(
    con: duckdb.DuckDBPyConnection,
    url: str,
    now: datetime,
    *,
    status: int | None,
    etag: str | None = None,
    last_modified: str | None = None,
    title: str | None = None,
    n_new: int = 0,
) -> None:
    """A poll that worked (200 or 304): keep the validators of a 200, clear the failure count."""
    con.execute(
        """
        UPDATE feeds SET last_polled = ?, last_status = ?, last_error = NULL, n_failures = 0, next_poll = NULL,
            etag = CASE WHEN ? = 200 THEN ? ELSE etag END,
            last_modified = CASE WHEN ? = 200 THEN ? ELSE last_modified END,
            title = coalesce(?, title), n_items = n_items + ?
        WHERE url = ?
        """,
        [now, status, status, etag, status, last_modified, title, n_new, url],
    )


def record_poll_failure(
    con: duckdb.DuckDBPyConnection, url: str, now: datetime, *, status: int | None, error: str, next_poll: datetime
) -> None:
    con.execute(
        "UPDATE feeds SET last_polled = ?, last_status = ?, last_error = ?, n_failures = n_failures + 1, "
        "next_poll = ? WHERE url = ?",
        [now, status, error, next_poll, url],
    )


def add_items(con: duckdb.DuckDBPyConnection, items: Iterable[FeedItem], now: datetime) -> list[FeedItem]:
    """Record entries not seen before (by feed and item key); return those added, in feed order."""
    fresh: dict[tuple[str, str], FeedItem] = {}
    for i in items:
        fresh.setdefault((i.feed_url, i.item_key), i)  # the first occurrence wins
    if not fresh:
        return []
    feeds = sorted({f for f, _ in fresh})
    seen = {
        (r[0], r[1])
        for r in con.execute(
            "SELECT feed_url, item_key FROM feed_items WHERE feed_url IN (SELECT unnest(?::TEXT[]))", [feeds]
        ).fetchall()
    }
    added = [i for k, i in fresh.items() if k not in seen]
    rows = [[i.feed_url, i.item_key, i.link, i.title, i.published, i.author, "new", 0, now, now] for i in added]
    insert_columns(con, "feed_items", _ITEM_COLUMNS, rows, "ON CONFLICT (feed_url, item_key) DO NOTHING")
    return added


def due_items(con: duckdb.DuckDBPyConnection, feed_urls: Sequence[str], now: datetime) -> list[FeedItem]:
    """Items to work on: 'new' and 'fetched' ones, and 'failed' ones whose retry time has come."""
    rows = con.execute(
        f"""
        SELECT {_ITEM_SELECT} FROM feed_items
        WHERE feed_url IN (SELECT unnest(?::TEXT[]))
          AND (status IN ('new', 'fetched') OR (status = 'failed' AND retry_at IS NOT NULL AND retry_at <= ?))
        ORDER BY first_seen, feed_url, item_key
        """,
        [list(feed_urls), now],
    ).fetchall()
    return [FeedItem(*r) for r in rows]


def get_items(con: duckdb.DuckDBPyConnection, feed_url: str | None = None) -> list[FeedItem]:
    """All items (of one feed when given), in a stable order."""
    where, params = ("WHERE feed_url = ?", [feed_url]) if feed_url else ("", [])
    rows = con.execute(f"SELECT {_ITEM_SELECT} FROM feed_items {where} ORDER BY feed_url, item_key", params).fetchall()
    return [FeedItem(*r) for r in rows]


def _update(con: duckdb.DuckDBPyConnection, item: FeedItem, sets: str, params: list[Any]) -> None:
    con.execute(f"UPDATE feed_items SET {sets} WHERE feed_url = ? AND item_key = ?",
                [*params, item.feed_url, item.item_key])


def mark_fetched(con: duckdb.DuckDBPyConnection, item: FeedItem, content_hash: str, now: datetime) -> None:
    """The page was read and parsed: its article's content hash is known, it is not in the store yet."""
    _update(con, item, "status = 'fetched', attempts = attempts + 1, content_hash = ?, last_error = NULL, "
            "retry_at = NULL, updated_at = ?", [content_hash, now])


def mark_coded(
    con: duckdb.DuckDBPyConnection, done: Sequence[tuple[FeedItem, str | None]], now: datetime
) -> None:
    """These items' articles are committed in the store (call only after the store write returned)."""
    if not done:
        return
    con.execute(
        """
        UPDATE feed_items SET status = 'coded', content_hash = coalesce(d.h, feed_items.content_hash),
            last_error = NULL, retry_at = NULL, updated_at = ?
        FROM (SELECT unnest(?::TEXT[]) AS f, unnest(?::TEXT[]) AS k, unnest(?::TEXT[]) AS h) AS d
        WHERE feed_items.feed_url = d.f AND feed_items.item_key = d.k
        """,
        [now, [i.feed_url for i, _ in done], [i.item_key for i, _ in done], [h for _, h in done]],
    )


def mark_failed(
    con: duckdb.DuckDBPyConnection,
    item: FeedItem,
    error: str,
    now: datetime,
    retry_at: datetime | None,
    *,
    attempted: bool = True,
) -> None:
    """The item failed with `error`; it is tried again at `retry_at` (never when None)."""
    _update(con, item, "status = 'failed', attempts = attempts + ?, last_error = ?, retry_at = ?, updated_at = ?",
            [1 if attempted else 0, error, retry_at, now])


def mark_skipped(con: duckdb.DuckDBPyConnection, item: FeedItem, reason: str, now: datetime) -> None:
    """The item will not be fetched or coded (robots.txt, no link, non-English page...)."""
    _update(con, item, "status = 'skipped', last_error = ?, retry_at = NULL, updated_at = ?", [reason, now])


def coded_hash_for_link(con: duckdb.DuckDBPyConnection, link: str) -> str | None:
    """The content hash of an item with this link already coded (from any feed), or None."""
    row = con.execute(
        "SELECT content_hash FROM feed_items WHERE link = ? AND status = 'coded' AND content_hash IS NOT NULL "
        "ORDER BY feed_url, item_key LIMIT 1",
        [link],
    ).fetchone()
    return row[0] if row else None


def status_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Items per status (every status present, zero when none)."""
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in con.execute("SELECT status, count(*) FROM feed_items GROUP BY status").fetchall():
        counts[status] = int(n)
    return counts
