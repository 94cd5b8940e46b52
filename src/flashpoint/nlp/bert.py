"""BERT's encoder (all-MiniLM-L6-v2's shape) from its safetensors weights: a numpy forward pass, and the
same computation as an ONNX graph, quantized to int8 for onnxruntime.

`reference_hidden` is the plain float32 forward pass (embeddings, then per layer self-attention and a
GELU feed-forward block, each with a residual and layer norm); the tests check it against the
published model's outputs. `build_graph` writes the same computation as ONNX operators, and
`quantize` turns its matrix products into int8 ones (dynamic, per-channel weights): about four times
faster on one CPU thread, embeddings at cosine ~0.99 to float32 (`nlp/encoder.py` runs that one).
No torch: the weights are read straight from the .safetensors file.
"""

from __future__ import annotations

import json
import logging
import struct
from pathlib import Path

import numpy as np

__all__ = ["GRAPH_VERSION", "build_graph", "quantize", "read_safetensors", "reference_hidden"]

GRAPH_VERSION = "g2"  # bump when `build_graph` or `quantize` changes (cached graphs are rebuilt); g2: 7-bit weights
_DTYPES = {"F32": np.float32, "F16": np.float16}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float tensors of a .safetensors file (an 8-byte header length, a JSON header, raw little-endian
    data); integer tensors (position ids) are skipped."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] not in _DTYPES:
            continue
        s, e = meta["data_offsets"]
        out[name] = np.frombuffer(raw[base + s : base + e], dtype=_DTYPES[meta["dtype"]]).reshape(meta["shape"])
    return out


def _get(w: dict[str, np.ndarray], key: str) -> np.ndarray:
    if key not in w:
        raise KeyError(f"weights lack {key!r}")
    return np.ascontiguousarray(w[key], dtype=np.float32)


def _layers(w: dict[str, np.ndarray]) -> list[str]:
    out = []
    while f"encoder.layer.{len(out)}.attention.self.query.weight" in w:
        out.append(f"encoder.layer.{len(out)}.")
    if not out:
        raise KeyError("weights have no encoder layers")
    return out


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _erf(x: np.ndarray) -> np.ndarray:
    """erf by Abramowitz & Stegun 7.1.26 (error < 1.5e-7)."""
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
    return np.sign(x) * (1.0 - poly * np.exp(-a * a))


def reference_hidden(w: dict[str, np.ndarray], ids: np.ndarray, mask: np.ndarray, heads: int = 12) -> np.ndarray:
    """Last hidden states (batch, length, width) of padded token ids and their 0/1 float mask, float32 numpy."""
    B, L = ids.shape
    H = w["embeddings.word_embeddings.weight"].shape[1]
    dh = H // heads
    x = (_get(w, "embeddings.word_embeddings.weight")[ids] + _get(w, "embeddings.position_embeddings.weight")[:L][None]
         + _get(w, "embeddings.token_type_embeddings.weight")[0]).reshape(B * L, H)
    x = _layer_norm(x, _get(w, "embeddings.LayerNorm.weight"), _get(w, "embeddings.LayerNorm.bias"))
    bias = ((1.0 - mask[:, None, None, :]) * np.float32(-1e9)).astype(np.float32)

    def dense(x: np.ndarray, p: str) -> np.ndarray:
        return x @ _get(w, p + ".weight").T + _get(w, p + ".bias")

    def heads_of(x: np.ndarray) -> np.ndarray:
        return x.reshape(B, L, heads, dh).transpose(0, 2, 1, 3)

    for p in _layers(w):
        q, k, v = (heads_of(dense(x, p + f"attention.self.{n}")) for n in ("query", "key", "value"))
        s = (q @ k.transpose(0, 1, 3, 2)) / np.float32(np.sqrt(dh)) + bias
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(0, 2, 1, 3).reshape(B * L, H)
        x = _layer_norm(dense(ctx, p + "attention.output.dense") + x,
                        _get(w, p + "attention.output.LayerNorm.weight"), _get(w, p + "attention.output.LayerNorm.bias"))
        h = dense(x, p + "intermediate.dense")
        h = 0.5 * h * (1.0 + _erf(h / np.float32(np.sqrt(2.0))))
        x = _layer_norm(dense(h.astype(np.float32), p + "output.dense") + x,
                        _get(w, p + "output.LayerNorm.weight"), _get(w, p + "output.LayerNorm.bias"))
    return x.reshape(B, L, H).astype(np.float32)


def build_graph(w: dict[str, np.ndarray], path: Path, heads: int = 12) -> None:
    """Write `reference_hidden` as an ONNX model (opset 17): inputs input_ids (int64, batch x length) and
    attention_mask (float32, same shape), output hidden (float32, batch x length x width)."""
    import onnx  # noqa: PLC0415 - only when a graph is built
    from onnx import TensorProto, numpy_helper
    from onnx import helper as oh

    H = w["embeddings.word_embeddings.weight"].shape[1]
    dh = H // heads
    inits: list[onnx.TensorProto] = []
    nodes: list[onnx.NodeProto] = []

    def const(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op: str, ins: list[str], **attrs: object) -> str:
        out = f"t{len(nodes)}"
        nodes.append(oh.make_node(op, ins, [out], **attrs))
        return out

    def dense(x: str, p: str) -> str:
        y = node("MatMul", [x, const(p + ".W", _get(w, p + ".weight").T.copy())])
        return node("Add", [y, const(p + ".b", _get(w, p + ".bias"))])

    def layer_norm(x: str, p: str) -> str:
        return node("LayerNormalization", [x, const(p + ".g", _get(w, p + ".weight")), const(p + ".beta", _get(w, p + ".bias"))],
                    axis=-1, epsilon=1e-12)

    i64 = lambda *v: np.array(v, dtype=np.int64)  # noqa: E731
    f32 = lambda v: np.array(v, dtype=np.float32)  # noqa: E731
    for name, arr in {"zero1": i64(0), "one1": i64(1), "two1": i64(2), "axes12": i64(1, 2), "one": f32(1.0),
                      "neg": f32(-1e9), "scale": f32(1 / np.sqrt(dh)), "half": f32(0.5), "rsqrt2": f32(1 / np.sqrt(2.0)),
                      "split_heads": i64(0, 0, heads, dh), "join_heads": i64(0, 0, H)}.items():
        const(name, arr)
    length = node("Slice", [node("Shape", ["input_ids"]), "one1", "two1"])
    pos = node("Slice", [const("pos", _get(w, "embeddings.position_embeddings.weight")), "zero1", length, "zero1"])
    x = node("Gather", [const("word", _get(w, "embeddings.word_embeddings.weight")), "input_ids"], axis=0)
    x = node("Add", [node("Add", [x, pos]), const("type0", _get(w, "embeddings.token_type_embeddings.weight")[0])])
    x = layer_norm(x, "embeddings.LayerNorm")
    bias = node("Mul", [node("Sub", ["one", node("Unsqueeze", ["attention_mask", "axes12"])]), "neg"])
    for p in _layers(w):
        q, k, v = (node("Reshape", [dense(x, p + f"attention.self.{n}"), "split_heads"]) for n in ("query", "key", "value"))
        q = node("Transpose", [q], perm=[0, 2, 1, 3])
        k = node("Transpose", [k], perm=[0, 2, 3, 1])
        v = node("Transpose", [v], perm=[0, 2, 1, 3])
        s = node("Softmax", [node("Add", [node("Mul", [node("MatMul", [q, k]), "scale"]), bias])], axis=-1)
        ctx = node("Reshape", [node("Transpose", [node("MatMul", [s, v])], perm=[0, 2, 1, 3]), "join_heads"])
        x = layer_norm(node("Add", [dense(ctx, p + "attention.output.dense"), x]), p + "attention.output.LayerNorm")
        h = dense(x, p + "intermediate.dense")
        h = node("Mul", [node("Mul", [h, "half"]), node("Add", [node("Erf", [node("Mul", [h, "rsqrt2"])]), "one"])])
        x = layer_norm(node("Add", [dense(h, p + "output.dense"), x]), p + "output.LayerNorm")
    nodes.append(oh.make_node("Identity", [x], ["hidden"]))
    graph = oh.make_graph(
        nodes, "bert",
        [oh.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
         oh.make_tensor_value_info("attention_mask", TensorProto.FLOAT, ["batch", "length"])],
        [oh.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", H])], inits)
    model = oh.make_model(graph, opset_imports=[oh.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))


def quantize(src: Path, dst: Path) -> None:
    """int8 matrix products (dynamic quantization, per-channel signed weights) of the ONNX model `src`.

    Weights take 7 bits (`reduce_range`, within +-64): without AVX-512 VNNI, onnxruntime multiplies uint8
    activations by int8 weights in pairs summed into 16 bits (AVX2 `vpmaddubsw`), which saturates for 8-bit
    weights (255 * 127 * 2 > 32767), so the same model gave other embeddings, and the eval other figures, on
    an AVX2-only CPU (cosine to float32 0.9908 there). With 7 bits no pair overflows (255 * 64 * 2 < 32767):
    the integer products are exact on every CPU, and closer to float32 on AVX2 (0.9929 over 400 CASE
    snippets), at the same speed."""
    from onnxruntime.quantization import QuantType, quantize_dynamic  # noqa: PLC0415

    quiet = logging.getLogger().level
    logging.getLogger().setLevel(logging.ERROR)  # its advice to pre-process is for image models
    try:
        quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True)
    finally:
        logging.getLogger().setLevel(quiet)
