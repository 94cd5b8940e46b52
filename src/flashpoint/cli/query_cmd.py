"""`flashpoint events`, `export`, `summary`, `failures`: reading the store."""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console

from flashpoint.cli.render import err, event_table, print_summary, user_errors


def _filter(start, end, actor, country, ptype, dyad, modality, min_conf, limit, penta=None, category=None):  # type: ignore[no-untyped-def]
    from flashpoint.errors import InputError  # noqa: PLC0415
    from flashpoint.store.queries import EventFilter  # noqa: PLC0415

    d = None
    if dyad:
        parts = dyad.replace("->", ",").split(",")
        if len(parts) != 2:
            raise InputError("--dyad", f"expected SOURCE,TARGET (e.g. USA,IRN), got {dyad!r}")
        d = (parts[0].strip().upper(), parts[1].strip().upper())
    types = [t.strip().upper() for t in ptype.split(",")] if ptype else None
    pentas = [p.strip() for p in penta.split(",")] if penta else None
    categories = [c.strip().upper() for c in category.split(",")] if category else None
    return EventFilter(start=start, end=end, actor=actor, country=country.upper() if country else None,
                       plover_type=types, dyad=d, modality=modality, min_confidence=min_conf, limit=limit,
                       penta_class=pentas, category=categories)


_START = typer.Option(None, "--start", help="First event date (YYYY-MM-DD).")
_END = typer.Option(None, "--end", help="Last event date (YYYY-MM-DD).")
_ACTOR = typer.Option(None, "--actor", help="Actor code prefix or name (source or target).")
_COUNTRY = typer.Option(None, "--country", help="ISO3 country of source or target.")
_TYPE = typer.Option(None, "--type", "-t", help="PLOVER type(s), comma-separated.")
_DYAD = typer.Option(None, "--dyad", help="SOURCE,TARGET code prefixes, directed (e.g. USA,IRQ).")
_MOD = typer.Option(None, "--modality", help="asserted, claimed, denied, negated, future, hypothetical.")
_CONF = typer.Option(None, "--min-confidence", help="Only events at least this confident.")
_PENTA = typer.Option(None, "--penta", help="ConfliBERT class(es) of the evidence sentence, comma-separated: "
                      "0-4 or names (statement, verbal cooperation, material cooperation, verbal conflict, "
                      "material conflict).")
_CATEGORY = typer.Option(None, "--category", help="CASE 2021 category code(s) of the evidence sentence, "
                         "comma-separated (e.g. ARMED_CLASH,AIR_STRIKE).")
_STORE = typer.Option(None, "--store", "-s", help="Store file (default: $FLASHPOINT_DB or the user data dir).")


def events(
    start: str = _START, end: str = _END, actor: str = _ACTOR, country: str = _COUNTRY, ptype: str = _TYPE,
    dyad: str = _DYAD, modality: str = _MOD, min_confidence: float = _CONF, penta: str = _PENTA,
    category: str = _CATEGORY,
    limit: int = typer.Option(50, "--limit", "-n", help="At most this many events (0 = all)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
    store: str = _STORE,
) -> None:
    """List events from the store, filtered."""
    from flashpoint.store.db import Store  # noqa: PLC0415
    from flashpoint.store.queries import query_events  # noqa: PLC0415

    with user_errors():
        flt = _filter(start, end, actor, country, ptype, dyad, modality, min_confidence, limit or None,
                      penta, category)
        if fmt not in ("table", "json", "csv"):
            from flashpoint.errors import InputError  # noqa: PLC0415

            raise InputError("--format", f"expected table, json or csv, got {fmt!r}")
        with Store.open(store, read_only=True) as st:
            rows = query_events(st, flt)
            if fmt == "csv":
                from flashpoint.store.export import export_events  # noqa: PLC0415

                export_events(st, flt, "csv", sys.stdout)
                return
    if fmt == "json":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    Console(width=None if sys.stdout.isatty() else 200).print(event_table(rows))
    err.print(f"{len(rows)} events", highlight=False)


def export(
    out: str = typer.Argument(..., help="Output file ('-' = stdout for text formats)."),
    fmt: str = typer.Option(None, "--format", "-f", help="csv, jsonl, parquet or gdelt (default: from the file extension)."),
    start: str = _START, end: str = _END, actor: str = _ACTOR, country: str = _COUNTRY, ptype: str = _TYPE,
    dyad: str = _DYAD, modality: str = _MOD, min_confidence: float = _CONF, penta: str = _PENTA,
    category: str = _CATEGORY, store: str = _STORE,
) -> None:
    """Export events as CSV, JSONL, Parquet or GDELT 2.0 events TSV (61 columns)."""
    from flashpoint.errors import InputError  # noqa: PLC0415
    from flashpoint.store.db import Store  # noqa: PLC0415
    from flashpoint.store.export import export_events  # noqa: PLC0415

    with user_errors():
        if fmt is None:
            ext = out.rsplit(".", 1)[-1].lower() if "." in out else ""
            fmt = {"csv": "csv", "jsonl": "jsonl", "json": "jsonl", "parquet": "parquet", "tsv": "gdelt", "gdelt": "gdelt"}.get(ext)
            if fmt is None:
                raise InputError(out, "cannot tell the format from the extension; pass --format csv|jsonl|parquet|gdelt")
        flt = _filter(start, end, actor, country, ptype, dyad, modality, min_confidence, None, penta, category)
        with Store.open(store, read_only=True) as st:
            n = export_events(st, flt, fmt, sys.stdout if out == "-" else out)
    err.print(f"exported {n} events as {fmt} to {out}", highlight=False)


def summary_cmd(store: str = _STORE, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Summarise the store: events by type, top dyads, its path."""
    from flashpoint.store.db import Store  # noqa: PLC0415
    from flashpoint.store.queries import summary  # noqa: PLC0415

    with user_errors():
        with Store.open(store, read_only=True) as st:
            s = summary(st)
    if as_json:
        sys.stdout.write(json.dumps(s, default=str, indent=2) + "\n")
    else:
        print_summary(s)


def failures(store: str = _STORE, run_id: str = typer.Option(None, "--run", help="Only this run.")) -> None:
    """List articles that failed, with the stage and the reason."""
    from flashpoint.store.db import Store  # noqa: PLC0415
    from flashpoint.store.queries import list_failures  # noqa: PLC0415

    with user_errors():
        with Store.open(store, read_only=True) as st:
            rows = list_failures(st, run_id)
    for r in rows:
        sys.stdout.write(json.dumps(r, default=str, ensure_ascii=False) + "\n")
    err.print(f"{len(rows)} failures", highlight=False)
