"""Alerts: detector signals become stored, suppressed, evidenced alerts a person can act on.

`raise_alerts` turns `flashpoint.watch.detectors.Signal`s into rows of the `alerts` table (migration
0003), each with a one-line reason and the top contributing events of the dyad in the alert window
(from the resolved events when the store has them, else from the coded events). `list_alerts`,
`acknowledge` and `snooze` read and update them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from flashpoint.errors import InputError, StoreError

from flashpoint.watch.series import LADDER

if TYPE_CHECKING:
    from flashpoint.store.db import Store
    from flashpoint.watch.detectors import Signal

log = logging.getLogger(__name__)

EVIDENCE_LIMIT = 5
VERBAL_LOOKBACK_DAYS = 30
STATUSES = ("new", "acknowledged", "snoozed")
# The escalation ladder of the issue: ACCUSE < THREATEN < SANCTION/MOBILIZE < COERCE < ASSAULT.
RUNG_OF_TYPE: dict[str, int] = LADDER
RUNG_NAME: dict[int, str] = {1: "ACCUSE", 2: "THREATEN", 3: "SANCTION/MOBILIZE", 4: "COERCE", 5: "ASSAULT"}
_WINDOW_DAYS = {"day": 1, "week": 7}
_RUNG_SQL = "CASE {col} " + " ".join(f"WHEN '{t}' THEN {r}" for t, r in RUNG_OF_TYPE.items()) + " ELSE 0 END"



@dataclass(frozen=True, slots=True)
class Evidence:
    """One contributing event of an alert: its sentence and where it was reported."""

    sentence: str
    url: str | None
    outlet: str | None
    n_sources: int
    date: str | None
    plover_type: str
    rung: int = 0
    confidence: float | None = None
    id: str | None = None  # resolved_id, or event_id when the store has no resolved events


@dataclass(frozen=True, slots=True)
class Alert:
    """One row of the `alerts` table."""

    alert_id: str
    created_at: datetime
    dyad_source: str
    dyad_target: str
    window_start: date
    window_end: date
    period: str
    direction: str
    severity: float
    rung: int
    detector: str
    metric: str
    value: float | None
    baseline: float | None
    change: float | None
    reason: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    status: str = "new"
    snoozed_until: date | None = None
    delivered_at: datetime | None = None

    @property
    def dyad(self) -> tuple[str, str]:
        return (self.dyad_source, self.dyad_target)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings, evidence as a list of dicts."""
        d = asdict(self)
        d["evidence"] = [asdict(e) for e in self.evidence]
        for k in ("created_at", "window_start", "window_end", "snoozed_until", "delivered_at"):
            v = d[k]
            d[k] = v.isoformat() if v is not None else None
        return d


_COLUMNS = (
    "alert_id, created_at, dyad_source, dyad_target, window_start, window_end, period, direction, severity, "
    "rung, detector, metric, value, baseline, change, reason, evidence, status, snoozed_until, delivered_at"
)


def alert_id_for(detector: str, dyad: tuple[str, str], period: str, rung: int, metric: str = "") -> str:
    """The stable id of the alert a signal raises: same signal, same id. The metric is part of the
    key (when given) so one detector watching two metrics of a dyad raises two alerts."""
    key = f"{detector}|{dyad[0]}|{dyad[1]}|{period}|{int(rung)}"
    if metric:
        key += f"|{metric}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _day(value: date | datetime | str, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(where, f"expected an ISO date YYYY-MM-DD, got {value!r}") from None


def _window(period: str, freq: str) -> tuple[date, date]:
    if freq not in _WINDOW_DAYS:
        raise InputError("raise_alerts freq", f"expected 'day' or 'week', got {freq!r}")
    start = _day(period, "signal period")
    return start, start + timedelta(days=_WINDOW_DAYS[freq] - 1)


# -- raising --------------------------------------------------------------------------------------


def raise_alerts(
    store: Store,
    signals: Iterable[Signal],
    *,
    suppress_days: int = 7,
    freq: str = "day",
    now: datetime | None = None,
) -> list[Alert]:
    """Store one alert per signal and return the alerts added (in order of period, then severity).

    A signal is suppressed when an alert (stored, or raised earlier in this call) for the same dyad
    and rung — or, for rung 0, the same detector, metric and direction — has its window within
    `suppress_days` of this one and a severity at least as high. The alert id is a hash of
    detector, dyad, period and rung, so raising the same signals again adds nothing. `freq` is the
    series frequency the signals came from ('day' or 'week'): it sets the alert window.
    """
    if suppress_days < 0:
        raise InputError("raise_alerts suppress_days", f"must be >= 0, got {suppress_days}")
    con = store.connection
    created = now or _utcnow()
    ordered = sorted(signals, key=lambda s: (_day(s.period, "signal period"), -float(s.severity), s.detector, s.metric))
    added: list[Alert] = []
    for sig in ordered:
        dyad = (str(sig.dyad[0]), str(sig.dyad[1]))
        aid = alert_id_for(sig.detector, dyad, sig.period, sig.rung, sig.metric)
        if con.execute("SELECT count(*) FROM alerts WHERE alert_id = ?", [aid]).fetchone()[0]:  # type: ignore[index]
            continue
        start, end = _window(sig.period, freq)
        if _suppressed(store, sig, dyad, start, suppress_days):
            log.debug("alert %s for %s suppressed by a recent one as strong", aid, dyad)
            continue
        alert = Alert(
            alert_id=aid, created_at=created, dyad_source=dyad[0], dyad_target=dyad[1],
            window_start=start, window_end=end, period=str(sig.period), direction=str(sig.direction),
            severity=round(float(sig.severity), 6), rung=int(sig.rung), detector=str(sig.detector),
            metric=str(sig.metric), value=_num(sig.value), baseline=_num(sig.baseline), change=_num(sig.change),
            reason=_reason(store, sig, dyad, start, end),
            evidence=tuple(evidence_for(store, dyad, start, end)),
        )
        _insert(store, alert)
        added.append(alert)
    log.info("raised %d alerts from %d signals", len(added), len(ordered))
    return added


def _num(x: Any) -> float | None:
    if x is None:
        return None
    v = float(x)
    return None if v != v else v  # NaN -> None


def _suppressed(store: Store, sig: Signal, dyad: tuple[str, str], start: date, days: int) -> bool:
    if int(sig.rung) > 0:
        same = "rung = ?"
        params: list[Any] = [int(sig.rung)]
    else:
        same = "rung = 0 AND detector = ? AND metric = ? AND direction = ?"
        params = [sig.detector, sig.metric, sig.direction]
    row = store.connection.execute(
        f"""
        SELECT count(*) FROM alerts
        WHERE dyad_source = ? AND dyad_target = ? AND {same}
          AND abs(date_diff('day', window_start, ?::DATE)) <= ? AND severity >= ?
        """,
        [dyad[0], dyad[1], *params, start, days, round(float(sig.severity), 6)],
    ).fetchone()
    return bool(row and row[0])


def _insert(store: Store, a: Alert) -> None:
    evidence = json.dumps([asdict(e) for e in a.evidence], ensure_ascii=False, sort_keys=True)
    try:
        store.connection.execute(
            f"INSERT INTO alerts ({_COLUMNS}) VALUES ({', '.join(['?'] * 20)})",
            [a.alert_id, a.created_at, a.dyad_source, a.dyad_target, a.window_start, a.window_end, a.period,
             a.direction, a.severity, a.rung, a.detector, a.metric, a.value, a.baseline, a.change, a.reason,
             evidence, a.status, a.snoozed_until, a.delivered_at],
        )
    except Exception as exc:  # duckdb error classes vary; all mean the write failed
        raise StoreError(f"store {store.path}: cannot write alert {a.alert_id} for {a.dyad}: {exc}") from exc


# -- reason ---------------------------------------------------------------------------------------


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    if not math.isfinite(x):
        return str(x)
    if x == int(x) or abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.2f}"


def _reason(store: Store, sig: Signal, dyad: tuple[str, str], start: date, end: date) -> str:
    metric = str(sig.metric).replace("_", " ")
    change = _num(sig.change)
    sign = "+" if change is not None and change >= 0 else ""
    when = start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"
    line = (
        f"{dyad[0]}→{dyad[1]}: {metric} {_fmt(_num(sig.value))} vs baseline {_fmt(_num(sig.baseline))} "
        f"({sign}{_fmt(change)}) on {when}"
    )
    rung = int(sig.rung)
    if rung > 0:
        line += ", " + _ladder_phrase(store, dyad, start, rung)
    elif sig.direction == "new":
        line += ", new dyad"
    return line


def _ladder_phrase(store: Store, dyad: tuple[str, str], start: date, rung: int) -> str:
    """'first ASSAULT after 9 days of verbal conflict' (or 'ASSAULT again ...') from the coded events."""
    name = RUNG_NAME.get(rung, f"rung {rung}")
    cond, params = _dyad_cond("e", dyad)
    lookback = start - timedelta(days=VERBAL_LOOKBACK_DAYS)
    row = store.connection.execute(
        f"""
        SELECT count(*) FILTER (WHERE {_RUNG_SQL.format(col='e.plover_type')} >= ?),
               count(DISTINCT e.date) FILTER (WHERE e.quad_class = 3)
        FROM events e
        WHERE {cond} AND e.date >= ? AND e.date < ? AND (e.modality IS NULL OR e.modality IN ('asserted', 'claimed'))
        """,
        [rung, *params, lookback, start],
    ).fetchone()
    higher_before, verbal_days = (int(row[0]), int(row[1])) if row else (0, 0)
    phrase = f"first {name} in {VERBAL_LOOKBACK_DAYS} days" if higher_before == 0 else f"{name} again"
    if verbal_days:
        phrase += f" after {verbal_days} day{'s' if verbal_days != 1 else ''} of verbal conflict"
    return phrase


# -- evidence -------------------------------------------------------------------------------------


def _dyad_cond(alias: str, dyad: tuple[str, str]) -> tuple[str, list[Any]]:
    """Events of the directed dyad: each side matches its country (ISO3) exactly or its actor code by
    prefix, as the country- and actor-level dyad series do."""
    p = f"{alias}."
    cond = (
        f"(upper({p}source_country) = upper(?) OR starts_with(upper({p}source_code), upper(?))) AND "
        f"(upper({p}target_country) = upper(?) OR starts_with(upper({p}target_code), upper(?)))"
    )
    return cond, [dyad[0], dyad[0], dyad[1], dyad[1]]


def _has_rows(store: Store, table: str) -> bool:
    con = store.connection
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchone()
    if not exists or not exists[0]:
        return False
    row = con.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()  # noqa: S608 - fixed names
    return bool(row and row[0])


def evidence_for(
    store: Store, dyad: tuple[str, str], start: date, end: date, limit: int = EVIDENCE_LIMIT
) -> list[Evidence]:
    """The top contributing events of the dyad with a date in [start, end]: ranked by ladder rung,
    then distinct sources, then confidence; one per sentence; at most `limit`.

    Reads `resolved_events` + `resolved_mentions` when the store has resolved events (retracted
    events left out; each shows its first mention that is not a retraction), else `events` +
    `articles` (asserted or claimed events only, each counted as one source).
    """
    if _has_rows(store, "resolved_events") and _has_rows(store, "resolved_mentions"):
        cond, params = _dyad_cond("r", dyad)
        sql = f"""
            WITH m AS (
                SELECT resolved_id, sentence_text, url, outlet,
                       row_number() OVER (PARTITION BY resolved_id ORDER BY seq, event_id) AS k
                FROM resolved_mentions WHERE sentence_text IS NOT NULL AND coalesce(role, 'mention') <> 'retraction'
            )
            SELECT r.resolved_id, m.sentence_text, m.url, m.outlet, coalesce(r.n_sources, 1), r.date,
                   r.plover_type, {_RUNG_SQL.format(col='r.plover_type')} AS rung, r.confidence
            FROM resolved_events r JOIN m ON m.resolved_id = r.resolved_id AND m.k = 1
            WHERE {cond} AND r.date BETWEEN ? AND ? AND coalesce(r.status, 'active') <> 'retracted'
            ORDER BY rung DESC, coalesce(r.n_sources, 1) DESC, r.confidence DESC NULLS LAST, r.date, r.resolved_id
        """
    else:
        cond, params = _dyad_cond("e", dyad)
        sql = f"""
            SELECT e.event_id, e.sentence_text, a.url, a.outlet, 1, e.date, e.plover_type,
                   {_RUNG_SQL.format(col='e.plover_type')} AS rung, e.confidence
            FROM events e LEFT JOIN articles a ON a.content_hash = e.content_hash
            WHERE {cond} AND e.date BETWEEN ? AND ? AND e.sentence_text IS NOT NULL
              AND (e.modality IS NULL OR e.modality IN ('asserted', 'claimed'))
            ORDER BY rung DESC, e.confidence DESC NULLS LAST, e.date, e.event_id
        """
    rows = store.connection.execute(sql, [*params, start, end]).fetchall()
    out: list[Evidence] = []
    seen: set[str] = set()
    for rid, sentence, url, outlet, n_sources, day, ptype, rung, conf in rows:
        if sentence in seen:
            continue
        seen.add(sentence)
        out.append(Evidence(
            sentence=sentence, url=url, outlet=outlet, n_sources=int(n_sources),
            date=day.isoformat() if day is not None else None, plover_type=ptype, rung=int(rung),
            confidence=float(conf) if conf is not None else None, id=rid,
        ))
        if len(out) >= limit:
            break
    return out


# -- reading and updating -------------------------------------------------------------------------


def _row_to_alert(row: Sequence[Any], today: date) -> Alert:
    (aid, created, src, tgt, ws, we, period, direction, severity, rung, detector, metric, value, baseline,
     change, reason, evidence, status, snoozed_until, delivered_at) = row
    if status == "snoozed" and snoozed_until is not None and snoozed_until <= today:
        status = "new"
    return Alert(
        alert_id=aid, created_at=created, dyad_source=src, dyad_target=tgt, window_start=ws, window_end=we,
        period=period, direction=direction, severity=float(severity), rung=int(rung), detector=detector,
        metric=metric, value=value, baseline=baseline, change=change, reason=reason,
        evidence=tuple(Evidence(**e) for e in json.loads(evidence or "[]")),
        status=status, snoozed_until=snoozed_until, delivered_at=delivered_at,
    )


def parse_dyad(dyad: tuple[str, str] | str) -> tuple[str, str]:
    """(SOURCE, TARGET), upper-cased, from a pair or 'SRC,TGT' / 'SRC->TGT'."""
    if isinstance(dyad, str):
        parts = dyad.replace("->", ",").replace("→", ",").split(",")
    else:
        parts = list(dyad)
    if len(parts) != 2 or not all(str(p).strip() for p in parts):
        raise InputError("alerts dyad", f"expected (source, target) or 'SRC,TGT', got {dyad!r}")
    return (str(parts[0]).strip().upper(), str(parts[1]).strip().upper())


def list_alerts(
    store: Store,
    status: str | None = None,
    dyad: tuple[str, str] | str | None = None,
    since: date | str | None = None,
    *,
    undelivered: bool = False,
    today: date | None = None,
) -> list[Alert]:
    """Alerts, latest window first (then most severe). A snoozed alert whose `snoozed_until` has
    come (<= `today`, default the current UTC date) counts as 'new' again. `status` filters on that
    effective status; `dyad` is directed; `since` keeps alerts whose window ends on or after it;
    `undelivered` keeps those never delivered to a webhook.
    """
    if status is not None and status not in STATUSES:
        raise InputError("alerts status", f"expected one of {list(STATUSES)}, got {status!r}")
    day = today or _utcnow().date()
    conds: list[str] = []
    params: list[Any] = []
    if dyad is not None:
        src, tgt = parse_dyad(dyad)
        conds.append("upper(dyad_source) = ? AND upper(dyad_target) = ?")
        params.extend([src, tgt])
    if since is not None:
        conds.append("window_end >= ?")
        params.append(_day(since, "alerts since"))
    if undelivered:
        conds.append("delivered_at IS NULL")
    where = " AND ".join(conds) or "TRUE"
    rows = store.connection.execute(
        f"SELECT {_COLUMNS} FROM alerts WHERE {where} "
        "ORDER BY window_start DESC, severity DESC, alert_id",
        params,
    ).fetchall()
    alerts = [_row_to_alert(r, day) for r in rows]
    if status is not None:
        alerts = [a for a in alerts if a.status == status]
    return alerts


def get_alert(store: Store, alert_id: str, *, today: date | None = None) -> Alert:
    """One alert by id; InputError when there is none."""
    row = store.connection.execute(f"SELECT {_COLUMNS} FROM alerts WHERE alert_id = ?", [alert_id]).fetchone()
    if row is None:
        raise InputError(f"alert {alert_id!r}", f"no such alert in store {store.path}")
    return _row_to_alert(row, today or _utcnow().date())


def acknowledge(store: Store, alert_id: str) -> Alert:
    """Mark an alert acknowledged (and no longer snoozed); return it."""
    get_alert(store, alert_id)
    store.connection.execute(
        "UPDATE alerts SET status = 'acknowledged', snoozed_until = NULL WHERE alert_id = ?", [alert_id]
    )
    return get_alert(store, alert_id)


def snooze(store: Store, alert_id: str, until: date | str) -> Alert:
    """Snooze an alert: it is not listed as new until `until` (an ISO date) comes."""
    day = _day(until, "snooze until")
    get_alert(store, alert_id)
    store.connection.execute(
        "UPDATE alerts SET status = 'snoozed', snoozed_until = ? WHERE alert_id = ?", [day, alert_id]
    )
    return get_alert(store, alert_id)


def mark_delivered(store: Store, alert_ids: Iterable[str], when: datetime | None = None) -> None:
    """Record that these alerts were delivered (to a webhook) at `when` (default now, UTC)."""
    ids = list(alert_ids)
    if ids:
        store.connection.execute(
            "UPDATE alerts SET delivered_at = ? WHERE alert_id IN (SELECT unnest(?::TEXT[]))",
            [when or _utcnow(), ids],
        )
