"""Dyad series: per-period aggregates of the events between two parties, computed in DuckDB SQL.

Source table: `resolved_events` when it exists and has rows (each row one real-world event, with its
distinct sources in `resolved_mentions.source_key`), else `events` (each coded event its own resolution; only
asserted and claimed events count). Events without a date, or without both parties at the chosen
level, are left out. Definitions are in docs/watch.md, "Series and detectors".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from flashpoint.errors import InputError
from flashpoint.records import PLOVER_TYPES

if TYPE_CHECKING:
    from flashpoint.store.db import Store

FREQS = ("day", "week")
LEVELS = ("country", "actor")

#: Escalation ladder: ACCUSE < THREATEN < SANCTION = MOBILIZE < COERCE < ASSAULT (0: none of these).
LADDER: dict[str, int] = {"ACCUSE": 1, "THREATEN": 2, "SANCTION": 3, "MOBILIZE": 3, "COERCE": 4, "ASSAULT": 5}
# rung * 10 + tie-break (MOBILIZE above SANCTION on rung 3): the largest key names the period's top type.
_RUNG_KEY: dict[str, int] = {"ACCUSE": 10, "THREATEN": 20, "SANCTION": 30, "MOBILIZE": 31, "COERCE": 40, "ASSAULT": 50}
_KEY_TYPE: dict[int, str] = {v: k for k, v in _RUNG_KEY.items()}
_RUNG_SQL = "CASE plover_type " + " ".join(f"WHEN '{t}' THEN {k}" for t, k in _RUNG_KEY.items()) + " ELSE 0 END"

_MODALITIES = ("asserted", "claimed")


def _table_has_rows(store: Store, table: str) -> bool:
    con = store.connection
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'", [table]
    ).fetchone()
    if not exists or not exists[0]:
        return False
    row = con.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()
    return bool(row and row[0])


def series_source(store: Store) -> str:
    """'resolved_events' when resolution has run on this store (the table has rows), else 'events'."""
    return "resolved_events" if _table_has_rows(store, "resolved_events") else "events"


def _base_sql(store: Store) -> tuple[str, str]:
    """(SELECT of the unified event rows, SQL aggregate counting the distinct sources of a group).

    Columns: date, plover_type, quad_class, goldstein, source_code, source_country, target_code,
    target_country, fatalities, w (the event's distinct sources), and outlet (events) or outlets
    (resolved events: the list of its distinct outlets).
    """
    cols = ("date, plover_type, quad_class, goldstein, source_code, source_country, target_code, target_country, "
            "coalesce(fatalities, 0) AS fatalities")
    if series_source(store) == "resolved_events":
        if _table_has_rows(store, "resolved_mentions"):
            has_key = store.connection.execute(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'resolved_mentions' "
                "AND column_name = 'source_key'"
            ).fetchone()
            key = "coalesce(source_key, outlet, article_id)" if has_key and has_key[0] else "coalesce(outlet, article_id)"
            outlets = (f"LEFT JOIN (SELECT resolved_id, list(DISTINCT {key}) AS outlets "
                       "FROM resolved_mentions GROUP BY resolved_id) m USING (resolved_id)")
            sources = "len(list_distinct(flatten(list(outlets))))"
        else:
            outlets = ""
            sources = "max(w)"
        sel = (f"SELECT {cols}, greatest(coalesce(n_sources, 1), 1) AS w{', outlets' if outlets else ''} "
               f"FROM resolved_events r {outlets} "
               "WHERE date IS NOT NULL AND coalesce(status, 'active') <> 'retracted'")
        return sel, sources
    mods = ", ".join(f"'{m}'" for m in _MODALITIES)
    sel = (f"SELECT {cols}, 1 AS w, coalesce(a.outlet, e.article_id) AS outlet "
           "FROM events e LEFT JOIN articles a ON a.content_hash = e.content_hash "
           f"WHERE e.date IS NOT NULL AND (e.modality IS NULL OR e.modality IN ({mods}))")
    return sel, "count(DISTINCT outlet)"


def _check(freq: str, level: str) -> None:
    if freq not in FREQS:
        raise InputError("dyad series", f"freq must be one of {FREQS}, got {freq!r}")
    if level not in LEVELS:
        raise InputError("dyad series", f"level must be one of {LEVELS}, got {level!r}")


def _day(value: str | date | None, what: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"dyad series {what}", f"expected an ISO date YYYY-MM-DD, got {value!r}") from None


def _trunc(d: date, freq: str) -> date:
    return d - timedelta(days=d.weekday()) if freq == "week" else d


def _cols(level: str) -> tuple[str, str]:
    return ("source_country", "target_country") if level == "country" else ("source_code", "target_code")


_TYPES = tuple(sorted(PLOVER_TYPES))  # by_type keys come out in this (alphabetical) order
_TYPE_COLS = ", ".join(f"count(*) FILTER (WHERE plover_type = '{t}') AS t_{t}" for t in _TYPES)
_QUAD_COLS = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS q_{q}" for q in (1, 2, 3, 4))
# numeric aggregates only: a MAP column per group costs far more to fetch than twenty integers
_AGGS = f"""
    count(*) AS n_events,
    sum(w) AS n_weighted,
    {{sources}} AS n_sources,
    count(*) FILTER (WHERE quad_class IN (3, 4)) AS n_conflict,
    coalesce(sum(goldstein), 0) AS goldstein_sum,
    avg(goldstein) AS goldstein_mean,
    max({_RUNG_SQL}) AS rung_key,
    sum(fatalities) AS fatalities,
    {_TYPE_COLS},
    {_QUAD_COLS}
"""
_N_FIXED = 8


def _fetch(store: Store, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Rows of a grouped series query, column-wise through numpy (fast for hundreds of thousands of groups)."""
    import numpy as np

    cols = store.connection.execute(sql, params).fetchnumpy()
    lists = []
    for arr in cols.values():
        if np.issubdtype(arr.dtype, np.datetime64):
            arr = arr.astype("datetime64[D]")
        lists.append(arr.tolist())  # masked (NULL) values become None
    return list(zip(*lists, strict=True))


def _empty(period: date, total: int) -> dict[str, Any]:
    return {
        "period": period.isoformat(), "n_events": 0, "n_weighted": 0, "n_sources": 0, "n_conflict": 0,
        "by_type": {}, "by_quad": {}, "goldstein_sum": 0.0, "goldstein_mean": None, "conflict_share": None,
        "max_rung": 0, "max_rung_type": None, "fatalities": 0, "volume_share": 0.0, "total_events": total,
    }


def _row(period: date, values: tuple[Any, ...] | None, total: int) -> dict[str, Any]:
    """One period of a series from the `_AGGS` values; `values` None for a period without events of the dyad."""
    if values is None:
        return _empty(period, total)
    n, n_weighted, n_sources, n_conflict, g_sum, g_mean, key, fatalities = values[:_N_FIXED]
    n, key = int(n), int(key or 0)
    types = values[_N_FIXED : _N_FIXED + len(_TYPES)]
    quads = values[_N_FIXED + len(_TYPES) :]
    g_mean = None if g_mean is None or g_mean != g_mean else float(g_mean)  # NaN from numpy: no Goldstein
    return {
        "period": period.isoformat(),
        "n_events": n,
        "n_weighted": int(n_weighted),
        "n_sources": int(n_sources),
        "n_conflict": int(n_conflict),
        "by_type": {t: c for t, c in zip(_TYPES, types) if c},
        "by_quad": {q: c for q, c in zip((1, 2, 3, 4), quads) if c},
        "goldstein_sum": float(g_sum),
        "goldstein_mean": g_mean,
        "conflict_share": int(n_conflict) / n if n else None,
        "max_rung": key // 10,
        "max_rung_type": _KEY_TYPE.get(key),
        "fatalities": int(fatalities or 0),
        "volume_share": n / total if total else 0.0,
        "total_events": total,
    }


def _periods(first: date, last: date, freq: str) -> list[date]:
    step = timedelta(days=7 if freq == "week" else 1)
    out = []
    d = first
    while d <= last:
        out.append(d)
        d += step
    return out


def _totals(store: Store, base: str, freq: str, start: date | None, end: date | None) -> dict[date, int]:
    rows = store.connection.execute(
        f"SELECT date_trunc('{freq}', date)::DATE AS p, count(*) FROM ({base}) b "
        "WHERE ($s IS NULL OR date >= $s) AND ($e IS NULL OR date <= $e) GROUP BY p",
        {"s": start, "e": end},
    ).fetchall()
    return {p: int(n) for p, n in rows}


def dyad_series(
    store: Store,
    source: str,
    target: str,
    *,
    freq: str = "day",
    directed: bool = True,
    level: str = "country",
    start: str | date | None = None,
    end: str | date | None = None,
) -> list[dict[str, Any]]:
    """The per-period series of one dyad, oldest first, empty periods included (zero counts).

    level='country': `source`/`target` are ISO3 countries matched exactly against source_country /
    target_country; level='actor': actor-code prefixes ("USAGOV" matches "USAGOVDIP").
    directed=False counts both directions. Periods run from `start` (or the dyad's first event) to
    `end` (or the last event in the store); weeks start on Monday. Keys of each period: period (ISO
    date of its first day), n_events, n_weighted (sum of distinct sources per event), n_sources
    (distinct outlets), n_conflict (quad 3 and 4), by_type, by_quad, goldstein_sum, goldstein_mean
    (None without events), conflict_share (n_conflict / n_events, None without events), max_rung,
    max_rung_type, fatalities, volume_share (n_events / total_events), total_events (all events in
    the period).
    """
    _check(freq, level)
    s_day, e_day = _day(start, "start"), _day(end, "end")
    base, sources = _base_sql(store)
    sc, tc = _cols(level)
    a, b = source.upper(), target.upper()
    if level == "country":
        fwd = f"upper({sc}) = $a AND upper({tc}) = $b"
        rev = f"upper({sc}) = $b AND upper({tc}) = $a"
    else:
        fwd = f"starts_with(upper({sc}), $a) AND starts_with(upper({tc}), $b)"
        rev = f"starts_with(upper({sc}), $b) AND starts_with(upper({tc}), $a)"
    match = fwd if directed or a == b else f"(({fwd}) OR ({rev}))"
    sql = (
        f"SELECT date_trunc('{freq}', date)::DATE AS p, {_AGGS.format(sources=sources)} FROM ({base}) b "
        f"WHERE {match} AND ($s IS NULL OR date >= $s) AND ($e IS NULL OR date <= $e) GROUP BY p ORDER BY p"
    )
    rows = _fetch(store, sql, {"a": a, "b": b, "s": s_day, "e": e_day})
    totals = _totals(store, base, freq, s_day, e_day)
    by_period = {r[0]: r[1:] for r in rows}
    if not by_period and s_day is None:
        return []
    first = _trunc(s_day, freq) if s_day else min(by_period)
    if e_day:
        last = _trunc(e_day, freq)
    else:
        ends = [d for d in (max(totals, default=None), max(by_period, default=None)) if d is not None]
        last = max(ends) if ends else first
    return [_row(p, by_period.get(p), totals.get(p, 0)) for p in _periods(first, last, freq)]


def all_dyad_series(
    store: Store,
    *,
    freq: str = "day",
    directed: bool = True,
    level: str = "country",
    start: str | date | None = None,
    end: str | date | None = None,
    min_events: int = 1,
    dyads: list[tuple[str, str]] | None = None,
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The series of every dyad with at least `min_events` events, in one query (keys in sorted order).

    The dyad is the pair of exact countries (level='country') or exact actor codes (level='actor');
    undirected dyads are keyed (least, greatest). Self-dyads (domestic events) are included. `dyads`
    restricts the result to those keys. Each series runs from the dyad's first period (or `start`)
    to the last period with any event in the store (or `end`), like `dyad_series`.
    """
    _check(freq, level)
    s_day, e_day = _day(start, "start"), _day(end, "end")
    base, sources = _base_sql(store)
    sc, tc = _cols(level)
    s_expr, t_expr = (f"upper({sc})", f"upper({tc})")
    if not directed:
        s_expr, t_expr = f"least({s_expr}, {t_expr})", f"greatest({s_expr}, {t_expr})"
    wanted = ""
    params: dict[str, Any] = {"s": s_day, "e": e_day, "m": int(min_events)}
    if dyads is not None:
        keys = [(x.upper(), y.upper()) if directed else tuple(sorted((x.upper(), y.upper()))) for x, y in dyads]
        wanted = "AND (ds || chr(31) || dt) IN (SELECT unnest($w::TEXT[]))"
        params["w"] = [f"{x}\x1f{y}" for x, y in keys]
    sql = f"""
        WITH b AS (
            SELECT {s_expr} AS ds, {t_expr} AS dt, * FROM ({base}) x
            WHERE {sc} IS NOT NULL AND {tc} IS NOT NULL
              AND ($s IS NULL OR date >= $s) AND ($e IS NULL OR date <= $e)
        ),
        keep AS (SELECT ds, dt FROM b WHERE TRUE {wanted} GROUP BY ds, dt HAVING count(*) >= $m)
        SELECT ds, dt, date_trunc('{freq}', date)::DATE AS p, {_AGGS.format(sources=sources)}
        FROM b SEMI JOIN keep USING (ds, dt)
        GROUP BY ds, dt, p ORDER BY ds, dt, p
    """
    rows = _fetch(store, sql, params)
    totals = _totals(store, base, freq, s_day, e_day)
    if not rows:
        return {}
    last_event = max(totals) if totals else max(r[2] for r in rows)
    last = _trunc(e_day, freq) if e_day else last_event
    grouped: dict[tuple[str, str], dict[date, tuple[Any, ...]]] = {}
    for r in rows:
        grouped.setdefault((r[0], r[1]), {})[r[2]] = r[3:]
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for key in sorted(grouped):
        periods = grouped[key]
        first = _trunc(s_day, freq) if s_day else min(periods)
        out[key] = [_row(p, periods.get(p), totals.get(p, 0)) for p in _periods(first, last, freq)]
    return out


def top_dyads(
    store: Store,
    n: int = 20,
    *,
    freq: str | None = None,
    directed: bool = True,
    level: str = "country",
    start: str | date | None = None,
    end: str | date | None = None,
) -> list[dict[str, Any]]:
    """The `n` dyads with the most events (ties by name), as dicts: source, target, n_events, n_sources,
    n_conflict, goldstein_mean, first, last. With `freq` ('day' or 'week'), only the latest period of
    that length in the store (or ending at `end`) counts.
    """
    _check(freq or "day", level)
    s_day, e_day = _day(start, "start"), _day(end, "end")
    base, sources = _base_sql(store)
    con = store.connection
    if freq is not None:
        last_row = con.execute(
            f"SELECT max(date) FROM ({base}) b WHERE ($e IS NULL OR date <= $e)", {"e": e_day}
        ).fetchone()
        if not last_row or last_row[0] is None:
            return []
        s_day = _trunc(last_row[0], freq)
        e_day = s_day + timedelta(days=6 if freq == "week" else 0)
    sc, tc = _cols(level)
    s_expr, t_expr = (f"upper({sc})", f"upper({tc})")
    if not directed:
        s_expr, t_expr = f"least({s_expr}, {t_expr})", f"greatest({s_expr}, {t_expr})"
    rows = con.execute(
        f"""
        SELECT {s_expr} AS ds, {t_expr} AS dt, count(*) AS n, {sources} AS n_sources,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS n_conflict, avg(goldstein) AS gm,
               min(date) AS first, max(date) AS last
        FROM ({base}) b
        WHERE {sc} IS NOT NULL AND {tc} IS NOT NULL
          AND ($s IS NULL OR date >= $s) AND ($e IS NULL OR date <= $e)
        GROUP BY ds, dt ORDER BY n DESC, ds, dt LIMIT $n
        """,
        {"s": s_day, "e": e_day, "n": int(n)},
    ).fetchall()
    return [
        {"source": r[0], "target": r[1], "n_events": int(r[2]), "n_sources": int(r[3]), "n_conflict": int(r[4]),
         "goldstein_mean": None if r[5] is None else float(r[5]), "first": r[6].isoformat(), "last": r[7].isoformat()}
        for r in rows
    ]
