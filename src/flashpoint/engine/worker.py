"""Code one partition with the single-process pipeline and write it as Parquet (runs on a worker).

The steps are those of `flashpoint.pipeline.run`: `read_partition` (the JSONL parser, content hash
and language check of `read_inputs`), `pipeline.code_stream` (`Coder.code_many`), and
`Store.write_many` into a throw-away in-memory store whose tables are then copied to Parquet, so a
partition's rows are exactly the rows a single-process run writes into its store.

Repeated texts (same content hash): the first occurrence is coded, later ones in the partition are
counted as `n_already` and not coded, like articles a store already has; across partitions
`attach_partitions` keeps the first partition's. (A single-process run keeps the first occurrence
across its 500-article write batches but the last one within a batch.)
"""

from __future__ import annotations

import json
import logging
import os
import resource
import tempfile
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint.engine import files, layout
from flashpoint.engine.partitions import Partition, read_partition
from flashpoint.records import Article, CodedArticle

if TYPE_CHECKING:
    import duckdb

    from flashpoint.coding.coder import Coder, CoderConfig

log = logging.getLogger(__name__)

COUNT_KEYS = ("n_articles", "n_coded", "n_already", "n_skipped", "n_failed", "n_events")


@lru_cache(maxsize=4)
def coder_for(config: CoderConfig | None) -> Coder:
    """One coder per worker process and configuration, loaded on first use and kept."""
    from flashpoint.coding.coder import Coder, CoderConfig

    return Coder(config or CoderConfig())


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def code_partition(part: Partition, out: str, run_id: str, config: CoderConfig | None = None,
                   *, redo: bool = False) -> dict[str, Any]:
    """Code `part` and write its Parquet files under `out`; returns its done-record plus timings.

    A partition whose done-record exists for the same `run_id` is not coded again (unless `redo`):
    a run that was stopped resumes where it was. The done-record is written after the Parquet files,
    so its presence means the partition is complete.
    """
    done_path = layout.done_file(out, part.name)
    if not redo:
        previous = files.read_text(done_path)
        if previous is not None:
            rec = json.loads(previous)
            if rec.get("run_id") == run_id:
                return {**rec, "resumed": True, "pid": os.getpid(), "seconds": 0.0, "peak_rss_mb": peak_rss_mb()}
    t0 = time.perf_counter()
    coder = coder_for(config)
    counts = dict.fromkeys(COUNT_KEYS, 0)
    from flashpoint.pipeline import code_stream
    from flashpoint.store.db import Store

    seen: set[str] = set()

    def repeated(a: Article) -> bool:
        """A text this partition already had: the first occurrence wins, as across partitions."""
        if a.content_hash in seen:
            return True
        seen.add(a.content_hash)
        return False

    def stream() -> Iterator[CodedArticle]:
        for coded, already in code_stream(read_partition(part), coder, skip=repeated):
            counts["n_articles"] += 1
            if already:
                counts["n_already"] += 1
                continue
            if coded.failure is not None:
                counts["n_failed"] += 1
            elif coded.article.skipped:
                counts["n_skipped"] += 1
            else:
                counts["n_coded"] += 1
                counts["n_events"] += len(coded.events)
            yield coded

    with Store.open(":memory:") as st:
        st.connection.execute("SET threads TO 1")
        st.write_many(stream(), run_id, coder.version)
        for table in layout.TABLES:
            _copy_table(st.connection, table, layout.table_file(out, table, part.name))
    record = {
        "partition": part.to_dict(),
        "name": part.name,
        "run_id": run_id,
        "coder": coder.coder_block(),
        "coder_config": coder.config.to_dict(),
        "counts": counts,
    }
    files.write_bytes(done_path, (json.dumps(record, sort_keys=True, indent=1) + "\n").encode())
    log.info("partition %s (%s lines %d-%d): %s", part.name, part.location, part.start, part.stop, counts)
    return {**record, "resumed": False, "pid": os.getpid(), "seconds": time.perf_counter() - t0,
            "peak_rss_mb": peak_rss_mb()}


def _copy_table(con: duckdb.DuckDBPyConnection, table: str, dest: str) -> None:
    columns = ", ".join(f'"{c}"' for c in layout.TABLES[table])
    query = f"SELECT {columns} FROM {table} ORDER BY {layout.ORDER[table]}"
    if files.is_url(dest):
        tmpdir = Path(tempfile.mkdtemp(prefix="flashpoint-part-"))
        tmp = tmpdir / Path(dest).name
    else:
        Path(dest).parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(dest + ".tmp")
    con.execute(f"COPY ({query}) TO '{_sql_string(str(tmp))}' (FORMAT parquet, COMPRESSION zstd)")
    files.put_file(tmp, dest)
    if files.is_url(dest):
        tmp.parent.rmdir()


def _sql_string(value: str) -> str:
    return value.replace("'", "''")
