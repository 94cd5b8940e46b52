"""Keyed batch order (`fit_sparse(keys=...)`) and seed spread, against the permuted order (tenth session).

Reuses exp.py's data and folds (run build.py first). Prints, per trainer, the held-out example accuracy
with all training examples and with two random 1% drops, the readings that differ between the two drops,
then the full-data accuracy of both orders for seeds 1-3 and of 3-seed weight averages.
"""
import numpy as np

exec(open(__file__.replace("exp_keys.py", "exp.py")).read().split("variants = {")[0])  # noqa: S102 - the shared setup
from flashpoint.coding.classifier import LinearModel, fit_sparse  # noqa: E402

seen: dict[str, int] = {}
keys_all = []
for e in ex:  # noqa: F821 - from exp.py
    seen[e.id] = seen.get(e.id, -1) + 1
    keys_all.append(f"{e.id}#{seen[e.id]}")


def run_k(trainer, drop=0.0, dseed=0):
    preds = np.empty(len(ex), dtype=object)  # noqa: F821
    rng = np.random.default_rng(100 + dseed)
    for f in range(5):
        tr = np.flatnonzero(~(is_note & (fold == f)))  # noqa: F821
        if drop:
            tr = tr[rng.random(len(tr)) >= drop]
        te = np.flatnonzero(is_note & (fold == f))  # noqa: F821
        m = trainer([X[i] for i in tr], [y[i] for i in tr], w[tr], [keys_all[i] for i in tr])  # noqa: F821
        P = m.predict_proba([X[i] for i in te])  # noqa: F821
        preds[te] = [m.classes[j] for j in P.argmax(1)]
    sel = is_note  # noqa: F821
    acc = np.sum(w[sel] * (preds[sel] == np.array(y, dtype=object)[sel])) / np.sum(w[sel])  # noqa: F821
    return acc, preds


def trainer(seed=0, keyed=True, seeds=None):
    def one(Xs, ys, sw, ks, s):
        return fit_sparse(Xs, ys, sample_weight=list(sw), l2=H["l2"], epochs=int(H["epochs"]), lr=H["lr"],  # noqa: F821
                          batch_size=int(H["batch_size"]), min_count=int(H["min_count"]), seed=s, keys=ks if keyed else None)

    def fit(Xs, ys, sw, ks):
        if not seeds:
            return one(Xs, ys, sw, ks, seed)
        ms = [one(Xs, ys, sw, ks, s) for s in seeds]
        return LinearModel(ms[0].classes, ms[0].vocab, sum(m.W for m in ms) / len(ms), sum(m.b for m in ms) / len(ms))
    return fit


for name, tr in (("permuted (shipped before)", trainer(keyed=False)), ("keyed", trainer()),
                 ("keyed, mean of seeds 0-2", trainer(seeds=(0, 1, 2))), ("keyed, mean of seeds 3-5", trainer(seeds=(3, 4, 5)))):
    a0, _ = run_k(tr)
    a1, p1 = run_k(tr, 0.01, 1)
    a2, p2 = run_k(tr, 0.01, 2)
    print(name, round(a0, 4), round(a1, 4), round(a2, 4), "flips", int(np.sum(p1[is_note] != p2[is_note])), flush=True)  # noqa: F821
for seed in (1, 2, 3):
    for keyed in (False, True):
        print("seed", seed, "keyed" if keyed else "permuted", round(run_k(trainer(seed, keyed))[0], 4), flush=True)
