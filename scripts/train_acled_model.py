"""Rebuild src/flashpoint/coding/data/acled_model.npz from the shared ACLED notes and CASE 2021 snippets.

    .venv/bin/python scripts/train_acled_model.py [--gold ../shared/data/gold] [--out PATH]

Records the sha256 of every training file in the model's metadata. Evaluation never scores this
model on ACLED or CASE 2021: `flashpoint eval` retrains it per cross-validation fold
(see coding/train.py).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from flashpoint.coding import acled_model as am
from flashpoint.coding.coder import DEFAULT_ACLED_MODEL, Coder
from flashpoint.coding.train import acled_data_files, acled_examples, file_sha256

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=str(REPO.parent / "shared" / "data" / "gold"))
    ap.add_argument("--out", default=str(DEFAULT_ACLED_MODEL))
    a = ap.parse_args()
    gold = Path(a.gold)
    started = time.perf_counter()
    coder = Coder(acled_model=False)
    examples = acled_examples(gold, coder)
    data = {str(p.relative_to(gold)): file_sha256(p) for p in acled_data_files(gold)}
    relation = coder.relation_model
    coded_with = {  # the event features come from the coder's output: retrain when it changes
        "version": coder.version,
        "lexicon": getattr(coder.lexicon, "version", "1"),
        "relation_model": (relation.meta or {}).get("id") if relation else None,
        "source_model": coder.source_model.meta.get("id") if coder.source_model else None,
        "target_model": coder.target_model.meta.get("id") if coder.target_model else None,
    }
    model = am.train(examples, meta={"data": data, "coded_with": coded_with})
    out = Path(a.out)
    model.save(out)
    print(
        f"trained on {model.meta['n_items']} texts ({model.meta['n_train']} events or sentences), "
        f"{len(model.linear.vocab)} features, {len(model.classes)} classes in "
        f"{time.perf_counter() - started:.1f} s -> {out} ({out.stat().st_size / 1e6:.2f} MB)"
    )
    print(f"model id {model.meta['id']}")


if __name__ == "__main__":
    main()
