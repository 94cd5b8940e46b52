"""Dask scaling: the same fixed slice coded on a LocalCluster of 1 and of 2 worker processes.

Fixed slice: the first N BBC News 2225 articles (../shared/data/corpora/bbc-news-2225, politics,
business and tech folders, files sorted by path; the slice of benchmarks/throughput.py), written to
one JSONL file and split into partitions of N/8 articles. For each worker count a LocalCluster of
one-thread worker processes is started once and warmed (every worker loads the coder and codes a
few articles), then R timed runs of `flashpoint.engine.dask.code_partitioned` each write a fresh
Parquet output (planning, ingest, language check, coding, Parquet writes, manifest). Medians,
the 2-over-1 speed-up and each worker's peak resident memory go to benchmarks/dask_scaling.json,
with the time to attach the partitions to a fresh store and the cluster start-up time.

    .venv/bin/python benchmarks/dask_scaling.py [--n 400] [--rounds 3] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from throughput import CORPUS, FOLDERS, load_texts  # noqa: E402


def _warm() -> float:
    """Load the coder in this worker and code a few sentences; returns the worker's peak RSS (MiB)."""
    from flashpoint.engine.worker import coder_for, peak_rss_mb
    from flashpoint.ingest.hashing import with_hash
    from flashpoint.records import Article

    text = "Iran accused Israel of an air strike in Damascus on Monday. Talks in Doha were postponed."
    list(coder_for(None).code_many([with_hash(Article(id="warm", text=text, date="2024-01-01"))]))
    return peak_rss_mb()


def _peak() -> float:
    from flashpoint.engine.worker import peak_rss_mb

    return peak_rss_mb()


def measure(n_workers: int, src: str, size: int, rounds: int, work: Path) -> dict[str, object]:
    from distributed import Client, LocalCluster

    from flashpoint.engine.dask import code_partitioned
    from flashpoint.store.attach import attach_partitions
    from flashpoint.store.db import Store

    t0 = time.perf_counter()
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    try:
        client.run(_warm)
        startup = time.perf_counter() - t0
        runs = []
        for r in range(rounds):
            out = work / f"out-{n_workers}-{r}"
            res = code_partitioned([src], str(out), client=client, size=size)
            runs.append(res)
            print(f"  {n_workers} worker(s) round {r + 1}: {res.counts['n_articles'] / res.seconds:6.1f} articles/s "
                  f"({res.seconds:.2f} s, {len(res.partitions)} partitions)", flush=True)
        peaks = client.run(_peak)
    finally:
        client.close()
        cluster.close()
    with Store.open(work / f"attach-{n_workers}.duckdb") as st:
        t1 = time.perf_counter()
        added = attach_partitions(st, str(work / f"out-{n_workers}-0"))
        attach_s = time.perf_counter() - t1
    for r in range(rounds):
        shutil.rmtree(work / f"out-{n_workers}-{r}", ignore_errors=True)
    secs = statistics.median(r.seconds for r in runs)
    first = runs[0]
    return {
        "workers": n_workers,
        "median_seconds": round(secs, 3),
        "articles_per_s": round(first.counts["n_articles"] / secs, 1),
        "seconds": [round(r.seconds, 3) for r in runs],
        "events": first.counts["n_events"],
        "partitions": len(first.partitions),
        "peak_rss_mb_per_worker": sorted(round(v, 0) for v in peaks.values()),
        "cluster_start_and_warm_s": round(startup, 2),
        "attach_seconds": round(attach_s, 3),
        "attach_events": added,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "dask_scaling.json"))
    a = ap.parse_args()
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    texts = load_texts(a.n)
    words = sum(len(t.split()) for _, t in texts)
    size = max(1, len(texts) // 8)
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        src = work / "input.jsonl"
        src.write_text("".join(json.dumps({"id": i, "text": t, "date": "2005-01-01"}) + "\n" for i, t in texts))
        results = {}
        for n in a.workers:
            results[n] = measure(n, str(src), size, a.rounds, work)
    base = results[a.workers[0]]
    out = {
        "corpus": f"bbc-news-2225 {'+'.join(FOLDERS)}, first {len(texts)} files sorted by path",
        "articles": len(texts),
        "words": words,
        "partition_size": size,
        "measured": "code_partitioned on a warm LocalCluster (one-thread worker processes): planning, JSONL "
                    "ingest, language check, hashing, coding, Parquet writes of every partition, manifest",
        "by_workers": {str(n): r for n, r in results.items()},
        "speedup": {f"{n}_over_{a.workers[0]}": round(float(base["median_seconds"]) / float(r["median_seconds"]), 2)
                    for n, r in results.items() if n != a.workers[0]},
        "rounds": a.rounds,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
        "command": "python benchmarks/dask_scaling.py " + " ".join(sys.argv[1:]),
    }
    Path(a.out).write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
