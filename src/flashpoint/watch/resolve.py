"""Cross-article event resolution: the mentions of one real-world event become one resolved event.

`resolve_events(store)` reads the coded events not yet resolved, matches each to an existing
resolved event or starts a new one (rule: `flashpoint.watch.resolve_match`), and writes the
`resolved_events` and `resolved_mentions` tables (migration 0002). It is idempotent (a re-run with
nothing new writes nothing) and incremental (only new events are matched; the resolved events they
join are rewritten). `evidence(store, resolved_id)` returns the best mentions of one resolved event.
The rule is documented in docs/watch.md, "## Resolution".
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from flashpoint.errors import InputError, StoreError
from flashpoint.watch.resolve_match import (
    DEFAULT_RULE,
    ELIGIBLE_MODALITIES,
    PRECISION_RANK,
    Cluster,
    ClusterIndex,
    Mention,
    Rule,
)
from flashpoint.watch.resolve_signals import LEAD, TAIL, Role, article_role, outlet_key

if TYPE_CHECKING:
    import duckdb

    from flashpoint.store.db import Store

__all__ = ["ResolveStats", "resolve_events", "evidence"]

log = logging.getLogger(__name__)

CLAIMED_WEIGHT = 0.8
"""A mention attributed to a party ('claimed') supports its event at 0.8 of its confidence."""

_EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("resolved_id", "TEXT"), ("plover_type", "TEXT"), ("cameo_code", "TEXT"), ("quad_class", "INTEGER"),
    ("goldstein", "DOUBLE"), ("source_code", "TEXT"), ("source_country", "TEXT"), ("target_code", "TEXT"),
    ("target_country", "TEXT"), ("location_name", "TEXT"), ("location_country", "TEXT"), ("date", "DATE"),
    ("date_precision", "TEXT"), ("first_seen", "TIMESTAMP"), ("last_seen", "TIMESTAMP"),
    ("n_mentions", "INTEGER"), ("n_sources", "INTEGER"), ("n_articles", "INTEGER"), ("fatalities", "INTEGER"),
    ("confidence", "DOUBLE"), ("modality", "TEXT"), ("status", "TEXT"), ("rule", "TEXT"),
)
_MENTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "TEXT"), ("resolved_id", "TEXT"), ("seq", "INTEGER"), ("role", "TEXT"), ("article_id", "TEXT"),
    ("content_hash", "TEXT"), ("outlet", "TEXT"), ("source_key", "TEXT"), ("url", "TEXT"),
    ("sentence_text", "TEXT"), ("date", "DATE"), ("seen", "TIMESTAMP"), ("confidence", "DOUBLE"),
)

# one coded event with what resolution needs of its article; `text` is the lead and tail only
_SELECT = f"""
SELECT e.event_id, e.article_id, e.content_hash, a.outlet, a.url, e.plover_type, e.cameo_code, e.quad_class,
       e.goldstein, e.source_code, e.source_country, e.target_code, e.target_country, e.location_name,
       e.location_country, e.date, e.date_precision, e.modality, e.confidence, e.fatalities, e.sentence_text,
       a.pub_date, e.added_at, a.title,
       CASE WHEN length(a.text) <= {LEAD + TAIL} THEN a.text
            ELSE left(a.text, {LEAD}) || chr(10) || right(a.text, {TAIL}) END AS text
FROM events e LEFT JOIN articles a ON a.content_hash = e.content_hash
"""


@dataclass(frozen=True, slots=True)
class ResolveStats:
    """What one `resolve_events` call did."""

    n_considered: int  # unresolved events read
    n_skipped: int  # not resolvable: modality not asserted/claimed, or date precision 'year'
    n_mentions_added: int  # events assigned to a resolved event (retractions included)
    n_created: int  # new resolved events
    n_updated: int  # existing resolved events that gained (or lost) mentions
    n_retractions: int  # retraction mentions that matched a resolved event
    n_unmatched_retractions: int  # retraction mentions that matched nothing (tried again next time)
    n_pruned: int  # mentions dropped because their event left the store (article re-coded)
    n_resolved: int  # resolved events in the store afterwards
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}  # type: ignore[attr-defined]


def _utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _as_datetime(value: Any, where: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        try:
            return _as_datetime(datetime.fromisoformat(text), where)
        except ValueError:
            try:
                return _as_datetime(date.fromisoformat(text[:10]), where)
            except ValueError:
                log.debug("%s: unreadable date %r ignored", where, value)
                return None
    raise InputError(where, f"expected a date or timestamp, got {value!r}")


def _mention(row: Sequence[Any], roles: dict[str, Role]) -> Mention | None:
    """A Mention from one `_SELECT` row (role given), or None when it cannot be resolved."""
    (event_id, article_id, chash, outlet, url, ptype, cameo, quad, gold, s_code, s_ctry, t_code, t_ctry,
     loc_name, loc_ctry, day, precision, modality, conf, fatalities, sentence, pub_date, added_at,
     title, text) = row
    key = chash or f"id:{article_id}"
    role = roles.get(key)
    if role is None:
        role = roles[key] = article_role(title, text)
    seen = _as_datetime(pub_date, f"article {article_id!r} pub_date") or added_at
    if role != "retraction" and modality not in ELIGIBLE_MODALITIES:
        return None
    if precision == "year":
        return None
    if day is None:
        day, precision = seen.date(), "article"
    if precision not in PRECISION_RANK:
        precision = "article"
    host_or_outlet = outlet_key(outlet, url, article_id)
    return Mention(
        event_id=event_id, article_id=article_id, content_hash=chash,
        outlet=outlet or (None if host_or_outlet.startswith("article:") else host_or_outlet),
        outlet_key=host_or_outlet, url=url, plover_type=ptype, cameo_code=cameo, quad_class=quad,
        goldstein=gold, source_code=s_code, source_country=s_ctry, target_code=t_code, target_country=t_ctry,
        location_name=loc_name, location_country=loc_ctry, date=day, precision=precision,
        modality=modality or "asserted", confidence=float(conf or 0.0), fatalities=fatalities,
        sentence_text=sentence, seen=seen, role=role,
    )


# -- the resolved event row --------------------------------------------------------------------


def _confidence(supporting: Iterable[Mention]) -> float:
    """1 - prod over outlets of (1 - best weighted confidence of that outlet's mentions)."""
    best: dict[str, float] = {}
    for m in supporting:
        c = min(max(m.confidence, 0.0), 1.0) * (CLAIMED_WEIGHT if m.modality == "claimed" else 1.0)
        best[m.outlet_key] = max(best.get(m.outlet_key, 0.0), c)
    return round(1.0 - math.prod(1.0 - c for c in best.values()), 4)


def _status(c: Cluster, supporting: list[Mention]) -> str:
    if any(m.role == "retraction" for m in c.mentions):
        return "retracted"
    first_article = supporting[0].article_key
    if any(m.role == "correction" and m.article_key != first_article for m in supporting):
        return "corrected"
    return "active"


def _event_row(c: Cluster, rule: Rule) -> list[Any] | None:
    supporting = [m for m in c.mentions if m.role != "retraction"]
    if not supporting:
        return None
    ptype = c.plover_type
    of_type = [m for m in supporting if m.plover_type == ptype] or supporting
    codes: dict[str | None, int] = {}
    for m in of_type:
        codes[m.cameo_code] = codes.get(m.cameo_code, 0) + 1
    cameo = max(codes, key=lambda k: codes[k])  # first arrival wins ties (dict order)
    ref = next(m for m in of_type if m.cameo_code == cameo)
    (s_code, s_ctry), (t_code, t_ctry), (loc_name, _) = c.source, c.target, c.location
    day, precision = c.date
    reported = [m for m in supporting if m.fatalities is not None]
    fatalities = max(reported, key=lambda m: m.seen).fatalities if reported else None
    return [
        c.resolved_id, ptype, cameo, ref.quad_class, ref.goldstein, s_code, s_ctry, t_code, t_ctry,
        loc_name, c.location_country, day, precision,
        min(m.seen for m in supporting), max(m.seen for m in supporting),
        len(supporting), len({m.outlet_key for m in supporting}), len({m.article_key for m in supporting}),
        fatalities, _confidence(supporting),
        "asserted" if any(m.modality == "asserted" for m in supporting) else "claimed",
        _status(c, supporting), rule.describe(),
    ]


def _mention_rows(c: Cluster) -> list[list[Any]]:
    return [
        [m.event_id, c.resolved_id, i, m.role, m.article_id, m.content_hash, m.outlet, m.outlet_key, m.url,
         m.sentence_text, m.date, m.seen, m.confidence]
        for i, m in enumerate(c.mentions)
    ]


# -- reading from the store -------------------------------------------------------------------


def _load_clusters(
    con: duckdb.DuckDBPyConnection, where: str, params: list[Any], roles: dict[str, Role]
) -> tuple[list[Cluster], set[str], int]:
    """Existing resolved events selected by `where` (on resolved_events r), rebuilt from their
    mentions in their original order. Returns (clusters, ids of those that lost mentions, number of
    mentions lost: events gone from the store, or re-coded so that they no longer count)."""
    sql = (
        _SELECT.replace(
            "FROM events e",
            "FROM resolved_mentions rm JOIN resolved_events r ON r.resolved_id = rm.resolved_id "
            "LEFT JOIN events e ON e.event_id = rm.event_id",
        ).replace("SELECT e.event_id", "SELECT rm.resolved_id, rm.role, e.event_id IS NULL AS gone, rm.event_id")
        + f" WHERE {where} ORDER BY rm.resolved_id, rm.seq"
    )
    clusters: dict[str, Cluster] = {}
    shrunk: set[str] = set()
    lost = 0
    for rid, role, gone, *rest in con.execute(sql, params).fetchall():
        c = clusters.setdefault(rid, Cluster(rid))
        m = None
        if not gone:
            roles[rest[2] or f"id:{rest[1]}"] = role  # the article's role as first decided
            m = _mention(rest, roles)
        if m is None:
            lost += 1
            shrunk.add(rid)
            continue
        c.add(m)
    return list(clusters.values()), shrunk, lost


def _unresolved(con: duckdb.DuckDBPyConnection, since: datetime | None) -> list[Sequence[Any]]:
    sql = _SELECT + " ANTI JOIN resolved_mentions rm ON rm.event_id = e.event_id"
    params: list[Any] = []
    if since is not None:
        sql += " WHERE e.added_at >= ?"
        params.append(since)
    return con.execute(sql, params).fetchall()


# -- the public API ---------------------------------------------------------------------------


def resolve_events(
    store: Store, *, since: datetime | date | str | None = None, rebuild: bool = False, rule: Rule = DEFAULT_RULE
) -> ResolveStats:
    """Resolve the events not yet resolved (those added at or after `since` when given) into
    `resolved_events` / `resolved_mentions`, in one transaction.

    `rebuild=True` drops every resolved event first and resolves all events from scratch. Mentions
    are matched in order of publication (then event id); retraction mentions last. Raises
    StoreError when the store is read-only or the write fails.
    """
    if store.read_only:
        raise StoreError(f"store {store.path} is open read-only: cannot resolve events")
    started = time.perf_counter()
    since_ts = _as_datetime(since, "resolve_events since") if since is not None else None
    con = store.connection
    con.execute("BEGIN TRANSACTION")
    try:
        stats = _resolve(con, since_ts, rebuild, rule, started)
        con.execute("COMMIT")
    except Exception as exc:
        con.execute("ROLLBACK")
        if isinstance(exc, (StoreError, InputError)):
            raise
        raise StoreError(f"store {store.path}: resolving events failed: {exc}") from exc
    log.info("resolve_events: %s", stats)
    return stats


def _resolve(
    con: duckdb.DuckDBPyConnection, since: datetime | None, rebuild: bool, rule: Rule, started: float
) -> ResolveStats:
    if rebuild:
        con.execute("DELETE FROM resolved_mentions")
        con.execute("DELETE FROM resolved_events")
    roles: dict[str, Role] = {}
    # 1. mentions whose event left the store (its article was re-coded): rebuild those events
    stale_ids = [r[0] for r in con.execute(
        "SELECT DISTINCT rm.resolved_id FROM resolved_mentions rm ANTI JOIN events e USING (event_id)"
    ).fetchall()]
    # 2. the new mentions, in processing order
    rows = _unresolved(con, since)
    new: list[Mention] = []
    for row in rows:
        m = _mention(row, roles)
        if m is not None:
            new.append(m)
    new.sort(key=lambda m: (m.role == "retraction", m.seen, m.event_id))
    # 3. the resolved events they could join (and the stale ones), rebuilt from their mentions
    where, params = "r.resolved_id IN (SELECT unnest(?::TEXT[]))", [stale_ids]
    if new:
        pad = timedelta(days=31 + rule.retraction_window + max(rule.day_window, rule.week_span[1]))
        where = f"({where} OR r.date BETWEEN ? AND ?)"
        params += [min(m.date for m in new) - pad, max(m.date for m in new) + pad]
    clusters, shrunk, n_pruned = _load_clusters(con, where, params, roles) if (new or stale_ids) else ([], set(), 0)
    index = ClusterIndex(rule)
    for c in clusters:
        if c.mentions:
            index.add_cluster(c)
    touched: dict[str, Cluster] = {c.resolved_id: c for c in clusters if c.resolved_id in shrunk}
    n_created = n_added = n_retractions = n_unmatched = 0
    for m in new:
        c, created = index.place(m)
        if c is None:
            n_unmatched += 1
            continue
        n_added += 1
        n_created += created
        n_retractions += m.role == "retraction"
        touched[c.resolved_id] = c
    # 4. rewrite what changed
    drop = sorted(touched)
    if drop:
        con.execute("DELETE FROM resolved_mentions WHERE resolved_id IN (SELECT unnest(?::TEXT[]))", [drop])
        con.execute("DELETE FROM resolved_events WHERE resolved_id IN (SELECT unnest(?::TEXT[]))", [drop])
    from flashpoint.store.write import insert_columns  # noqa: PLC0415

    event_rows, mention_rows = [], []
    for rid in sorted(touched):
        row = _event_row(touched[rid], rule)
        if row is not None:
            event_rows.append(row)
            mention_rows.extend(_mention_rows(touched[rid]))
    insert_columns(con, "resolved_events", _EVENT_COLUMNS, event_rows)
    insert_columns(con, "resolved_mentions", _MENTION_COLUMNS, mention_rows)
    total = con.execute("SELECT count(*) FROM resolved_events").fetchone()
    return ResolveStats(
        n_considered=len(rows), n_skipped=len(rows) - len(new), n_mentions_added=n_added, n_created=n_created,
        n_updated=len(touched) - n_created, n_retractions=n_retractions, n_unmatched_retractions=n_unmatched,
        n_pruned=n_pruned, n_resolved=int(total[0]) if total else 0,
        seconds=round(time.perf_counter() - started, 3),
    )


def evidence(store: Store, resolved_id: str, limit: int = 5) -> list[dict[str, Any]]:
    """The mentions of one resolved event, best first: each outlet's best mention before any
    outlet's second, and within a round by confidence (then publication, event id).

    Each dict: resolved_id, event_id, article_id, sentence, url, outlet, date (ISO), seen (ISO),
    confidence, role. Raises InputError for a negative limit; an unknown id gives [].
    """
    if limit < 0:
        raise InputError("evidence limit", f"must be >= 0, got {limit}")
    rows = store.connection.execute(
        """
        SELECT resolved_id, event_id, article_id, sentence_text, url, outlet, date, seen, confidence, role,
               row_number() OVER (PARTITION BY source_key ORDER BY confidence DESC NULLS LAST, seen, event_id) AS rnk
        FROM resolved_mentions WHERE resolved_id = ?
        ORDER BY rnk, role = 'retraction', confidence DESC NULLS LAST, seen, event_id
        LIMIT ?
        """,
        [resolved_id, limit],
    ).fetchall()
    return [
        {
            "resolved_id": rid, "event_id": eid, "article_id": aid, "sentence": sentence, "url": url,
            "outlet": outlet, "date": day.isoformat() if day else None, "seen": seen.isoformat() if seen else None,
            "confidence": conf, "role": role,
        }
        for rid, eid, aid, sentence, url, outlet, day, seen, conf, role, _ in rows
    ]
