"""Evaluation measures on tiny cases computed by hand (arithmetic written out in each test)."""

from __future__ import annotations

import pytest

from flashpoint.eval import metrics


def test_accuracy_counts_exact_matches() -> None:
    # 2 of 3 positions agree -> 2/3
    assert metrics.accuracy(["A", "B", "C"], ["A", "B", "A"]) == pytest.approx(2 / 3)
    assert metrics.accuracy([], []) == 0.0
    with pytest.raises(ValueError):
        metrics.accuracy(["A"], [])


def test_per_class_macro_weighted_and_confusion() -> None:
    gold = ["A", "A", "A", "B", "C", "C"]
    pred = ["A", "A", "B", "B", "A", "NONE"]
    res = metrics.classification(gold, pred, declared=["A", "B", "C"])
    # A: tp 2, predicted 3 (pos 0,1,4), support 3 -> P 2/3, R 2/3, F1 2/3
    # B: tp 1, predicted 2 (pos 2,3), support 1 -> P 1/2, R 1, F1 2*(1/2*1)/(3/2) = 2/3
    # C: tp 0, predicted 0, support 2 -> P 0, R 0, F1 0
    table = res["per_class"]
    assert table["A"]["precision"] == pytest.approx(2 / 3)
    assert table["A"]["recall"] == pytest.approx(2 / 3)
    assert table["B"]["precision"] == pytest.approx(0.5)
    assert table["B"]["recall"] == pytest.approx(1.0)
    assert table["B"]["f1"] == pytest.approx(2 / 3)
    assert table["C"]["f1"] == 0.0
    assert (table["A"]["support"], table["B"]["support"], table["C"]["support"]) == (3, 1, 2)
    # NONE is a predicted-only label: listed after the declared ones, support 0, left out of macro
    assert res["confusion"]["labels"] == ["A", "B", "C", "NONE"]
    assert table["NONE"]["support"] == 0
    # macro over A, B, C = (2/3 + 2/3 + 0) / 3 = 4/9
    assert res["macro_f1"] == pytest.approx(4 / 9)
    # weighted = (2/3*3 + 2/3*1 + 0*2) / 6 = (2 + 2/3) / 6 = 4/9
    assert res["weighted_f1"] == pytest.approx(4 / 9)
    # accuracy: positions 0, 1, 3 right -> 3/6
    assert res["accuracy"] == pytest.approx(0.5)
    assert res["confusion"]["matrix"] == [
        # pred: A  B  C  NONE
        [2, 1, 0, 0],  # gold A
        [0, 1, 0, 0],  # gold B
        [1, 0, 0, 1],  # gold C
        [0, 0, 0, 0],  # gold NONE
    ]


def test_weighted_differs_from_macro_when_support_differs() -> None:
    gold = ["A", "A", "A", "B"]
    pred = ["A", "A", "A", "A"]
    res = metrics.classification(gold, pred)
    # A: P 3/4, R 1, F1 = 2*(3/4)/(7/4) = 6/7; B: F1 0
    assert res["macro_f1"] == pytest.approx((6 / 7 + 0) / 2)
    assert res["weighted_f1"] == pytest.approx((6 / 7 * 3 + 0 * 1) / 4)


def test_declared_label_without_support_is_listed_but_not_averaged() -> None:
    res = metrics.classification(["A"], ["A"], declared=["A", "Z"])
    assert res["per_class"]["Z"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0, "predicted": 0}
    assert res["macro_f1"] == 1.0


def test_overlap_is_half_open() -> None:
    assert metrics.overlaps((0, 5), (4, 9))
    assert not metrics.overlaps((0, 5), (5, 9))  # touching ends share no character
    assert metrics.overlaps((3, 4), (0, 10))


def test_span_prf_micro_over_items_with_dedupe() -> None:
    # item 1: gold [(0,5)], pred [(1,3),(1,3),(7,9)] -> pred deduped to 2, 1 matches; gold 1 matched
    # item 2: gold [(0,4),(10,12)], pred [(2,3)] -> pred 1 matches; gold 1 of 2 matched
    c1 = metrics.span_counts([(0, 5)], [(1, 3), (1, 3), (7, 9)])
    c2 = metrics.span_counts([(0, 4), (10, 12)], [(2, 3)])
    assert c1 == {"pred": 2, "gold": 1, "pred_matched": 1, "gold_matched": 1}
    res = metrics.span_prf([c1, c2])
    # P = (1+1)/(2+1) = 2/3; R = (1+1)/(1+2) = 2/3; F1 = 2/3
    assert res["precision"] == pytest.approx(2 / 3)
    assert res["recall"] == pytest.approx(2 / 3)
    assert res["f1"] == pytest.approx(2 / 3)
    empty = metrics.span_prf([metrics.span_counts([], [])])
    assert (empty["precision"], empty["recall"], empty["f1"]) == (0.0, 0.0, 0.0)


def test_calibration_ece_and_bins() -> None:
    conf = [0.95, 0.9, 0.15, 1.0, 0.5]
    ok = [True, False, False, True, True]
    res = metrics.calibration(conf, ok)
    # bin 9 holds 0.95, 0.9, 1.0: mean conf 2.85/3 = 0.95, accuracy 2/3 -> |2/3 - 0.95| = 0.28333
    # bin 1 holds 0.15: accuracy 0 -> 0.15; bin 5 holds 0.5: accuracy 1 -> 0.5
    # ECE = 3/5 * 0.28333 + 1/5 * 0.15 + 1/5 * 0.5 = 0.17 + 0.03 + 0.1 = 0.3
    assert res["ece"] == pytest.approx(0.3)
    assert len(res["bins"]) == 10
    b9 = res["bins"][9]
    assert b9["count"] == 3
    assert b9["mean_confidence"] == pytest.approx(0.95)
    assert b9["accuracy"] == pytest.approx(2 / 3)
    assert res["bins"][1]["count"] == 1 and res["bins"][5]["count"] == 1
    assert res["bins"][0] == {"bin": 0, "low": 0.0, "high": 0.1, "mean_confidence": None, "accuracy": None, "count": 0}
    assert sum(b["count"] for b in res["bins"]) == 5


def test_perfect_calibration_has_zero_ece() -> None:
    # bin 5: two items at 0.5, one right -> accuracy 0.5 = mean confidence
    assert metrics.calibration([0.5, 0.5], [True, False])["ece"] == pytest.approx(0.0)
