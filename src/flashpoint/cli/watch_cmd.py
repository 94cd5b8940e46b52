"""`flashpoint alerts`, `detect`, `plot dyad` and `watch`: the escalation watch on the command line.

Thin shells over `flashpoint.watch`; DuckDB, the coder and matplotlib load inside the commands.
Register with::

    app.command("alerts")(watch_cmd.alerts)
    app.command("detect")(watch_cmd.detect)
    app.command("watch")(watch_cmd.watch)
    app.add_typer(watch_cmd.plot_app, name="plot")
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from flashpoint.cli.render import err, user_errors

if TYPE_CHECKING:
    from flashpoint.feeds.watcher import CycleResult
    from flashpoint.store.db import Store
    from flashpoint.watch.alerts import Alert

_STORE = typer.Option(None, "--store", "-s", help="Store file (default: $FLASHPOINT_DB or the user data dir).")
_WEBHOOK = typer.Option(None, "--webhook", help="POST each alert as JSON to this URL (retried with backoff).")
_JSON = typer.Option(False, "--json", help="Print alerts as JSON lines instead of a table.")
_FREQ = typer.Option("day", "--freq", help="Series frequency: day or week.")
_MIN_SOURCES = typer.Option(2, "--min-sources", help="Distinct sources a period needs before anything fires.")
_MIN_EVENTS = typer.Option(10, "--min-events", help="Only dyads with at least this many events are watched.")

plot_app = typer.Typer(help="Plot series from the store.", no_args_is_help=True)


def _show(alerts: list[Alert], as_json: bool) -> None:
    from flashpoint.watch.deliver import to_jsonl, to_terminal  # noqa: PLC0415

    if as_json:
        to_jsonl(alerts, sys.stdout)
    else:
        from rich.console import Console  # noqa: PLC0415

        to_terminal(alerts, Console(width=None if sys.stdout.isatty() else 160))


def _deliver(st: Store, alerts: list[Alert], url: str) -> bool:
    from flashpoint.watch.deliver import to_webhook  # noqa: PLC0415

    rep = to_webhook(alerts, url, store=st)
    err.print(f"webhook {url}: {len(rep.delivered)} delivered, {len(rep.failed)} failed", highlight=False)
    for aid, why in rep.failed[:5]:
        err.print(f"  {aid}: {why}", highlight=False)
    return rep.ok


def alerts(
    status: str = typer.Option(None, "--status", help="new, acknowledged or snoozed."),
    dyad: str = typer.Option(None, "--dyad", help="SOURCE,TARGET (directed), e.g. USA,IRN."),
    since: str = typer.Option(None, "--since", help="Alerts whose window ends on or after this date (YYYY-MM-DD)."),
    as_json: bool = _JSON,
    ack: str = typer.Option(None, "--ack", help="Acknowledge this alert id."),
    snooze_id: str = typer.Option(None, "--snooze", help="Snooze this alert id (with --until)."),
    until: str = typer.Option(None, "--until", help="Snooze until this date (YYYY-MM-DD)."),
    webhook: str = _WEBHOOK,
    redeliver: bool = typer.Option(False, "--redeliver", help="With --webhook: also send alerts delivered before."),
    store: str = _STORE,
) -> None:
    """List alerts (latest first), acknowledge or snooze one, or deliver them to a webhook."""
    from flashpoint.errors import InputError  # noqa: PLC0415
    from flashpoint.store.db import Store  # noqa: PLC0415
    from flashpoint.watch import alerts as al  # noqa: PLC0415

    ok = True
    with user_errors():
        if snooze_id and not until:
            raise InputError("--snooze", "needs --until DATE")
        if until and not snooze_id:
            raise InputError("--until", "only goes with --snooze ID")
        changing = bool(ack or snooze_id or webhook)
        with Store.open(store, read_only=not changing) as st:
            if ack:
                a = al.acknowledge(st, ack)
                err.print(f"acknowledged {a.alert_id} ({a.dyad_source}→{a.dyad_target})", highlight=False)
            if snooze_id:
                a = al.snooze(st, snooze_id, until)
                err.print(f"snoozed {a.alert_id} until {a.snoozed_until}", highlight=False)
            if (ack or snooze_id) and not (webhook or status or dyad or since or as_json):
                return
            rows = al.list_alerts(st, status=status, dyad=dyad, since=since)
            if webhook:
                todo = rows if redeliver else [a for a in rows if a.delivered_at is None]
                ok = _deliver(st, todo, webhook)
                rows = al.list_alerts(st, status=status, dyad=dyad, since=since)
    _show(rows, as_json)
    err.print(f"{len(rows)} alerts", highlight=False)
    if not ok:
        raise typer.Exit(1)


def _detect_and_deliver(st: Store, freq: str, min_sources: int, min_events: int, dyads: list[tuple[str, str]] | None,
                        webhook: str | None, as_json: bool) -> bool:
    """Resolve, detect and raise alerts, deliver the new ones to the webhook, show them; False if delivery failed."""
    added = _resolve_detect_raise(st, freq, min_sources, min_events, dyads)
    ok = _deliver(st, added, webhook) if webhook and added else True
    _show(added, as_json)
    return ok


def _resolve_detect_raise(
    st: Store, freq: str, min_sources: int, min_events: int, dyads: list[tuple[str, str]] | None
) -> list[Alert]:
    """Resolve new events, run the detectors, store the alerts; return those added."""
    from flashpoint.watch.alerts import raise_alerts  # noqa: PLC0415
    from flashpoint.watch.detectors import detect as run_detectors  # noqa: PLC0415
    from flashpoint.watch.resolve import resolve_events  # noqa: PLC0415

    stats = resolve_events(st)
    err.print(
        f"resolution: {stats.n_mentions_added} mentions added, {stats.n_created} new and {stats.n_updated} updated "
        f"events, {stats.n_resolved} resolved events in the store",
        highlight=False,
    )
    signals = run_detectors(st, dyads=dyads, freq=freq, min_sources=min_sources, min_events=min_events)
    added = raise_alerts(st, signals, freq=freq)
    err.print(f"{len(signals)} signals, {len(added)} new alerts", highlight=False)
    return added


def _dyads(values: list[str] | None) -> list[tuple[str, str]] | None:
    from flashpoint.watch.alerts import parse_dyad  # noqa: PLC0415

    return [parse_dyad(v) for v in values] if values else None


def detect(
    freq: str = _FREQ,
    min_sources: int = _MIN_SOURCES,
    min_events: int = _MIN_EVENTS,
    dyad: list[str] = typer.Option(None, "--dyad", help="Only this SOURCE,TARGET dyad (repeatable)."),
    as_json: bool = _JSON,
    webhook: str = _WEBHOOK,
    store: str = _STORE,
) -> None:
    """Resolve events, run the detectors over the store's dyad series and raise alerts."""
    from flashpoint.store.db import Store  # noqa: PLC0415

    with user_errors():
        with Store.open(store) as st:
            ok = _detect_and_deliver(st, freq, min_sources, min_events, _dyads(dyad), webhook, as_json)
    if not ok:
        raise typer.Exit(1)


def watch(
    inputs: list[str] = typer.Argument(None, help="Files, directories, globs or '-' for stdin (as for `flashpoint code`)."),
    fmt: str = typer.Option("auto", "--format", "-f", help="auto, jsonl, text or html."),
    feeds: str = typer.Option(None, "--feeds", help="Watch the RSS/Atom feeds listed in FILE (one URL a line), "
                              "or 'default' for the shipped world-news list, instead of coding INPUTS."),
    once: bool = typer.Option(False, "--once", help="With --feeds: one cycle (poll, fetch, code, detect), then exit."),
    interval: float = typer.Option(900.0, "--interval", help="With --feeds: seconds from one cycle's start to the next."),
    max_items: int = typer.Option(None, "--max-items", min=1, help="With --feeds: fetch at most N pages a cycle."),
    host_interval: float = typer.Option(1.0, "--host-interval", min=0.0,
                                        help="With --feeds: seconds between two requests to one host."),
    timeout: float = typer.Option(20.0, "--timeout", min=0.1, help="With --feeds: seconds before a request times out."),
    freq: str = _FREQ,
    min_sources: int = _MIN_SOURCES,
    min_events: int = _MIN_EVENTS,
    as_json: bool = _JSON,
    webhook: str = _WEBHOOK,
    store: str = _STORE,
) -> None:
    """Code the inputs (or watch feeds) into the store, then resolve, detect and raise alerts (and deliver them)."""
    if feeds is not None:
        _watch_feeds(feeds, inputs, once=once, interval=interval, max_items=max_items, host_interval=host_interval,
                     timeout=timeout, freq=freq, min_sources=min_sources, min_events=min_events, as_json=as_json,
                     webhook=webhook, store=store)
        return
    from flashpoint.pipeline import run  # noqa: PLC0415
    from flashpoint.store.db import Store  # noqa: PLC0415

    with user_errors():
        with Store.open(store) as st:
            result = run(inputs or ["-"], store=st, fmt=fmt, stdin=sys.stdin)
            err.print(
                f"{result.n_articles} articles: {result.n_coded} coded, {result.n_events} events, "
                f"{result.n_already} already in the store, {result.n_failed} failed",
                highlight=False,
            )
            ok = _detect_and_deliver(st, freq, min_sources, min_events, None, webhook, as_json)
    if not ok:
        raise typer.Exit(1)


def _watch_feeds(
    feeds: str,
    inputs: list[str] | None,
    *,
    once: bool,
    interval: float,
    max_items: int | None,
    host_interval: float,
    timeout: float,
    freq: str,
    min_sources: int,
    min_events: int,
    as_json: bool,
    webhook: str | None,
    store: str | None,
) -> None:
    """`watch --feeds`: cycles of poll, fetch, code, then resolve/detect/alert when events were added."""
    from flashpoint.errors import InputError  # noqa: PLC0415
    from flashpoint.feeds import PoliteFetcher, read_feed_list, watch_feeds  # noqa: PLC0415

    ok = True

    def after(st: Store, result: CycleResult) -> None:
        nonlocal ok
        err.print(result.summary(), highlight=False)
        if not result.coded and not once:
            return  # nothing new to resolve or detect
        ok = _detect_and_deliver(st, freq, min_sources, min_events, None, webhook, as_json) and ok

    with user_errors():
        if inputs:
            raise InputError("watch", "give INPUTS or --feeds, not both")
        if interval <= 0:
            raise InputError("--interval", f"must be > 0 seconds, got {interval}")
        urls = read_feed_list(feeds)
        from flashpoint.coding.coder import Coder  # noqa: PLC0415

        err.print(f"watching {len(urls)} feeds" + ("" if once else f" every {interval:g}s (Ctrl-C stops)"),
                  highlight=False)
        with PoliteFetcher(min_interval=host_interval, timeout=timeout) as fetcher:
            try:
                watch_feeds(store, urls, coder=Coder(), fetcher=fetcher, once=once, interval=interval,
                            after_cycle=after, max_items=max_items)
            except KeyboardInterrupt:
                err.print("stopped", highlight=False)
    if not ok:
        raise typer.Exit(1)


@plot_app.command("dyad")
def plot_dyad_cmd(
    source: str = typer.Argument(..., help="Source country (ISO3) or actor code."),
    target: str = typer.Argument(..., help="Target country (ISO3) or actor code."),
    out: str = typer.Option(..., "--output", "-o", help="Image file: .png or .svg."),
    freq: str = _FREQ,
    start: str = typer.Option(None, "--start", help="First date (YYYY-MM-DD)."),
    end: str = typer.Option(None, "--end", help="Last date (YYYY-MM-DD)."),
    store: str = _STORE,
) -> None:
    """Plot a directed dyad's series (counts by quad class, Goldstein mean, ladder rung) with its alerts."""
    from pathlib import Path  # noqa: PLC0415

    from flashpoint.store.db import Store  # noqa: PLC0415
    from flashpoint.watch.plot import plot_dyad  # noqa: PLC0415

    with user_errors():
        with Store.open(store, read_only=True) as st:
            path = plot_dyad(st, source, target, Path(out), freq=freq, start=start, end=end)
    err.print(f"wrote {path}", highlight=False)
