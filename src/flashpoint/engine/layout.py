"""The on-disk layout of a partitioned run (what the workers write and `attach_partitions` reads).

    OUT/events/part-00000.parquet      one row per event: the store's `events` columns (no added_at)
    OUT/articles/part-00000.parquet    the store's `articles` columns (no first_seen / last_coded)
    OUT/sentences/part-00000.parquet   content_hash, idx, start, end, text
    OUT/failures/part-00000.parquet    the store's `failures` columns (no "at")
    OUT/_done/part-00000.json          written last: the partition is complete (counts, coder)
    OUT/_manifest.json                 written by the driver when every partition is done

Timestamps are left out so that the files are a deterministic function of the input and the coder.
"""

from __future__ import annotations

from flashpoint.store.rows import EVENT_COLUMN_NAMES

TABLES: dict[str, tuple[str, ...]] = {
    "events": EVENT_COLUMN_NAMES,
    "articles": (
        "content_hash", "article_id", "title", "url", "outlet", "author", "pub_date", "lang", "origin",
        "text", "actor_hints", "skipped", "coder_version", "run_id", "n_events",
    ),
    "sentences": ("content_hash", "idx", "start", "end", "text"),
    "failures": ("run_id", "article_id", "content_hash", "origin", "stage", "error", "message"),
}

# A total order per table, so a partition's files do not depend on write order.
ORDER: dict[str, str] = {
    "events": "event_id",
    "articles": "content_hash",
    "sentences": "content_hash, idx",
    "failures": "article_id, origin NULLS FIRST, stage, message",
}

DONE = "_done"
MANIFEST = "_manifest.json"


def join(base: str, *parts: str) -> str:
    """`base/part/...` for a local folder or an fsspec URL."""
    return "/".join([base.rstrip("/"), *parts])


def table_file(out: str, table: str, name: str) -> str:
    return join(out, table, f"{name}.parquet")


def done_file(out: str, name: str) -> str:
    return join(out, DONE, f"{name}.json")
