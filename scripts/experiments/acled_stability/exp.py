import pickle, sys, numpy as np
from flashpoint.coding import acled_model as am
from flashpoint.coding.classifier import fit_sparse, vocabulary, adam_step, LinearModel, _Batch
from flashpoint.eval.run import fold_of
ex = pickle.load(open("/tmp/s9/acl/examples.pkl","rb"))
X = [am.features(e.sentence, e.context, e.event) for e in ex]
y = [e.label for e in ex]; w = np.array([e.weight for e in ex]); ids = [e.id for e in ex]
is_note = np.array([i.startswith("acled-") for i in ids])
fold = np.array([fold_of(i) for i in ids])
H = am.HYPER

def fit_avg(Xs, ys, sw, epochs, lr, avg_from, seed=0, decay=False):
    # fit_sparse with iterate averaging from epoch avg_from (Polyak), optional linear lr decay
    vocab = vocabulary(Xs, int(H["min_count"])); classes = sorted(set(ys)); ci = {c:i for i,c in enumerate(classes)}
    n, k, d = len(Xs), len(classes), len(vocab)
    sw = np.asarray(sw, dtype=np.float64); sw = sw / sw.mean()
    order = np.random.default_rng(seed).permutation(n); bs = int(H["batch_size"])
    batches = []
    for lo in range(0, n, bs):
        idx = order[lo:lo+bs]; rl=[]; cl=[]
        for r,i in enumerate(idx):
            ii = sorted({vocab[f] for f in Xs[i] if f in vocab}); rl.extend([r]*len(ii)); cl.extend(ii)
        batches.append(_Batch(np.asarray(rl,dtype=np.int64), np.asarray(cl,dtype=np.int64), np.asarray([ci[ys[i]] for i in idx],dtype=np.int64), sw[idx].astype(np.float32)))
    W = np.zeros((d,k),dtype=np.float32); b = np.zeros(k,dtype=np.float32)
    mW,vW = np.zeros_like(W),np.zeros_like(W); mb,vb = np.zeros_like(b),np.zeros_like(b)
    SW = np.zeros_like(W); Sb = np.zeros_like(b); cnt = 0
    rng = np.random.default_rng(seed+1); step = 0; total = epochs*len(batches)
    for ep in range(epochs):
        for j in rng.permutation(len(batches)):
            bt = batches[int(j)]; step += 1
            z = np.zeros((bt.n,k),dtype=np.float32)
            if len(bt.cols): z[bt.nonempty] = np.add.reduceat(W[bt.cols], bt.row_starts, axis=0)
            z += b; z -= z.max(axis=1, keepdims=True); p = np.exp(z); p /= p.sum(axis=1, keepdims=True)
            p[np.arange(bt.n), bt.labels] -= 1.0; G = p*(bt.weights/bt.n)[:,None]
            gW = H["l2"]*W
            if len(bt.cols): gW[bt.col_ids] += np.add.reduceat(G[bt.rows_by_col], bt.col_starts, axis=0)
            gb = G.sum(axis=0)
            cur = lr*(1-step/total) if decay else lr
            adam_step(((W,gW,mW,vW),(b,gb,mb,vb)), step, cur)
            if ep >= avg_from: SW += W; Sb += b; cnt += 1
    if cnt: W, b = SW/cnt, Sb/cnt
    return LinearModel(classes, vocab, W, b)

def run(name, trainer, drop=0.0, dseed=0):
    preds = np.empty(len(ex), dtype=object)
    rng = np.random.default_rng(100+dseed)
    for f in range(5):
        tr = np.flatnonzero(~(is_note & (fold==f)))
        if drop: tr = tr[rng.random(len(tr)) >= drop]
        te = np.flatnonzero(is_note & (fold==f))
        m = trainer([X[i] for i in tr], [y[i] for i in tr], w[tr])
        P = m.predict_proba([X[i] for i in te])
        preds[te] = [m.classes[j] for j in P.argmax(1)]
    sel = is_note
    acc = np.sum(w[sel]*(preds[sel]==np.array(y,dtype=object)[sel]))/np.sum(w[sel])
    return acc, preds
variants = {
  "current (20 ep)": lambda Xs, ys, sw: fit_sparse(Xs, ys, sample_weight=list(sw), l2=H["l2"], epochs=int(H["epochs"]), lr=H["lr"], batch_size=int(H["batch_size"]), min_count=int(H["min_count"])),
  "avg last 10 of 20": lambda Xs, ys, sw: fit_avg(Xs, ys, sw, 20, H["lr"], 10),
  "decay 20": lambda Xs, ys, sw: fit_avg(Xs, ys, sw, 20, H["lr"], 99, decay=True),
  "decay 20 + avg last 5": lambda Xs, ys, sw: fit_avg(Xs, ys, sw, 20, H["lr"], 15, decay=True),
  "avg last 20 of 40": lambda Xs, ys, sw: fit_avg(Xs, ys, sw, 40, H["lr"], 20),
  "l2 3e-4": lambda Xs, ys, sw: fit_sparse(Xs, ys, sample_weight=list(sw), l2=3e-4, epochs=int(H["epochs"]), lr=H["lr"], batch_size=int(H["batch_size"]), min_count=int(H["min_count"])),
  "l2 3e-5": lambda Xs, ys, sw: fit_sparse(Xs, ys, sample_weight=list(sw), l2=3e-5, epochs=int(H["epochs"]), lr=H["lr"], batch_size=int(H["batch_size"]), min_count=int(H["min_count"])),
}
for name, tr in variants.items():
    a0, p0 = run(name, tr)
    a1, p1 = run(name, tr, drop=0.01, dseed=1)
    a2, p2 = run(name, tr, drop=0.01, dseed=2)
    sel = is_note
    flips = np.sum(p1[sel] != p2[sel]); flips0 = np.sum(p0[sel] != p1[sel])
    print(f"{name:28s} acc {a0:.4f} | dropped-1% runs {a1:.4f} {a2:.4f} | flips between perturbed runs {flips} / {sel.sum()} (full vs perturbed {flips0})", flush=True)
