"""Batch input: one JSON article per line (``../shared/docs/event-record.md``), validated line by line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from flashpoint.errors import InputError
from flashpoint.ingest.dates import normalise_iso
from flashpoint.records import ActorHints, Article, Failure, Span

_OPTIONAL_STRINGS = ("title", "url", "outlet", "author", "lang")


def failure_from(error: InputError, article_id: str | None = None) -> Failure:
    """The Failure record of an ingestion problem, for the store's failures table."""
    return Failure(
        article_id=article_id or error.where,
        stage="ingest",
        error=type(error).__name__,
        message=str(error),
        origin=error.where,
    )


def _spans(value: Any, key: str, text_len: int) -> tuple[Span, ...]:
    if not isinstance(value, list):
        raise ValueError(f"field 'actors.{key}' must be a list of [start, end] pairs")
    spans: list[Span] = []
    for i, pair in enumerate(value):
        if (
            not isinstance(pair, list | tuple)
            or len(pair) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in pair)
        ):
            raise ValueError(f"field 'actors.{key}[{i}]' must be a pair of integers, got {pair!r}")
        start, end = pair
        if not 0 <= start < end <= text_len:
            raise ValueError(
                f"field 'actors.{key}[{i}]' span [{start}, {end}] is out of range for a text of {text_len} characters"
            )
        spans.append((start, end))
    return tuple(spans)


def _actors(value: Any, text_len: int) -> ActorHints | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("field 'actors' must be an object with 'source' and 'target' span lists")
    unknown = sorted(set(value) - {"source", "target"})
    if unknown:
        raise ValueError(f"field 'actors' has unknown keys {unknown}; expected 'source' and 'target'")
    hints = ActorHints(
        source=_spans(value.get("source", []), "source", text_len),
        target=_spans(value.get("target", []), "target", text_len),
    )
    if not hints.source and not hints.target:
        raise ValueError("field 'actors' gives no spans")
    return hints


def article_from_dict(obj: Any, origin: str) -> Article:
    """Validate one batch-input object; raises InputError(origin, problem) naming the field."""
    if not isinstance(obj, dict):
        raise InputError(origin, f"expected a JSON object, got {type(obj).__name__}")
    art_id = obj.get("id")
    if art_id is None or art_id == "":
        raise InputError(origin, "missing required field 'id'")
    if isinstance(art_id, bool) or not isinstance(art_id, str | int):
        raise InputError(origin, f"field 'id' must be a string or integer, got {type(art_id).__name__}")
    if "text" not in obj or obj["text"] is None:
        raise InputError(origin, "missing required field 'text'")
    text = obj["text"]
    if not isinstance(text, str):
        raise InputError(origin, f"field 'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InputError(origin, "field 'text' is empty")
    meta: dict[str, str | None] = {}
    for key in _OPTIONAL_STRINGS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(origin, f"field {key!r} must be a string, got {type(value).__name__}")
        meta[key] = value.strip() or None if isinstance(value, str) else None
    raw_date = obj.get("date")
    date: str | None = None
    if raw_date is not None and raw_date != "":
        if not isinstance(raw_date, str):
            raise InputError(origin, f"field 'date' must be an ISO 8601 string, got {raw_date!r}")
        try:
            date = normalise_iso(raw_date)
        except ValueError:
            raise InputError(origin, f"field 'date' is not an ISO 8601 date or datetime: {raw_date!r}") from None
    try:
        actors = _actors(obj.get("actors"), len(text))
    except ValueError as exc:
        raise InputError(origin, str(exc)) from None
    lang = meta["lang"].lower() if meta["lang"] else None
    return Article(
        id=str(art_id),
        text=text,
        title=meta["title"],
        url=meta["url"],
        outlet=meta["outlet"],
        author=meta["author"],
        date=date,
        lang=lang,
        actors=actors,
        origin=origin,
    )


def _id_hint(obj: Any) -> str | None:
    if isinstance(obj, dict) and isinstance(obj.get("id"), str | int) and not isinstance(obj.get("id"), bool):
        return str(obj["id"]) or None
    return None


def parse_jsonl(lines: Iterable[str], path: str) -> Iterator[Article | Failure]:
    """Articles from JSON lines; each bad line becomes a Failure naming ``path:lineno`` and the field."""
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        obj: Any = None
        try:
            obj = json.loads(line)
            yield article_from_dict(obj, where)
        except json.JSONDecodeError as exc:
            yield failure_from(InputError(where, f"invalid JSON ({exc.msg} at column {exc.colno})"))
        except InputError as exc:
            yield failure_from(exc, _id_hint(obj))


def parse_json_text(text: str, path: str) -> Iterator[Article | Failure]:
    """JSON lines, or a JSON array of article objects (a ``.json`` file starting with ``[``)."""
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            yield failure_from(InputError(f"{path}:{exc.lineno}", f"invalid JSON ({exc.msg})"))
            return
        for i, obj in enumerate(items):
            where = f"{path}:[{i}]"
            try:
                yield article_from_dict(obj, where)
            except InputError as exc:
                yield failure_from(exc, _id_hint(obj))
        return
    yield from parse_jsonl(text.splitlines(), path)
