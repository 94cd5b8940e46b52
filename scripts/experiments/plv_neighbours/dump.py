"""Dump pairs for the CV scripts: `dump.py plv` (the PLV dev set, with the eval's folds) -> /tmp/s9/plv.pkl;
`dump.py team` (plover_examples.jsonl beside this script, fold -1: training only) -> /tmp/s9/team.pkl."""
import json, pickle, sys
from pathlib import Path
import numpy as np
from flashpoint.coding.coder import Coder, CoderConfig
from flashpoint.coding.features import arg_range, pair_features
from flashpoint.eval.run import fold_of
which = sys.argv[1] if len(sys.argv) > 1 else "plv"
if which == "plv":
    path, out_path, fold = Path("/work/shared/data/gold/plv/plv_train.jsonl"), "/tmp/s9/plv.pkl", fold_of
else:
    path, out_path, fold = Path(__file__).resolve().parent / "plover_examples.jsonl", "/tmp/s9/team.pkl", lambda _id: -1
coder = Coder(CoderConfig(encoder="on"), relation_model=False, hinted_relation_model=False)
rows = [json.loads(l) for l in path.read_text().splitlines() if l.strip()]
docs = coder.nlp.pipe([r["text"] for r in rows], batch_size=256)
out = []
for r, doc in zip(rows, docs):
    src, tgt = r["source"]["spans"], r["target"]["spans"]
    feats, _ = pair_features(doc, src, tgt, coder.lexicon)
    a, b = arg_range(src, 0), arg_range(tgt, len(r["text"]))
    h, spans = coder.encoder.states(r["text"])
    out.append(dict(id=r["id"], text=r["text"], feats=feats, label=r["plover"], fold=fold(r["id"]), a=a, b=b, h=h.astype(np.float32), spans=spans, win=coder.encoder.window(r["text"], a, b)))
pickle.dump(out, open(out_path, "wb"))
print(len(out))
