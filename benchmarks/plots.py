"""Figures of the escalation watch: two dyads with a known escalation each, plotted with their alerts.

A temporary store gets half a year (2018-01-01 to 2018-07-01) of realistic background for six
directed country dyads, drawn by the back-test's generator (`benchmarks/backtest.py`: each dyad's
real daily rate, event mix and publishers from the shared ICEWS 2018 sample, resampled timing with
a weekday effect and over-dispersion). Two dyads get one injected escalation each, with the
back-test's shapes: a *ramp* of conflict events (USA→CHN, from 2018-05-01, rising to 4 standard
deviations of the dyad's daily count over 21 days, held to day 30) and a *ladder jump* (CAN→USA: two
weeks of one ACCUSE/THREATEN a day, then 4 MOBILIZE/ASSAULT events from distinct outlets on
2018-05-20). Every event is a real contract record (`records.Event` in a `CodedArticle`, one
synthetic article per outlet and day, built the way `flashpoint.store.importers` builds ICEWS
articles) written with `Store.write_many`; the injected events reuse real ICEWS conflict events,
their actors moved to the dyad's countries.

Then the watch runs as `flashpoint detect` does: `resolve_events`, `detect` (daily, then weekly, each
on its own copy of the store), `raise_alerts`, and `plot_dyad` writes each dyad daily and weekly as
PNG and SVG into benchmarks/plots/, with a README.md listing the figures and their alerts.
Deterministic: fixed seed, fixed dates (SVG ids salted with a constant).

    .venv/bin/python benchmarks/plots.py [--out benchmarks/plots]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import backtest as bt  # noqa: E402  (the back-test's background generator and injection shapes)

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "plots"
SEED = 2018
N_DAYS = 182  # 2018-01-01 .. 2018-07-01
VERSION = "bench:plots"
BACKGROUND = (("USA", "CHN"), ("CHN", "USA"), ("CAN", "USA"), ("JPN", "USA"), ("UKR", "RUS"), ("RUS", "UKR"))
# (dyad, shape, start day, amplitude in daily standard deviations, ladder events)
INJECTIONS = ((("USA", "CHN"), "ramp", 120, 4.0, 0), (("CAN", "USA"), "ladder", 139, 0.0, 4))


class RecordSink:
    """Takes the back-test generator's events (`add(dyad, day, event, outlet)`) and turns them into
    coded articles: one synthetic article per outlet and day, one line per event."""

    def __init__(self, n_days: int) -> None:
        self.n_days = n_days
        self.by_article: dict[tuple[int, str], list[tuple[tuple[str, str], tuple[Any, ...]]]] = defaultdict(list)

    def add(self, dyad: tuple[str, str], day: int, ev: tuple[Any, ...], outlet: str) -> None:
        if 0 <= day < self.n_days:
            self.by_article[(int(day), outlet)].append((dyad, ev))

    def __len__(self) -> int:
        return sum(map(len, self.by_article.values()))

    def articles(self) -> Any:
        from flashpoint.records import Article
        from flashpoint.store import importers as imp

        n = 0
        for day, outlet in sorted(self.by_article):
            iso = (bt.START + timedelta(days=day)).isoformat()
            key = f"{outlet}/{iso}"
            art = Article(id=f"plots:{key}", text="", outlet=outlet, date=iso, lang="en",
                          content_hash=imp._story_hash("plots", key), origin="benchmarks/plots.py")
            pending = imp._Pending(art, [], [])
            for dyad, ev in self.by_article[(day, outlet)]:
                plover = imp._plover(ev[1], key)
                if plover is None:
                    continue
                n += 1
                loc = (ev[6], ev[7], None, None, None, "city") if ev[6] and ev[7] in dyad else None
                imp._add_event(
                    pending, event_id=f"plots:{n}", date=iso, cameo_code=ev[1], plover=(ev[0], plover[1]),
                    event_text=f"{ev[0].lower()} (CAMEO {ev[1]})", source=_party(dyad[0], ev[4]),
                    target=_party(dyad[1], ev[5]), location=loc, sentence_index=len(pending.events),
                    coder={"name": VERSION, "version": VERSION, "synthetic_text": True,
                           "source": "ICEWS 2018 sample, resampled by benchmarks/plots.py"},
                )
            if pending.events:
                yield imp._finish(pending)


def _party(iso3: str, code: str | None) -> tuple[str, str, str | None, None]:
    """The dyad's country with the sector of the resampled event's actor (code minus its country)."""
    import pycountry

    sector = code[3:] if code and len(code) > 3 else None
    country = pycountry.countries.get(alpha_3=iso3)
    name = getattr(country, "common_name", None) or (country.name if country else iso3)
    return (f"{name} ({sector})" if sector else name, iso3, sector, None)


def build(store: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Background plus the two injections, written into `store`; returns what was injected."""
    rng = np.random.default_rng(SEED)
    sink = RecordSink(N_DAYS)
    sub = {**data, "pools": {d: data["pools"][d] for d in BACKGROUND}}
    stats = bt.background(rng, sub, sink)
    n_background = len(sink)
    conflict = data["conflict"]
    verbal = [e for e in conflict if e[0] in ("ACCUSE", "THREATEN")]
    jumps = [e for e in conflict if e[0] in ("MOBILIZE", "ASSAULT")]
    names = sorted(data["outlets"])
    injected = []
    for dyad, shape, t0, size, n_jump in INJECTIONS:
        before = len(sink)
        amp = max(2.0, size * stats[dyad]["sd"])
        bt.escalation(rng, dyad, shape, t0, amp, n_jump, conflict, names, sink, verbal=verbal, jumps=jumps,
                      days=N_DAYS)
        injected.append({"dyad": dyad, "shape": shape, "start": (bt.START + timedelta(days=t0)).isoformat(),
                         "amplitude": round(amp, 1) if shape != "ladder" else None, "jump_events": n_jump or None,
                         "events": len(sink) - before, "rate": round(stats[dyad]["rate"], 1)})
    run = store.start_run("bench-plots", VERSION, {"seed": SEED, "days": N_DAYS})
    counts = store.write_many(sink.articles(), run, VERSION)
    store.finish_run(run)
    return {"background_events": n_background, "written": counts, "injected": injected}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not bt.ICEWS.exists():
        print(f"shared ICEWS sample not found: {bt.ICEWS}", file=sys.stderr)
        return 2
    import matplotlib

    from flashpoint.store.db import Store
    from flashpoint.watch.alerts import list_alerts, raise_alerts
    from flashpoint.watch.detectors import detect
    from flashpoint.watch.plot import plot_dyad
    from flashpoint.watch.resolve import resolve_events

    matplotlib.rcParams["svg.hashsalt"] = "flashpoint-plots"  # stable SVG element ids
    t_start = time.perf_counter()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    figures: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        data = bt.load_icews(tmp)
        base = tmp / "plots.duckdb"
        with Store.open(base) as store:
            info = build(store, data)
            stats = resolve_events(store)
            n_resolved = store.connection.execute("SELECT count(*) FROM resolved_events").fetchone()[0]
        print(f"{info['written']['n_events']} events in {info['written']['n_articles']} articles, "
              f"{n_resolved} resolved events", file=sys.stderr)
        alerts_elsewhere = {}
        for freq in ("day", "week"):
            path = tmp / f"plots-{freq}.duckdb"
            shutil.copyfile(base, path)
            with Store.open(path) as store:
                store.connection.execute("SET threads TO 1")  # float sums in a fixed order: same reasons each run
                signals = detect(store, freq=freq)
                raise_alerts(store, signals, freq=freq)
                injected = {tuple(i["dyad"]) for i in info["injected"]}
                alerts_elsewhere[freq] = sum(1 for a in list_alerts(store) if a.dyad not in injected)
                for inj in info["injected"]:
                    src, tgt = inj["dyad"]
                    stem = f"{src.lower()}-{tgt.lower()}-{'daily' if freq == 'day' else 'weekly'}"
                    for ext in (".png", ".svg"):
                        plot_dyad(store, src, tgt, out / f"{stem}{ext}", freq=freq)
                    alerts = sorted(list_alerts(store, dyad=(src, tgt)), key=lambda a: (a.window_start, a.detector))
                    figures.append({"stem": stem, "freq": freq, "injection": inj,
                                    "alerts": [(a.window_start.isoformat(), a.detector, a.direction, a.rung,
                                                round(a.severity, 2), a.reason) for a in alerts]})
    write_readme(out, info, int(n_resolved), stats, figures, alerts_elsewhere)
    for f in sorted(out.iterdir()):
        print(f"{f.name}: {f.stat().st_size / 1024:.0f} KB", file=sys.stderr)
    print(f"done in {time.perf_counter() - t_start:.0f} s", file=sys.stderr)
    return 0


def write_readme(out: Path, info: dict[str, Any], n_resolved: int, stats: Any, figures: list[dict[str, Any]],
                 elsewhere: dict[str, int]) -> None:
    w = info["written"]
    lines = [
        "# Escalation watch figures",
        "",
        "Made by `.venv/bin/python benchmarks/plots.py` (method in its docstring; needs `../shared`). Background:",
        f"six directed country dyads ({', '.join(f'{s}→{t}' for s, t in BACKGROUND)}) resampled from the shared",
        "ICEWS 2018 sample by the back-test's generator, 2018-01-01 to 2018-07-01, written as coded events",
        f"({w['n_events']:,} events in {w['n_articles']:,} synthetic one-outlet-one-day articles), resolved into",
        f"{n_resolved:,} events by `resolve_events` (the plots count resolved events), then `detect` and",
        "`raise_alerts` (defaults, min_sources 2) and `flashpoint.watch.plot.plot_dyad`, as `flashpoint detect` and",
        "`flashpoint plot dyad` do. Each figure: events per period by quad class (stacked bars), Goldstein mean,",
        "highest escalation-ladder rung; each alert is a dashed line and a triangle coloured by direction and",
        "labelled with detector, direction, rung and severity.",
        "",
        "| figure (PNG and SVG) | dyad | injected | alerts on the dyad (window start, detector, direction, rung) |",
        "|---|---|---|---|",
    ]
    for f in figures:
        inj = f["injection"]
        what = (f"ramp from {inj['start']} to +{inj['amplitude']:g} conflict events/day over 21 days "
                f"(background {inj['rate']:g} coded events/day before resolution)" if inj["shape"] == "ramp" else
                f"ladder jump on {inj['start']}: 14 days of verbal conflict, then {inj['jump_events']} "
                "MOBILIZE/ASSAULT events from distinct outlets")
        al = "; ".join(f"{a[0]} {a[1]} {a[2]}" + (f" rung {a[3]}" if a[3] else "") for a in f["alerts"]) or "none"
        lines.append(f"| `{f['stem']}` | {inj['dyad'][0]}→{inj['dyad'][1]} | {what} | {al} |")
    lines += ["", f"Alerts on the four clean background dyads: {elsewhere['day']} daily, {elsewhere['week']} weekly "
              "(false alerts: nothing was injected there). Alerts are numbered on the chart; the key under it",
              "says what fired.", "",
              "Reasons of the alerts on the injected dyads:", ""]
    for f in figures:
        for a in f["alerts"]:
            lines.append(f"- `{f['stem']}` {a[1]}: {a[5]}")
    lines.append("")
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
