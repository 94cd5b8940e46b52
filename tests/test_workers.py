"""Coding in worker processes gives the same events, in the same order, as one process."""

from __future__ import annotations

from pathlib import Path

from flashpoint.pipeline import run

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "samples" / "illustrative.jsonl"


def test_two_workers_equal_one(coder, tmp_path):
    one: list[dict] = []
    two: list[dict] = []
    r1 = run([str(SAMPLES)], coder=coder, events_out=one.append)
    r2 = run([str(SAMPLES)], coder=coder, events_out=two.append, workers=2)
    assert r1.n_events == r2.n_events > 0
    assert [e["event_id"] for e in one] == [e["event_id"] for e in two]
    assert one == two
