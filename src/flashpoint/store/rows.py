"""Flatten contract records (``Event.to_dict()``) into the columns of the ``events`` table.

The write path and the JSONL importer both go through `event_row`, so a record has one flat form.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flashpoint.errors import InputError

# (column, DuckDB type) in table order; `added_at` is set by the writer.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "TEXT"),
    ("content_hash", "TEXT"),
    ("article_id", "TEXT"),
    ("coder_version", "TEXT"),
    ("run_id", "TEXT"),
    ("date", "DATE"),
    ("date_precision", "TEXT"),
    ("plover_type", "TEXT"),
    ("plover_mode", "TEXT"),
    ("plover_context", "TEXT[]"),
    ("cameo_code", "TEXT"),
    ("cameo_root", "TEXT"),
    ("goldstein", "DOUBLE"),
    ("quad_class", "INTEGER"),
    ("acled_event_type", "TEXT"),
    ("acled_sub_event_type", "TEXT"),
    *(
        (f"{role}_{part}", "INTEGER" if part in ("start", "end") else "TEXT")
        for role in ("source", "target")
        for part in ("text", "start", "end", "name", "code", "country", "sector")
    ),
    ("location_text", "TEXT"),
    ("location_start", "INTEGER"),
    ("location_end", "INTEGER"),
    ("location_name", "TEXT"),
    ("location_country", "TEXT"),
    ("location_admin1", "TEXT"),
    ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"),
    ("location_precision", "TEXT"),
    ("modality", "TEXT"),
    ("attribution_text", "TEXT"),
    ("attribution_start", "INTEGER"),
    ("attribution_end", "INTEGER"),
    ("attribution_name", "TEXT"),
    ("attribution_code", "TEXT"),
    ("fatalities", "INTEGER"),
    ("confidence", "DOUBLE"),
    ("sentence_idx", "INTEGER"),
    ("sentence_start", "INTEGER"),
    ("sentence_end", "INTEGER"),
    ("sentence_text", "TEXT"),
    ("trigger_text", "TEXT"),
    ("trigger_start", "INTEGER"),
    ("trigger_end", "INTEGER"),
    # the evidence sentence's class (record "sentence_class"; migration 0006): ConfliBERT penta class
    # 0-4, its name and probability; CASE 2021 category code, its name and probability
    ("penta_class", "INTEGER"),
    ("penta_name", "TEXT"),
    ("penta_prob", "DOUBLE"),
    ("category", "TEXT"),
    ("category_name", "TEXT"),
    ("category_prob", "DOUBLE"),
    ("record", "JSON"),
)

EVENT_COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in EVENT_COLUMNS)


def event_day(value: str | None) -> date | None:
    """The day of an ISO date string: 'YYYY-MM-DD...' as is, 'YYYY-MM' and 'YYYY' padded with 01.

    Returns None for None or a string that is not an ISO date.
    """
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            return date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return None


def record_json(record: dict[str, Any]) -> str:
    """The canonical JSON text of a record (key order kept, UTF-8 kept, no whitespace)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _span(part: dict[str, Any] | None, where: str) -> tuple[int | None, int | None]:
    if part is None:
        return (None, None)
    span = part.get("span")
    if span is None:
        return (None, None)
    if not isinstance(span, (list, tuple)) or len(span) != 2:
        raise InputError(where, f"span must be [start, end], got {span!r}")
    return (int(span[0]), int(span[1]))


def _party(part: dict[str, Any] | None, fields_: tuple[str, ...], where: str) -> list[Any]:
    """text, start, end, then `fields_` of an actor/location/attribution dict (Nones when absent)."""
    start, end = _span(part, where)
    p = part or {}
    return [p.get("text"), start, end, *(p.get(f) for f in fields_)]


def event_row(
    record: dict[str, Any], content_hash: str | None, coder_version: str | None, run_id: str | None
) -> list[Any]:
    """The values of EVENT_COLUMNS for one contract record."""
    where = f"event {record.get('event_id')!r}"
    try:
        plover = record["plover"]
        cameo = record.get("cameo") or {}
        acled = record.get("acled") or {}
        sentence = record.get("sentence") or {}
        trigger = record.get("trigger") or {}
        sclass = record.get("sentence_class") or {}
        s_start, s_end = _span(sentence, where)
        t_start, t_end = _span(trigger, where)
        row: list[Any] = [
            record["event_id"],
            content_hash,
            record["article_id"],
            coder_version,
            run_id,
            event_day(record.get("date")),
            record.get("date_precision"),
            plover["type"],
            plover.get("mode"),
            list(plover.get("context") or []),
            cameo.get("code"),
            cameo.get("root"),
            cameo.get("goldstein"),
            cameo.get("quad_class"),
            acled.get("event_type"),
            acled.get("sub_event_type"),
            *_party(record.get("source"), ("name", "code", "country", "sector"), where),
            *_party(record.get("target"), ("name", "code", "country", "sector"), where),
            *_party(
                record.get("location"),
                ("name", "country", "admin1", "lat", "lon", "precision"),
                where,
            ),
            record.get("modality"),
            *_party(record.get("attribution"), ("name", "code"), where),
            record.get("fatalities"),
            record.get("confidence"),
            sentence.get("index"),
            s_start,
            s_end,
            sentence.get("text"),
            trigger.get("text"),
            t_start,
            t_end,
            sclass.get("penta"),
            sclass.get("name"),
            sclass.get("prob"),
            sclass.get("category"),
            sclass.get("category_name"),
            sclass.get("category_prob"),
            record_json(record),
        ]
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise InputError(where, f"not a valid event record: {exc!r}") from exc
    assert len(row) == len(EVENT_COLUMNS)
    return row
