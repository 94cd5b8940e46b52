"""Run partitioned coding on Dask: a LocalCluster ("local:N") or a running scheduler ("tcp://host:8786").

    result = code_partitioned(["big.jsonl", "s3://bucket/news/*.jsonl.gz"], "out/",
                              scheduler="local:4", size=500)

The driver plans the partitions (`plan_partitions`), submits one task per partition
(`worker.code_partition`, which loads the coder once per worker process), gathers the done-records
and writes ``out/_manifest.json``. The output depends on the inputs, the partition size and the
coder, not on the number of workers or the order in which tasks finish.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flashpoint.engine import files, layout
from flashpoint.engine.partitions import DEFAULT_SIZE, Partition, plan_partitions
from flashpoint.engine.worker import COUNT_KEYS, code_partition
from flashpoint.errors import ConfigError, FlashpointError

if TYPE_CHECKING:
    from distributed import Client

    from flashpoint.coding.coder import CoderConfig

log = logging.getLogger(__name__)

SYNC = "sync"  # no Dask: code the partitions one after the other in this process


@dataclass
class EngineResult:
    """What a partitioned run did: its id, output folder, per-partition records and totals."""

    run_id: str
    out: str
    partitions: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    n_workers: int = 0

    def peak_rss_mb_by_worker(self) -> dict[int, float]:
        """Peak resident memory (MiB) of each worker process that coded a partition, by pid."""
        out: dict[int, float] = {}
        for p in self.partitions:
            out[p["pid"]] = max(out.get(p["pid"], 0.0), float(p["peak_rss_mb"]))
        return out


def run_id_for(parts: list[Partition], config: CoderConfig | None) -> str:
    """A run id that is a function of the plan and the coder (so reruns resume, and ids are stable)."""
    from flashpoint import __version__
    from flashpoint.coding.coder import CoderConfig

    cfg = (config or CoderConfig()).to_dict()
    key = json.dumps({"version": __version__, "config": cfg, "parts": [p.to_dict() for p in parts]}, sort_keys=True)
    return "dask-" + hashlib.sha1(key.encode()).hexdigest()[:16]


def parse_scheduler(scheduler: str) -> tuple[str, int | None]:
    """('local', N) for "local:N" / "local" (N = CPU count), ('sync', None), or ('address', None)."""
    s = scheduler.strip()
    if s == SYNC:
        return SYNC, None
    if s == "local" or s.startswith("local:"):
        n = s.partition(":")[2] or str(os.cpu_count() or 1)
        if not n.isdigit() or int(n) < 1:
            raise ConfigError(f"--scheduler {scheduler!r}: expected local:N with N >= 1 workers")
        return "local", int(n)
    if not s:
        raise ConfigError("--scheduler: empty address")
    return "address", None


@contextmanager
def dask_client(scheduler: str) -> Iterator[Client]:
    """A Dask client: a fresh LocalCluster of N one-thread worker processes for "local:N", else a
    client of the scheduler at that address. Closed (and the local cluster shut down) on exit."""
    from distributed import Client, LocalCluster

    kind, n = parse_scheduler(scheduler)
    if kind == SYNC:
        raise ConfigError("dask_client: 'sync' runs without Dask")
    if kind == "local":
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.WARNING)
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(scheduler, timeout="30s")
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from exc
    with client:
        yield client


def code_partitioned(
    inputs: list[str],
    out: str,
    *,
    scheduler: str = "local:2",
    config: CoderConfig | None = None,
    size: int = DEFAULT_SIZE,
    redo: bool = False,
    progress: Callable[[int, int, dict[str, Any]], None] | None = None,
    client: Client | None = None,
) -> EngineResult:
    """Code `inputs` partition by partition on Dask and write Parquet partitions under `out`.

    `scheduler`: "local:N" (a LocalCluster of N worker processes, one thread each), a scheduler
    address, or "sync" (this process, no Dask). `client`: an existing Dask client (overrides
    `scheduler`). Partitions already done for the same run are reused unless `redo`. `progress` is
    called as (done, total, partition record) when each partition finishes.
    """
    from flashpoint.coding.coder import CoderConfig

    t0 = time.perf_counter()
    config = config or CoderConfig()  # one run id whether the default is given or not
    parts = plan_partitions(inputs, size)
    run_id = run_id_for(parts, config)
    log.info("run %s: %d partitions of %s into %s", run_id, len(parts), inputs, out)
    records: list[dict[str, Any]] = []
    n_workers = 1

    def done(rec: dict[str, Any]) -> None:
        records.append(rec)
        if progress is not None:
            progress(len(records), len(parts), rec)

    if client is None and parse_scheduler(scheduler)[0] == SYNC:
        for p in parts:
            done(code_partition(p, out, run_id, config, redo=redo))
    elif client is not None:
        n_workers = _run_on(client, parts, out, run_id, config, redo, done)
    else:
        with dask_client(scheduler) as c:
            n_workers = _run_on(c, parts, out, run_id, config, redo, done)
    records.sort(key=lambda r: r["partition"]["index"])
    totals = {k: sum(int(r["counts"][k]) for r in records) for k in COUNT_KEYS}
    _write_manifest(out, run_id, inputs, size, records, totals)
    return EngineResult(run_id, out, records, totals, time.perf_counter() - t0, n_workers)


def _run_on(client: Client, parts: list[Partition], out: str, run_id: str, config: CoderConfig | None,
            redo: bool, done: Callable[[dict[str, Any]], None]) -> int:
    from distributed import as_completed

    n_workers = len(client.scheduler_info().get("workers", {})) or 1
    futures = {
        client.submit(code_partition, p, out, run_id, config, redo=redo, pure=False): p for p in parts
    }
    try:
        for fut in as_completed(list(futures)):
            p = futures[fut]
            try:
                done(fut.result())
            except FlashpointError:
                raise
            except Exception as exc:  # a worker died or the task raised: name the partition
                raise FlashpointError(
                    f"partition {p.name} ({p.location}, lines/rows {p.start + 1}-{p.stop}) failed on the "
                    f"cluster: {type(exc).__name__}: {exc}"
                ) from exc
    finally:
        client.cancel([f for f in futures if not f.done()])
    return n_workers


def _write_manifest(out: str, run_id: str, inputs: list[str], size: int, records: list[dict[str, Any]],
                    totals: dict[str, int]) -> None:
    manifest = {
        "run_id": run_id,
        "inputs": list(inputs),
        "partition_size": size,
        "coder": records[0]["coder"] if records else None,
        "coder_config": records[0]["coder_config"] if records else None,
        "counts": totals,
        "partitions": [{"name": r["name"], **r["partition"], "counts": r["counts"]} for r in records],
    }
    files.write_bytes(layout.join(out, layout.MANIFEST), (json.dumps(manifest, sort_keys=True, indent=1) + "\n").encode())
