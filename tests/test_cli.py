"""The command line, end to end: real coder, real DuckDB file, real exports."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

FP = [sys.executable, "-m", "flashpoint.cli.main"]
SAMPLES = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "samples" / "illustrative.jsonl"


def run(*args: str, stdin: str | None = None, env_home: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ}
    if env_home is not None:
        env["FLASHPOINT_HOME"] = str(env_home)
    return subprocess.run([*FP, *args], input=stdin, capture_output=True, text=True, env=env, timeout=300)


def test_help_is_fast_and_light():
    code = (
        "import sys, flashpoint.cli.main as m\n"
        "heavy = [x for x in ('spacy', 'duckdb', 'trafilatura', 'numpy', 'lingua') if x in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    r = run("--help")
    assert r.returncode == 0 and "code" in r.stdout and "export" in r.stdout


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    db = home / "t.duckdb"
    r = run("code", str(SAMPLES), "--store", str(db))
    assert r.returncode == 0, r.stderr
    assert "5 articles" in r.stderr
    return db


def test_recoding_adds_nothing(store):
    from flashpoint.store.db import Store
    from flashpoint.store.queries import summary

    with Store.open(store, read_only=True) as st:
        before = summary(st)["n_events"]
    r = run("code", str(SAMPLES), "--store", str(store))
    assert r.returncode == 0, r.stderr
    assert "5 already in the store" in r.stderr
    with Store.open(store, read_only=True) as st:
        assert summary(st)["n_events"] == before > 0


def test_events_filters_and_formats(store):
    r = run("events", "--store", str(store), "-f", "json", "-n", "0")
    events = [json.loads(line) for line in r.stdout.splitlines()]
    assert events and all(e["record_version"] for e in events)
    some = events[0]
    src = (some["source"] or {}).get("code") or ""
    if src:
        r2 = run("events", "--store", str(store), "-f", "json", "--actor", src, "-n", "0")
        got = [json.loads(line) for line in r2.stdout.splitlines()]
        assert got and all(src in ((e["source"] or {}).get("code") or "") + ((e["target"] or {}).get("code") or "") for e in got)
    r3 = run("events", "--store", str(store), "-f", "json", "--type", "ASSAULT", "-n", "0")
    assert all(json.loads(line)["plover"]["type"] == "ASSAULT" for line in r3.stdout.splitlines())
    r4 = run("events", "--store", str(store), "-f", "csv", "-n", "0")
    rows = list(csv.DictReader(r4.stdout.splitlines()))
    assert len(rows) == len(events)
    bad = run("events", "--store", str(store), "--start", "yesterday")
    assert bad.returncode != 0 and "yesterday" in bad.stderr


def test_export_formats(store, tmp_path):
    for name in ("e.csv", "e.jsonl", "e.parquet", "e.tsv"):
        r = run("export", str(tmp_path / name), "--store", str(store))
        assert r.returncode == 0, r.stderr
        assert (tmp_path / name).stat().st_size > 0
    for line in (tmp_path / "e.tsv").read_text().splitlines():
        assert len(line.split("\t")) == 61


def test_code_stdin_to_jsonl_and_bad_line_does_not_stop_batch():
    lines = [
        json.dumps({"id": "ok1", "text": "Russian forces shelled Kharkiv on Monday, killing 3 civilians.", "date": "2023-05-02"}),
        "{not json",
        json.dumps({"id": "ok2", "text": "Ukraine and Poland signed a security agreement in Kyiv.", "date": "2024-02-15"}),
    ]
    r = run("code", "-", "-o", "-", stdin="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    events = [json.loads(line) for line in r.stdout.splitlines()]
    assert {e["article_id"] for e in events} == {"ok1", "ok2"}
    assert "1 failed" in r.stderr and "<stdin>:2" in r.stderr


def test_the_sentence_encoder_can_be_turned_off():
    line = json.dumps({"id": "a", "text": "Police arrested twelve opposition activists in the capital.", "date": "2024-05-01"})
    by_mode = {}
    for mode in ("on", "off"):
        r = run("code", "-", "-o", "-", "--encoder", mode, stdin=line + "\n")
        assert r.returncode == 0, r.stderr
        by_mode[mode] = [json.loads(x) for x in r.stdout.splitlines()]
    assert by_mode["on"] and by_mode["on"][0]["sentence_class"]["category"] == "ARREST"
    assert by_mode["off"] and by_mode["off"][0]["sentence_class"]["category"] is None
    assert by_mode["off"][0]["coder"]["components"]["encoder"] is None
    r = run("code", "-", "-o", "-", "--encoder", "fast", stdin=line + "\n")
    assert r.returncode == 2 and "encoder must be one of auto, on, off" in r.stderr


def test_missing_input_is_a_clear_error(tmp_path):
    r = run("code", str(tmp_path / "nope.jsonl"), "-o", "-")
    assert r.returncode == 2
    assert "nope.jsonl" in r.stderr


def test_demo_codes_bundled_samples_and_prints_summary(tmp_path):
    db = tmp_path / "demo.duckdb"
    r = run("demo", "--store", str(db))
    assert r.returncode == 0, r.stderr
    assert str(db) in r.stdout.replace("\n", "")
    assert "Events by PLOVER type" in r.stdout and "Top dyads" in r.stdout
    assert "coded 5 bundled illustrative articles" in r.stderr
    again = run("demo", "--store", str(db))
    assert "5 already in the store" in again.stderr


def test_events_table_output(store):
    r = run("events", "--store", str(store), "-n", "3")
    assert r.returncode == 0, r.stderr
    assert "type" in r.stdout and "evidence" in r.stdout
    assert "events" in r.stderr


def test_python_dash_m_runs_the_same_command_line():
    r = subprocess.run([sys.executable, "-m", "flashpoint", "--help"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "eval" in r.stdout and "code" in r.stdout
