"""The event ontology: CAMEO table, CAMEO -> PLOVER mapping, ACLED rules, CASE 2021 labels."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from flashpoint.coding import ontology as o
from flashpoint.errors import InputError
from flashpoint.records import PLOVER_TYPES, Acled, Cameo

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CAMEO_REF = SHARED / "data" / "reference" / "cameo"
needs_shared = pytest.mark.skipif(not CAMEO_REF.exists(), reason="../shared reference data not available")


def test_cameo_info_hand_checked_values() -> None:
    # CAMEO.goldsteinscale.txt: 190 -10.0, 040 1.0, 0874 (retreat/surrender) 10.0; quad by root
    assert o.cameo_info("190") == o.CameoInfo("190", "Use conventional military force", "19", -10.0, 4)
    info = o.cameo_info("040")
    assert (info.goldstein, info.quad_class, info.root) == (1.0, 1, "04")
    assert o.cameo_info("0874").goldstein == 10.0
    assert o.cameo_info("0874").quad_class == 2
    assert o.cameo_info("112").quad_class == 3
    assert o.cameo_info("143").quad_class == 4


def test_disputed_conventions_are_the_documented_ones() -> None:
    # GDELT values where GDELT and the CAMEO codebook disagree
    assert o.cameo_info("016").goldstein == -2.0
    assert o.cameo_info("022").goldstein == 3.2
    assert o.cameo_info("164").goldstein == -7.0
    assert o.cameo_info("165").goldstein == -6.5
    assert all(o.cameo_info(c).quad_class == 4 for c in ("16", "160", "163", "1663"))
    assert "016=-2.0" in o.CONVENTIONS["goldstein"]
    assert "16 = 4" in o.CONVENTIONS["quad_class"]


def test_names_come_from_the_codebook_not_the_broken_gdelt_list() -> None:
    assert o.cameo_info("101").name == "Demand material cooperation"  # GDELT: "Demand information, investigation"
    assert o.cameo_info("044").name == "Meet at a 'third' location"


def test_unknown_code_is_an_input_error() -> None:
    with pytest.raises(InputError):
        o.cameo_info("999")
    with pytest.raises(InputError):
        o.plover_for_cameo("")


def test_to_cameo_record() -> None:
    assert o.to_cameo("186") == Cameo(code="186", root="18", goldstein=-10.0, quad_class=4)


def test_every_mapped_code_is_in_the_cameo_table_and_vice_versa() -> None:
    codes = set(o.cameo_codes())
    mapped = set(o._plover_table())
    assert codes == mapped
    assert len(codes) > 300


def test_mapping_uses_plover_types_and_manual_modes() -> None:
    for code in o.cameo_codes():
        pm = o.plover_for_cameo(code)
        if pm is None:
            assert o.cameo_info(code).root == "01", code  # only CAMEO comments are not PLOVER events
            continue
        ptype, mode = pm
        assert ptype in PLOVER_TYPES, code
        assert mode is None or mode in o.PLOVER_MODES[ptype], (code, mode)


def test_mapping_by_hand() -> None:
    assert o.plover_for_cameo("010") is None
    assert o.plover_for_cameo("015") is None
    assert o.plover_for_cameo("020") == ("REQUEST", None)
    assert o.plover_for_cameo("0253") == ("REQUEST", "yield")
    assert o.plover_for_cameo("036") == ("AGREE", None)
    assert o.plover_for_cameo("0356") == ("CONCEDE", None)
    assert o.plover_for_cameo("042") == ("CONSULT", "visit")
    assert o.plover_for_cameo("057") == ("SUPPORT", None)
    assert o.plover_for_cameo("0841") == ("RETREAT", "release")
    assert o.plover_for_cameo("0871") == ("RETREAT", "ceasefire")
    assert o.plover_for_cameo("090") == ("ACCUSE", "investigate")
    assert o.plover_for_cameo("1121") == ("ACCUSE", "allege")
    assert o.plover_for_cameo("116") == ("SANCTION", "convict")
    assert o.plover_for_cameo("163") == ("SANCTION", "discontinue")
    assert o.plover_for_cameo("145") == ("PROTEST", "riot")
    assert o.plover_for_cameo("154") == ("MOBILIZE", "troops")
    assert o.plover_for_cameo("173") == ("COERCE", "arrest")
    assert o.plover_for_cameo("181") == ("ASSAULT", "abduct")
    assert o.plover_for_cameo("1952") == ("ASSAULT", "drone")
    assert o.plover_for_cameo("192") == ("COERCE", "seize")
    assert o.plover_for_cameo("2041") == ("ASSAULT", "unconventional")


@pytest.mark.parametrize("ptype", PLOVER_TYPES)
def test_default_cameo_round_trips(ptype: str) -> None:
    assert o.plover_for_cameo(o.default_cameo(ptype))[0] == ptype
    for mode in o.PLOVER_MODES[ptype]:
        code = o.default_cameo(ptype, mode)
        assert o.plover_for_cameo(code)[0] == ptype, (ptype, mode, code)


def test_default_cameo_uses_the_mode_where_a_code_has_it() -> None:
    assert o.default_cameo("ASSAULT", "drone") == "1952"
    assert o.default_cameo("COERCE", "arrest") == "173"
    assert o.default_cameo("RETREAT", "resign") == "0831"
    assert o.plover_for_cameo(o.default_cameo("PROTEST", "riot")) == ("PROTEST", "riot")
    with pytest.raises(InputError):
        o.default_cameo("YIELD")


def test_penta_and_quad() -> None:
    assert [o.penta_class(c) for c in ("010", "020", "040", "070", "112", "163", "143", "190")] == [
        0, 0, 1, 2, 3, 3, 4, 4,
    ]
    assert o.plover_quad("SANCTION") == 4
    assert o.plover_quad("CONCEDE") == 1
    assert set(o.QUAD_NAMES) == {1, 2, 3, 4}


@pytest.mark.parametrize(
    ("args", "kw", "expected"),
    [
        (("ASSAULT", "aerial", "195"), {}, ("Explosions/Remote violence", "Air/drone strike")),
        (("ASSAULT", None, "190"), {"weapon": "drone strike"}, ("Explosions/Remote violence", "Air/drone strike")),
        (("ASSAULT", None, "190"), {"weapon": "mortar shells"}, ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
        (("ASSAULT", None, "180"), {"weapon": "roadside bomb"}, ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        (("ASSAULT", None, "180"), {"weapon": "hand grenade"}, ("Explosions/Remote violence", "Grenade")),
        (("ASSAULT", "suicide-attack", "1831"), {}, ("Explosions/Remote violence", "Suicide bomb")),
        (("ASSAULT", "unconventional", "2041"), {}, ("Explosions/Remote violence", "Chemical weapon")),
        (("ASSAULT", None, "1823"), {"source_sector": "REB", "target_sector": "CVL"}, ("Violence against civilians", "Attack")),
        (("ASSAULT", None, "186"), {"source_sector": "UAF"}, ("Violence against civilians", "Attack")),
        (("ASSAULT", "abduct", "181"), {"source_sector": "REB"}, ("Violence against civilians", "Abduction/forced disappearance")),
        (("ASSAULT", "sexual", "1821"), {}, ("Violence against civilians", "Sexual violence")),
        (("ASSAULT", "firearms", "193"), {"source_sector": "MIL", "target_sector": "REB"}, ("Battles", "Armed clash")),
        (("ASSAULT", None, "190"), {}, ("Battles", "Armed clash")),
        (("ASSAULT", None, "180"), {"source_sector": "CVL", "target_sector": "CVL"}, ("Riots", "Mob violence")),
        (("ASSAULT", None, "190"), {"source_sector": "OPP", "target_sector": "COP"}, ("Riots", "Violent demonstration")),
        (("ASSAULT", "crowd-control", "175"), {"source_sector": "COP"}, ("Protests", "Protest with intervention")),
        (("ASSAULT", "crowd-control", "175"), {"fatalities": 3}, ("Protests", "Excessive force against protesters")),
        (("ASSAULT", "destroy", "1712"), {}, ("Strategic developments", "Looting/property destruction")),
        (("PROTEST", "demo", "141"), {}, ("Protests", "Peaceful protest")),
        (("PROTEST", "riot", "145"), {}, ("Riots", "Violent demonstration")),
        (("COERCE", "arrest", "173"), {}, ("Strategic developments", "Arrests")),
        (("COERCE", "seize", "171"), {}, ("Strategic developments", "Looting/property destruction")),
        (("COERCE", "seize", "171"), {"weapon": "weapons cache"}, ("Strategic developments", "Disrupted weapons use")),
        (("COERCE", "seize", "192"), {"source_sector": "REB"}, ("Battles", "Non-state actor overtakes territory")),
        (("COERCE", "seize", "192"), {"source_sector": "MIL"}, ("Battles", "Government regains territory")),
        (("COERCE", "seize", "192"), {"source_sector": "MIL", "fatalities": 0}, ("Strategic developments", "Non-violent transfer of territory")),
        (("AGREE", None, "030"), {"source_sector": "GOV", "target_sector": "REB"}, ("Strategic developments", "Agreement")),
        (("SUPPORT", None, "057"), {"source_sector": "REB"}, ("Strategic developments", "Agreement")),
        (("RETREAT", "ceasefire", "0871"), {}, ("Strategic developments", "Agreement")),
        (("RETREAT", "withdraw", "0874"), {"source_sector": "MIL"}, ("Strategic developments", "Non-violent transfer of territory")),
        (("MOBILIZE", "troops", "154"), {}, ("Strategic developments", "Other")),
    ],
)
def test_acled_rules(args: tuple, kw: dict, expected: tuple[str, str]) -> None:
    assert o.acled_for(*args, **kw) == Acled(*expected)


@pytest.mark.parametrize(
    ("args", "kw"),
    [
        (("CONSULT", "visit", "042"), {}),
        (("ACCUSE", "disapprove", "111"), {}),
        (("SANCTION", "discontinue", "163"), {}),
        (("AGREE", None, "030"), {"source_sector": "GOV", "target_sector": "GOV"}),  # trade deal: not ACLED
        (("SUPPORT", None, "051"), {"source_sector": "MIL"}),  # praise is no agreement
        (("PROTEST", "boycott", "143"), {}),
        (("COERCE", "curfew", "1723"), {}),
    ],
)
def test_acled_not_covered(args: tuple, kw: dict) -> None:
    assert o.acled_for(*args, **kw) is None


def test_acled_outputs_are_real_acled_pairs() -> None:
    for et, subs in o.ACLED_TYPES.items():
        assert len(subs) == len(set(subs))
    assert sum(len(s) for s in o.ACLED_TYPES.values()) == 25


def test_case2021_mapping_round_trips() -> None:
    for label, pair in o.CASE2021_LABELS.items():
        if pair is None:
            assert o.case2021_to_acled(label) is None
            assert label in o.CASE2021_NON_ACLED
        else:
            assert pair[1] in o.ACLED_TYPES[pair[0]]
            assert o.case2021_label(*pair) == label
            assert o.case2021_to_acled(label) == Acled(*pair)
    covered = {p for p in o.CASE2021_LABELS.values() if p}
    assert covered == {(et, s) for et, subs in o.ACLED_TYPES.items() for s in subs}
    assert o.case2021_label("Battles", "Nonsense") is None
    with pytest.raises(InputError):
        o.case2021_to_acled("NOPE")


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "data/gold/case2021/case2021_dev.jsonl").exists(), reason="../shared CASE 2021 dev set not available")
def test_case2021_labels_match_the_gold_label_set() -> None:
    path = SHARED / "data/gold/case2021/case2021_dev.jsonl"
    labels = {json.loads(line)["label"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert labels == set(o.CASE2021_LABELS)


@pytest.mark.shared
@needs_shared
def test_table_agrees_with_reference_files() -> None:
    gold: dict[str, float] = {}
    for line in (CAMEO_REF / "CAMEO.goldsteinscale.txt").read_text(encoding="utf-8").splitlines()[1:]:
        code, value = line.split("\t")
        gold[code.strip()] = float(value)
    for code, value in gold.items():
        assert o.cameo_info(code).goldstein == value, code
    with (CAMEO_REF / "cameo_codebook_no_examples.csv").open(encoding="utf-8") as fh:
        codebook = {r["code"]: r for r in csv.DictReader(fh)}
    assert set(codebook) <= set(o.cameo_codes())
    for code, row in codebook.items():
        if code not in gold:  # codes only the codebook has take its value
            assert o.cameo_info(code).goldstein == float(row["goldstein"]), code


@pytest.mark.shared
@needs_shared
def test_committed_tables_are_what_the_script_derives() -> None:
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "scripts" / "derive_cameo.py"
    spec = importlib.util.spec_from_file_location("derive_cameo", script)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows, plover_rows, header = mod.build(SHARED)
    data = Path(o.__file__).parent / "data"
    committed = (data / "cameo.tsv").read_text(encoding="utf-8").splitlines()
    assert committed[0] == header, "reference files changed: rerun scripts/derive_cameo.py"
    assert committed[2:] == ["\t".join(r) for r in rows]
    committed_pl = [ln for ln in (data / "cameo_plover.tsv").read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    assert committed_pl[1:] == ["\t".join(r) for r in plover_rows]
