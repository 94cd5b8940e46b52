"""Rebuild src/flashpoint/coding/data/penta_model.npz from the shared ConfliBERT class dev set.

    .venv/bin/python scripts/train_penta_model.py [--gold ../shared/data/gold] [--out PATH]

Each text is coded by the shipped coder (its events are features of the model); the model records the
data file's sha256 and the coder it coded them with. Evaluation never scores this model on the
ConfliBERT class set: `flashpoint eval` retrains it per cross-validation fold (see coding/train.py).
Rebuild it after the coder's events change (lexicon, relation or role models).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from flashpoint.coding import penta_model as pm
from flashpoint.coding.coder import DEFAULT_PENTA_MODEL, Coder
from flashpoint.coding.train import CLASS_FILE, coded_with, file_sha256, penta_examples

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=str(REPO.parent / "shared" / "data" / "gold"))
    ap.add_argument("--out", default=str(DEFAULT_PENTA_MODEL))
    a = ap.parse_args()
    gold = Path(a.gold)
    started = time.perf_counter()
    coder = Coder(penta_model=False)
    examples = penta_examples(gold, coder)
    model = pm.train(examples, meta={"data": {str(CLASS_FILE): file_sha256(gold / CLASS_FILE)}, "coded_with": coded_with(coder)})
    out = Path(a.out)
    model.save(out)
    print(
        f"trained on {model.meta['n_train']} texts, {len(model.linear.vocab)} features, {len(model.classes)} classes "
        f"in {time.perf_counter() - started:.1f} s -> {out} ({out.stat().st_size / 1e6:.2f} MB)"
    )
    print(f"model id {model.meta['id']}")


if __name__ == "__main__":
    main()
