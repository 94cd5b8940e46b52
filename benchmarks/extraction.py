"""Extraction accuracy of flashpoint.ingest.parse_html on the shared corpora.

- mozilla-readability-testpages: title, byline and published-date accuracy against the expected metadata.
- zyte-article-extraction-benchmark: body precision / recall / F1 on token 4-gram shingles (the
  benchmark's own measure, per page, averaged) of the article body alone, also computed for the
  benchmark's stored trafilatura output (title + body) as a check of the metric (its README: F1 0.958).

Usage: python benchmarks/extraction.py [--limit N] [--skip-zyte]
Prints the figures and writes benchmarks/extraction.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from flashpoint.errors import InputError
from flashpoint.ingest.html import parse_html

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "data" / "corpora"


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").lower()
    s = re.sub(r"^\s*by\s+", "", s)
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


def byline_match(expected: str, got: str | None) -> bool:
    e, g = norm(expected), norm(got)
    return bool(g) and (e == g or (len(g) >= 4 and g in e) or (len(e) >= 4 and e in g))


def mozilla(limit: int | None) -> dict[str, Any]:
    pages = sorted(p for p in (CORPORA / "mozilla-readability-testpages" / "pages").iterdir() if p.is_dir())
    pages = pages[:limit] if limit else pages
    c: Counter[str] = Counter()
    misses: dict[str, list[str]] = {"title": [], "byline": [], "date": []}
    for page in pages:
        expected = json.loads((page / "expected-metadata.json").read_text())
        html = gzip.decompress((page / "source.html.gz").read_bytes()).decode("utf-8", "replace")
        try:
            art = parse_html(html, origin=page.name)
        except InputError:
            c["no_text"] += 1
            art = None
        got = {"title": art.title if art else None, "author": art.author if art else None,
               "date": art.date if art else None}
        c["pages"] += 1
        if expected.get("title"):
            c["title_n"] += 1
            ok = norm(expected["title"]) == norm(got["title"])
            c["title_ok"] += ok
            if not ok:
                misses["title"].append(f"{page.name}: {expected['title']!r} != {got['title']!r}")
        if expected.get("byline"):
            c["byline_n"] += 1
            ok = byline_match(expected["byline"], got["author"])
            c["byline_ok"] += ok
            if not ok:
                misses["byline"].append(f"{page.name}: {expected['byline']!r} != {got['author']!r}")
        else:
            c["byline_none_n"] += 1
            c["byline_none_ok"] += got["author"] is None
            if got["author"] is not None:
                misses["byline"].append(f"{page.name}: None != {got['author']!r}")
        if expected.get("publishedTime"):
            c["date_n"] += 1
            ok = (got["date"] or "")[:10] == expected["publishedTime"][:10]
            c["date_ok"] += ok
            if not ok:
                misses["date"].append(f"{page.name}: {expected['publishedTime']!r} != {got['date']!r}")

    def rate(k: str) -> float:
        return round(c[f"{k}_ok"] / c[f"{k}_n"], 3) if c[f"{k}_n"] else 0.0

    return {
        "pages": c["pages"],
        "title_accuracy": rate("title"), "title_n": c["title_n"],
        "byline_accuracy": rate("byline"), "byline_n": c["byline_n"],
        "no_byline_correctly_empty": rate("byline_none"), "no_byline_n": c["byline_none_n"],
        "date_accuracy": rate("date"), "date_n": c["date_n"],
        "misses": misses,
    }


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", (text or "").lower())
    return Counter(tuple(tokens[i:i + n]) for i in range(max(len(tokens) - n + 1, 1)))


def prf(expected: str, got: str) -> tuple[float, float]:
    e, g = shingles(expected), shingles(got)
    tp = sum((e & g).values())
    precision = tp / sum(g.values()) if got.strip() and g else 0.0
    recall = tp / sum(e.values()) if e else 0.0
    return precision, recall


def zyte(limit: int | None) -> dict[str, Any]:
    base = CORPORA / "zyte-article-extraction-benchmark"
    truth = json.loads((base / "ground-truth.json").read_text())
    reference = json.loads((base / "output" / "trafilatura.json").read_text())
    reference = reference.get("output", reference)
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    ours, theirs = [], []
    for key in keys:
        raw = gzip.decompress((base / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        try:
            art = parse_html(raw, url=truth[key].get("url"))
            body = art.text  # the body alone: what events are coded from
        except InputError:
            body = ""
        ours.append(prf(truth[key]["articleBody"], body))
        theirs.append(prf(truth[key]["articleBody"], reference.get(key, {}).get("articleBody", "")))

    def summary(rows: list[tuple[float, float]]) -> dict[str, float]:
        p = sum(r[0] for r in rows) / len(rows)
        r = sum(r[1] for r in rows) / len(rows)
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}

    return {"pages": len(keys), "flashpoint": summary(ours), "stored_trafilatura_output": summary(theirs)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--skip-zyte", action="store_true")
    ap.add_argument("--misses", action="store_true", help="print the pages where a field was wrong")
    args = ap.parse_args()
    if not CORPORA.exists():
        print(f"shared corpora not found at {CORPORA}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    result: dict[str, Any] = {"mozilla_readability": mozilla(args.limit)}
    if not args.skip_zyte:
        result["zyte"] = zyte(args.limit)
    result["seconds"] = round(time.perf_counter() - t0, 1)
    misses = result["mozilla_readability"].pop("misses")  # quotes of shared material: never committed
    if args.misses:
        for field, rows in misses.items():
            print(f"## {field} ({len(rows)})", *rows, sep="\n  ")
    (ROOT / "benchmarks" / "extraction.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    m = result["mozilla_readability"]
    print(f"mozilla-readability ({m['pages']} pages): title {m['title_accuracy']} (n={m['title_n']}), "
          f"byline {m['byline_accuracy']} (n={m['byline_n']}), empty byline where none "
          f"{m['no_byline_correctly_empty']} (n={m['no_byline_n']}), date {m['date_accuracy']} (n={m['date_n']})")
    if "zyte" in result:
        z = result["zyte"]
        print(f"zyte ({z['pages']} pages): body {z['flashpoint']} ; stored trafilatura output "
              f"{z['stored_trafilatura_output']}")
    print(f"{result['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
