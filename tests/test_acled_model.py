"""The ACLED sub-event classifier: features, training, the shipped model, its use by the coder, CV."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from flashpoint.coding import acled_model as am
from flashpoint.coding import ontology as o
from flashpoint.coding.coder import DEFAULT_ACLED_MODEL, Coder, CoderConfig
from flashpoint.errors import InputError
from flashpoint.records import Acled, Article

from tests.conftest import SHARED

AIRSTRIKE = "Government warplanes carried out several airstrikes on rebel positions east of the city on Tuesday."
QUAKE = "A strong earthquake struck the mountainous region on Sunday, killing 40 people and destroying hundreds of homes."


@pytest.fixture(scope="module")
def model() -> am.AcledModel:
    if not DEFAULT_ACLED_MODEL.exists():
        pytest.skip(f"no bundled ACLED model at {DEFAULT_ACLED_MODEL} (scripts/train_acled_model.py builds it)")
    return am.AcledModel.load(DEFAULT_ACLED_MODEL)


# --- features and the training algorithm (invented data) --------------------------------------

def test_features_words_bigrams_prefixes_context_and_event():
    f = am.features("Troops shelled the village [size=no report]", "Shelling continued", ("e:type:ASSAULT",))
    assert {"w:troops", "b:troops_shelled", "p:shell", "c:shelling", "cp:shell", "e:type:ASSAULT"} <= set(f)
    assert not any("size" in x or "report" in x for x in f)  # "[key=value]" annotations are not text
    assert len(f) == len(set(f))
    assert "w:0" in am.features("On 3 May 2020 troops fired")  # numbers are one token


def test_event_features_name_type_mode_sectors_and_rules():
    ev = am.event_features("ASSAULT", "aerial", "mil", None, Acled("Explosions/Remote violence", "Air/drone strike"))
    assert set(ev) == {"e:type:ASSAULT", "e:mode:ASSAULT:aerial", "e:src:MIL", "e:tgt:-", "e:pair:MIL:-",
                       "e:rules:Air/drone strike"}
    assert am.event_features(None) == ()


def _toy_examples() -> list[am.Example]:
    rows = [
        ("a", "jets bombed the camp from the air", "Air/drone strike"),
        ("b", "warplanes struck the base in an air raid", "Air/drone strike"),
        ("c", "crowds marched peacefully in the square", "Peaceful protest"),
        ("d", "students marched and chanted slogans peacefully", "Peaceful protest"),
        ("e", "an earthquake struck and homes collapsed", "NONE:NATURAL_DISASTER"),
        ("f", "the earthquake destroyed homes in the valley", "NONE:NATURAL_DISASTER"),
    ]
    return [am.Example(i, s, None, label) for i, s, label in rows] * 3


def test_training_learns_and_excluding_ids_changes_the_model():
    examples = _toy_examples()
    full = am.train(examples)
    assert full.predict("jets bombed a camp").label == "Air/drone strike"
    assert full.predict("people marched peacefully").acled == Acled("Protests", "Peaceful protest")
    quake = full.predict("an earthquake destroyed homes")
    assert quake.label == "NONE:NATURAL_DISASTER" and quake.acled is None
    assert np.isclose(full.proba("jets bombed a camp").sum(), 1.0)
    again = am.train(examples)
    assert again.meta["id"] == full.meta["id"]  # deterministic
    without = am.train(examples, frozenset({"a", "b"}))
    assert without.meta["n_items"] == full.meta["n_items"] - 2 and without.meta["excluded"] == 2
    assert without.meta["id"] != full.meta["id"]
    assert "Air/drone strike" not in without.classes


def test_training_needs_examples_and_known_labels():
    with pytest.raises(InputError, match="no training examples"):
        am.train(_toy_examples(), frozenset("abcdef"))
    with pytest.raises(InputError, match="class_of"):
        am.class_of(None, "ARMED_CLASH")  # an ACLED label needs its ACLED reading
    assert am.class_of(None, "DIPLO") == "NONE:DIPLO"
    assert am.acled_of_class("Grenade") == Acled("Explosions/Remote violence", "Grenade")


def test_lead_is_title_and_opening_sentences_up_to_the_limit():
    long = "x" * am.LEAD_CHARS
    assert am.lead_of("Title", ["One.", "Two."]) == "Title One. Two."
    assert am.lead_of(None, [long, "Two."]) == long  # the first sentence always, then what fits
    assert am.lead_of("  ", []) is None


# --- ontology helpers ----------------------------------------------------------------------------

def test_subtype_table_covers_every_rule_output():
    """Every reading the rules can give is one the PLOVER type allows (the classifier's choices)."""
    assert set(o.ACLED_SUB_EVENT_TYPES) == {s for subs in o.ACLED_TYPES.values() for s in subs}
    sectors = (None, "MIL", "REB", "CVL", "GOV")
    seen = 0
    for ptype in o.PLOVER_MODES:
        for mode in (None, *sorted(o.PLOVER_MODES[ptype])):
            code = o.default_cameo(ptype, mode)
            for src in sectors:
                for tgt in sectors:
                    for weapon in (None, "airstrike", "grenade"):
                        for fat in (None, 0, 3):
                            got = o.acled_for(ptype, mode, code, source_sector=src, target_sector=tgt,
                                              weapon=weapon, fatalities=fat)
                            if got is not None:
                                seen += 1
                                assert got.sub_event_type in o.acled_subtypes_for(ptype), (ptype, mode, got)
    assert seen > 100
    assert o.acled_subtypes_for("CONSULT") == frozenset()
    assert o.acled_event_type("Mob violence") == "Riots"
    with pytest.raises(InputError):
        o.acled_event_type("Picnic")
    with pytest.raises(InputError):
        o.acled_subtypes_for("PARTY")


# --- the shipped model ----------------------------------------------------------------------------

def test_shipped_model_metadata(model):
    meta = model.meta
    assert meta["kind"] == am.MODEL_KIND and meta["features"] == am.FEATURES_VERSION
    assert meta["excluded"] == 0 and meta["n_items"] > 3000
    assert set(meta["data"]) >= {"case2021/case2021_dev.jsonl"}
    assert any(k.startswith("acled/") for k in meta["data"])
    assert all(len(v) == 64 for v in meta["data"].values())
    assert DEFAULT_ACLED_MODEL.stat().st_size < 3_000_000
    assert len(model.classes) == 30 and {c for c in model.classes if c.startswith("NONE:")} == {
        "NONE:" + k for k in o.CASE2021_NON_ACLED
    }


def test_shipped_model_was_trained_on_the_shared_files(model):
    gold = SHARED / "data" / "gold"
    if not gold.is_dir():
        pytest.skip(f"shared gold sets not found: {gold}")
    for rel, digest in model.meta["data"].items():
        assert hashlib.sha256((gold / rel).read_bytes()).hexdigest() == digest, rel


def test_shipped_model_reads_invented_sentences(model):
    strike = model.predict(AIRSTRIKE, AIRSTRIKE)
    assert strike.acled == Acled("Explosions/Remote violence", "Air/drone strike") and strike.prob > 0.6
    quake = model.predict(QUAKE, QUAKE)
    assert quake.acled is None and quake.label == "NONE:NATURAL_DISASTER" and quake.prob > 0.6
    # restricted to what a PROTEST event allows, an airstrike sentence gets no Explosions reading
    allowed = o.acled_subtypes_for("PROTEST")
    restricted = model.predict(AIRSTRIKE, AIRSTRIKE, allowed)
    assert restricted.acled is None or restricted.label in allowed
    assert restricted.prob < strike.prob


def test_decide_keeps_plover_consistency_and_threshold(model):
    rules = Acled("Battles", "Armed clash")
    got = am.decide(model, "ASSAULT", rules, AIRSTRIKE, AIRSTRIKE, 0.5, source_sector="MIL", target_sector="REB")
    assert got == Acled("Explosions/Remote violence", "Air/drone strike")
    assert am.decide(model, "ASSAULT", rules, AIRSTRIKE, AIRSTRIKE, 1.01) == rules  # below the threshold: rules
    assert am.decide(model, "CONSULT", None, AIRSTRIKE, AIRSTRIKE, 0.0) is None  # CONSULT allows no ACLED reading
    assert am.decide(None, "ASSAULT", rules, AIRSTRIKE) == rules
    for ptype in ("PROTEST", "COERCE", "AGREE", "MOBILIZE"):
        out = am.decide(model, ptype, None, AIRSTRIKE, AIRSTRIKE, 0.0)
        assert out is None or out.sub_event_type in o.acled_subtypes_for(ptype)
    # a natural disaster removes a reading the rules gave
    assert am.decide(model, "ASSAULT", Acled("Violence against civilians", "Attack"), QUAKE, QUAKE, 0.5) is None


def test_prediction_is_fast(model):
    import time

    n = 300
    start = time.perf_counter()
    for _ in range(n):
        am.decide(model, "ASSAULT", None, AIRSTRIKE, AIRSTRIKE + " " + QUAKE, source_sector="MIL")
    assert (time.perf_counter() - start) / n < 0.002  # measured ~0.06 ms; generous for shared CI machines


# --- model files and the coder ----------------------------------------------------------------------

def test_a_corrupt_configured_model_file_is_named_by_the_coder(tmp_path):
    corrupt = tmp_path / "corrupt.npz"  # the loader's own errors: tests/test_model_files.py
    corrupt.write_bytes(b"not a zip file at all")
    with pytest.raises(InputError, match="corrupt.npz"):
        Coder(CoderConfig(acled_model=str(corrupt))).acled_model  # noqa: B018


def test_saved_model_round_trips(tmp_path):
    m = am.train(_toy_examples(), meta={"data": {}})
    path = tmp_path / "m.npz"
    m.save(path)
    back = am.AcledModel.load(path)
    assert back.classes == m.classes and back.meta == m.meta
    assert np.allclose(back.proba("jets bombed a camp"), m.proba("jets bombed a camp"), atol=1e-2)


def test_coder_uses_the_configured_model(tmp_path, coder):
    """A coder given a model that reads everything as a natural disaster gives no ACLED readings,
    whatever the rules say; without a model the rules stand."""
    rows = [am.Example(str(i), s, None, "NONE:NATURAL_DISASTER") for i, s in enumerate(
        ["the earthquake struck", "an earthquake hit", "floods hit the valley"] * 3)]
    rows += [am.Example("z", "a quiet day", None, "Agreement")]
    path = tmp_path / "disaster.npz"
    am.train(rows).save(path)
    text = "Government warplanes bombed rebel positions near Idlib on Tuesday, the army said."
    rules = Coder(acled_model=False)
    rules._nlp, rules._lexicon, rules._matcher = coder.nlp, coder.lexicon, coder.matcher
    base = rules.code(Article(id="a", text=text)).events
    assert base and any(e.acled is not None for e in base)
    odd = Coder(CoderConfig(acled_model=str(path), acled_min_prob=0.0))
    odd._nlp, odd._lexicon, odd._matcher = coder.nlp, coder.lexicon, coder.matcher
    events = odd.code(Article(id="a", text=text)).events
    assert [e.plover.type for e in events] == [e.plover.type for e in base]
    assert all(e.acled is None for e in events)
    assert odd.coder_block()["components"]["acled_model"] == am.AcledModel.load(path).meta["id"]


# --- the cross-validation factory (invented gold files) -----------------------------------------------

def _write_gold(root: Path) -> None:
    (root / "acled").mkdir(parents=True)
    (root / "case2021").mkdir()
    notes = [
        ("Battles", "Armed clash", "On 2 May 2020, soldiers clashed with rebels near Town A."),
        ("Battles", "Armed clash", "On 3 May 2020, militants fought troops in District B."),
        ("Protests", "Peaceful protest", "On 4 May 2020, teachers protested in City C over pay."),
        ("Protests", "Peaceful protest", "On 5 May 2020, farmers demonstrated in City D."),
    ]
    with (root / "acled" / "notes.jsonl").open("w") as fh:
        for k, (et, sub, text) in enumerate(notes):
            fh.write(json.dumps({"id": f"acled-t-{k}", "text": text, "event_type": et, "sub_event_type": sub,
                                 "fatalities": 0, "actor1": ""}) + "\n")
    with (root / "case2021" / "case2021_dev.jsonl").open("w") as fh:
        for k, (label, text) in enumerate([("NATURAL_DISASTER", "An earthquake struck the coast."),
                                           ("AIR_STRIKE", "Jets bombed a base in the north.")]):
            fh.write(json.dumps({"id": f"case-t-{k}", "text": text, "label": label}) + "\n")


def test_factory_retrains_the_acled_model_without_the_excluded_ids(tmp_path, coder):
    from flashpoint.coding.train import CoderFactory, acled_examples

    _write_gold(tmp_path)
    examples = acled_examples(tmp_path, coder)
    assert {e.id for e in examples} == {f"acled-t-{k}" for k in range(4)} | {"case-t-0", "case-t-1"}
    assert {e.label for e in examples if e.id == "case-t-0"} == {"NONE:NATURAL_DISASTER"}
    for item in {e.id for e in examples}:
        assert sum(e.weight for e in examples if e.id == item) == pytest.approx(1.0)

    factory = CoderFactory(tmp_path)
    factory._base._nlp, factory._base._lexicon, factory._base._matcher = coder.nlp, coder.lexicon, coder.matcher
    assert {"acled", "case2021", "plv"} <= factory.trained_on
    assert factory(frozenset()) is factory._base
    held_out = factory(frozenset({"acled-t-0"}))
    other = factory(frozenset({"case-t-1"}))
    m0, m1 = held_out.acled_model, other.acled_model
    assert m0.meta["excluded"] == 1 and m0.meta["n_items"] == 5
    assert m0.meta["id"] != m1.meta["id"]
    assert "Air/drone strike" not in m1.classes  # its only example was held out
    assert held_out.relation_model is factory._base.relation_model  # no PLV ids excluded: not retrained
