"""attach_partitions: partitions written by the engine become ordinary, queryable store rows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from flashpoint.engine.dask import code_partitioned
from flashpoint.errors import InputError, StoreError
from flashpoint.pipeline import run
from flashpoint.store.attach import attach_partitions, attached_keys, partition_dirs
from flashpoint.store.db import Store
from flashpoint.store.queries import count_events, list_runs, query_events, summary

pytestmark = pytest.mark.slow

TEXTS = (
    "Iran accused Israel of violating the ceasefire on Monday.",
    "Turkey threatened Syria with new sanctions over the border dispute.",
    "Egypt agreed to send humanitarian aid to Jordan after the floods.",
    "Russia rejected a proposal from Ukraine to reopen talks.",
    "France called on Iraq to release the detained journalists.",
    "Le gouvernement a annoncé mardi de nouvelles mesures pour les agriculteurs du pays.",  # skipped: French
)


def _write(path: Path, start: int, n: int) -> str:
    rows = [{"id": f"n{i}", "text": f"{TEXTS[i % len(TEXTS)]} Report {i}.", "date": "2024-04-02"}
            for i in range(start, start + n)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"id": "no-text"}\n', encoding="utf-8")
    return str(path)


def _counts(st: Store) -> tuple[int, ...]:
    return tuple(st.connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("articles", "events", "failures", "runs", "actors", "sentences"))


def test_attach_is_idempotent_and_skips_unfinished_partitions(tmp_path):
    src = _write(tmp_path / "in" / "a.jsonl", 0, 12)
    out = tmp_path / "out"
    res = code_partitioned([src], str(out), scheduler="sync", size=4)
    assert [p["resumed"] for p in res.partitions] == [False] * 4
    assert res.counts["n_skipped"] == 2 and res.counts["n_failed"] == 1
    # the last partition is not finished yet: its done-record is missing
    held = tmp_path / "held.json"
    shutil.move(out / "_done" / "part-00003.json", held)
    with Store.open(tmp_path / "s.duckdb") as st:
        first = attach_partitions(st, out)
        assert first == sum(p["counts"]["n_events"] for p in res.partitions[:3]) and first > 0
        assert count_events(st) == first and summary(st)["n_failures"] == 0
        before = _counts(st)
        assert attach_partitions(st, out) == 0 and _counts(st) == before  # nothing at all is added
        shutil.move(held, out / "_done" / "part-00003.json")
        rest = attach_partitions(st, out)
        assert rest == res.partitions[3]["counts"]["n_events"]
        s = summary(st)
        assert s["n_events"] == res.counts["n_events"] and s["n_failures"] == 1 and s["n_skipped"] == 2
        assert len(attached_keys(st)) == 4
        runs = list_runs(st)
        assert len(runs) == 2 and runs[0]["config"]["engine"] == "dask"
        assert runs[1]["n_events"] == rest and runs[1]["config"]["engine_runs"] == [res.run_id]
        # force re-imports: the same rows, replaced rather than duplicated
        assert attach_partitions(st, out, force=True) == res.counts["n_events"]
        assert count_events(st) == res.counts["n_events"]


def test_attach_equals_a_local_run_and_respects_what_the_store_has(tmp_path):
    src = _write(tmp_path / "in" / "a.jsonl", 0, 10)
    out = tmp_path / "out"
    code_partitioned([src], str(out), scheduler="sync", size=3)
    with Store.open(tmp_path / "local.duckdb") as local, Store.open(tmp_path / "att.duckdb") as att:
        r = run([src], store=local)
        assert attach_partitions(att, out) == r.n_events
        assert query_events(att) == query_events(local)
        # the local store already has these articles from the same coder version: nothing to add
        assert attach_partitions(local, out) == 0
        assert count_events(local) == r.n_events


def test_repeated_texts_first_occurrence_wins(tmp_path):
    same = TEXTS[0] + " The same story, syndicated."
    rows = [{"id": "first", "text": same}, {"id": "x1", "text": TEXTS[1]}, {"id": "again-in-part-0", "text": same},
            {"id": "x2", "text": TEXTS[2]}, {"id": "again-in-part-1", "text": same}, {"id": "x3", "text": TEXTS[3]}]
    src = tmp_path / "dups.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = code_partitioned([str(src)], str(tmp_path / "out"), scheduler="sync", size=3)
    assert [p["counts"]["n_already"] for p in res.partitions] == [1, 0]  # the second partition codes it again
    with Store.open(":memory:") as st:
        attach_partitions(st, tmp_path / "out")
        ids = {e["article_id"] for e in query_events(st)}
        assert "first" in ids and not ids & {"again-in-part-0", "again-in-part-1"}
        row = st.connection.execute("SELECT count(*) FROM articles WHERE article_id LIKE 'again%'").fetchone()
        assert row == (0,)


def test_glob_of_output_folders_and_resume(tmp_path):
    a = _write(tmp_path / "in" / "a.jsonl", 0, 5)
    b = _write(tmp_path / "in" / "b.jsonl", 5, 5)
    ra = code_partitioned([a], str(tmp_path / "out-a"), scheduler="sync", size=10)
    rb = code_partitioned([b], str(tmp_path / "out-b"), scheduler="sync", size=10)
    again = code_partitioned([b], str(tmp_path / "out-b"), scheduler="sync", size=10)
    assert all(p["resumed"] for p in again.partitions) and again.counts == rb.counts
    assert partition_dirs(tmp_path / "out-*") == [str(tmp_path / "out-a"), str(tmp_path / "out-b")]
    with Store.open(":memory:") as st:
        assert attach_partitions(st, str(tmp_path / "out-*")) == ra.counts["n_events"] + rb.counts["n_events"]
        assert {e["article_id"] for e in query_events(st)} >= {"n0", "n6"}


def test_fsspec_output_folder(tmp_path):
    import fsspec

    src = _write(tmp_path / "in" / "a.jsonl", 0, 5)
    fs = fsspec.filesystem("memory")
    try:
        res = code_partitioned([src], "memory://fp-attach/out", scheduler="sync", size=3)
        assert fs.exists("/fp-attach/out/events/part-00001.parquet") and fs.exists("/fp-attach/out/_manifest.json")
        with Store.open(":memory:") as st:
            assert attach_partitions(st, "memory://fp-attach/out") == res.counts["n_events"] > 0
    finally:
        fs.rm("/fp-attach", recursive=True)


def test_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    with Store.open(":memory:") as st:
        with pytest.raises(InputError, match="no _done"):
            attach_partitions(st, tmp_path / "empty")
        with pytest.raises(InputError, match="matches no folder"):
            attach_partitions(st, str(tmp_path / "nothing-*"))
    src = _write(tmp_path / "in" / "a.jsonl", 0, 2)
    code_partitioned([src], str(tmp_path / "out"), scheduler="sync")
    with Store.open(tmp_path / "s.duckdb"):
        pass
    with Store.open(tmp_path / "s.duckdb", read_only=True) as ro, pytest.raises(StoreError, match="read-only"):
        attach_partitions(ro, tmp_path / "out")
