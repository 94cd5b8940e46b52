"""Batch input: one JSON article per line (``../shared/docs/event-record.md``), validated line by line."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from flashpoint.errors import InputError
from flashpoint.ingest.dates import normalise_iso
from flashpoint.records import ActorHints, Article, Failure, Span

_OPTIONAL_STRINGS = ("title", "url", "outlet", "author", "lang")
_CHUNK = 1 << 18  # bytes read at a time by byte_lines
_BOM = b"\xef\xbb\xbf"


class Readable(Protocol):
    """What the streaming reader needs of a binary stream (files, gzip, stdin, fsspec file objects)."""

    def read(self, size: int = -1, /) -> bytes: ...


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


def _parse_line(line: str, where: str) -> Article | Failure:
    obj: Any = None
    try:
        obj = json.loads(line)
        return article_from_dict(obj, where)
    except json.JSONDecodeError as exc:
        return failure_from(InputError(where, f"invalid JSON ({exc.msg} at column {exc.colno})"))
    except InputError as exc:
        return failure_from(exc, _id_hint(obj))


def parse_jsonl(lines: Iterable[str], path: str) -> Iterator[Article | Failure]:
    """Articles from JSON lines; each bad line becomes a Failure naming ``path:lineno`` and the field."""
    for lineno, line in enumerate(lines, start=1):
        if line.strip():
            yield _parse_line(line, f"{path}:{lineno}")


def _undecodable(raw: bytes, exc: UnicodeDecodeError, where: str) -> Failure:
    """The Failure of a line that is not UTF-8, with the article id when the rest of the line gives one."""
    try:
        hint = _id_hint(json.loads(raw.decode("utf-8", errors="replace")))
    except ValueError:
        hint = None
    message = f"not UTF-8 text (byte {exc.start + 1} of the line: {exc.reason})"
    return failure_from(InputError(where, message), hint)


def byte_lines(f: Readable, limit_bytes: int | None = None) -> Iterator[bytes]:
    """The lines of a binary stream split on b"\\n" only (without it), reading at most `limit_bytes`.

    Uses only ``read(n)`` (``read1(n)`` where the stream has it), so plain files, gzip streams, stdin
    and fsspec file objects all work; memory holds one chunk and one line.
    """
    read = getattr(f, "read1", None) or f.read
    pending: list[bytes] = []
    left = limit_bytes
    while left is None or left > 0:
        chunk = read(_CHUNK if left is None else min(_CHUNK, left))
        if not chunk:
            break
        if left is not None:
            left -= len(chunk)
        parts = chunk.split(b"\n")
        if len(parts) == 1:
            pending.append(chunk)
            continue
        if pending:
            pending.append(parts[0])
            parts[0] = b"".join(pending)
        tail = parts.pop()
        pending = [tail] if tail else []
        yield from parts
    if pending:
        yield b"".join(pending)  # a last line without its newline


def parse_jsonl_stream(
    f: Readable, path: str, first_line: int = 1, limit_bytes: int | None = None
) -> Iterator[Article | Failure]:
    """Articles from a binary JSONL stream, read line by line (memory does not grow with the file).

    Lines end at b"\\n" only (a trailing b"\\r" is dropped), so U+2028, U+0085 and other characters
    that ``str.splitlines`` breaks on stay inside their line, and line numbers count b"\\n" as the
    partition planner does. `first_line` is the number of the stream's first line (a UTF-8 BOM is
    dropped when it is 1); blank lines are skipped but counted. Each bad line (invalid JSON, a bad
    field, bytes that are not UTF-8) becomes a Failure naming ``path:lineno`` and the rest goes on.
    Raises InputError(``path:lineno``, "cannot read: ...") when the stream itself breaks (I/O
    error, truncated or corrupt gzip); the items before it have been yielded.
    """
    lineno = first_line - 1
    lines = byte_lines(f, limit_bytes)
    while True:
        lineno += 1
        try:
            raw = next(lines, None)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{path}:{lineno}", f"cannot read: {exc}") from exc
        if raw is None:
            return
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        if lineno == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        where = f"{path}:{lineno}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield _undecodable(raw, exc, where)
            continue
        if line.strip():
            yield _parse_line(line, where)


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
    # lines end at "\n" only, as in parse_jsonl_stream (str.splitlines also breaks on U+2028, \x85, ...)
    yield from parse_jsonl((line.removesuffix("\r") for line in text.split("\n")), path)
