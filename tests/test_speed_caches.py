"""The coder's speed-ups give what the plain code gives: per-doc and per-sentence caches never carry
one sentence's answers over to another, and records serialise as before."""

from __future__ import annotations

import dataclasses

import pytest

from flashpoint.coding.acled_model import _context_features, _sentence_features, features
from flashpoint.coding.coder import _weapon
from flashpoint.coding.features import pair_features
from flashpoint.coding.modality import _read_modality, read_modality
from flashpoint.records import Acled, ActorRef, Attribution, Cameo, Location

TEXTS = (
    "Israeli troops attacked Hamas fighters in Gaza on Monday, the army said.",
    "Protesters in Nairobi accused the police of beating demonstrators and vowed to march again.",
    "Russia will not sanction Ukraine, officials said, although Moscow threatened Kyiv last week.",
)


@pytest.fixture(scope="module")
def docs(coder):
    return [coder.nlp(t) for t in TEXTS]


def test_read_modality_is_remembered_per_doc_only(coder):
    a = coder.nlp("Police said they arrested the suspects.")
    b = coder.nlp("Police may arrest the suspects.")
    for doc in (a, b, a):
        verb = next(t for t in doc if t.lower_ in ("arrested", "arrest"))
        assert read_modality(verb) == _read_modality(verb)
    assert read_modality(a[3]).modality != read_modality(b[2]).modality


def test_pair_features_read_the_content_words_of_their_own_doc(coder, docs):
    for doc in (*docs, *docs):
        toks = [t for t in doc if t.tag_ in ("NNP", "NNPS")]
        s, t = toks[0], toks[-1]
        feats, _ = pair_features(doc, [(s.idx, s.idx + len(s))], [(t.idx, t.idx + len(t))], coder.lexicon)
        span_feats, _ = pair_features(doc[:], [(s.idx, s.idx + len(s))], [(t.idx, t.idx + len(t))], coder.lexicon)
        assert feats == span_feats  # a Span takes the uncached path


def test_acled_features_are_not_shared_between_calls():
    _sentence_features.cache_clear()
    _context_features.cache_clear()
    first = features("Gunmen killed 3 people in Kano.", "Lead text of the article.", ("e:type:ASSAULT",))
    first.append("changed by the caller")
    again = features("Gunmen killed 3 people in Kano.", "Lead text of the article.", ("e:type:ASSAULT",))
    assert "changed by the caller" not in again
    assert again[0] == "e:type:ASSAULT" and "w:gunmen" in again and "c:lead" in again
    assert _sentence_features.cache_info().hits == 1 and _context_features.cache_info().hits == 1


@pytest.mark.parametrize("text, kind", [
    ("A roadside bomb and a mortar hit the base.", "artillery"),  # the list's order decides, not the text's
    ("They shelled the town.", "artillery"),
    ("He carried a bag.", None),
    ("Chemical shells landed.", "chemical"),
])
def test_weapon_keeps_the_first_listed_match(text, kind):
    assert _weapon(text) == kind


@pytest.mark.parametrize("record", [
    ActorRef("the army", (0, 8), "Army", "ISRMIL", "ISR", "MIL"),
    Location("Gaza", (10, 14), "Gaza", "PSE", "Gaza Strip", 31.5, 34.4, "city"),
    Attribution("the army", (0, 8), "Army", "ISRMIL"),
    Cameo("190", "19", -10.0, 4),
    Acled("Battles", "Armed clash"),
])
def test_to_dict_is_asdict_with_spans_as_lists(record):
    expected = dataclasses.asdict(record)
    if "span" in expected:
        expected["span"] = list(expected["span"])
    assert record.to_dict() == expected
    assert list(record.to_dict()) == list(expected)  # same key order: the JSON text is the same


def test_the_trigger_prefilter_passes_every_token_trigger_entry_takes(coder, docs):
    from flashpoint.coding.extract import _maybe_trigger, trigger_entry

    passed = 0
    for doc in docs:
        for t in doc:
            maybe = _maybe_trigger(t.tag_, t.lower_, coder.lexicon)
            if trigger_entry(t, coder.lexicon) is not None:
                assert maybe, t.text
            passed += maybe
    assert 0 < passed < sum(len(d) for d in docs)  # it does filter


def test_logits_add_the_weights_as_add_at_did():
    """`LinearModel.logits` sums each row's weights in one cumulative sum: bit for bit what adding them
    one at a time in id order (`np.add.at`) gives, for one row, many rows, rows without features."""
    import numpy as np

    from flashpoint.coding.classifier import LinearModel

    rng = np.random.default_rng(7)
    W = rng.normal(size=(300, 4)).astype(np.float32)
    b = rng.normal(size=4).astype(np.float32)
    model = LinearModel(["a", "b", "c", "d"], {f"f{i}": i for i in range(300)}, W, b)
    for n in (1, 1, 3, 40, 700):
        X = [[f"f{j}" for j in rng.integers(0, 320, size=rng.integers(0, 60))] for _ in range(n)]
        ind, _ptr, rows = model._rows(X)
        expected = np.tile(b, (n, 1)).astype(np.float64)
        np.add.at(expected, rows, W[ind])
        assert np.array_equal(model.logits(X), expected)
