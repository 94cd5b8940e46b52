"""Train the learned pre-parse relevance filter (src/flashpoint/coding/data/relevance_model.npz).

Labels come from the coder itself, not from any gold set: unlabelled news from ../shared/data/corpora
(Wikinews, the giveme5w1h news-please files, every 4th Reuters-21578 story, every 4th AG News item)
is coded with relevance="trigger" (every sentence with a trigger word is parsed); a candidate
sentence is positive when the coder returned an event from it. Articles are split 80/20 by a hash of
their id; the threshold is the highest score that keeps RECALL of the held-out positive sentences,
and the model that ships is the one those held-out figures describe. The BBC corpus, which the throughput benchmark uses,
is not used. The data files' sha256 and the held-out figures go into the model's metadata.

    .venv/bin/python scripts/train_relevance_model.py [--recall 0.97] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "data" / "corpora"
OUT = REPO / "src" / "flashpoint" / "coding" / "data" / "relevance_model.npz"


def _sha(paths: list[Path]) -> dict[str, str]:
    return {str(p.relative_to(CORPORA)): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def load_corpora() -> tuple[list[dict[str, str]], dict[str, str]]:
    """(articles as {id, text, date}, sha256 of every file read)."""
    arts: list[dict[str, str]] = []
    files: list[Path] = []
    csv.field_size_limit(sys.maxsize)
    for f in sorted((CORPORA / "wikinews-vanatteveldt").glob("wikinews_*.csv")):
        files.append(f)
        with open(f, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                arts.append({"id": "wn:" + r["url"], "text": f"{r['title']}\n\n{r['text']}", "date": r["date"][:10]})
    for sub in ("news_cluster", "40er", "google_news"):
        for f in sorted((CORPORA / "giveme5w1h-news" / sub / "data").glob("*.json")):
            files.append(f)
            d = json.loads(f.read_text(encoding="utf-8"))
            text = "\n\n".join(p.strip() for p in (d.get("title"), d.get("description"), d.get("text")) if p and p.strip())
            arts.append({"id": f"g5:{sub}:{f.stem}", "text": text, "date": (d.get("date_publish") or "")[:10]})
    k = 0
    for f in sorted((CORPORA / "reuters-21578").glob("reut2-*.sgm")):
        files.append(f)
        raw = f.read_bytes().decode("latin-1")
        for m in re.finditer(r"<REUTERS.*?NEWID=\"(\d+)\".*?</REUTERS>", raw, re.S):
            body = re.search(r"<BODY>(.*?)</BODY>", m.group(0), re.S)
            title = re.search(r"<TITLE>(.*?)</TITLE>", m.group(0), re.S)
            if not body:
                continue
            k += 1
            if k % 4:
                continue
            text = html.unescape(body.group(1)).replace("\x03", "").strip()
            if title:
                text = html.unescape(title.group(1)).strip() + "\n\n" + text
            arts.append({"id": "reut:" + m.group(1), "text": text, "date": "1987-03-01"})
    ag = CORPORA / "ag-news-test" / "test.csv"
    if ag.exists():
        files.append(ag)
        with open(ag, encoding="utf-8", newline="") as fh:
            for i, r in enumerate(csv.reader(fh)):
                if i % 4 or len(r) < 3:
                    continue
                arts.append({"id": f"ag:{i}", "text": f"{r[1]}. {r[2]}".replace("\\", " "), "date": "2004-08-01"})
    return [a for a in arts if a["text"].strip()], _sha(files)


def collect(arts: list[dict[str, str]]) -> list[tuple[Any, ...]]:
    """(article id, text, trigger hits, mentions, label) for every candidate sentence, coded with
    relevance="trigger"; mention starts are relative to the sentence."""
    from flashpoint.coding.coder import Coder, CoderConfig
    from flashpoint.coding.relevance import words_of
    from flashpoint.records import Article

    coder = Coder(CoderConfig(relevance="trigger"))
    surface = coder.surface_forms
    rows: list[tuple[Any, ...]] = []
    batch: list[Article] = []

    def flush() -> None:
        works = [coder._prepare(a) for a in batch]  # the same candidates code_many will parse
        for a, w, ca in zip(batch, works, coder.code_many(batch), strict=True):
            with_event = {e.sentence.index for e in ca.events}
            for i in w.candidates:
                s = w.sentences[i]
                words = words_of(s.text)
                found = w.ctx.mentions.get(i, []) if w.ctx else []
                ments = [{"code": m.code, "sector": m.sector, "kind": m.kind, "start": m.start - s.start} for m in found]
                rows.append((a.id, s.text, sorted(words & surface), ments, int(i in with_event)))
        batch.clear()

    t0 = time.perf_counter()
    for n, a in enumerate(arts, 1):
        batch.append(Article(id=a["id"], text=a["text"], date=a["date"] or None))
        if len(batch) >= 200:
            flush()
            print(f"  coded {n}/{len(arts)} articles, {len(rows)} candidate sentences, {time.perf_counter() - t0:.0f} s", flush=True)
    if batch:
        flush()
    return rows


def _held_out(aid: str) -> bool:
    return hashlib.sha256(aid.encode()).digest()[0] < 52  # ~20%


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--recall", type=float, default=0.97, help="share of held-out event sentences to keep")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--cache", default="", help="reuse/save the collected rows (JSON) at this path")
    a = ap.parse_args()
    import numpy as np

    from flashpoint.coding.classifier import fit

    arts, shas = load_corpora()
    print(f"{len(arts)} articles from {len(shas)} files")
    cache = Path(a.cache) if a.cache else None
    if cache and cache.exists():
        rows = [tuple(r) for r in json.loads(cache.read_text())]
    else:
        rows = collect(arts)
        if cache:
            cache.write_text(json.dumps(rows))
    from types import SimpleNamespace

    from flashpoint.coding.relevance import features, words_of

    def featurise(r: Any) -> tuple[str, list[str], int]:
        aid, text, hits, ments, label = r
        words = words_of(text)
        return aid, features(text, words, hits, [SimpleNamespace(**m) for m in ments]), label

    rows = [featurise(r) for r in rows]
    train = [r for r in rows if not _held_out(r[0])]
    test = [r for r in rows if _held_out(r[0])]
    print(f"{len(rows)} candidate sentences, {sum(r[2] for r in rows)} with an event; held out {len(test)}")
    kw: dict[str, Any] = {"classes": ["event", "none"], "l2": 1e-4, "epochs": 200, "lr": 0.05, "min_count": 3}
    model = fit([r[1] for r in train], ["event" if r[2] else "none" for r in train], **kw)
    p = model.predict_proba([r[1] for r in test])[:, 0]
    y = np.array([r[2] for r in test])
    pos = np.sort(p[y == 1])
    threshold = float(pos[int(np.floor((1 - a.recall) * len(pos)))])
    keep = p >= threshold
    held = {
        "sentences": len(test), "positives": int(y.sum()),
        "recall": round(float(keep[y == 1].mean()), 4), "kept_share": round(float(keep.mean()), 4),
        "precision": round(float(y[keep].mean()), 4),
    }
    print(f"threshold {threshold:.4f}: held-out recall {held['recall']}, keeps {held['kept_share']} of candidates")
    final = model  # the held-out figures describe exactly the model that ships
    digest = hashlib.sha256(json.dumps(sorted(shas.items())).encode()).hexdigest()[:12]
    final.meta = {
        "id": f"relevance-{digest}-r{a.recall}", "threshold": threshold, "recall_target": a.recall,
        "held_out": held, "n_sentences": len(rows), "n_articles": len(arts), "data_sha256": shas,
        "labels": "coder output with relevance=trigger (no gold data)", "fit": kw,
        "command": "python scripts/train_relevance_model.py " + " ".join(sys.argv[1:]),
    }
    final.save(Path(a.out))
    print(f"wrote {a.out} ({Path(a.out).stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
