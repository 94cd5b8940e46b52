"""Dyad series against values computed by hand on a small store (arithmetic in the comments)."""

from __future__ import annotations

import pytest

from flashpoint.coding.ontology import plover_for_cameo, to_cameo
from flashpoint.errors import InputError
from flashpoint.records import ActorRef, Article, CodedArticle, Event, Plover, Sentence, Trigger
from flashpoint.store.db import Store
from flashpoint.watch.series import LADDER, all_dyad_series, dyad_series, series_source, top_dyads

TEXT = "Something happened."


def _actor(code: str) -> ActorRef:
    return ActorRef(text=code, span=(0, 9), name=code, code=code, country=code[:3], sector=code[3:] or None)


def _event(eid: str, art: str, day: str, cameo: str, src: str, tgt: str, modality: str = "asserted",
           fatalities: int | None = None) -> Event:
    ptype, mode = plover_for_cameo(cameo)  # type: ignore[misc]
    return Event(
        event_id=eid, article_id=art, sentence=Sentence(0, TEXT, 0, len(TEXT)), trigger=Trigger("Something", (0, 9)),
        date=day, date_precision="day", plover=Plover(ptype, mode), cameo=to_cameo(cameo), acled=None,
        source=_actor(src), target=_actor(tgt), location=None, modality=modality, attribution=None,
        fatalities=fatalities, confidence=0.9,
    )


def _article(aid: str, outlet: str, day: str, events: list[Event]) -> CodedArticle:
    art = Article(id=aid, text=f"{TEXT} ({aid})", outlet=outlet, date=day)
    return CodedArticle(article=art, events=tuple(events))


# Goldstein (flashpoint ontology): 112 ACCUSE -2.0 q3; 138 THREATEN -7.0 q3; 040 CONSULT 1.0 q1;
# 190 ASSAULT -10.0 q4; 150 MOBILIZE -7.2 q4; 163 SANCTION -8.0 q4; 030 AGREE 4.0 q1.
FIXTURE = [
    _article("a1", "Reuters", "2024-01-01", [
        _event("e1", "a1", "2024-01-01", "112", "USAGOV", "IRNGOV"),
        _event("e2", "a1", "2024-01-01", "138", "USAGOV", "IRNGOV"),
        _event("e3", "a1", "2024-01-01", "040", "IRNGOV", "USAGOV"),
    ]),
    _article("a2", "AP", "2024-01-01", [
        _event("e4", "a2", "2024-01-01", "190", "USAMIL", "IRNMIL", fatalities=3),
        _event("e5", "a2", "2024-01-01", "112", "USAGOV", "IRNGOV", modality="denied"),  # never counted
    ]),
    _article("a3", "Reuters", "2024-01-03", [
        _event("e6", "a3", "2024-01-03", "150", "USAMIL", "IRN"),
        _event("e7", "a3", "2024-01-03", "030", "GBRGOV", "FRAGOV"),
    ]),
    _article("a4", "AFP", "2024-01-08", [_event("e8", "a4", "2024-01-08", "163", "USAGOV", "IRNGOV")]),
]


@pytest.fixture()
def store(tmp_path):
    s = Store.open(tmp_path / "series.duckdb")
    run = s.start_run("test", "t1", {})
    s.write_many(FIXTURE, run, "t1")
    yield s
    s.close()


def test_directed_daily_country_series(store):
    rows = dyad_series(store, "USA", "IRN")
    assert series_source(store) == "events"
    # from the dyad's first event (Jan 1) to the last event in the store (Jan 8): 8 days
    assert [r["period"] for r in rows] == [f"2024-01-0{d}" for d in range(1, 9)]
    d1 = rows[0]
    # Jan 1, USA->IRN: e1 ACCUSE, e2 THREATEN, e4 ASSAULT (e5 is denied: left out)
    assert d1["n_events"] == 3 and d1["n_weighted"] == 3
    assert d1["n_sources"] == 2  # Reuters (a1) and AP (a2)
    assert d1["n_conflict"] == 3
    assert d1["by_type"] == {"ACCUSE": 1, "ASSAULT": 1, "THREATEN": 1}
    assert d1["by_quad"] == {3: 2, 4: 1}
    assert d1["goldstein_sum"] == pytest.approx(-19.0)  # -2 - 7 - 10
    assert d1["goldstein_mean"] == pytest.approx(-19.0 / 3)
    assert d1["conflict_share"] == 1.0
    assert (d1["max_rung"], d1["max_rung_type"]) == (5, "ASSAULT")
    assert d1["fatalities"] == 3
    # all counted events on Jan 1: e1, e2, e3, e4 = 4 -> 3 / 4
    assert d1["total_events"] == 4 and d1["volume_share"] == pytest.approx(0.75)
    d2 = rows[1]  # Jan 2: nothing at all
    assert d2["n_events"] == 0 and d2["goldstein_mean"] is None and d2["conflict_share"] is None
    assert d2["max_rung"] == 0 and d2["max_rung_type"] is None and d2["volume_share"] == 0.0
    d3 = rows[2]  # Jan 3: e6 MOBILIZE; all events that day e6, e7 -> 1 / 2
    assert (d3["n_events"], d3["n_sources"], d3["max_rung"], d3["max_rung_type"]) == (1, 1, 3, "MOBILIZE")
    assert d3["goldstein_sum"] == pytest.approx(-7.2) and d3["volume_share"] == pytest.approx(0.5)
    d8 = rows[7]  # Jan 8: e8 SANCTION (rung 3), the only event that day
    assert (d8["n_events"], d8["max_rung"], d8["max_rung_type"], d8["volume_share"]) == (1, 3, "SANCTION", 1.0)


def test_undirected_adds_the_reverse_direction(store):
    d1 = dyad_series(store, "IRN", "USA", directed=False)[0]
    # e1, e2, e4 plus e3 (IRN->USA CONSULT +1.0): sum -18, mean -4.5, conflict 3 of 4
    assert d1["n_events"] == 4
    assert d1["goldstein_sum"] == pytest.approx(-18.0)
    assert d1["goldstein_mean"] == pytest.approx(-4.5)
    assert d1["conflict_share"] == pytest.approx(0.75)
    assert d1["volume_share"] == pytest.approx(1.0)
    assert dyad_series(store, "IRN", "USA")[0]["n_events"] == 1  # directed: e3 only


def test_weekly_series(store):
    rows = dyad_series(store, "USA", "IRN", freq="week")
    assert [r["period"] for r in rows] == ["2024-01-01", "2024-01-08"]  # weeks start on Monday
    w1 = rows[0]
    # week 1: e1, e2, e4, e6: -2 - 7 - 10 - 7.2 = -26.2; all events that week: e1-e4, e6, e7 = 6
    assert w1["n_events"] == 4 and w1["n_sources"] == 2
    assert w1["goldstein_sum"] == pytest.approx(-26.2)
    assert w1["goldstein_mean"] == pytest.approx(-6.55)
    assert w1["volume_share"] == pytest.approx(4 / 6)
    assert rows[1]["n_events"] == 1


def test_actor_level_matches_code_prefixes(store):
    rows = dyad_series(store, "USAGOV", "IRN", level="actor")
    # USAGOV -> IRN*: e1, e2 on Jan 1 (-9), e8 on Jan 8; e4/e6 are USAMIL
    assert rows[0]["n_events"] == 2 and rows[0]["goldstein_sum"] == pytest.approx(-9.0)
    assert sum(r["n_events"] for r in rows) == 3
    assert sum(r["n_events"] for r in dyad_series(store, "USA", "IRN", level="actor")) == 5


def test_start_end_bound_the_periods(store):
    rows = dyad_series(store, "USA", "IRN", start="2023-12-30", end="2024-01-02")
    assert [r["period"] for r in rows] == ["2023-12-30", "2023-12-31", "2024-01-01", "2024-01-02"]
    assert [r["n_events"] for r in rows] == [0, 0, 3, 0]
    assert dyad_series(store, "USA", "CHN") == []


def test_bad_arguments(store):
    with pytest.raises(InputError):
        dyad_series(store, "USA", "IRN", freq="month")
    with pytest.raises(InputError):
        dyad_series(store, "USA", "IRN", level="city")
    with pytest.raises(InputError):
        dyad_series(store, "USA", "IRN", start="yesterday")


def test_top_and_all_dyads(store):
    top = top_dyads(store, 2)
    # USA->IRN e1 e2 e4 e6 e8 = 5; then IRN->USA (1) and GBR->FRA (1): tie broken by name
    assert [(t["source"], t["target"], t["n_events"]) for t in top] == [("USA", "IRN", 5), ("GBR", "FRA", 1)]
    assert top[0]["n_sources"] == 3  # Reuters, AP, AFP
    latest = top_dyads(store, 5, freq="day")  # only Jan 8 counts
    assert [(t["source"], t["target"], t["n_events"]) for t in latest] == [("USA", "IRN", 1)]
    series = all_dyad_series(store, min_events=2)
    assert list(series) == [("USA", "IRN")]
    assert series[("USA", "IRN")] == dyad_series(store, "USA", "IRN")
    undirected = all_dyad_series(store, directed=False, min_events=2)
    assert list(undirected) == [("IRN", "USA")]
    assert undirected[("IRN", "USA")][0]["n_events"] == 4
    assert set(all_dyad_series(store, dyads=[("GBR", "FRA")])) == {("GBR", "FRA")}


def test_ladder_order():
    assert LADDER["ACCUSE"] < LADDER["THREATEN"] < LADDER["SANCTION"] == LADDER["MOBILIZE"] < LADDER["COERCE"] < LADDER["ASSAULT"]


def test_resolved_events_are_used_when_present(store):
    con = store.connection
    con.execute("DELETE FROM resolved_events")
    con.execute("DELETE FROM resolved_mentions")
    con.execute("""INSERT INTO resolved_events (resolved_id, plover_type, quad_class, goldstein, source_code,
        source_country, target_code, target_country, date, n_mentions, n_sources, n_articles, fatalities, status, rule) VALUES
        ('r1', 'ASSAULT', 4, -10.0, 'USAMIL', 'USA', 'IRNMIL', 'IRN', '2024-01-01', 3, 2, 2, 3, 'active', 't'),
        ('r2', 'ACCUSE', 3, -2.0, 'USAGOV', 'USA', 'IRNGOV', 'IRN', '2024-01-01', 2, 2, 2, NULL, 'active', 't'),
        ('r3', 'THREATEN', 3, -7.0, 'USAGOV', 'USA', 'IRNGOV', 'IRN', '2024-01-01', 1, 1, 1, NULL, 'retracted', 't')""")
    con.execute("""INSERT INTO resolved_mentions (resolved_id, event_id, seq, role, article_id, outlet, source_key)
        VALUES ('r1', 'e4', 0, 'mention', 'a2', 'AP', 'AP'), ('r1', 'x1', 1, 'mention', 'b1', 'BBC', 'BBC'),
        ('r2', 'e1', 0, 'mention', 'a1', 'Reuters', 'Reuters'), ('r2', 'x2', 1, 'mention', 'b2', 'BBC', 'BBC'),
        ('r3', 'e2', 0, 'mention', 'a1', 'Reuters', 'Reuters')""")
    assert series_source(store) == "resolved_events"
    rows = dyad_series(store, "USA", "IRN")
    assert len(rows) == 1  # the last resolved event is on Jan 1
    d1 = rows[0]
    # r1 + r2 (r3 retracted): 2 events, weighted 2 + 2 = 4, outlets {AP, BBC, Reuters} = 3
    assert (d1["n_events"], d1["n_weighted"], d1["n_sources"]) == (2, 4, 3)
    assert d1["goldstein_sum"] == pytest.approx(-12.0) and d1["fatalities"] == 3
    assert d1["volume_share"] == 1.0
