"""The event class of a short text (ConfliBERT's five "penta" classes), read over the coder's events.

ConfliBERT's CAMEO annotation gives a sentence one class: 0 statement (CAMEO roots 01-02: comments,
appeals), 1 verbal cooperation (03-05), 2 material cooperation (06-08), 3 verbal conflict (09-13, 16),
4 material conflict (14-15, 17-20) (`ontology.penta_class`). The coder's events are PLOVER events, and
PLOVER has no statement category (CAMEO 01 comments are not PLOVER events), so the class of a
sentence's most confident event misses what the sentence mainly does: "X claimed responsibility
for the attack", "X rejected accusations that it shelled Y", "X expressed condolences over the
bombing", "X is considering sending aid" are CAMEO statements (015, 016, 018, 014) whose
content is coded as the event.

`PentaModel` is a multinomial logistic regression (`classifier.fit`) over the text's words, word
bigrams and word prefixes and over the coder's reading of it (`event_features`: the most confident
event's class, PLOVER type, CAMEO code, modality and trigger word; the classes, types and
modalities of all its events). It keeps what the events say where the sentence is what they
say, and learns the frames that make a sentence a statement. `sentence_class` falls back to the
rule (the class of the most confident event; "0" when there is none) without a model.

`scripts/train_penta_model.py` trains the shipped model on the shared ConfliBERT class dev set
and records its sha256; evaluation retrains it without each held-out fold
(`coding.train.CoderFactory`). The events never change: the class is a reading of the text beside them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.coding import ontology
from flashpoint.coding.classifier import LinearModel, fit, load_checked, stamp
from flashpoint.errors import InputError
from flashpoint.records import Event, most_confident

FEATURES_VERSION = "penta-features/1"
MODEL_KIND = "penta-class"
CLASSES: tuple[str, ...] = ("0", "1", "2", "3", "4")
HYPER: dict[str, float] = {"l2": 3e-4, "epochs": 200, "lr": 0.05, "min_count": 1}

_TOKEN = re.compile(r"[a-z]+|[0-9]+")
_PREFIX = 5


@dataclass(frozen=True, slots=True)
class PentaReading:
    """A text's class ("0".."4"); `prob` is the model's probability of it (None: the rule's reading)."""

    label: str
    prob: float | None


@dataclass(frozen=True, slots=True)
class Example:
    """One training text: its features (`features`) and gold class."""

    id: str
    features: tuple[str, ...]
    label: str


def class_of_event(ev: Event) -> str:
    """The penta class of an event's CAMEO code."""
    return str(ontology.penta_class(ev.cameo.code))


def rule_class(events: Sequence[Event]) -> str:
    """The class of the most confident event; "0" (statement) when there is none."""
    ev = most_confident(events)
    return class_of_event(ev) if ev is not None else "0"


def _tokens(text: str) -> list[str]:
    return ["0" if t[0].isdigit() else t for t in _TOKEN.findall(text.lower())]


def text_features(text: str) -> list[str]:
    """Words, word bigrams (with sentence boundaries) and 5-letter prefixes of longer words."""
    toks = _tokens(text)
    out = ["w:" + t for t in toks]
    out += ["b:" + a + "_" + b for a, b in zip(["<s>", *toks], [*toks, "</s>"])]
    out += ["p:" + t[:_PREFIX] for t in toks if len(t) > _PREFIX]
    return out


def event_features(events: Sequence[Event]) -> list[str]:
    """The coder's reading: the most confident event's class, type, CAMEO code (3 digits), modality and
    trigger word; every event's class, type and class with modality; "e:none" without events."""
    best = most_confident(events)
    if best is None:
        return ["e:none"]
    c = class_of_event(best)
    out = [
        "e:best:" + c, "e:best:type:" + best.plover.type, "e:best:code:" + best.cameo.code[:3],
        "e:best:mod:" + best.modality, f"e:best:cm:{c}:{best.modality}",
        "e:best:trig:" + " ".join(_tokens(best.trigger.text)),
    ]
    for ev in events:
        k = class_of_event(ev)
        out += ["e:any:" + k, "e:any:type:" + ev.plover.type, f"e:any:cm:{k}:{ev.modality}"]
    return out


def features(text: str, events: Sequence[Event]) -> list[str]:
    """All feature strings of a text and its events, duplicates removed, order kept."""
    return list(dict.fromkeys(event_features(events) + text_features(text)))


class PentaModel:
    """The trained classifier; `predict` reads one text and its events."""

    def __init__(self, linear: LinearModel) -> None:
        self.linear = linear
        self.classes = list(linear.classes)
        self._W = np.asarray(linear.W, dtype=np.float32)
        self._b = np.asarray(linear.b, dtype=np.float32)

    @property
    def meta(self) -> dict[str, Any]:
        return self.linear.meta or {}

    def proba(self, text: str, events: Sequence[Event] = ()) -> np.ndarray:
        """Class probabilities (in `classes` order)."""
        vocab = self.linear.vocab
        ids = sorted({i for i in map(vocab.get, features(text, events)) if i is not None})
        z = (self._W[ids].sum(axis=0) if ids else 0.0) + self._b
        z = (z - z.max()) / self.linear.temperature
        e = np.exp(z)
        return e / e.sum()

    def predict(self, text: str, events: Sequence[Event] = ()) -> PentaReading:
        p = self.proba(text, events)
        i = int(np.argmax(p))
        return PentaReading(self.classes[i], float(p[i]))

    def save(self, path: Path) -> None:
        self.linear.save(path)

    @classmethod
    def load(cls, path: Path) -> PentaModel:
        """Load a model file; InputError naming the path when it is missing, unreadable or not a penta model."""
        linear = load_checked(path, "a penta class model", "scripts/train_penta_model.py", MODEL_KIND, FEATURES_VERSION)
        unknown = [c for c in linear.classes if c not in CLASSES]
        if unknown:
            raise InputError(str(path), f"unknown classes {unknown} (expected some of {list(CLASSES)})")
        return cls(linear)


def sentence_class(model: PentaModel | None, text: str, events: Sequence[Event]) -> PentaReading:
    """The class of `text` given the coder's `events` in it: the model's, or without one the rule's."""
    if model is None:
        return PentaReading(rule_class(events), None)
    return model.predict(text, events)


def train(examples: list[Example], exclude: frozenset[str] = frozenset(), meta: dict[str, Any] | None = None) -> PentaModel:
    """Train on `examples` whose id is not in `exclude`; the metadata gets the counts, hyperparameters and an id."""
    keep = [e for e in examples if e.id not in exclude]
    if not keep:
        raise InputError("penta_model.train", "no training examples left")
    bad = sorted({e.label for e in keep} - set(CLASSES))
    if bad:
        raise InputError("penta_model.train", f"unknown classes {bad} (expected {list(CLASSES)})")
    linear = fit(
        [list(e.features) for e in keep], [e.label for e in keep], classes=list(CLASSES),
        l2=HYPER["l2"], epochs=int(HYPER["epochs"]), lr=HYPER["lr"], min_count=int(HYPER["min_count"]),
    )
    m = dict(meta or {})
    m.update({"kind": MODEL_KIND, "features": FEATURES_VERSION, "hyper": HYPER,
              "n_train": len(keep), "excluded": len(exclude)})
    stamp(linear, m)
    return PentaModel(linear)
