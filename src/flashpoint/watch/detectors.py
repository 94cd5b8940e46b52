"""Cheap streaming detectors over dyad series (`flashpoint.watch.series`).

Each detector is fed one period at a time (`update(period) -> Signal | None`, a period being one
dict of a dyad series) or a whole series (`scan(series) -> list[Signal]`, which starts afresh).
Detectors keep only a short rolling state, so `flashpoint watch` can run them as periods arrive.

- `RobustZ`: robust z-score of a count against the median/MAD of the last `window` periods, using
  the same weekday's median as baseline in daily series (day-of-week aware), with a Poisson floor
  on the scale so sparse series do not fire on one event.
- `Cusum`: two-sided CUSUM of a rate (conflict share, Goldstein mean) standardised by a rolling
  median/MAD baseline; periods with fewer than `min_events` events are skipped.
- `Bocpd`: Bayesian online change-point detection (Adams & MacKay 2007) on counts with a
  Poisson-Gamma model and a constant hazard; fires when the probability that the current run began
  in the last `recent` periods passes `threshold`.
- `LadderJump`: the first MOBILIZE or ASSAULT after a run of verbal conflict (ACCUSE / THREATEN only).

Every detector has a `min_sources` gate (a period with fewer distinct sources never fires, but still
updates the baseline) and a `cooldown` (no second signal in the same direction within that many
periods). Default thresholds (`DEFAULTS`) were picked from the back-test (benchmarks/backtest.md).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from flashpoint.store.db import Store

ESCALATING, DEESCALATING, NEW = "escalating", "de-escalating", "new"

# Chosen from benchmarks/backtest.py (figures in benchmarks/backtest.md): per detector, the most
# sensitive setting of the swept parameter (robust_z, cusum_*: threshold; bocpd: temper; ladder:
# lookback) with at most 0.1 false alerts per dyad-month on the background series (min_sources 2).
# Windows are in periods (days); WEEKLY_WINDOWS replaces them for weekly series. The constructors'
# defaults are these values; a period fires at most once per direction within `cooldown` periods.
DEFAULTS: dict[str, dict[str, Any]] = {
    "robust_z": {"threshold": 6.0, "window": 56, "min_history": 21, "min_change": 3.0, "cooldown": 7},
    "cusum_share": {"threshold": 15.0, "k": 0.5, "window": 42, "min_history": 14, "min_events": 3, "cooldown": 7},
    "cusum_goldstein": {"threshold": 8.0, "k": 0.5, "window": 42, "min_history": 14, "min_events": 3, "cooldown": 7},
    "bocpd": {"threshold": 0.8, "hazard": 1 / 100, "temper": 0.2, "recent": 7, "warmup": 28, "cooldown": 14},
    "ladder": {"lookback": 14, "min_verbal": 2, "cooldown": 7},
}
WEEKLY_WINDOWS: dict[str, dict[str, Any]] = {
    "robust_z": {"window": 26, "min_history": 8, "cooldown": 2},
    "cusum_share": {"window": 26, "min_history": 8, "cooldown": 2},
    "cusum_goldstein": {"window": 26, "min_history": 8, "cooldown": 2},
    "bocpd": {"recent": 3, "warmup": 10, "cooldown": 4},
    "ladder": {"lookback": 4, "cooldown": 2},
}


@dataclass(frozen=True)
class Signal:
    """One detector firing on one period of one dyad."""

    detector: str
    dyad: tuple[str, str]
    period: str
    metric: str
    value: float
    baseline: float
    change: float
    direction: str  # 'escalating' | 'de-escalating' | 'new'
    severity: float  # 0..1
    rung: int  # highest escalation-ladder rung reached in the period (0-5)


def _num(x: Any) -> float | None:
    return None if x is None else float(x)


def _clip01(x: float) -> float:
    return 0.0 if x < 0 else 1.0 if x > 1 else float(x)


class Detector:
    """Common state: the dyad it watches, the min_sources gate and the cooldown per direction."""

    name = "detector"

    def __init__(self, *, metric: str, dyad: tuple[str, str] = ("", ""), min_sources: int = 1, cooldown: int = 0) -> None:
        self.metric = metric
        self.dyad = dyad
        self.min_sources = min_sources
        self.cooldown = cooldown
        self._t = 0
        self._last_fired: dict[str, int] = {}

    def reset(self) -> None:
        self._t = 0
        self._last_fired = {}
        self._reset()

    def _reset(self) -> None:  # subclasses clear their own state
        raise NotImplementedError

    def update(self, x: dict[str, Any]) -> Signal | None:
        """Feed one period (a dict of a dyad series); return a Signal when this period fires."""
        out = self._step(x)
        self._t += 1
        if out is None:
            return None
        direction, value, baseline, change, severity = out
        if int(x.get("n_sources") or 0) < self.min_sources:
            return None
        last = self._last_fired.get(direction)
        if last is not None and self._t - last <= self.cooldown:
            return None
        self._last_fired[direction] = self._t
        return Signal(
            detector=self.name, dyad=self.dyad, period=str(x["period"]), metric=self.metric,
            value=float(value), baseline=float(baseline), change=float(change), direction=direction,
            severity=round(_clip01(severity), 4), rung=int(x.get("max_rung") or 0),
        )

    def scan(self, series: Iterable[dict[str, Any]]) -> list[Signal]:
        """Run over a whole series from a fresh state; the signals in period order."""
        self.reset()
        return [s for x in series if (s := self.update(x)) is not None]

    def _step(self, x: dict[str, Any]) -> tuple[str, float, float, float, float] | None:
        """Update the state with period x; (direction, value, baseline, change, severity) when it fires."""
        raise NotImplementedError


class RobustZ(Detector):
    """Robust z-score of a count against a rolling median/MAD baseline.

    baseline = median of the last `window` values of the same phase (weekday, with `seasonal=7` on
    daily series) when at least 3 are available, else of all of them; scale = max(1.4826 * MAD of
    the values around their phase medians, sqrt(max(baseline, 1))) (the Poisson floor). Fires
    escalating when z >= threshold and value - baseline >= min_change ('new' when the whole window
    was empty), de-escalating when `two_sided` and z <= -threshold.
    """

    name = "robust_z"

    def __init__(self, *, metric: str = "n_conflict", threshold: float = DEFAULTS["robust_z"]["threshold"],
                 window: int = DEFAULTS["robust_z"]["window"], min_history: int = DEFAULTS["robust_z"]["min_history"],
                 min_change: float = DEFAULTS["robust_z"]["min_change"], seasonal: int = 7, two_sided: bool = False,
                 **kw: Any) -> None:
        kw.setdefault("cooldown", DEFAULTS["robust_z"]["cooldown"])
        super().__init__(metric=metric, **kw)
        self.threshold, self.window, self.min_history = threshold, window, min_history
        self.min_change, self.seasonal, self.two_sided = min_change, seasonal, two_sided
        self._reset()

    def _reset(self) -> None:
        self._hist: deque[tuple[int, float]] = deque(maxlen=self.window)

    def _baseline(self, phase: int) -> tuple[float, float]:
        vals = [v for _, v in self._hist]
        overall = median(vals)
        phase_med: dict[int, float] = {}
        if self.seasonal > 1:
            by: dict[int, list[float]] = {}
            for p, v in self._hist:
                by.setdefault(p, []).append(v)
            phase_med = {p: median(vs) for p, vs in by.items() if len(vs) >= 3}
        base = phase_med.get(phase, overall)
        mad = median(abs(v - phase_med.get(p, overall)) for p, v in self._hist)
        scale = max(1.4826 * mad, math.sqrt(max(base, 1.0)))
        return base, scale

    def _step(self, x: dict[str, Any]) -> tuple[str, float, float, float, float] | None:
        value = float(x.get(self.metric) or 0)
        phase = self._t % self.seasonal if self.seasonal > 1 else 0
        out = None
        if len(self._hist) >= self.min_history:
            base, scale = self._baseline(phase)
            z = (value - base) / scale
            if z >= self.threshold and value - base >= self.min_change:
                empty = all(v == 0 for _, v in self._hist)
                out = (NEW if empty else ESCALATING, value, base, value - base, z / (2 * self.threshold))
            elif self.two_sided and z <= -self.threshold and base - value >= self.min_change:
                out = (DEESCALATING, value, base, value - base, -z / (2 * self.threshold))
        self._hist.append((phase, value))
        return out


class Cusum(Detector):
    """Two-sided CUSUM of a per-period rate against a rolling median/MAD baseline.

    z = (x - median) / max(1.4826 * MAD, min_sigma) over the last `window` used periods;
    S+ = max(0, S+ + z - k), S- = max(0, S- - z - k); fires when S+ or S- exceeds `threshold` and
    resets that sum. `higher_is_escalating` says which side escalates (conflict share: up; Goldstein
    mean: down). Periods with fewer than `min_events` events are skipped entirely.
    """

    name = "cusum"

    def __init__(self, *, metric: str = "conflict_share", threshold: float | None = None, k: float = 0.5,
                 window: int = 42, min_history: int = 14, min_events: int = 3, min_sigma: float | None = None,
                 higher_is_escalating: bool | None = None, **kw: Any) -> None:
        key = "cusum_goldstein" if metric.startswith("goldstein") else "cusum_share"
        threshold = threshold if threshold is not None else DEFAULTS[key]["threshold"]
        kw.setdefault("cooldown", DEFAULTS[key]["cooldown"])
        super().__init__(metric=metric, **kw)
        self.threshold, self.k, self.window, self.min_history, self.min_events = threshold, k, window, min_history, min_events
        self.min_sigma = min_sigma if min_sigma is not None else (0.5 if metric.startswith("goldstein") else 0.05)
        self.higher_is_escalating = (
            higher_is_escalating if higher_is_escalating is not None else not metric.startswith("goldstein")
        )
        self.name = f"cusum_{'goldstein' if metric.startswith('goldstein') else 'share' if metric.endswith('share') else metric}"
        self._reset()

    def _reset(self) -> None:
        self._hist: deque[float] = deque(maxlen=self.window)
        self._up = 0.0
        self._down = 0.0

    def _step(self, x: dict[str, Any]) -> tuple[str, float, float, float, float] | None:
        value = _num(x.get(self.metric))
        if value is None or int(x.get("n_events") or 0) < self.min_events:
            return None
        out = None
        if len(self._hist) >= self.min_history:
            mu = median(self._hist)
            sigma = max(1.4826 * median(abs(v - mu) for v in self._hist), self.min_sigma)
            z = (value - mu) / sigma
            self._up = max(0.0, self._up + z - self.k)
            self._down = max(0.0, self._down - z - self.k)
            if self._up > self.threshold:
                sev = self._up / (2 * self.threshold)
                self._up = 0.0
                out = (ESCALATING if self.higher_is_escalating else DEESCALATING, value, mu, value - mu, sev)
            elif self._down > self.threshold:
                sev = self._down / (2 * self.threshold)
                self._down = 0.0
                out = (DEESCALATING if self.higher_is_escalating else ESCALATING, value, mu, value - mu, sev)
        self._hist.append(value)
        return out


_LANCZOS = np.array([
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
])


def lgamma(z: np.ndarray) -> np.ndarray:
    """log Γ(z) for z >= 0.5 (Lanczos, g = 7; relative error below 1e-13), vectorised."""
    z = np.asarray(z, dtype=float) - 1.0
    s = _LANCZOS[0] + sum(_LANCZOS[i] / (z + i) for i in range(1, 9))
    t = z + 7.5
    return 0.5 * math.log(2 * math.pi) + (z + 0.5) * np.log(t) - t + np.log(s)


class Bocpd(Detector):
    """Bayesian online change-point detection on counts (Poisson likelihood, Gamma prior, constant hazard).

    The run-length posterior is kept over at most `max_run` run lengths; each run length carries its
    Gamma(alpha, beta) posterior, whose predictive is negative binomial. The prior's mean follows the
    series (the mean of the counts seen so far, at least 0.5) with shape `prior_shape`, so the model
    is scale-free. `temper` (0-1] scales the log predictive (a tempered likelihood), so the
    over-dispersion of news counts is not mistaken for change points. Fires when P(current run started within the last `recent` periods) >= threshold,
    after `warmup` periods and when the recent mean differs from the mean before it by at least
    `min_change` per period; direction from that difference.
    """

    name = "bocpd"

    def __init__(self, *, metric: str = "n_conflict", threshold: float = DEFAULTS["bocpd"]["threshold"],
                 hazard: float = DEFAULTS["bocpd"]["hazard"], recent: int = DEFAULTS["bocpd"]["recent"],
                 warmup: int = DEFAULTS["bocpd"]["warmup"], prior_shape: float = 1.0, max_run: int = 200,
                 min_change: float = 1.0, temper: float = DEFAULTS["bocpd"]["temper"], **kw: Any) -> None:
        kw.setdefault("cooldown", DEFAULTS["bocpd"]["cooldown"])
        super().__init__(metric=metric, **kw)
        self.threshold, self.hazard, self.recent, self.warmup = threshold, hazard, recent, warmup
        self.prior_shape, self.max_run, self.min_change, self.temper = prior_shape, max_run, min_change, temper
        self._reset()

    def _reset(self) -> None:
        self._logr = np.zeros(1)  # log P(run length = r), r = 0..
        self._alpha = np.array([self.prior_shape])
        self._beta = np.array([self.prior_shape])
        self._sum = 0.0
        self._n = 0
        self._hist: deque[float] = deque(maxlen=self.max_run)

    def run_length_posterior(self) -> np.ndarray:
        """P(run length = r | data so far), r = 0, 1, ..."""
        return np.exp(self._logr)

    def _step(self, x: dict[str, Any]) -> tuple[str, float, float, float, float] | None:
        value = float(x.get(self.metric) or 0)
        a, b = self._alpha, self._beta
        log_pred = lgamma(value + a) - lgamma(a) - lgamma(np.array([value + 1.0]))[0] \
            + a * np.log(b / (b + 1.0)) - value * np.log(b + 1.0)
        log_pred = log_pred * self.temper  # tempered likelihood: news counts are over-dispersed
        joint = self._logr + log_pred
        growth = joint + math.log(1 - self.hazard)
        cp = np.logaddexp.reduce(joint) + math.log(self.hazard)
        logr = np.concatenate(([cp], growth))
        logr -= np.logaddexp.reduce(logr)
        self._sum += value
        self._n += 1
        prior_mean = max(self._sum / self._n, 0.5)
        alpha = np.concatenate(([self.prior_shape], a + value))
        beta = np.concatenate(([self.prior_shape / prior_mean], b + 1.0))
        if len(logr) > self.max_run:  # fold the oldest run lengths into the longest kept
            logr[self.max_run - 1] = np.logaddexp(logr[self.max_run - 1], np.logaddexp.reduce(logr[self.max_run:]))
            logr, alpha, beta = logr[: self.max_run], alpha[: self.max_run], beta[: self.max_run]
        self._logr, self._alpha, self._beta = logr, alpha, beta
        self._hist.append(value)
        if self._n <= self.warmup:
            return None
        # r_t = r: the last r values form the current run (r = 0: the run starts after this value)
        p_recent = float(np.exp(logr[1 : self.recent + 1]).sum())
        if p_recent < self.threshold:
            return None
        r = 1 + int(np.argmax(logr[1 : self.recent + 1]))
        vals = list(self._hist)
        now = sum(vals[-r:]) / r
        before_vals = vals[:-r][-28:]
        before = sum(before_vals) / len(before_vals) if before_vals else 0.0
        if abs(now - before) < self.min_change:
            return None
        direction = (NEW if before == 0 else ESCALATING) if now > before else DEESCALATING
        return (direction, value, before, now - before, p_recent)


_VERBAL = frozenset({"ACCUSE", "THREATEN"})
_JUMP = ("MOBILIZE", "ASSAULT")


class LadderJump(Detector):
    """The first MOBILIZE or ASSAULT after a run of verbal conflict.

    Fires on a period containing one of `jump_types` when, in the previous `lookback` periods, none
    of them occurred, the highest rung was verbal (1-2: ACCUSE, THREATEN) and at least `min_verbal`
    periods had verbal conflict. value: the rung of the jump; baseline: the highest earlier rung.
    """

    name = "ladder"

    def __init__(self, *, lookback: int = DEFAULTS["ladder"]["lookback"],
                 min_verbal: int = DEFAULTS["ladder"]["min_verbal"], jump_types: Sequence[str] = _JUMP,
                 **kw: Any) -> None:
        kw.setdefault("metric", "max_rung")
        kw.setdefault("cooldown", DEFAULTS["ladder"]["cooldown"])
        super().__init__(**kw)
        self.lookback, self.min_verbal, self.jump_types = lookback, min_verbal, tuple(jump_types)
        self._reset()

    def _reset(self) -> None:
        self._hist: deque[tuple[int, bool]] = deque(maxlen=self.lookback)  # (max rung, verbal conflict seen)

    def _step(self, x: dict[str, Any]) -> tuple[str, float, float, float, float] | None:
        from flashpoint.watch.series import LADDER

        by_type = x.get("by_type") or {}
        rung = int(x.get("max_rung") or 0)
        jumps = [t for t in self.jump_types if by_type.get(t)]
        verbal = any(by_type.get(t) for t in _VERBAL)
        out = None
        if jumps and len(self._hist) == self.lookback:
            before = max(r for r, _ in self._hist)
            n_verbal = sum(1 for _, v in self._hist if v)
            if 1 <= before <= 2 and n_verbal >= self.min_verbal:
                value = max(LADDER[t] for t in jumps)
                out = (ESCALATING, value, before, value - before, value / 5)
        self._hist.append((rung, verbal))
        return out


def default_detectors(freq: str = "day", *, dyad: tuple[str, str] = ("", ""), min_sources: int = 2) -> list[Detector]:
    """The detectors `detect` runs, with the back-tested defaults (weekly windows for freq='week')."""
    weekly = freq == "week"

    def cfg(name: str) -> dict[str, Any]:
        c = dict(DEFAULTS[name])
        if weekly:
            c.update(WEEKLY_WINDOWS[name])
        return c

    common = {"dyad": dyad, "min_sources": min_sources}
    return [
        RobustZ(seasonal=1 if weekly else 7, **cfg("robust_z"), **common),
        Cusum(metric="conflict_share", **cfg("cusum_share"), **common),
        Cusum(metric="goldstein_mean", **cfg("cusum_goldstein"), **common),
        Bocpd(**cfg("bocpd"), **common),
        LadderJump(**cfg("ladder"), **common),
    ]


def run_detectors(series: dict[tuple[str, str], list[dict[str, Any]]], *, freq: str = "day",
                  min_sources: int = 2) -> list[Signal]:
    """The default detectors over each dyad's series; signals ordered by period, dyad, detector."""
    out: list[Signal] = []
    for dyad, rows in series.items():
        for det in default_detectors(freq, dyad=dyad, min_sources=min_sources):
            out.extend(det.scan(rows))
    out.sort(key=lambda s: (s.period, s.dyad, s.detector))
    return out


def detect(
    store: Store,
    *,
    dyads: list[tuple[str, str]] | None = None,
    freq: str = "day",
    min_sources: int = 2,
    directed: bool = True,
    level: str = "country",
    start: str | None = None,
    end: str | None = None,
    min_events: int = 10,
) -> list[Signal]:
    """Run the default detectors over every dyad of the store with at least `min_events` events
    (or over `dyads`), on series from `flashpoint.watch.series.all_dyad_series`."""
    from flashpoint.watch.series import all_dyad_series

    series = all_dyad_series(store, freq=freq, directed=directed, level=level, start=start, end=end,
                             min_events=min_events, dyads=dyads)
    return run_detectors(series, freq=freq, min_sources=min_sources)
