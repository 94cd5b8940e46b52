"""A small multinomial logistic regression over sparse string features (numpy only).

Used to type the relation between a source and a target. Trained by `flashpoint.coding.train`;
the weights ship as a compressed .npz (vocabulary, classes, weights, bias, temperature).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass
class LinearModel:
    classes: list[str]
    vocab: dict[str, int]
    W: np.ndarray  # (n_features, n_classes)
    b: np.ndarray  # (n_classes,)
    temperature: float = 1.0
    meta: dict[str, Any] | None = None

    def _rows(self, X: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        indptr = [0]
        idx: list[int] = []
        for feats in X:
            ids = sorted({self.vocab[f] for f in feats if f in self.vocab})
            idx.extend(ids)
            indptr.append(len(idx))
        ind = np.asarray(idx, dtype=np.int64)
        ptr = np.asarray(indptr, dtype=np.int64)
        rows = np.repeat(np.arange(len(X)), np.diff(ptr))
        return ind, ptr, rows

    def logits(self, X: list[list[str]]) -> np.ndarray:
        ind, ptr, rows = self._rows(X)
        out = np.tile(self.b, (len(X), 1)).astype(np.float64)
        if len(ind):
            np.add.at(out, rows, self.W[ind])
        return out

    def predict_proba(self, X: list[list[str]]) -> np.ndarray:
        z = self.logits(X) / self.temperature
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        words = sorted(self.vocab, key=self.vocab.__getitem__)
        np.savez_compressed(
            path,
            W=self.W.astype(np.float16),
            b=self.b.astype(np.float32),
            classes=np.asarray(self.classes),
            vocab=np.asarray(words),
            temperature=np.asarray([self.temperature]),
            meta=np.asarray([json.dumps(self.meta or {}, sort_keys=True)]),
        )

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with np.load(path, allow_pickle=False) as z:
            words = [str(w) for w in z["vocab"]]
            return cls(
                classes=[str(c) for c in z["classes"]],
                vocab={w: i for i, w in enumerate(words)},
                W=z["W"].astype(np.float32),
                b=z["b"].astype(np.float32),
                temperature=float(z["temperature"][0]),
                meta=json.loads(str(z["meta"][0])),
            )


def fit(
    X: list[list[str]],
    y: list[str],
    *,
    classes: list[str] | None = None,
    l2: float = 1e-3,
    epochs: int = 300,
    lr: float = 0.05,
    min_count: int = 1,
    sample_weight: list[float] | None = None,
) -> LinearModel:
    """Full-batch Adam on the softmax cross-entropy with L2. Deterministic."""
    counts: dict[str, int] = {}
    for feats in X:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    cls = classes or sorted(set(y))
    ci = {c: i for i, c in enumerate(cls)}
    model = LinearModel(cls, vocab, np.zeros((len(vocab), len(cls))), np.zeros(len(cls)))
    ind, ptr, rows = model._rows(X)
    n, k = len(X), len(cls)
    Y = np.zeros((n, k))
    Y[np.arange(n), [ci[v] for v in y]] = 1.0
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    sw = sw / sw.sum()
    W, b = model.W, model.b
    mW, vW = np.zeros_like(W), np.zeros_like(W)
    mb, vb = np.zeros_like(b), np.zeros_like(b)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        z = np.tile(b, (n, 1))
        np.add.at(z, rows, W[ind])
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        G = (p - Y) * sw[:, None]
        gW = np.zeros_like(W)
        np.add.at(gW, ind, G[rows])
        gW += l2 * W
        gb = G.sum(axis=0)
        for param, g, m, v in ((W, gW, mW, vW), (b, gb, mb, vb)):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            mhat = m / (1 - b1**step)
            vhat = v / (1 - b2**step)
            param -= lr * mhat / (np.sqrt(vhat) + eps)
    model.W, model.b = W, b
    return model
