from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from flashpoint.errors import StoreError
from flashpoint.records import CodedArticle
from flashpoint.store import Store, list_failures, list_runs, query_events
from tests.test_store_factory import corpus, failed_article, skipped_article

TABLES = ("articles", "sentences", "events", "actors", "failures")


def counts(store: Store) -> dict[str, int]:
    return {t: store.connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "events.duckdb") as s:
        yield s


def test_write_corpus_counts(store: Store) -> None:
    run = store.start_run("test-coder", "1.0", {"k": 1})
    added = store.write_many(corpus(), run, "1.0")
    assert added == {"n_articles": 3, "n_events": 6, "n_skipped": 0, "n_failed": 0}
    # 3 articles, 2 sentences each, 6 events; actors: 11 distinct codes in the corpus
    assert counts(store) == {"articles": 3, "sentences": 6, "events": 6, "actors": 11, "failures": 0}


def test_same_article_same_version_twice_adds_nothing(store: Store) -> None:
    run = store.start_run("test-coder", "1.0", {})
    store.write_many(corpus(), run, "1.0")
    before = counts(store)
    records = query_events(store)
    for coded in corpus():
        assert store.write(coded, run, "1.0") == {"n_articles": 0, "n_events": 0, "n_skipped": 0, "n_failed": 0}
    other_run = store.start_run("test-coder", "1.0", {})
    store.write_many(corpus(), other_run, "1.0", batch_size=1)
    assert counts(store) == before
    assert query_events(store) == records


def test_forced_rewrite_of_same_version_has_no_duplicates(store: Store) -> None:
    run = store.start_run("test-coder", "1.0", {})
    store.write_many(corpus(), run, "1.0")
    before = counts(store)
    store.write_many(corpus(), run, "1.0", force=True)
    assert counts(store) == before


def test_newer_coder_version_replaces_the_articles_events(store: Store) -> None:
    run = store.start_run("test-coder", "1.0", {})
    store.write_many(corpus(), run, "1.0")
    a1 = corpus()[0]
    assert store.has_article(a1.article.content_hash, "1.0")
    assert not store.has_article(a1.article.content_hash, "2.0")
    # version 2 codes article a1 with only its first event (ASSAULT); CONSULT USA -> IRQ goes away
    v2 = CodedArticle(a1.article, a1.sentences, a1.events[:1])
    run2 = store.start_run("test-coder", "2.0", {})
    assert store.write(v2, run2, "2.0")["n_events"] == 1
    assert store.has_article(a1.article.content_hash, "2.0")
    assert not store.has_article(a1.article.content_hash, "1.0")
    c = counts(store)
    assert c["events"] == 5 and c["articles"] == 3 and c["sentences"] == 6
    # USA and IRQ were only in the dropped event
    codes = {r[0] for r in store.connection.execute("SELECT code FROM actors").fetchall()}
    assert "USA" not in codes and "IRQ" not in codes and c["actors"] == 9
    rows = store.connection.execute(
        "SELECT coder_version, run_id FROM events WHERE article_id = 'a1'"
    ).fetchall()
    assert rows == [("2.0", run2)]


def test_failures_are_recorded_and_the_others_written(store: Store) -> None:
    run = store.start_run("test-coder", "1.0", {})
    items = [*corpus()[:2], failed_article("bad1"), corpus()[2], skipped_article("fr1")]
    added = store.write_many(items, run, "1.0", batch_size=2)
    assert added == {"n_articles": 4, "n_events": 6, "n_skipped": 1, "n_failed": 1}
    c = counts(store)
    # 3 coded + 1 skipped + the failed article (it has text) = 5 article rows
    assert c["events"] == 6 and c["failures"] == 1 and c["articles"] == 5
    fails = list_failures(store, run)
    assert len(fails) == 1
    f = fails[0]
    assert (f["article_id"], f["stage"], f["error"], f["message"], f["origin"]) == (
        "bad1", "nlp", "ValueError", "could not parse", "/tmp/bad1.txt"
    )
    bad = failed_article("bad1").article
    assert not store.has_article(bad.content_hash, "1.0")  # failed articles are retried
    # writing the same failure again in the same run: still one row
    store.write(failed_article("bad1"), run, "1.0")
    assert len(list_failures(store)) == 1
    assert list_failures(store, "no-such-run") == []


def test_skipped_article_row_has_reason_and_no_events(store: Store) -> None:
    run = store.start_run("test-coder", "1.0", {})
    sk = skipped_article("fr1")
    store.write(sk, run, "1.0")
    row = store.connection.execute(
        "SELECT article_id, skipped, text, coder_version, n_events FROM articles"
    ).fetchall()
    assert row == [("fr1", "non-English (fr)", sk.article.text, "1.0", 0)]
    assert counts(store)["events"] == 0
    assert store.has_article(sk.article.content_hash, "1.0")


def test_runs_record_config_and_counts(store: Store) -> None:
    config = {"coder": {"name": "test-coder"}, "batch_size": 500, "lexicons": ["a", "b"]}
    run = store.start_run("test-coder", "1.0", config)
    store.write_many([*corpus(), failed_article(), skipped_article()], run, "1.0")
    store.finish_run(run)
    (r,) = list_runs(store)
    assert r["run_id"] == run and r["config"] == config and r["coder_version"] == "1.0"
    assert r["finished_at"] is not None and r["finished_at"] >= r["started_at"]
    # 3 coded + 1 skipped + 1 failed
    assert (r["n_articles"], r["n_events"], r["n_failed"], r["n_skipped"]) == (5, 6, 1, 1)
    store.finish_run(run, {"n_events": 42})
    assert list_runs(store)[0]["n_events"] == 42
    with pytest.raises(StoreError, match="unknown counts"):
        store.finish_run(run, {"n_bogus": 1})
    with pytest.raises(StoreError, match="no run"):
        store.finish_run("nope")


def test_actors_table_is_maintained(store: Store) -> None:
    run = store.start_run("test-coder", "1.0", {})
    store.write_many(corpus(), run, "1.0")
    rows = {r[0]: r[1:] for r in store.connection.execute(
        "SELECT code, name, country, sector, first_seen, last_seen, n_events FROM actors").fetchall()}
    # IRN is the source of ACCUSE (2024-08-09) and AID (2024-09-01)
    assert rows["IRN"] == ("Iran", "IRN", None, date(2024, 8, 9), date(2024, 9, 1), 2)
    assert rows["PSEREBHMS"] == ("Hamas", "PSE", "REB", date(2024, 8, 31), date(2024, 8, 31), 1)


def test_stored_spans_slice_the_stored_text(store: Store) -> None:
    run = store.start_run("test-coder", "1.0", {})
    store.write_many(corpus(), run, "1.0")
    rows = store.connection.execute(
        """SELECT a.text, e.trigger_start, e.trigger_end, e.trigger_text, e.source_start, e.source_end,
                  e.source_text, e.sentence_start, e.sentence_end, e.sentence_text
           FROM events e JOIN articles a USING (content_hash)"""
    ).fetchall()
    assert len(rows) == 6
    for text, *spans in rows:
        for i in range(0, len(spans), 3):
            s, e, words = spans[i : i + 3]
            assert text[s:e] == words
    sents = store.connection.execute(
        'SELECT a.text, s."start", s."end", s.text FROM sentences s JOIN articles a USING (content_hash)'
    ).fetchall()
    assert all(text[s:e] == words for text, s, e, words in sents)


def test_article_without_hash_gets_one_from_its_text(store: Store) -> None:
    coded = corpus()[0]
    bare = CodedArticle(replace(coded.article, content_hash=""), coded.sentences, coded.events)
    run = store.start_run("test-coder", "1.0", {})
    store.write(bare, run, "1.0")
    from flashpoint.ingest.hashing import content_hash

    assert store.has_article(content_hash(coded.article.text, coded.article.title), "1.0")
    assert not store.has_article(coded.article.content_hash, "1.0")  # the factory's own hash differs


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    db = tmp_path / "ro.duckdb"
    with Store.open(db) as s:
        run = s.start_run("t", "1", {})
        s.write_many(corpus(), run, "1")
    with Store.open(db, read_only=True) as s:
        assert len(query_events(s)) == 6
        with pytest.raises(StoreError, match="read-only"):
            s.write(corpus()[0], run, "2")
        with pytest.raises(StoreError, match="read-only"):
            s.start_run("t", "1", {})


def test_known_articles_answers_for_a_whole_batch(store: Store) -> None:
    run = store.start_run("test-coder", "1.0", {})
    store.write_many(corpus(), run, "1.0")
    hashes = [c.article.content_hash for c in corpus()]
    assert store.known_articles(hashes + ["not-a-hash"], "1.0") == set(hashes)
    assert store.known_articles(hashes, "2.0") == set()
    assert store.known_articles([], "1.0") == set()
