"""A small trained classifier of an event's ACLED sub-event type (numpy only).

Input: the event's sentence; as context, the article's lead (`lead_of`: the title and the opening
sentences, up to LEAD_CHARS characters); and the coder's own reading of the event
(`event_features`: PLOVER type and mode, the parties' sectors, the rules' ACLED reading).
Features: lowercased words, word bigrams and word prefixes (a cheap stand-in for character
n-grams: "shelled", "shelling" and "shells" share "p:shell"), those of the context under their
own prefix, and the event features. Annotations of the form ``[key=value]`` (ACLED's
"[size=no report]") are not text and are ignored. Model: a multinomial logistic regression
(`classifier.LinearModel`), trained by `classifier.fit_sparse` (mini-batch Adam with sorted-index sums
instead of `np.add.at`, so a model trains in seconds). `decide` combines it with the rules.

Classes are the 25 ACLED sub-event types plus the five CASE 2021 labels outside ACLED
(`ontology.CASE2021_NON_ACLED`: disasters, diplomacy, crime, claims of responsibility), which
stand for "no ACLED reading". `scripts/train_acled_model.py` trains the shipped model on the
shared ACLED notes and CASE 2021 snippets and records their sha256; evaluation retrains it
without each held-out fold (`coding.train.CoderFactory`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.coding import ontology
from flashpoint.coding.classifier import LinearModel, fit_sparse, load_checked, stamp
from flashpoint.errors import InputError
from flashpoint.records import Acled

FEATURES_VERSION = "acled-features/2"
MODEL_KIND = "acled-sub-event-type"
NON_ACLED_PREFIX = "NONE:"  # class names of the non-ACLED CASE labels: "NONE:NATURAL_DISASTER", ...
HYPER: dict[str, float] = {"l2": 1e-4, "epochs": 20, "lr": 0.02, "batch_size": 256, "min_count": 2}

_TAG = re.compile(r"\[[a-z_]+=[^\]]*\]", re.I)
_TOKEN = re.compile(r"[a-z]+|[0-9]+")
_PREFIX = 5
LEAD_CHARS = 500  # how much of the article's opening the classifier reads as context


@dataclass(frozen=True, slots=True)
class AcledPrediction:
    """The classifier's reading: `acled` is None for a non-ACLED class; `prob` is that class's probability."""

    label: str
    acled: Acled | None
    prob: float


@dataclass(frozen=True, slots=True)
class Example:
    """One training example: the text the coder would see, its label (a class name) and weight."""

    id: str
    sentence: str
    context: str | None
    label: str
    weight: float = 1.0
    event: tuple[str, ...] = ()  # event_features of the coder's event in that sentence (none: no event)


def _tokens(text: str) -> list[str]:
    toks = _TOKEN.findall(_TAG.sub(" ", text.lower()))
    return ["0" if t[0].isdigit() else t for t in toks]


def event_features(
    plover_type: str | None,
    mode: str | None = None,
    source_sector: str | None = None,
    target_sector: str | None = None,
    rules: Acled | None = None,
) -> tuple[str, ...]:
    """Feature strings of the coder's own reading of the event: PLOVER type and mode, the parties'
    sectors (CAMEO actor types) and the rules' ACLED sub-event type (`ontology.acled_for`)."""
    if plover_type is None:
        return ()
    src, tgt = (source_sector or "-").upper(), (target_sector or "-").upper()
    return (
        "e:type:" + plover_type,
        f"e:mode:{plover_type}:{mode or '-'}",
        "e:src:" + src,
        "e:tgt:" + tgt,
        f"e:pair:{src}:{tgt}",
        "e:rules:" + (rules.sub_event_type if rules is not None else "-"),
    )


def features(sentence: str, context: str | None = None, event: tuple[str, ...] = ()) -> list[str]:
    """Feature strings of an event sentence, its article's lead and the coder's reading of the event
    (`event_features`); duplicates removed, order kept."""
    out = list(event)
    out += _sentence_features(sentence)
    if context:
        out += _context_features(context)
    return list(dict.fromkeys(out))


@lru_cache(maxsize=1024)
def _sentence_features(sentence: str) -> tuple[str, ...]:
    """The sentence's word, bigram and prefix features (cached: the events of one sentence share them)."""
    toks = _tokens(sentence)
    out = ["w:" + t for t in toks]
    out += ["b:" + a + "_" + b for a, b in zip(["<s>", *toks], [*toks, "</s>"])]
    out += ["p:" + t[:_PREFIX] for t in toks if len(t) > _PREFIX]
    return tuple(out)


@lru_cache(maxsize=256)
def _context_features(context: str) -> tuple[str, ...]:
    """The lead's word and prefix features (cached: every event of an article reads the same lead)."""
    ctx = _tokens(context)
    return tuple(["c:" + t for t in ctx] + ["cp:" + t[:_PREFIX] for t in ctx if len(t) > _PREFIX])


def class_of(acled: Acled | None, case_label: str | None = None) -> str:
    """The class name of an ACLED reading, or of a non-ACLED CASE 2021 label."""
    if acled is not None:
        return acled.sub_event_type
    if case_label is None or case_label not in ontology.CASE2021_NON_ACLED:
        raise InputError("acled_model.class_of", f"needs an ACLED reading or a non-ACLED CASE label, got {case_label!r}")
    return NON_ACLED_PREFIX + case_label


def acled_of_class(label: str) -> Acled | None:
    """The ACLED reading a class stands for (None for the non-ACLED classes)."""
    if label.startswith(NON_ACLED_PREFIX):
        return None
    return Acled(ontology.acled_event_type(label), label)


class AcledModel:
    """The trained classifier; `predict` reads one event sentence."""

    def __init__(self, linear: LinearModel) -> None:
        self.linear = linear
        self.classes = list(linear.classes)
        self._acled = [acled_of_class(c) for c in self.classes]
        self._W = np.asarray(linear.W, dtype=np.float32)
        self._b = np.asarray(linear.b, dtype=np.float32)
        self._masks: dict[frozenset[str], np.ndarray] = {}
        self._ids: dict[tuple[str, str | None], list[int]] = {}

    @property
    def meta(self) -> dict[str, Any]:
        return self.linear.meta or {}

    def proba(self, sentence: str, context: str | None = None, event: tuple[str, ...] = ()) -> np.ndarray:
        """Class probabilities (in `classes` order) of one sentence."""
        vocab = self.linear.vocab
        if all(f.startswith("e:") for f in event):
            # the event's features share no string with the text's ("w:", "b:", "p:", "c:", "cp:"): the
            # ids of `features` are the event's, then the text's (kept per sentence and lead)
            ids = [i for i in map(vocab.get, dict.fromkeys(event)) if i is not None] + self._text_ids(sentence, context)
        else:
            ids = [i for i in map(vocab.get, features(sentence, context, event)) if i is not None]
        z = (self._W[ids].sum(axis=0) if ids else 0.0) + self._b
        z = (z - z.max()) / self.linear.temperature
        e = np.exp(z)
        return e / e.sum()

    def _text_ids(self, sentence: str, context: str | None) -> list[int]:
        """The vocabulary ids of `features(sentence, context)`, in order (every event of a sentence
        reads the same; the last thousand or so sentences are kept)."""
        key = (sentence, context)
        ids = self._ids.get(key)
        if ids is None:
            if len(self._ids) >= 1024:
                self._ids.clear()
            vocab = self.linear.vocab
            ids = self._ids[key] = [i for i in map(vocab.get, features(sentence, context)) if i is not None]
        return ids

    def _mask(self, allowed: frozenset[str]) -> np.ndarray:
        """Which classes may be chosen: the allowed ACLED sub-event types and every non-ACLED class."""
        mask = self._masks.get(allowed)
        if mask is None:
            mask = np.array([a is None or c in allowed for c, a in zip(self.classes, self._acled)])
            self._masks[allowed] = mask
        return mask

    def predict(
        self,
        sentence: str,
        context: str | None = None,
        allowed: frozenset[str] | None = None,
        event: tuple[str, ...] = (),
    ) -> AcledPrediction:
        """The most probable class; with `allowed`, the most probable ACLED class among the allowed
        sub-event types or non-ACLED class (the probability is not renormalised)."""
        p = self.proba(sentence, context, event)
        i = int(np.argmax(p if allowed is None else np.where(self._mask(allowed), p, -1.0)))
        return AcledPrediction(self.classes[i], self._acled[i], float(p[i]))

    def save(self, path: Path) -> None:
        self.linear.save(path)

    @classmethod
    def load(cls, path: Path) -> AcledModel:
        """Load a model file; InputError naming the path when it is missing, unreadable or not an ACLED model."""
        linear = load_checked(path, "an ACLED model", "scripts/train_acled_model.py", MODEL_KIND, FEATURES_VERSION)
        unknown = [c for c in linear.classes if not c.startswith(NON_ACLED_PREFIX) and c not in ontology.ACLED_SUB_EVENT_TYPES]
        if unknown:
            raise InputError(str(path), f"unknown classes {unknown}")
        return cls(linear)


def decide(
    model: AcledModel | None,
    plover_type: str,
    rules: Acled | None,
    sentence: str,
    context: str | None = None,
    min_prob: float = 0.5,
    *,
    mode: str | None = None,
    source_sector: str | None = None,
    target_sector: str | None = None,
) -> Acled | None:
    """An event's ACLED reading from the rules' reading and the classifier's (which also reads the
    event's PLOVER type, mode, party sectors and the rules' reading).

    The classifier chooses among the sub-event types the PLOVER type allows
    (`ontology.acled_subtypes_for`) and the non-ACLED classes; its choice replaces the rules'
    when its probability reaches `min_prob` (a non-ACLED class then removes the ACLED reading).
    Otherwise, and for types that allow no ACLED reading (CONSULT, ACCUSE, ...), the rules stand.
    """
    if model is None:
        return rules
    allowed = ontology.acled_subtypes_for(plover_type)
    if not allowed:
        return rules
    event = event_features(plover_type, mode, source_sector, target_sector, rules)
    pred = model.predict(sentence, context, allowed, event)
    return pred.acled if pred.prob >= min_prob else rules


def lead_of(title: str | None, sentences: Iterable[str]) -> str | None:
    """The context the classifier reads beside the event sentence: the title and the article's opening
    sentences, as many as fit in LEAD_CHARS characters (at least one)."""
    parts = [title.strip()] if title and title.strip() else []
    used = 0
    for k, text in enumerate(sentences):
        if k and used + len(text) > LEAD_CHARS:
            break
        parts.append(text)
        used += len(text)
    return " ".join(parts) or None


# --- training --------------------------------------------------------------------------------

def train(examples: list[Example], exclude: frozenset[str] = frozenset(), meta: dict[str, Any] | None = None) -> AcledModel:
    """Train on `examples` whose id is not in `exclude`; the metadata gets the counts, hyperparameters and an id."""
    keep = [e for e in examples if e.id not in exclude]
    if not keep:
        raise InputError("acled_model.train", "no training examples left")
    seen: dict[str, int] = {}
    keys = []
    for e in keep:  # an item's k-th example: its place in the batches moves only when its own examples change
        seen[e.id] = seen.get(e.id, -1) + 1
        keys.append(f"{e.id}#{seen[e.id]}")
    linear = fit_sparse(
        [features(e.sentence, e.context, e.event) for e in keep], [e.label for e in keep],
        sample_weight=[e.weight for e in keep],
        l2=HYPER["l2"], epochs=int(HYPER["epochs"]), lr=HYPER["lr"], batch_size=int(HYPER["batch_size"]),
        min_count=int(HYPER["min_count"]), keys=keys,
    )
    m = dict(meta or {})
    m.update({
        "kind": MODEL_KIND, "features": FEATURES_VERSION, "hyper": HYPER,
        "n_train": len(keep), "n_items": len({e.id for e in keep}), "excluded": len(exclude),
    })
    stamp(linear, m)
    return AcledModel(linear)
