"""A trained reading of a whole text beside the coder's events: one label of a fixed set.

Two models read a text this way: the ConfliBERT penta class (`coding/penta_model.py`) and the
fine-grained event category of CASE 2021 (`coding/category_model.py`). Both are the multinomial
logistic regression of `coding/classifier.py` over feature strings of the text's words and of the
coder's events; a subclass says which labels, which features and which model file kind.
The events never change: the reading is beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from flashpoint.coding.classifier import LinearModel, fit, fit_domains, load_checked, stamp
from flashpoint.errors import InputError
from flashpoint.records import Event


@dataclass(frozen=True, slots=True)
class TextReading:
    """A text's label; `prob` is the model's probability of it (None: a rule's reading, no model)."""

    label: str
    prob: float | None


@dataclass(frozen=True, slots=True)
class Example:
    """One training text: its features, gold label and weight."""

    id: str
    features: tuple[str, ...]
    label: str
    weight: float = 1.0
    vector: Any = None  # the text's sentence embedding (numpy, `nlp/encoder.py`) for a model that reads one
    domain: str = ""  # where the text comes from: "" the texts the model reads; another set helps train it (`train`)


class TextModel:
    """A trained text reading; subclasses set the class attributes and `featurize`."""

    KIND: ClassVar[str]  # the model file's kind
    FEATURES: ClassVar[str]  # the feature code's version (a model built with others is refused)
    CLASSES: ClassVar[tuple[str, ...]]
    WHAT: ClassVar[str]  # "a penta class model": for errors
    SCRIPT: ClassVar[str]  # the script that rebuilds the shipped file
    HYPER: ClassVar[dict[str, float]]  # "dense_scale" > 0: the model also reads the text's sentence embedding
    featurize: ClassVar[Callable[[str, Sequence[Event]], list[str]]]

    def __init__(self, linear: LinearModel) -> None:
        self.linear = linear
        self.classes = list(linear.classes)
        self._W = np.asarray(linear.W, dtype=np.float32)
        self._b = np.asarray(linear.b, dtype=np.float32)
        self._D = None if linear.D is None else np.asarray(linear.D, dtype=np.float32) * linear.dense_scale

    @property
    def meta(self) -> dict[str, Any]:
        return self.linear.meta or {}

    @property
    def reads_embedding(self) -> bool:
        """Whether `predict` needs the text's sentence embedding."""
        return self._D is not None

    def proba(self, text: str, events: Sequence[Event] = (), vector: np.ndarray | None = None) -> np.ndarray:
        """Class probabilities (in `classes` order); `vector` is the text's embedding where the model reads
        one (ValueError without it)."""
        vocab = self.linear.vocab
        ids = sorted({i for i in map(vocab.get, type(self).featurize(text, events)) if i is not None})
        z = (self._W[ids].sum(axis=0) if ids else 0.0) + self._b
        if self._D is not None:
            if vector is None:
                raise ValueError(f"{self.WHAT} reads the text's sentence embedding; none was given")
            z = z + np.asarray(vector, dtype=np.float32) @ self._D
        z = (z - z.max()) / self.linear.temperature
        e = np.exp(z)
        return e / e.sum()

    def predict(self, text: str, events: Sequence[Event] = (), vector: np.ndarray | None = None) -> TextReading:
        p = self.proba(text, events, vector)
        i = int(np.argmax(p))
        return TextReading(self.classes[i], float(p[i]))

    def save(self, path: Path) -> None:
        self.linear.save(path)

    @classmethod
    def load(cls, path: Path) -> Any:
        """Load a model file; InputError naming the path when it is missing, unreadable or of another kind."""
        linear = load_checked(path, cls.WHAT, cls.SCRIPT, cls.KIND, cls.FEATURES)
        unknown = [c for c in linear.classes if c not in cls.CLASSES]
        if unknown:
            raise InputError(str(path), f"unknown classes {unknown} (expected some of {list(cls.CLASSES)})")
        return cls(linear)

    @classmethod
    def train(cls, examples: Sequence[Example], exclude: frozenset[str] = frozenset(),
              meta: dict[str, Any] | None = None) -> Any:
        """Train on `examples` whose id is not in `exclude`; the metadata gets the counts, hyperparameters
        and an id. Deterministic."""
        where = f"{cls.__module__.rsplit('.', 1)[-1]}.train"
        keep = [e for e in examples if e.id not in exclude]
        if not keep:
            raise InputError(where, "no training examples left")
        bad = sorted({e.label for e in keep} - set(cls.CLASSES))
        if bad:
            raise InputError(where, f"unknown classes {bad} (expected {list(cls.CLASSES)})")
        weights = [e.weight for e in keep]
        scale = float(cls.HYPER.get("dense_scale", 0.0))
        dense = None
        if scale > 0:
            missing = [e.id for e in keep if e.vector is None]
            if missing:
                raise InputError(where, f"{len(missing)} examples lack a sentence embedding (first: {missing[0]})")
            dense = np.stack([np.asarray(e.vector, dtype=np.float64) for e in keep]) * scale
        hyper = {"classes": list(cls.CLASSES), "l2": cls.HYPER["l2"], "epochs": int(cls.HYPER["epochs"]),
                 "lr": cls.HYPER["lr"], "min_count": int(cls.HYPER["min_count"]),
                 "sample_weight": None if all(w == 1.0 for w in weights) else weights}
        X, y = [list(e.features) for e in keep], [e.label for e in keep]
        domains = [e.domain for e in keep]
        if any(domains):  # examples of another set: feature augmentation, folded back for the model's own texts
            linear = fit_domains(X, y, domains, "", dense=dense, **hyper)
        else:
            linear = fit(X, y, dense=dense, **hyper)
        m = dict(meta or {})
        m.update({"kind": cls.KIND, "features": cls.FEATURES, "hyper": cls.HYPER,
                  "n_train": len(keep), "excluded": len(exclude)})
        if any(domains):
            m["n_train_by_domain"] = {d or "own": domains.count(d) for d in sorted(set(domains))}
        stamp(linear, m)
        return cls(linear)
