"""Split inputs into partitions (JSONL by line ranges, Parquet by row groups) and read one back.

A partition names a file (local path or fsspec URL) and a half-open range of its lines or rows.
The plan depends only on the inputs and the partition size, never on how many workers run it, and
reading a partition yields exactly the articles (or per-line failures, with the same
``path:line`` origins) that `flashpoint.ingest.read_inputs` yields for those lines.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flashpoint.engine import files
from flashpoint.errors import InputError
from flashpoint.ingest.jsonl import article_from_dict, failure_from, parse_json_text, parse_jsonl_stream
from flashpoint.records import Article, Failure

log = logging.getLogger(__name__)

JSONL_SUFFIXES = frozenset({".jsonl", ".json", ".ndjson"})
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
KINDS = ("jsonl", "json-array", "parquet")
DEFAULT_SIZE = 500  # articles (lines or rows) per partition
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Partition:
    """Lines (or rows) [start, stop) of one input file; JSONL partitions also carry their byte range."""

    index: int
    location: str  # local path or URL, as the article origins give it
    kind: str  # jsonl, json-array (a .json file holding one array: never split) or parquet
    start: int
    stop: int
    byte_start: int = 0
    byte_stop: int = -1

    @property
    def name(self) -> str:
        """The file stem of this partition's outputs: part-00000, part-00001, ..."""
        return f"part-{self.index:05d}"

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "location": self.location, "kind": self.kind, "start": self.start,
                "stop": self.stop, "byte_start": self.byte_start, "byte_stop": self.byte_stop}


def plan_partitions(inputs: Iterable[str], size: int = DEFAULT_SIZE) -> list[Partition]:
    """Partitions of `inputs` (files, folders, globs; local or fsspec URLs), at most `size` articles each.

    JSONL files (.jsonl/.json/.ndjson, gzipped or not) split by line ranges; Parquet files (.parquet)
    by row groups (a row group larger than `size` is split by rows). Raises InputError for an input
    that names nothing, for other formats (use the local engine) and for unreadable files.
    """
    if size < 1:
        raise InputError("partition size", f"must be >= 1, got {size}")
    known = JSONL_SUFFIXES | PARQUET_SUFFIXES
    locations: list[str] = []
    for item in inputs:
        if item == "-":
            raise InputError("-", "the dask engine cannot read stdin: give files, folders, globs or URLs")
        for loc in files.expand(item, known):
            suffix = files.base_suffix(loc)
            if suffix not in known:
                raise InputError(loc, "the dask engine reads JSONL and Parquet only; use --engine local for text or HTML")
            locations.append(loc)
    ranges: list[tuple[str, str, int, int, int, int]] = []
    for loc in locations:
        if files.base_suffix(loc) in PARQUET_SUFFIXES:
            ranges.extend((loc, "parquet", a, b, 0, -1) for a, b in _parquet_ranges(loc, size))
        else:
            ranges.extend(_jsonl_ranges(loc, size))
    return [Partition(i, *r) for i, r in enumerate(ranges)]


def _jsonl_ranges(loc: str, size: int) -> list[tuple[str, str, int, int, int, int]]:
    """(location, kind, first line, stop line, first byte, stop byte) of each block of `size` lines."""
    try:
        with files.open_binary(loc) as f:
            head = f.read(_CHUNK)
            if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
                return [(loc, "json-array", 0, 1, 0, -1)]
            bounds = [(0, 0)]  # (line, byte) where each partition starts
            n_lines, pos, chunk = 0, 0, head
            while chunk:
                idx = 0
                while True:
                    need = size - n_lines % size
                    if chunk.count(b"\n", idx) < need:
                        n_lines += chunk.count(b"\n", idx)
                        break
                    for _ in range(need):
                        idx = chunk.index(b"\n", idx) + 1
                    n_lines += need
                    bounds.append((n_lines, pos + idx))
                pos += len(chunk)
                last = chunk
                chunk = f.read(_CHUNK)
            if pos and not last.endswith(b"\n"):
                n_lines += 1  # a last line without its newline
    except (OSError, EOFError) as exc:
        raise InputError(loc, f"cannot read: {exc}") from exc
    bounds.append((n_lines, pos))
    return [(loc, "jsonl", a, b, ba, bb) for (a, ba), (b, bb) in zip(bounds, bounds[1:]) if bb > ba]


def _parquet_ranges(loc: str, size: int) -> list[tuple[int, int]]:
    """Row ranges following the file's row groups: whole groups up to `size` rows, big groups split."""
    import duckdb

    con = duckdb.connect()
    try:
        files.register_with(con, loc)
        rows = con.execute(
            "SELECT row_group_id, any_value(row_group_num_rows) FROM parquet_metadata(?) "
            "GROUP BY row_group_id ORDER BY row_group_id",
            [loc],
        ).fetchall()
    except duckdb.Error as exc:
        raise InputError(loc, f"not a readable Parquet file: {exc}") from exc
    finally:
        con.close()
    out: list[tuple[int, int]] = []
    start = pos = 0
    for _, n in rows:
        n = int(n)
        if pos > start and pos - start + n > size:
            out.append((start, pos))
            start = pos
        pos += n
        while pos - start > size:
            out.append((start, start + size))
            start += size
    if pos > start:
        out.append((start, pos))
    return out


# ---- reading one partition ----------------------------------------------------------------------


def read_partition(part: Partition) -> Iterator[Article | Failure]:
    """The articles (hashed, language-checked) and failures of one partition, in input order."""
    from flashpoint.ingest.readers import finish_article  # the same finishing step as read_inputs

    for item in _raw_items(part):
        yield finish_article(item, True)


def _raw_items(part: Partition) -> Iterator[Article | Failure]:
    if part.kind == "parquet":
        yield from _parquet_items(part)
    elif part.kind == "json-array":
        yield from _json_array_items(part)
    else:
        yield from _jsonl_items(part)


def _jsonl_items(part: Partition) -> Iterator[Article | Failure]:
    """The lines of the partition's byte range, streamed: numbered as in the file, as read_inputs numbers them."""
    limit = None if part.byte_stop < 0 else part.byte_stop - part.byte_start
    try:
        with files.open_binary(part.location) as f:
            f.seek(part.byte_start)
            yield from parse_jsonl_stream(f, part.location, first_line=part.start + 1, limit_bytes=limit)
    except InputError as exc:  # the stream broke mid-range: the items before it stay yielded
        yield failure_from(exc)
    except (OSError, EOFError, zlib.error) as exc:
        yield failure_from(InputError(f"{part.location}:{part.start + 1}", f"cannot read: {exc}"))


def _json_array_items(part: Partition) -> Iterator[Article | Failure]:
    """A .json file holding one array: read whole (the stdlib cannot stream it)."""
    try:
        with files.open_binary(part.location) as f:
            text = f.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield failure_from(InputError(part.location, f"not UTF-8 text (byte {exc.start}: {exc.reason})"))
        return
    except (OSError, EOFError, zlib.error) as exc:
        yield failure_from(InputError(part.location, f"cannot read: {exc}"))
        return
    yield from parse_json_text(text, part.location)


def _parquet_items(part: Partition) -> Iterator[Article | Failure]:
    import duckdb

    con = duckdb.connect()
    try:
        files.register_with(con, part.location)
        cur = con.execute(
            "SELECT * FROM read_parquet(?, file_row_number = true) "
            "WHERE file_row_number >= ? AND file_row_number < ? ORDER BY file_row_number",
            [part.location, part.start, part.stop],
        )
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
    except duckdb.Error as exc:
        yield failure_from(InputError(f"{part.location}:{part.start + 1}", f"cannot read Parquet rows: {exc}"))
        return
    finally:
        con.close()
    for row in rows:
        obj = {k: _plain(v) for k, v in zip(names, row, strict=True) if v is not None}
        where = f"{part.location}:{int(obj.pop('file_row_number')) + 1}"
        try:
            if isinstance(obj.get("actors"), str):
                obj["actors"] = _json_field(obj["actors"], where)
            yield article_from_dict(obj, where)
        except InputError as exc:
            art_id = obj.get("id")
            yield failure_from(exc, str(art_id) if isinstance(art_id, str | int) and art_id != "" else None)


def _json_field(value: str, where: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"field 'actors' is not valid JSON ({exc.msg})") from None


def _plain(value: Any) -> Any:
    """Parquet values as the JSON reader would give them: dates as ISO strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
