"""`plot_dyad`: a PNG or SVG of a dyad's series, with one marker per alert."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from flashpoint.watch.detectors import Signal

from flashpoint.errors import InputError
from flashpoint.store.db import Store
from flashpoint.watch.alerts import raise_alerts
from flashpoint.watch.plot import plot_dyad

pytest.importorskip("matplotlib", reason="matplotlib is needed for plots")

# (day offset, PLOVER type, quad class, Goldstein): cooperation, then verbal conflict, then force
SCRIPT = [(0, "CONSULT", 1, 1.0), (1, "AID", 2, 7.0), (3, "CONSULT", 1, 1.0), (5, "ACCUSE", 3, -2.0),
          (6, "ACCUSE", 3, -2.0), (6, "THREATEN", 3, -4.0), (8, "ACCUSE", 3, -2.0), (9, "COERCE", 4, -5.0),
          (10, "ASSAULT", 4, -10.0), (10, "ASSAULT", 4, -10.0), (11, "ACCUSE", 3, -2.0), (13, "CONSULT", 1, 1.0)]
DAY0 = date(2024, 8, 1)




@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "s.duckdb") as st:
        for i, (off, ptype, quad, gs) in enumerate(SCRIPT):
            st.connection.execute(
                """INSERT INTO events (event_id, article_id, date, plover_type, quad_class, goldstein, source_code,
                       source_country, target_code, target_country, sentence_text, record, added_at)
                   VALUES (?, ?, ?, ?, ?, ?, 'USAGOV', 'USA', 'IRNGOV', 'IRN', ?, '{}', now())""",
                [f"e{i}", f"a{i}", DAY0 + timedelta(days=off), ptype, quad, gs, f"Sentence {i}."],
            )
        raise_alerts(st, [
            Signal("ladder", ("USA", "IRN"), "2024-08-10", "max_rung", 4, 1, 3, "escalating", 0.7, 4),
            Signal("ladder", ("USA", "IRN"), "2024-08-11", "max_rung", 5, 4, 1, "escalating", 0.9, 5),
            Signal("zscore", ("USA", "IRN"), "2024-08-14", "n_events", 0, 1, -1, "de-escalating", 0.3, 0),
            Signal("zscore", ("RUS", "UKR"), "2024-08-11", "n_events", 9, 1, 8, "escalating", 0.9, 0),  # other dyad
        ])
        yield st


def test_png_is_written(store: Store, tmp_path: Path) -> None:
    out = plot_dyad(store, "usa", "irn", tmp_path / "plots" / "usa-irn.png")
    assert out.exists() and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 10_000


def test_svg_has_one_marker_per_alert_of_the_dyad(store: Store, tmp_path: Path) -> None:
    out = plot_dyad(store, "USA", "IRN", tmp_path / "usa-irn.svg")
    text = out.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    ids = [a for (a,) in store.connection.execute(
        "SELECT alert_id FROM alerts WHERE dyad_source = 'USA' ORDER BY alert_id").fetchall()]
    assert len(ids) == 3
    markers = re.findall(r'<g id="alert-([0-9a-f]+)"', text)
    assert sorted(markers) == ids
    # a window that leaves out the last alert drops its marker
    out2 = plot_dyad(store, "USA", "IRN", tmp_path / "early.svg", end="2024-08-12")
    assert len(re.findall(r'<g id="alert-', out2.read_text(encoding="utf-8"))) == 2


def test_weekly_plot_and_errors(store: Store, tmp_path: Path) -> None:
    out = plot_dyad(store, "USA", "IRN", tmp_path / "weekly.svg", freq="week")
    assert len(re.findall(r'<g id="alert-', out.read_text(encoding="utf-8"))) == 3
    with pytest.raises(InputError, match=r"\.png or \.svg"):
        plot_dyad(store, "USA", "IRN", tmp_path / "x.gif")
    with pytest.raises(InputError, match="no events"):
        plot_dyad(store, "FRA", "DEU", tmp_path / "none.png")
    with pytest.raises(InputError):
        plot_dyad(store, "USA", "IRN", tmp_path / "x.png", freq="month")
