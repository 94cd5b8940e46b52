"""Memory of reading a big JSONL file: streamed line by line (now) against read whole (before).

Writes N articles (default 100,000) the way benchmarks/scale.py does (the 2,225 BBC News stories of
../shared/data/corpora/bbc-news-2225, cycled with a "Copy N." suffix) to a temporary JSONL file, then
in a fresh child process per approach iterates every article to the end and reports the peak
resident memory of that process (VmHWM) and articles/s:

- ``stream``: ``read_inputs([file], language=False)`` (language=False: this measures reading, not lingua);
- ``whole``: the reader before streaming, reproduced: read the file into bytes, decode it into one str,
  ``str.splitlines()``, parse each line (``parse_jsonl``) and hash it (``finish_article``);
- ``baseline``: the child only imports the reader, so the figures above can be read as growth over it.

Results go to benchmarks/ingest_memory.json, one entry per N (a run updates its own N only).

    .venv/bin/python benchmarks/ingest_memory.py [--n 100000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import CORPUS, write_input  # noqa: E402  (the same input as the scale benchmark)

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "ingest_memory.json"
MODES = ("baseline", "stream", "whole")


def peak_rss_mb() -> float:
    """Peak resident memory of this process image: VmHWM (Linux), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return maxrss / (2**20 if sys.platform == "darwin" else 1024)


def child(mode: str, src: str) -> None:
    """Iterate every item of `src` one way; print one JSON line with counts, time and peak memory."""
    from flashpoint.ingest.jsonl import parse_jsonl
    from flashpoint.ingest.readers import finish_article, read_inputs
    from flashpoint.records import Failure

    articles = failures = 0
    t0 = time.perf_counter()
    if mode == "stream":
        items = read_inputs([src], language=False)
    elif mode == "whole":
        text = Path(src).read_bytes().decode("utf-8-sig")
        items = (finish_article(x, False) for x in parse_jsonl(text.splitlines(), src))
    else:
        items = iter(())
    for item in items:
        if isinstance(item, Failure):
            failures += 1
        else:
            articles += 1
    seconds = time.perf_counter() - t0
    print(json.dumps({"mode": mode, "articles": articles, "failures": failures, "seconds": seconds,
                      "peak_mb": peak_rss_mb()}))


def run_child(mode: str, src: Path) -> dict[str, float]:
    res = subprocess.run([sys.executable, __file__, "--child", mode, str(src)],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="articles in the input file")
    ap.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--child", nargs=2, metavar=("MODE", "SRC"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(*a.child)
        return
    if a.n < 1:
        sys.exit(f"--n must be >= 1, got {a.n}")
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "in.jsonl"
        write_input(src, a.n)
        size, digest = src.stat().st_size, sha256(src)
        runs = {mode: run_child(mode, src) for mode in a.modes}
    base = runs.get("baseline", {}).get("peak_mb")
    modes = {}
    for mode, m in runs.items():
        row = {"peak_rss_mb": round(m["peak_mb"], 1)}
        if mode != "baseline":
            row.update({
                "articles": m["articles"], "failures": m["failures"], "seconds": round(m["seconds"], 2),
                "articles_per_s": round(m["articles"] / m["seconds"]) if m["seconds"] else None,
            })
            if base is not None:
                row["growth_over_baseline_mb"] = round(m["peak_mb"] - base, 1)
        modes[mode] = row
    entry = {
        "articles": a.n, "file_mb": round(size / 2**20, 1), "input_sha256": digest, "modes": modes,
        "command": " ".join(["python benchmarks/ingest_memory.py", *sys.argv[1:]]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    print(json.dumps(entry, indent=2), flush=True)
    out = Path(a.out)
    try:
        results = json.loads(out.read_text())
    except (OSError, ValueError):
        results = {}
    results.setdefault("corpus", "bbc-news-2225 (all 2,225 stories, sorted by path, cycled with a 'Copy N.' suffix)")
    results.setdefault("measure", "peak resident memory (VmHWM) of a fresh child process iterating every article")
    results.setdefault("by_n", {})[str(a.n)] = entry
    out.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")


if __name__ == "__main__":
    main()
