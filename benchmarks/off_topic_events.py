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

    .venv/bin/python benchmarks/off_topic_events.py [--n 200] [--show ASSAULT]
"""

from __future__ import annotations

import argparse
import json
import subprocess
from collections import Counter
from pathlib import Path

from flashpoint.coding.coder import Coder, CoderConfig
from flashpoint.records import Article

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "corpora" / "bbc-news-2225"
CATEGORIES = ("politics", "business", "tech", "entertainment", "sport")
FORCE = ("ASSAULT", "COERCE", "THREATEN", "PROTEST", "MOBILIZE")


def stories(category: str, n: int) -> list[Article]:
    """The first `n` stories of a category, sorted by path; the title line is left out."""
    out = []
    for p in sorted((CORPUS / category).glob("*.txt"))[:n]:
        _title, _, body = p.read_bytes().decode("utf-8", errors="replace").partition("\n")
        out.append(Article(id=f"{category}-{p.stem}", text=body.strip(), date="2005-01-01"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200, help="stories per category")
    ap.add_argument("--show", default=None, help="print the evidence sentences of this PLOVER type")
    args = ap.parse_args()
    coder = Coder(CoderConfig(encoder="off"))  # the events do not depend on the sentence encoder
    result: dict[str, dict[str, float]] = {}
    for cat in CATEGORIES:
        arts = stories(cat, args.n)
        counts: Counter[str] = Counter()
        for coded in coder.code_many(arts):
            for ev in coded.events:
                counts[ev.plover.type] += 1
                if ev.plover.type == args.show and cat != "politics":
                    print(f"  {coded.article.id} {ev.trigger.text!r}: {ev.sentence.text[:160]}")
        per100 = {t: round(100 * counts[t] / len(arts), 1) for t in FORCE}
        per100["all"] = round(100 * sum(counts.values()) / len(arts), 1)
        result[cat] = {"stories": len(arts), **per100}
        print(f"{cat:14s} {len(arts):4d} stories  " + "  ".join(f"{k} {v:6.1f}" for k, v in per100.items()))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout
    out = {"command": "python benchmarks/off_topic_events.py --n %d" % args.n, "commit": commit.strip(),
           "unit": "events per 100 stories", "categories": result}
    (REPO / "benchmarks" / "off_topic_events.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
