"""Alerts (raise, suppress, evidence, list/ack/snooze) and their delivery (terminal, JSONL, webhook).

Unit tests: signals are `watch.detectors.Signal` records made by hand,
and events are inserted as rows of a real store in tmp_path.
"""

from __future__ import annotations

import io
import json
import threading
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from flashpoint.watch.detectors import Signal
from rich.console import Console

from flashpoint.errors import InputError
from flashpoint.store.db import Store
from flashpoint.watch.alerts import (
    alert_id_for, acknowledge, evidence_for, get_alert, list_alerts, raise_alerts, snooze,
)
from flashpoint.watch.deliver import to_jsonl, to_terminal, to_webhook

QUAD = {"ACCUSE": 3, "THREATEN": 3, "REJECT": 3, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
        "CONSULT": 1, "AID": 2}




def sig(**kw) -> Signal:
    base = dict(detector="ladder", dyad=("USA", "IRN"), period="2024-08-04", metric="conflict_share",
                value=0.71, baseline=0.12, change=0.59, direction="escalating", severity=0.8, rung=5)
    base.update(kw)
    return Signal(**base)


class Events:
    """Inserts event + article rows straight into the store (only the columns alerts read)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.n = 0

    def add(self, day: str, ptype: str, sentence: str, *, src=("USAGOV", "USA"), tgt=("IRNGOV", "IRN"),
            conf: float = 0.9, outlet: str = "Wire", url: str | None = None, modality: str = "asserted") -> str:
        self.n += 1
        eid, h = f"ev{self.n:03d}", f"h{self.n:03d}"
        con = self.store.connection
        con.execute(
            "INSERT INTO articles (content_hash, article_id, url, outlet, text, first_seen) VALUES (?, ?, ?, ?, ?, now())",
            [h, f"a{self.n}", url or f"https://news.example/{self.n}", outlet, sentence],
        )
        con.execute(
            """INSERT INTO events (event_id, content_hash, article_id, date, plover_type, quad_class, goldstein,
                   source_code, source_country, target_code, target_country, confidence, sentence_text, modality,
                   record, added_at)
               VALUES (?, ?, ?, ?, ?, ?, -5, ?, ?, ?, ?, ?, ?, ?, '{}', now())""",
            [eid, h, f"a{self.n}", date.fromisoformat(day), ptype, QUAD[ptype], src[0], src[1], tgt[0], tgt[1],
             conf, sentence, modality],
        )
        return eid


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "s.duckdb") as st:
        yield st


def test_migration_creates_alerts_table(store: Store) -> None:
    cols = {r[0] for r in store.connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'alerts'").fetchall()}
    assert {"alert_id", "created_at", "dyad_source", "dyad_target", "window_start", "window_end", "direction",
            "severity", "detector", "metric", "value", "baseline", "change", "reason", "evidence", "status",
            "snoozed_until", "delivered_at", "rung"} <= cols


def test_raise_alert_with_reason_and_ranked_evidence(store: Store) -> None:
    ev = Events(store)
    for d in ("2024-07-20", "2024-07-25", "2024-07-25", "2024-08-01"):  # 3 distinct days of verbal conflict
        ev.add(d, "ACCUSE", f"US officials accused Iran on {d}.")
    ev.add("2024-08-04", "ACCUSE", "Washington accused Tehran of lying.", conf=0.99)
    ev.add("2024-08-04", "ASSAULT", "US jets struck Iranian positions.", conf=0.6, outlet="Daily", url="https://d.example/x")
    ev.add("2024-08-04", "COERCE", "The US seized an Iranian tanker.", conf=0.7)
    ev.add("2024-08-04", "CONSULT", "US and Iranian envoys met in Oman.", conf=0.95)
    ev.add("2024-08-04", "ASSAULT", "Iran shelled a US base.", src=("IRNMIL", "IRN"), tgt=("USAMIL", "USA"))  # reverse dyad
    ev.add("2024-08-05", "ASSAULT", "A day later, more strikes.")  # outside the daily window
    ev.add("2024-08-04", "ASSAULT", "The US denied striking Iran.", modality="denied")  # not evidence

    added = raise_alerts(store, [sig()])
    assert len(added) == 1
    a = added[0]
    assert a.alert_id == alert_id_for("ladder", ("USA", "IRN"), "2024-08-04", 5, "conflict_share")
    assert a.window_start == a.window_end == date(2024, 8, 4)
    assert a.reason == ("USA→IRN: conflict share 0.71 vs baseline 0.12 (+0.59) on 2024-08-04, "
                        "first ASSAULT in 30 days after 3 days of verbal conflict")
    # ranked by rung (ASSAULT 5 > COERCE 4 > ACCUSE 1 > CONSULT 0), only the directed dyad, only that day
    assert [e.sentence for e in a.evidence] == [
        "US jets struck Iranian positions.", "The US seized an Iranian tanker.",
        "Washington accused Tehran of lying.", "US and Iranian envoys met in Oman.",
    ]
    top = a.evidence[0]
    assert (top.url, top.outlet, top.plover_type, top.n_sources, top.date) == (
        "https://d.example/x", "Daily", "ASSAULT", 1, "2024-08-04")
    stored = get_alert(store, a.alert_id)
    assert stored.evidence == a.evidence and stored.reason == a.reason and stored.status == "new"


def test_evidence_is_capped_at_five_and_weekly_window(store: Store) -> None:
    ev = Events(store)
    for i in range(7):
        ev.add(f"2024-08-{i + 5:02d}", "ACCUSE", f"Accusation number {i}.", conf=0.5 + i / 100)
    assert len(evidence_for(store, ("USA", "IRN"), date(2024, 8, 5), date(2024, 8, 11))) == 5
    (a,) = raise_alerts(store, [sig(period="2024-08-05", rung=1)], freq="week")
    assert (a.window_start, a.window_end) == (date(2024, 8, 5), date(2024, 8, 11))
    assert len(a.evidence) == 5
    assert a.evidence[0].sentence == "Accusation number 6."  # highest confidence first within the rung
    assert a.reason.endswith("on 2024-08-05..2024-08-11, first ACCUSE in 30 days")


def test_rerunning_adds_nothing(store: Store) -> None:
    signals = [sig(), sig(detector="zscore", metric="n_events", rung=0, period="2024-08-06")]
    first = raise_alerts(store, signals)
    assert len(first) == 2
    assert raise_alerts(store, signals) == []
    assert store.connection.execute("SELECT count(*) FROM alerts").fetchone()[0] == 2


def test_suppression_same_dyad_and_rung(store: Store) -> None:
    raise_alerts(store, [sig(period="2024-08-04", severity=0.8)])
    # same dyad and rung within 7 days, not stronger: suppressed, whatever the detector
    assert raise_alerts(store, [sig(period="2024-08-09", severity=0.8)]) == []
    assert raise_alerts(store, [sig(detector="cusum", period="2024-08-06", severity=0.5)]) == []
    # stronger, another rung, another dyad, or more than 7 days later: raised
    assert len(raise_alerts(store, [sig(period="2024-08-07", severity=0.9)])) == 1
    assert len(raise_alerts(store, [sig(period="2024-08-07", rung=4)])) == 1
    assert len(raise_alerts(store, [sig(period="2024-08-07", dyad=("IRN", "USA"))])) == 1
    assert len(raise_alerts(store, [sig(period="2024-08-20", severity=0.1)])) == 1
    assert len(raise_alerts(store, [sig(period="2024-08-21", severity=0.1)], suppress_days=0)) == 1


def test_suppression_rung_zero_uses_detector_metric_direction(store: Store) -> None:
    z = dict(detector="zscore", metric="n_events", rung=0, severity=0.6)
    assert len(raise_alerts(store, [sig(period="2024-08-01", **z)])) == 1
    assert raise_alerts(store, [sig(period="2024-08-03", **z)]) == []
    assert len(raise_alerts(store, [sig(period="2024-08-03", **{**z, "metric": "goldstein_mean"})])) == 1
    assert len(raise_alerts(store, [sig(period="2024-08-04", **{**z, "direction": "de-escalating"})])) == 1
    assert len(raise_alerts(store, [sig(period="2024-08-04", **{**z, "detector": "ewma"})])) == 1
    # within one call, same dyad and rung on the same day: the stronger signal wins, the weaker is suppressed
    both = raise_alerts(store, [sig(period="2024-09-01", detector="cusum", severity=0.4),
                                sig(period="2024-09-01", detector="ladder", severity=0.9)])
    assert [a.detector for a in both] == ["ladder"]


def test_evidence_from_resolved_events_when_present(store: Store) -> None:
    Events(store).add("2024-08-04", "ASSAULT", "Unresolved row: must not be used once resolution ran.")
    con = store.connection  # resolved_events / resolved_mentions come from migration 0002
    rows = [  # id, type, n_sources, confidence, status
        ("r1", "ACCUSE", 5, 0.9, "active"), ("r2", "ASSAULT", 2, 0.5, "active"), ("r3", "ASSAULT", 4, 0.4, "active"),
        ("r4", "ASSAULT", 9, 0.9, "retracted"), ("r5", "COERCE", 1, 0.99, "corrected"),
    ]
    for rid, ptype, ns, conf, status in rows:
        con.execute(
            """INSERT INTO resolved_events (resolved_id, plover_type, source_code, source_country, target_code,
               target_country, date, n_mentions, n_sources, n_articles, confidence, status, rule)
               VALUES (?, ?, 'USAGOV', 'USA', 'IRNGOV', 'IRN', DATE '2024-08-04', ?, ?, ?, ?, ?, 'test')""",
            [rid, ptype, ns, ns, ns, conf, status])
        # mentions: a retraction joined first (seq 0) is never shown; then the first mention (seq 1) is
        for seq, role, outlet in ((2, "mention", "Late"), (0, "retraction", "Retractor"), (1, "mention", "Early")):
            con.execute(
                """INSERT INTO resolved_mentions (event_id, resolved_id, seq, role, article_id, outlet, source_key, url,
                   sentence_text, date) VALUES (?, ?, ?, ?, 'a', ?, ?, ?, ?, DATE '2024-08-04')""",
                [f"{rid}-m{seq}", rid, seq, role, outlet, outlet, f"https://{outlet.lower()}.example/{rid}",
                 f"{rid} reported by {outlet}"])
    evid = evidence_for(store, ("USA", "IRN"), date(2024, 8, 4), date(2024, 8, 4))
    assert [(e.id, e.n_sources) for e in evid] == [("r3", 4), ("r2", 2), ("r5", 1), ("r1", 5)]
    assert evid[0].sentence == "r3 reported by Early" and evid[0].url == "https://early.example/r3"
    assert evid[0].outlet == "Early"


def test_list_acknowledge_snooze(store: Store) -> None:
    a1, a2, a3 = raise_alerts(store, [
        sig(period="2024-08-01", rung=1, severity=0.3),
        sig(period="2024-08-02", rung=2, severity=0.9, dyad=("RUS", "UKR")),
        sig(period="2024-08-03", rung=3, severity=0.5),
    ])
    assert [a.alert_id for a in list_alerts(store)] == [a3.alert_id, a2.alert_id, a1.alert_id]
    assert [a.alert_id for a in list_alerts(store, dyad="rus,ukr")] == [a2.alert_id]
    assert [a.alert_id for a in list_alerts(store, dyad=("USA", "IRN"), since="2024-08-02")] == [a3.alert_id]

    assert acknowledge(store, a1.alert_id).status == "acknowledged"
    s = snooze(store, a2.alert_id, "2024-09-01")
    assert s.snoozed_until == date(2024, 9, 1)
    new_before = list_alerts(store, status="new", today=date(2024, 8, 20))
    assert [a.alert_id for a in new_before] == [a3.alert_id]
    assert [a.alert_id for a in list_alerts(store, status="snoozed", today=date(2024, 8, 20))] == [a2.alert_id]
    # once the date comes, the snoozed alert is new again
    new_after = list_alerts(store, status="new", today=date(2024, 9, 1))
    assert [a.alert_id for a in new_after] == [a3.alert_id, a2.alert_id]
    assert [a.alert_id for a in list_alerts(store, status="acknowledged")] == [a1.alert_id]

    with pytest.raises(InputError, match="no such alert"):
        acknowledge(store, "nope")
    with pytest.raises(InputError, match="ISO date"):
        snooze(store, a3.alert_id, "next week")
    with pytest.raises(InputError):
        list_alerts(store, status="open")


# -- delivery -------------------------------------------------------------------------------------


def test_terminal_and_jsonl(store: Store) -> None:
    Events(store).add("2024-08-04", "ASSAULT", "US jets struck Iranian positions.")
    alerts = raise_alerts(store, [sig()])
    buf = io.StringIO()
    to_terminal(alerts, Console(file=buf, width=200, color_system=None))
    text = buf.getvalue()
    assert alerts[0].alert_id in text and "USA→IRN" in text and "US jets struck Iranian positions." in text
    out = io.StringIO()
    assert to_jsonl(alerts, out) == 1
    d = json.loads(out.getvalue())
    assert d["alert_id"] == alerts[0].alert_id and d["window_start"] == "2024-08-04"
    assert d["evidence"][0]["sentence"] == "US jets struck Iranian positions."


class _Hook:
    """A real HTTP server on 127.0.0.1 (random port) answering with the scripted statuses, then 200."""

    def __init__(self, statuses: list[int], default: int = 200) -> None:
        self.statuses = list(statuses)
        self.default = default
        self.bodies: list[dict] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                hook.bodies.append(json.loads(body))
                code = hook.statuses.pop(0) if hook.statuses else hook.default
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _Hook:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_webhook_retries_a_503_then_delivers_and_marks_store(store: Store) -> None:
    alerts = raise_alerts(store, [sig(), sig(period="2024-08-20", rung=2)])
    waits: list[float] = []
    with _Hook([503]) as hook:
        rep = to_webhook(alerts, hook.url, backoff=0.01, store=store, sleep=waits.append)
    assert rep.ok and set(rep.delivered) == {a.alert_id for a in alerts}
    assert rep.attempts == 3 and waits == [0.01]
    assert len(hook.bodies) == 3
    assert hook.bodies[0] == hook.bodies[1]  # the retried request is the same alert
    assert {b["alert"]["alert_id"] for b in hook.bodies} == {a.alert_id for a in alerts}
    assert all(isinstance(a.delivered_at, datetime) for a in list_alerts(store))
    assert list_alerts(store, undelivered=True) == []


def test_webhook_that_always_fails_reports_failure_without_raising(store: Store) -> None:
    alerts = raise_alerts(store, [sig(), sig(period="2024-08-20", rung=2)])
    waits: list[float] = []
    with _Hook([], default=500) as hook:
        rep = to_webhook(alerts, hook.url, retries=3, backoff=0.01, store=store, sleep=waits.append)
    assert not rep.ok and rep.delivered == ()
    assert len(hook.bodies) == 4  # 1 try + 3 retries for the first alert; the endpoint is then taken as down
    assert waits == [0.01, 0.02, 0.04]  # exponential backoff
    assert [aid for aid, _ in rep.failed] == [a.alert_id for a in alerts]
    assert "HTTP 500" in rep.failed[0][1] and "endpoint down" in rep.failed[1][1]
    assert all(a.delivered_at is None for a in list_alerts(store))


def test_webhook_4xx_not_retried_and_connection_refused(store: Store) -> None:
    alerts = raise_alerts(store, [sig()])
    with _Hook([400]) as hook:
        rep = to_webhook(alerts, hook.url, backoff=0.01, sleep=lambda s: None)
    assert not rep.ok and len(hook.bodies) == 1 and "not retried" in rep.failed[0][1]
    # nothing listening on the port any more: connection errors are retried, then reported
    rep = to_webhook(alerts, hook.url, retries=2, backoff=0.01, timeout=1, sleep=lambda s: None)
    assert not rep.ok and rep.attempts == 3 and "ConnectError" in rep.failed[0][1]
    rep = to_webhook(alerts, "not a url", sleep=lambda s: None)
    assert not rep.ok
