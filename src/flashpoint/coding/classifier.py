"""A small multinomial logistic regression over sparse string features (numpy only).

Used to type the relation between a source and a target (trained by `flashpoint.coding.train`), to
decide which sentences are worth parsing (`coding.relevance`) and to read ACLED sub-event types
(`coding.acled_model`). Two trainers share the vocabulary and the Adam step: `fit` (full batch, for
small sets) and `fit_sparse` (mini-batches with sorted-index sums, for thousands of examples). The
weights ship as a compressed .npz (vocabulary, classes, weights, bias, temperature).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.coding.memory import ExampleMemory
from flashpoint.errors import InputError


_ONE_ROW = np.zeros(2, dtype=np.int64)  # `_running_sums`' row pointer for one row (not read there)
_CHUNK = 256  # rows summed at a time by `_running_sums` (bounds its padded block)


def _running_sums(start: np.ndarray, W: np.ndarray, ind: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    """Row r: start[r] + W[ind[ptr[r]]] + W[ind[ptr[r] + 1]] + ..., added left to right in float64 (the
    order and rounding of `np.add.at` over the rows' entries, in one cumulative sum: trailing zeros pad
    the shorter rows)."""
    if len(start) == 1:  # one row (the coder's pairs): its entries in a column
        return np.cumsum(np.concatenate((start, W[ind])), axis=0)[-1:]
    lens = np.diff(ptr)
    block = np.zeros((len(start), int(lens.max()) + 1, W.shape[1]), dtype=np.float64)
    block[:, 0, :] = start
    pos = np.arange(len(ind)) - np.repeat(ptr[:-1], lens) + 1
    block[np.repeat(np.arange(len(start)), lens), pos] = W[ind]
    return np.cumsum(block, axis=1)[:, -1, :]


_SUM_BLOCK = 1 << 15  # float64 values in `_OrderedSums`' accumulator (segments at a time times width): cache-sized


class _OrderedSums:
    """Per segment s: start + src[idx[e1]] + src[idx[e2]] + ..., over the entries e1, e2, ... with seg[e] == s
    in their order, added left to right in float64. That is what `np.add.at(out, seg, src[idx])` leaves on an
    `out` filled with `start` (the same additions in the same order: the same bits), without its cost per
    entry. Built once for a fixed layout; `fit` runs two per epoch (the logits by row, the gradient by
    feature). Segments go by descending entry count in chunks (a cache-sized accumulator); within a chunk, the
    j-th entries of the segments that have one (a prefix of the chunk) are added in one vectorised step. No
    padding: each segment gets exactly its own additions. The index arrays hold len(seg) ids in all."""

    def __init__(self, seg: np.ndarray, idx: np.ndarray, n_segments: int, width: int) -> None:
        count = np.bincount(seg, minlength=n_segments)
        by_seg = idx[np.argsort(seg, kind="stable")]  # each segment's entries together, in their order
        first = np.cumsum(count) - count  # where each segment's entries start in `by_seg`
        order = np.argsort(-count, kind="stable")  # the longest first
        size = max(1, _SUM_BLOCK // max(width, 1))
        self.chunks: list[tuple[np.ndarray, list[tuple[int, np.ndarray]]]] = []
        for lo in range(0, n_segments, size):
            segs = order[lo : lo + size]
            c = count[segs]  # descending
            m = np.searchsorted(-c, -np.arange(int(c[0])), side="left")  # per j: how many have more than j entries
            starts = first[segs]
            self.chunks.append((segs, [(int(mj), by_seg[starts[:mj] + j]) for j, mj in enumerate(m)]))

    def __call__(self, src: np.ndarray, start: np.ndarray | float, out: np.ndarray) -> np.ndarray:
        """Fill `out` (n_segments x width) with the sums over rows of `src`, each from `start`."""
        for segs, steps in self.chunks:
            acc = np.empty((len(segs), src.shape[1]), dtype=np.float64)
            acc[:] = start
            for mj, ids in steps:
                head = acc[:mj]
                head += src[ids]
            out[segs] = acc
        return out


@dataclass
class LinearModel:
    classes: list[str]
    vocab: dict[str, int]
    W: np.ndarray  # (n_features, n_classes)
    b: np.ndarray  # (n_classes,)
    temperature: float = 1.0
    meta: dict[str, Any] | None = None
    D: np.ndarray | None = None  # (dense width, n_classes): weights of a dense input vector, if the model has one
    memory: ExampleMemory | None = None  # training dense vectors whose nearest neighbours also vote (`scores`)

    @property
    def dense_scale(self) -> float:
        """The factor its training applied to the dense input (`meta["hyper"]["dense_scale"]`, 1 without)."""
        return float((self.meta or {}).get("hyper", {}).get("dense_scale", 1.0))

    def _rows(self, X: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        indptr = [0]
        idx: list[int] = []
        get = self.vocab.get
        for feats in X:
            known: set[int | None] = set(map(get, feats))  # the features' ids (None: not in the vocabulary)
            known.discard(None)
            ids: list[int] = sorted(known)  # type: ignore[arg-type]
            idx.extend(ids)
            indptr.append(len(idx))
        ind = np.asarray(idx, dtype=np.int64)
        ptr = np.asarray(indptr, dtype=np.int64)
        rows = np.repeat(np.arange(len(X)), np.diff(ptr))
        return ind, ptr, rows

    def logits(self, X: list[list[str]]) -> np.ndarray:
        """Per row, the bias plus the weights of its features, added one by one in id order (float64)."""
        if len(X) == 1:  # one row (the relation type of a pair): no row bookkeeping
            get = self.vocab.get
            known: set[int | None] = set(map(get, X[0]))
            known.discard(None)
            start = self.b.astype(np.float64)[None, :]
            if not known:
                return start
            return _running_sums(start, self.W, np.asarray(sorted(known), dtype=np.int64), _ONE_ROW)
        ind, ptr, rows = self._rows(X)
        out = np.tile(self.b, (len(X), 1)).astype(np.float64)
        if len(ind):
            for lo in range(0, len(X), _CHUNK):
                hi = min(lo + _CHUNK, len(X))
                out[lo:hi] = _running_sums(out[lo:hi], self.W, ind[ptr[lo]:ptr[hi]], ptr[lo : hi + 1] - ptr[lo])
        return out

    def scores(self, X: list[list[str]], dense: np.ndarray | None = None) -> np.ndarray:
        """Per row, the class scores before the temperature: the logits (string features, plus the dense input
        through `D` where the model has one); with a `memory`, the log-probabilities of those logits plus
        `memory.weight` times the log of its nearest-neighbour vote on the dense input."""
        z = self.logits(X)
        if self.D is not None:
            if dense is None:
                raise ValueError("this model reads a dense vector per row; none was given")
            z = z + np.asarray(dense, dtype=np.float64) @ self.D
        if self.memory is not None:
            if dense is None:
                raise ValueError("this model's memory reads a dense vector per row; none was given")
            z = z - z.max(axis=1, keepdims=True)
            z = z - np.log(np.exp(z).sum(axis=1, keepdims=True)) + self.memory.weight * np.log(self.memory.vote(dense))
        return z

    def predict_proba(self, X: list[list[str]], dense: np.ndarray | None = None) -> np.ndarray:
        """Class probabilities per row: the softmax of `scores` over the temperature; `dense` (rows x `D`'s
        width) is the rows' dense input where the model has one."""
        z = self.scores(X, dense) / self.temperature
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
            **({} if self.D is None else {"D": self.D.astype(np.float16)}),
            **({} if self.memory is None else self.memory.arrays()),
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
                D=z["D"].astype(np.float32) if "D" in z.files else None,
                memory=ExampleMemory.from_arrays(z),
            )


def load_checked(path: Path, what: str, rebuild: str, kind: str, features: str | None = None) -> LinearModel:
    """A model file that must be `what` ("an ACLED model"): InputError naming the path when it is missing,
    unreadable, of another kind, or built with other features than this code's (`rebuild` says how to
    rebuild it)."""
    path = Path(path)
    name = what.split(" ", 1)[1]  # "an ACLED model" -> "ACLED model"
    if not path.is_file():
        raise InputError(str(path), f"{name} file not found (rebuild: {rebuild})")
    try:
        linear = LinearModel.load(path)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not a readable {name} file: {type(exc).__name__}: {exc}") from exc
    meta = linear.meta or {}
    if meta.get("kind") != kind:
        raise InputError(str(path), f"not {what} (kind {meta.get('kind')!r}, expected {kind!r})")
    if features is not None and meta.get("features") != features:
        raise InputError(str(path), f"model features {meta.get('features')!r} differ from this code's {features!r}; retrain it")
    return linear


def vocabulary(X: list[list[str]], min_count: int) -> dict[str, int]:
    """Feature -> column: the features seen in at least `min_count` examples, in sorted order."""
    counts: dict[str, int] = {}
    for feats in X:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    return {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}


_ADAM_BLOCK = 1 << 15  # values `adam_step` updates at a time (its two work arrays stay in cache)


def adam_step(groups: tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], ...], step: int, lr: float,
              b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8) -> None:
    """One Adam update, in place, of each (parameter, gradient, first moment, second moment): m = b1 m +
    (1 - b1) g, v = b2 v + (1 - b2) g g, param -= lr mhat / (sqrt(vhat) + eps) with mhat = m / (1 - b1^step),
    vhat = v / (1 - b2^step), each value by the same operations in the same order. Contiguous arrays go by
    blocks of `_ADAM_BLOCK` values through two small work arrays (no temporary per operation, fewer passes
    over memory); the values are the same as a whole-array update's."""
    c1, c2 = 1 - b1**step, 1 - b2**step
    for arrays in groups:
        if all(a.flags.c_contiguous for a in arrays):
            arrays = tuple(a.reshape(-1) for a in arrays)  # views
        param, g, m, v = arrays
        size = len(param)
        block = _ADAM_BLOCK if param.ndim == 1 else size  # (not contiguous: the whole array at once)
        work_t, work_u = np.empty_like(g[:block]), np.empty_like(g[:block])
        for lo in range(0, size, block):
            p_, g_, m_, v_ = param[lo : lo + block], g[lo : lo + block], m[lo : lo + block], v[lo : lo + block]
            t, u = work_t[: len(p_)], work_u[: len(p_)]
            m_ *= b1
            m_ += np.multiply(g_, 1 - b1, out=t)  # (1 - b1) g
            v_ *= b2
            np.multiply(g_, 1 - b2, out=t)
            t *= g_  # (1 - b2) g g
            v_ += t
            np.divide(m_, c1, out=t)  # mhat
            np.divide(v_, c2, out=u)  # vhat
            t *= lr
            np.sqrt(u, out=u)
            u += eps
            t /= u
            p_ -= t


def stamp(model: LinearModel, meta: dict[str, Any]) -> None:
    """Set `model.meta` to `meta` plus its `id`: a digest of the metadata and the weights."""
    digest = hashlib.sha1(json.dumps(meta, sort_keys=True).encode())
    digest.update(model.W.astype("float32").tobytes())
    if model.D is not None:
        digest.update(model.D.astype("float32").tobytes())
    if model.memory is not None:
        digest.update(model.memory.vectors.astype("float16").tobytes() + model.memory.labels.astype("int32").tobytes())
    model.meta = {**meta, "id": digest.hexdigest()[:12]}


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
    dense: np.ndarray | None = None,
) -> LinearModel:
    """Full-batch Adam on the softmax cross-entropy with L2. Deterministic. `dense` (one row per example)
    is a dense input vector beside the string features (the model gets its weights `D`)."""
    vocab = vocabulary(X, min_count)
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
    Xd = None if dense is None else np.asarray(dense, dtype=np.float64)
    if Xd is not None and Xd.shape[0] != n:
        raise ValueError(f"dense input has {Xd.shape[0]} rows for {n} examples")
    D = None if Xd is None else np.zeros((Xd.shape[1], k))
    mD, vD = (None, None) if D is None else (np.zeros_like(D), np.zeros_like(D))
    # `np.add.at(z, rows, W[ind])` on z = b per row, and `np.add.at(gW, ind, G[rows])` on zeros, in their order
    logits, grad = _OrderedSums(rows, ind, n, k), _OrderedSums(ind, rows, len(vocab), k)
    z, gW = np.empty((n, k)), np.empty_like(W)
    l2W = np.empty_like(W)
    for step in range(1, epochs + 1):
        logits(W, b, z)
        if Xd is not None:
            z += Xd @ D
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        G = (p - Y) * sw[:, None]
        grad(G, 0.0, gW)
        gW += np.multiply(W, l2, out=l2W)  # l2 * W
        gb = G.sum(axis=0)
        groups = ((W, gW, mW, vW), (b, gb, mb, vb))
        if Xd is not None:
            groups += ((D, Xd.T @ G + l2 * D, mD, vD),)
        adam_step(groups, step, lr)
    model.W, model.b, model.D = W, b, D
    return model


_DOMAIN_SEP = "\x1f"  # between a domain's name and a feature in `fit_domains`' copies (no feature holds it)


def fit_domains(
    X: list[list[str]],
    y: list[str],
    domains: list[str],
    home: str,
    *,
    dense: np.ndarray | None = None,
    **hyper: Any,
) -> LinearModel:
    """`fit` on examples from several domains, for use on the `home` domain: feature augmentation (Daume
    2007). Every string feature and the dense input are also copied under the example's domain, so the
    model learns what the domains share apart from what each one's own wording means; the model is then
    folded back into the plain feature space as the home domain sees it (shared plus home weights; the
    other domains' own weights are dropped). Prediction is that of a plain `LinearModel`."""
    if len(domains) != len(X):
        raise ValueError(f"{len(domains)} domains for {len(X)} examples")
    names = sorted(set(domains) | {home})
    aug = [list(f) + [f"{d}{_DOMAIN_SEP}{x}" for x in f] for f, d in zip(X, domains, strict=True)]
    dense_aug = None
    if dense is not None:
        Xd = np.asarray(dense, dtype=np.float64)
        w = Xd.shape[1]
        dense_aug = np.zeros((len(X), w * (1 + len(names))))
        dense_aug[:, :w] = Xd
        for k, d in enumerate(names, start=1):
            mask = np.asarray([x == d for x in domains])
            dense_aug[mask, k * w:(k + 1) * w] = Xd[mask]
    m = fit(aug, y, dense=dense_aug, **hyper)
    words = sorted(f for f in m.vocab if _DOMAIN_SEP not in f)
    own = f"{home}{_DOMAIN_SEP}"
    W = np.stack([m.W[m.vocab[f]] + (m.W[m.vocab[own + f]] if own + f in m.vocab else 0.0) for f in words]) \
        if words else np.zeros((0, len(m.classes)))
    D = None
    if m.D is not None:
        k = names.index(home) + 1
        D = m.D[:w] + m.D[k * w:(k + 1) * w]
    return LinearModel(m.classes, {f: i for i, f in enumerate(words)}, W, m.b, D=D)


class _Batch:
    """A block of examples in the two layouts the gradient needs (row-major and column-major)."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> None:
        self.n = len(labels)
        self.labels, self.weights = labels, weights
        self.cols = cols
        nonempty = np.bincount(rows, minlength=self.n) > 0
        self.nonempty = nonempty
        self.row_starts = np.searchsorted(rows, np.arange(self.n))[nonempty]
        by_col = np.argsort(cols, kind="stable")
        cols_sorted = cols[by_col]
        self.rows_by_col = rows[by_col]
        self.col_ids = np.unique(cols_sorted)
        self.col_starts = np.searchsorted(cols_sorted, self.col_ids)


def _key_rank(key: str, seed: int) -> int:
    """A pseudo-random rank of `key` that depends on nothing else (`fit_sparse`'s example order)."""
    return int.from_bytes(hashlib.blake2b(f"{seed}:{key}".encode(), digest_size=8).digest(), "big")


def fit_sparse(
    X: list[list[str]],
    y: list[str],
    *,
    sample_weight: list[float] | None = None,
    l2: float = 1e-4,
    epochs: int = 12,
    lr: float = 0.02,
    batch_size: int = 256,
    min_count: int = 2,
    seed: int = 0,
    keys: list[str] | None = None,
) -> LinearModel:
    """Softmax regression with L2 by mini-batch Adam (deterministic for a given seed). Features seen
    in fewer than `min_count` examples are dropped. The loss is the weighted mean over all examples;
    each batch's gradient is scaled to it. With `keys` (one string per example), examples are ordered into
    batches by a hash of their own key rather than by a permutation of all of them: adding or dropping a
    few examples then shifts the batches by those few instead of reshuffling every one, and the model
    (and its readings) change little where its data changed little."""
    if len(X) != len(y) or not X:
        raise InputError("fit_sparse", f"needs as many labels as examples (got {len(X)} examples, {len(y)} labels)")
    vocab = vocabulary(X, min_count)
    classes = sorted(set(y))
    ci = {c: i for i, c in enumerate(classes)}
    n, k, d = len(X), len(classes), len(vocab)
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    sw = sw / sw.mean()
    if keys is None:
        order = np.random.default_rng(seed).permutation(n)
    else:  # the examples' places depend on their own keys only: one example more or less moves no other
        if len(keys) != n:
            raise ValueError(f"{len(keys)} keys for {n} examples")
        order = np.argsort([_key_rank(k, seed) for k in keys], kind="stable")
    batches: list[_Batch] = []
    for lo in range(0, n, batch_size):
        idx = order[lo : lo + batch_size]
        rows_l: list[int] = []
        cols_l: list[int] = []
        for r, i in enumerate(idx):
            ids = sorted({vocab[f] for f in X[i] if f in vocab})
            rows_l.extend([r] * len(ids))
            cols_l.extend(ids)
        batches.append(_Batch(
            np.asarray(rows_l, dtype=np.int64), np.asarray(cols_l, dtype=np.int64),
            np.asarray([ci[y[i]] for i in idx], dtype=np.int64), sw[idx].astype(np.float32),
        ))
    W = np.zeros((d, k), dtype=np.float32)
    b = np.zeros(k, dtype=np.float32)
    mW, vW = np.zeros_like(W), np.zeros_like(W)
    mb, vb = np.zeros_like(b), np.zeros_like(b)
    rng = np.random.default_rng(seed + 1)
    step = 0
    for _ in range(int(epochs)):
        for j in rng.permutation(len(batches)):
            bt = batches[int(j)]
            step += 1
            z = np.zeros((bt.n, k), dtype=np.float32)
            if len(bt.cols):
                z[bt.nonempty] = np.add.reduceat(W[bt.cols], bt.row_starts, axis=0)
            z += b
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(bt.n), bt.labels] -= 1.0
            G = p * (bt.weights / bt.n)[:, None]
            gW = l2 * W
            if len(bt.cols):
                gW[bt.col_ids] += np.add.reduceat(G[bt.rows_by_col], bt.col_starts, axis=0)
            gb = G.sum(axis=0)
            adam_step(((W, gW, mW, vW), (b, gb, mb, vb)), step, lr)
    return LinearModel(classes, vocab, W, b)
