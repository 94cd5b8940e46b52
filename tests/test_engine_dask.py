"""The Dask engine on a 2-worker LocalCluster gives exactly the single-process run's events.

About 15-25 s on a 2-core machine (a LocalCluster of two processes, each loading the coder once).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flashpoint.engine.dask import code_partitioned, parse_scheduler, run_id_for
from flashpoint.engine.partitions import plan_partitions
from flashpoint.errors import ConfigError
from flashpoint.pipeline import run
from flashpoint.store.attach import attach_partitions
from flashpoint.store.db import Store
from flashpoint.store.queries import EventFilter, query_events

pytestmark = pytest.mark.slow

# Invented, not real news: two parties and one of eight event patterns per article.
PARTIES = ("Iran", "Israel", "Iraq", "Turkey", "Russia", "Ukraine", "Egypt", "Jordan", "Syria", "France")
PATTERNS = (
    "{a} accused {b} of violating the ceasefire on Monday.",
    "{a} threatened {b} with new sanctions over the border dispute.",
    "Troops from {a} shelled villages in {b} overnight, killing three people.",
    "The foreign minister of {a} met his counterpart from {b} in Geneva on Tuesday.",
    "{a} agreed to send humanitarian aid to {b} after the floods.",
    "Protesters in {a} demonstrated against the government of {b} on Friday.",
    "{a} rejected a proposal from {b} to reopen talks.",
    "{a} called on {b} to release the detained journalists.",
)


def invented_articles(n: int = 40) -> list[dict[str, str]]:
    out = []
    for i in range(n):
        a, b = PARTIES[i % 10], PARTIES[(i * 3 + 1) % 10]
        if a == b:
            b = PARTIES[(i + 5) % 10]
        first = PATTERNS[i % len(PATTERNS)].format(a=a, b=b)
        second = PATTERNS[(i + 3) % len(PATTERNS)].format(a=b, b=a)
        out.append({"id": f"art-{i:03d}", "text": f"{first} {second} Officials said the situation remained tense.",
                    "date": f"2024-03-{i % 28 + 1:02d}", "outlet": "The Invented Times"})
    return out


def write_inputs(folder: Path) -> list[str]:
    """40 articles over two JSONL files; the first also holds a broken line."""
    folder.mkdir(parents=True, exist_ok=True)
    arts = invented_articles()
    a, b = folder / "a.jsonl", folder / "b.jsonl"
    a.write_text("".join(json.dumps(x) + "\n" for x in arts[:20]) + "{broken line\n", encoding="utf-8")
    b.write_text("".join(json.dumps(x) + "\n" for x in arts[20:]), encoding="utf-8")
    return [str(a), str(b)]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    return write_inputs(tmp_path_factory.mktemp("engine-in"))


@pytest.fixture(scope="module")
def single(inputs, tmp_path_factory):
    """The single-process run over the same inputs, in its own store."""
    path = tmp_path_factory.mktemp("single") / "single.duckdb"
    with Store.open(path) as st:
        result = run(inputs, store=st)
    return result, path


@pytest.fixture(scope="module")
def cluster_run(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("dask") / "parts"
    return code_partitioned(inputs, str(out), scheduler="local:2", size=7)


def _table(path_or_glob: str, order: str) -> list[tuple]:
    import duckdb

    con = duckdb.connect()
    try:
        return con.execute(f"SELECT * FROM read_parquet('{path_or_glob}') ORDER BY {order}").fetchall()
    finally:
        con.close()


def _store_rows(path: Path, sql: str) -> list[tuple]:
    with Store.open(path, read_only=True) as st:
        return st.connection.execute(sql).fetchall()


def test_cluster_events_equal_the_single_process_run(single, cluster_run):
    result, single_path = single
    assert cluster_run.n_workers == 2
    assert len(cluster_run.partitions) == 6  # 21 + 20 lines in blocks of 7
    assert cluster_run.counts == {"n_articles": 41, "n_coded": 40, "n_already": 0, "n_skipped": 0, "n_failed": 1,
                                  "n_events": result.n_events}
    assert result.n_events >= 40  # the invented articles do hold events
    # the Parquet partitions hold the same event ids and records, column for column
    parts = _table(f"{cluster_run.out}/events/*.parquet", "event_id")
    cols = [c for c in _store_cols(single_path) if c not in ("run_id", "added_at")]
    want = _store_rows(single_path, f"SELECT {', '.join(cols)} FROM events ORDER BY event_id")
    from flashpoint.engine.layout import TABLES

    idx = [TABLES["events"].index(c) for c in cols]
    got = [tuple(r[i] for i in idx) for r in parts]
    assert [r[0] for r in got] == [r[0] for r in want]
    assert got == want
    failures = _table(f"{cluster_run.out}/failures/*.parquet", "article_id")
    assert len(failures) == 1 and failures[0][3].endswith("a.jsonl:21") and failures[0][4] == "ingest"


def _store_cols(path: Path) -> list[str]:
    return [r[0] for r in _store_rows(path, "SELECT column_name FROM (DESCRIBE events)")]


def test_attached_partitions_are_queryable_like_the_single_run(single, cluster_run, tmp_path):
    _, single_path = single
    with Store.open(tmp_path / "attached.duckdb") as st, Store.open(single_path, read_only=True) as ref:
        added = attach_partitions(st, cluster_run.out)
        assert added == cluster_run.counts["n_events"]
        assert query_events(st) == query_events(ref)
        flt = EventFilter(country="IRN")
        assert query_events(st, flt) == query_events(ref, flt) and query_events(st, flt)
        for table, cols in (("actors", "*"), ("sentences", "*"),
                            ("articles", "content_hash, article_id, text, pub_date, lang, skipped, coder_version, n_events"),
                            ("failures", "article_id, content_hash, origin, stage, error, message")):
            sql = f"SELECT {cols} FROM {table} ORDER BY ALL"
            assert st.connection.execute(sql).fetchall() == ref.connection.execute(sql).fetchall(), table
        assert attach_partitions(st, cluster_run.out) == 0


def test_output_does_not_depend_on_the_number_of_workers(inputs, cluster_run, tmp_path):
    sync = code_partitioned(inputs, str(tmp_path / "sync"), scheduler="sync", size=7)
    assert sync.run_id == cluster_run.run_id and sync.counts == cluster_run.counts
    for table in ("events", "articles", "sentences", "failures"):
        for p in sorted((Path(cluster_run.out) / table).glob("*.parquet")):
            assert _table(str(p), "ALL") == _table(str(tmp_path / "sync" / table / p.name), "ALL"), (table, p.name)
    done = sorted((Path(cluster_run.out) / "_done").glob("*.json"))
    assert len(done) == 6
    assert [d.read_text() for d in done] == [(tmp_path / "sync" / "_done" / d.name).read_text() for d in done]
    assert (Path(cluster_run.out) / "_manifest.json").read_text() == (tmp_path / "sync" / "_manifest.json").read_text()


def test_run_id_and_scheduler_parsing(inputs):
    parts = plan_partitions(inputs, 7)
    assert run_id_for(parts, None) == run_id_for(plan_partitions(inputs, 7), None)
    assert run_id_for(parts, None) != run_id_for(plan_partitions(inputs, 8), None)
    assert parse_scheduler("local:3") == ("local", 3)
    assert parse_scheduler("sync") == ("sync", None)
    assert parse_scheduler("tcp://10.0.0.1:8786") == ("address", None)
    with pytest.raises(ConfigError):
        parse_scheduler("local:0")


def test_cli_dask_engine_writes_partitions_and_attaches(inputs, single, tmp_path):
    result, _ = single
    db, out = tmp_path / "cli.duckdb", tmp_path / "cli-parts"
    cmd = [sys.executable, "-m", "flashpoint.cli.main", "code", *inputs, "--engine", "dask", "--scheduler", "sync",
           "--partitions-out", str(out), "--partition-size", "15", "--store", str(db)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert f"{result.n_events} events added" in " ".join(r.stderr.split())
    assert len(list((out / "events").glob("part-*.parquet"))) == 4  # 15 + 6 and 15 + 5 lines
    with Store.open(db, read_only=True) as st:
        assert len(query_events(st)) == result.n_events
    r = subprocess.run(cmd[:-2] + ["-o", "x.jsonl"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "--output" in r.stderr
    r = subprocess.run(cmd[:8], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "--partitions-out" in " ".join(r.stderr.split())
