"""Batched writes of coded articles into the store (one call = one batch, inside a transaction
the caller owns).

Rule (see docs/store.md): an article is identified by its content hash. Writing an article that the
store already holds *coded by the same coder version* changes nothing. Any other write of a coded or
skipped article replaces that article's row, sentences and events (the last write wins). A failure
adds a `failures` row (one per run and article) and, when the article has text, an article row that
is not marked as coded, so the next run retries it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flashpoint.ingest.hashing import content_hash
from flashpoint.records import Article, CodedArticle, Sentence
from flashpoint.store.rows import EVENT_COLUMNS, EVENT_COLUMN_NAMES, event_row

if TYPE_CHECKING:
    import duckdb

ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("content_hash", "TEXT"),
    ("article_id", "TEXT"),
    ("title", "TEXT"),
    ("url", "TEXT"),
    ("outlet", "TEXT"),
    ("author", "TEXT"),
    ("pub_date", "TEXT"),
    ("lang", "TEXT"),
    ("origin", "TEXT"),
    ("text", "TEXT"),
    ("actor_hints", "JSON"),
    ("skipped", "TEXT"),
    ("coder_version", "TEXT"),
    ("run_id", "TEXT"),
    ("n_events", "INTEGER"),
    ("first_seen", "TIMESTAMP"),
    ("last_coded", "TIMESTAMP"),
)

_FAILURE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("run_id", "TEXT"),
    ("article_id", "TEXT"),
    ("content_hash", "TEXT"),
    ("origin", "TEXT"),
    ("stage", "TEXT"),
    ("error", "TEXT"),
    ("message", "TEXT"),
    ('"at"', "TIMESTAMP"),
)

_SENTENCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("content_hash", "TEXT"),
    ("idx", "INTEGER"),
    ('"start"', "INTEGER"),
    ('"end"', "INTEGER"),
    ("text", "TEXT"),
)


@dataclass(slots=True)
class WriteCounts:
    """What a write added: articles coded or skipped, events, skipped articles, failures."""

    n_articles: int = 0
    n_events: int = 0
    n_skipped: int = 0
    n_failed: int = 0

    def add(self, other: WriteCounts) -> None:
        self.n_articles += other.n_articles
        self.n_events += other.n_events
        self.n_skipped += other.n_skipped
        self.n_failed += other.n_failed

    def as_dict(self) -> dict[str, int]:
        return {
            "n_articles": self.n_articles,
            "n_events": self.n_events,
            "n_skipped": self.n_skipped,
            "n_failed": self.n_failed,
        }


def article_hash(article: Article) -> str | None:
    """The article's content hash; computed as ingest does when the caller left it empty; None without text."""
    if article.content_hash:
        return article.content_hash
    if article.text:
        return content_hash(article.text, article.title)
    return None


def insert_columns(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Sequence[Any]],
    suffix: str = "",
) -> None:
    """Insert `rows` into `table` in one statement: each column is bound as one typed list and unnested."""
    if not rows:
        return
    names = ", ".join(name for name, _ in columns)
    selects = ", ".join(f"unnest(?::{typ}[])" for _, typ in columns)
    values = [list(col) for col in zip(*rows, strict=True)]
    con.execute(f"INSERT INTO {table} ({names}) SELECT {selects} {suffix}", values)


def _hints_json(article: Article) -> str | None:
    if article.actors is None:
        return None
    return json.dumps(
        {"source": [list(s) for s in article.actors.source], "target": [list(t) for t in article.actors.target]}
    )


def _article_row(
    a: Article, h: str, coder_version: str | None, run_id: str, n_events: int | None, now: datetime
) -> list[Any]:
    coded_at = now if coder_version is not None else None
    return [
        h, a.id, a.title, a.url, a.outlet, a.author, a.date, a.lang, a.origin, a.text,
        _hints_json(a), a.skipped, coder_version, run_id, n_events, now, coded_at,
    ]


def _sentences(coded: CodedArticle) -> list[Sentence]:
    """The article's sentences, or (when the coder gave none) the evidence sentences of its events."""
    if coded.sentences:
        return list(coded.sentences)
    by_index = {e.sentence.index: e.sentence for e in coded.events}
    return [by_index[i] for i in sorted(by_index)]


def _already_coded(con: duckdb.DuckDBPyConnection, hashes: list[str], coder_version: str) -> set[str]:
    if not hashes:
        return set()
    rows = con.execute(
        "SELECT content_hash FROM articles WHERE coder_version = ? AND content_hash IN (SELECT unnest(?::TEXT[]))",
        [coder_version, hashes],
    ).fetchall()
    return {r[0] for r in rows}


def write_batch(
    con: duckdb.DuckDBPyConnection,
    batch: Iterable[CodedArticle],
    run_id: str,
    coder_version: str,
    now: datetime,
    force: bool = False,
) -> WriteCounts:
    """Write one batch (no transaction handling here). Returns what was added."""
    coded: dict[str, CodedArticle] = {}  # content hash -> coded or skipped article (last one wins)
    failed: list[tuple[CodedArticle, str | None]] = []
    for item in batch:
        h = article_hash(item.article)
        if item.failure is not None:
            failed.append((item, h))
        elif h is not None:
            coded[h] = item
        else:  # neither text nor hash: nothing identifies the article
            failed.append((item, None))
    if not force:
        for h in _already_coded(con, list(coded), coder_version):
            del coded[h]

    counts = WriteCounts()
    article_rows: list[list[Any]] = []
    sentence_rows: list[list[Any]] = []
    events: dict[str, list[Any]] = {}
    for h, item in coded.items():
        a = item.article
        n = 0 if a.skipped else len(item.events)
        article_rows.append(_article_row(a, h, coder_version, run_id, n, now))
        counts.n_articles += 1
        if a.skipped:
            counts.n_skipped += 1
            continue
        sentence_rows.extend([h, s.index, s.start, s.end, s.text] for s in _sentences(item))
        for ev in item.events:
            events[ev.event_id] = [*event_row(ev.to_dict(), h, coder_version, run_id), now]
    counts.n_events = len(events)

    hashes = list(coded)
    event_ids = list(events)
    affected = _actor_codes_of(con, hashes, event_ids)
    if hashes:
        con.execute("DELETE FROM events WHERE content_hash IN (SELECT unnest(?::TEXT[]))", [hashes])
        con.execute("DELETE FROM sentences WHERE content_hash IN (SELECT unnest(?::TEXT[]))", [hashes])
    if event_ids:
        con.execute("DELETE FROM events WHERE event_id IN (SELECT unnest(?::TEXT[]))", [event_ids])
    updates = ", ".join(
        f"{name} = excluded.{name}" for name, _ in ARTICLE_COLUMNS if name not in ("content_hash", "first_seen")
    )
    insert_columns(con, "articles", ARTICLE_COLUMNS, article_rows, f"ON CONFLICT (content_hash) DO UPDATE SET {updates}")
    insert_columns(con, "sentences", _SENTENCE_COLUMNS, sentence_rows)
    insert_columns(con, "events", (*EVENT_COLUMNS, ("added_at", "TIMESTAMP")), list(events.values()))

    _write_failures(con, failed, run_id, now, counts)
    new_codes = {c for row in events.values() for c in _codes_in_row(row)}
    refresh_actors(con, affected | new_codes)
    return counts


_SOURCE_CODE = EVENT_COLUMN_NAMES.index("source_code")
_TARGET_CODE = EVENT_COLUMN_NAMES.index("target_code")


def _codes_in_row(row: list[Any]) -> set[str]:
    return {c for c in (row[_SOURCE_CODE], row[_TARGET_CODE]) if c}


def _actor_codes_of(con: duckdb.DuckDBPyConnection, hashes: list[str], event_ids: list[str]) -> set[str]:
    """Actor codes of the stored events that this batch will replace."""
    if not hashes and not event_ids:
        return set()
    rows = con.execute(
        """
        SELECT source_code, target_code FROM events
        WHERE content_hash IN (SELECT unnest(?::TEXT[])) OR event_id IN (SELECT unnest(?::TEXT[]))
        """,
        [hashes, event_ids],
    ).fetchall()
    return {c for r in rows for c in r if c}


def _write_failures(
    con: duckdb.DuckDBPyConnection,
    failed: list[tuple[CodedArticle, str | None]],
    run_id: str,
    now: datetime,
    counts: WriteCounts,
) -> None:
    rows: dict[str, list[Any]] = {}
    articles: dict[str, list[Any]] = {}
    for item, h in failed:
        a = item.article
        f = item.failure
        stage, error, message = (
            (f.stage, f.error, f.message) if f else ("store", "NoContent", "article has neither text nor content hash")
        )
        rows[a.id] = [run_id, a.id, h, (f.origin if f and f.origin else a.origin), stage, error, message, now]
        if h is not None and a.text:
            articles[h] = _article_row(a, h, None, run_id, None, now)
    counts.n_failed = len(rows)
    if rows:
        con.execute(
            "DELETE FROM failures WHERE run_id = ? AND article_id IN (SELECT unnest(?::TEXT[]))",
            [run_id, list(rows)],
        )
    insert_columns(con, "failures", _FAILURE_COLUMNS, list(rows.values()))
    insert_columns(con, "articles", ARTICLE_COLUMNS, list(articles.values()), "ON CONFLICT (content_hash) DO NOTHING")


def refresh_actors(con: duckdb.DuckDBPyConnection, codes: set[str]) -> None:
    """Recompute the `actors` rows of `codes` from the events table (rows with no events go away).

    Name, country and sector are the most frequent (name, country, sector) combination, ties broken
    alphabetically; first_seen/last_seen are the earliest and latest event dates.
    """
    if not codes:
        return
    code_list = sorted(codes)
    con.execute("DELETE FROM actors WHERE code IN (SELECT unnest(?::TEXT[]))", [code_list])
    con.execute(
        """
        INSERT INTO actors (code, name, country, sector, first_seen, last_seen, n_events)
        WITH wanted AS (SELECT unnest(?::TEXT[]) AS code),
        m AS (
            SELECT source_code AS code, source_name AS name, source_country AS country,
                   source_sector AS sector, date, event_id
            FROM events WHERE source_code IN (SELECT code FROM wanted)
            UNION ALL
            SELECT target_code, target_name, target_country, target_sector, date, event_id
            FROM events WHERE target_code IN (SELECT code FROM wanted)
        ),
        combos AS (
            SELECT code, name, country, sector, count(*) AS n FROM m GROUP BY code, name, country, sector
        ),
        best AS (
            SELECT code,
                   first(name ORDER BY n DESC, name NULLS LAST, country NULLS LAST, sector NULLS LAST) AS name,
                   first(country ORDER BY n DESC, name NULLS LAST, country NULLS LAST, sector NULLS LAST) AS country,
                   first(sector ORDER BY n DESC, name NULLS LAST, country NULLS LAST, sector NULLS LAST) AS sector
            FROM combos GROUP BY code
        ),
        agg AS (
            SELECT code, min(date) AS first_seen, max(date) AS last_seen, count(DISTINCT event_id) AS n_events
            FROM m GROUP BY code
        )
        SELECT agg.code, best.name, best.country, best.sector, agg.first_seen, agg.last_seen, agg.n_events
        FROM agg JOIN best USING (code)
        """,
        [code_list],
    )
