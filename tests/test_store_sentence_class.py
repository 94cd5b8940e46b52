"""The evidence sentence's class (records.SentenceClass) as first-class columns of the events table:
migration 0006 and its backfill, the writer, the query filters, the exports, the CLI options.

The six hand-made events of test_store_factory.corpus(), given sentence classes by hand (no NLP):

e0 ASSAULT 2024-08-03  penta 4 material conflict    ARMED_CLASH    "Armed clash"
e1 CONSULT 2024-08-04  penta 1 verbal cooperation   DIPLO          "Diplomatic event"
e2 PROTEST 2024-08-10  penta 3 verbal conflict      PEACE_PROTEST  "Peaceful protest"
e3 ACCUSE  2024-08-09  penta 0 statement            (no category: the category model was absent)
e4 AGREE   2024-08-31  penta 1 verbal cooperation   AGREEMENT      "Agreement"
e5 AID     2024-09-01  no sentence_class at all
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flashpoint.errors import InputError
from flashpoint.records import CodedArticle, SentenceClass
from flashpoint.store import EventFilter, Store, export_events, import_jsonl, query_events
from flashpoint.store.attach import attach_partitions
from flashpoint.store.export import FLAT_COLUMNS
from flashpoint.store.migrate import load_migrations
from flashpoint.store.queries import count_events
from flashpoint.store.rows import EVENT_COLUMN_NAMES
from tests.test_store_factory import corpus as plain_corpus

PACKAGED = Path(str(resources.files("flashpoint.store") / "migrations"))
NEW_COLUMNS = ("penta_class", "penta_name", "penta_prob", "category", "category_name", "category_prob")
CLASSES: list[SentenceClass | None] = [
    SentenceClass(4, "material conflict", 0.91, "ARMED_CLASH", "Armed clash", 0.83),
    SentenceClass(1, "verbal cooperation", 0.7, "DIPLO", "Diplomatic event", 0.55),
    SentenceClass(3, "verbal conflict", 0.6, "PEACE_PROTEST", "Peaceful protest", 0.77),
    SentenceClass(0, "statement", 0.88),
    SentenceClass(1, "verbal cooperation", 0.8, "AGREEMENT", "Agreement", 0.9),
    None,
]
FP = [sys.executable, "-m", "flashpoint.cli.main"]


def corpus() -> list[CodedArticle]:
    """test_store_factory's three articles, their events given the sentence classes above."""
    out: list[CodedArticle] = []
    i = 0
    for coded in plain_corpus():
        events = []
        for ev in coded.events:
            events.append(replace(ev, sentence_class=CLASSES[i]))
            i += 1
        out.append(replace(coded, events=tuple(events)))
    return out


def ids() -> list[str]:
    return [e.event_id for c in corpus() for e in c.events]


def expected_columns() -> dict[str, tuple[Any, ...]]:
    """event_id -> the new columns' values, straight from the SentenceClass objects."""
    return {
        eid: (None,) * 6 if sc is None else (sc.penta, sc.name, sc.prob, sc.category, sc.category_name, sc.category_prob)
        for eid, sc in zip(ids(), CLASSES, strict=True)
    }


def new_columns(store: Store) -> dict[str, tuple[Any, ...]]:
    rows = store.connection.execute(f"SELECT event_id, {', '.join(NEW_COLUMNS)} FROM events").fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}


def write(store: Store, items: list[CodedArticle]) -> None:
    run = store.start_run("test-coder", "1.0", {})
    store.write_many(items, run, "1.0")
    store.finish_run(run)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "events.duckdb") as s:
        write(s, corpus())
        yield s


# -- (a) migration 0006 and its backfill -------------------------------------------------------

def test_the_migration_is_numbered_0006() -> None:
    assert [(m.version, m.name) for m in load_migrations()][5] == (6, "sentence_class")


def _at_0005(tmp_path: Path) -> Path:
    old = tmp_path / "migrations"
    old.mkdir()
    for f in sorted(PACKAGED.glob("000[1-5]_*.sql")):
        shutil.copy(f, old / f.name)
    return old


def _odd_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Two rows as an importer of an older version could have stored them: a null sentence_class, and
    one whose values have unexpected types (these must not make the migration fail)."""
    for eid, sclass in (
        ("odd-null", None),
        ("odd-types", {"penta": "four", "name": 7, "prob": "high", "category": "ATTACK", "category_name": None,
                       "category_prob": "0.25"}),
    ):
        record = {"event_id": eid, "article_id": "imported", "plover": {"type": "ASSAULT"}, "sentence_class": sclass}
        con.execute(
            "INSERT INTO events (event_id, article_id, plover_type, record, added_at) VALUES (?, 'imported', 'ASSAULT', ?, now())",
            [eid, json.dumps(record)],
        )


def test_a_store_at_0005_is_migrated_and_backfilled_from_the_record(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    with Store.open(db, migrations_dir=_at_0005(tmp_path)) as st:
        write(st, corpus())  # as the version before 0006 wrote it: no sentence-class columns
        _odd_rows(st.connection)
        assert st.schema_version() == 5
        con = st.connection
        old_columns = [r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE events)").fetchall()]
        assert not set(NEW_COLUMNS) & set(old_columns)
        before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                  for t in ("events", "articles", "sentences", "actors", "runs", "failures")}
        records = dict(con.execute("SELECT event_id, record FROM events").fetchall())

    with Store.open(db) as st:
        con = st.connection
        assert st.schema_version() == 6 == max(m.version for m in load_migrations())
        columns = [r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE events)").fetchall()]
        assert columns == [*old_columns, *NEW_COLUMNS]  # appended; nothing dropped or reordered
        # nothing lost: every old column of every row as it was, the other tables untouched
        assert con.execute(f"SELECT {', '.join(old_columns)} FROM events ORDER BY ALL").fetchall() == before["events"]
        for t in ("articles", "sentences", "actors", "runs", "failures"):
            assert con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() == before[t]
        assert dict(con.execute("SELECT event_id, record FROM events").fetchall()) == records
        got = new_columns(st)
        assert len(got) == 8
        assert {k: got[k] for k in ids()} == expected_columns()
        assert got["odd-null"] == (None,) * 6
        assert got["odd-types"] == (None, "7", None, "ATTACK", None, 0.25)
        # the records read back unchanged, sentence classes included
        assert {r["event_id"]: r for r in query_events(st) if r["event_id"] in ids()} == {
            e.event_id: e.to_dict() for c in corpus() for e in c.events}
        applied = con.execute("SELECT version, applied_at FROM schema_migrations ORDER BY version").fetchall()

    with Store.open(db) as st:  # re-opening applies nothing and changes nothing
        assert st.connection.execute("SELECT version, applied_at FROM schema_migrations ORDER BY version").fetchall() == applied
        assert len(new_columns(st)) == 8 and {k: new_columns(st)[k] for k in ids()} == expected_columns()
    with Store.open(db, read_only=True) as st:
        assert count_events(st, EventFilter(category="ARMED_CLASH")) == 1


def test_the_backfill_equals_what_the_writer_writes(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    with Store.open(db, migrations_dir=_at_0005(tmp_path)) as st:
        write(st, corpus())
    with Store.open(db) as migrated, Store.open(tmp_path / "new.duckdb") as fresh:
        write(fresh, corpus())
        assert new_columns(migrated) == new_columns(fresh)


# -- (b) the writer and the importer fill the columns ------------------------------------------

def test_a_new_store_has_every_flat_column(store: Store) -> None:
    columns = [r[0] for r in store.connection.execute("SELECT column_name FROM (DESCRIBE events)").fetchall()]
    assert set(columns) == {*EVENT_COLUMN_NAMES, "added_at"}
    assert set(NEW_COLUMNS) <= set(columns)


def test_written_events_have_the_columns_filled(store: Store) -> None:
    assert new_columns(store) == expected_columns()
    types = dict(store.connection.execute("SELECT column_name, column_type FROM (DESCRIBE events)").fetchall())
    assert [types[c] for c in NEW_COLUMNS] == ["INTEGER", "VARCHAR", "DOUBLE", "VARCHAR", "VARCHAR", "DOUBLE"]


def test_rewriting_with_another_class_replaces_the_columns(store: Store) -> None:
    changed = corpus()
    ev = changed[0].events[0]
    changed[0] = replace(changed[0], events=(replace(ev, sentence_class=SentenceClass(0, "statement", 0.5, "ATTRIB",
                                                                                       "Claim or denial of responsibility", 0.6)),
                                             *changed[0].events[1:]))
    run = store.start_run("test-coder", "2.0", {})
    store.write_many(changed, run, "2.0")
    assert new_columns(store)[ev.event_id] == (0, "statement", 0.5, "ATTRIB", "Claim or denial of responsibility", 0.6)
    assert count_events(store) == 6


def test_imported_records_have_the_columns_filled(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    export_events(store, None, "jsonl", path)
    with Store.open(tmp_path / "imported.duckdb") as other:
        assert import_jsonl(other, path) == 6
        assert new_columns(other) == expected_columns()


# -- (c) query filters ------------------------------------------------------------------------

def ptypes(store: Store, **kw: Any) -> list[str]:
    return [r["plover"]["type"] for r in query_events(store, EventFilter(**kw))]


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"category": "ARMED_CLASH"}, ["ASSAULT"]),
        ({"category": "armed_clash"}, ["ASSAULT"]),  # case-insensitive
        ({"category": ["DIPLO", "AGREEMENT"]}, ["CONSULT", "AGREE"]),
        ({"category": ("PEACE_PROTEST",)}, ["PROTEST"]),
        ({"category": "ATTACK"}, []),
        ({"category": "ARMED"}, []),  # exact codes, not prefixes
        ({"penta_class": 0}, ["ACCUSE"]),  # 0 is a class, not "no filter"
        ({"penta_class": 4}, ["ASSAULT"]),
        ({"penta_class": "1"}, ["CONSULT", "AGREE"]),
        ({"penta_class": "verbal cooperation"}, ["CONSULT", "AGREE"]),
        ({"penta_class": "Material_Conflict"}, ["ASSAULT"]),
        ({"penta_class": [3, "statement"]}, ["ACCUSE", "PROTEST"]),
        ({"penta_class": 2}, []),
        ({"penta_class": 1, "category": "DIPLO"}, ["CONSULT"]),
        ({"category": "AGREEMENT", "country": "ISR"}, ["AGREE"]),
        ({"category": "AGREEMENT", "country": "IRQ"}, []),
        ({"penta_class": [0, 1, 2, 3, 4]}, ["ASSAULT", "CONSULT", "ACCUSE", "PROTEST", "AGREE"]),  # not AID: no class
    ],
)
def test_filters(store: Store, kw: dict[str, Any], expected: list[str]) -> None:
    assert ptypes(store, **kw) == expected
    assert count_events(store, EventFilter(**kw)) == len(expected)


def test_category_filter_returns_exactly_the_matching_records(store: Store) -> None:
    got = query_events(store, EventFilter(category="ARMED_CLASH"))
    assert [r["event_id"] for r in got] == [ids()[0]]
    assert got[0]["sentence_class"] == CLASSES[0].to_dict()  # type: ignore[union-attr]
    stored = {r[0] for r in store.connection.execute(
        "SELECT event_id FROM events WHERE json_extract_string(record, '$.sentence_class.category') = 'ARMED_CLASH'"
    ).fetchall()}
    assert {r["event_id"] for r in got} == stored


def test_unfiltered_and_empty_filters_return_everything(store: Store) -> None:
    assert len(query_events(store, EventFilter(category=None, penta_class=None))) == 6
    assert len(query_events(store, EventFilter(category=[]))) == 6


def test_a_penta_class_that_is_neither_number_nor_name_is_an_input_error(store: Store) -> None:
    with pytest.raises(InputError, match="penta_class"):
        query_events(store, EventFilter(penta_class=1.5))  # type: ignore[arg-type]


# -- (d) exports ------------------------------------------------------------------------------

def test_csv_export_has_the_columns(store: Store) -> None:
    assert set(NEW_COLUMNS) <= set(FLAT_COLUMNS)
    buf = io.StringIO()
    assert export_events(store, None, "csv", buf) == 6
    rows = {r["event_id"]: r for r in csv.DictReader(io.StringIO(buf.getvalue()))}
    assert [rows[ids()[0]][c] for c in NEW_COLUMNS] == ["4", "material conflict", "0.91", "ARMED_CLASH", "Armed clash", "0.83"]
    assert [rows[ids()[3]][c] for c in NEW_COLUMNS] == ["0", "statement", "0.88", "", "", ""]
    assert [rows[ids()[5]][c] for c in NEW_COLUMNS] == [""] * 6


def test_filtered_csv_export(store: Store) -> None:
    buf = io.StringIO()
    assert export_events(store, EventFilter(penta_class="verbal cooperation"), "csv", buf) == 2
    assert {r["category"] for r in csv.DictReader(io.StringIO(buf.getvalue()))} == {"DIPLO", "AGREEMENT"}


def test_parquet_export_has_the_columns(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    assert export_events(store, None, "parquet", out) == 6
    con = duckdb.connect()
    try:
        rows = con.execute(f"SELECT event_id, {', '.join(NEW_COLUMNS)} FROM read_parquet(?)", [str(out)]).fetchall()
    finally:
        con.close()
    assert {r[0]: tuple(r[1:]) for r in rows} == expected_columns()


# -- (e) the CLI ------------------------------------------------------------------------------

def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*FP, *args], capture_output=True, text=True, env={**os.environ}, timeout=300)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.duckdb"
    with Store.open(path) as st:
        write(st, corpus())
    return path


def test_cli_events_category_and_penta(db: Path) -> None:
    r = cli("events", "--store", str(db), "-f", "json", "-n", "0", "--category", "armed_clash,DIPLO")
    assert r.returncode == 0, r.stderr
    got = [json.loads(line) for line in r.stdout.splitlines()]
    assert [e["event_id"] for e in got] == ids()[:2]
    assert [e["sentence_class"]["category"] for e in got] == ["ARMED_CLASH", "DIPLO"]
    r = cli("events", "--store", str(db), "-f", "json", "-n", "0", "--penta", "0,material conflict")
    assert r.returncode == 0, r.stderr
    assert [json.loads(line)["plover"]["type"] for line in r.stdout.splitlines()] == ["ASSAULT", "ACCUSE"]
    r = cli("events", "--store", str(db), "-f", "csv", "-n", "0", "--penta", "1")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(r.stdout.splitlines()))
    assert [(row["plover_type"], row["penta_name"], row["category"]) for row in rows] == [
        ("CONSULT", "verbal cooperation", "DIPLO"), ("AGREE", "verbal cooperation", "AGREEMENT")]
    r = cli("events", "--store", str(db), "--category", "ARMED_CLASH")  # the table output
    assert r.returncode == 0 and "1 events" in r.stderr, r.stderr


def test_cli_export_category(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "clashes.csv"
    r = cli("export", str(out), "--store", str(db), "--category", "ARMED_CLASH")
    assert r.returncode == 0, r.stderr
    assert "exported 1 events" in r.stderr
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(row["event_id"], row["category"], row["category_name"]) for row in rows] == [
        (ids()[0], "ARMED_CLASH", "Armed clash")]


def test_cli_help_lists_the_options() -> None:
    r = cli("events", "--help")
    assert r.returncode == 0 and "--category" in r.stdout and "--penta" in r.stdout


# -- partitions written before 0006 still attach ------------------------------------------------

def test_partitions_without_the_new_columns_attach(tmp_path: Path) -> None:
    """A partition folder as the Dask engine wrote it before 0006 (events without the new columns):
    attaching it fills them from the records."""
    from flashpoint.engine import layout

    out = tmp_path / "parts"
    with Store.open(":memory:") as src:
        write(src, corpus())
        for table, columns in layout.TABLES.items():
            if table == "events":
                columns = tuple(c for c in columns if c not in NEW_COLUMNS)
            dest = Path(layout.table_file(str(out), table, "part-00000"))
            dest.parent.mkdir(parents=True, exist_ok=True)
            cols = ", ".join(f'"{c}"' for c in columns)
            src.connection.execute(f"COPY (SELECT {cols} FROM {table}) TO '{dest}' (FORMAT parquet)")
    done = Path(layout.done_file(str(out), "part-00000"))
    done.parent.mkdir(parents=True)
    done.write_text(json.dumps({"name": "part-00000", "run_id": "engine-run", "coder_config": {},
                                "coder": {"name": "test-coder", "version": "1.0", "components": {}}}))
    with Store.open(tmp_path / "att.duckdb") as st:
        assert attach_partitions(st, out) == 6
        assert new_columns(st) == expected_columns()
