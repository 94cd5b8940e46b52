"""Rebuild src/flashpoint/coding/data/category_model.npz from the shared CASE 2021 dev set and ACLED notes.

    .venv/bin/python scripts/train_category_model.py [--gold ../shared/data/gold] [--out PATH]

Each snippet and note is coded by the shipped coder (its events are features of the model), the gold texts with
an ACLED classifier trained without their fold (`coding.train.acled_held_out`); the team's snippets
(src/flashpoint/coding/data/case_examples.jsonl) are more CASE examples; the notes are a
second domain (`TextModel.train`: feature augmentation, folded back for news text). The model records the
data files' sha256 and the coder it coded them with. Evaluation never scores this model on CASE 2021:
`flashpoint eval` retrains it per cross-validation fold (see coding/train.py). Rebuild it after the
coder's events change (lexicon, relation, ACLED or role models).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from flashpoint.coding import category_model as cm
from flashpoint.coding.coder import DEFAULT_CATEGORY_MODEL, Coder
from flashpoint.coding.train import (
    CASE_FILE,
    TEAM_CASE_FILE,
    acled_data_files,
    acled_examples,
    acled_held_out,
    category_examples,
    coded_with,
    file_sha256,
)

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(REPO.parent / "shared" / "data" / "gold"))
    ap.add_argument("--out", default=str(DEFAULT_CATEGORY_MODEL))
    a = ap.parse_args()
    gold = Path(a.gold)
    started = time.perf_counter()
    coder = Coder(category_model=False)
    # the gold texts' events read by ACLED classifiers that never saw them, as a new text's are
    held_out = acled_held_out(coder, acled_examples(gold, coder))
    examples = category_examples(gold, coder, held_out=held_out)
    data = {str(CASE_FILE): file_sha256(gold / CASE_FILE),
            str(TEAM_CASE_FILE.relative_to(REPO)): file_sha256(TEAM_CASE_FILE)}
    data.update({str(p.relative_to(gold)): file_sha256(p) for p in acled_data_files(gold)})
    model = cm.train(examples, meta={"data": data, "coded_with": coded_with(coder)})
    out = Path(a.out)
    model.save(out)
    print(f"trained on {model.meta['n_train']} texts {model.meta.get('n_train_by_domain')}, {len(model.linear.vocab)} features, {len(model.classes)} "
          f"classes in {time.perf_counter() - started:.1f} s -> {out} ({out.stat().st_size / 1e6:.2f} MB)")
    print(f"model id {model.meta['id']}")


if __name__ == "__main__":
    main()
