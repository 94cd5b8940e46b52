"""Units of the coder that need no model: fatalities, the classifier, in-article merging."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from flashpoint.coding.classifier import LinearModel, fit
from flashpoint.coding.fatalities import find_fatalities
from flashpoint.coding.merge import merge_events, shared_locations
from flashpoint.records import ActorRef, Attribution, Cameo, Event, Location, Plover, Sentence, Trigger


def test_fatalities():
    assert find_fatalities("A car bombing killed at least 75 displaced people in eastern Syria.") == 75
    assert find_fatalities("Twelve soldiers were killed in the ambush.") == 12
    assert find_fatalities("The death toll rose to 30 on Monday.") == 30
    assert find_fatalities("No fatalities nor injuries reported.") == 0
    assert find_fatalities("Police arrested 40 protesters.") is None
    assert find_fatalities("The strike killed 5 percent of the crops.") is None


def test_classifier_learns_and_round_trips(tmp_path):
    X = [["w:attack", "p:strike"], ["w:meet", "p:talk"], ["w:attack"], ["w:talk", "w:meet"]] * 5
    y = ["ASSAULT", "CONSULT", "ASSAULT", "CONSULT"] * 5
    m = fit(X, y, epochs=100)
    p = m.predict_proba([["w:attack"], ["w:meet"], ["w:unseen"]])
    assert m.classes[int(p[0].argmax())] == "ASSAULT"
    assert m.classes[int(p[1].argmax())] == "CONSULT"
    assert np.allclose(p.sum(axis=1), 1.0)
    m.meta = {"id": "t"}
    m.save(tmp_path / "m.npz")
    m2 = LinearModel.load(tmp_path / "m.npz")
    assert m2.classes == m.classes and m2.meta == {"id": "t"}
    assert np.allclose(m2.predict_proba([["w:attack"]]), m.predict_proba([["w:attack"]]), atol=1e-2)


def _reference_fit(X, y, *, l2=1e-3, epochs=300, lr=0.05, min_count=1, sample_weight=None, dense=None):
    """`fit` as plainly written: per epoch `np.add.at` for the logits and the gradient, Adam with temporaries."""
    from flashpoint.coding.classifier import vocabulary

    vocab = vocabulary(X, min_count)
    cls = sorted(set(y))
    ci = {c: i for i, c in enumerate(cls)}
    ind, ptr, rows = LinearModel(cls, vocab, np.zeros((0, 0)), np.zeros(0))._rows(X)
    n, k = len(X), len(cls)
    Y = np.zeros((n, k))
    Y[np.arange(n), [ci[v] for v in y]] = 1.0
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    sw = sw / sw.sum()
    Xd = np.asarray(dense, dtype=np.float64)
    W, b, D = np.zeros((len(vocab), k)), np.zeros(k), np.zeros((Xd.shape[1], k))
    moments = [(np.zeros_like(a), np.zeros_like(a)) for a in (W, b, D)]
    for step in range(1, epochs + 1):
        z = np.tile(b, (n, 1))
        np.add.at(z, rows, W[ind])
        z += Xd @ D
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        G = (p - Y) * sw[:, None]
        gW = np.zeros_like(W)
        np.add.at(gW, ind, G[rows])
        gW += l2 * W
        for param, g, (m, v) in zip((W, b, D), (gW, G.sum(axis=0), Xd.T @ G + l2 * D), moments):
            m *= 0.9
            m += (1 - 0.9) * g
            v *= 0.999
            v += (1 - 0.999) * g * g
            param -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return W, b, D


@pytest.mark.parametrize("block", [None, 16])
def test_fit_adds_in_the_order_of_np_add_at(monkeypatch, block):
    """`fit`'s logits and gradient are the sums `np.add.at` makes, added in the same order: the same bits
    (float addition is not associative; `np.array_equal`, no tolerance). Features repeat within rows and
    across them (a few in most rows), some rows have no known feature, the examples have weights and a
    dense input; `block` 16 splits the sums into many chunks (and Adam's update into blocks of 16 values)."""
    from flashpoint.coding import classifier

    if block is not None:
        monkeypatch.setattr(classifier, "_SUM_BLOCK", block)
        monkeypatch.setattr(classifier, "_ADAM_BLOCK", block)
    rng = np.random.default_rng(7)
    p = 1.0 / np.arange(1, 61)
    X = [[] if rng.random() < 0.1 else [f"f{i}" for i in rng.choice(60, int(rng.integers(1, 25)), p=p / p.sum())]
         for _ in range(120)]
    X[3] = ["rare:only-once"]  # dropped by min_count 2: an empty row
    y = [f"c{int(i)}" for i in rng.integers(0, 4, 120)]
    hyper = {"l2": 1e-2, "epochs": 40, "lr": 0.1, "min_count": 2, "sample_weight": list(rng.uniform(0.2, 2.0, 120)),
             "dense": rng.normal(size=(120, 5))}
    m = fit(X, y, **hyper)
    W, b, D = _reference_fit(X, y, **hyper)
    assert np.abs(W).max() > 0.1  # it learned something
    assert np.array_equal(m.W, W) and np.array_equal(m.b, b) and np.array_equal(m.D, D)


def _ev(eid, ptype, src, tgt, date, prec, loc=None, sidx=0):
    s = Sentence(sidx, "x", 0, 1)
    return Event(eid, "a", s, Trigger("x", (0, 1)), date, prec, Plover(ptype), Cameo("190", "19", -10.0, 4), None,
                 src, tgt, loc, "asserted", None, None, 0.5)


def test_merge_same_event_keeps_source_best_date_and_place():
    han = ActorRef("Haniyeh", (10, 17), "Ismail Haniyeh", "PSEREBHMS", "PSE", "REB")
    isr = ActorRef("Israel", (30, 36), "Israel", "ISR", "ISR", None)
    teh = Location("Tehran", (40, 46), "Tehran", "IRN", None, 35.7, 51.4, "city")
    a = _ev("1", "ASSAULT", None, han, "2024-07-31", "day", teh)
    b = _ev("2", "ASSAULT", isr, han, "2024-08-04", "article", None, 1)
    c = _ev("3", "THREATEN", isr, han, "2024-08-04", "article")
    out = merge_events([a, b, c])
    assert len(out) == 2
    m = out[0]
    assert m.event_id == "2" and m.source == isr
    assert (m.date, m.date_precision) == ("2024-07-31", "day")
    assert m.location == teh


def test_acts_on_the_ground_share_their_sentences_one_place():
    """An assault, arrest, deployment or protest whose phrase names no place took place where the sentence's other
    such acts did, when those agree on one place; not for other acts, not between two places. Across sentences
    only where the later sentence names no place and is at most two sentences after."""
    pes = Location("Peshawar", (90, 98), "Peshawar", "PAK", "Khyber Pakhtunkhwa", 34.0, 71.6, "city")
    kab = Location("Kabul", (50, 55), "Kabul", "AFG", "Kabul", 34.5, 69.2, "city")
    killed = _ev("1", "ASSAULT", None, None, None, "article")
    attack = _ev("2", "ASSAULT", None, None, None, "article", pes)
    condemned = _ev("3", "ACCUSE", None, None, None, "article")
    out = shared_locations([killed, attack, condemned])
    assert [e.location for e in out] == [pes, pes, None]
    two = shared_locations([killed, attack, _ev("5", "PROTEST", None, None, None, "article", kab)])
    assert two[0].location is None  # the sentence's acts were at two places: which one is unknown

    def later(sidx: int, text: str, ptype: str = "COERCE") -> Event:
        ev = _ev("4", ptype, None, None, None, "article", None, sidx)
        return replace(ev, sentence=Sentence(sidx, text, 100, 100 + len(text)))

    arrests = "Police arrested two of the attackers."
    assert shared_locations([attack, later(1, arrests)])[1].location == pes  # "In Peshawar, ... . Police arrested"
    assert shared_locations([attack, later(2, arrests)])[1].location == pes
    assert shared_locations([attack, later(3, arrests)])[1].location is None  # too far
    assert shared_locations([attack, later(1, "Police arrested two men in Lahore.")])[1].location is None
    assert shared_locations([attack, later(1, "The minister condemned it.", "ACCUSE")])[1].location is None


def test_a_place_carries_on_through_the_acts_told_after_it():
    """An act that took an earlier sentence's place passes it on, so the gap is counted from the last act told
    ("... base in Ceel Salini. The fighting ... . Militants were forced to withdraw. Govt forces claimed to have
    killed 5 militants": the killing had had no place); a sentence's opening place is a place told ("On 5 May 2020,
    in Utinga, Bahia, armed men used explosives in a robbery. During the act, the group opened fire ...")."""
    pes = Location("Peshawar", (90, 98), "Peshawar", "PAK", "Khyber Pakhtunkhwa", 34.0, 71.6, "city")

    def told(sidx: int, ptype: str = "ASSAULT", loc: Location | None = None) -> Event:
        text = "They fought on."
        return replace(_ev(str(sidx), ptype, None, None, None, "article", loc, sidx),
                       sentence=Sentence(sidx, text, 100 * sidx, 100 * sidx + len(text)))

    out = shared_locations([told(0, loc=pes), told(2), told(4)])
    assert [e.location for e in out] == [pes, pes, pes]
    assert shared_locations([told(0, loc=pes), told(3)])[1].location is None  # still too far with nothing between
    assert [e.location for e in shared_locations([told(1), told(2)], {0: pes})] == [pes, pes]
    assert shared_locations([told(3)], {0: pes})[0].location is None


def test_merge_takes_the_done_mention_over_an_aim_or_plan():
    dem = ActorRef("demonstrators", (50, 63), "demonstrators", None, None, "CVL")
    aim = replace(_ev("1", "ASSAULT", None, dem, None, "article"), modality="future")
    done = replace(_ev("2", "ASSAULT", None, dem, None, "article"), modality="claimed",
                   attribution=Attribution("police", (0, 6), "police", None))
    merged = merge_events([aim, done])
    assert len(merged) == 1 and merged[0].event_id == "1"
    assert merged[0].modality == "claimed" and merged[0].attribution == done.attribution
    assert merge_events([done, aim])[0].modality == "claimed"
    negated = replace(done, modality="negated", attribution=None)
    assert merge_events([aim, negated])[0].modality == "future"  # only a mention of it as done outweighs


def test_merge_joins_one_sources_targetless_acts_of_one_sentence_only():
    """"A group of asylum-seekers has gone on hunger strike in protest at ...": three protest words, one protest;
    the same group's protests told in two sentences may be two protests."""
    group = ActorRef("asylum-seekers", (11, 25), "asylum-seekers", None, None, "CVL")
    gone, protest = _ev("1", "PROTEST", group, None, None, "article"), _ev("2", "PROTEST", group, None, None, "article")
    assert len(merge_events([gone, protest])) == 1
    assert len(merge_events([gone, _ev("3", "PROTEST", group, None, None, "article", sidx=1)])) == 2
    assert len(merge_events([gone, _ev("4", "PROTEST", None, None, None, "article")])) == 2  # no party: unknown


def test_merge_joins_partyless_acts_of_one_sentence_at_one_place():
    """"Two artillery shells exploded near Zrybnivka": the shells and the exploding are one act; partyless acts at
    two places, or in two sentences, are two."""
    zry = Location("Zrybnivka", (40, 49), "Zrybnivka", "UKR", None, None, None, "place")
    kab = Location("Kabul", (50, 55), "Kabul", "AFG", "Kabul", 34.5, 69.2, "city")
    shells, exploded = _ev("1", "ASSAULT", None, None, None, "article", zry), _ev("2", "ASSAULT", None, None, None,
                                                                                  "article", zry)
    assert len(merge_events([shells, exploded])) == 1
    assert len(merge_events([shells, _ev("3", "ASSAULT", None, None, None, "article", kab)])) == 2
    assert len(merge_events([shells, _ev("4", "ASSAULT", None, None, None, "article", zry, sidx=1)])) == 2


def test_merge_keeps_distinct_days_apart():
    han = ActorRef("Haniyeh", (10, 17), "Ismail Haniyeh", "PSEREBHMS", "PSE", "REB")
    a = _ev("1", "ASSAULT", None, han, "2024-07-31", "day")
    b = _ev("2", "ASSAULT", None, han, "2024-07-20", "day")
    assert len(merge_events([a, b])) == 2


def test_weapon_words_match_at_word_starts():
    from flashpoint.coding.coder import _weapon

    assert _weapon("Gunmen carried out the attack and denied it.") is None
    assert _weapon("A suicide car bomb exploded.") == "suicide"
    assert _weapon("Rebels fired chemical shells at the town.") == "chemical"
    assert _weapon("Shelling hit the village.") == "artillery"
    assert _weapon("Two IEDs went off.") == "ied"


def test_sparse_training_with_keys_depends_on_the_examples_not_their_order():
    """With a key per example the batches are made from the keys' hashes: the same examples in another
    order give the same model, and one example more changes the weights less than a reshuffle does."""
    from flashpoint.coding.classifier import fit_sparse

    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(40)]
    X = [list(rng.choice(words, 5, replace=False)) for _ in range(600)]
    y = ["a" if "w1" in x or "w2" in x else "b" if "w3" in x else "c" for x in X]
    keys = [f"item-{i}" for i in range(600)]
    kw = {"epochs": 3, "batch_size": 32, "min_count": 1}
    base = fit_sparse(X, y, keys=keys, **kw)
    perm = rng.permutation(600)
    again = fit_sparse([X[i] for i in perm], [y[i] for i in perm], keys=[keys[i] for i in perm], **kw)
    assert np.array_equal(base.W, again.W) and np.array_equal(base.b, again.b)
    more_X, more_y = X + [["w1", "w5"]], y + ["a"]
    keyed = fit_sparse(more_X, more_y, keys=keys + ["item-new"], **kw)
    shuffled = fit_sparse(more_X, more_y, **kw)
    unkeyed = fit_sparse(X, y, **kw)
    assert np.abs(keyed.W - base.W).sum() < np.abs(shuffled.W - unkeyed.W).sum()
