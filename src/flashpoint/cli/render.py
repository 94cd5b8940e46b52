"""Rendering for the CLI: errors, summaries, event tables. The library never prints."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from flashpoint.errors import FlashpointError

err = Console(stderr=True)
T = TypeVar("T")


@contextmanager
def user_errors() -> Iterator[None]:
    """Render Flashpoint errors as one clear line and exit non-zero."""
    try:
        yield
    except FlashpointError as e:
        err.print(f"[bold red]error:[/] {e}", highlight=False)
        raise typer.Exit(2) from None


def print_summary(s: dict[str, Any], console: Console | None = None) -> None:
    """Render `flashpoint.store.queries.summary` for a person."""
    c = console or Console(width=None if sys.stdout.isatty() else 120)
    dr = s.get("date_range") or {}
    c.print(f"[bold]Store[/]: {s.get('path')}", highlight=False)
    line = (
        f"articles {s.get('n_articles', 0)} · events {s.get('n_events', 0)} · "
        f"skipped {s.get('n_skipped', 0)} · failures {s.get('n_failures', 0)} · runs {s.get('n_runs', 0)}"
    )
    if dr.get("start"):
        line += f" · event dates {dr['start']} to {dr['end']}"
    c.print(line, highlight=False)
    by_type = s.get("by_plover_type") or {}
    if by_type:
        c.print("[bold]Events by PLOVER type[/]")
        t = Table()
        t.add_column("type")
        t.add_column("events", justify="right")
        for k, v in by_type.items():
            t.add_row(str(k), str(v))
        c.print(t)
    dyads = s.get("top_dyads") or []
    if dyads:
        c.print("[bold]Top dyads (source → target)[/]")
        t = Table()
        t.add_column("source")
        t.add_column("target")
        t.add_column("events", justify="right")
        for d in dyads:
            t.add_row(str(d["source"]), str(d["target"]), str(d["n_events"]))
        c.print(t)


def event_table(events: list[dict[str, Any]]) -> Table:
    t = Table(show_lines=False)
    for col in ("date", "type", "cameo", "source", "target", "modality", "conf", "evidence"):
        t.add_column(col, overflow="fold")
    for e in events:
        src = e.get("source") or {}
        tgt = e.get("target") or {}
        t.add_row(
            str(e.get("date") or ""),
            e["plover"]["type"],
            e["cameo"]["code"],
            _party(src),
            _party(tgt),
            e.get("modality", ""),
            f"{e.get('confidence', 0):.2f}",
            (e.get("sentence") or {}).get("text", "")[:120],
        )
    return t


def _party(ref: dict[str, Any]) -> str:
    if not ref:
        return ""
    text = ref.get("text") or ""
    text = text if len(text) <= 30 else text[:29] + "…"
    return f"{ref.get('code') or '?'} ({text})"


def progress_for(total: int | None, label: str) -> tuple[Callable[[Any], None], Callable[[], None]]:
    """A rich progress bar on a terminal, nothing otherwise. Returns (update, close)."""
    if not sys.stderr.isatty():
        return (lambda _r: None), (lambda: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: PLC0415

    p = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[events]} events"), TimeElapsedColumn(), console=err, transient=True)
    task = p.add_task(label, total=total, events=0)
    p.start()

    def update(r: Any) -> None:
        p.update(task, completed=r.n_articles, events=r.n_events)

    return update, p.stop
