"""Rebuild src/flashpoint/coding/data/relation_model.npz from the shared PLV development set.

    .venv/bin/python scripts/train_relation_model.py [--gold ../shared/data/gold]

Records the sha256 of the training file in the model's metadata. Evaluation never scores this
model on PLV: `flashpoint eval` retrains it per cross-validation fold (see coding/train.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from flashpoint.coding.coder import DEFAULT_MODEL, Coder
from flashpoint.coding.train import PLV_FILE, file_sha256, plv_items, train_relation_model

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=str(REPO.parent / "shared" / "data" / "gold"))
    ap.add_argument("--out", default=str(DEFAULT_MODEL))
    a = ap.parse_args()
    gold = Path(a.gold)
    coder = Coder(relation_model=False)
    items = plv_items(gold, coder)
    meta = {"data": {"plv_train.jsonl": file_sha256(gold / PLV_FILE)}, "features": "pair_features v1"}
    model = train_relation_model(items, meta=meta)
    model.save(Path(a.out))
    print(f"trained on {len(items)} PLV items, {len(model.vocab)} features, {len(model.classes)} classes -> {a.out}")
    print(f"model id {model.meta['id']}")


if __name__ == "__main__":
    main()
