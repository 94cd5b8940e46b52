"""The two relation models: string features for the pairs the coder finds, string features and the pair's
window embedding for hinted pairs (when the sentence encoder is on); their training and per-fold retraining."""

from __future__ import annotations

import json

import numpy as np
import pytest

from flashpoint.coding.coder import Coder, CoderConfig
from flashpoint.coding.train import CoderFactory, TrainingItem, plv_items, train_relation_model
from flashpoint.errors import ConfigError, InputError
from flashpoint.records import ActorHints, Article

ROWS = [  # invented PLV-style rows: (id, text, source span, target span, type)
    ("plv-t-0", "Egypt sent food aid to Sudan.", (0, 5), (23, 28), "AID"),
    ("plv-t-1", "Iran accused Israel of the attack.", (0, 4), (13, 19), "ACCUSE"),
    ("plv-t-2", "Troops shelled the rebels near Homs.", (0, 6), (19, 25), "ASSAULT"),
    ("plv-t-3", "Turkey accused Greece of provocations.", (0, 6), (15, 21), "ACCUSE"),
]


def _write_plv(root) -> None:
    (root / "plv").mkdir(parents=True)
    with (root / "plv" / "plv_train.jsonl").open("w") as fh:
        for i, text, (s0, s1), (t0, t1), label in ROWS:
            fh.write(json.dumps({"id": i, "text": text, "plover": label,
                                 "source": {"text": text[s0:s1], "spans": [[s0, s1]]},
                                 "target": {"text": text[t0:t1], "spans": [[t0, t1]]}}) + "\n")


def test_the_coder_types_found_pairs_from_words_and_hinted_pairs_also_from_the_window(coder):
    assert coder.encoder is not None
    assert coder.relation_model.D is None  # the pairs the coder finds
    hinted = coder.hinted_relation_model
    assert hinted.D is not None and hinted.D.shape[0] == 384 and hinted.meta["hyper"]["dense_scale"] > 0
    assert hinted.memory is not None and len(hinted.memory.labels) == hinted.meta["n_train"]
    components = coder.components()
    assert components["hinted_relation_model"] == hinted.meta["id"] != components["relation_model"]
    off = Coder(CoderConfig(encoder="off"))
    assert off.hinted_relation_model is off.relation_model  # without the encoder: the same model
    text = "Iran accused Israel of the attack on its consulate."
    art = Article(id="h", text=text, date="2024-04-02", actors=ActorHints(source=((0, 4),), target=((13, 19),)))
    for c in (coder, off):
        (ev,) = c.code(art).events
        assert ev.plover.type == "ACCUSE" and (ev.source.text, ev.target.text) == ("Iran", "Israel")
    with pytest.raises(ConfigError, match="reads sentence embeddings but the sentence encoder is off"):
        Coder(CoderConfig(encoder="off"), hinted_relation_model=hinted).hinted_relation_model  # noqa: B018
    with pytest.raises(InputError, match="nope.npz: hinted relation model file not found"):
        Coder(CoderConfig(hinted_relation_model="/tmp/nope.npz")).hinted_relation_model  # noqa: B018


def test_training_with_windows_needs_them_and_gives_dense_weights(tmp_path, coder):
    _write_plv(tmp_path)
    items = plv_items(tmp_path, coder)
    assert all(it.vector is not None and np.isclose(np.linalg.norm(it.vector), 1.0, atol=1e-5) for it in items)
    # the window of "Egypt ... Sudan" is the embedding of the pieces between and after the two parties
    assert np.allclose(items[0].vector, coder.encoder.window(ROWS[0][1], ROWS[0][2], ROWS[0][3]))
    plain = train_relation_model(items)
    dense = train_relation_model(items, with_vectors=True)
    assert plain.D is None and dense.D.shape == (384, len(dense.classes))
    # the window model keeps its training windows: their nearest neighbours vote on a new pair
    assert plain.memory is None and dense.memory.vectors.shape == (len(items), 384)
    assert [dense.classes[i] for i in dense.memory.labels] == [it.label for it in items]
    assert dense.meta["hyper"]["memory"] == {"k": 5, "sharpness": 20.0, "weight": 0.5, "smoothing": 0.1}
    assert plain.meta["hyper"] == {"l2": 3e-4, "epochs": 200, "lr": 0.05} and plain.temperature == 1.0
    # the window model's softmax temperature is fitted on held-out predictions (3 interleaved folds)
    assert 0.5 <= dense.temperature <= 3.0 and dense.meta["hyper"]["temperature"] == dense.temperature
    with pytest.raises(InputError, match="1 items lack a window embedding .first: x"):
        train_relation_model([TrainingItem("x", ("w:a",), "AID")], with_vectors=True)


def test_factory_retrains_both_relation_models_without_the_held_out_pairs(tmp_path, coder):
    _write_plv(tmp_path)
    factory = CoderFactory(tmp_path)
    factory._base._nlp, factory._base._lexicon, factory._base._matcher = coder.nlp, coder.lexicon, coder.matcher
    fold = factory(frozenset({"plv-t-0"}))
    assert fold.relation_model.meta["n_train"] == 3 and fold.relation_model.D is None
    assert fold.hinted_relation_model.meta["n_train"] == 3 and fold.hinted_relation_model.D is not None
    assert len(fold.hinted_relation_model.memory.labels) == 3  # the held-out pair is no neighbour
    # hinted pairs are typed over the features that also find the act governing the pair (v2)
    assert (fold.relation_model.meta["features"], fold.hinted_relation_model.meta["features"]) == (
        "pair_features v1", "pair_features v2")
    fast = CoderFactory(tmp_path, CoderConfig(encoder="off"))
    fast._base._nlp, fast._base._lexicon, fast._base._matcher = coder.nlp, coder.lexicon, coder.matcher
    fast_fold = fast(frozenset({"plv-t-0"}))
    assert fast_fold.hinted_relation_model is fast_fold.relation_model
