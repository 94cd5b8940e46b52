"""Training the relation classifier, and the coder factory that evaluation cross-validates.

Training data: the PLV development set (`../shared/data/gold/plv/plv_train.jsonl`, third-party
labels: sentence, source span, target span, PLOVER type). CONCEDE and RETREAT are one class
(YIELD), as in PLV. The shipped model (`coding/data/relation_model.npz`) is trained on all of
it by `scripts/train_relation_model.py`, which records the data's sha256; evaluation never scores
it on PLV: `CoderFactory` retrains without the held-out fold.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from flashpoint.coding.classifier import LinearModel, fit
from flashpoint.coding.coder import Coder, CoderConfig
from flashpoint.errors import InputError

PLV_FILE = Path("plv") / "plv_train.jsonl"
HYPER = {"l2": 3e-4, "epochs": 200, "lr": 0.05}


@dataclass(frozen=True)
class TrainingItem:
    id: str
    features: tuple[str, ...]
    label: str


def plv_items(gold_dir: Path, coder: Coder | None = None) -> list[TrainingItem]:
    """PLV rows as feature vectors (parsed with the coder's own parser and lexicon)."""
    from flashpoint.coding.features import pair_features  # noqa: PLC0415

    path = gold_dir / PLV_FILE
    if not path.exists():
        raise InputError(str(path), "PLV gold file not found (is ../shared beside the repository?)")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    coder = coder or Coder()
    docs = coder.nlp.pipe([r["text"] for r in rows], batch_size=256)
    out = []
    for r, doc in zip(rows, docs, strict=True):
        feats, _ = pair_features(doc, r["source"]["spans"], r["target"]["spans"], coder.lexicon)
        out.append(TrainingItem(r["id"], tuple(feats), r["plover"]))
    return out


def train_relation_model(items: list[TrainingItem], exclude: frozenset[str] = frozenset(), meta: dict[str, Any] | None = None) -> LinearModel:
    keep = [it for it in items if it.id not in exclude]
    model = fit([list(it.features) for it in keep], [it.label for it in keep], **HYPER)  # type: ignore[arg-type]
    m = dict(meta or {})
    m.update({"n_train": len(keep), "hyper": HYPER, "excluded": len(exclude)})
    digest = hashlib.sha1(json.dumps(m, sort_keys=True).encode())
    digest.update(model.W.astype("float32").tobytes())
    m["id"] = digest.hexdigest()[:12]
    model.meta = m
    return model


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class CoderFactory:
    """`make_coder` for evaluation: `factory(excluded_ids)` gives a coder not trained on them."""

    trained_on = frozenset({"plv"})

    def __init__(self, gold_dir: Path, config: CoderConfig | None = None) -> None:
        self.gold_dir = Path(gold_dir)
        self.config = config or CoderConfig()
        self._base = Coder(self.config)

    @cached_property
    def _items(self) -> list[TrainingItem]:
        return plv_items(self.gold_dir, self._base)

    def __call__(self, exclude: frozenset[str]) -> Coder:
        if not exclude:
            return self._base
        model = train_relation_model(self._items, exclude)
        coder = Coder(self.config, relation_model=model)
        # share the loaded parser, lexicon and actor matcher
        coder._nlp, coder._lexicon, coder._matcher, coder._surface = (
            self._base.nlp, self._base.lexicon, self._base.matcher, self._base.surface_forms,
        )
        return coder
