"""Event location and date against ACLED gold notes (../shared/data/gold/acled), printed as figures.

Usage: python benchmarks/geo_acled.py [N]   (first N rows of the May 2020 world file, default 500)

ACLED notes carry no trigger span: the anchor is the first past-tense word (``\\w+ed``) after the
first comma, else 0. Places compared by normalised name (diacritics, hyphens, apostrophes, and a
leading Arabic article ignored).
"""

from __future__ import annotations

import json
import re
import sys
import time
from datetime import datetime
from pathlib import Path

from flashpoint.eval.scoring import place_matches
from flashpoint.geo.gazetteer import gazetteer
from flashpoint.geo.locate import event_location
from flashpoint.geo.places import find_places
from flashpoint.nlp.dates import event_date

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "data/gold/acled/acled_dev_world_2020-05.jsonl"
_VERB = re.compile(r"\b\w+ed\b")


def main(n: int = 500) -> None:
    if not GOLD.exists():
        print(f"skipped: {GOLD} not found")
        return
    rows = [json.loads(line) for line in GOLD.open(encoding="utf-8")][:n]
    gazetteer()
    located = country_ok = loc_ok = admin1_ok = place_ok = date_ok = 0
    t0 = time.perf_counter()
    for r in rows:
        text = r["text"]
        comma = text.find(",")
        m = _VERB.search(text, max(comma, 0))
        anchor = m.start() if m else 0
        loc = event_location(text, anchor, find_places(text))
        d, _prec = event_date(text, anchor, None)
        gold_date = datetime.strptime(r["date"], "%d-%b-%y").date().isoformat()
        date_ok += d == gold_date
        if loc is None:
            continue
        located += 1
        country_ok += loc.country == r["iso3"]
        lo, a1 = place_matches(loc, r["location"], r["admin1"])
        loc_ok += lo
        admin1_ok += a1
        place_ok += lo or a1
    dt = time.perf_counter() - t0
    total = len(rows)
    print(f"rows: {total}  ({dt:.2f}s incl. dates)")
    print(f"located: {located} ({located / total:.1%})")
    print(f"country == gold iso3: {country_ok} ({country_ok / total:.1%} of rows, "
          f"{country_ok / max(located, 1):.1%} of located)")
    print(f"place == gold location: {loc_ok} ({loc_ok / total:.1%})")
    print(f"place or its admin1 == gold admin1: {admin1_ok} ({admin1_ok / total:.1%})")
    print(f"place == gold location or admin1: {place_ok} ({place_ok / total:.1%} of rows, "
          f"{place_ok / max(located, 1):.1%} of located)")
    print(f"event date == gold date (no pub date): {date_ok} ({date_ok / total:.1%})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
