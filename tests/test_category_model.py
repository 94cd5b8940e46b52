"""The text event category model (CASE 2021's 30 types): features, training, files, coder, records, CV factory."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from flashpoint.coding import category_model as cm
from flashpoint.coding import ontology
from flashpoint.coding.coder import DEFAULT_CATEGORY_MODEL, Coder, CoderConfig
from flashpoint.errors import ConfigError, InputError
from flashpoint.nlp.encoder import load_encoder
from flashpoint.records import Acled, Article, Cameo, CodedArticle, Event, Plover, Sentence, SentenceClass, Trigger


def _event(ptype: str, conf: float, acled: Acled | None = None, code: str = "190") -> Event:
    text = "Some words."
    return Event(
        event_id=f"{ptype}-{conf}", article_id="a", sentence=Sentence(0, text, 0, len(text)),
        trigger=Trigger("attacked", (0, 1)), date=None, date_precision="article", plover=Plover(ptype),
        cameo=Cameo(code, code[:2], 0.0, 4), acled=acled, source=None, target=None, location=None,
        modality="asserted", attribution=None, fatalities=None, confidence=conf,
    )


CLASH = Acled("Battles", "Armed clash")
ARREST = Acled("Strategic developments", "Arrests")


# --- labels and features (invented data) ---------------------------------------------------------

def test_classes_are_the_case_types_and_have_readable_names():
    assert set(cm.CLASSES) == set(ontology.CASE2021_LABELS) and len(cm.CLASSES) == 30
    assert cm.category_name("AIR_STRIKE") == "Air/drone strike"  # an ACLED sub-event type
    assert cm.category_name("NATURAL_DISASTER") == "Natural disaster"
    assert all(cm.category_name(c) and cm.category_name(c) != c for c in cm.CLASSES)


def test_event_features_name_the_most_confident_acled_reading_and_every_event():
    events = [_event("ASSAULT", 0.6, CLASH), _event("COERCE", 0.8, ARREST), _event("CONSULT", 0.9, None, "040")]
    f = cm.event_features(events)
    assert f[0] == "c:best:ARREST"  # the most confident event with an ACLED reading, not the consult
    assert {"c:any:ARMED_CLASH", "c:any:ARREST", "c:type:CONSULT", "c:type:ASSAULT"} <= set(f)
    assert "e:best:type:CONSULT" in f  # the penta model's event features are kept
    assert cm.event_features([])[0] == "c:best:none"
    both = cm.features("Police arrested", events)
    assert "w:police" in both and len(both) == len(set(both))
    words = cm.text_features("Protesters killed")
    assert {"q:prot", "q:kill", "p:prote", "w:killed"} <= set(words)  # 4- and 5-letter prefixes


def _toy_examples() -> list[cm.Example]:
    rows = [
        ("a", "an earthquake hit the province", [], "NATURAL_DISASTER"),
        ("b", "floods hit the valley", [], "NATURAL_DISASTER"),
        ("c", "police arrested ten activists", [_event("COERCE", 0.8, ARREST)], "ARREST"),
        ("d", "troops clashed with rebels", [_event("ASSAULT", 0.8, CLASH)], "ARMED_CLASH"),
        ("e", "the minister expelled two diplomats", [_event("SANCTION", 0.7, None, "166")], "DIPLO"),
    ]
    vectors = load_encoder().embed([t for _, t, _, _ in rows])
    return [cm.Example(i, tuple(cm.features(t, evs)), label, vector=v) for (i, t, evs, label), v in zip(rows, vectors)]


def _vec(text: str) -> np.ndarray:
    return load_encoder().embed([text])[0]


def test_training_is_deterministic_excludes_ids_and_refuses_unknown_labels():
    full = cm.train(_toy_examples())
    assert full.classes == list(cm.CLASSES)  # every class, even those without examples
    assert full.meta["n_train"] == 5 and full.meta["kind"] == "case2021-category"
    assert cm.train(_toy_examples()).meta["id"] == full.meta["id"]
    without = cm.train(_toy_examples(), frozenset({"a", "b"}))
    assert without.meta["n_train"] == 3 and without.meta["excluded"] == 2
    assert full.reads_embedding and full.linear.D.shape == (384, 30)
    text = "a tremor struck the town"  # no word of the training texts: the embedding carries it
    assert full.predict(text, vector=_vec(text)).label == "NATURAL_DISASTER"
    assert cm.text_category(full, text, [], None) is None  # no embedding, no reading
    with pytest.raises(ValueError, match="sentence embedding"):
        full.predict(text)
    with pytest.raises(InputError, match="category_model.train.*no training examples"):
        cm.train(_toy_examples(), frozenset("abcde"))
    with pytest.raises(InputError, match="unknown classes"):
        cm.train([cm.Example("x", ("w:a",), "EARTHQUAKE", vector=_vec("a"))])
    with pytest.raises(InputError, match="1 examples lack a sentence embedding .first: x"):
        cm.train([cm.Example("x", ("w:a",), "ARREST")])


def test_saved_model_round_trips(tmp_path):
    m = cm.train(_toy_examples(), meta={"data": {}})
    path = tmp_path / "m.npz"
    m.save(path)
    back = cm.CategoryModel.load(path)
    assert back.meta == m.meta and back.classes == m.classes
    v = _vec("floods hit")
    assert np.allclose(back.proba("floods hit", vector=v), m.proba("floods hit", vector=v), atol=1e-2)
    with pytest.raises(InputError, match="nope.npz"):
        Coder(CoderConfig(category_model=str(tmp_path / "nope.npz"))).category_model  # noqa: B018


# --- the coder and the records -----------------------------------------------------------------------

def test_coder_reads_a_category_with_a_model_and_none_without(tmp_path):
    coded = CodedArticle(Article(id="a", text="floods hit the valley"), events=())
    assert Coder(category_model=False).text_category(coded) is None
    path = tmp_path / "m.npz"
    cm.train(_toy_examples()).save(path)
    reading = Coder(CoderConfig(category_model=str(path))).text_category(coded)
    assert reading.label == "NATURAL_DISASTER" and 1 / 30 < reading.prob <= 1.0
    assert Coder(category_model=False).with_models(relation_model=False, acled_model=False).category_model is None
    off = Coder(CoderConfig(category_model=str(path), encoder="off"))
    assert off.encoder is None and off.text_category(coded) is None  # the model reads an embedding: no reading
    with pytest.raises(ConfigError, match="encoder must be one of auto, on, off"):
        CoderConfig(encoder="fast")


def test_shipped_model_reads_categories_with_and_without_events(coder):
    if not DEFAULT_CATEGORY_MODEL.exists():
        pytest.skip(f"no bundled category model at {DEFAULT_CATEGORY_MODEL} (scripts/train_category_model.py builds it)")
    cases = {
        "The government expelled two diplomats and recalled its ambassador over the espionage affair.": "DIPLO",
        "The Islamic State group claimed responsibility for the bombing in a statement on its news agency.": "ATTRIB",
        "Police arrested twelve opposition activists in the capital on Tuesday.": "ARREST",
        "Hundreds of students marched peacefully through the city centre to demand lower tuition fees.": "PEACE_PROTEST",
        # no event: a flood has no actor, but the text still has a category
        "Floods caused by torrential rain have displaced thousands of families in the south of the country.":
            "NATURAL_DISASTER",
    }
    for k, (text, want) in enumerate(cases.items()):
        assert coder.text_category(coder.code(Article(id=f"t{k}", text=text))).label == want, text


def test_records_carry_their_sentences_category(coder):
    if not DEFAULT_CATEGORY_MODEL.exists():
        pytest.skip(f"no bundled category model at {DEFAULT_CATEGORY_MODEL}")
    first = "The government expelled two diplomats and recalled its ambassador over the espionage affair."
    second = "Police arrested twelve opposition activists in the capital on Tuesday."
    coded = coder.code(Article(id="two", text=f"{first} {second}"))
    by_sentence = {ev.sentence.text: ev.sentence_class for ev in coded.events}
    assert set(by_sentence) == {first, second}
    assert (by_sentence[first].category, by_sentence[first].category_name) == ("DIPLO", "Diplomatic event")
    assert (by_sentence[second].category, by_sentence[second].category_name) == ("ARREST", "Arrests")
    # the reading of the sentence with its own events (their ACLED readings depend on the article's lead)
    evs = [ev for ev in coded.events if ev.sentence.text == second]
    reading = coder.category_model.predict(second, evs, coder.encoder.embed([second])[0])
    assert by_sentence[second].category_prob == round(reading.prob, 4)
    for ev in coded.events:
        d = ev.to_dict()
        assert d["sentence_class"]["category"] == ev.sentence_class.category
        assert Event.from_dict(d).to_dict() == d
    no_model = Coder(category_model=False).with_models(relation_model=False, acled_model=False)
    assert all(ev.sentence_class.category is None for ev in no_model.code(Article(id="n", text=second)).events)
    fast = Coder(CoderConfig(encoder="off")).with_models(relation_model=False, acled_model=False)
    fast_events = fast.code(Article(id="f", text=second)).events
    assert fast_events and all(ev.sentence_class.category is None and ev.sentence_class.penta is not None
                               for ev in fast_events)
    assert fast.components()["encoder"] is None and coder.components()["encoder"].startswith("all-MiniLM-L6-v2:")


def test_a_record_from_before_the_category_reads_as_none():
    old = {"penta": 4, "name": "material conflict", "prob": 0.9}  # a stored record written before this field
    d = _event("ASSAULT", 0.5).to_dict()
    d["sentence_class"] = old
    sc = Event.from_dict(d).sentence_class
    assert sc == SentenceClass(4, "material conflict", 0.9) and sc.category is None


# --- the cross-validation factory (invented gold file) ---------------------------------------------

def test_factory_retrains_the_category_model_without_the_excluded_ids(tmp_path, coder):
    from flashpoint.coding.train import CoderFactory, category_examples

    rows = [
        ("case-0", "Police arrested ten activists in the capital.", "ARREST"),
        ("case-1", "Floods hit the northern valley.", "NATURAL_DISASTER"),
        ("case-2", "Soldiers clashed with rebels near the border.", "ARMED_CLASH"),
    ]
    (tmp_path / "case2021").mkdir()
    (tmp_path / "case2021" / "case2021_dev.jsonl").write_text(
        "".join(json.dumps({"id": i, "text": t, "label": lab}) + "\n" for i, t, lab in rows))
    examples = category_examples(tmp_path, coder, team=None)
    assert [(e.id, e.label) for e in examples] == [(i, lab) for i, _, lab in rows]
    assert "c:type:COERCE" in examples[0].features  # the coder's event in the text is a feature
    assert np.allclose(examples[1].vector, coder.encoder.embed([rows[1][1]])[0])  # and its embedding

    factory = CoderFactory(tmp_path, team=None)
    factory._base._nlp, factory._base._lexicon, factory._base._matcher = coder.nlp, coder.lexicon, coder.matcher
    held_out = factory(frozenset({"case-0"}))
    assert held_out.category_model.meta["n_train"] == 2 and held_out.category_model.meta["excluded"] == 1
    other = factory(frozenset({"no-such-id"}))
    assert other.category_model is factory._base.category_model  # no CASE item excluded: not retrained

    (tmp_path / "acled").mkdir()  # ACLED notes: a second domain of training texts, never a reason to retrain
    note = {"id": "acled-0", "text": "On 3 May 2020, rioters burned tyres and threw stones at police in Lagos.",
            "event_type": "Riots", "sub_event_type": "Violent demonstration", "fatalities": 0, "actor1": "Rioters (Nigeria)"}
    (tmp_path / "acled" / "acled_dev_test.jsonl").write_text(json.dumps(note) + "\n")
    examples = category_examples(tmp_path, coder, team=None)
    assert [(e.id, e.label, e.domain, e.weight) for e in examples][-1] == (
        "acled-0", "VIOL_DEMONSTR", "acled", cm.HYPER["acled_weight"])
    assert [e.domain for e in category_examples(tmp_path, coder, acled=False, team=None)] == ["", "", ""]
    factory = CoderFactory(tmp_path, team=None)
    factory._base._nlp, factory._base._lexicon, factory._base._matcher = coder.nlp, coder.lexicon, coder.matcher
    held_out = factory(frozenset({"case-0"}))
    assert held_out.category_model.meta["n_train_by_domain"] == {"acled": 1, "own": 2}
    assert factory(frozenset({"acled-0"})).category_model is factory._base.category_model


def test_team_snippets_are_case_examples_and_gold_texts_are_read_by_a_held_out_acled_classifier(tmp_path, coder):
    from flashpoint.coding.train import category_examples
    from flashpoint.eval.run import fold_of

    rows = [(f"case-{k}", text, lab) for k, (text, lab) in enumerate([
        ("Police arrested ten activists in the capital.", "ARREST"),
        ("Floods hit the northern valley.", "NATURAL_DISASTER"),
        ("Soldiers clashed with rebels near the border.", "ARMED_CLASH"),
        ("Rebels seized the town of Kalo after the army fled.", "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("Protesters marched peacefully through the city centre.", "PEACE_PROTEST"),
        ("A car bomb exploded near a market.", "REM_EXPLOS"),
    ])]
    (tmp_path / "case2021").mkdir()
    (tmp_path / "case2021" / "case2021_dev.jsonl").write_text(
        "".join(json.dumps({"id": i, "text": t, "label": lab}) + "\n" for i, t, lab in rows))
    team = tmp_path / "team.jsonl"
    team.write_text(json.dumps({"id": "team-1", "text": "Troops retook the village from the militants.",
                                "label": "GOV_REGAINS_TERIT"}) + "\n\n")
    calls: list[frozenset[str]] = []

    def held_out(ids):
        calls.append(ids)
        return coder

    examples = category_examples(tmp_path, coder, team=team, held_out=held_out)
    assert [(e.id, e.label, e.domain, e.weight) for e in examples][-1] == ("team-1", "GOV_REGAINS_TERIT", "", 1.0)
    assert any(f.startswith("c:best:") for f in examples[-1].features)  # read over the coder's events
    assert np.allclose(examples[-1].vector, coder.encoder.embed(["Troops retook the village from the militants."])[0])
    # every gold text is coded once, by the coder that left out its whole fold; the team's by the coder itself
    assert sorted(i for ids in calls for i in ids) == sorted(i for i, _, _ in rows)
    assert all(len({fold_of(i) for i in ids}) == 1 for ids in calls)
    assert len({fold_of(i) for ids in calls for i in ids}) == len(calls)

    team.write_text(json.dumps({"id": "team-1", "text": "Quake.", "label": "QUAKE"}) + "\n")
    with pytest.raises(InputError, match=r"team.jsonl:1.*QUAKE"):
        category_examples(tmp_path, coder, team=team)
    team.write_text("{not json\n")
    with pytest.raises(InputError, match=r"team.jsonl:1"):
        category_examples(tmp_path, coder, team=team)


def test_the_team_snippets_are_well_formed_and_share_no_words_with_the_case_gold():
    """The shipped team snippets cover every CASE 2021 type and none repeats a CASE dev snippet: a run of
    eight words in common would mean an evaluation text leaked into training data."""
    from flashpoint.coding.train import CASE_FILE, TEAM_CASE_FILE, team_case_rows

    rows = team_case_rows(TEAM_CASE_FILE)
    assert len({i for i, _, _ in rows}) == len(rows) >= 300
    assert {lab for _, _, lab in rows} == set(cm.CLASSES)
    gold = Path(__file__).resolve().parents[2] / "shared" / "data" / "gold" / CASE_FILE
    if not gold.is_file():
        pytest.skip(f"{gold} not found")

    def runs(text):
        w = text.lower().split()
        return {tuple(w[k:k + 8]) for k in range(len(w) - 7)}

    gold_runs = set().union(*(runs(json.loads(line)["text"]) for line in gold.read_text(encoding="utf-8").splitlines()
                              if line.strip()))
    assert not [i for i, t, _ in rows if runs(t) & gold_runs]


def test_a_second_domain_is_folded_into_the_model_of_the_first():
    """Feature augmentation: trained on both domains with per-domain copies of every feature, the model
    is folded back so that it reads a home-domain text exactly as the augmented model would."""
    from flashpoint.coding.classifier import _DOMAIN_SEP, fit, fit_domains

    X = [["w:riot", "w:police"], ["w:flood"], ["w:riot", "w:stones"], ["w:rioters", "w:police"], ["w:flood", "w:rain"]]
    y = ["MOB_VIOLENCE", "NATURAL_DISASTER", "MOB_VIOLENCE", "VIOLENT_DEMONSTRATION", "NATURAL_DISASTER"]
    domains = ["", "", "", "acled", "acled"]
    dense = np.random.default_rng(0).normal(size=(5, 4))
    hyper = {"classes": sorted(set(y)), "l2": 1e-3, "epochs": 50, "lr": 0.05}
    folded = fit_domains(X, y, domains, "", dense=dense, **hyper)
    aug = fit([f + [f"{d}{_DOMAIN_SEP}{x}" for x in f] for f, d in zip(X, domains)], y,
              dense=np.hstack([dense, dense * np.array([[d == "acled"] for d in domains]),
                               dense * np.array([[d == ""] for d in domains])]), **hyper)
    home = [["w:riot", "w:police", "w:unseen"], ["w:rain"]]  # "w:rain" only ever seen in the other domain
    d_home = np.random.default_rng(1).normal(size=(2, 4))
    augmented = aug.predict_proba([f + [f"{_DOMAIN_SEP}{x}" for x in f] for f in home],
                                  np.hstack([d_home, np.zeros_like(d_home), d_home]))
    assert np.allclose(folded.predict_proba(home, d_home), augmented)
    assert all(_DOMAIN_SEP not in f for f in folded.vocab) and folded.D.shape == (4, 3)
    assert not np.allclose(folded.predict_proba(home, d_home), fit(X, y, dense=dense, **hyper).predict_proba(home, d_home))


def test_missing_or_mislabelled_case_file_is_named(tmp_path):
    from flashpoint.coding.train import category_examples

    with pytest.raises(InputError, match="case2021_dev.jsonl"):
        category_examples(tmp_path, Coder(category_model=False))
    (tmp_path / "case2021").mkdir()
    (tmp_path / "case2021" / "case2021_dev.jsonl").write_text(json.dumps({"id": "x", "text": "t", "label": "QUAKE"}) + "\n")
    with pytest.raises(InputError, match="x.*QUAKE"):
        category_examples(tmp_path, Coder(category_model=False))
    (tmp_path / "case2021" / "case2021_dev.jsonl").write_text(json.dumps({"id": "c", "text": "Floods.", "label": "NATURAL_DISASTER"}) + "\n")
    with pytest.raises(InputError, match="sentence encoder is not installed or turned off"):
        category_examples(tmp_path, Coder(CoderConfig(encoder="off"), category_model=False))
