"""Nested CV: the outer 5 folds are the project's fold_of folds; inside each training part, the other 4 folds pick
(pooling variant, alpha, C) for sparse + MiniLM embedding LR. Reports an unbiased accuracy / macro-F1."""
import itertools, json, sys, time
sys.path.insert(0, "/tmp/minilm_exp")
import numpy as np
import scipy.sparse as sp
import cv
T = np.load("/tmp/minilm_exp/emb_plv_tok.npz")
E = {k: cv.E[k] for k in cv.E.files}; E.update({k: T[k] for k in T.files}); cv.E = E
y, folds = cv.y, cv.folds
GRID = list(itertools.product([("window",), ("window8",), ("plain", "window"), ("btw_fb",)], (4, 6, 9), (1, 3)))


def fit_pred(tr, te, v, alpha, C):
    X = cv.combo(v, alpha)(tr)
    m = cv.lr(C).fit(X[tr], y[tr])
    return m.predict(X[te])


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "scan":
        for v in [("window2",), ("window8",), ("window",)]:
            for alpha in (6, 9):
                cv.report(f"sparse + emb {'+'.join(v)} alpha={alpha} C=1", cv.run_cv(cv.combo(v, alpha), 1))
        sys.exit()
    pred = np.empty(len(y), dtype=object); chosen = []
    for k in range(5):
        t0 = time.time()
        outer_tr = np.where(folds != k)[0]; te = np.where(folds == k)[0]
        best, best_acc = None, -1
        for v, alpha, C in GRID:
            correct = 0
            for j in sorted(set(folds[outer_tr])):
                itr = outer_tr[folds[outer_tr] != j]; ite = outer_tr[folds[outer_tr] == j]
                correct += (fit_pred(itr, ite, v, alpha, C) == y[ite]).sum()
            if correct > best_acc:
                best, best_acc = (v, alpha, C), correct
        chosen.append((k, "+".join(best[0]), best[1], best[2], round(best_acc / len(outer_tr), 3)))
        pred[te] = fit_pred(outer_tr, te, *best)
        print("fold", k, chosen[-1], f"{time.time() - t0:.0f}s", flush=True)
    cv.report("NESTED sparse + emb (variant, alpha, C chosen inside each training part)", pred)
    json.dump({"chosen": chosen, "rows": cv.rows, "pred": list(pred)}, open("/tmp/minilm_exp/nested_results.json", "w"))
