"""Bring Parquet partitions written by the Dask engine (`flashpoint.engine`) into a store.

Choice: partitions are *imported* into the store's own tables (articles, sentences, events,
failures, actors, runs) rather than exposed as a view over the Parquet files. Every reader of the
store (`query_events`, `summary`, exports, resolution, detectors) reads the `events` table, so
imported partitions are visible to all of them with no change, and the store stays one
self-contained file. The import goes through `Store.write_many`, the write path of a
single-process run, so its rules hold unchanged: attaching the same partitions twice adds nothing,
an article the store already has from the same coder version is left as it is (the first partition
holding an article wins), and the actors table is kept up to date. Only partitions whose done-record
(`_done/part-NNNNN.json`) exists are attached: a partition still being written is ignored.
"""

from __future__ import annotations

import glob
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint.engine import files, layout
from flashpoint.errors import InputError
from flashpoint.records import ActorHints, Article, CodedArticle, Event, Failure, Sentence

if TYPE_CHECKING:
    from flashpoint.store.db import Store

log = logging.getLogger(__name__)

_GLOB_CHARS = re.compile(r"[*?\[]")


def partition_dirs(dir_or_glob: str | Path) -> list[str]:
    """The output folders of partitioned runs named by a folder or a glob of folders (local or URL)."""
    spec = str(dir_or_glob)
    if _GLOB_CHARS.search(spec):
        if files.is_url(spec):
            fs, path = files.filesystem(spec)
            found = sorted(fs.unstrip_protocol(p) for p in fs.glob(path) if fs.isdir(p))
        else:
            found = sorted(p for p in glob.glob(spec) if Path(p).is_dir())
        dirs = [d for d in found if files.list_files(d, f"{layout.DONE}/*.json")]
        if not dirs:
            raise InputError(spec, "matches no folder of Parquet partitions (with a _done/ folder)")
        return dirs
    if not files.list_files(spec, f"{layout.DONE}/*.json"):
        raise InputError(spec, "not a folder of finished Parquet partitions (no _done/part-*.json)")
    return [spec]


def attach_partitions(store: Store, dir_or_glob: str | Path, *, force: bool = False) -> int:
    """Import the finished Parquet partitions under `dir_or_glob` into `store`; returns the events added.

    One store run per coder version found; its config lists the partitions it imported
    ("<engine run id>/part-NNNNN"), and partitions an earlier attach imported are skipped, so
    attaching twice adds nothing (no run, no failure rows). `force` re-imports them and rewrites
    articles the store already has from the same coder version.
    """
    attached = set() if force else attached_keys(store)
    by_version: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for d in partition_dirs(dir_or_glob):
        for done_path in files.list_files(d, f"{layout.DONE}/*.json"):
            text = files.read_text(done_path)
            if text is None:
                continue
            rec = json.loads(text)
            if _key(rec) in attached:
                log.debug("%s: partition %s already attached", d, rec["name"])
                continue
            by_version.setdefault(str(rec["coder"]["version"]), []).append((d, rec))
    added = 0
    for version, parts in by_version.items():
        first = parts[0][1]
        config = {
            "engine": "dask",
            "attached": sorted({d for d, _ in parts}),
            "engine_runs": sorted({r["run_id"] for _, r in parts}),
            "partitions": [_key(r) for _, r in parts],
            "coder": first.get("coder_config"),
            "components": first["coder"].get("components"),
        }
        run_id = store.start_run(str(first["coder"].get("name", "flashpoint")), version, config)
        for d, rec in parts:
            added += store.write_many(_items(store, d, rec["name"]), run_id, version, force=force)["n_events"]
        store.finish_run(run_id)
        log.info("attached %d partitions (coder %s) to %s", len(parts), version, store.path)
    return added


def _key(rec: dict[str, Any]) -> str:
    return f"{rec['run_id']}/{rec['name']}"


def attached_keys(store: Store) -> set[str]:
    """The partitions ("<engine run id>/part-NNNNN") earlier attach runs imported into `store`."""
    rows = store.connection.execute(
        "SELECT config FROM runs WHERE json_extract_string(config, '$.engine') = 'dask'"
    ).fetchall()
    return {k for (cfg,) in rows for k in (json.loads(cfg).get("partitions") or [])}


# Events are rebuilt from their record alone (the flat columns are derived from it again on writing), so
# partitions written before a flat column was added (e.g. migration 0006's penta_class) still attach.
_READ_COLUMNS: dict[str, tuple[str, ...]] = {"events": ("event_id", "content_hash", "record")}


def _read(store: Store, out: str, table: str, name: str) -> list[dict[str, Any]]:
    import duckdb

    path = layout.table_file(out, table, name)
    con = store.connection
    files.register_with(con, path)
    cols = ", ".join(f'"{c}"' for c in _READ_COLUMNS.get(table, layout.TABLES[table]))
    try:
        cur = con.execute(f"SELECT {cols} FROM read_parquet(?) ORDER BY {layout.ORDER[table]}", [path])
    except duckdb.Error as exc:
        raise InputError(path, f"cannot read partition table {table}: {exc}") from exc
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _article(row: dict[str, Any]) -> Article:
    hints = None
    if row["actor_hints"]:
        h = json.loads(row["actor_hints"])
        hints = ActorHints(source=tuple((int(a), int(b)) for a, b in h.get("source", [])),
                           target=tuple((int(a), int(b)) for a, b in h.get("target", [])))
    return Article(
        id=row["article_id"], text=row["text"] or "", title=row["title"], url=row["url"], outlet=row["outlet"],
        author=row["author"], date=row["pub_date"], lang=row["lang"], actors=hints,
        content_hash=row["content_hash"], origin=row["origin"], skipped=row["skipped"],
    )


def _items(store: Store, out: str, name: str) -> Iterator[CodedArticle]:
    """The coded articles of one partition, rebuilt from its Parquet rows: coded and skipped ones
    (content-hash order), then failures."""
    articles = _read(store, out, "articles", name)
    sentences: dict[str, list[Sentence]] = {}
    for s in _read(store, out, "sentences", name):
        sentences.setdefault(s["content_hash"], []).append(Sentence(s["idx"], s["text"], s["start"], s["end"]))
    events: dict[str, list[Event]] = {}
    for e in _read(store, out, "events", name):
        events.setdefault(e["content_hash"], []).append(Event.from_dict(json.loads(e["record"])))
    uncoded: dict[str, Article] = {}
    for row in articles:
        art = _article(row)
        if row["coder_version"] is None:  # the text of an article that failed
            uncoded[row["content_hash"]] = art
            continue
        h = row["content_hash"]
        yield CodedArticle(art, sentences=tuple(sentences.get(h, ())), events=tuple(events.get(h, ())))
    for f in _read(store, out, "failures", name):
        h = f["content_hash"]
        art = uncoded.get(h) if h else None
        if art is None:
            art = Article(id=f["article_id"], text="", content_hash=h or "", origin=f["origin"])
        yield CodedArticle(art, failure=Failure(f["article_id"], f["stage"], f["error"], f["message"], f["origin"]))
