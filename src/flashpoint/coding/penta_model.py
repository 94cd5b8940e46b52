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
from typing import Any

from flashpoint.coding import ontology
from flashpoint.coding.text_model import Example, TextModel, TextReading
from flashpoint.records import Event, most_confident

__all__ = ["CLASSES", "Example", "PentaModel", "PentaReading", "event_features", "features", "rule_class", "tokens",
           "sentence_class", "text_features", "train"]

FEATURES_VERSION = "penta-features/1"
MODEL_KIND = "penta-class"
CLASSES: tuple[str, ...] = ("0", "1", "2", "3", "4")
HYPER: dict[str, float] = {"l2": 3e-4, "epochs": 200, "lr": 0.05, "min_count": 1}

_TOKEN = re.compile(r"[a-z]+|[0-9]+")
_PREFIX = 5


PentaReading = TextReading  # a text's class ("0".."4") and the model's probability of it (None: the rule's)


def class_of_event(ev: Event) -> str:
    """The penta class of an event's CAMEO code."""
    return str(ontology.penta_class(ev.cameo.code))


def rule_class(events: Sequence[Event]) -> str:
    """The class of the most confident event; "0" (statement) when there is none."""
    ev = most_confident(events)
    return class_of_event(ev) if ev is not None else "0"


def tokens(text: str) -> list[str]:
    """Lower-cased words and numbers of a text, every number as "0"."""
    return ["0" if t[0].isdigit() else t for t in _TOKEN.findall(text.lower())]


def text_features(text: str) -> list[str]:
    """Words, word bigrams (with sentence boundaries) and 5-letter prefixes of longer words."""
    toks = tokens(text)
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
        "e:best:trig:" + " ".join(tokens(best.trigger.text)),
    ]
    for ev in events:
        k = class_of_event(ev)
        out += ["e:any:" + k, "e:any:type:" + ev.plover.type, f"e:any:cm:{k}:{ev.modality}"]
    return out


def features(text: str, events: Sequence[Event]) -> list[str]:
    """All feature strings of a text and its events, duplicates removed, order kept."""
    return list(dict.fromkeys(event_features(events) + text_features(text)))


class PentaModel(TextModel):
    """The trained classifier; `predict` reads one text and its events."""

    KIND = MODEL_KIND
    FEATURES = FEATURES_VERSION
    CLASSES = CLASSES
    WHAT = "a penta class model"
    SCRIPT = "scripts/train_penta_model.py"
    HYPER = HYPER
    featurize = staticmethod(features)


def sentence_class(model: PentaModel | None, text: str, events: Sequence[Event]) -> PentaReading:
    """The class of `text` given the coder's `events` in it: the model's, or without one the rule's."""
    if model is None:
        return PentaReading(rule_class(events), None)
    return model.predict(text, events)


def train(examples: list[Example], exclude: frozenset[str] = frozenset(), meta: dict[str, Any] | None = None) -> PentaModel:
    """Train on `examples` whose id is not in `exclude`; the metadata gets the counts, hyperparameters and an id."""
    return PentaModel.train(examples, exclude, meta)
