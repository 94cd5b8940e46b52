"""What keeps the store writer's memory flat over long runs (issue 4), asserted as behaviour:

- the tables the writer fills carry no DuckDB key index (migration 0005), and the write path keeps
  their keys unique itself;
- `Store.write_many` holds DuckDB to the write budget while it runs and restores the store's own;
- the pipeline's in-run dedup holds only uncommitted hashes in memory and asks the store for the rest.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flashpoint import pipeline
from flashpoint.errors import StoreError
from flashpoint.pipeline import RunDedup, run
from flashpoint.records import CodedArticle, Sentence
from flashpoint.store import Store
from flashpoint.store.migrate import load_migrations
from tests.test_feeds_watch import StubCoder
from tests.test_store_factory import corpus, failed_article, make_article, skipped_article

KEYS = {"articles": "content_hash", "sentences": "content_hash, idx", "events": "event_id"}
PACKAGED = Path(str(resources.files("flashpoint.store") / "migrations"))


def duplicated_keys(store: Store) -> dict[str, int]:
    """Rows beyond the first for each key, per table (all zero when the keys are unique)."""
    con = store.connection
    return {
        t: con.execute(f"SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT {k} FROM {t})) FROM {t}").fetchone()[0]  # type: ignore[index]
        for t, k in KEYS.items()
    }


def table_rows(store: Store, table: str) -> list[tuple[Any, ...]]:
    return store.connection.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def memory_setting(store: Store) -> str:
    return store.connection.execute("SELECT current_setting('memory_limit')").fetchone()[0]  # type: ignore[index]


def duckdb_shows(limit: str) -> str:
    """How DuckDB reports a memory limit once set (e.g. '128MB' -> '122.0 MiB')."""
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = '{limit}'")
        return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]  # type: ignore[index]
    finally:
        con.close()


# -- no key indexes; unique keys all the same ---------------------------------------------------

def test_writer_tables_have_no_key_index_but_keep_not_null(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        con = store.connection
        keyed = con.execute(
            "SELECT table_name, constraint_type FROM duckdb_constraints() "
            "WHERE table_name IN ('articles', 'sentences', 'events') AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')"
        ).fetchall()
        assert keyed == []
        assert con.execute(
            "SELECT count(*) FROM duckdb_indexes() WHERE table_name IN ('articles', 'sentences', 'events')"
        ).fetchone()[0] == 0  # type: ignore[index]
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO articles (content_hash, article_id, first_seen) VALUES (NULL, 'x', now())")
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO events (event_id, article_id, plover_type, record, added_at) "
                        "VALUES (NULL, 'x', 'ASSAULT', '{}', now())")


def test_migration_0005_keeps_every_row_and_column(tmp_path: Path) -> None:
    old = tmp_path / "migrations"
    old.mkdir()
    for f in sorted(PACKAGED.glob("000[1-4]_*.sql")):
        shutil.copy(f, old / f.name)
    db = tmp_path / "s.duckdb"
    with Store.open(db, migrations_dir=old) as store:
        run_id = store.start_run("test-coder", "1.0", {})
        store.write_many([*corpus(), failed_article("bad1"), skipped_article("fr1")], run_id, "1.0")
        before = {t: table_rows(store, t) for t in (*KEYS, "actors", "failures")}
        columns = {t: store.connection.execute(f"SELECT column_name, column_type, \"null\" FROM (DESCRIBE {t})").fetchall()
                   for t in KEYS}
        assert store.schema_version() == 4
    shutil.copy(PACKAGED / "0005_unkeyed_tables.sql", old / "0005_unkeyed_tables.sql")  # 0005 alone: later ones add columns
    with Store.open(db, migrations_dir=old) as store:
        assert store.schema_version() == 5 <= max(m.version for m in load_migrations())
        assert {t: table_rows(store, t) for t in before} == before
        assert {t: store.connection.execute(f"SELECT column_name, column_type, \"null\" FROM (DESCRIBE {t})").fetchall()
                for t in KEYS} == columns
        # and the migrated store is written as any other: re-coding replaces, never duplicates
        run2 = store.start_run("test-coder", "2.0", {})
        store.write_many(corpus(), run2, "2.0")
        assert duplicated_keys(store) == {"articles": 0, "sentences": 0, "events": 0}
        assert len(table_rows(store, "events")) == len(before["events"])


def test_keys_stay_unique_through_rewrites_and_first_seen_is_kept(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        r1 = store.start_run("test-coder", "1.0", {})
        store.write_many([*corpus(), failed_article("bad1")], r1, "1.0")
        first_seen = dict(store.connection.execute("SELECT content_hash, first_seen FROM articles").fetchall())
        r2 = store.start_run("test-coder", "2.0", {})
        store.write_many(corpus(), r2, "2.0", batch_size=2)  # a new version replaces
        store.write_many(corpus(), r2, "2.0", force=True)  # a forced rewrite replaces
        store.write_many(corpus(), r2, "2.0")  # the same version again: nothing
        store.write_many([failed_article("bad1")], r2, "2.0")  # failing again: no second article row
        fixed = CodedArticle(failed_article("bad1").article)  # the failed article, coded at last
        store.write_many([fixed, fixed], r2, "2.0")  # twice in one batch
        assert duplicated_keys(store) == {"articles": 0, "sentences": 0, "events": 0}
        rows = store.connection.execute("SELECT content_hash, first_seen, coder_version FROM articles").fetchall()
        assert len(rows) == 4
        assert {h: seen for h, seen, _ in rows} == first_seen
        assert {v for _, _, v in rows} == {"2.0"}


def test_an_event_id_written_under_another_article_moves_there(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        r1 = store.start_run("test-coder", "1.0", {})
        a1, a2, _ = corpus()
        store.write_many([a1, a2], r1, "1.0")
        moved = replace(a1.events[0], article_id=a2.article.id)
        store.write_many([replace(a2, events=(*a2.events, moved))], r1, "2.0")
        rows = store.connection.execute("SELECT content_hash FROM events WHERE event_id = ?", [moved.event_id]).fetchall()
        assert rows == [(a2.article.content_hash,)]
        assert duplicated_keys(store)["events"] == 0


def test_a_sentence_index_given_twice_is_stored_once(tmp_path: Path) -> None:
    a1 = corpus()[0]
    s0 = a1.sentences[0]
    twice = replace(a1, sentences=(Sentence(0, "first reading", 0, 5), *a1.sentences))
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write_many([twice], store.start_run("test-coder", "1.0", {}), "1.0")
        rows = store.connection.execute('SELECT idx, "start", "end", text FROM sentences ORDER BY idx').fetchall()
    assert rows == [(s.index, s.start, s.end, s.text) for s in a1.sentences]
    assert rows[0] == (0, s0.start, s0.end, s0.text)  # the last one given wins


# -- the write budget ---------------------------------------------------------------------------

def test_write_budget_holds_while_writing_and_is_restored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASHPOINT_DB_MEMORY", raising=False)
    monkeypatch.delenv("FLASHPOINT_DB_WRITE_MEMORY", raising=False)
    from flashpoint.store.budget import DEFAULT_WRITE_MEMORY_LIMIT
    from flashpoint.store.db import DEFAULT_MEMORY_LIMIT

    with Store.open(tmp_path / "s.duckdb") as store:
        before = memory_setting(store)
        during: list[str] = []
        store.write_many(corpus(), store.start_run("t", "1.0", {}), "1.0", batch_size=2,
                         on_commit=lambda batch: during.append(memory_setting(store)))
        assert before == duckdb_shows(DEFAULT_MEMORY_LIMIT)
        assert during == [duckdb_shows(DEFAULT_WRITE_MEMORY_LIMIT)] * 2
        assert memory_setting(store) == before


def test_write_budget_never_raises_a_lower_store_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHPOINT_DB_MEMORY", "64MB")
    monkeypatch.setenv("FLASHPOINT_DB_WRITE_MEMORY", "256MB")
    with Store.open(tmp_path / "s.duckdb") as store:
        during: list[str] = []
        store.write_many(corpus(), store.start_run("t", "1.0", {}), "1.0",
                         on_commit=lambda batch: during.append(memory_setting(store)))
        assert during == [duckdb_shows("64MB")]
        assert memory_setting(store) == duckdb_shows("64MB")


def test_write_budget_is_restored_when_a_batch_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    with Store.open(tmp_path / "s.duckdb") as store:
        before = memory_setting(store)
        run_id = store.start_run("t", "1.0", {})
        monkeypatch.setattr("flashpoint.store.db.write_batch", boom)
        with pytest.raises(StoreError, match="disk on fire"):
            store.write_many(corpus(), run_id, "1.0")
        assert memory_setting(store) == before


def test_a_bad_write_budget_is_refused_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHPOINT_DB_WRITE_MEMORY", "lots")
    with Store.open(tmp_path / "s.duckdb") as store:
        with pytest.raises(StoreError, match="FLASHPOINT_DB_WRITE_MEMORY"):
            store.write_many(corpus(), store.start_run("t", "1.0", {}), "1.0")
        assert store.connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 0  # type: ignore[index]


def test_an_in_memory_store_keeps_its_budget_while_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASHPOINT_DB_WRITE_MEMORY", raising=False)
    with Store.open(":memory:") as store:
        before = memory_setting(store)
        during: list[str] = []
        store.write_many(corpus(), store.start_run("t", "1.0", {}), "1.0",
                         on_commit=lambda batch: during.append(memory_setting(store)))
        assert during == [before]


def test_on_commit_sees_each_committed_batch_once_in_order(tmp_path: Path) -> None:
    items = [*corpus(), failed_article("bad1"), skipped_article("fr1")]
    seen: list[list[str]] = []
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write_many(items, store.start_run("t", "1.0", {}), "1.0", batch_size=2,
                         on_commit=lambda batch: seen.append([c.article.id for c in batch]))
    assert seen == [["a1", "a2"], ["a3", "bad1"], ["fr1"]]


# -- the pipeline's in-run dedup ----------------------------------------------------------------

def _write(store: Store, run_id: str, dedup: RunDedup, items: list[CodedArticle]) -> None:
    store.write_many(items, run_id, "1.0", batch_size=4, on_commit=dedup.committed)


def test_dedup_holds_only_uncommitted_hashes_and_asks_the_store_for_older_ones() -> None:
    arts = [make_article(f"a{i}", f"Text number {i}.") for i in range(48)]
    with Store.open(":memory:") as store:
        run_id = store.start_run("t", "1.0", {})
        dedup = RunDedup(store, "1.0")
        held = []
        for start in range(0, len(arts), 8):  # read-ahead batches of 8, written in batches of 4
            batch = arts[start:start + 8]
            dedup.look_up(a.content_hash for a in batch)
            assert [dedup.skip(a) for a in batch] == [False] * 8
            _write(store, run_id, dedup, [CodedArticle(a) for a in batch])
            held.append(dedup.held())
        assert max(held) <= 16 and held[-1] == held[1]  # flat: at most two read-ahead batches
        # repeats of the first articles, long after they were committed and dropped from memory
        again = [replace(a, id=f"again-{a.id}") for a in arts[:3]]
        dedup.look_up(a.content_hash for a in again)
        assert [dedup.skip(a) for a in again] == [True, True, True]


def test_dedup_skips_a_repeat_whose_first_is_committed_after_the_look_up() -> None:
    a, b = make_article("a", "One text."), make_article("b", "Another text.")
    with Store.open(":memory:") as store:
        run_id = store.start_run("t", "1.0", {})
        dedup = RunDedup(store, "1.0")
        dedup.look_up([a.content_hash, b.content_hash])
        assert not dedup.skip(a)
        _write(store, run_id, dedup, [CodedArticle(a)])  # committed between the look-up and the repeat
        assert dedup.skip(replace(a, id="a-again"))
        assert not dedup.skip(b)


def test_dedup_keeps_failed_articles_which_the_store_does_not_mark_coded() -> None:
    bad = failed_article("bad1")
    with Store.open(":memory:") as store:
        run_id = store.start_run("t", "1.0", {})
        dedup = RunDedup(store, "1.0")
        dedup.look_up([bad.article.content_hash])
        assert not dedup.skip(bad.article)
        _write(store, run_id, dedup, [bad])
        for _ in range(3):  # later read-ahead batches
            dedup.look_up([bad.article.content_hash])
            assert dedup.skip(replace(bad.article, id="bad-again"))
        assert not store.has_article(bad.article.content_hash, "1.0")


def test_dedup_with_force_or_without_store_keeps_every_hash() -> None:
    arts = [make_article(f"a{i}", f"Text number {i}.") for i in range(6)]
    with Store.open(":memory:") as store:
        run_id = store.start_run("t", "1.0", {})
        store.write_many([CodedArticle(arts[0])], run_id, "1.0")  # coded before the run
        for dedup, writes in ((RunDedup(store, "1.0", force=True), True), (RunDedup(None, "1.0"), False)):
            dedup.look_up(a.content_hash for a in arts)
            assert [dedup.skip(a) for a in arts] == [False] * 6  # force codes arts[0] again
            if writes:
                _write(store, run_id, dedup, [CodedArticle(a) for a in arts])
            dedup.look_up([arts[0].content_hash])
            assert dedup.skip(replace(arts[0], id="again")) and dedup.held() >= 6


class _StubCoder(StubCoder):
    """The feeds tests' stub (codes nothing, fails articles saying EXPLODE, records what it was given),
    with the configuration and coder block `pipeline.run` records."""

    class config:  # noqa: N801
        @staticmethod
        def to_dict() -> dict[str, Any]:
            return {}

    def coder_block(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "components": {}}


def test_run_skips_repeats_long_after_their_first_was_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "KNOWN_BATCH", 4)
    n = 560  # more than one write batch (500) between an article and its repeat
    texts = [f"Story number {i} about the council." for i in range(n)]
    texts[1] = "This one will EXPLODE in the coder."
    rows = [{"id": f"a{i}", "text": t, "lang": "en"} for i, t in enumerate(texts)]
    rows += [{"id": "again0", "text": texts[0], "lang": "en"}, {"id": "again1", "text": texts[1], "lang": "en"}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    coder = _StubCoder()
    with Store.open(tmp_path / "s.duckdb") as store:
        result = run([str(src)], store=store, coder=coder)
        n_rows = store.connection.execute("SELECT count(*) FROM articles").fetchone()[0]  # type: ignore[index]
        n_failures = store.connection.execute("SELECT count(*) FROM failures").fetchone()[0]  # type: ignore[index]
        # a second run codes nothing: every article is in the store, or failed (and is retried)
        coder2 = _StubCoder()
        again = run([str(src)], store=store, coder=coder2)
    assert (result.n_articles, result.n_already, result.n_failed, result.n_coded) == (n + 2, 2, 1, n - 1)
    assert "again0" not in coder.seen and "again1" not in coder.seen and len(coder.seen) == n
    assert (n_rows, n_failures) == (n, 1)
    assert coder2.seen == ["a1"] and again.n_already == n + 1


def test_a_batch_too_large_for_the_write_budget_is_written_under_the_stores_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("FLASHPOINT_DB_WRITE_MEMORY", "4MB")
    big = [CodedArticle(make_article(f"big{i}", f"Story {i}. " + "Words upon words. " * 400_000)) for i in range(3)]
    with Store.open(tmp_path / "s.duckdb") as store:
        before = memory_setting(store)
        with caplog.at_level("WARNING", logger="flashpoint.store.db"):
            added = store.write_many(big, store.start_run("t", "1.0", {}), "1.0")
        assert added["n_articles"] == 3
        assert "does not fit the write budget" in caplog.text
        assert store.connection.execute("SELECT sum(length(text)) FROM articles").fetchone()[0] == sum(  # type: ignore[index]
            len(c.article.text) for c in big)
        assert memory_setting(store) == before
