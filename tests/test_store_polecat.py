"""POLECAT weekly TSV import into the store (a small file in POLECAT's public layout, written here)."""

from __future__ import annotations

import pytest

from flashpoint.errors import InputError
from flashpoint.store.db import Store
from flashpoint.store.importers import POLECAT_VERSION, import_polecat, polecat_articles, polecat_plover, sector_from_polecat
from flashpoint.store.queries import EventFilter, query_events

HEADER = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector",
    "Recipient Sectors", "Recipient Title", "Wikipedia Recipient ID", "Story ID", "Publisher",
    "Publication Date", "Language", "Placename", "City", "State", "Country", "Latitude", "Longitude",
]


def _row(**kw: str) -> list[str]:
    base = dict.fromkeys(HEADER, "")
    base.update({k.replace("_", " "): v for k, v in kw.items()})
    return [base[h] for h in HEADER]


ROWS = [
    _row(**{"Event ID": "e1", "Event Date": "2023-05-02", "Event Type": "ASSAULT", "Event Mode": "aerial",
            "Event Intensity": "-9", "Quad Code": "4", "Contexts": "military;terrorism",
            "Actor Name": "Russian Armed Forces", "Actor Country": "RUS", "Primary Actor Sector": "Military",
            "Actor Sectors": "Military;Government", "Wikipedia Actor ID": "Q1",
            "Recipient Name": "Kharkiv residents", "Recipient Country": "UKR", "Primary Recipient Sector": "Civilian",
            "Story ID": "s1", "Publisher": "Kyiv Independent", "Publication Date": "2023-05-03", "Language": "en",
            "City": "Kharkiv", "State": "Kharkivska", "Country": "UKR", "Latitude": "49.99", "Longitude": "36.23"}),
    _row(**{"Event ID": "e2", "Event Date": "20230502", "Event Type": "consult", "Event Mode": "Visit",
            "Actor Name": "Emmanuel Macron", "Actor Country": "FRA", "Primary Actor Sector": "Government",
            "Recipient Name": "Olaf Scholz", "Recipient Country": "DEU", "Primary Recipient Sector": "Executive",
            "Story ID": "s1", "Publisher": "Kyiv Independent"}),
    _row(**{"Event ID": "e3", "Event Date": "2023-05-04", "Event Type": "PROTEST", "Event Mode": "demonstrate",
            "Actor Name": "Protesters", "Actor Country": "ISR", "Primary Actor Sector": "Protester",
            "Recipient Name": "Knesset", "Recipient Country": "ISR", "Primary Recipient Sector": "Legislature",
            "Story ID": "s2", "Publisher": "Haaretz", "Placename": "Habima Square", "City": "Tel Aviv",
            "Country": "ISR"}),
    _row(**{"Event ID": "e4", "Event Date": "2023-05-04", "Event Type": "YIELD", "Event Mode": "release",
            "Actor Name": "Hamas", "Primary Actor Sector": "Insurgent", "Recipient Name": "Hostages",
            "Story ID": "s2", "Publisher": "Haaretz"}),
    _row(**{"Event ID": "e5", "Event Date": "2023-05-04", "Event Type": "OTHER", "Story ID": "s2"}),  # not PLOVER
    _row(**{"Event ID": "e3", "Event Date": "2023-05-04", "Event Type": "PROTEST", "Story ID": "s2"}),  # repeated id
    _row(**{"Event ID": "e6", "Event Date": "2023-05-05", "Event Type": "SANCTION", "Event Mode": "unheard-of",
            "Actor Name": "European Union", "Primary Actor Sector": "IGO"}),  # no story: an article of its own
]


def _write(path, header=HEADER, rows=ROWS):
    path.write_text("\t".join(header) + "\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_helpers():
    assert polecat_plover("Protest", "Demonstrate") == ("PROTEST", "demo")
    assert polecat_plover("YIELD", "release") == ("RETREAT", "release")
    assert polecat_plover("YIELD", None) == ("CONCEDE", None)
    assert polecat_plover("ASSAULT", "no-such-mode") == ("ASSAULT", None)
    assert polecat_plover("OTHER", None) is None
    assert sector_from_polecat("Legislature") == "LEG" and sector_from_polecat("Military;Government") == "MIL"
    assert sector_from_polecat("Ministry of Defense") == "GOV"  # falls back to the ICEWS rules
    assert sector_from_polecat("") is None


def test_mapping_to_records(tmp_path):
    arts = list(polecat_articles(_write(tmp_path / "week.tsv")))
    assert [a.article.id for a in arts] == ["polecat:s1", "polecat:s2", "polecat:event-e6"]
    events = {e.event_id: e for a in arts for e in a.events}
    assert sorted(events) == ["polecat:e1", "polecat:e2", "polecat:e3", "polecat:e4", "polecat:e6"]
    s1 = arts[0].article
    assert s1.outlet == "Kyiv Independent" and s1.date == "2023-05-03" and s1.lang == "en"
    e1 = events["polecat:e1"]
    assert (e1.plover.type, e1.plover.mode, e1.plover.context) == ("ASSAULT", "aerial", ("military", "terrorism"))
    assert e1.cameo.code == "195" and e1.cameo.quad_class == 4
    assert e1.date == "2023-05-02" and e1.date_precision == "day"
    assert (e1.source.name, e1.source.country, e1.source.sector, e1.source.code) == (
        "Russian Armed Forces", "RUS", "MIL", "RUSMIL")
    assert (e1.target.country, e1.target.sector, e1.target.code) == ("UKR", "CVL", "UKRCVL")
    assert (e1.location.name, e1.location.country, e1.location.admin1, e1.location.lat, e1.location.precision) == (
        "Kharkiv", "UKR", "Kharkivska", 49.99, "city")
    assert e1.acled is not None and e1.acled.event_type == "Explosions/Remote violence"
    assert e1.coder["polecat_event_id"] == "e1" and e1.coder["intensity"] == -9.0
    assert e1.coder["actor_wikipedia_id"] == "Q1" and e1.coder["synthetic_text"] is True
    e2 = events["polecat:e2"]
    assert e2.date == "2023-05-02" and (e2.plover.type, e2.plover.mode) == ("CONSULT", "visit")
    assert e2.source.code == "FRAGOV" and e2.target.code == "DEUGOV"
    e3, e4 = events["polecat:e3"], events["polecat:e4"]
    assert e3.plover.mode == "demo" and e3.source.sector == "OPP" and e3.target.sector == "LEG"
    assert e3.location.name == "Habima Square" and e3.location.precision == "place"
    assert (e4.plover.type, e4.plover.mode, e4.source.code, e4.source.country) == ("RETREAT", "release", "REB", None)
    e6 = events["polecat:e6"]
    assert e6.plover.mode is None and e6.coder["event_mode"] == "unheard-of" and e6.target is None
    # every span slices the synthetic article text, as the record contract requires
    for a in arts:
        for e in a.events:
            text = a.article.text
            assert text[e.sentence.start:e.sentence.end] == e.sentence.text
            assert text[e.trigger.span[0]:e.trigger.span[1]] == e.trigger.text
            for party in (e.source, e.target):
                if party is not None:
                    assert text[party.span[0]:party.span[1]] == party.text


def test_import_is_idempotent_and_queryable(tmp_path):
    path = _write(tmp_path / "week.tsv")
    with Store.open(tmp_path / "s.duckdb") as st:
        assert import_polecat(st, path) == 5
        assert import_polecat(st, path) == 0
        got = query_events(st, EventFilter(dyad=("RUS", "UKR")))
        assert [e["event_id"] for e in got] == ["polecat:e1"] and got[0]["coder"]["name"] == POLECAT_VERSION
        assert {e["event_id"] for e in query_events(st, EventFilter(plover_type="RETREAT"))} == {"polecat:e4"}
        versions = st.connection.execute("SELECT DISTINCT coder_version FROM events").fetchall()
        assert versions == [(POLECAT_VERSION,)]


def test_bad_files(tmp_path):
    with pytest.raises(InputError, match="not a POLECAT event file"):
        list(polecat_articles(_write(tmp_path / "x.tsv", header=["Foo", "Bar"], rows=[["1", "2"]])))
    rows = [*ROWS[:1], ROWS[1][:5]]
    with pytest.raises(InputError, match=r"week\.tsv:3: expected 31 tab-separated fields, got 5"):
        list(polecat_articles(_write(tmp_path / "week.tsv", rows=rows)))
    with pytest.raises(InputError, match="cannot read"):
        list(polecat_articles(tmp_path / "missing.tsv"))
