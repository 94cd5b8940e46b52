import pickle, sys, numpy as np
from collections import Counter
from flashpoint.coding.classifier import fit
from flashpoint.coding.train import HYPER
D = pickle.load(open("/tmp/s9/plv.pkl","rb"))
y = [d["label"] for d in D]; folds = np.array([d["fold"] for d in D])
classes = sorted(set(y))
def unit(v): return v/max(np.linalg.norm(v),1e-12)
def pool(d, sel):
    return unit(d["h"][sel].mean(0)) if sel.any() else np.zeros(384)
def sels(d):
    sp = d["spans"]; real = sp[:,1]>sp[:,0]
    (f0,f1),(s0,s1) = sorted([d["a"], d["b"]])
    return sp, real, f0, f1, s0, s1
def win(d, after=4, before=0, cover=False):
    sp, real, f0, f1, s0, s1 = sels(d)
    lo = f0 if cover else f1; hi = s1 if cover else s0
    sel = real & (sp[:,0]>=lo) & (sp[:,1]<=hi)
    idx = np.flatnonzero(real & (sp[:,0]>=s1))[:after]; sel[idx]=True
    if before:
        idx = np.flatnonzero(real & (sp[:,1]<=f0))[-before:]; sel[idx]=True
    return pool(d, sel)
def spanpool(d, r):
    sp = d["spans"]; real = sp[:,1]>sp[:,0]
    return pool(d, real & (sp[:,0]>=r[0]) & (sp[:,1]<=r[1]))
def sentmean(d):
    sp = d["spans"]; real = sp[:,1]>sp[:,0]; return pool(d, real)
def cls_tok(d): return unit(d["h"][0])
def run(dense_fn, name, sparse=True, hyper=HYPER, probs_out=False):
    Xd = np.stack([dense_fn(d) for d in D]) if dense_fn else None
    pred = np.empty(len(D), dtype=object); P = np.zeros((len(D), len(classes)))
    for f in range(5):
        tr = np.flatnonzero(folds!=f); te = np.flatnonzero(folds==f)
        X = [D[i]["feats"] if sparse else ["b"] for i in tr]
        m = fit(X, [y[i] for i in tr], classes=classes, dense=None if Xd is None else Xd[tr], **hyper)
        Xt = [D[i]["feats"] if sparse else ["b"] for i in te]
        p = m.predict_proba(Xt, None if Xd is None else Xd[te]) if Xd is not None else m.predict_proba(Xt)
        P[te] = p; pred[te] = [classes[j] for j in p.argmax(1)]
    acc = np.mean(pred == np.array(y, dtype=object))
    f1s = []
    for c in classes:
        tp = sum((p==c and g==c) for p,g in zip(pred,y)); fp = sum((p==c and g!=c) for p,g in zip(pred,y)); fn = sum((p!=c and g==c) for p,g in zip(pred,y))
        f1s.append(2*tp/max(2*tp+fp+fn,1))
    print(f"{name:50s} acc {acc:.4f} ({int(round(acc*len(D)))}) macroF1 {np.mean(f1s):.4f}", flush=True)
    return P
if __name__ == "__main__":
    run(None, "sparse only")
    run(lambda d: d["win"]*6, "win x6 (shipped)")
    run(lambda d: win(d)*6, "win recomputed x6")
