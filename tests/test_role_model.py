"""The learned source and target assigners: candidates, features, the decision rule, loading,
training, their use by the coder and their per-fold retraining in evaluation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from flashpoint.coding import role_model as tm
from flashpoint.coding.coder import DEFAULT_ROLE_MODELS, Coder, CoderConfig
from flashpoint.coding.extract import find_candidates
from flashpoint.coding.train import RoleExample, train_role_model
from flashpoint.errors import InputError
from flashpoint.records import Article

from tests.conftest import SHARED


@pytest.fixture(scope="module")
def nlp(coder):
    return coder.nlp


def _cand(coder, doc, word):
    return next(c for c in find_candidates(doc, coder.lexicon) if c.trigger.text == word)


# --- candidates and features --------------------------------------------------------------------

def test_candidates_are_noun_heads_outside_the_source_and_not_times(coder, nlp):
    doc = nlp("Kenyan police arrested twelve opposition activists in Nairobi on Friday.")
    c = _cand(coder, doc, "arrested")
    names = [t.text for t in tm.candidates(doc, c.trigger, c.entry, c.source)]
    assert "activists" in names and "Nairobi" in names
    assert "police" not in names and "Kenyan" not in names  # the source's phrase
    assert "Friday" not in names and "arrested" not in names


def test_an_object_that_is_part_of_the_trigger_is_no_candidate_but_a_party_is(coder, nlp):
    doc = nlp("Rebels launched an attack on the army base near Goma.")
    c = _cand(coder, doc, "launched")
    names = [t.text for t in tm.candidates(doc, c.trigger, c.entry, c.source)]
    assert "attack" not in names and "base" in names
    doc = nlp("The Kenyan government accused Uganda of arming rebels near the border.")
    c = _cand(coder, doc, "arming")
    assert "rebels" in [t.text for t in tm.candidates(doc, c.trigger, c.entry, c.source)]


def test_another_party_with_the_same_head_word_stays_a_candidate(coder, nlp):
    """"LNA forces shelled ... GNA forces": the source is not another mention of the target."""
    doc = nlp("LNA forces shelled a field hospital set up by GNA forces in Tripoli.")
    c = _cand(coder, doc, "shelled")
    gna = next(t for t in doc if t.text == "forces" and t.i > 5)
    names = [t.i for t in tm.candidates(doc, c.trigger, c.entry, gna, "source")]
    assert 1 in names  # "LNA forces"
    doc = nlp("Iran accused Israel of attacking Iran.")
    c = _cand(coder, doc, "accused")
    names = [t.i for t in tm.candidates(doc, c.trigger, c.entry, doc[0], "target")]
    assert 2 in names and 0 not in names and 5 not in names  # "Iran" again is the source, not its target


def test_the_doers_own_forces_are_not_the_target_the_place_they_go_is(coder, nlp):
    """"withdrew its soldiers from the province": not its soldiers (no candidate either), the province."""
    from flashpoint.coding.roles import verb_args

    doc = nlp("The army withdrew its soldiers from the northern province on Monday.")
    verb = next(t for t in doc if t.text == "withdrew")
    assert [t.text for t in verb_args(verb)] == ["army", "province"]
    c = _cand(coder, doc, "withdrew")
    names = [t.text for t in tm.candidates(doc, c.trigger, c.entry, c.source)]
    assert "soldiers" not in names and "province" in names
    doc = nlp("The army withdrew the rebels' weapons.")  # not the doer's own: stays the target
    assert verb_args(next(t for t in doc if t.text == "withdrew"))[1].text == "weapons"


def test_who_is_to_act_on_a_demand_is_its_target(nlp):
    """"demanded that X resign", "its demand that X ease sanctions": X."""
    from flashpoint.coding.roles import noun_args, verb_args

    doc = nlp("Opposition lawmakers demanded that Prime Minister Smith step down as party leader.")
    assert verb_args(next(t for t in doc if t.text == "demanded"))[1].text == "Smith"
    doc = nlp("Pyongyang repeated its demand that Washington ease sanctions.")
    assert noun_args(next(t for t in doc if t.text == "demand"))[1].text == "Washington"
    doc = nlp("The minister said that the army would leave.")  # not a demand: no target from the clause
    assert verb_args(next(t for t in doc if t.text == "said"))[1] is None


def test_the_doer_named_in_the_setting_of_a_passive_or_beside_a_noun(nlp):
    """A passive with no agent takes the doer of the act it happened in or during ("during an operation
    by police forces"; the other side of "clashes with"); a noun its participle's agent ("shells fired
    by LNA forces"); a clash the parties "between" them on its verb."""
    from flashpoint.coding.roles import noun_args, verb_args

    def args(text, word, read=verb_args):
        doc = nlp(text)
        src, tgt = read(next(t for t in doc if t.text == word))
        return (src.text if src is not None else None, tgt.text if tgt is not None else None)

    assert args("A Taliban commander was killed during an operation by police forces in the village.", "killed") == (
        "forces", "commander")
    assert args("A drug suspect was shot dead in an attack by unidentified assailants.", "shot") == ("assailants", "suspect")
    assert args("Six soldiers were wounded during clashes with rebel fighters near the border.", "wounded") == (
        "fighters", "soldiers")
    assert args("Six soldiers were wounded during clashes near the border.", "wounded") == (None, "soldiers")
    assert args("He was arrested in the capital.", "arrested") == (None, "He")  # a place is no setting with a doer
    assert args("Three militants were killed during operations carried out by gendarmerie forces.", "killed") == (
        "forces", "militants")
    # raised from a passive: "were reported to have beaten X" is their act, "to have been shelled" is not
    assert args("Police officers were reported to have beaten the protesters.", "beaten") == ("officers", "protesters")
    assert args("The town was reported to have been shelled by rebels.", "shelled") == ("rebels", "town")
    # "was summoned to protest": the summoner's purpose, not the ambassador's act
    assert args("The ambassador was summoned to protest the shelling.", "protest")[0] != "ambassador"
    assert args("On Monday, shells fired by LNA forces fell in the village.", "shells", noun_args)[0] == "forces"
    assert args("Clashes were reported between government forces and rebel fighters.", "Clashes", noun_args) == (
        "forces", "fighters")
    # "involving" names who took part, also for the second of coordinated nouns; not what was used
    assert args("Gunshots and explosions involving unknown actors were reported in the town.", "explosions",
                noun_args)[0] == "actors"
    assert args("The monitors observed shots involving small arms near the village.", "shots", noun_args)[0] is None
    assert args("Heavy fighting involving Houthi fighters and government forces was reported.", "fighting",
                noun_args) == ("fighters", "forces")  # who took part, not the opening adjective


def test_rules_find_a_subject_the_parser_folded_into_a_dateline(coder, nlp):
    """ACLED-style "On <date>, in <town>, <region>, <subject> <verb>": the small parser reads the
    subject as an apposition of the place or as a participle's subject inside the "in" phrase."""
    from flashpoint.coding.roles import fronted_subject, verb_args

    doc = nlp("On 8 May 2020, in Santa Fe, Ocotepeque, armed men driving a car intercepted a vehicle and shot the passengers.")
    shot = next(t for t in doc if t.text == "shot")
    src, tgt = verb_args(shot)
    assert src is not None and src.text == "men" and tgt is not None and tgt.text == "passengers"
    doc = nlp("On 1 May 2020, in Ixtapa Zihuatanejo, Guerrero, around 30 waiters protested demanding jobs.")
    assert verb_args(next(t for t in doc if t.text == "protested"))[0].text == "waiters"
    # "IS" (Islamic State) read as a passive auxiliary does not make the verb passive
    doc = nlp("On 5 May 2020, IS militants attacked Iraqi forces in Makhmur district.")
    assert [t.text for t in verb_args(next(t for t in doc if t.text == "attacked"))] == ["militants", "forces"]
    # a verb with its own subject, and a passive, are left alone
    doc = nlp("In Kabul, gunmen attacked a checkpoint.")
    assert verb_args(doc[4])[0].text == "gunmen"
    doc = nlp("On 3 May 2020, in Benito Juarez, Nuevo Leon, two men were shot in a drive-by incident.")
    shot = next(t for t in doc if t.text == "shot")
    assert verb_args(shot)[0] is None and fronted_subject(doc[0]) is None


def test_a_town_is_a_place_not_a_person(coder, nlp):
    doc = nlp("In Santa Fe, armed men shot the passengers.")
    c = _cand(coder, doc, "shot")
    fe = next(t for t in doc if t.text == "Fe")
    as_place = tm.features(c.trigger, c.entry, fe, None, tm.Known(places=frozenset({fe.i - 1, fe.i})))
    as_name = tm.features(c.trigger, c.entry, fe, None, tm.Known())
    assert "person" in as_name and "place" in as_place
    assert not any(f == "person" or f.startswith("person|") for f in as_place)


def test_dependency_path_spells_out_prepositions(nlp):
    doc = nlp("Iran launched missiles against Israel.")
    up, down = tm.dep_path(doc[1], doc[4])  # trigger above the candidate: no step up
    assert up == () and down[-2:] == ("prep:against", "pobj")
    up, down = tm.dep_path(doc[4], doc[0])
    assert up[:2] == ("pobj", "prep:against") and down == ("nsubj",)


def test_features_mark_the_rules_choice_actors_and_background_adjuncts(coder, nlp):
    doc = nlp("Since Haniyeh's assassination, Iran has vowed revenge against Israel.")
    c = _cand(coder, doc, "vowed")
    israel = next(t for t in doc if t.text == "Israel")
    haniyeh = next(t for t in doc if t.text == "Haniyeh")
    f = tm.features(c.trigger, c.entry, israel, israel, tm.Known(actors=frozenset({israel.i})))
    assert {"rule", "actor", "person", "bias"} <= set(f)
    assert any(x.startswith("path=") and "prep:against" in x for x in f)
    assert len(f) == len(set(f))
    g = tm.features(c.trigger, c.entry, haniyeh, israel, tm.Known(places=frozenset({haniyeh.i})))
    assert "adjunct" in g and "place" in g and "rule" not in g and "actor" not in g


def test_known_tokens_are_actors_and_places_that_are_not_countries(nlp):
    from flashpoint.geo.places import find_places

    class M:
        def __init__(self, start, end, code):
            self.start, self.end, self.code, self.sector = start, end, code, None

    doc = nlp("Troops of Mali entered Gao.")  # the doc starts at article offset 100
    known = tm.known_tokens(doc, [M(110, 114, "MLI"), M(123, 126, None)], 100, find_places(doc.text))
    assert known.actors == frozenset({2})
    assert known.places == frozenset({4})  # Gao; Mali is a country, so an actor


# --- the decision rule --------------------------------------------------------------------------

class _T:
    def __init__(self, i):
        self.i = i


def test_decide_takes_the_best_over_the_threshold_and_keeps_the_rules_in_a_near_tie():
    c = [_T(0), _T(1), _T(2)]
    p = np.array([0.1, 0.6, 0.3])
    assert tm.decide(c, p, c[2], 0.2, 0.5, 0.05).i == 1
    assert tm.decide(c, np.array([0.1, 0.62, 0.6]), c[2], 0.2, 0.5, 0.05).i == 2  # near-tie: the rules
    assert tm.decide(c, np.array([0.1, 0.15, 0.02]), c[2], 0.2, 0.5, 0.05) is None
    # the rules found none: the higher threshold applies
    assert tm.decide(c, p, None, 0.2, 0.5, 0.05).i == 1
    assert tm.decide(c, np.array([0.1, 0.45, 0.3]), None, 0.2, 0.5, 0.05) is None
    # the rules' choice is not a candidate (inside the source phrase, say): the model decides
    assert tm.decide(c, p, _T(9), 0.2, 0.5, 0.05).i == 1


# --- training and loading -------------------------------------------------------------------------

def _toy() -> list[RoleExample]:
    obj = ("bias", "down=dobj", "rule")
    loc = ("bias", "down=prep:in/pobj")
    subj = ("bias", "down=nsubj")
    return [RoleExample(f"t{i}", (obj, loc, subj), (True, False, False)) for i in range(12)]


def test_training_learns_and_round_trips(tmp_path):
    model = train_role_model(_toy(), "target", threshold=0.3, meta={"note": "toy"})
    p = model.scores([["bias", "down=dobj", "rule"], ["bias", "down=prep:in/pobj"]])
    assert p[0] > 0.8 > 0.2 > p[1]
    assert model.meta["kind"] == "target" and model.meta["n_train"] == 36 and model.meta["note"] == "toy"
    path = tmp_path / "t.npz"
    model.save(path)
    back = tm.RoleModel.load(path, "target")
    assert back.role == "target" and back.threshold == 0.3
    assert back.threshold_none == tm.NONE_THRESHOLD and back.margin == tm.MARGIN
    with pytest.raises(InputError, match="not a source model"):
        tm.RoleModel.load(path, "source")
    assert np.allclose(back.scores([["bias", "down=dobj"]]), model.scores([["bias", "down=dobj"]]), atol=1e-2)


def test_excluding_ids_changes_the_training_set():
    ex = _toy() + [RoleExample("odd", (("bias", "down=nsubj"),), (True,))]
    assert train_role_model(ex, "source", frozenset({"odd"})).meta["n_train"] == 36
    assert train_role_model(ex, "source").meta["n_train"] == 37


def test_load_names_the_file_when_it_is_missing_or_not_a_role_model(tmp_path):
    with pytest.raises(InputError, match="missing.npz"):
        tm.RoleModel.load(tmp_path / "missing.npz", "target")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="bad.npz"):
        tm.RoleModel.load(bad, "source")
    from flashpoint.coding.train import train_relation_model, TrainingItem

    other = train_relation_model([TrainingItem("a", ("x",), "AID"), TrainingItem("b", ("y",), "ASSAULT")])
    other.save(tmp_path / "relation.npz")
    with pytest.raises(InputError, match="not a target model"):
        tm.RoleModel.load(tmp_path / "relation.npz", "target")
    with pytest.raises(InputError, match="missing.npz"):
        Coder(CoderConfig(target_model=str(tmp_path / "missing.npz"))).target_model
    with pytest.raises(InputError, match="gone.npz"):
        Coder(CoderConfig(source_model=str(tmp_path / "gone.npz"))).source_model


# --- the shipped model in the coder ---------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped():
    missing = [p for p in DEFAULT_ROLE_MODELS.values() if not p.exists()]
    if missing:
        pytest.skip(f"no bundled role models at {missing} (scripts/train_role_models.py builds them)")
    return {role: tm.RoleModel.load(p, role) for role, p in DEFAULT_ROLE_MODELS.items()}


@pytest.mark.parametrize("role", tm.ROLES)
def test_shipped_models_record_their_data_and_cross_validated_gain(shipped, role):
    meta = shipped[role].meta
    assert set(meta["data"]) == {"plv/plv_train.jsonl", "conflibert/cameo_ner_train.jsonl"}
    cv = meta["cv_right"]
    assert cv[str(shipped[role].threshold)] > cv["rules"]


def _pairs(coder, text):
    ca = coder.code(Article(id="t", text=text, date="2024-05-02"))
    return {(e.plover.type, e.source.text if e.source else None, e.target.text if e.target else None) for e in ca.events}


def test_the_coder_finds_targets_the_rules_miss(coder, shipped):
    text = "Over 720,000 members of Myanmar's Rohingya community have sought refuge in Bangladesh."
    rules = coder.with_models(relation_model=coder.relation_model or False, acled_model=coder.acled_model or False,
                              source_model=False, target_model=False)
    assert not any(t == "Bangladesh" for _, _, t in _pairs(rules, text))
    assert any(t == "Bangladesh" for _, _, t in _pairs(coder, text))
    components = coder.coder_block()["components"]
    assert components["target_model"] == shipped["target"].meta["id"]
    assert components["source_model"] == shipped["source"].meta["id"]


def test_a_place_is_not_the_target_of_an_attack_on_a_post_there(coder, shipped):
    pairs = _pairs(coder, "Militants attacked an army post in Kunduz on Monday, killing 3 soldiers.")
    targets = {t for _, _, t in pairs}
    assert "Kunduz" not in targets and "3 soldiers" in targets


def test_no_source_for_an_agentless_passive(coder, shipped, nlp):
    doc = nlp("Rebels said 2 militants were killed.")
    c = _cand(coder, doc, "killed")
    assert tm.candidates(doc, c.trigger, c.entry, c.target, "source") == []
    assert "Rebels" in [t.text for t in tm.candidates(doc, c.trigger, c.entry, c.target, "target")]
    # an official who tells of the killing is no candidate for either party (role_model.teller_of)
    doc = nlp("Officials said 2 militants were killed.")
    c = _cand(coder, doc, "killed")
    assert tm.candidates(doc, c.trigger, c.entry, c.target, "source") == []
    assert "Officials" not in [t.text for t in tm.candidates(doc, c.trigger, c.entry, c.target, "target")]
    doc = nlp("2 militants were killed by troops.")
    c = _cand(coder, doc, "killed")
    assert "troops" in [t.text for t in tm.candidates(doc, c.trigger, c.entry, c.target, "source")]


def test_the_coder_finds_sources_the_rules_miss(coder, shipped):
    text = "The United States is willing to withdraw its troops from South Vietnam."
    rules = coder.with_models(relation_model=coder.relation_model or False, acled_model=coder.acled_model or False,
                              source_model=False, target_model=False)
    assert not any(s and "United States" in s for _, s, _ in _pairs(rules, text))
    assert any(s and "United States" in s for _, s, _ in _pairs(coder, text))


def test_eval_factory_retrains_the_role_models_per_fold():
    gold = SHARED / "data" / "gold"
    if not (gold / "plv" / "plv_train.jsonl").exists():
        pytest.skip("shared gold sets not present")
    from flashpoint.coding.train import CoderFactory

    factory = CoderFactory(gold)
    assert "conflibert_ner" in factory.trained_on and "conflibert_class" in factory.trained_on
    some = frozenset(e.id for e in factory._role_examples["target"][:50])
    coder = factory(some)
    for role in tm.ROLES:
        assert getattr(coder, f"{role}_model") is not getattr(factory(frozenset()), f"{role}_model")
        assert getattr(coder, f"{role}_model").meta["excluded"] >= len(some)


def test_eval_factory_excludes_other_sets_items_with_the_same_text():
    gold = SHARED / "data" / "gold"
    if not (gold / "conflibert" / "cameo_class_train.jsonl").exists() or not (gold / "plv" / "plv_train.jsonl").exists():
        pytest.skip("shared gold sets not present")
    from flashpoint.coding.train import CoderFactory
    from flashpoint.eval.gold import read_conflibert_class, read_plv

    plv = {" ".join(it.text.split()): it.id for it in read_plv(gold)}
    shared = [it for it in read_conflibert_class(gold) if " ".join(it.text.split()) in plv]
    assert shared, "expected ConfliBERT class texts that are also PLV texts"
    factory = CoderFactory(gold)
    out = factory._same_text(frozenset({shared[0].id}))
    assert plv[" ".join(shared[0].text.split())] in out and shared[0].id in out


@pytest.mark.parametrize(("text", "word", "not_source"), [
    ("The OSCE mission observed 14 explosions near the town.", "explosions", "mission"),
    # the event noun deep in a count: "a total of 25 projectiles/explosions/bursts of fire"
    ("The OSCE SMM observed a total of 25 projectiles/explosions/bursts of fire near the town.", "explosions", "SMM"),
    ("The government rejected accusations by the opposition party.", "accusations", "government"),
    ("Iran denied charges of espionage by the US.", "charges", "Iran"),
])
def test_who_saw_or_denied_an_event_noun_is_not_its_source(coder, nlp, text, word, not_source):
    doc = nlp(text)
    c = _cand(coder, doc, word)
    names = [t.text for t in tm.candidates(doc, c.trigger, c.entry, c.target, "source")]
    assert not_source not in names


def test_the_names_that_stand_against_the_model_are_groups_and_parties_of_the_act_s_own_of_phrase(coder, nlp):
    """A known group or person named on an event noun is its doer against a model choice outside the noun's
    phrase, but not a state or a seat of power ("Iran sanctions", "a White House meeting": the meeting was at the
    White House); the noun's "of" party is its target only when it is a party ("the killing of a commander", not
    "the release of $40 million")."""
    from flashpoint.actors.match import ArticleActors

    def known(text: str) -> tuple[object, tm.Known]:
        doc = nlp(text)
        return doc, tm.known_tokens(doc, ArticleActors().find(text), 0)

    for text, word, group in (("a Hezbollah attack on Israel", "Hezbollah", True),
                              ("a White House meeting with the president", "White", False),
                              ("new Iran sanctions", "Iran", False)):
        doc, k = known(text)
        tok = next(t for t in doc if t.text == word)
        assert (tok.i in k.groups) is group, text
    doc, k = known("the killing of a commander in Beirut")
    assert tm._own_of_party(doc[1], doc[4], k)
    doc, k = known("the release of $40 million in aid to Jordan")
    money = next(t for t in doc if t.dep_ == "pobj" and t.head.text == "of")
    assert not tm._own_of_party(doc[1], money, k)
