import json, sys
from collections import Counter
from flashpoint.coding.coder import Coder, CoderConfig
from flashpoint.records import Article, ActorHints
rows = [json.loads(l) for l in open("/work/main/scripts/experiments/plv_neighbours/plover_examples.jsonl") if l.strip()]
for enc in ("on", "off"):
    c = Coder(CoderConfig(encoder=enc))
    arts = [Article(id=r["id"], text=r["text"], actors=ActorHints(tuple(map(tuple, r["source"]["spans"])), tuple(map(tuple, r["target"]["spans"])))) for r in rows]
    ok = 0; conf = Counter()
    for r, ca in zip(rows, c.code_many(arts)):
        t = ca.events[0].plover.type if ca.events else "NONE"
        t = "YIELD" if t in ("CONCEDE", "RETREAT") else t
        ok += t == r["plover"]
        if t != r["plover"]: conf[(r["plover"], t)] += 1
    print(enc, ok, len(rows), round(ok/len(rows), 3), conf.most_common(8))
