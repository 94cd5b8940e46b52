"""Rebuild the relation models from the shared PLV development set: src/flashpoint/coding/data/
relation_model_encoder.npz (string features and the pair's window embedding, used when the sentence
encoder is on) and relation_model.npz (string features only, used without it).

    .venv/bin/python scripts/train_relation_model.py [--gold ../shared/data/gold]

Records the sha256 of the training file in the model's metadata. Evaluation never scores this
model on PLV: `flashpoint eval` retrains it per cross-validation fold (see coding/train.py).
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
    ap.add_argument("--out", default=str(DEFAULT_ENCODER_MODEL), help="the model that reads embeddings")
    ap.add_argument("--out-plain", default=str(DEFAULT_MODEL), help="the model of string features only")
    a = ap.parse_args()
    gold = Path(a.gold)
    meta = {"data": {"plv_train.jsonl": file_sha256(gold / PLV_FILE)}, "features": "pair_features v1"}
    for encoder, out in (("on", a.out), ("off", a.out_plain)):
        coder = Coder(CoderConfig(encoder=encoder), relation_model=False)
        items = plv_items(gold, coder)
        model = train_relation_model(items, meta={**meta, "encoder": coder.encoder.id if coder.encoder else None})
        model.save(Path(out))
        print(f"encoder {encoder}: trained on {len(items)} PLV items, {len(model.vocab)} features, "
              f"{len(model.classes)} classes -> {out} (model id {model.meta['id']})")


if __name__ == "__main__":
    main()
