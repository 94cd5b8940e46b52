"""Rebuild the relation models from the shared PLV development set: src/flashpoint/coding/data/
relation_model.npz (string features: the pairs the coder finds) and relation_model_encoder.npz (string
features and the pair's window embedding: hinted pairs, when the sentence encoder is on).

    .venv/bin/python scripts/train_relation_model.py [--gold ../shared/data/gold] [--only plain|hinted]

Records the sha256 of the training file in the models' metadata. Evaluation never scores these
models on PLV: `flashpoint eval` retrains them per cross-validation fold (see coding/train.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from flashpoint.coding.coder import DEFAULT_ENCODER_MODEL, DEFAULT_MODEL, Coder, CoderConfig
from flashpoint.coding.train import PLV_FILE, file_sha256, plv_items, train_relation_model

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=str(REPO.parent / "shared" / "data" / "gold"))
    ap.add_argument("--out", default=str(DEFAULT_MODEL), help="the string-feature model")
    ap.add_argument("--out-hinted", default=str(DEFAULT_ENCODER_MODEL), help="the model that also reads embeddings")
    ap.add_argument("--only", choices=["plain", "hinted"], help="rebuild one of the two")
    a = ap.parse_args()
    gold = Path(a.gold)
    coder = Coder(CoderConfig(encoder="on"), relation_model=False, hinted_relation_model=False)
    items = plv_items(gold, coder)
    meta = {"data": {"plv_train.jsonl": file_sha256(gold / PLV_FILE)}}
    for name, out, with_vectors in (("plain", a.out, False), ("hinted", a.out_hinted, True)):
        if a.only and a.only != name:
            continue
        extra = {"encoder": coder.encoder.id} if with_vectors else {}
        model = train_relation_model(items, meta={**meta, **extra}, with_vectors=with_vectors, governing=with_vectors)
        model.save(Path(out))
        print(f"{name}: trained on {len(items)} PLV items, {len(model.vocab)} features, {len(model.classes)} classes "
              f"-> {out} (model id {model.meta['id']})")


if __name__ == "__main__":
    main()
