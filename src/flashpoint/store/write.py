"""Batched writes of coded articles into the store (one call = one batch, inside a transaction
the caller owns).

Rule (see docs/store.md): an article is identified by its content hash. Writing an article that the
store already holds *coded by the same coder version* changes nothing. Any other write of a coded or
skipped article replaces that article's row, sentences and events (the last write wins). A failure
adds a `failures` row (one per run and article) and, when the article has text, an article row that
is not marked as coded, so the next run retries it.

Memory (issue 4): articles, sentences and events have no DuckDB key index (migration 0005), so this
module keeps their keys unique itself: an article row is replaced (delete, then insert keeping
`first_seen`), never inserted twice; an article's sentences and events, and every event id being
written, are deleted before the new ones go in; one batch holds each content hash and each event id
once. Rows of `articles` are only ever replaced, so a hash without a row has no sentences or events:
a batch of new articles looks up three columns of `articles` and the `event_id` column of `events`,
and its delete statements do not run (the actors refresh still reads the events of every actor code
the batch touches).
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


STORED_EVENT_COLUMNS: tuple[tuple[str, str], ...] = (*EVENT_COLUMNS, ("added_at", "TIMESTAMP"))


def insert_events(con: duckdb.DuckDBPyConnection, rows: Sequence[Sequence[Any]]) -> None:
    """Insert event rows (the values of `STORED_EVENT_COLUMNS`: `event_row(...)`, then added_at).

    Columns the store's `events` table does not have are left out. A store opened by `Store.open` is
    always at the latest schema, so this only happens to one opened with an older `migrations_dir`
    (tests building a store "as an older version wrote it"): it gets the columns that version's writer
    filled; the later flat columns are derived from `record`, and their migration fills them in.
    """
    if not rows:
        return
    have = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = current_schema() AND table_name = 'events'"
        ).fetchall()
    }
    keep = [i for i, (name, _) in enumerate(STORED_EVENT_COLUMNS) if name in have]
    if len(keep) == len(STORED_EVENT_COLUMNS):
        insert_columns(con, "events", STORED_EVENT_COLUMNS, rows)
        return
    insert_columns(
        con, "events", [STORED_EVENT_COLUMNS[i] for i in keep], [[row[i] for i in keep] for row in rows]
    )


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


def _stored_articles(con: duckdb.DuckDBPyConnection, hashes: list[str]) -> dict[str, tuple[str | None, datetime]]:
    """content hash -> (coder_version, first_seen) of the stored article rows among `hashes`."""
    if not hashes:
        return {}
    rows = con.execute(
        "SELECT content_hash, coder_version, first_seen FROM articles WHERE content_hash IN (SELECT unnest(?::TEXT[]))",
        [hashes],
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


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
    stored = _stored_articles(con, list({*coded, *(h for _, h in failed if h is not None)}))
    if not force:
        for h in [h for h in coded if h in stored and stored[h][0] == coder_version]:
            del coded[h]

    counts = WriteCounts()
    article_rows: list[list[Any]] = []
    sentence_rows: list[list[Any]] = []
    events: dict[str, list[Any]] = {}
    for h, item in coded.items():
        a = item.article
        n = 0 if a.skipped else len(item.events)
        row = _article_row(a, h, coder_version, run_id, n, now)
        if h in stored:
            row[_FIRST_SEEN] = stored[h][1]
        article_rows.append(row)
        counts.n_articles += 1
        if a.skipped:
            counts.n_skipped += 1
            continue
        sentence_rows.extend(_sentence_rows(h, item))
        for ev in item.events:
            events[ev.event_id] = [*event_row(ev.to_dict(), h, coder_version, run_id), now]
    counts.n_events = len(events)

    # only an article that has a row can have sentences and events
    replaced = [h for h in coded if h in stored]
    old_ids, affected = _events_replaced(con, replaced, list(events))
    if old_ids:
        con.execute("DELETE FROM events WHERE event_id IN (SELECT unnest(?::TEXT[]))", [old_ids])
    if replaced:
        con.execute("DELETE FROM sentences WHERE content_hash IN (SELECT unnest(?::TEXT[]))", [replaced])
        con.execute("DELETE FROM articles WHERE content_hash IN (SELECT unnest(?::TEXT[]))", [replaced])
    insert_columns(con, "articles", ARTICLE_COLUMNS, article_rows)
    insert_columns(con, "sentences", _SENTENCE_COLUMNS, sentence_rows)
    insert_events(con, list(events.values()))

    _write_failures(con, failed, run_id, now, counts, taken=stored.keys() | coded.keys())
    new_codes = {c for row in events.values() for c in _codes_in_row(row)}
    refresh_actors(con, affected | new_codes)
    return counts


_FIRST_SEEN = [name for name, _ in ARTICLE_COLUMNS].index("first_seen")


def _sentence_rows(h: str, item: CodedArticle) -> list[list[Any]]:
    """One row per sentence index (the last sentence given for an index wins)."""
    by_index = {s.index: [h, s.index, s.start, s.end, s.text] for s in _sentences(item)}
    return list(by_index.values())


_SOURCE_CODE = EVENT_COLUMN_NAMES.index("source_code")
_TARGET_CODE = EVENT_COLUMN_NAMES.index("target_code")


def _codes_in_row(row: list[Any]) -> set[str]:
    return {c for c in (row[_SOURCE_CODE], row[_TARGET_CODE]) if c}


def _events_replaced(
    con: duckdb.DuckDBPyConnection, hashes: list[str], event_ids: list[str]
) -> tuple[list[str], set[str]]:
    """The stored events this batch replaces (those of `hashes`, and any with one of `event_ids`):
    their ids, and the actor codes they name."""
    where: list[str] = []
    params: list[list[str]] = []
    for column, values in (("content_hash", hashes), ("event_id", event_ids)):
        if values:  # a new article's hash has no events: its column is not read
            where.append(f"{column} IN (SELECT unnest(?::TEXT[]))")
            params.append(values)
    if not where:
        return [], set()
    rows = con.execute(f"SELECT event_id, source_code, target_code FROM events WHERE {' OR '.join(where)}", params).fetchall()
    return sorted({r[0] for r in rows}), {c for r in rows for c in r[1:] if c}


def _write_failures(
    con: duckdb.DuckDBPyConnection,
    failed: list[tuple[CodedArticle, str | None]],
    run_id: str,
    now: datetime,
    counts: WriteCounts,
    taken: Iterable[str],
) -> None:
    """Failure rows, and an article row (not coded) for each failed article with text whose hash has
    no row yet (`taken`: the hashes stored or written in this batch)."""
    taken = set(taken)
    rows: dict[str, list[Any]] = {}
    articles: dict[str, list[Any]] = {}
    for item, h in failed:
        a = item.article
        f = item.failure
        stage, error, message = (
            (f.stage, f.error, f.message) if f else ("store", "NoContent", "article has neither text nor content hash")
        )
        rows[a.id] = [run_id, a.id, h, (f.origin if f and f.origin else a.origin), stage, error, message, now]
        if h is not None and a.text and h not in taken:
            articles[h] = _article_row(a, h, None, run_id, None, now)
    counts.n_failed = len(rows)
    if rows:
        con.execute(
            "DELETE FROM failures WHERE run_id = ? AND article_id IN (SELECT unnest(?::TEXT[]))",
            [run_id, list(rows)],
        )
    insert_columns(con, "failures", _FAILURE_COLUMNS, list(rows.values()))
    insert_columns(con, "articles", ARTICLE_COLUMNS, list(articles.values()))


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
