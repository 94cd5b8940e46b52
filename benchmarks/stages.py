"""Where the time goes: each stage of the pipeline timed on its own, over the throughput benchmark's slice.

Stages (one process, the models loaded and warmed up first; each stage is timed over all N articles):

- read: JSONL file to Article records (JSON decode, validation, language check, content hash)
- prepare: sentence split, actor and trigger scan, relevance filter (which sentences get parsed)
- tokenize: spaCy's tokenizer over the sentences the relevance pass kept
- parse: spaCy's tagger and parser (tok2vec, tagger, parser) over the same sentences, tokenizer excluded
- encode: the sentence encoder (all-MiniLM-L6-v2 int8: word pieces and onnxruntime) reading the
  sentences that carry events, for their category (zero with `--encoder off`); its caches are
  emptied before each round, so every round reads every sentence
- code: everything else after parsing (event extraction, role models, type classifier, places, dates,
  ACLED reading, fatalities, merging, sentence class), i.e. the coder's total minus prepare, tokenize,
  parse and encode
- write: the coded articles into a fresh DuckDB store (batches of 500, one transaction each)

Also reported: the share of sentences that are parsed, and the same parse stage had every sentence
been parsed (what the relevance pass saves). R rounds, medians; written to benchmarks/stages.json.

    .venv/bin/python benchmarks/stages.py [--n 400] [--rounds 3] [--encoder auto|on|off]

This script reaches into the coder's stages (`Coder._prepare`) to time them apart; it changes nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from throughput import CORPUS, load_texts  # noqa: E402


def _timed(fn):  # noqa: ANN001, ANN202
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def one_round(coder, src: Path, store_dir: Path) -> dict[str, float | int]:  # noqa: ANN001
    from flashpoint.nlp.sentences import dateline_length
    from flashpoint.ingest import read_inputs
    from flashpoint.nlp.parse import one_blas_thread
    from flashpoint.records import Article
    from flashpoint.store.db import Store

    t_read, arts = _timed(lambda: [a for a in read_inputs([str(src)]) if isinstance(a, Article)])
    t_prep, works = _timed(lambda: [coder._prepare(a) for a in arts])  # noqa: SLF001
    texts = []
    all_texts = []
    for w in works:
        for s in w.sentences:
            cut = dateline_length(s.text)
            all_texts.append(s.text[cut:])
        for i in w.candidates:
            s = w.sentences[i]
            texts.append(s.text[dateline_length(s.text):])
    nlp = coder.nlp
    with one_blas_thread():
        t_tok, docs = _timed(lambda: [nlp.make_doc(t) for t in texts])
        t_parse, _ = _timed(lambda: list(nlp.pipe(docs, batch_size=coder.config.batch_size)))
        all_docs = [nlp.make_doc(t) for t in all_texts]
        t_parse_all, _ = _timed(lambda: list(nlp.pipe(all_docs, batch_size=coder.config.batch_size)))
    enc = coder.encoder
    spent = [0.0]
    if enc is not None:  # every round reads every sentence: no embedding left from the last round
        enc._cache.clear()  # noqa: SLF001
        enc._states.clear()  # noqa: SLF001
        read = type(enc)._read

        def timed_read(text: str):  # noqa: ANN202
            t0 = time.perf_counter()
            try:
                return read(enc, text)
            finally:
                spent[0] += time.perf_counter() - t0

        enc._read = timed_read  # noqa: SLF001 - this instance only, removed below
    try:
        t_coder, coded = _timed(lambda: list(coder.code_many(arts)))
    finally:
        if enc is not None:
            del enc._read  # noqa: SLF001
    with Store.open(store_dir / f"s{time.monotonic_ns()}.duckdb") as st:
        run_id = st.start_run(coder.name, coder.version, {})
        t_write, _ = _timed(lambda: st.write_many(coded, run_id, coder.version))
    return {
        "read": t_read, "prepare": t_prep, "tokenize": t_tok, "parse": t_parse, "encode": spent[0],
        "code": max(t_coder - t_prep - t_tok - t_parse - spent[0], 0.0), "write": t_write,
        "coder_total": t_coder, "parse_every_sentence": t_parse_all,
        "sentences": len(all_texts), "parsed_sentences": len(texts),
        "events": sum(len(c.events) for c in coded),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--encoder", default="auto", choices=("auto", "on", "off"))
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "stages.json"))
    a = ap.parse_args()
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    from flashpoint.coding.coder import Coder, CoderConfig
    from flashpoint.workers import warm_up

    texts = load_texts(a.n)
    coder = Coder(CoderConfig(encoder=a.encoder))
    warm_up(coder)
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "input.jsonl"
        src.write_text("".join(json.dumps({"id": i, "text": t, "date": "2005-01-01"}) + "\n" for i, t in texts))
        rounds = [one_round(coder, src, Path(d)) for _ in range(a.rounds)]
    stages = ("read", "prepare", "tokenize", "parse", "encode", "code", "write")
    med = {k: statistics.median(r[k] for r in rounds) for k in (*stages, "coder_total", "parse_every_sentence")}
    total = sum(med[k] for k in stages)
    first = rounds[0]
    result = {
        "corpus": f"bbc-news-2225 politics+business+tech, first {len(texts)} files sorted by path",
        "articles": len(texts),
        "rounds": a.rounds,
        "stages": {k: {"median_seconds": round(med[k], 3), "share": round(med[k] / total, 3),
                       "ms_per_article": round(1000 * med[k] / len(texts), 2)} for k in stages},
        "total_seconds": round(total, 3),
        "articles_per_s_one_process": round(len(texts) / total, 1),
        "sentences": first["sentences"],
        "parsed_sentences": first["parsed_sentences"],
        "parsed_share": round(first["parsed_sentences"] / first["sentences"], 3),
        "parse_every_sentence_seconds": round(med["parse_every_sentence"], 3),
        "events": first["events"],
        "encoder": coder.encoder.id if coder.encoder is not None else None,
        "command": f"python benchmarks/stages.py --n {a.n} --rounds {a.rounds} --encoder {a.encoder}",
    }
    for k in stages:
        s = result["stages"][k]
        print(f"{k:9s} {s['median_seconds']:7.3f} s  {100 * s['share']:5.1f}%  {s['ms_per_article']:6.2f} ms/article")
    print(f"total     {total:7.3f} s  -> {result['articles_per_s_one_process']} articles/s in one process")
    print(f"parsed {first['parsed_sentences']} of {first['sentences']} sentences "
          f"({100 * result['parsed_share']:.0f}%); parsing all would take {med['parse_every_sentence']:.2f} s "
          f"instead of {med['parse']:.2f} s")
    Path(a.out).write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
