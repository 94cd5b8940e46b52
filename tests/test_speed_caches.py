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


def _role_model(seed: int):
    import numpy as np

    from flashpoint.coding.classifier import LinearModel
    from flashpoint.coding.role_model import NO, YES, RoleModel

    rng = np.random.default_rng(seed)
    words = ["bias", "rule_none", "rule", "actor", "place", "person", "side=L", "side=R", "ctag=NNP", "ctag=NNS",
             "cdep=nsubj", "cdep=dobj", "cdep=pobj", "hops=1", "hops=2", "hops=3", "dist=1", "dist=2"]
    W = rng.normal(size=(len(words), 2)).astype(np.float32)
    return RoleModel(LinearModel([YES, NO], {w: i for i, w in enumerate(words)}, W, rng.normal(size=2).astype(np.float32)))


def test_role_scores_from_cached_sums_are_the_rows_scores_for_each_model(coder, docs):
    """`RoleModel._pair_scores` keeps, per sentence and model, the sum of a pair's cached features: the
    scores are bit for bit those of the full rows, for two models reading the same sentence, with and
    without a rules' choice, and where a candidate is a place (whose person features are dropped)."""
    import numpy as np

    from flashpoint.coding.role_model import Known, _features, candidates, table

    models = (_role_model(1), _role_model(2))
    for doc in (*docs, *docs):
        tab = table(doc)
        trig = next(t for t in doc if t.tag_.startswith("VB"))
        cis = [c.i for c in candidates(doc, trig, None, None)]
        assert len(cis) >= 2
        for known in (Known(), Known(actors=frozenset(cis[:1]), places=frozenset(cis[1:]))):
            for rule in (None, cis[0], cis[-1]):
                for model in (*models, *models):
                    rows = [_features(tab, trig.i, "ASSAULT", ci, rule, known) for ci in cis]
                    got = model._pair_scores(tab, trig.i, "ASSAULT", cis, rule, known)
                    assert np.array_equal(got, model.scores(rows))
    a = models[0]._pair_scores(tab, trig.i, "ASSAULT", cis, None, Known())
    b = models[1]._pair_scores(tab, trig.i, "ASSAULT", cis, None, Known())
    assert not np.array_equal(a, b)  # each model its own sums


def test_find_dates_kept_per_text_and_publication_date():
    from flashpoint.nlp.dates import event_date, find_dates

    text = "The attack happened on Monday, police said on 3 March."
    first = find_dates(text, "2020-03-05")
    said = [m.text for m in first]
    assert len(said) == 2 and "Monday" in said[0]
    first.clear()  # the caller's list: the kept answer is not changed
    again = find_dates(text, "2020-03-05")
    assert [m.text for m in again] == said
    other = find_dates(text, "2021-03-10")
    assert again[0].date != other[0].date  # another publication date, another reading
    assert event_date(text, text.index("attack"), "2020-03-05") == (again[0].date, again[0].precision)


def test_acled_text_ids_kept_per_sentence_and_lead(coder):
    """`AcledModel.proba` reads the text's feature ids once per (sentence, lead): the same floats as
    reading every feature, for other leads and other event readings of the same sentence."""
    import numpy as np

    model = coder.acled_model
    vocab = model.linear.vocab

    def plain(sentence, context, event):
        ids = [i for i in map(vocab.get, features(sentence, context, event)) if i is not None]
        z = (model._W[ids].sum(axis=0) if ids else 0.0) + model._b
        z = (z - z.max()) / model.linear.temperature
        e = np.exp(z)
        return e / e.sum()

    s = "Gunmen killed 3 people in Kano on Sunday."
    for context, event in ((None, ()), ("Attack in Kano. Gunmen struck.", ("e:type:ASSAULT", "e:src:REB")),
                           ("Protests in Lagos.", ("e:type:PROTEST",)), (None, ("e:type:ASSAULT",)),
                           ("Protests in Lagos.", ("w:gunmen",))):  # not an event feature: the plain path
        assert np.array_equal(model.proba(s, context, event), plain(s, context, event))


def test_trigger_prefilter_is_kept_per_lexicon(coder):
    """`find_candidates` remembers, per lexicon, which (tag, word) may be a trigger: another lexicon
    reading the same sentence gets its own answers."""
    from flashpoint.coding.extract import find_candidates
    from flashpoint.coding.lexicon import Lexicon

    doc = coder.nlp("Rebels attacked the town and the army shelled their camp.")
    full = [c.trigger.lower_ for c in find_candidates(doc, coder.lexicon)]
    assert {"attacked", "shelled"} <= set(full)
    only_shell = Lexicon([e for e in coder.lexicon.entries if e.lemma == "shell"], name="shell only")
    assert [c.trigger.lower_ for c in find_candidates(doc, only_shell)] == ["shelled"]
    assert [c.trigger.lower_ for c in find_candidates(doc, coder.lexicon)] == full


def test_tokens_in_reads_the_tokens_overlapping_any_span(coder):
    """`tokens_in` over a Doc (bisecting its table's token starts and ends) gives the tokens whose
    characters overlap [start, end), for every span, empty, reversed and out of range included."""
    from flashpoint.coding.features import tokens_in

    doc = coder.nlp("Rebels   attacked the town, police said.  Naïve café-owners fled.")
    n = len(doc.text)
    for start in range(-1, n + 2):
        for end in range(-1, n + 2):
            want = [t.i for t in doc if t.idx < end and t.idx + len(t.text) > start]
            assert [t.i for t in tokens_in(doc, start, end)] == want
    other = coder.nlp("Police arrested two men.")
    assert [t.text for t in tokens_in(other, 7, 15)] == ["arrested"]  # the table of its own doc
    assert [t.text for t in tokens_in(doc, 9, 17)] == ["attacked"]
