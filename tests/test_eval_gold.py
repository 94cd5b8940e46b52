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
                     "acled": 2369 + 496}
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
    it lies in) matches ACLED's location or admin1 loosely ("Al Hasakeh" is "Hasakeh")."""
    from types import SimpleNamespace

    from flashpoint.eval.gold import AcledItem
    from flashpoint.eval.scoring import _where
    from flashpoint.records import Location

    note = AcledItem("n1", "text", "Battles", "Armed clash", 0, "", None, "SYR", "Ras al Ain", "Al Hasakeh")
    at = SimpleNamespace(location=Location("Hasakeh", (0, 7), "Al-Hasakeh", "SYR", None))
    elsewhere = SimpleNamespace(location=Location("Tripoli", (0, 7), "Tripoli", "LBY", "Tarabulus"))
    assert _where(at, note, 0, 0, 0) == (1, 1, 1)
    assert _where(elsewhere, note, 0, 0, 0) == (1, 0, 0)
    assert _where(SimpleNamespace(location=None), note, 0, 0, 0) == (0, 0, 0)
    assert _where(None, note, 2, 1, 1) == (2, 1, 1)
