"""Cost against input size: articles/s and memory at 1k, 10k and 100k articles, end to end.

Input: the 2,225 BBC News stories (../shared/data/corpora/bbc-news-2225), sorted by path and cycled
to reach each size; every copy after the first gets a one-line suffix ("Copy N.") so its content
hash differs and it is really coded (the coding work is the same as the original's). Each size runs
in a fresh child process (`flashpoint.pipeline.run`, JSONL file -> DuckDB store, `--workers`
processes); resident memory of the parent and of every worker is sampled every second, so the
report shows whether it stays flat. Results go to benchmarks/scale.json.

    .venv/bin/python benchmarks/scale.py [--sizes 1000 10000 100000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "corpora" / "bbc-news-2225"


def texts() -> list[str]:
    out = []
    for p in sorted(CORPUS.glob("*/*.txt")):
        raw = p.read_bytes().decode("utf-8", errors="replace")
        out.append(raw.partition("\n")[2].strip())
    return out


def write_input(path: Path, n: int) -> int:
    base = texts()
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            copy, k = divmod(i, len(base))
            text = base[k] if copy == 0 else f"{base[k]}\n\nCopy {copy}."
            words += len(text.split())
            fh.write(json.dumps({"id": f"a{i}", "text": text, "date": "2005-01-01"}) + "\n")
    return words


def child(src: str, db: str, workers: int) -> None:
    """Run one size; print a JSON line with time, counts and the memory samples."""
    import psutil

    from flashpoint.coding.coder import Coder
    from flashpoint.pipeline import run
    from flashpoint.store.db import Store

    me = psutil.Process()
    samples: list[tuple[float, float, float]] = []  # (t, parent MB, max worker MB)
    stop = threading.Event()

    def sample() -> None:
        t0 = time.perf_counter()
        while not stop.is_set():
            try:
                kids = [c.memory_info().rss for c in me.children(recursive=True)]
            except psutil.Error:
                kids = []
            samples.append((time.perf_counter() - t0, me.memory_info().rss / 2**20, max(kids, default=0) / 2**20))
            stop.wait(1.0)

    from flashpoint.workers import warm_up

    coder = Coder()
    warm_up(coder)  # models load before the clock starts
    with Store.open(db) as st:
        th = threading.Thread(target=sample, daemon=True)
        th.start()
        t0 = time.perf_counter()
        result = run([src], store=st, coder=coder, workers=workers)
        dt = time.perf_counter() - t0
        stop.set()
        th.join()
    print(json.dumps({"seconds": dt, "articles": result.n_articles, "coded": result.n_coded,
                      "events": result.n_events, "failed": result.n_failed, "samples": samples}))


def _flatness(samples: list[list[float]], col: int) -> dict[str, float]:
    """Memory at 10%, 50% and 90% of the run, and the growth from 10% to 90%."""
    if not samples:
        return {}
    vals = [s[col] for s in samples]
    at = {q: vals[min(len(vals) - 1, int(q * len(vals)))] for q in (0.1, 0.5, 0.9)}
    return {"p10_mb": round(at[0.1]), "p50_mb": round(at[0.5]), "p90_mb": round(at[0.9]),
            "peak_mb": round(max(vals)), "growth_p10_to_p90_mb": round(at[0.9] - at[0.1])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "scale.json"))
    ap.add_argument("--child", nargs=3, metavar=("SRC", "DB", "WORKERS"))
    a = ap.parse_args()
    if a.child:
        child(a.child[0], a.child[1], int(a.child[2]))
        return
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    rows = []
    for n in a.sizes:
        with tempfile.TemporaryDirectory() as d:
            src, db = Path(d) / "in.jsonl", Path(d) / "s.duckdb"
            words = write_input(src, n)
            res = subprocess.run([sys.executable, __file__, "--child", str(src), str(db), str(a.workers)],
                                 capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            m = json.loads(res.stdout.strip().splitlines()[-1])
        row = {
            "articles": n, "words": words, "seconds": round(m["seconds"], 1),
            "articles_per_s": round(n / m["seconds"], 1), "words_per_s": round(words / m["seconds"]),
            "events": m["events"], "failed": m["failed"],
            "parent_memory": _flatness(m["samples"], 1), "worker_memory": _flatness(m["samples"], 2),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    rates = [r["articles_per_s"] for r in rows]
    result = {
        "corpus": "bbc-news-2225 (all 2,225 stories, sorted by path, cycled with a 'Copy N.' suffix)",
        "workers": a.workers, "by_size": rows,
        "rate_spread": round(max(rates) / min(rates), 2) if rates else None,
        "median_articles_per_s": statistics.median(rates) if rates else None,
        "machine": {"cpus": os.cpu_count()},
        "command": "python benchmarks/scale.py " + " ".join(sys.argv[1:]),
    }
    Path(a.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
