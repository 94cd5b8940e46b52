"""Evaluation measures: accuracy, per-class P/R/F1, macro/weighted F1, confusion, span overlap,
calibration (reliability table, ECE) and precision-recall curves over a confidence threshold.

Conventions (the same as scikit-learn's with ``zero_division=0``):

- Per-class precision with no predictions of the class is 0.0; recall with no gold support is 0.0;
  F1 is 0.0 when precision + recall is 0.
- Macro-F1 is the plain mean of per-class F1 over the classes that have gold support among the
  scored items (``labels=unique(gold)`` in scikit-learn); weighted F1 weighs each class's F1 by its
  gold support. Predicted labels outside the gold label space (e.g. "NONE") lower recall of the gold
  class and never form a class of their own.
- Spans are half-open ``(start, end)`` character offsets; two spans overlap when they share at least
  one character.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

Span = tuple[int, int]


def _check_lengths(gold: Sequence[Any], pred: Sequence[Any]) -> None:
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels but pred has {len(pred)}")


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Share of positions where pred equals gold (0.0 for no items)."""
    _check_lengths(gold, pred)
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, pred)) / len(gold)


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0.0 when both are 0."""
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def label_order(gold: Sequence[str], pred: Sequence[str], declared: Sequence[str] = ()) -> list[str]:
    """Declared labels first (in their order), then other gold labels, then other predicted labels (sorted)."""
    order = list(dict.fromkeys(declared))
    seen = set(order)
    extra_gold = sorted(set(gold) - seen)
    order += extra_gold
    seen |= set(extra_gold)
    order += sorted(set(pred) - seen)
    return order


def per_class(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, dict[str, float]]:
    """For each label: precision, recall, f1, support (gold count) and predicted (pred count)."""
    _check_lengths(gold, pred)
    tp: Counter[str] = Counter(g for g, p in zip(gold, pred) if g == p)
    n_gold = Counter(gold)
    n_pred = Counter(pred)
    out: dict[str, dict[str, float]] = {}
    for label in labels:
        p = tp[label] / n_pred[label] if n_pred[label] else 0.0
        r = tp[label] / n_gold[label] if n_gold[label] else 0.0
        out[label] = {
            "precision": p,
            "recall": r,
            "f1": f1_score(p, r),
            "support": n_gold[label],
            "predicted": n_pred[label],
        }
    return out


def macro_f1(table: dict[str, dict[str, float]]) -> float:
    """Mean F1 over the classes of `table` that have gold support (0.0 if none)."""
    scores = [row["f1"] for row in table.values() if row["support"] > 0]
    return sum(scores) / len(scores) if scores else 0.0


def weighted_f1(table: dict[str, dict[str, float]]) -> float:
    """F1 averaged over classes weighted by gold support (0.0 if no support)."""
    total = sum(row["support"] for row in table.values())
    if not total:
        return 0.0
    return sum(row["f1"] * row["support"] for row in table.values()) / total


def confusion_matrix(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Counts: row = gold label, column = predicted label, both in `labels` order.

    Pairs whose gold or predicted label is not in `labels` are not counted.
    """
    _check_lengths(gold, pred)
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred):
        if g in index and p in index:
            matrix[index[g]][index[p]] += 1
    return matrix


def classification(gold: Sequence[str], pred: Sequence[str], declared: Sequence[str] = ()) -> dict[str, Any]:
    """Accuracy, macro/weighted F1, the per-class table and the confusion matrix of one labelling."""
    labels = label_order(gold, pred, declared)
    table = per_class(gold, pred, labels)
    return {
        "n": len(gold),
        "accuracy": accuracy(gold, pred),
        "macro_f1": macro_f1(table),
        "weighted_f1": weighted_f1(table),
        "per_class": table,
        "confusion": {"labels": labels, "matrix": confusion_matrix(gold, pred, labels)},
    }


def overlaps(a: Span, b: Span) -> bool:
    """True when half-open spans a and b share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def overlaps_any(span: Span, others: Iterable[Span]) -> bool:
    return any(overlaps(span, o) for o in others)


def span_counts(gold: Iterable[Span], pred: Iterable[Span]) -> dict[str, int]:
    """Overlap-match counts for one item: predicted spans matching some gold span, gold spans matched.

    Duplicate spans are counted once.
    """
    g = sorted(set(gold))
    p = sorted(set(pred))
    return {
        "pred": len(p),
        "gold": len(g),
        "pred_matched": sum(overlaps_any(s, g) for s in p),
        "gold_matched": sum(overlaps_any(s, p) for s in g),
    }


def span_prf(counts: Iterable[dict[str, int]]) -> dict[str, float]:
    """Micro precision (matched predicted / predicted), recall (matched gold / gold) and F1 over items."""
    total = Counter[str]()
    for c in counts:
        total.update(c)
    precision = total["pred_matched"] / total["pred"] if total["pred"] else 0.0
    recall = total["gold_matched"] / total["gold"] if total["gold"] else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1_score(precision, recall),
        "pred": total["pred"],
        "gold": total["gold"],
        "pred_matched": total["pred_matched"],
        "gold_matched": total["gold_matched"],
    }


# Thresholds of the precision-recall curves: a fixed grid, denser near 1 where confidences gather.
PR_THRESHOLDS: tuple[float, ...] = (
    0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.925, 0.95, 0.96, 0.97, 0.98, 0.99, 0.995,
)


def pr_curve(
    confidences: Sequence[float],
    correct: Sequence[bool],
    n_total: int,
    thresholds: Sequence[float] = PR_THRESHOLDS,
    groups: Sequence[Hashable] | None = None,
) -> list[dict[str, Any]]:
    """Precision and recall of keeping only the predictions with confidence >= each threshold.

    One row per threshold (in the given order): `kept` predictions, `correct` among them,
    precision = correct / kept (None when nothing is kept) and recall = correct / n_total.
    With `groups` (one key per prediction, e.g. the item it belongs to), recall counts the distinct
    groups with a correct kept prediction, so several right predictions of one item count once;
    `correct` then still counts predictions. `n_total` is the number of items that could be
    recalled, predictions or not.
    """
    _check_lengths(confidences, correct)
    if groups is not None:
        _check_lengths(confidences, groups)
    if n_total < 0:
        raise ValueError(f"n_total must be >= 0, got {n_total}")
    rows = []
    for t in thresholds:
        keep = [i for i, c in enumerate(confidences) if float(c) >= t]
        hits = [i for i in keep if correct[i]]
        recalled = len(hits) if groups is None else len({groups[i] for i in hits})
        rows.append(
            {
                "threshold": float(t),
                "kept": len(keep),
                "correct": len(hits),
                "precision": len(hits) / len(keep) if keep else None,
                "recall": recalled / n_total if n_total else 0.0,
            }
        )
    return rows


def reliability(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> list[dict[str, Any]]:
    """The reliability table over `bins` equal-width bins of [0, 1]: per bin its count, mean confidence, accuracy.

    Bin i holds confidences in [i/n, (i+1)/n); confidence 1.0 falls in the last bin; values outside
    [0, 1] are clipped. Every bin is listed; an empty bin has count 0 and None for its means.
    """
    _check_lengths(confidences, correct)
    if bins < 1:
        raise ValueError(f"bins must be >= 1, got {bins}")
    sums = [0.0] * bins
    hits = [0] * bins
    counts = [0] * bins
    for c, ok in zip(confidences, correct):
        c = min(max(float(c), 0.0), 1.0)
        b = min(int(c * bins), bins - 1)
        sums[b] += c
        hits[b] += bool(ok)
        counts[b] += 1
    return [
        {
            "bin": b,
            "low": b / bins,
            "high": (b + 1) / bins,
            "mean_confidence": sums[b] / counts[b] if counts[b] else None,
            "accuracy": hits[b] / counts[b] if counts[b] else None,
            "count": counts[b],
        }
        for b in range(bins)
    ]


def calibration(confidence: Sequence[float], correct: Sequence[bool], n_bins: int = 10) -> dict[str, Any]:
    """Expected calibration error and the reliability table (`reliability`) over `n_bins` bins.

    ECE = sum over bins of (count / N) * |accuracy - mean confidence|.
    """
    table = reliability(confidence, correct, n_bins)
    n = len(confidence)
    ece = 0.0
    for row in table:
        if row["count"]:
            ece += row["count"] / n * abs(row["accuracy"] - row["mean_confidence"])
    return {"ece": ece, "n": n, "bins": table}
