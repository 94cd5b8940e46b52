"""Detectors on synthetic series where we know when each must fire and must not."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from flashpoint.watch.detectors import (
    DEFAULTS,
    Bocpd,
    Cusum,
    LadderJump,
    RobustZ,
    Signal,
    default_detectors,
    detect,
    lgamma,
)

START = date(2024, 1, 1)  # a Monday


def _period(i: int, **kw) -> dict:
    row = {"period": (START + timedelta(days=i)).isoformat(), "n_events": 10, "n_sources": 3, "n_conflict": 0,
           "max_rung": 0, "by_type": {}, "conflict_share": None, "goldstein_mean": None}
    row.update(kw)
    return row


def _counts(values, **kw) -> list[dict]:
    return [_period(i, n_conflict=int(v), **kw) for i, v in enumerate(values)]


def _weekly_pattern(days: int) -> list[int]:
    return [2 if (i % 7) >= 5 else 10 for i in range(days)]  # weekdays 10, weekends 2


def test_lgamma_matches_math():
    import math

    xs = np.array([0.5, 1.0, 2.5, 7.0, 33.3, 1000.0])
    assert np.allclose(lgamma(xs), [math.lgamma(x) for x in xs], rtol=1e-12, atol=1e-12)


def test_robust_z_is_day_of_week_aware():
    vals = _weekly_pattern(61) + [8]  # day 61 is a Saturday: 8 against a Saturday baseline of 2
    # same-weekday median 2, MAD 0 -> scale = sqrt(2) (Poisson floor); z = 6 / 1.414 = 4.24 >= 4
    sig = RobustZ(threshold=4.0, window=56, min_history=21, cooldown=0).scan(_counts(vals))
    assert [s.period for s in sig] == ["2024-03-02"]
    s = sig[0]
    assert (s.value, s.baseline, s.change, s.direction) == (8.0, 2.0, 6.0, "escalating")
    assert s.severity == pytest.approx(6 / 2**0.5 / 8, abs=1e-4)
    # without the weekday baseline the window median is 10: 8 is no rise at all
    assert RobustZ(threshold=4.0, seasonal=1, cooldown=0).scan(_counts(vals)) == []


def test_robust_z_thresholds_and_gates():
    base = _weekly_pattern(60)  # day 60 is a Thursday (baseline 10, scale sqrt(10) = 3.16)
    assert RobustZ(threshold=4.0, cooldown=0).scan(_counts(base + [20])) == []  # z = 3.16 < 4
    assert len(RobustZ(threshold=4.0, cooldown=0).scan(_counts(base + [30]))) == 1  # z = 6.3
    # the min_sources gate: one source only -> nothing fires
    assert RobustZ(threshold=4.0, cooldown=0, min_sources=2).scan(_counts(base + [30], n_sources=1)) == []
    # a two-day burst: two signals without cooldown, one with
    burst = base + [30, 30]
    assert len(RobustZ(threshold=4.0, cooldown=0).scan(_counts(burst))) == 2
    assert len(RobustZ(threshold=4.0, cooldown=7).scan(_counts(burst))) == 1
    # a drop fires only when two-sided: 40 a day, then 0: z = -40 / sqrt(40) = -6.3
    drop = [40] * 60 + [0]
    assert RobustZ(threshold=4.0, cooldown=0).scan(_counts(drop)) == []
    assert [s.direction for s in RobustZ(threshold=4.0, cooldown=0, two_sided=True).scan(_counts(drop))] == ["de-escalating"]


def test_robust_z_new_dyad():
    sig = RobustZ(threshold=4.0, cooldown=0).scan(_counts([0] * 30 + [5]))
    # baseline 0, scale max(0, sqrt(1)) = 1 -> z = 5: the dyad comes alive
    assert [(s.period, s.direction) for s in sig] == [("2024-01-31", "new")]


def _shares(values, n_events=10) -> list[dict]:
    return [_period(i, conflict_share=v, goldstein_mean=-10 * v, n_events=n_events) for i, v in enumerate(values)]


def test_cusum_on_conflict_share():
    calm = [0.2 + (0.02 if i % 2 else -0.02) for i in range(40)]
    # median 0.2, MAD 0.02 -> sigma = max(0.0297, 0.05) = 0.05; the first 0.5 adds z - k = 6 - 0.5 = 5.5
    # (S = 5.5, not > 6); then the window holds 20 x 0.18, 20 x 0.22 and 0.5: median 0.22, MAD 0.02,
    # z = (0.5 - 0.22) / 0.05 = 5.6 -> S = 5.5 + 5.1 = 10.6 > 6: fires at index 41
    sig = Cusum(metric="conflict_share", threshold=6.0, cooldown=0).scan(_shares(calm + [0.5] * 2))
    assert [(s.period, s.direction) for s in sig] == [("2024-02-11", "escalating")]
    assert sig[0].baseline == pytest.approx(0.22) and sig[0].detector == "cusum_share"
    assert Cusum(metric="conflict_share", threshold=6.0, cooldown=0).scan(_shares(calm + [0.5])) == []
    assert Cusum(metric="conflict_share", threshold=6.0, cooldown=0).scan(_shares(calm * 3)) == []
    # periods with fewer than min_events events are skipped
    few = _shares(calm) + _shares([0.5, 0.5], n_events=2)
    assert Cusum(metric="conflict_share", threshold=6.0, cooldown=0, min_events=3).scan(few) == []


def test_cusum_on_goldstein_falls_is_escalation():
    calm = [0.2 + (0.02 if i % 2 else -0.02) for i in range(40)]
    # goldstein_mean = -10 * share: -2 +- 0.2, sigma = max(0.297, 0.5) = 0.5; -5 gives z = -6
    sig = Cusum(metric="goldstein_mean", threshold=6.0, cooldown=0).scan(_shares(calm + [0.5] * 2))
    assert [(s.detector, s.direction) for s in sig] == [("cusum_goldstein", "escalating")]
    up = Cusum(metric="goldstein_mean", threshold=6.0, cooldown=0).scan(_shares(calm + [-0.1] * 3))
    assert [s.direction for s in up] == ["de-escalating"]


def test_bocpd_finds_a_rate_change_and_not_noise():
    rng = np.random.default_rng(7)
    before = rng.poisson(5, 120).tolist()
    after = rng.poisson(20, 30).tolist()
    det = Bocpd(threshold=0.8, cooldown=14)
    sig = det.scan(_counts(before + after))
    assert sig, "a jump from 5 to 20 events a day must be found"
    first = sig[0]
    day = (date.fromisoformat(first.period) - START).days
    assert 120 <= day <= 123 and first.direction == "escalating"
    assert first.value > first.baseline
    assert float(det.run_length_posterior().sum()) == pytest.approx(1.0)
    # stationary Poisson(5): nothing after warm-up
    calm = rng.poisson(5, 300).tolist()
    assert Bocpd(threshold=0.8).scan(_counts(calm)) == []


def test_bocpd_warmup_and_direction_down():
    rng = np.random.default_rng(3)
    vals = rng.poisson(20, 100).tolist() + rng.poisson(2, 20).tolist()
    sig = Bocpd(threshold=0.8, cooldown=30).scan(_counts(vals))
    assert sig and sig[0].direction == "de-escalating"
    assert all((date.fromisoformat(s.period) - START).days >= 100 for s in sig)


def _rungs(types_per_day: list[list[str]]) -> list[dict]:
    from flashpoint.watch.series import LADDER

    rows = []
    for i, types in enumerate(types_per_day):
        by_type = {t: 1 for t in types}
        rows.append(_period(i, by_type=by_type, max_rung=max([LADDER.get(t, 0) for t in types], default=0)))
    return rows


def test_ladder_jump_after_verbal_run():
    run = [["ACCUSE"] if i % 2 else ["CONSULT"] for i in range(14)]
    sig = LadderJump(lookback=14, min_verbal=2, cooldown=0).scan(_rungs(run + [["ASSAULT", "ACCUSE"]]))
    assert [(s.period, s.value, s.baseline, s.rung, s.direction) for s in sig] == [
        ("2024-01-15", 5.0, 1.0, 5, "escalating")]
    assert sig[0].severity == 1.0
    mob = LadderJump(cooldown=0).scan(_rungs(run + [["MOBILIZE"]]))
    assert [(s.value, s.rung) for s in mob] == [(3.0, 3)]
    # no run of verbal conflict before: nothing
    assert LadderJump(cooldown=0).scan(_rungs([["CONSULT"]] * 14 + [["ASSAULT"]])) == []
    # material conflict already in the lookback (COERCE, rung 4): not a jump
    coerced = run[:-1] + [["COERCE"]]
    assert LadderJump(cooldown=0).scan(_rungs(coerced + [["ASSAULT"]])) == []
    # a second assault the next day is not a first
    assert len(LadderJump(cooldown=0).scan(_rungs(run + [["ASSAULT"], ["ASSAULT"]]))) == 1
    # SANCTION is rung 3 but not a jump type
    assert LadderJump(cooldown=0).scan(_rungs(run + [["SANCTION"]])) == []


def test_streaming_equals_batch():
    rng = np.random.default_rng(11)
    rows = _counts(rng.poisson(4, 80).tolist() + rng.poisson(15, 20).tolist())
    for make in (lambda: RobustZ(threshold=4.0, cooldown=3), lambda: Bocpd(cooldown=3)):
        det = make()
        streamed = [s for r in rows if (s := det.update(r)) is not None]
        assert streamed == make().scan(rows)
        assert all(isinstance(s, Signal) for s in streamed)


def test_default_detectors_use_the_defaults():
    dets = default_detectors("day", dyad=("USA", "IRN"), min_sources=2)
    assert [d.name for d in dets] == ["robust_z", "cusum_share", "cusum_goldstein", "bocpd", "ladder"]
    assert dets[0].threshold == DEFAULTS["robust_z"]["threshold"]
    assert all(d.dyad == ("USA", "IRN") and d.min_sources == 2 for d in dets)
    weekly = default_detectors("week")
    assert weekly[0].seasonal == 1 and weekly[0].window < dets[0].window


def test_detect_over_a_real_store(tmp_path):
    from flashpoint.records import CodedArticle
    from flashpoint.store.db import Store
    from tests.test_watch_series import _article, _event

    items: list[CodedArticle] = []
    for i in range(40):  # 40 days of verbal conflict USA -> IRN from two outlets, one event each
        day = (START + timedelta(days=i)).isoformat()
        for outlet in ("Reuters", "AP"):
            code = "112" if i % 2 else "040"
            items.append(_article(f"{outlet}{i}", outlet, day, [_event(f"{outlet}-{i}", f"{outlet}{i}", day, code,
                                                                       "USAGOV", "IRNGOV")]))
    day = (START + timedelta(days=40)).isoformat()
    for outlet in ("Reuters", "AP", "AFP"):  # day 40: an assault reported by three outlets
        items.append(_article(f"{outlet}x", outlet, day, [_event(f"{outlet}-x", f"{outlet}x", day, "190",
                                                                 "USAMIL", "IRNMIL")]))
    with Store.open(tmp_path / "d.duckdb") as store:
        run = store.start_run("test", "t", {})
        store.write_many(items, run, "t")
        signals = detect(store, min_sources=2)
        ladder = [s for s in signals if s.detector == "ladder"]
        assert [(s.dyad, s.period, s.rung) for s in ladder] == [(("USA", "IRN"), "2024-02-10", 5)]
        assert detect(store, min_sources=4) == []  # three outlets at most on any day
        assert detect(store, dyads=[("GBR", "FRA")]) == []
