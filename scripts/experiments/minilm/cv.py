"""5-fold CV (project fold_of folds) of relation classifiers on MiniLM embeddings, sparse features, and both.

Run with /tmp/minilm_exp/venv/bin/python after dump_features.py and embed.py.
"""
import json, sys, time
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

D = json.load(open("/tmp/minilm_exp/plv_features.json"))
E = np.load("/tmp/minilm_exp/emb_plv.npz")
assert list(E["ids"]) == [x["id"] for x in D]
NG = np.load("/tmp/minilm_exp/emb_ngec.npz")
y = np.asarray([x["label"] for x in D])
folds = np.asarray([x["fold"] for x in D])
feats = [x["features"] for x in D]
LABELS = sorted(set(y))
PROJ = json.load(open("/tmp/minilm_exp/pred_sparse_project.json"))


def emb(*names):
    return np.hstack([E[n] for n in names])


def score(pred):
    return accuracy_score(y, pred), f1_score(y, pred, labels=LABELS, average="macro", zero_division=0)


def sparse_fold(tr):
    cv = CountVectorizer(analyzer=lambda f: f, binary=True)
    cv.fit([feats[i] for i in tr])
    return cv.transform(feats).astype(np.float64)


def lr(C):
    return LogisticRegression(C=C, max_iter=3000)


def run_cv(make_X, C, extra=None, idx=None, proba=False):
    """extra(tr_idx) -> (X_extra, y_extra, weight) added to training. Returns predictions (and probs)."""
    idx = np.arange(len(y)) if idx is None else idx
    pred = np.empty(len(y), dtype=object)
    P = np.zeros((len(y), len(LABELS)))
    for k in range(5):
        tr = idx[folds[idx] != k]
        te = idx[folds[idx] == k]
        X = make_X(tr)
        Xtr, ytr, w = X[tr], y[tr], np.ones(len(tr))
        if extra is not None:
            Xe, ye, we = extra(X)
            Xtr = sp.vstack([Xtr, Xe]).tocsr() if sp.issparse(Xtr) else np.vstack([Xtr, Xe])
            ytr = np.concatenate([ytr, ye]); w = np.concatenate([w, np.full(len(ye), we)])
        m = lr(C).fit(Xtr, ytr, sample_weight=w)
        pr = m.predict_proba(X[te])
        cols = [list(m.classes_).index(c) for c in LABELS if c in m.classes_]
        P[np.ix_(te, [LABELS.index(c) for c in m.classes_])] = pr
        pred[te] = m.classes_[pr.argmax(1)]
    return (pred, P) if proba else pred


def dense(names, scale=1.0):
    Z = emb(*names) * scale
    return lambda tr: Z


def combo(names, alpha):
    Z = sp.csr_matrix(emb(*names) * alpha)
    return lambda tr: sp.hstack([sparse_fold(tr), Z]).tocsr()


def knn_cv(names, k, weighted=True):
    Z = emb(*names); Z = Z / np.linalg.norm(Z, axis=1, keepdims=True)
    pred = np.empty(len(y), dtype=object)
    for f in range(5):
        tr, te = np.where(folds != f)[0], np.where(folds == f)[0]
        S = Z[te] @ Z[tr].T
        nn = np.argsort(-S, axis=1)[:, :k]
        for r, i in enumerate(te):
            votes = {}
            for j in nn[r]:
                votes[y[tr][j]] = votes.get(y[tr][j], 0) + (np.exp(S[r, j] / 0.05) if weighted else 1)
            pred[i] = max(votes, key=votes.get)
    return pred


def proto_cv(names):
    Z = emb(*names); Z = Z / np.linalg.norm(Z, axis=1, keepdims=True)
    pred = np.empty(len(y), dtype=object)
    for f in range(5):
        tr, te = np.where(folds != f)[0], np.where(folds == f)[0]
        C = np.stack([Z[tr][y[tr] == c].mean(0) for c in LABELS]); C /= np.linalg.norm(C, axis=1, keepdims=True)
        pred[te] = np.asarray(LABELS)[(Z[te] @ C.T).argmax(1)]
    return pred


rows = []
def report(name, pred):
    a, f = score(pred)
    rows.append((name, a, f))
    print(f"{name:70s} acc={a:.3f} mF1={f:.3f}", flush=True)


if __name__ == "__main__":
    report("project sparse LR (own Adam fit, HYPER)", np.asarray(PROJ, dtype=object))
    for C in (1, 3, 10):
        report(f"sklearn LR sparse only C={C}", run_cv(sparse_fold, C))
    variants = [("plain",), ("marked_brackets",), ("marked_replace",), ("between_text",), ("between_tokens",),
                ("ctx_tokens",), ("src_tokens", "tgt_tokens"), ("ctx_tokens", "src_tokens", "tgt_tokens"),
                ("plain", "between_text"), ("marked_brackets", "between_text"),
                ("plain", "marked_brackets", "between_text"),
                ("marked_replace", "between_text", "src_tokens", "tgt_tokens")]
    for v in variants:
        for C in (3, 10, 30):
            report(f"emb LR {'+'.join(v)} C={C}", run_cv(dense(v), C))
    for v in [("plain",), ("marked_brackets",), ("between_text",)]:
        for k in (1, 5, 15):
            report(f"kNN {'+'.join(v)} k={k}", knn_cv(v, k))
        report(f"prototype (class centroid) {'+'.join(v)}", proto_cv(v))
    for v in [("plain",), ("between_text",), ("marked_brackets",), ("marked_brackets", "between_text"),
              ("plain", "marked_brackets", "between_text")]:
        for alpha in (1, 2, 4):
            for C in (1, 3):
                report(f"sparse + emb {'+'.join(v)} alpha={alpha} C={C}", run_cv(combo(v, alpha), C))
    # NGEC synthetic stories (first sentence, doc-level label) as extra training data (never tested on)
    ng_e, ng_y = NG["first"], NG["labels"]
    keep = np.isin(ng_y, LABELS)
    ng_e, ng_y = ng_e[keep], ng_y[keep]
    for wgt in (0.2, 1.0):
        for C in (3, 10):
            report(f"emb LR plain + NGEC(w={wgt}) C={C}", run_cv(dense(("plain",)), C, extra=lambda X: (ng_e, ng_y, wgt)))
    # NGEC alone as training set, tested on all PLV (zero-shot transfer)
    m = lr(10).fit(ng_e, ng_y)
    report("emb LR trained on NGEC only, tested on all PLV (plain)", m.predict(E["plain"]).astype(object))
    for wgt in (0.2, 1.0):
        def ex(X, wgt=wgt):
            n_sparse = X.shape[1] - 384
            return sp.hstack([sp.csr_matrix((len(ng_e), n_sparse)), sp.csr_matrix(ng_e * 2)]).tocsr(), ng_y, wgt
        report(f"sparse + emb plain alpha=2 C=1 + NGEC(w={wgt}, no sparse feats)", run_cv(combo(("plain",), 2), 1, extra=ex))
    # late fusion: average probabilities of sparse LR and embedding LR
    _, Ps = run_cv(sparse_fold, 3, proba=True)
    for v in [("plain",), ("marked_brackets", "between_text")]:
        _, Pe = run_cv(dense(v), 10, proba=True)
        for lam in (0.3, 0.5):
            report(f"late fusion sparse(C=3) + emb {'+'.join(v)}(C=10) lam={lam}", np.asarray(LABELS, dtype=object)[((1 - lam) * Ps + lam * Pe).argmax(1)])
    json.dump(rows, open("/tmp/minilm_exp/cv_results.json", "w"), indent=0)
