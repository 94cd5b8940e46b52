"""Events in news that is not about politics: a check on false events, by BBC News category.

Sport, entertainment, business and tech news uses the words of violence for other things: a singer
"beat" her rivals to a prize, a runner "stormed to the title", costs "hit" profits. An event coder that
reads them as acts fills the store with false assaults, and the escalation watch with dyads of sprinters.
No gold set labels such sentences, so this benchmark counts: the first N stories of each category of the
BBC News 2225 corpus (../shared/data/corpora/bbc-news-2225, categories given by the corpus, files sorted
by path) are coded, and the events per 100 stories of each PLOVER type are written to
benchmarks/off_topic_events.json. Politics is the comparison; most ASSAULTs in sport and entertainment
stories are false (sentences to read: `--show ASSAULT`), though not all (a stabbing at an awards night,
fans hit by coins). Lower is not always better: the figure shows where the coder reads words as acts.
The same count over the AG News test split (../shared/data/corpora/ag-news-test, Zhang et al. 2015: title
and description of each item, the first N of each of its four labels) checks the rules on news they were
not written from (the twenty-fifth session read BBC stories, never AG News, to write them).

    .venv/bin/python benchmarks/off_topic_events.py [--n 200] [--ag 1000] [--show ASSAULT]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
from collections import Counter
from pathlib import Path

from flashpoint.coding.coder import Coder, CoderConfig
from flashpoint.records import Article

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "corpora" / "bbc-news-2225"
CATEGORIES = ("politics", "business", "tech", "entertainment", "sport")
AG_NEWS = REPO.parent / "shared" / "data" / "corpora" / "ag-news-test" / "test.csv"
AG_LABELS = {"1": "world", "2": "sports", "3": "business", "4": "sci/tech"}
FORCE = ("ASSAULT", "COERCE", "THREATEN", "PROTEST", "MOBILIZE")


def stories(category: str, n: int) -> list[Article]:
    """The first `n` stories of a category, sorted by path; the title line is left out."""
    out = []
    for p in sorted((CORPUS / category).glob("*.txt"))[:n]:
        _title, _, body = p.read_bytes().decode("utf-8", errors="replace").partition("\n")
        out.append(Article(id=f"{category}-{p.stem}", text=body.strip(), date="2005-01-01"))
    return out


def ag_items(n: int) -> dict[str, list[Article]]:
    """The first `n` AG News test items of each label (title and description as one text)."""
    out: dict[str, list[Article]] = {name: [] for name in AG_LABELS.values()}
    with AG_NEWS.open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            name = AG_LABELS[row["label"]]
            if len(out[name]) < n:
                text = f"{row['title'].strip()}. {row['description'].replace(chr(92), ' ').strip()}"
                out[name].append(Article(id=f"ag-{i}", text=text, date="2004-08-01"))
    return out


def count(coder: Coder, arts: list[Article], show: str | None = None) -> dict[str, float]:
    """Events per 100 articles of each forceful PLOVER type and in all; prints `show`'s evidence."""
    counts: Counter[str] = Counter()
    for coded in coder.code_many(arts):
        for ev in coded.events:
            counts[ev.plover.type] += 1
            if ev.plover.type == show:
                print(f"  {coded.article.id} {ev.trigger.text!r}: {ev.sentence.text[:160]}")
    per100 = {t: round(100 * counts[t] / len(arts), 1) for t in FORCE}
    per100["all"] = round(100 * sum(counts.values()) / len(arts), 1)
    return {"stories": len(arts), **per100}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200, help="stories per category")
    ap.add_argument("--ag", type=int, default=1000, help="AG News test items per label")
    ap.add_argument("--show", default=None, help="print the evidence sentences of this PLOVER type")
    args = ap.parse_args()
    coder = Coder(CoderConfig(encoder="off"))  # the events do not depend on the sentence encoder
    result: dict[str, dict[str, float]] = {}
    for cat in CATEGORIES:
        result[cat] = row = count(coder, stories(cat, args.n), args.show if cat != "politics" else None)
        print(f"{cat:14s} {row['stories']:4d} stories  " + "  ".join(f"{k} {row[k]:6.1f}" for k in (*FORCE, "all")))
    ag: dict[str, dict[str, float]] = {}
    for name, arts in ag_items(args.ag).items():
        ag[name] = row = count(coder, arts)
        print(f"AG {name:11s} {row['stories']:4d} items    " + "  ".join(f"{k} {row[k]:6.1f}" for k in (*FORCE, "all")))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout
    out = {"command": f"python benchmarks/off_topic_events.py --n {args.n} --ag {args.ag}", "commit": commit.strip(),
           "unit": "events per 100 stories (items)", "categories": result, "ag_news": ag}
    (REPO / "benchmarks" / "off_topic_events.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
