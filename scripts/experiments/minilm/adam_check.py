"""Check that the gain survives with the project's style of trainer (full-batch Adam softmax LR, numpy only,
HYPER l2=3e-4, 200 epochs, lr 0.05) on [sparse binary | alpha * window embedding], no sklearn in the model."""
import sys
sys.path.insert(0, "/tmp/minilm_exp")
import numpy as np
import cv
T = np.load("/tmp/minilm_exp/emb_plv_tok.npz")
y, folds, LABELS = cv.y, cv.folds, cv.LABELS


def adam_fit(X, Y, l2=3e-4, epochs=200, lr=0.05):
    n, d = X.shape; k = Y.shape[1]
    W = np.zeros((d, k)); b = np.zeros(k)
    mW = np.zeros_like(W); vW = np.zeros_like(W); mb = np.zeros_like(b); vb = np.zeros_like(b)
    for t in range(1, epochs + 1):
        z = X @ W + b; z -= z.max(1, keepdims=True); p = np.exp(z); p /= p.sum(1, keepdims=True)
        G = (p - Y) / n
        gW = X.T @ G + l2 * W; gb = G.sum(0)
        for P, g, m, v in ((W, gW, mW, vW), (b, gb, mb, vb)):
            m *= 0.9; m += 0.1 * g; v *= 0.999; v += 0.001 * g * g
            P -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return W, b


for alpha in (0, 2, 4, 6):
    pred = np.empty(len(y), dtype=object)
    for k in range(5):
        tr, te = np.where(folds != k)[0], np.where(folds == k)[0]
        Xs = cv.sparse_fold(tr)
        X = np.hstack([Xs.toarray(), T["window"] * alpha]) if alpha else Xs.toarray()
        Y = np.zeros((len(tr), len(LABELS))); Y[np.arange(len(tr)), [LABELS.index(c) for c in y[tr]]] = 1
        W, b = adam_fit(X[tr], Y)
        pred[te] = np.asarray(LABELS)[(X[te] @ W + b).argmax(1)]
    cv.report(f"numpy Adam (project HYPER) sparse + window alpha={alpha}", pred)
