"""The public API: a short list of names that stays put, importable without loading heavy libraries."""

from __future__ import annotations

import subprocess
import sys

import flashpoint

EXPECTED = {
    "ActorHints", "Article", "CodedArticle", "Coder", "CoderConfig", "Event", "EventFilter", "Failure",
    "FlashpointError", "InputError", "RunResult", "Store", "StoreError", "__version__", "code", "default_coder",
    "export_events", "open_store", "query_events", "run", "summary",
}


def test_all_is_the_documented_api():
    assert set(flashpoint.__all__) == EXPECTED
    for name in flashpoint.__all__:
        assert getattr(flashpoint, name) is not None


def test_import_is_light():
    code = "import sys, flashpoint; print([m for m in ('spacy', 'duckdb', 'numpy') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_code_and_store_round_trip(tmp_path):
    coded = flashpoint.code(["Russian forces shelled Kharkiv on Monday, killing 3 civilians."], date="2023-05-02")
    assert coded[0].events and coded[0].events[0].plover.type == "ASSAULT"
    with flashpoint.open_store(tmp_path / "s.duckdb") as store:
        run_id = store.start_run("flashpoint", flashpoint.__version__, {})
        store.write_many(coded, run_id, flashpoint.__version__)
        got = flashpoint.query_events(store, flashpoint.EventFilter(plover_type="ASSAULT"))
    assert {e["event_id"] for e in got} == {e.event_id for e in coded[0].events if e.plover.type == "ASSAULT"}
