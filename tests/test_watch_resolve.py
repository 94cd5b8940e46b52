"""Cross-article event resolution: hand-made events with hand-computed expectations, plus one
end-to-end run of the real coder."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import datetime
from importlib import resources
from pathlib import Path

import duckdb
import pytest

from flashpoint.errors import StoreError
from flashpoint.records import Article, CodedArticle, Event
from flashpoint.store import Store
from flashpoint.watch.resolve import evidence, resolve_events
from flashpoint.watch.resolve_match import resolved_id_of
from flashpoint.watch.resolve_signals import article_role, outlet_key
from tests.test_store_factory import make_article, make_event, sentences_of

PACKAGED = Path(str(resources.files("flashpoint.store") / "migrations"))

STRIKE = ("Iraqi troops", "IRQMIL", "IRQ", "MIL")
ISIS = ("Islamic State fighters", "IMGMUSISI", None, "REB")
MOSUL = ("Mosul", "Mosul", "IRQ", 36.34, 43.13, "city")


def article(aid: str, text: str, date: str, outlet: str | None, **kw: object) -> Article:
    a = make_article(aid, text, date)
    return replace(a, outlet=outlet, **kw)  # type: ignore[arg-type]


def coded(a: Article, *events: Event) -> CodedArticle:
    return CodedArticle(a, tuple(sentences_of(a.text)), events)


def base_corpus() -> dict[str, CodedArticle]:
    """One strike near Mosul reported by three outlets (five mentions in four articles), and
    three unrelated events: a protest, a Turkish shelling the same day, a later strike near Tikrit.

    a1 Reuters 08-04: strike (IRQMIL -> ISIS, 08-03, conf 0.9, 4 killed)
    a2 AP      08-05: strike (IRQ -> ISIS, 08-04, 0.7, 5 killed) + "the strike near Mosul" (no actors, 0.6)
    a3 AFP     08-05: strike claimed by officials (IRQMIL -> ISIS, 08-03, 0.6)
    a5 Reuters 08-06: strike "last week" (week precision, 07-30, 0.5) + a future attack (not resolved)
    a4 no outlet, URL host example.org, 08-11: protest in Baghdad (08-04), Turkish shelling (08-04),
       strike near Tikrit (IRQMIL -> ISIS, 08-10: outside the window)
    """
    t1 = "Iraqi troops attacked Islamic State fighters near Mosul. Officials said the operation continued."
    a1 = article("a1", t1, "2024-08-04", "Reuters")
    e1 = make_event(a1, 0, "attacked", "ASSAULT", date="2024-08-03", source=STRIKE, target=ISIS, place=MOSUL,
                    confidence=0.9, fatalities=4)
    t2 = "Iraq struck Islamic State fighters on Sunday. The strike near Mosul killed five."
    a2 = article("a2", t2, "2024-08-05", "AP")
    e2a = make_event(a2, 0, "struck", "ASSAULT", date="2024-08-04", source=("Iraq", "IRQ", "IRQ", None),
                     target=ISIS, confidence=0.7, fatalities=5)
    e2b = make_event(a2, 1, "strike", "ASSAULT", date="2024-08-04", place=MOSUL, confidence=0.6)
    t3 = "Iraqi troops attacked Islamic State fighters near Mosul on Saturday, officials said."
    a3 = article("a3", t3, "2024-08-05", "AFP")
    e3 = make_event(a3, 0, "attacked", "ASSAULT", date="2024-08-03", source=STRIKE, target=ISIS, place=MOSUL,
                    modality="claimed", confidence=0.6)
    t5 = "Iraqi troops attacked Islamic State fighters last week. Iraqi troops will attack Islamic State fighters again."
    a5 = article("a5", t5, "2024-08-06", "Reuters")
    e5 = replace(make_event(a5, 0, "attacked", "ASSAULT", date="2024-07-30", source=STRIKE, target=ISIS,
                            confidence=0.5), date_precision="week")
    e5f = make_event(a5, 1, "will attack", "ASSAULT", date="2024-08-07", source=STRIKE, target=ISIS,
                     modality="future", confidence=0.9)
    t4 = ("Protesters marched against the Iraqi government in Baghdad. Turkish forces shelled Kurdish fighters "
          "near Kobani. Iraqi troops attacked Islamic State fighters near Tikrit")
    a4 = article("a4", t4, "2024-08-11", None, url="https://www.example.org/a4")
    e4p = make_event(a4, 0, "marched", "PROTEST", date="2024-08-04",
                     source=("Protesters", "IRQCVL", "IRQ", "CVL"), target=("Iraqi government", "IRQGOV", "IRQ", "GOV"),
                     place=("Baghdad", "Baghdad", "IRQ", 33.34, 44.40, "city"), confidence=0.7)
    e4t = make_event(a4, 1, "shelled", "ASSAULT", date="2024-08-04", source=("Turkish forces", "TURMIL", "TUR", "MIL"),
                     target=("Kurdish fighters", "SYRREB", "SYR", "REB"), confidence=0.8)
    e4k = make_event(a4, 2, "attacked", "ASSAULT", date="2024-08-10", source=STRIKE, target=ISIS,
                     place=("Tikrit", "Tikrit", "IRQ", 34.6, 43.68, "city"), confidence=0.8)
    return {
        "a1": coded(a1, e1), "a2": coded(a2, e2a, e2b), "a3": coded(a3, e3),
        "a5": coded(a5, e5, e5f), "a4": coded(a4, e4p, e4t, e4k),
    }


def write(store: Store, items: list[CodedArticle], version: str = "1") -> None:
    run = store.start_run("test", version, {})
    store.write_many(items, run, version)
    store.finish_run(run)


def resolved(store: Store) -> list[dict[str, object]]:
    cur = store.connection.execute("SELECT * FROM resolved_events ORDER BY resolved_id")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def mention_rows(store: Store) -> list[tuple[object, ...]]:
    return store.connection.execute("SELECT * FROM resolved_mentions ORDER BY event_id").fetchall()


def of_event(store: Store, event_id: str) -> dict[str, object]:
    row = store.connection.execute("SELECT resolved_id FROM resolved_mentions WHERE event_id = ?", [event_id]).fetchone()
    assert row is not None, f"event {event_id} was not resolved"
    return next(r for r in resolved(store) if r["resolved_id"] == row[0])


@pytest.fixture
def corpus() -> dict[str, CodedArticle]:
    return base_corpus()


@pytest.fixture
def store(tmp_path: Path, corpus: dict[str, CodedArticle]) -> Store:
    s = Store.open(tmp_path / "w.duckdb")
    write(s, list(corpus.values()))
    yield s  # type: ignore[misc]
    s.close()


def test_three_outlets_one_strike_and_the_unrelated_events(store: Store, corpus: dict[str, CodedArticle]) -> None:
    stats = resolve_events(store)
    assert (stats.n_considered, stats.n_skipped, stats.n_mentions_added, stats.n_created) == (9, 1, 8, 4)
    rows = resolved(store)
    assert len(rows) == 4
    e1 = corpus["a1"].events[0]
    strike = of_event(store, e1.event_id)
    assert strike["resolved_id"] == resolved_id_of(e1.event_id)  # a1 is published first
    assert (strike["n_mentions"], strike["n_articles"], strike["n_sources"]) == (5, 4, 3)
    assert (strike["plover_type"], strike["source_code"], strike["target_code"]) == ("ASSAULT", "IRQMIL", "IMGMUSISI")
    assert (strike["location_name"], strike["location_country"]) == ("Mosul", "IRQ")
    assert str(strike["date"]) == "2024-08-03" and strike["date_precision"] == "day"
    assert strike["first_seen"] == datetime(2024, 8, 4) and strike["last_seen"] == datetime(2024, 8, 6)
    assert strike["fatalities"] == 5  # the latest published figure (AP, 08-05) over Reuters' 4 (08-04)
    # outlets' best: Reuters 0.9, AP 0.7, AFP 0.6 claimed -> 0.48: 1 - 0.1 * 0.3 * 0.52
    assert strike["confidence"] == pytest.approx(1 - 0.1 * 0.3 * 0.52, abs=1e-4)
    assert strike["status"] == "active" and strike["modality"] == "asserted"
    members = {r[0] for r in store.connection.execute(
        "SELECT event_id FROM resolved_mentions WHERE resolved_id = ?", [strike["resolved_id"]]).fetchall()}
    assert members == {corpus[a].events[i].event_id for a, i in (("a1", 0), ("a2", 0), ("a2", 1), ("a3", 0), ("a5", 0))}
    others = sorted((r["plover_type"], r["source_code"], str(r["date"]), r["n_mentions"], r["n_sources"]) for r in rows
                    if r["resolved_id"] != strike["resolved_id"])
    assert others == [("ASSAULT", "IRQMIL", "2024-08-10", 1, 1), ("ASSAULT", "TURMIL", "2024-08-04", 1, 1),
                      ("PROTEST", "IRQCVL", "2024-08-04", 1, 1)]
    future = corpus["a5"].events[1].event_id
    assert store.connection.execute("SELECT count(*) FROM resolved_mentions WHERE event_id = ?", [future]).fetchone() == (0,)
    outlets = dict(store.connection.execute("SELECT article_id, outlet FROM resolved_mentions").fetchall())
    assert outlets["a4"] == "example.org" and outlets["a1"] == "Reuters"


def test_rerun_is_idempotent_and_rebuild_gives_the_same_tables(store: Store) -> None:
    resolve_events(store)
    first, first_m = resolved(store), mention_rows(store)
    again = resolve_events(store)
    assert (again.n_mentions_added, again.n_created, again.n_updated) == (0, 0, 0)
    assert resolved(store) == first and mention_rows(store) == first_m
    resolve_events(store, rebuild=True)
    assert resolved(store) == first and mention_rows(store) == first_m


def test_incremental_add_joins_the_existing_event(store: Store, corpus: dict[str, CodedArticle]) -> None:
    resolve_events(store)
    before = {r["resolved_id"]: r for r in resolved(store)}
    t6 = "Iraqi troops attacked Islamic State fighters near Mosul on Saturday."
    a6 = article("a6", t6, "2024-08-07", "BBC")
    e6 = make_event(a6, 0, "attacked", "ASSAULT", date="2024-08-03", source=STRIKE, target=ISIS, place=MOSUL,
                    confidence=0.5)
    write(store, [coded(a6, e6)])
    stats = resolve_events(store)
    assert (stats.n_mentions_added, stats.n_created, stats.n_updated) == (1, 0, 1)
    after = {r["resolved_id"]: r for r in resolved(store)}
    assert set(after) == set(before)
    strike = of_event(store, e6.event_id)
    assert strike["resolved_id"] == resolved_id_of(corpus["a1"].events[0].event_id)
    assert (strike["n_mentions"], strike["n_articles"], strike["n_sources"]) == (6, 5, 4)
    assert strike["last_seen"] == datetime(2024, 8, 7)
    for rid, row in before.items():
        if rid != strike["resolved_id"]:
            assert after[rid] == row
    incremental = resolved(store), mention_rows(store)
    resolve_events(store, rebuild=True)  # articles arrived in publication order: same result
    assert (resolved(store), mention_rows(store)) == incremental


def test_retraction_updates_the_event_instead_of_adding_one(store: Store, corpus: dict[str, CodedArticle]) -> None:
    resolve_events(store)
    n_before = len(resolved(store))
    t7 = "This story has been retracted. Iraqi troops did not attack Islamic State fighters near Mosul."
    a7 = article("a7", t7, "2024-08-08", "AP", title="Iraqi strike near Mosul")
    e7 = make_event(a7, 1, "did not attack", "ASSAULT", date=None, source=STRIKE, target=ISIS, place=MOSUL,
                    modality="negated", confidence=0.8)
    write(store, [coded(a7, e7)])
    stats = resolve_events(store)
    assert (stats.n_retractions, stats.n_created) == (1, 0)
    assert len(resolved(store)) == n_before
    strike = of_event(store, e7.event_id)
    assert strike["resolved_id"] == resolved_id_of(corpus["a1"].events[0].event_id)
    assert strike["status"] == "retracted"
    assert (strike["n_mentions"], strike["n_sources"]) == (5, 3)  # a retraction is not support
    role = store.connection.execute("SELECT role FROM resolved_mentions WHERE event_id = ?", [e7.event_id]).fetchone()
    assert role == ("retraction",)
    assert resolve_events(store).n_mentions_added == 0


def test_a_retraction_about_nothing_known_adds_nothing(tmp_path: Path) -> None:
    t = "Retraction: Turkish forces did not shell Kurdish fighters near Kobani."
    a = article("r1", t, "2024-08-08", "AP", title="Retraction: no shelling near Kobani")
    e = make_event(a, 0, "did not shell", "ASSAULT", date=None, source=("Turkish forces", "TURMIL", "TUR", "MIL"),
                   modality="negated")
    with Store.open(tmp_path / "r.duckdb") as s:
        write(s, [coded(a, e)])
        stats = resolve_events(s)
        assert (stats.n_unmatched_retractions, stats.n_created) == (1, 0)
        assert resolved(s) == []


def test_correction_marks_the_event_corrected_and_updates_fatalities(store: Store) -> None:
    resolve_events(store)
    t8 = "Iraqi troops attacked Islamic State fighters near Mosul on Saturday, killing six."
    a8 = article("a8", t8, "2024-08-09", "AFP", title="Correction: Iraqi strike near Mosul killed six")
    e8 = make_event(a8, 0, "attacked", "ASSAULT", date="2024-08-03", source=STRIKE, target=ISIS, place=MOSUL,
                    confidence=0.7, fatalities=6)
    write(store, [coded(a8, e8)])
    stats = resolve_events(store)
    assert (stats.n_created, stats.n_updated) == (0, 1)
    strike = of_event(store, e8.event_id)
    assert strike["status"] == "corrected" and strike["fatalities"] == 6
    assert (strike["n_mentions"], strike["n_articles"], strike["n_sources"]) == (6, 5, 3)


def test_evidence_puts_each_outlets_best_mention_first(store: Store, corpus: dict[str, CodedArticle]) -> None:
    resolve_events(store)
    rid = resolved_id_of(corpus["a1"].events[0].event_id)
    ev = evidence(store, rid, limit=10)
    # round 1: Reuters 0.9, AP 0.7, AFP 0.6; round 2: AP 0.6, Reuters 0.5
    expected = [corpus["a1"].events[0], corpus["a2"].events[0], corpus["a3"].events[0],
                corpus["a2"].events[1], corpus["a5"].events[0]]
    assert [e["event_id"] for e in ev] == [e.event_id for e in expected]
    assert ev[0]["sentence"] == expected[0].sentence.text
    assert ev[0]["url"] == "https://news.example/a1" and ev[0]["outlet"] == "Reuters"
    assert ev[0]["date"] == "2024-08-03"
    assert [e["event_id"] for e in evidence(store, rid, limit=2)] == [e.event_id for e in expected[:2]]
    assert evidence(store, "r-unknown") == []


def test_recoded_article_replaces_its_mentions(store: Store, corpus: dict[str, CodedArticle]) -> None:
    resolve_events(store)
    a3 = corpus["a3"].article
    new = make_event(a3, 0, "attacked", "ASSAULT", date="2024-08-03", source=STRIKE, target=ISIS, place=MOSUL,
                     confidence=0.65, suffix="v2")
    write(store, [coded(a3, new)], version="2")  # a new coder version: a3's events are replaced
    stats = resolve_events(store)
    assert stats.n_pruned == 1 and stats.n_created == 0
    strike = of_event(store, new.event_id)
    assert strike["resolved_id"] == resolved_id_of(corpus["a1"].events[0].event_id)
    assert (strike["n_mentions"], strike["n_sources"]) == (5, 3)
    old = corpus["a3"].events[0].event_id
    assert store.connection.execute("SELECT count(*) FROM resolved_mentions WHERE event_id = ?", [old]).fetchone() == (0,)


def test_since_limits_the_events_read(store: Store) -> None:
    stats = resolve_events(store, since="2999-01-01")
    assert stats.n_considered == 0 and resolved(store) == []


def test_read_only_store_is_refused(tmp_path: Path, corpus: dict[str, CodedArticle]) -> None:
    db = tmp_path / "ro.duckdb"
    with Store.open(db) as s:
        write(s, list(corpus.values()))
    with Store.open(db, read_only=True) as s, pytest.raises(StoreError, match="read-only"):
        resolve_events(s)


def test_store_made_with_0001_only_migrates_forward(tmp_path: Path, corpus: dict[str, CodedArticle]) -> None:
    old = tmp_path / "migrations"
    old.mkdir()
    shutil.copy(PACKAGED / "0001_init.sql", old / "0001_init.sql")
    db = tmp_path / "old.duckdb"
    with Store.open(db, migrations_dir=old) as s:
        write(s, list(corpus.values()))
    with Store.open(db) as s:
        versions = [r[0] for r in s.connection.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]
        assert versions[:2] == [1, 2]
        assert s.connection.execute("SELECT count(*) FROM events").fetchone() == (9,)
        assert resolve_events(s).n_created == 4
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'resolved_mentions'").fetchall()}
    finally:
        con.close()
    assert {"resolved_id", "event_id", "article_id", "content_hash", "outlet", "url", "sentence_text", "date"} <= cols


@pytest.mark.parametrize(
    ("title", "text", "role"),
    [
        ("Correction: strike killed six", "Iraqi troops attacked.", "correction"),
        ("Strike near Mosul", "Iraqi troops attacked. An earlier version of this article misstated the toll.", "correction"),
        ("Strike near Mosul", "This article has been corrected to show the date.", "correction"),
        ("Retraction: no strike", "Iraqi troops attacked.", "retraction"),
        ("Strike near Mosul", "The attack reported on Saturday did not happen, the ministry said.", "retraction"),
        ("Strike near Mosul", "Iraqi troops attacked. This story has been retracted.", "retraction"),
        ("Russia retracts its claim", "Russia said on Monday that troops attacked.", "mention"),
        ("Strike near Mosul", "Iraqi troops attacked Islamic State fighters.", "mention"),
    ],
)
def test_article_role(title: str, text: str, role: str) -> None:
    assert article_role(title, text) == role


def test_outlet_key_falls_back_to_host_then_article() -> None:
    assert outlet_key(" The  Guardian ", "https://www.theguardian.com/x", "a") == "the guardian"
    assert outlet_key(None, "https://www.theguardian.com/x", "a") == "theguardian.com"
    assert outlet_key(None, None, "a9") == "article:a9"


@pytest.mark.slow
def test_end_to_end_real_coder_two_outlets_one_attack(tmp_path: Path) -> None:
    from flashpoint.pipeline import run

    items = [
        {"id": "wire-1", "outlet": "Wire One", "url": "https://wire-one.example/k1", "date": "2024-03-05",
         "title": "Russian strike on Kharkiv",
         "text": "Russian forces shelled Kharkiv on Monday, killing three civilians. Rescue teams searched the rubble."},
        {"id": "daily-2", "outlet": "Daily Two", "url": "https://daily-two.example/k2", "date": "2024-03-05",
         "title": "Kharkiv shelled",
         "text": "Russian troops shelled the city of Kharkiv on Monday. Three civilians were killed."},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(i) + "\n" for i in items))
    with Store.open(tmp_path / "e2e.duckdb") as s:
        result = run([str(src)], store=s, fmt="jsonl")
        assert result.n_coded == 2
        resolve_events(s)
        rows = [r for r in resolved(s) if r["plover_type"] == "ASSAULT"]
        assert rows, "the coder found no attack"
        top = max(rows, key=lambda r: r["n_sources"])
        assert (top["n_sources"], top["n_articles"]) == (2, 2)
        assert str(top["date"]) == "2024-03-04" and top["source_country"] == "RUS"
        ev = evidence(s, str(top["resolved_id"]))
        assert {e["outlet"] for e in ev} == {"Wire One", "Daily Two"}
        assert all(e["url"] and e["sentence"] for e in ev)
