"""Resident memory of the store writer over a long run, without the cost of coding (issue 4).

`benchmarks/scale.py` showed the parent process of `flashpoint.pipeline.run` (the one that writes the
DuckDB store) growing over 100,000 articles while the coding workers stayed flat. This benchmark
isolates the writer: it codes a few hundred BBC News stories once with the real coder (spaCy; cached
in the system temp folder, `--recode` to redo it), then replays those results for as many articles
as asked, every copy with a new article id, text ("Copy N." appended, so every span stays valid),
content hash and event ids, through the writer's own code path:

- `--path pipeline` (default): `flashpoint.pipeline.run` over JSONL input files of 1,000 lines each,
  with a replay coder that hands back the cached results; so ingest, the "already coded?" checks,
  the in-run dedup and `Store.write_many` all run as in a real run (one process, no workers).
- `--path store`: `Store.write_many` alone, fed the same coded articles.

Each run happens in a fresh child process pinned to ONE cpu core (`--cpu`), into a fresh store file.
Resident memory (RSS) is sampled every `--every` articles; the report gives p10/p50/p90/peak over the
samples (evenly spaced in articles), the growth from p10 to p90, the median of each tenth of the run
and the write rate (articles/s, event rows/s). `--diagnose` also samples DuckDB's own accounting
(duckdb_memory(), by tag), `--tracemalloc` Python's own allocations (this slows the run down a lot).
`--env KEY=VALUE` sets environment variables of the child (e.g. MALLOC_ARENA_MAX=2,
FLASHPOINT_DB_WRITE_MEMORY=64MB; PYTHONPATH=/other/checkout/src measures another version of the code:
the "before" runs of the JSON ran the tree as it was before issue 4 was fixed).

    .venv/bin/python benchmarks/writer_memory.py [--articles 100000] [--path pipeline|store]
        [--every 1000] [--base 300] [--diagnose] [--tracemalloc] [--env KEY=VALUE ...]
        [--label NAME] [--out FILE]

One 100,000-article run takes ~3.5 minutes (~525,000 events; the store file reaches ~1 GB in the
temp folder). Results are added (by label) to benchmarks/writer_memory.json, each with the package
folder and store schema version it ran. Needs ../shared (the corpus).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from scale import CORPUS, texts  # noqa: E402  (the corpus reader of the scale benchmark)

LINES_PER_FILE = 1000


# -- the templates: a few hundred articles coded once ---------------------------------------------

def base_texts(n: int) -> list[str]:
    """`n` stories spread evenly over the sorted corpus (so every section is represented)."""
    all_texts = texts()
    step = max(1, len(all_texts) // n)
    return all_texts[::step][:n]


def code_templates(n: int, cache: Path, recode: bool) -> list[Any]:
    """The coded results of `n` corpus stories (CodedArticle), cached as a pickle."""
    if cache.exists() and not recode:
        with cache.open("rb") as fh:
            return pickle.load(fh)
    from flashpoint.coding.coder import Coder
    from flashpoint.ingest import read_inputs

    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "base.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for j, text in enumerate(base_texts(n)):
                fh.write(json.dumps({"id": f"b{j}", "text": text, "date": "2005-01-01", "lang": "en"}) + "\n")
        arts = list(read_inputs([str(src)]))
    t0 = time.perf_counter()
    coded = list(Coder().code_many(arts))
    print(f"coded {len(coded)} template articles in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as fh:
        pickle.dump(coded, fh)
    return coded


# -- replaying them as new articles -------------------------------------------------------------

def copy_text(text: str, k: int) -> str:
    return text if k == 0 else f"{text}\n\nCopy {k}."


def new_event_id(event_id: str, k: int) -> str:
    if k == 0:
        return event_id
    return hashlib.sha1(f"{event_id}|{k}".encode()).hexdigest()[: max(16, len(event_id))]


def replay(template: Any, article: Any, k: int) -> Any:
    """The template's coded result for `article` (copy `k` of the template's article)."""
    from flashpoint.records import CodedArticle

    a = dataclasses.replace(template.article, id=article.id, text=article.text,
                            content_hash=article.content_hash, origin=article.origin)
    events = tuple(dataclasses.replace(e, event_id=new_event_id(e.event_id, k), article_id=article.id)
                   for e in template.events)
    return CodedArticle(a, sentences=template.sentences, events=events, failure=template.failure)


class ReplayCoder:
    """Stands in for `flashpoint.coding.coder.Coder`: article "a{i}" gets template i % len(templates)."""

    name = "flashpoint"

    def __init__(self, templates: list[Any], version: str) -> None:
        self.templates = templates
        self.version = version
        self.config = _Config()

    def coder_block(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "components": {"replay": len(self.templates)}}

    def code_many(self, articles: Iterable[Any]) -> Iterator[Any]:
        n = len(self.templates)
        for art in articles:
            i = int(art.id[1:])
            yield replay(self.templates[i % n], art, i // n)


class _Config:
    def to_dict(self) -> dict[str, Any]:
        return {"replay": True}


def write_inputs(folder: Path, templates: list[Any], n: int) -> list[str]:
    """JSONL files (LINES_PER_FILE lines each) of articles a0 .. a{n-1}."""
    paths = []
    for start in range(0, n, LINES_PER_FILE):
        p = folder / f"in-{start // LINES_PER_FILE:05d}.jsonl"
        with p.open("w", encoding="utf-8") as fh:
            for i in range(start, min(n, start + LINES_PER_FILE)):
                k, j = divmod(i, len(templates))
                t = templates[j].article
                fh.write(json.dumps({"id": f"a{i}", "text": copy_text(t.text, k), "date": "2005-01-01", "lang": "en"}) + "\n")
        paths.append(str(p))
    return paths


def direct_articles(templates: list[Any], n: int) -> Iterator[Any]:
    """The same coded articles, built without ingest (for --path store)."""
    from flashpoint.ingest.hashing import content_hash

    for i in range(n):
        k, j = divmod(i, len(templates))
        t = templates[j].article
        text = copy_text(t.text, k)
        art = dataclasses.replace(t, id=f"a{i}", text=text, content_hash=content_hash(text, t.title))
        yield replay(templates[j], art, k)


# -- one measured run (child process) -----------------------------------------------------------

def child(args: argparse.Namespace) -> None:
    import psutil

    from flashpoint.pipeline import run
    from flashpoint.store.db import Store

    os.sched_setaffinity(0, {args.cpu})
    templates = code_templates(args.base, Path(args.cache), recode=False)
    coder = ReplayCoder(templates, "replay-1")
    me = psutil.Process()
    diag = args.diagnose
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start()
    samples: list[dict[str, Any]] = []
    state: dict[str, Any] = {"n": 0}

    def sample(n: int, st: Store) -> None:
        s: dict[str, Any] = {"articles": n, "t": round(time.perf_counter() - t0, 2),
                             "rss_mb": round(me.memory_info().rss / 2**20, 1)}
        if diag:
            con = st.connection
            s["duckdb_mb"] = round(con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0] / 2**20, 1)
            s["duckdb_by_tag"] = {tag: round(b / 2**20, 1) for tag, b in con.execute(
                "SELECT tag, memory_usage_bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0").fetchall()}
            size = con.execute("PRAGMA database_size").fetchone()
            s["db_memory_usage"] = size[-2] if size else None
        if args.tracemalloc:
            s["python_traced_mb"] = round(tracemalloc.get_traced_memory()[0] / 2**20, 1)
        samples.append(s)

    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "s.duckdb"
        inputs = write_inputs(Path(d), templates, args.articles) if args.path == "pipeline" else []
        with Store.open(db) as st:
            t0 = time.perf_counter()
            if args.path == "pipeline":
                def progress(r: Any) -> None:
                    if r.n_articles % args.every == 0:
                        sample(r.n_articles, st)

                result = run(inputs, store=st, coder=coder, progress=progress)
                n_events, n_articles = result.n_events, result.n_articles
            else:
                run_id = st.start_run("flashpoint", coder.version, {})

                def fed() -> Iterator[Any]:
                    for c in direct_articles(templates, args.articles):
                        state["n"] += 1
                        yield c
                        if state["n"] % args.every == 0:
                            sample(state["n"], st)

                counts = st.write_many(fed(), run_id, coder.version)
                st.finish_run(run_id)
                n_events, n_articles = counts["n_events"], counts["n_articles"]
            seconds = time.perf_counter() - t0
            rows = {t: st.connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("articles", "events", "sentences", "actors")}
            schema = st.schema_version()
        db_mb = db.stat().st_size / 2**20 if db.exists() else None
    import flashpoint

    print(json.dumps({"seconds": seconds, "articles": n_articles, "events": n_events, "rows": rows,
                      "db_file_mb": db_mb, "schema_version": schema, "code": str(Path(flashpoint.__file__).parent),
                      "samples": samples}))


def flatness(samples: list[dict[str, Any]], key: str = "rss_mb") -> dict[str, Any]:
    """Memory at 10%, 50% and 90% of the run (samples are evenly spaced in articles; as in
    benchmarks/scale.py), peak, growth from 10% to 90%, and the median of each tenth of the run
    (single samples swing with DuckDB's checkpoints; the tenths show the trend)."""
    vals = [s[key] for s in samples if s.get(key) is not None]
    if not vals:
        return {}
    at = {q: vals[min(len(vals) - 1, int(q * len(vals)))] for q in (0.1, 0.5, 0.9)}
    tenths = [vals[len(vals) * i // 10:max(len(vals) * (i + 1) // 10, len(vals) * i // 10 + 1)] for i in range(10)]
    return {"p10_mb": round(at[0.1]), "p50_mb": round(at[0.5]), "p90_mb": round(at[0.9]),
            "peak_mb": round(max(vals)), "growth_p10_to_p90_mb": round(at[0.9] - at[0.1]),
            "tenths_median_mb": [round(statistics.median(t)) for t in tenths]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--path", choices=("pipeline", "store"), default="pipeline")
    ap.add_argument("--every", type=int, default=1000, help="sample RSS every N articles")
    ap.add_argument("--base", type=int, default=300, help="articles coded for real, then replayed")
    ap.add_argument("--cpu", type=int, default=max(os.sched_getaffinity(0)), help="the one core to run on")
    ap.add_argument("--diagnose", action="store_true", help="also sample duckdb_memory() and the database size")
    ap.add_argument("--tracemalloc", action="store_true", help="also sample Python's traced allocations (slow)")
    ap.add_argument("--env", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--label", default=None, help="name of this run in the JSON (default: from the options)")
    ap.add_argument("--recode", action="store_true", help="code the templates again (ignore the cache)")
    ap.add_argument("--cache", default=None)
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "writer_memory.json"))
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.cache is None:
        a.cache = str(Path(tempfile.gettempdir()) / f"flashpoint-writer-memory-{a.base}.pkl")
    if a.child:
        child(a)
        return
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    templates = code_templates(a.base, Path(a.cache), a.recode)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    for kv in a.env:
        key, sep, value = kv.partition("=")
        if not sep or not key:
            sys.exit(f"--env {kv!r}: expected KEY=VALUE")
        env[key] = value
    cmd = [sys.executable, __file__, "--child", "--articles", str(a.articles), "--path", a.path,
           "--every", str(a.every), "--base", str(a.base), "--cpu", str(a.cpu), "--cache", a.cache]
    cmd += [f for f, on in (("--diagnose", a.diagnose), ("--tracemalloc", a.tracemalloc)) if on]
    res = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if res.returncode != 0:
        sys.exit(f"child failed ({res.returncode}):\n{res.stderr[-4000:]}")
    m = json.loads(res.stdout.strip().splitlines()[-1])
    label = a.label or "-".join([a.path, *a.env]) + ("-diagnose" if a.diagnose else "")
    row: dict[str, Any] = {
        "label": label, "path": a.path, "env": a.env, "articles": m["articles"], "events": m["events"],
        "template_articles": len(templates), "template_events": sum(len(t.events) for t in templates),
        "seconds": round(m["seconds"], 1), "articles_per_s": round(m["articles"] / m["seconds"], 1),
        "event_rows_per_s": round(m["events"] / m["seconds"]), "rows": m["rows"],
        "db_file_mb": round(m["db_file_mb"] or 0), "schema_version": m["schema_version"], "code": m["code"],
        "rss": flatness(m["samples"]),
    }
    if a.diagnose:
        row["duckdb_memory"] = flatness(m["samples"], "duckdb_mb")
    if a.tracemalloc:
        row["python_traced"] = flatness(m["samples"], "python_traced_mb")
        row["last_sample"] = m["samples"][-1] if m["samples"] else None
    cols = ["articles", "t", "rss_mb", *(["duckdb_mb", "duckdb_by_tag"] if a.diagnose else []),
            *(["python_traced_mb"] if a.tracemalloc else [])]
    row["samples_columns"] = cols
    row["samples"] = [[s[c] for c in cols] for s in m["samples"]]
    print(json.dumps({k: v for k, v in row.items() if k != "samples"}, indent=1))
    out = Path(a.out)
    doc = json.loads(out.read_text()) if out.exists() else {}
    runs = [r for r in doc.get("runs", []) if r.get("label") != label]
    doc = {
        "what": "store writer RSS over a long run, coding replayed (benchmarks/writer_memory.py)",
        "corpus": f"bbc-news-2225, {a.base} stories coded once and replayed with new ids/hashes/event ids",
        "machine": {"cpus": os.cpu_count(), "cores_used": 1},
        "runs": [*runs, {**row, "command": "python benchmarks/writer_memory.py " + " ".join(sys.argv[1:])}],
    }
    out.write_text(json.dumps(doc, indent=1) + "\n")


if __name__ == "__main__":
    main()
