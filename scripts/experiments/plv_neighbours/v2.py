import sys; sys.path.insert(0,"/tmp/s9")
from cv import *
ci = {c:i for i,c in enumerate(classes)}
Y = np.array([ci[v] for v in y])
def softmax(z): z = z - z.max(1, keepdims=True); e = np.exp(z); return e/e.sum(1, keepdims=True)
def mlp_fit(X, Yi, hidden=128, l2=1e-3, epochs=300, lr=0.01, seed=0, drop=0.0):
    rng = np.random.default_rng(seed); n, d = X.shape; k = len(classes)
    W1 = rng.normal(0, 1/np.sqrt(d), (d, hidden)); b1 = np.zeros(hidden); W2 = rng.normal(0, 1/np.sqrt(hidden), (hidden, k)); b2 = np.zeros(k)
    params = [W1,b1,W2,b2]; m = [np.zeros_like(p) for p in params]; v = [np.zeros_like(p) for p in params]
    T = np.zeros((n,k)); T[np.arange(n), Yi] = 1
    for t in range(1, epochs+1):
        H = np.maximum(X@W1+b1, 0)
        if drop: mask = (rng.random(H.shape) > drop)/(1-drop); H = H*mask
        P = softmax(H@W2+b2); G = (P-T)/n
        gW2 = H.T@G + l2*W2; gb2 = G.sum(0); GH = (G@W2.T)*(H>0); gW1 = X.T@GH + l2*W1; gb1 = GH.sum(0)
        for i,(p,g) in enumerate(zip(params,[gW1,gb1,gW2,gb2])):
            m[i] = 0.9*m[i]+0.1*g; v[i] = 0.999*v[i]+0.001*g*g
            p -= lr*(m[i]/(1-0.9**t))/(np.sqrt(v[i]/(1-0.999**t))+1e-8)
    return lambda Xt: softmax(np.maximum(Xt@W1+b1,0)@W2+b2)
def score(P, name):
    pred = np.array([classes[j] for j in P.argmax(1)], dtype=object); g = np.array(y, dtype=object)
    acc = np.mean(pred==g); f1s=[]
    for c in classes:
        tp = np.sum((pred==c)&(g==c)); fp = np.sum((pred==c)&(g!=c)); fn = np.sum((pred!=c)&(g==c)); f1s.append(2*tp/max(2*tp+fp+fn,1))
    print(f"{name:50s} acc {acc:.4f} ({int(round(acc*len(D)))}) macroF1 {np.mean(f1s):.4f}", flush=True)
Plin = run(lambda d: win(d)*6, "lin win6")
Psp = run(None, "sparse")
W = np.stack([win(d) for d in D]); S = np.stack([sentmean(d) for d in D])
for feats, fname in ((W, "win"), (np.hstack([W, S]), "win+sent")):
  for hidden, l2, ep in ((128, 1e-3, 300), (256, 1e-2, 300), (128,1e-4,200)):
    Pm = np.zeros((len(D), len(classes)))
    for f in range(5):
        tr = folds!=f; te = folds==f
        Pm[te] = mlp_fit(feats[tr], Y[tr], hidden=hidden, l2=l2, epochs=ep)(feats[te])
    score(Pm, f"mlp {fname} h{hidden} l2 {l2} ep{ep}")
    for w in (0.3, 0.5, 1.0):
        score(softmax(np.log(Plin+1e-12) + w*np.log(Pm+1e-12)), f"  lin*mlp^{w}")
        score(softmax(np.log(Psp+1e-12) + w*np.log(Pm+1e-12)), f"  sparse*mlp^{w}")
# kNN
Wn = W/np.maximum(np.linalg.norm(W,axis=1,keepdims=True),1e-12)
for k in (5,10,20):
    Pk = np.zeros((len(D), len(classes)))
    for f in range(5):
        tr = np.flatnonzero(folds!=f); te = np.flatnonzero(folds==f)
        Sim = Wn[te]@Wn[tr].T
        for r,i in enumerate(te):
            nn = np.argsort(-Sim[r])[:k]
            for j in nn: Pk[i, Y[tr[j]]] += np.exp(Sim[r,j]*10)
        Pk[te] = (Pk[te]+0.1)/ (Pk[te]+0.1).sum(1, keepdims=True)
    score(Pk, f"knn{k}")
    for w in (0.3, 0.5): score(softmax(np.log(Plin)+w*np.log(Pk)), f"  lin*knn^{w}")
