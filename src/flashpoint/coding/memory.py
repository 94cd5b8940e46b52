"""Nearest-neighbour votes over stored training vectors (numpy only).

A linear model over sentence embeddings draws one straight boundary per class; pairs phrased like a
handful of training pairs ("pledged to restore ties with", "handed over ... to") are recognised better by
asking which training pairs they most resemble. `ExampleMemory` keeps the training pairs' unit vectors
and labels; `vote` gives, per query, class probabilities from its `k` most similar examples, each weighing
exp(sharpness * (cosine - 1)), smoothed toward uniform by `smoothing`. `LinearModel` multiplies its own
probabilities by the vote raised to `weight` (a product of experts; see `classifier.LinearModel.scores`).
A query without a vector (all zeros) gets a uniform vote: it changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

HYPER = {"k": 5, "sharpness": 20.0, "weight": 0.5, "smoothing": 0.1}  # chosen by nested CV on PLV (docs/coding.md)


@dataclass(frozen=True)
class ExampleMemory:
    vectors: np.ndarray  # (n, width) unit rows (zero rows for examples without a vector)
    labels: np.ndarray  # (n,) class indices
    n_classes: int
    k: int  # `HYPER` gives the defaults (`of`)
    sharpness: float
    weight: float
    smoothing: float

    @classmethod
    def of(cls, vectors: np.ndarray, labels: list[int] | np.ndarray, n_classes: int, **hyper: Any) -> ExampleMemory:
        """A memory of `vectors` (any scale; rows are normalised) labelled with class indices `labels`."""
        v = np.asarray(vectors, dtype=np.float32)
        lab = np.asarray(labels, dtype=np.int64)
        if v.ndim != 2 or len(v) != len(lab) or not len(v):
            raise ValueError(f"a memory needs one label per vector (got {v.shape} vectors, {lab.shape} labels)")
        if lab.min() < 0 or lab.max() >= n_classes:
            raise ValueError(f"memory labels must lie in 0..{n_classes - 1}")
        stored = _units(v).astype(np.float16).astype(np.float32)  # as saved: a loaded model votes the same
        return cls(stored, lab, n_classes, **{**HYPER, **hyper})

    def vote(self, queries: np.ndarray) -> np.ndarray:
        """(m, n_classes) class probabilities of `queries` (m, width) from their nearest stored examples
        (ties broken by storage order)."""
        q = _units(np.atleast_2d(np.asarray(queries, dtype=np.float32)))
        sim = q.astype(np.float64) @ self._vectors_t
        k = min(self.k, self.vectors.shape[0])
        near = np.argsort(-sim, axis=1, kind="stable")[:, :k]
        rows = np.arange(len(q))[:, None]
        weights = np.exp(self.sharpness * (sim[rows, near] - 1.0))
        votes = np.zeros((len(q), self.n_classes))
        np.add.at(votes, (np.repeat(rows, k, axis=1), self.labels[near]), weights)
        votes[~q.any(axis=1)] = 0.0  # no vector: no opinion
        total = votes.sum(axis=1, keepdims=True)
        votes += self.smoothing * np.maximum(total, 1e-12) / self.n_classes
        return votes / votes.sum(axis=1, keepdims=True)

    @cached_property
    def _vectors_t(self) -> np.ndarray:
        """The stored vectors transposed in float64, made once (the vote compares every query with them)."""
        return np.ascontiguousarray(self.vectors.T, dtype=np.float64)

    def arrays(self) -> dict[str, np.ndarray]:
        """The memory as arrays for `np.savez` (vectors in float16)."""
        return {
            "memory_vectors": self.vectors.astype(np.float16),
            "memory_labels": self.labels.astype(np.int32),
            "memory_hyper": np.asarray([self.n_classes, self.k, self.sharpness, self.weight, self.smoothing], dtype=np.float64),
        }

    @classmethod
    def from_arrays(cls, z: Any) -> ExampleMemory | None:
        """The memory saved by `arrays` in an opened .npz, or None when it has none."""
        if "memory_vectors" not in z.files:
            return None
        n_classes, k, sharpness, weight, smoothing = (float(x) for x in z["memory_hyper"])
        return cls(z["memory_vectors"].astype(np.float32), z["memory_labels"].astype(np.int64), int(n_classes),
                   int(k), sharpness, weight, smoothing)


def _units(v: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return (v / np.where(norms > 0, norms, 1.0)).astype(np.float32)
