import sys; sys.path.insert(0,"/tmp/s9")
from cv import *
from v2lib import *
import itertools
W = np.stack([win(d) for d in D]); Wn = W/np.maximum(np.linalg.norm(W,axis=1,keepdims=True),1e-12)
def lin_probs(tr, te):
    m = fit([D[i]["feats"] for i in tr], [y[i] for i in tr], classes=classes, dense=W[tr]*6, **HYPER)
    return m.predict_proba([D[i]["feats"] for i in te], W[te]*6)
def knn_probs(tr, te, k, temp, alpha=0.1):
    Sim = Wn[te]@Wn[tr].T; nn = np.argsort(-Sim, axis=1)[:, :k]
    P = np.zeros((len(te), len(classes)))
    for r in range(len(te)):
        for j in nn[r]: P[r, Y[tr[j]]] += np.exp(Sim[r,j]*temp - temp)
    P = P + alpha*P.sum(1, keepdims=True)/len(classes); return P/P.sum(1, keepdims=True)
grid = list(itertools.product((5,10), (10,20), (0.3,0.5,0.7)))
Pout = np.zeros((len(D), len(classes))); chosen = []
for f in range(5):
    tr = np.flatnonzero(folds!=f); te = np.flatnonzero(folds==f)
    inner = {}
    for g in range(5):
        if g == f: continue
        itr = np.flatnonzero((folds!=f)&(folds!=g)); ite = np.flatnonzero(folds==g)
        inner[g] = (itr, ite, lin_probs(itr, ite))
    best = None
    for k, t, w in grid:
        corr = 0
        for g,(itr, ite, Pl) in inner.items():
            P = softmax(np.log(Pl)+w*np.log(knn_probs(itr, ite, k, t)))
            corr += np.sum(P.argmax(1) == Y[ite])
        if best is None or corr > best[0]: best = (corr, (k,t,w))
    k,t,w = best[1]; chosen.append(best[1])
    Pout[te] = softmax(np.log(lin_probs(tr, te)) + w*np.log(knn_probs(tr, te, k, t)))
    print("fold", f, "chose", best[1], best[0], flush=True)
score(Pout, "nested lin*knn")
