"""ICEWS and GDELT 2.0 event imports into the store."""

from __future__ import annotations

import csv
import json

import pytest

from flashpoint.coding.ontology import plover_for_cameo
from flashpoint.errors import InputError
from flashpoint.store.db import Store
from flashpoint.store.export import export_events
from flashpoint.store.importers import (
    ICEWS_COLUMNS,
    actor_code,
    country_iso3,
    import_gdelt_events,
    import_icews,
    sector_from_icews,
)
from tests.conftest import shared_path

ROWS = [
    # Event ID, Date, Source Name, Source Sectors, Source Country, Event Text, CAMEO, Intensity, Target Name,
    # Target Sectors, Target Country, Story ID, Sentence Number, Publisher, City, District, Province, Country, Lat, Lon
    ["1", "2018-06-01", "Police (India)", "Government,Police", "India", "Arrest, detain, or charge with legal action",
     "173", "-5", "Citizen (India)", "General Population / Civilian / Social,Social", "India", "s1", "1",
     "The Times of India", "Mumbai", "NA", "Maharashtra", "India", "19.07", "72.88"],
    ["2", "2018-06-01", "High Ranking Military Personnel (Vietnam)", "Military,Government", "Vietnam", "Consult",
     "040", "1", "Foreign Affairs (Bangladesh)", "Executive,Foreign Ministry,Government", "Bangladesh", "s1", "2",
     "The Times of India", "Hanoi", "NA", "Thanh Pho Ha Noi", "Vietnam", "21.02", "105.84"],
    ["3", "2018-06-02", "Israel", "NA", "Israel", "Make statement", "010", "0", "Hamas", "Dissident", "NA", "s2",
     "1", "Reuters News", "NA", "NA", "NA", "NA", "NA", "NA"],  # 010: no PLOVER type, skipped
    ["4", "2018-06-02", "Israel", "NA", "Israel", "Use conventional military force", "190", "-10",
     "Palestinian Civilian", "Social", "Occupied Palestinian Territory", "s2", "2", "Reuters News", "Gaza", "NA",
     "NA", "Occupied Palestinian Territory", "31.5", "34.46"],
    ["4", "2018-06-02", "Israel", "NA", "Israel", "Use conventional military force", "190", "-10",
     "Palestinian Civilian", "Social", "Occupied Palestinian Territory", "s2", "2", "Reuters News", "Gaza", "NA",
     "NA", "Occupied Palestinian Territory", "31.5", "34.46"],  # duplicate event id: once
]


def _write_icews(path, rows=ROWS):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(ICEWS_COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    return path


def test_mapping_helpers():
    assert country_iso3("Russian Federation") == "RUS"
    assert country_iso3("Occupied Palestinian Territory") == "PSE"
    assert country_iso3("NA") is None and country_iso3("") is None
    assert sector_from_icews("Government,Military") == "MIL"
    assert sector_from_icews("Police,Government") == "COP"
    assert sector_from_icews("General Population / Civilian / Social,Social") == "CVL"
    assert sector_from_icews("NA") is None
    assert actor_code("IND", "COP") == "INDCOP" and actor_code(None, "IGO") == "IGO" and actor_code(None, None) is None


def test_import_icews_rows(tmp_path):
    path = _write_icews(tmp_path / "icews.tab")
    with Store.open(tmp_path / "s.duckdb") as store:
        assert import_icews(store, path) == 3  # rows 1, 2, 4 (3 is a comment, the second 4 a duplicate)
        con = store.connection
        arts = con.execute("SELECT article_id, outlet, coder_version FROM articles ORDER BY article_id").fetchall()
        assert arts == [("icews:s1", "The Times of India", "import:icews"), ("icews:s2", "Reuters News", "import:icews")]
        ev = {r[0]: r[1:] for r in con.execute(
            "SELECT event_id, source_code, source_country, target_code, target_country, plover_type, goldstein, date::TEXT,"
            " location_name, location_country FROM events").fetchall()}
        assert ev["icews:1"] == ("INDCOP", "IND", "INDCVL", "IND", "COERCE", -5.0, "2018-06-01", "Mumbai", "IND")
        assert ev["icews:2"][:4] == ("VNMMIL", "VNM", "BGDGOV", "BGD")
        assert ev["icews:4"][:5] == ("ISR", "ISR", "PSECVL", "PSE", "ASSAULT")
        # every span slices the (synthetic) article text to the text beside it
        for record, text in con.execute(
            "SELECT e.record, a.text FROM events e JOIN articles a USING (content_hash)"
        ).fetchall():
            rec = json.loads(record)
            for part in (rec["sentence"], rec["trigger"], rec["source"], rec["target"]):
                s, e = part["span"]
                assert text[s:e] == part["text"]
            assert rec["coder"]["name"] == "import:icews"
        # idempotent
        assert import_icews(store, path) == 0
        assert con.execute("SELECT count(*) FROM events").fetchone() == (3,)


def test_import_icews_rejects_other_files(tmp_path):
    bad = tmp_path / "bad.tab"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with Store.open(":memory:") as store, pytest.raises(InputError):
        import_icews(store, bad)


def test_import_shared_icews_sample(tmp_path):
    path = shared_path("data", "corpora", "icews-2018-sample", "events.2018.sample.tab")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    expected = len({r["Event ID"] for r in rows if plover_for_cameo(r["CAMEO Code"]) is not None})
    with Store.open(tmp_path / "s.duckdb") as store:
        assert import_icews(store, path) == expected
        con = store.connection
        assert con.execute("SELECT count(*) FROM events WHERE coder_version = 'import:icews'").fetchone() == (expected,)
        assert con.execute("SELECT count(DISTINCT article_id) FROM articles").fetchone()[0] == len(
            {r["Story ID"] for r in rows if plover_for_cameo(r["CAMEO Code"]) is not None})
        top = con.execute("SELECT source_country, target_country, count(*) n FROM events GROUP BY ALL "
                          "ORDER BY n DESC LIMIT 1").fetchone()
        assert top[:2] == ("IND", "IND")
        assert import_icews(store, path) == 0


def test_gdelt_round_trip(tmp_path):
    src = _write_icews(tmp_path / "icews.tab")
    out = tmp_path / "events.tsv"
    with Store.open(tmp_path / "a.duckdb") as a:
        import_icews(a, src)
        assert export_events(a, None, "gdelt", out) == 3
        before = sorted(a.connection.execute(
            "SELECT source_code, target_code, source_country, target_country, cameo_code, plover_type, date FROM events"
        ).fetchall())
    with Store.open(tmp_path / "b.duckdb") as b:
        assert import_gdelt_events(b, out) == 3
        after = sorted(b.connection.execute(
            "SELECT source_code, target_code, source_country, target_country, cameo_code, plover_type, date FROM events"
        ).fetchall())
        assert after == before
        assert b.connection.execute("SELECT DISTINCT coder_version FROM events").fetchall() == [("import:gdelt",)]
        assert import_gdelt_events(b, out) == 0


def test_gdelt_header_and_bad_rows(tmp_path):
    row = ["1"] + [""] * 60
    row[1], row[26], row[5], row[7], row[15], row[17] = "20240105", "190", "USAMIL", "USA", "IRN", "IRN"
    row[60] = "https://www.example.com/a"
    path = tmp_path / "g.tsv"
    path.write_text("GLOBALEVENTID\t" + "\t".join(["x"] * 60) + "\n" + "\t".join(row) + "\n", encoding="utf-8")
    with Store.open(":memory:") as store:
        assert import_gdelt_events(store, path) == 1
        got = store.connection.execute(
            "SELECT e.source_code, e.source_country, e.target_country, e.date::TEXT, a.outlet, a.url FROM events e "
            "JOIN articles a USING (content_hash)").fetchone()
        assert got == ("USAMIL", "USA", "IRN", "2024-01-05", "example.com", "https://www.example.com/a")
    bad = tmp_path / "bad.tsv"
    bad.write_text("1\t2\t3\n", encoding="utf-8")
    with Store.open(":memory:") as store, pytest.raises(InputError):
        import_gdelt_events(store, bad)
