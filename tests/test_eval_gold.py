"""Gold readers and the ACLED actor-1 country rule; the real files when ../shared is present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flashpoint.errors import InputError
from flashpoint.eval.acled_actors import actor_country
from flashpoint.eval.gold import (
    PLV_LABELS,
    SET_NAMES,
    available_sets,
    plv_label,
    read_plv,
    read_set,
)

SHARED_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "gold"


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.mark.parametrize(
    ("actor", "iso3"),
    [
        ("Military Forces of Yemen (2012-)", "YEM"),
        ("Military Forces of Yemen (2012-) 170th Air Defence Brigade", "YEM"),
        ("Police Forces of India (2014-)", "IND"),
        ("Police Forces of India (2014-) Border Security Force", "IND"),
        ("Government of Afghanistan (2014-)", "AFG"),
        ("Military Forces of the Democratic Republic of Congo (2019-)", "COD"),
        ("Military Forces of the United States (2017-)", "USA"),
        ("Police Forces of the Ivory Coast (2011-) Prison Guards", "CIV"),
        ("Military Forces of Russia (2000-) Military Police", "RUS"),
        ("Military Forces of Turkey (2016-)", "TUR"),
        ("Protesters (India)", "IND"),
        ("Civilians (Yemen)", "YEM"),
        ("Unidentified Armed Group (Afghanistan)", "AFG"),
        ("Rioters (Palestine)", "PSE"),
        ("Rioters (Democratic Republic of Congo)", "COD"),
        ("Fulani Ethnic Militia (Nigeria)", "NGA"),
        ("Taliban", None),
        ("NATO: North Atlantic Treaty Organization", None),
        ("Protesters (International)", None),
        ("Islamic State (West Africa)", None),
        ("Military Forces of Artsakh (2007-)", None),  # not a country in ISO 3166
        ("CODECO: Cooperative for Development of Congo", None),  # "of Congo" is no state-actor name
        ("Mayi Mayi Militia (Raia Mutomboki)", None),
        ("", None),
    ],
)
def test_actor_country(actor: str, iso3: str | None) -> None:
    assert actor_country(actor) == iso3


def test_plv_label_merges_concede_and_retreat() -> None:
    assert plv_label("CONCEDE") == plv_label("RETREAT") == "YIELD"
    assert plv_label("ASSAULT") == "ASSAULT"
    assert len(PLV_LABELS) == 15


def test_reader_names_file_and_line_of_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "plv" / "plv_train.jsonl"
    good = {"id": "p1", "text": "A hit B.", "source": {"spans": [[0, 1]]}, "target": {"spans": [[6, 7]]},
            "plover": "ASSAULT"}
    _write(path, [good, {**good, "id": "p2", "target": {"spans": [[6, 99]]}}])
    with pytest.raises(InputError) as err:
        list(read_plv(tmp_path))
    assert f"{path}:2" in str(err.value) and "outside the text" in str(err.value)

    path.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"plv_train\.jsonl:2: not JSON"):
        list(read_plv(tmp_path))


def test_missing_file_and_unknown_set(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="gold file not found"):
        read_set("plv", tmp_path)
    with pytest.raises(InputError, match="no ACLED gold files"):
        read_set("acled", tmp_path)
    with pytest.raises(InputError, match="unknown set"):
        read_set("nope", tmp_path)


def test_available_sets(tmp_path: Path) -> None:
    assert available_sets(tmp_path) == []
    _write(tmp_path / "case2021" / "case2021_dev.jsonl", [{"id": "c", "text": "t", "label": "OTHER"}])
    _write(tmp_path / "acled" / "x.jsonl", [])
    assert available_sets(tmp_path) == ["case2021", "acled"]


@pytest.mark.shared
@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason=f"shared gold data not found at {SHARED_GOLD}")
def test_real_gold_files_parse() -> None:
    assert available_sets(SHARED_GOLD) == list(SET_NAMES)
    sizes = {name: len(read_set(name, SHARED_GOLD)) for name in SET_NAMES}
    # the sizes the shared README states
    assert sizes == {"plv": 1049, "conflibert_class": 962, "conflibert_ner": 778, "case2021": 500,
                     "acled": 2369 + 496, "event_location": 8607}
    verbs = [v for it in read_set("event_location", SHARED_GOLD) for v in it.verbs]
    # 10,182 annotated rows, 560 of them a second reading of a verb; the set's gold-standard relabelling ~500
    assert 9_500 < len(verbs) < 9_650 and 450 < sum(v.adjudicated for v in verbs) < 500
    assert 0.5 < sum(bool(v.locations) for v in verbs) / len(verbs) < 0.65
    acled = read_set("acled", SHARED_GOLD)
    covered = [it for it in acled if it.actor1_country is not None]
    # most ACLED actor-1 names carry a country; Taliban alone is ~450 rows without one
    assert 0.6 < len(covered) / len(acled) < 0.9
    assert all(len(it.actor1_country) == 3 for it in covered)
    for it in acled:
        if it.actor1.startswith(("Protesters (", "Civilians (")) and "International" not in it.actor1:
            assert it.actor1_country is not None, it.actor1


def test_acled_event_location_is_compared_with_acleds_own() -> None:
    """An ACLED note's event location counts as ACLED's country, and as its place when the name (or the admin1
    it lies in) matches ACLED's location or admin1 loosely ("Al Hasakeh" is "Hasakeh"); its distance from ACLED's
    point is measured, and the set's share within 161 km, median and mean error follow."""
    from types import SimpleNamespace

    from flashpoint.eval.gold import AcledItem
    from flashpoint.eval.scoring import _location_scores, _where
    from flashpoint.records import Location

    note = AcledItem("n1", "text", "Battles", "Armed clash", 0, "", None, "SYR", "Ras al Ain", "Al Hasakeh",
                     (36.5, 40.75))
    at = SimpleNamespace(location=Location("Hasakeh", (0, 7), "Al-Hasakeh", "SYR", None, 36.5, 40.75))
    elsewhere = SimpleNamespace(location=Location("Tripoli", (0, 7), "Tripoli", "LBY", "Tarabulus", 32.9, 13.2))
    w_at, w_else = _where(at, note), _where(elsewhere, note)
    assert (w_at.located, w_at.country, w_at.place) == (True, True, True) and w_at.km == 0
    assert (w_else.located, w_else.country, w_else.place) == (True, False, False) and 2_500 < w_else.km < 3_000
    unplaced = SimpleNamespace(location=Location("Hasakeh", (0, 7), "Al-Hasakeh", "SYR", None))  # no coordinates
    assert _where(unplaced, note).km is None and _where(unplaced, note).place
    none = _where(SimpleNamespace(location=None), note)
    assert not none.located and none.km is None and _where(None, note) == none
    near = SimpleNamespace(location=Location("Tell Tamer", (0, 10), "Tell Tamer", "SYR", None, 36.65, 40.37))
    scores = _location_scores([w_at, w_else, _where(near, note), none])
    assert scores["n"] == 4 and scores["located"] == 0.75 and scores["country"] == 0.5
    assert scores["within_161km"] == 0.5  # the exact and the 37 km answers, of four notes
    assert 30 < scores["median_km"] < 45 and scores["mean_km"] > 800


def _location_row(text: str, verb: str, places: list[str], source: str = "APW_RA", answer: str | None = None,
                  token_spans: bool = False) -> dict:
    """A row of the event-location set: tokens split on spaces, the verb and place spans by characters (or,
    as some rows have them, with token indices in `start`/`end`)."""
    toks, at = [], 0
    for i, word in enumerate(text.split(" ")):
        toks.append({"id": i, "start": at, "end": at + len(word), "text": word})
        at += len(word) + 1

    def span(words: str, label: str) -> dict:
        s = text.index(words)
        i = next(t["id"] for t in toks if t["start"] == s)
        j = next(t["id"] for t in toks if t["end"] == s + len(words))
        out = {"start": i if token_spans else s, "end": j if token_spans else s + len(words),
               "token_start": i, "token_end": j, "label": label, "text": words}
        return out

    row = {"_id": f"{source}_{verb}", "source": source, "text": text, "tokens": toks,
           "spans": [span(verb, "VERB")] + [span(p, "LOCATION") for p in places]}
    if answer is not None:
        row["answer"] = answer
    return row


def _write_location_zip(gold: Path, rows: list[dict]) -> None:
    import zipfile

    path = gold / "event_location" / "labeled_text.jsonl.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("__MACOSX/._labeled_text.jsonl", b"\x00\x05")
        zf.writestr("labeled_text.jsonl", json.dumps(rows))


def test_event_location_rows_become_one_item_per_sentence(tmp_path: Path) -> None:
    """Rows of one sentence are one item; token-indexed spans read as their words; a verb annotated twice keeps
    the gold-standard relabelling where there is one, else every annotator's places; rejected rows and rows
    whose spans slice to other words are left out."""
    from flashpoint.eval.gold import read_event_location

    s1 = "Rebels attacked Kabul and police marched in Herat ."
    s2 = "Troops patrolled the streets of Gao on Monday ."
    broken = _location_row("Gunmen shot two men in Homs .", "shot", ["Homs"])
    broken["spans"][1]["text"] = "Hama"  # its words are not the text's
    rows = [
        _location_row(s1, "attacked", ["Kabul"], token_spans=True),
        _location_row(s1, "marched", ["Herat"], source="RELABEL"),
        _location_row(s1, "marched", ["Kabul"]),  # one annotator; the relabelling wins
        _location_row(s2, "patrolled", ["Gao"]),
        _location_row(s2, "patrolled", []),  # another annotator saw no place: Gao still counts
        _location_row("Rebels fled .", "fled", [], answer="reject"),
        broken,
    ]
    _write_location_zip(tmp_path, rows)
    items = read_set("event_location", tmp_path)
    assert [it.text for it in items] == [s1, s2]
    (attacked, marched), (patrolled,) = items[0].verbs, items[1].verbs
    assert s1[slice(*attacked.span)] == "attacked" and [s1[slice(*p)] for p in attacked.locations] == ["Kabul"]
    assert [s1[slice(*p)] for p in marched.locations] == ["Herat"] and marched.adjudicated
    assert [s2[slice(*p)] for p in patrolled.locations] == ["Gao"] and not patrolled.adjudicated
    assert items[0].id != items[1].id and items[0].id.startswith("el-")
    assert available_sets(tmp_path) == ["event_location"]


def test_event_location_unreadable_archive_is_named(tmp_path: Path) -> None:
    path = tmp_path / "event_location" / "labeled_text.jsonl.zip"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="labeled_text.jsonl.zip"):
        read_set("event_location", tmp_path)
