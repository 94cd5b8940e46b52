"""Exports of stored events (CSV, JSONL, Parquet, GDELT 2.0 TSV) and the JSONL re-import."""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from flashpoint.errors import InputError, StoreError
from flashpoint.records import Event
from flashpoint.store.gdelt import gdelt_row
from flashpoint.store.queries import EventFilter, select_events
from flashpoint.store.rows import EVENT_COLUMN_NAMES, event_row
from flashpoint.store.write import insert_events, refresh_actors

if TYPE_CHECKING:
    from flashpoint.store.db import Store

FORMATS = ("csv", "jsonl", "parquet", "gdelt")

# CSV / Parquet columns: every flat event column except the record JSON, then when it was added.
FLAT_COLUMNS: tuple[str, ...] = (*(c for c in EVENT_COLUMN_NAMES if c != "record"), "added_at")


def export_events(store: Store, flt: EventFilter | None, fmt: str, out: Path | str | TextIO) -> int:
    """Write the events matching `flt` to `out` (a path, or a text stream except for parquet) in
    `fmt` (csv, jsonl, parquet, gdelt), ordered by date then event_id. Returns the number written.
    """
    if fmt not in FORMATS:
        raise InputError("export format", f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, (str, Path)):
            raise InputError("parquet export", "needs a file path, not a stream")
        return _parquet(store, flt, Path(out))
    writer = {"csv": _csv, "jsonl": _jsonl, "gdelt": _gdelt}[fmt]
    with _text_out(out) as stream:
        return writer(store, flt, stream)


@contextlib.contextmanager
def _text_out(out: Path | str | TextIO) -> Iterator[IO[str]]:
    if isinstance(out, (str, Path)):
        try:
            with open(out, "w", encoding="utf-8", newline="") as f:
                yield f
        except OSError as exc:
            raise StoreError(f"cannot write export to {out}: {exc}") from exc
    else:
        yield out


def _rows(store: Store, flt: EventFilter | None, columns: str) -> Iterator[tuple[Any, ...]]:
    sql, params = select_events(store, flt, columns)
    cur = store.connection.execute(sql, params)
    while chunk := cur.fetchmany(2048):
        yield from chunk


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, list):
        return ";".join(str(x) for x in v)
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return v


def _csv(store: Store, flt: EventFilter | None, out: IO[str]) -> int:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(FLAT_COLUMNS)
    n = 0
    for row in _rows(store, flt, ", ".join(f"e.{c}" for c in FLAT_COLUMNS)):
        w.writerow([_csv_value(v) for v in row])
        n += 1
    return n


def _jsonl(store: Store, flt: EventFilter | None, out: IO[str]) -> int:
    n = 0
    for (record,) in _rows(store, flt, "e.record"):
        out.write(record)
        out.write("\n")
        n += 1
    return n


def _gdelt(store: Store, flt: EventFilter | None, out: IO[str]) -> int:
    n = 0
    for record, pub_date, url, added_at in _rows(store, flt, "e.record, a.pub_date, a.url, e.added_at"):
        out.write("\t".join(gdelt_row(json.loads(record), pub_date, url, added_at)))
        out.write("\n")
        n += 1
    return n


def _parquet(store: Store, flt: EventFilter | None, path: Path) -> int:
    sql, params = select_events(store, flt, ", ".join(f"e.{c}" for c in (*FLAT_COLUMNS, "record")))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        store.connection.sql(sql, params=params).write_parquet(str(path))
        row = store.connection.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()
    except Exception as exc:  # duckdb.Error or OSError
        raise StoreError(f"cannot write parquet export to {path}: {exc}") from exc
    return int(row[0]) if row else 0


def import_jsonl(store: Store, path: Path | str, batch_size: int = 5000) -> int:
    """Import contract records (one JSON object a line, as `export_events(..., "jsonl", ...)` writes)
    as one run named "import". Records are kept exactly as read; an event id already in the store is
    replaced. The events have no article row (content_hash is null). Returns the number imported.
    """
    from flashpoint.store.db import utcnow

    path = Path(path)
    run_id = store.start_run("import", "", {"import_jsonl": str(path)})
    n = 0
    try:
        with open(path, encoding="utf-8") as f:
            batch: dict[str, list[Any]] = {}
            for lineno, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                record = _read_record(line, f"{path}:{lineno}")
                version = (record.get("coder") or {}).get("version")
                batch[record["event_id"]] = [*event_row(record, None, version, run_id), utcnow()]
                if len(batch) >= batch_size:
                    n += _import_batch(store, batch)
                    batch = {}
            n += _import_batch(store, batch)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    store.finish_run(run_id, {"n_articles": 0, "n_events": n, "n_failed": 0, "n_skipped": 0})
    return n


def _read_record(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise InputError(where, "expected a JSON object (an event record)")
    try:
        Event.from_dict(record)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise InputError(where, f"not an event record: {exc!r}") from exc
    return record


def _import_batch(store: Store, batch: dict[str, list[Any]]) -> int:
    if not batch:
        return 0
    con = store.connection
    ids = list(batch)
    src, tgt = EVENT_COLUMN_NAMES.index("source_code"), EVENT_COLUMN_NAMES.index("target_code")
    con.execute("BEGIN TRANSACTION")
    try:
        old = con.execute(
            "SELECT source_code, target_code FROM events WHERE event_id IN (SELECT unnest(?::TEXT[]))", [ids]
        ).fetchall()
        con.execute("DELETE FROM events WHERE event_id IN (SELECT unnest(?::TEXT[]))", [ids])
        insert_events(con, list(batch.values()))
        codes = {c for r in old for c in r if c} | {c for row in batch.values() for c in (row[src], row[tgt]) if c}
        refresh_actors(con, codes)
        con.execute("COMMIT")
    except Exception as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"store {store.path}: importing {len(batch)} events failed: {exc}") from exc
    return len(batch)
