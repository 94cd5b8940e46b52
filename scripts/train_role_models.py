"""Rebuild src/flashpoint/coding/data/{source,target}_model.npz (the learned argument assigners) from
the shared PLV and ConfliBERT source/target span dev sets.

    .venv/bin/python scripts/train_role_models.py [--gold ../shared/data/gold] [--out-dir DIR]

For each role prints the 5-fold cross-validated share of triggers whose chosen argument is right (a
candidate overlapping the gold argument, or none when no candidate does) for the rules and for the
model at several thresholds (where the rules chose an argument; where they chose none the model's
fixed, higher `threshold_none` applies), and ships the model with the best threshold. Records the
sha256 of every training file. `flashpoint eval` retrains both per fold, so they are never scored
on PLV or ConfliBERT items they saw. Retrain the ACLED classifier afterwards (its features come from
the coder's events).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from flashpoint.coding.coder import DEFAULT_ROLE_MODELS, Coder
from flashpoint.coding.role_model import ROLES, decide
from flashpoint.coding.train import NER_FILE, PLV_FILE, RoleExample, file_sha256, role_examples, train_role_model
from flashpoint.eval.run import K_FOLDS, fold_of

REPO = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5)


class _Slot:
    """A candidate position standing in for a token in `decide`."""

    def __init__(self, i: int) -> None:
        self.i = i


def _right(ex: RoleExample, pick: _Slot | None) -> bool:
    return ex.labels[pick.i] if pick is not None else not any(ex.labels)


def cross_validate(examples: list[RoleExample], role: str) -> dict[str, float]:
    """Share of held-out triggers given the right argument: by the rules, and by the model (the
    coder's decision rule: `decide`) per threshold."""
    right = dict.fromkeys(["rules", *map(str, THRESHOLDS)], 0)
    for fold in range(K_FOLDS):
        test = [e for e in examples if fold_of(e.id) == fold]
        model = train_role_model(examples, role, frozenset(e.id for e in test))
        for ex in test:
            slots = [_Slot(k) for k in range(len(ex.rows))]
            rule = next((slots[k] for k, r in enumerate(ex.rows) if "rule" in r), None)
            right["rules"] += _right(ex, rule)
            p = model.scores([list(r) for r in ex.rows])
            for th in THRESHOLDS:
                right[str(th)] += _right(ex, decide(slots, p, rule, th, model.threshold_none, model.margin))
    return {k: v / len(examples) for k, v in right.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=str(REPO.parent / "shared" / "data" / "gold"))
    ap.add_argument("--out-dir", default=str(DEFAULT_ROLE_MODELS["target"].parent))
    a = ap.parse_args()
    gold = Path(a.gold)
    started = time.perf_counter()
    coder = Coder(source_model=False, target_model=False)
    examples = role_examples(gold, coder)
    data = {str(rel): file_sha256(gold / rel) for rel in (PLV_FILE, NER_FILE) if (gold / rel).is_file()}
    relation = coder.relation_model
    coded_with = {"version": coder.version, "lexicon": getattr(coder.lexicon, "version", "1"),
                  "relation_model": (relation.meta or {}).get("id") if relation else None}
    for role in ROLES:
        cv = cross_validate(examples[role], role)
        print(f"{role}: {len(examples[role])} triggers; right {role}, 5-fold CV: "
              + ", ".join(f"{k} {v:.3f}" for k, v in cv.items()))
        threshold = max(THRESHOLDS, key=lambda th: cv[str(th)])
        model = train_role_model(examples[role], role, threshold=threshold,
                                 meta={"data": data, "coded_with": coded_with, "cv_right": cv})
        out = Path(a.out_dir) / DEFAULT_ROLE_MODELS[role].name
        model.save(out)
        print(f"  threshold {threshold}; {len(model.linear.vocab)} features -> {out} "
              f"({out.stat().st_size / 1e6:.2f} MB); model id {model.meta['id']}")
    print(f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
