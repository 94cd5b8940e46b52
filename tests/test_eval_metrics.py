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


def test_calibration_bins_are_the_reliability_table() -> None:
    conf = [0.95, 0.9, 0.15, 1.0, 0.5]
    ok = [True, False, False, True, True]
    assert metrics.calibration(conf, ok)["bins"] == metrics.reliability(conf, ok)


def test_reliability_counts_means_and_accuracy_per_bin() -> None:
    # 4 bins of width 0.25: 0.1 and 0.2 -> bin 0; 0.3 -> bin 1; 0.8 and 1.0 (last bin includes 1) -> bin 3;
    # -0.5 clips to 0.0 -> bin 0; 1.7 clips to 1.0 -> bin 3
    conf = [0.1, 0.2, 0.3, 0.8, 1.0, -0.5, 1.7]
    ok = [True, False, True, True, False, False, True]
    bins = metrics.reliability(conf, ok, bins=4)
    assert [b["count"] for b in bins] == [3, 1, 0, 3]
    # bin 0: confidences 0.1, 0.2, 0.0 -> mean 0.1; right 1 of 3
    assert bins[0]["mean_confidence"] == pytest.approx(0.1)
    assert bins[0]["accuracy"] == pytest.approx(1 / 3)
    # bin 3: 0.8, 1.0, 1.0 -> mean 2.8/3; right 2 of 3
    assert bins[3]["mean_confidence"] == pytest.approx(2.8 / 3)
    assert bins[3]["accuracy"] == pytest.approx(2 / 3)
    assert (bins[2]["mean_confidence"], bins[2]["accuracy"]) == (None, None)
    assert (bins[1]["low"], bins[1]["high"]) == (0.25, 0.5)
    with pytest.raises(ValueError, match="bins"):
        metrics.reliability([0.5], [True], bins=0)
    with pytest.raises(ValueError):
        metrics.reliability([0.5, 0.6], [True])


def test_pr_curve_keeps_predictions_at_or_above_each_threshold() -> None:
    conf = [0.9, 0.8, 0.8, 0.4]
    ok = [True, False, True, False]
    # 6 items in all (2 have no prediction)
    curve = metrics.pr_curve(conf, ok, n_total=6, thresholds=[0.0, 0.5, 0.8, 0.85, 0.95])
    assert [r["threshold"] for r in curve] == [0.0, 0.5, 0.8, 0.85, 0.95]
    # >= 0.0: all 4 kept, 2 right -> P 1/2, R 2/6
    assert (curve[0]["kept"], curve[0]["correct"]) == (4, 2)
    assert curve[0]["precision"] == pytest.approx(0.5)
    assert curve[0]["recall"] == pytest.approx(2 / 6)
    # >= 0.5 and >= 0.8 (0.8 itself kept): 0.9, 0.8, 0.8 -> 2 of 3 right, R 2/6
    for row in curve[1:3]:
        assert row["kept"] == 3
        assert row["precision"] == pytest.approx(2 / 3)
        assert row["recall"] == pytest.approx(2 / 6)
    # >= 0.85: only 0.9 (right) -> P 1, R 1/6
    assert curve[3]["precision"] == pytest.approx(1.0)
    assert curve[3]["recall"] == pytest.approx(1 / 6)
    # >= 0.95: nothing kept -> precision undefined, recall 0
    assert curve[4] == {"threshold": 0.95, "kept": 0, "correct": 0, "precision": None, "recall": 0.0}


def test_pr_curve_default_grid_and_groups() -> None:
    curve = metrics.pr_curve([0.5], [True], n_total=1)
    assert [r["threshold"] for r in curve] == list(metrics.PR_THRESHOLDS)
    assert curve[0]["threshold"] == 0.0 and all(a < b for a, b in zip(metrics.PR_THRESHOLDS, metrics.PR_THRESHOLDS[1:]))
    # item "a" has two right predictions, item "b" one wrong: recall counts item "a" once -> 1/2,
    # precision still counts predictions -> 2/3
    curve = metrics.pr_curve([0.9, 0.7, 0.6], [True, True, False], n_total=2, thresholds=[0.0, 0.8],
                             groups=["a", "a", "b"])
    assert curve[0]["recall"] == pytest.approx(0.5)
    assert curve[0]["precision"] == pytest.approx(2 / 3)
    # >= 0.8: only a's 0.9 -> P 1, R 1/2
    assert (curve[1]["precision"], curve[1]["recall"]) == (pytest.approx(1.0), pytest.approx(0.5))
    assert metrics.pr_curve([], [], n_total=0, thresholds=[0.0]) == [
        {"threshold": 0.0, "kept": 0, "correct": 0, "precision": None, "recall": 0.0}
    ]
    with pytest.raises(ValueError, match="n_total"):
        metrics.pr_curve([0.5], [True], n_total=-1)
    with pytest.raises(ValueError):
        metrics.pr_curve([0.5], [True], n_total=1, groups=["a", "b"])
