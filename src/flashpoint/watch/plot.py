"""Plots of a dyad's series with its alerts marked: `flashpoint plot dyad USA IRN -o usa-irn.png`.

matplotlib is imported inside `plot_dyad` with the Agg backend, so importing this module is cheap
and no display is needed.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint.errors import InputError

if TYPE_CHECKING:
    from flashpoint.store.db import Store

log = logging.getLogger(__name__)

FORMATS = (".png", ".svg")
QUADS = {  # PLOVER/CAMEO quad class: label, colour
    1: ("verbal cooperation", "#8fbce6"),
    2: ("material cooperation", "#2c7bb6"),
    3: ("verbal conflict", "#fdae61"),
    4: ("material conflict", "#d7191c"),
}
RUNG_LABELS = ["none", "ACCUSE", "THREATEN", "SANCTION/\nMOBILIZE", "COERCE", "ASSAULT"]
_DIRECTION_COLOUR = {"escalating": "#b2182b", "de-escalating": "#2166ac", "new": "#762a83"}


def _series(store: Store, source: str, target: str, freq: str, start: str | None, end: str | None) -> list[dict[str, Any]]:
    level = "country" if len(source) == 3 and len(target) == 3 else "actor"
    try:
        from flashpoint.watch.series import dyad_series  # noqa: PLC0415
    except ImportError:  # the series module is not there: read the coded events directly
        return _fallback_series(store, source, target, freq, level, start, end)
    return dyad_series(store, source, target, freq=freq, directed=True, level=level, start=start, end=end)


def _fallback_series(store: Store, source: str, target: str, freq: str, level: str,
                     start: str | None, end: str | None) -> list[dict[str, Any]]:
    """The keys the plot needs (period, n_events, by_quad, goldstein_mean, max_rung) from `events`."""
    from flashpoint.watch.alerts import RUNG_OF_TYPE  # noqa: PLC0415

    side = "country" if level == "country" else "code"
    rung = "CASE plover_type " + " ".join(f"WHEN '{t}' THEN {r}" for t, r in RUNG_OF_TYPE.items()) + " ELSE 0 END"
    period = "date" if freq == "day" else "date_trunc('week', date)::DATE"
    conds = [f"upper(source_{side}) = ?", f"upper(target_{side}) = ?", "date IS NOT NULL"]
    params: list[Any] = [source, target]
    if start:
        conds.append("date >= ?")
        params.append(_day(start))
    if end:
        conds.append("date <= ?")
        params.append(_day(end))
    rows = store.connection.execute(
        f"""
        SELECT {period} AS p, count(*), avg(goldstein), max({rung}),
               count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2),
               count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4)
        FROM events WHERE {' AND '.join(conds)} GROUP BY p ORDER BY p
        """,
        params,
    ).fetchall()
    return [
        {"period": p.isoformat(), "n_events": int(n), "goldstein_mean": g, "max_rung": int(r or 0),
         "by_quad": {1: int(q1), 2: int(q2), 3: int(q3), 4: int(q4)}}
        for p, n, g, r, q1, q2, q3, q4 in rows
    ]


def _day(x: Any) -> date:
    return x if isinstance(x, date) else date.fromisoformat(str(x)[:10])


def plot_dyad(
    store: Store,
    source: str,
    target: str,
    out: Path,
    *,
    freq: str = "day",
    start: str | None = None,
    end: str | None = None,
) -> Path:
    """Draw the directed dyad's series — event counts by quad class (stacked bars), Goldstein mean,
    highest escalation rung — with its alerts marked, and write it to `out` (.png or .svg).

    Returns `out`. InputError for an unknown extension, a bad `freq`, or a dyad with no events.
    """
    out = Path(out)
    ext = out.suffix.lower()
    if ext not in FORMATS:
        raise InputError(str(out), f"cannot tell the image format: use a .png or .svg file name, got {ext or 'none'!r}")
    if freq not in ("day", "week"):
        raise InputError("plot freq", f"expected 'day' or 'week', got {freq!r}")
    src, tgt = source.upper(), target.upper()
    rows = _series(store, src, tgt, freq, start, end)
    rows = [r for r in rows if r.get("n_events")]
    if not rows:
        raise InputError(f"dyad {src}→{tgt}", f"no events in store {store.path} for this dyad in the period asked")

    from flashpoint.watch.alerts import list_alerts  # noqa: PLC0415

    first, last = _day(rows[0]["period"]), _day(rows[-1]["period"])
    alerts = [
        a for a in list_alerts(store, dyad=(src, tgt))
        if (start is None or a.window_end >= _day(start)) and (end is None or a.window_start <= _day(end))
    ]
    alerts.sort(key=lambda a: (a.window_start, a.alert_id))
    _draw(rows, alerts, src, tgt, freq, out, first, last)
    log.info("plot of %s→%s (%d periods, %d alerts) written to %s", src, tgt, len(rows), len(alerts), out)
    return out


def _draw(rows: list[dict[str, Any]], alerts: list[Any], src: str, tgt: str, freq: str, out: Path,
          first: date, last: date) -> None:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.dates as mdates  # noqa: PLC0415
    import matplotlib.pyplot as plt  # noqa: PLC0415

    days = 7 if freq == "week" else 1
    half = timedelta(days=(days - 1) / 2)  # a period is drawn centred on its middle day
    width = 0.8 * days
    xs = [_day(r["period"]) + half for r in rows]
    fig, (ax_n, ax_g, ax_r) = plt.subplots(
        3, 1, sharex=True, figsize=(10, 7.5), gridspec_kw={"height_ratios": [3, 2, 2]}, layout="constrained",
    )
    try:
        fig.suptitle(f"{src} → {tgt}: events per {freq}, Goldstein mean and escalation ladder", fontsize=12)
        bottom = [0.0] * len(rows)
        for q, (label, colour) in QUADS.items():
            ys = [float(_quad(r, q)) for r in rows]
            if any(ys):
                ax_n.bar(xs, ys, width=width, bottom=bottom, color=colour, label=label)
                bottom = [b + y for b, y in zip(bottom, ys, strict=True)]
        ax_n.set_ylabel("events")
        ax_n.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8, ncols=4, frameon=False)
        ax_n.set_ylim(0, max(bottom) * 1.35 + 0.5)

        gx = [x for x, r in zip(xs, rows, strict=True) if r.get("goldstein_mean") is not None]
        gy = [float(r["goldstein_mean"]) for r in rows if r.get("goldstein_mean") is not None]
        ax_g.axhline(0, color="#999999", linewidth=0.8)
        ax_g.plot(gx, gy, marker="o", markersize=3, color="#4d4d4d", linewidth=1.0)
        ax_g.set_ylim(-10.5, 10.5)
        ax_g.set_ylabel("Goldstein mean")

        ry = [int(r.get("max_rung") or 0) for r in rows]
        ax_r.vlines(xs, 0, ry, color="#b2182b", linewidth=2)
        ax_r.scatter(xs, ry, s=14, color="#b2182b", zorder=3)
        ax_r.set_yticks(range(len(RUNG_LABELS)), RUNG_LABELS, fontsize=8)
        ax_r.set_ylim(-0.3, len(RUNG_LABELS) + 0.1)
        ax_r.set_ylabel("highest rung")

        keys: list[tuple[str, str]] = []
        for i, a in enumerate(alerts):
            x = a.window_start + (a.window_end - a.window_start) / 2  # the middle of the alert window
            colour = _DIRECTION_COLOUR.get(a.direction, "#000000")
            for ax in (ax_n, ax_g, ax_r):
                ax.axvline(x, color=colour, linestyle="--", linewidth=0.9, alpha=0.6)
            y = min(a.rung, 5) + 0.35 if a.rung > 0 else len(RUNG_LABELS) - 0.3
            ax_r.plot([x], [y], marker="v", markersize=9, color=colour, linestyle="none",
                      gid=f"alert-{a.alert_id}", zorder=4)
            what = f" {RUNG_LABELS[min(a.rung, 5)].replace(chr(10), '')}" if a.rung > 0 else ""
            # the chart carries a number; the key under the chart says what fired (labels never overlap)
            ax_n.annotate(str(i + 1), xy=(x, 1.0), xycoords=("data", "axes fraction"), xytext=(2, -9 - 9 * (i % 2)),
                          textcoords="offset points", fontsize=7, color=colour, fontweight="bold")
            keys.append((f"{i + 1}  {a.window_start:%Y-%m-%d}  {a.detector}: {a.direction}{what} ({a.severity:.2f})", colour))
        if keys:
            # a key under the chart (constrained layout makes room for it): number, date, what fired
            ncol = 2 if len(keys) > 4 else 1
            per_col = -(-len(keys) // ncol)
            cols = [[t for t, _ in keys[c * per_col:(c + 1) * per_col]] for c in range(ncol)]
            width = max(len(t) for t, _ in keys) + 3
            lines = ["".join(col[r].ljust(width) if r < len(col) else "" for col in cols).rstrip() for r in range(per_col)]
            fig.supxlabel("\n".join(lines), fontsize=7, family="monospace", ha="left", x=0.02)
            fig.set_figheight(fig.get_figheight() + 0.14 * per_col)

        span = max((last - first).days, 1)
        pad = timedelta(days=max(1, span // 25))
        ax_r.set_xlim(first - pad, last + timedelta(days=days) + pad)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
        ax_r.xaxis.set_major_locator(locator)
        ax_r.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        for ax in (ax_n, ax_g, ax_r):
            ax.grid(axis="y", color="#eeeeee")
            ax.spines[["top", "right"]].set_visible(False)
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, dpi=120, metadata={"Date": None} if out.suffix.lower() == ".svg" else None)
    finally:
        plt.close(fig)


def _quad(row: dict[str, Any], q: int) -> int:
    by_quad = row.get("by_quad") or {}
    return int(by_quad.get(q, by_quad.get(str(q), 0)) or 0)
