"""The text event class model (ConfliBERT penta classes): features, rule, training, files, coder, CV factory."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from flashpoint.coding import penta_model as pm
from flashpoint.coding.coder import DEFAULT_PENTA_MODEL, Coder, CoderConfig
from flashpoint.errors import InputError
from flashpoint.records import Article, Cameo, CodedArticle, Event, Plover, Sentence, Trigger


def _event(code: str, ptype: str, conf: float, trigger: str = "attacked", modality: str = "asserted") -> Event:
    text = "Some words."
    return Event(
        event_id=f"{code}-{conf}", article_id="a", sentence=Sentence(0, text, 0, len(text)),
        trigger=Trigger(trigger, (0, 1)), date=None, date_precision="article", plover=Plover(ptype),
        cameo=Cameo(code, code[:2], 0.0, 4), acled=None, source=None, target=None, location=None,
        modality=modality, attribution=None, fatalities=None, confidence=conf,
    )


# --- features and the rule (invented data) -----------------------------------------------------

def test_text_features_words_bigrams_prefixes_numbers():
    f = pm.text_features("Rebels shelled 3 villages")
    assert {"w:rebels", "w:0", "b:<s>_rebels", "b:rebels_shelled", "b:villages_</s>", "p:shell", "p:villa"} <= set(f)
    assert "p:rebel" in f and not any(x.startswith("p:") and len(x) < 7 for x in f)  # only words longer than 5


def test_event_features_read_the_most_confident_event_and_all_events():
    events = [_event("111", "ACCUSE", 0.4, "condemned"), _event("190", "ASSAULT", 0.9, "Attacked", "claimed")]
    f = pm.event_features(events)
    assert {"e:best:4", "e:best:type:ASSAULT", "e:best:code:190", "e:best:mod:claimed", "e:best:cm:4:claimed",
            "e:best:trig:attacked", "e:any:3", "e:any:4", "e:any:type:ACCUSE", "e:any:cm:3:asserted"} <= set(f)
    assert "e:best:3" not in f
    assert pm.event_features([]) == ["e:none"]
    both = pm.features("Rebels attacked", events)
    assert len(both) == len(set(both)) and "w:rebels" in both and "e:best:4" in both


def test_rule_class_is_the_most_confident_events_class_or_statement():
    assert pm.rule_class([]) == "0"
    assert pm.rule_class([_event("042", "CONSULT", 0.5), _event("173", "COERCE", 0.8)]) == "4"
    assert pm.rule_class([_event("042", "CONSULT", 0.6), _event("173", "COERCE", 0.6)]) == "1"  # tie: the first
    assert pm.rule_class([_event("020", "REQUEST", 0.7)]) == "0"  # an appeal is a CAMEO 02 statement
    reading = pm.sentence_class(None, "text", [_event("112", "ACCUSE", 0.7)])
    assert reading == pm.PentaReading("3", None)


# --- training and files ----------------------------------------------------------------------

def _toy_examples() -> list[pm.Example]:
    attack = [_event("190", "ASSAULT", 0.9)]
    rows = [
        ("a", "the group claimed responsibility for the attack", attack, "0"),
        ("b", "the militia claimed responsibility for the bombing", attack, "0"),
        ("c", "rebels attacked the convoy", attack, "4"),
        ("d", "troops attacked the village", attack, "4"),
        ("e", "the ministers signed an accord", [_event("057", "SUPPORT", 0.8, "signed")], "1"),
    ]
    return [pm.Example(i, tuple(pm.features(t, evs)), label) for i, t, evs, label in rows]


def test_training_learns_a_statement_frame_over_the_events_class():
    full = pm.train(_toy_examples())
    attack = [_event("190", "ASSAULT", 0.9)]
    assert full.predict("gunmen claimed responsibility for the ambush", attack).label == "0"
    assert full.predict("gunmen attacked the bus", attack).label == "4"
    assert full.classes == list(pm.CLASSES)  # every class, even those without examples
    assert np.isclose(full.proba("anything", attack).sum(), 1.0)
    assert pm.train(_toy_examples()).meta["id"] == full.meta["id"]  # deterministic
    without = pm.train(_toy_examples(), frozenset({"a", "b"}))
    assert (without.meta["n_train"], without.meta["excluded"]) == (3, 2) and without.meta["id"] != full.meta["id"]
    assert without.predict("gunmen claimed responsibility for the ambush", attack).label == "4"


def test_training_needs_examples_and_known_classes():
    with pytest.raises(InputError, match="no training examples"):
        pm.train(_toy_examples(), frozenset("abcde"))
    with pytest.raises(InputError, match="unknown classes"):
        pm.train([pm.Example("x", ("w:a",), "7")])


def test_saved_model_round_trips_and_bad_files_name_the_path(tmp_path):
    m = pm.train(_toy_examples(), meta={"data": {}})
    path = tmp_path / "m.npz"
    m.save(path)
    back = pm.PentaModel.load(path)
    assert back.meta == m.meta and back.classes == m.classes
    assert np.allclose(back.proba("rebels attacked"), m.proba("rebels attacked"), atol=1e-2)
    corrupt = tmp_path / "corrupt.npz"  # the loader's own errors: tests/test_model_files.py
    corrupt.write_bytes(b"not a zip file")
    with pytest.raises(InputError, match="corrupt.npz"):
        Coder(CoderConfig(penta_model=str(corrupt))).penta_model  # noqa: B018


# --- the coder ---------------------------------------------------------------------------------

def test_coder_reads_the_class_with_its_model_and_without_one(tmp_path):
    attack = (_event("190", "ASSAULT", 0.9),)
    coded = CodedArticle(Article(id="a", text="the rebels claimed responsibility for the raid"), events=attack)
    assert Coder(penta_model=False).penta_class(coded) == pm.PentaReading("4", None)  # the rule
    path = tmp_path / "m.npz"
    pm.train(_toy_examples()).save(path)
    reading = Coder(CoderConfig(penta_model=str(path))).penta_class(coded)
    assert reading.label == "0" and reading.prob is not None and 0.2 < reading.prob <= 1.0
    assert Coder(penta_model=False).with_models(relation_model=False, acled_model=False).penta_model is None


def test_shipped_model_reads_statement_frames_and_acts(coder):
    if not DEFAULT_PENTA_MODEL.exists():
        pytest.skip(f"no bundled penta class model at {DEFAULT_PENTA_MODEL} (scripts/train_penta_model.py builds it)")
    cases = {
        "The rebel group claimed responsibility for the bombing of the market in the northern town.": "0",
        "The foreign minister expressed condolences to the families of the soldiers killed in the ambush.": "0",
        "Norway is considering sending aid to the flooded provinces.": "0",
        "Government forces shelled rebel positions near the town on Monday.": "4",
        "The government released forty political prisoners on Friday.": "2",
        "The opposition leader condemned the arrests of journalists.": "3",
    }
    for k, (text, want) in enumerate(cases.items()):
        assert coder.penta_class(coder.code(Article(id=f"t{k}", text=text))).label == want, text


def test_records_carry_their_sentences_class(coder):
    """Every event of a sentence carries the sentence's class, the same reading `penta_class` gives the
    sentence on its own, and it survives the record's round trip."""
    if not DEFAULT_PENTA_MODEL.exists():
        pytest.skip(f"no bundled penta class model at {DEFAULT_PENTA_MODEL}")
    first = "The rebel group claimed responsibility for the bombing of the market in the northern town."
    second = "Government forces shelled rebel positions near the town on Monday."
    coded = coder.code(Article(id="two", text=f"{first} {second}"))
    by_sentence = {ev.sentence.text: ev.sentence_class for ev in coded.events}
    assert set(by_sentence) == {first, second}
    assert (by_sentence[first].penta, by_sentence[first].name) == (0, "statement")
    assert (by_sentence[second].penta, by_sentence[second].name) == (4, "material conflict")
    for text in (first, second):
        alone = coder.penta_class(coder.code(Article(id="one", text=text)))
        assert str(by_sentence[text].penta) == alone.label and by_sentence[text].prob == round(alone.prob, 4)
    for ev in coded.events:
        d = ev.to_dict()
        assert d["sentence_class"]["penta"] == ev.sentence_class.penta
        assert Event.from_dict(d).to_dict() == d
    no_model = Coder(penta_model=False, category_model=False).with_models(relation_model=False, acled_model=False)
    assert all(ev.sentence_class is None for ev in no_model.code(Article(id="n", text=second)).events)


# --- the cross-validation factory (invented gold file) ---------------------------------------------

def test_factory_retrains_the_penta_model_without_the_excluded_ids(tmp_path, coder):
    from flashpoint.coding.train import CoderFactory, penta_examples

    rows = [
        ("cls-0", "The militia claimed responsibility for the attack on the convoy.", 0),
        ("cls-1", "Soldiers attacked a village near the border.", 4),
        ("cls-2", "The two ministers signed a trade accord in the capital.", 1),
        ("cls-3", "The government sent food aid to the flooded region.", 2),
    ]
    (tmp_path / "conflibert").mkdir()
    (tmp_path / "conflibert" / "cameo_class_train.jsonl").write_text(
        "".join(json.dumps({"id": i, "text": t, "penta": p}) + "\n" for i, t, p in rows))
    examples = penta_examples(tmp_path, coder)
    assert [(e.id, e.label) for e in examples] == [(i, str(p)) for i, _, p in rows]
    assert "e:any:4" in examples[1].features  # the coder's event in the text is a feature

    factory = CoderFactory(tmp_path)
    factory._base._nlp, factory._base._lexicon, factory._base._matcher = coder.nlp, coder.lexicon, coder.matcher
    assert "conflibert_class" in factory.trained_on
    held_out = factory(frozenset({"cls-0"}))
    assert held_out.penta_model.meta["n_train"] == 3 and held_out.penta_model.meta["excluded"] == 1
    other = factory(frozenset({"no-such-id"}))
    assert other.penta_model is factory._base.penta_model  # no class item excluded: not retrained


def test_missing_class_file_is_named(tmp_path):
    from flashpoint.coding.train import penta_examples

    with pytest.raises(InputError, match="cameo_class_train.jsonl"):
        penta_examples(tmp_path, Coder(penta_model=False))


def test_default_model_path_is_in_the_package():
    assert DEFAULT_PENTA_MODEL.parent == Path(pm.__file__).parent / "data"
