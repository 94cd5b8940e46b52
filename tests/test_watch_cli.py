"""The watch commands end to end: invented articles coded by the real coder into a real store, then
`detect` (resolve + detectors + alerts), `alerts --json`, `--ack`, `--snooze`, `plot dyad` and `watch`."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from importlib.util import find_spec
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from flashpoint.cli import watch_cmd

_MISSING = [m for m in ("flashpoint.watch.series", "flashpoint.watch.resolve", "flashpoint.watch.detectors")
            if find_spec(m) is None]
pytestmark = pytest.mark.skipif(bool(_MISSING), reason=f"watch modules not there yet: {_MISSING}")

D0 = date(2024, 6, 3)
# Two weeks of verbal conflict between the United States and Iran (one outlet a day, every third
# day), then a strike reported by two outlets: the first ASSAULT after a run of ACCUSE/THREATEN.
VERBAL = [
    (0, "Wire A", "The United States accused Iran of supplying drones to militias in Iraq. "
                  "The United States threatened Iran with new measures over the drones."),
    (3, "Wire B", "US officials accused Iran of harassing commercial ships in the Gulf. "
                  "Washington warned Tehran that it would respond to further provocations."),
    (6, "Wire A", "The United States accused Iran of arming rebels in Yemen. "
                  "The United States threatened Iran with military action if the attacks continue."),
    (9, "Wire B", "The State Department accused Iran of plotting attacks on US diplomats. "
                  "Washington warned Tehran against any attack on American forces."),
    (12, "Wire A", "The United States accused Iran of lying about its nuclear programme. "
                   "The United States threatened Iran with a military response."),
]
STRIKE = [
    (15, "Wire A", "US warplanes struck Iranian military sites, killing 5 soldiers, officials said."),
    (15, "Gulf Times", "American jets bombed Iranian military bases, killing 5 soldiers."),
]


def articles() -> list[dict]:
    out = []
    for i, (off, outlet, text) in enumerate(VERBAL + STRIKE):
        day = (D0 + timedelta(days=off)).isoformat()
        slug = outlet.lower().replace(" ", "-")
        out.append({"id": f"usa-irn-{i}", "date": day, "title": f"US and Iran, {day}", "text": text,
                    "outlet": outlet, "url": f"https://{slug}.example/{day}/{i}"})
    return out


def app() -> typer.Typer:
    a = typer.Typer()
    a.command("alerts")(watch_cmd.alerts)
    a.command("detect")(watch_cmd.detect)
    a.command("watch")(watch_cmd.watch)
    a.add_typer(watch_cmd.plot_app, name="plot")
    return a


def invoke(*args: str):
    r = CliRunner().invoke(app(), list(args))
    assert r.exit_code == 0, (r.output, r.exception)
    return r


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def coded_store(tmp_path_factory, coder) -> tuple[Path, Path]:
    from flashpoint.pipeline import run
    from flashpoint.store.db import Store

    d = tmp_path_factory.mktemp("watch")
    src = d / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in articles()), encoding="utf-8")
    db = d / "events.duckdb"
    with Store.open(db) as st:
        res = run([str(src)], store=st, coder=coder)
    assert res.n_coded == len(VERBAL) + len(STRIKE)
    return db, src


def test_detect_then_alerts_carry_evidence_from_the_articles(coded_store, tmp_path: Path) -> None:
    db, _ = coded_store
    r = invoke("detect", "--store", str(db), "--json")
    new = json_lines(r.stdout)
    assert new, r.output
    listed = json_lines(invoke("alerts", "--store", str(db), "--json", "--dyad", "USA,IRN").stdout)
    assert {a["alert_id"] for a in listed} >= {a["alert_id"] for a in new if (a["dyad_source"], a["dyad_target"]) == ("USA", "IRN")}
    ladder = [a for a in listed if a["detector"] == "ladder"]
    assert ladder, [(a["detector"], a["reason"]) for a in listed]
    a = ladder[0]
    assert a["window_start"] == (D0 + timedelta(days=15)).isoformat()
    assert a["direction"] == "escalating" and a["rung"] == 5 and a["status"] == "new"
    assert a["reason"].startswith("USA→IRN: max rung 5 vs baseline 2 (+3) on 2024-06-18, ")
    assert "first ASSAULT in 30 days after 5 days of verbal conflict" in a["reason"]
    texts = {x["text"] for x in articles()}
    urls = {x["url"] for x in articles()}
    assert a["evidence"], a
    for e in a["evidence"]:
        assert any(e["sentence"] in t for t in texts), e["sentence"]
        assert e["url"] in urls
    top = a["evidence"][0]
    assert top["plover_type"] == "ASSAULT" and top["n_sources"] == 2  # one strike, two outlets
    assert top["outlet"] in ("Wire A", "Gulf Times")

    # detecting again adds nothing
    assert json_lines(invoke("detect", "--store", str(db), "--json").stdout) == []

    # acknowledge, snooze, filter
    invoke("alerts", "--store", str(db), "--ack", a["alert_id"])
    acked = json_lines(invoke("alerts", "--store", str(db), "--json", "--status", "acknowledged").stdout)
    assert [x["alert_id"] for x in acked] == [a["alert_id"]]
    others = [x for x in listed if x["alert_id"] != a["alert_id"]]
    if others:
        invoke("alerts", "--store", str(db), "--snooze", others[0]["alert_id"], "--until", "2999-01-01")
        new_now = json_lines(invoke("alerts", "--store", str(db), "--json", "--status", "new").stdout)
        assert others[0]["alert_id"] not in {x["alert_id"] for x in new_now}

    # the table view names the alert and shows its evidence
    table = invoke("alerts", "--store", str(db), "--dyad", "USA,IRN").stdout
    assert a["alert_id"] in table

    # plot dyad with the alerts marked
    out = tmp_path / "usa-irn.svg"
    invoke("plot", "dyad", "USA", "IRN", "-o", str(out), "--store", str(db))
    assert f'id="alert-{a["alert_id"]}"' in out.read_text(encoding="utf-8")


def test_bad_options_exit_with_a_clear_error(coded_store) -> None:
    db, _ = coded_store
    r = CliRunner().invoke(app(), ["alerts", "--store", str(db), "--snooze", "abc"])
    assert r.exit_code == 2 and "needs --until" in r.output
    r = CliRunner().invoke(app(), ["alerts", "--store", str(db), "--ack", "no-such-id"])
    assert r.exit_code == 2 and "no such alert" in r.output
    r = CliRunner().invoke(app(), ["plot", "dyad", "USA", "IRN", "-o", "x.gif", "--store", str(db)])
    assert r.exit_code == 2 and ".png or .svg" in r.output


def test_watch_codes_and_alerts_in_one_go_then_webhook(coded_store, tmp_path: Path) -> None:
    _, src = coded_store
    db = tmp_path / "w.duckdb"
    r = invoke("watch", str(src), "--store", str(db), "--json")
    assert "7 articles: 7 coded" in r.output
    alerts = json_lines(r.stdout)
    assert any(a["detector"] == "ladder" and (a["dyad_source"], a["dyad_target"]) == ("USA", "IRN") for a in alerts)

    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/hook"
        r = invoke("alerts", "--store", str(db), "--webhook", url, "--json")
        assert f"{len(alerts)} delivered, 0 failed" in r.output
        assert {b["alert"]["alert_id"] for b in received} == {a["alert_id"] for a in alerts}
        assert all(a["delivered_at"] for a in json_lines(r.stdout))
        # delivered alerts are not sent again
        r = invoke("alerts", "--store", str(db), "--webhook", url)
        assert "0 delivered, 0 failed" in r.output and len(received) == len(alerts)
    finally:
        server.shutdown()
        server.server_close()
