"""`coding.memory.ExampleMemory`: nearest-neighbour votes over stored training vectors, and the linear
model that multiplies its probabilities by that vote (`LinearModel.scores`)."""

from __future__ import annotations

import numpy as np
import pytest

from flashpoint.coding.classifier import LinearModel, fit
from flashpoint.coding.memory import ExampleMemory


def _vectors() -> tuple[np.ndarray, list[int]]:
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(3, 16))
    rows = np.concatenate([c + 0.05 * rng.normal(size=(4, 16)) for c in centres])
    return rows * 6.0, [0] * 4 + [1] * 4 + [2] * 4  # any scale: rows are normalised


def test_a_query_takes_the_class_of_its_nearest_examples_and_no_vector_gives_no_opinion():
    rows, labels = _vectors()
    mem = ExampleMemory.of(rows, labels, 3, k=3)
    assert np.allclose(np.linalg.norm(mem.vectors, axis=1), 1.0, atol=1e-3)
    votes = mem.vote(rows[[0, 5, 10]] * 0.5)
    assert votes.argmax(axis=1).tolist() == [0, 1, 2]
    assert np.allclose(votes.sum(axis=1), 1.0)
    # three neighbours of class 0: only the smoothing share reaches the others
    assert votes[0, 0] > 0.9 and np.isclose(votes[0, 1], votes[0, 2])
    assert np.allclose(mem.vote(np.zeros((1, 16))), 1 / 3)


def test_only_the_k_nearest_vote():
    vectors = np.eye(4)[[0, 0, 1, 2]]
    near = vectors[0] + 0.2 * np.eye(4)[1]  # two class-0 examples nearest, then the class-1 one
    one = ExampleMemory.of(vectors, [0, 0, 1, 2], 3, k=2, smoothing=0.0)
    assert one.vote(near)[0].tolist() == [1.0, 0.0, 0.0]
    three = ExampleMemory.of(vectors, [0, 0, 1, 2], 3, k=3, smoothing=0.0)
    assert 0 < three.vote(near)[0, 1] < three.vote(near)[0, 0] and three.vote(near)[0, 2] == 0.0


def test_bad_memories_are_refused():
    with pytest.raises(ValueError, match="one label per vector"):
        ExampleMemory.of(np.ones((3, 4)), [0, 1], 2)
    with pytest.raises(ValueError, match="labels must lie in 0..1"):
        ExampleMemory.of(np.ones((2, 4)), [0, 2], 2)


def test_the_linear_model_multiplies_its_probabilities_by_the_vote_and_saves_the_memory(tmp_path):
    rows, labels = _vectors()
    classes = ["A", "B", "C"]
    flat = LinearModel(classes, {"w": 0}, np.zeros((1, 3)), np.zeros(3), D=np.zeros((16, 3)))
    flat.memory = ExampleMemory.of(rows, labels, 3, weight=0.5)
    query = rows[[4]]
    vote = flat.memory.vote(query)[0]
    # uniform logits: the probabilities are the vote raised to its weight, renormalised
    expect = vote**0.5 / (vote**0.5).sum()
    assert np.allclose(flat.predict_proba([["w"]], query)[0], expect)
    flat.temperature = 2.0
    assert np.allclose(flat.predict_proba([["w"]], query)[0], vote**0.25 / (vote**0.25).sum())
    with pytest.raises(ValueError, match="dense vector per row"):
        flat.predict_proba([["w"]])
    # a trained model and its memory survive a save and load
    X = [["x"]] * len(labels)
    model = fit(X, [classes[i] for i in labels], dense=rows, epochs=20)
    model.memory = ExampleMemory.of(rows, labels, 3)
    model.save(tmp_path / "m.npz")
    back = LinearModel.load(tmp_path / "m.npz")
    assert back.memory is not None and back.memory.k == 5 and back.memory.n_classes == 3
    assert np.allclose(back.predict_proba(X[:3], rows[[0, 4, 8]]), model.predict_proba(X[:3], rows[[0, 4, 8]]), atol=1e-3)
    model.memory = None
    model.save(tmp_path / "plain.npz")
    assert LinearModel.load(tmp_path / "plain.npz").memory is None
