"""Baseline: 5-fold CV (fold_of) of the project's own sparse LR on the dumped features (main venv)."""
import json
import numpy as np
from flashpoint.coding.classifier import fit
from flashpoint.coding.train import HYPER
from flashpoint.eval.gold import plv_label
d = json.load(open("/tmp/minilm_exp/plv_features.json"))
pred = [None] * len(d)
for k in range(5):
    tr = [x for x in d if x["fold"] != k]
    te = [i for i, x in enumerate(d) if x["fold"] == k]
    # the project trains on raw labels; labels dumped are already PLV (YIELD merged)
    m = fit([x["features"] for x in tr], [x["label"] for x in tr], **HYPER)
    p = m.predict_proba([d[i]["features"] for i in te]).argmax(1)
    for i, j in zip(te, p):
        pred[i] = m.classes[j]
gold = [x["label"] for x in d]
acc = np.mean([a == b for a, b in zip(gold, pred)])
labs = sorted(set(gold))
f1 = []
for c in labs:
    tp = sum(g == c and p == c for g, p in zip(gold, pred)); fp = sum(g != c and p == c for g, p in zip(gold, pred)); fn = sum(g == c and p != c for g, p in zip(gold, pred))
    f1.append(0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
print(f"project sparse LR (classifier only, CV): acc={acc:.3f} macroF1={np.mean(f1):.3f}")
json.dump(pred, open("/tmp/minilm_exp/pred_sparse_project.json", "w"))
