from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from flashpoint.errors import InputError
from flashpoint.store import EventFilter, Store, export_events, import_jsonl, query_events
from flashpoint.store.export import FLAT_COLUMNS
from flashpoint.store.gdelt import GDELT_COLUMNS, global_event_id, iso3_to_fips, split_actor_code
from tests.test_store_factory import corpus


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "events.duckdb") as s:
        run = s.start_run("test-coder", "1.0", {})
        s.write_many(corpus(), run, "1.0")
        yield s


def by_id() -> dict[str, dict]:
    return {e.event_id: e.to_dict() for c in corpus() for e in c.events}


def assault_id() -> str:
    return corpus()[0].events[0].event_id


def test_csv_parses_with_expected_header(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export_events(store, None, "csv", out) == 6
    with open(out, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    assert header[:8] == ["event_id", "content_hash", "article_id", "coder_version", "run_id", "date",
                          "date_precision", "plover_type"]
    assert header == list(FLAT_COLUMNS) and "record" not in header and header[-1] == "added_at"
    for col in ("source_code", "target_code", "location_lat", "cameo_code", "goldstein", "quad_class",
                "trigger_text", "sentence_text", "attribution_name", "fatalities", "confidence"):
        assert col in header
    assert len(rows) == 6 and all(len(r) == len(header) for r in rows)
    rec = {r[0]: dict(zip(header, r)) for r in rows}[assault_id()]
    assert (rec["date"], rec["plover_type"], rec["plover_context"], rec["cameo_code"]) == (
        "2024-08-03", "ASSAULT", "military", "190")
    assert (rec["source_code"], rec["target_code"], rec["location_name"], rec["fatalities"]) == (
        "IRQMIL", "IMGMUSISI", "Mosul", "4")
    assert float(rec["goldstein"]) == -10.0 and rec["target_country"] == ""


def test_csv_to_stream_with_filter(store: Store) -> None:
    buf = io.StringIO()
    assert export_events(store, EventFilter(country="IRN"), "csv", buf) == 2
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert [r["plover_type"] for r in rows] == ["ACCUSE", "AID"]


def test_jsonl_round_trip_is_lossless(store: Store, tmp_path: Path) -> None:
    first = tmp_path / "a.jsonl"
    assert export_events(store, None, "jsonl", first) == 6
    lines = first.read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["event_id"]: json.loads(line) for line in lines} == by_id()
    with Store.open(tmp_path / "fresh.duckdb") as fresh:
        assert import_jsonl(fresh, first) == 6
        assert query_events(fresh) == query_events(store)
        second = tmp_path / "b.jsonl"
        export_events(fresh, None, "jsonl", second)
        # the flat columns are rebuilt from the records too
        cols = ", ".join(c for c in FLAT_COLUMNS if c not in ("content_hash", "run_id", "added_at", "coder_version"))
        q = f"SELECT {cols} FROM events ORDER BY event_id"
        assert fresh.connection.execute(q).fetchall() == store.connection.execute(q).fetchall()
        assert fresh.connection.execute("SELECT count(*) FROM actors").fetchone() == (11,)
        # importing again replaces rather than duplicates
        import_jsonl(fresh, first)
        assert len(query_events(fresh)) == 6
    assert second.read_bytes() == first.read_bytes()


def test_import_keeps_fields_added_to_the_contract(tmp_path: Path) -> None:
    rec = next(iter(by_id().values()))
    rec["tone"] = -3.5  # "fields may be added": an unknown field must survive
    rec["source"]["wikidata"] = "Q796"
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n\n", encoding="utf-8")
    with Store.open(":memory:") as s:
        assert import_jsonl(s, path) == 1
        assert query_events(s) == [rec]


def test_import_names_the_bad_line(tmp_path: Path) -> None:
    rec = next(iter(by_id().values()))
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(rec) + "\n" + '{"event_id": "x"}\n', encoding="utf-8")
    with Store.open(":memory:") as s, pytest.raises(InputError, match=r"bad\.jsonl:2"):
        import_jsonl(s, path)


def test_parquet_readable_with_duckdb(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out" / "events.parquet"
    assert export_events(store, EventFilter(min_confidence=0.7), "parquet", out) == 3
    con = duckdb.connect()
    rows = con.execute(
        "SELECT event_id, plover_type, source_code, goldstein, plover_context, record FROM read_parquet(?) ORDER BY date",
        [str(out)],
    ).fetchall()
    assert [r[1] for r in rows] == ["ASSAULT", "PROTEST", "AGREE"]
    assert rows[0][2:5] == ("IRQMIL", -10.0, ["military"])
    assert json.loads(rows[0][5]) == by_id()[rows[0][0]]
    names = [d[0] for d in con.execute("SELECT * FROM read_parquet(?) LIMIT 0", [str(out)]).description]
    assert names == [*FLAT_COLUMNS, "record"]


def test_parquet_needs_a_path_and_formats_are_checked(store: Store) -> None:
    with pytest.raises(InputError, match="path"):
        export_events(store, None, "parquet", io.StringIO())
    with pytest.raises(InputError, match="unknown format"):
        export_events(store, None, "xml", io.StringIO())


def gdelt_rows(store: Store, flt: EventFilter | None = None) -> list[dict[str, str]]:
    buf = io.StringIO()
    export_events(store, flt, "gdelt", buf)
    lines = buf.getvalue().split("\n")
    assert lines[-1] == ""
    rows = [line.split("\t") for line in lines[:-1]]
    assert all(len(r) == 61 for r in rows)
    return [dict(zip(GDELT_COLUMNS, r)) for r in rows]


def test_gdelt_has_61_columns_and_the_right_values(store: Store) -> None:
    rows = gdelt_rows(store)
    assert len(rows) == 6
    assert not any(v.startswith("GlobalEventID") for r in rows for v in r.values())  # no header
    r = {row["GlobalEventID"]: row for row in rows}[str(global_event_id(assault_id()))]
    assert (r["Day"], r["MonthYear"], r["Year"]) == ("20240803", "202408", "2024")
    assert r["FractionDate"] == f"{2024 + (8 * 30 + 3) / 365:.4f}"
    assert (r["EventCode"], r["EventBaseCode"], r["EventRootCode"], r["QuadClass"]) == ("190", "190", "19", "4")
    assert float(r["GoldsteinScale"]) == -10.0
    assert (r["Actor1Code"], r["Actor1Name"], r["Actor1CountryCode"], r["Actor1Type1Code"]) == (
        "IRQMIL", "Iraqi troops", "IRQ", "MIL")
    assert (r["Actor2Code"], r["Actor2CountryCode"], r["Actor2Type1Code"], r["Actor2Type2Code"]) == (
        "IMGMUSISI", "", "REB", "IMG")
    assert (r["Actor2Religion1Code"], r["Actor2KnownGroupCode"]) == ("MUS", "ISI")
    assert (r["ActionGeo_Type"], r["ActionGeo_CountryCode"], r["ActionGeo_FullName"]) == ("4", "IZ", "Mosul, Iraq")
    assert (float(r["ActionGeo_Lat"]), float(r["ActionGeo_Long"])) == (36.34, 43.13)
    assert r["Actor1Geo_Type"] == "0" and r["Actor1Geo_FullName"] == ""
    assert r["IsRootEvent"] == "1"  # first sentence
    assert r["SOURCEURL"] == "https://news.example/a1"
    assert len(r["DATEADDED"]) == 14 and r["DATEADDED"].isdigit()
    assert (r["NumMentions"], r["NumSources"], r["NumArticles"], r["AvgTone"]) == ("1", "1", "1", "")


def test_gdelt_known_group_and_filter(store: Store) -> None:
    (r,) = gdelt_rows(store, EventFilter(plover_type="AGREE"))
    assert (r["Actor1Code"], r["Actor1CountryCode"], r["Actor1Type1Code"]) == ("ISRGOV", "ISR", "GOV")
    assert (r["Actor2Code"], r["Actor2CountryCode"], r["Actor2KnownGroupCode"], r["Actor2Type1Code"]) == (
        "PSEREBHMS", "PSE", "HMS", "REB")
    assert (r["EventCode"], r["QuadClass"], r["GoldsteinScale"], r["Day"]) == ("057", "1", "8", "20240831")
    assert r["EventBaseCode"] == "057" and r["EventRootCode"] == "05" and r["IsRootEvent"] == "1"


def test_global_event_id_is_stable_and_positive() -> None:
    a, b = global_event_id("evt-1"), global_event_id("evt-2")
    assert a == global_event_id("evt-1") and a != b
    assert 0 < a < 2**63 and 0 < b < 2**63


def test_iso3_to_fips() -> None:
    # FIPS 10-4 differs from ISO for these
    assert [iso3_to_fips(c) for c in ("IRQ", "DEU", "GBR", "USA", "RUS", "CHN")] == ["IZ", "GM", "UK", "US", "RS", "CH"]
    assert iso3_to_fips(None) == "" and iso3_to_fips("ZZZ") == ""


def test_split_actor_code() -> None:
    d = split_actor_code("USAGOVMIL", "USA", "GOV")
    assert (d["CountryCode"], d["Type1Code"], d["Type2Code"], d["KnownGroupCode"]) == ("USA", "GOV", "MIL", "")
    d = split_actor_code(None, None, None)
    assert all(v == "" for v in d.values())


def test_gdelt_day_falls_back_to_the_publication_date() -> None:
    from flashpoint.records import CodedArticle
    from tests.test_store_factory import T1, make_article, make_event, sentences_of

    a = make_article("undated", T1, "2024-08-04T10:00:00Z")
    ev = make_event(a, 1, "praised", "CONSULT", date=None,
                    source=("The United States", "USA", "USA", None), target=("Iraq", "IRQ", "IRQ", None))
    with Store.open(":memory:") as s:
        s.write(CodedArticle(a, tuple(sentences_of(T1)), (ev,)), s.start_run("t", "1", {}), "1")
        (r,) = gdelt_rows(s)
    assert (r["Day"], r["Year"], r["IsRootEvent"], r["ActionGeo_Type"]) == ("20240804", "2024", "0", "0")
