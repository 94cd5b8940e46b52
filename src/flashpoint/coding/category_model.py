"""The fine-grained event category of a short text: CASE 2021's 30 types, read over the coder's events.

CASE 2021 Task 2 gives a news snippet one of 30 types: the ACLED sub-event types (armed clash,
air/drone strike, peaceful protest, arrests, ...) and five that are outside ACLED and mostly outside
PLOVER: claims or denials of responsibility (ATTRIB), diplomatic events (DIPLO), man-made and natural
disasters, organised crime (`ontology.CASE2021_LABELS`, `CASE2021_NON_ACLED`). The coder's events
carry an ACLED reading only where an actor does something to someone; a flood, a factory fire or a
claim of responsibility has none, and a snippet's several events need one reading of what it is about.

`CategoryModel` is the multinomial logistic regression of `text_model.TextModel` over the text's
words (`penta_model.text_features` and 4-letter word prefixes) and the coder's reading of it (`event_features`: the CASE type
of the most confident event with an ACLED reading and of every such event, every event's PLOVER
type, and the penta model's event features), and the text's sentence embedding (`nlp/encoder.py`,
all-MiniLM-L6-v2, scaled by `dense_scale`): 500 snippets teach 30 types few words each, the embedding
knows their neighbours. Without a model, or without the encoder, there is no category: the rule would
be the events' ACLED reading, which the records already carry.

`scripts/train_category_model.py` trains the shipped model on the shared CASE 2021 dev set and records
its sha256; evaluation retrains it without each held-out fold (`coding.train.CoderFactory`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flashpoint.coding import ontology
from flashpoint.coding import penta_model as pm
from flashpoint.coding.text_model import Example, TextModel, TextReading
from flashpoint.records import Event, most_confident

__all__ = ["CLASSES", "CategoryModel", "Example", "category_name", "event_features", "features", "text_features",
           "train"]

FEATURES_VERSION = "category-features/3"
MODEL_KIND = "case2021-category"
CLASSES: tuple[str, ...] = tuple(sorted(ontology.CASE2021_LABELS))
HYPER: dict[str, float] = {"l2": 3e-4, "epochs": 200, "lr": 0.05, "min_count": 1, "dense_scale": 10.0,
                           "acled_weight": 0.3}

_NON_ACLED_NAMES = {
    "ATTRIB": "Claim or denial of responsibility",
    "DIPLO": "Diplomatic event",
    "MAN_MADE_DISASTER": "Man-made disaster",
    "NATURAL_DISASTER": "Natural disaster",
    "ORG_CRIME": "Organised crime",
}


def category_name(label: str) -> str:
    """A category's readable name: its ACLED sub-event type, or the name of a non-ACLED type."""
    pair = ontology.CASE2021_LABELS.get(label)
    if pair is not None:
        return pair[1]
    return _NON_ACLED_NAMES.get(label, label)


def _case_type(ev: Event) -> str:
    acled = ev.acled
    return (ontology.case2021_label(acled.event_type, acled.sub_event_type) or "none") if acled else "none"


def event_features(events: Sequence[Event]) -> list[str]:
    """The CASE type of the most confident event with an ACLED reading ("c:best:none" without one), of every
    event, every event's PLOVER type, and the penta model's event features."""
    best = most_confident([ev for ev in events if ev.acled is not None])
    out = ["c:best:" + (_case_type(best) if best is not None else "none")]
    for ev in events:
        if ev.acled is not None:
            out.append("c:any:" + _case_type(ev))
        out.append("c:type:" + ev.plover.type)
    return out + pm.event_features(events)


def text_features(text: str) -> list[str]:
    """The penta model's word features, and 4-letter prefixes of longer words ("prot" of protest and
    protesters, "kill" of killed and killings): 30 types from 500 snippets need the coarser stems."""
    return pm.text_features(text) + ["q:" + t[:4] for t in pm.tokens(text) if len(t) > 4]


def features(text: str, events: Sequence[Event]) -> list[str]:
    """All feature strings of a text and its events, duplicates removed, order kept."""
    return list(dict.fromkeys(text_features(text) + event_features(events)))


class CategoryModel(TextModel):
    """The trained classifier; `predict` reads one text and its events."""

    KIND = MODEL_KIND
    FEATURES = FEATURES_VERSION
    CLASSES = CLASSES
    WHAT = "a category model"
    SCRIPT = "scripts/train_category_model.py"
    HYPER = HYPER
    featurize = staticmethod(features)


def text_category(model: CategoryModel | None, text: str, events: Sequence[Event],
                  vector: Any = None) -> TextReading | None:
    """The category of `text` given the coder's `events` in it and its sentence embedding `vector`; None
    without a model, or without the embedding the model reads."""
    if model is None or (vector is None and model.reads_embedding):
        return None
    return model.predict(text, events, vector)


def train(examples: list[Example], exclude: frozenset[str] = frozenset(), meta: dict[str, Any] | None = None) -> CategoryModel:
    """Train on `examples` whose id is not in `exclude`; the metadata gets the counts, hyperparameters and an id."""
    return CategoryModel.train(examples, exclude, meta)
