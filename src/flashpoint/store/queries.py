"""The one query API over the store: the CLI, the HTTP API and the web pages all call these."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flashpoint.errors import InputError

if TYPE_CHECKING:
    from flashpoint.store.db import Store

TOP_DYADS = 10


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to return. Every field left None matches everything.

    start/end: inclusive ISO dates (YYYY-MM-DD) on the event date. actor: a source or target whose
    code starts with it or whose name contains it (case-insensitive). country: source or target
    country (ISO3). plover_type: one type or a list. dyad: (source code prefix, target code prefix),
    directed. modality: exact. min_confidence: confidence >= it. limit: at most this many events.
    penta_class: the evidence sentence's ConfliBERT class, one or a list, each 0-4 or its name
    ("material conflict"; case, "_" and "-" ignored). category: its CASE 2021 category code, one or a
    list (case-insensitive, e.g. "ARMED_CLASH"). Events without a sentence class match neither.
    """

    start: str | None = None
    end: str | None = None
    actor: str | None = None
    country: str | None = None
    plover_type: str | list[str] | tuple[str, ...] | None = None
    dyad: tuple[str, str] | None = None
    modality: str | None = None
    min_confidence: float | None = None
    limit: int | None = None
    penta_class: int | str | list[int | str] | tuple[int | str, ...] | None = None
    category: str | list[str] | tuple[str, ...] | None = None


def _iso_day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"event filter {field}", f"expected an ISO date YYYY-MM-DD, got {value!r}") from None


def _values(value: Any) -> list[Any]:
    """A filter given as one value or a list, as a list (None: [])."""
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _penta(values: list[Any]) -> tuple[list[int], list[str]]:
    """Penta classes given as numbers (0-4, or their digits) and as names ("material conflict")."""
    numbers: list[int] = []
    names: list[str] = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, str)):
            raise InputError("event filter penta_class", f"expected a class 0-4 or its name, got {v!r}")
        if isinstance(v, int) or v.strip().isdigit():
            numbers.append(int(v))
        else:
            names.append(" ".join(v.replace("_", " ").replace("-", " ").lower().split()))
    return numbers, names


def where_clause(flt: EventFilter | None, alias: str = "e") -> tuple[str, list[Any]]:
    """SQL condition (on the events table under `alias`) and its parameters for `flt`."""
    if flt is None:
        return "TRUE", []
    p = f"{alias}."
    conds: list[str] = []
    params: list[Any] = []
    if flt.start:
        conds.append(f"{p}date >= ?")
        params.append(_iso_day(flt.start, "start"))
    if flt.end:
        conds.append(f"{p}date <= ?")
        params.append(_iso_day(flt.end, "end"))
    if flt.actor:
        conds.append(
            f"(starts_with(upper({p}source_code), upper(?)) OR contains(lower({p}source_name), lower(?))"
            f" OR starts_with(upper({p}target_code), upper(?)) OR contains(lower({p}target_name), lower(?)))"
        )
        params.extend([flt.actor] * 4)
    if flt.country:
        conds.append(f"(upper({p}source_country) = upper(?) OR upper({p}target_country) = upper(?))")
        params.extend([flt.country] * 2)
    if flt.plover_type:
        types = [flt.plover_type] if isinstance(flt.plover_type, str) else list(flt.plover_type)
        conds.append(f"{p}plover_type IN (SELECT upper(unnest(?::TEXT[])))")
        params.append(types)
    if flt.dyad:
        if len(flt.dyad) != 2:
            raise InputError("event filter dyad", f"expected (source, target), got {flt.dyad!r}")
        conds.append(f"starts_with(upper({p}source_code), upper(?)) AND starts_with(upper({p}target_code), upper(?))")
        params.extend(flt.dyad)
    if flt.modality:
        conds.append(f"{p}modality = lower(?)")
        params.append(flt.modality)
    if flt.min_confidence is not None:
        conds.append(f"{p}confidence >= ?")
        params.append(float(flt.min_confidence))
    if penta := _values(flt.penta_class):
        numbers, names = _penta(penta)
        conds.append(
            f"({p}penta_class IN (SELECT unnest(?::INTEGER[])) OR lower({p}penta_name) IN (SELECT unnest(?::TEXT[])))"
        )
        params.extend([numbers, names])
    if flt.category:
        conds.append(f"upper({p}category) IN (SELECT upper(trim(unnest(?::TEXT[]))))")
        params.append([str(c) for c in _values(flt.category)])
    return (" AND ".join(conds) or "TRUE"), params


def select_events(store: Store, flt: EventFilter | None, columns: str) -> tuple[str, list[Any]]:
    """A SELECT of `columns` from events `e` (left-joined with articles `a`) matching `flt`, in order."""
    cond, params = where_clause(flt)
    sql = (
        f"SELECT {columns} FROM events e LEFT JOIN articles a ON a.content_hash = e.content_hash "
        f"WHERE {cond} ORDER BY e.date NULLS LAST, e.event_id"
    )
    if flt is not None and flt.limit is not None:
        if flt.limit < 0:
            raise InputError("event filter limit", f"must be >= 0, got {flt.limit}")
        sql += " LIMIT ?"
        params.append(int(flt.limit))
    return sql, params


def query_events(store: Store, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    """Contract records of the matching events, ordered by date (undated last) then event_id."""
    sql, params = select_events(store, flt, "e.record")
    return [json.loads(r[0]) for r in store.connection.execute(sql, params).fetchall()]


def count_events(store: Store, flt: EventFilter | None = None) -> int:
    """How many events match (ignores `limit`)."""
    cond, params = where_clause(flt)
    row = store.connection.execute(f"SELECT count(*) FROM events e WHERE {cond}", params).fetchone()
    return int(row[0]) if row else 0


def summary(store: Store) -> dict[str, Any]:
    """What the store holds: counts, events by PLOVER type, top dyads, date range, path, schema version."""
    con = store.connection
    row = con.execute(
        """
        SELECT (SELECT count(*) FROM articles),
               (SELECT count(*) FROM events),
               (SELECT count(*) FROM articles WHERE skipped IS NOT NULL),
               (SELECT count(*) FROM failures),
               (SELECT count(*) FROM runs),
               (SELECT min(date) FROM events),
               (SELECT max(date) FROM events)
        """
    ).fetchone()
    assert row is not None
    by_type = dict(
        con.execute(
            "SELECT plover_type, count(*) FROM events GROUP BY plover_type ORDER BY count(*) DESC, plover_type"
        ).fetchall()
    )
    dyads = con.execute(
        """
        SELECT source_code, target_code, count(*) AS n FROM events
        WHERE source_code IS NOT NULL AND target_code IS NOT NULL
        GROUP BY source_code, target_code ORDER BY n DESC, source_code, target_code LIMIT ?
        """,
        [TOP_DYADS],
    ).fetchall()
    return {
        "path": str(store.path),
        "schema_version": store.schema_version(),
        "n_articles": int(row[0]),
        "n_events": int(row[1]),
        "n_skipped": int(row[2]),
        "n_failures": int(row[3]),
        "n_runs": int(row[4]),
        "date_range": {
            "start": row[5].isoformat() if row[5] else None,
            "end": row[6].isoformat() if row[6] else None,
        },
        "by_plover_type": {str(k): int(v) for k, v in by_type.items()},
        "top_dyads": [{"source": s, "target": t, "n_events": int(n)} for s, t, n in dyads],
    }


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def list_failures(store: Store, run_id: str | None = None) -> list[dict[str, Any]]:
    """Failures (all, or of one run), oldest first: run_id, article_id, content_hash, origin, stage, error, message, at."""
    sql = 'SELECT run_id, article_id, content_hash, origin, stage, error, message, "at" FROM failures'
    params: list[Any] = []
    if run_id is not None:
        sql += " WHERE run_id = ?"
        params.append(run_id)
    sql += ' ORDER BY "at", run_id, article_id'
    return _dicts(store.connection.execute(sql, params))


def list_runs(store: Store) -> list[dict[str, Any]]:
    """Runs, oldest first, with their configuration parsed from JSON."""
    cur = store.connection.execute(
        """
        SELECT run_id, started_at, finished_at, coder_name, coder_version, config,
               n_articles, n_events, n_failed, n_skipped
        FROM runs ORDER BY started_at, run_id
        """
    )
    runs = _dicts(cur)
    for r in runs:
        r["config"] = json.loads(r["config"]) if r["config"] else None
    return runs
