from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import duckdb
import pytest

from flashpoint.errors import StoreError
from flashpoint.store import Store, summary
from flashpoint.store.migrate import load_migrations
from tests.test_store_factory import corpus

PACKAGED = Path(str(resources.files("flashpoint.store") / "migrations"))


def migrations_rows(path: Path) -> list[tuple[int, str]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    finally:
        con.close()


def test_packaged_migrations_are_numbered_from_one() -> None:
    migs = load_migrations()
    assert [m.version for m in migs] == list(range(1, len(migs) + 1))
    assert migs[0].name == "init"


def test_new_store_records_migrations_and_reopening_is_a_noop(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        assert store.schema_version() == len(load_migrations())
        first = store.connection.execute("SELECT version, applied_at FROM schema_migrations").fetchall()
    with Store.open(db) as store:
        again = store.connection.execute("SELECT version, applied_at FROM schema_migrations").fetchall()
    assert again == first
    assert [v for v, _ in first] == [m.version for m in load_migrations()]
    tables = set(r[0] for r in duckdb.connect(str(db), read_only=True).execute(
        "SELECT table_name FROM information_schema.tables").fetchall())
    assert {"articles", "sentences", "events", "actors", "runs", "failures", "schema_migrations"} <= tables


@pytest.fixture
def mig_dir(tmp_path: Path) -> Path:
    d = tmp_path / "migrations"
    d.mkdir()
    shutil.copy(PACKAGED / "0001_init.sql", d / "0001_init.sql")
    return d


def test_older_store_is_migrated_forward_keeping_its_data(tmp_path: Path, mig_dir: Path) -> None:
    db = tmp_path / "old.duckdb"
    with Store.open(db, migrations_dir=mig_dir) as store:
        run = store.start_run("t", "1", {})
        store.write_many(corpus(), run, "1")
        before = summary(store)
    assert migrations_rows(db) == [(1, "init")]

    (mig_dir / "0002_event_notes.sql").write_text(
        "ALTER TABLE events ADD COLUMN note TEXT;\nCREATE TABLE notes (event_id TEXT, body TEXT);\n"
    )
    with pytest.raises(StoreError, match="open it once for writing"):
        Store.open(db, read_only=True, migrations_dir=mig_dir)
    with Store.open(db, migrations_dir=mig_dir) as store:
        assert store.schema_version() == 2
        after = summary(store)
        assert store.connection.execute("SELECT count(*) FROM events WHERE note IS NULL").fetchone() == (6,)
    for key in ("n_articles", "n_events", "by_plover_type", "top_dyads", "date_range"):
        assert after[key] == before[key]
    assert migrations_rows(db) == [(1, "init"), (2, "event_notes")]
    with Store.open(db, read_only=True, migrations_dir=mig_dir) as store:
        assert summary(store)["n_events"] == 6


def test_store_newer_than_the_code_is_refused(tmp_path: Path, mig_dir: Path) -> None:
    db = tmp_path / "new.duckdb"
    (mig_dir / "0002_later.sql").write_text("CREATE TABLE later (x INTEGER);")
    (mig_dir / "0099_future.sql").write_text("CREATE TABLE future (x INTEGER);")
    Store.open(db, migrations_dir=mig_dir).close()
    with pytest.raises(StoreError, match="schema version 99.*upgrade Flashpoint"):
        Store.open(db)
    with pytest.raises(StoreError, match="schema version 99"):
        Store.open(db, read_only=True)


def test_failed_migration_rolls_back_and_names_itself(tmp_path: Path, mig_dir: Path) -> None:
    db = tmp_path / "f.duckdb"
    Store.open(db, migrations_dir=mig_dir).close()
    (mig_dir / "0002_broken.sql").write_text("CREATE TABLE half_done (x INTEGER);\nSELEC nonsense;\n")
    with pytest.raises(StoreError, match="0002_broken"):
        Store.open(db, migrations_dir=mig_dir)
    assert migrations_rows(db) == [(1, "init")]
    con = duckdb.connect(str(db), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    con.close()
    assert "half_done" not in tables


def test_duplicate_versions_are_refused(mig_dir: Path) -> None:
    (mig_dir / "0001_again.sql").write_text("SELECT 1;")
    with pytest.raises(StoreError, match="share a version"):
        load_migrations(mig_dir)
