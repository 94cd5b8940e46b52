"""Pure-numpy all-MiniLM-L6-v2 (BERT, 6 layers, 384 wide) with a pure-Python WordPiece tokenizer.

No torch, no tokenizers, no safetensors package: the .safetensors file is parsed by hand.
Weights can be stored as fp32, fp16 or int8 (per-output-row symmetric scale); compute is fp32.
"""
from __future__ import annotations

import json
import struct
import unicodedata
from pathlib import Path

import numpy as np

_DT = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        s, e = meta["data_offsets"]
        out[name] = np.frombuffer(raw[base + s:base + e], dtype=_DT[meta["dtype"]]).reshape(meta["shape"])
    return out


def quantize(w: dict[str, np.ndarray], mode: str) -> dict[str, np.ndarray]:
    """Store matrices as fp16 or int8 (per row), return the dict to save; `dequantize` undoes it."""
    out = {}
    for k, v in w.items():
        if k.endswith("position_ids"):
            continue
        if v.ndim == 2 and mode == "int8":
            scale = np.abs(v).max(axis=1, keepdims=True) / 127.0
            scale[scale == 0] = 1.0
            out[k + ".q"] = np.round(v / scale).astype(np.int8)
            out[k + ".s"] = scale.astype(np.float32)
        elif v.ndim == 2 and mode == "fp16":
            out[k] = v.astype(np.float16)
        else:
            out[k] = v.astype(np.float32)
    return out


def dequantize(z) -> dict[str, np.ndarray]:
    out = {}
    for k in z.keys():
        if k.endswith(".s"):
            continue
        if k.endswith(".q"):
            out[k[:-2]] = z[k].astype(np.float32) * z[k[:-2] + ".s"]
        else:
            out[k] = np.asarray(z[k], dtype=np.float32)
    return out


# --- tokenizer (BERT uncased basic tokenizer + WordPiece) ---------------------------------------

def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class WordPiece:
    def __init__(self, vocab_file: Path, max_chars: int = 100) -> None:
        words = Path(vocab_file).read_text(encoding="utf-8").splitlines()
        self.vocab = {w: i for i, w in enumerate(words)}
        self.unk, self.cls, self.sep = self.vocab["[UNK]"], self.vocab["[CLS]"], self.vocab["[SEP]"]
        self.max_chars = max_chars
        self._cache: dict[str, list[int]] = {}

    def _clean(self, text: str) -> str:
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
                continue
            if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
                out.append(" ")
            elif _is_cjk(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        return "".join(out)

    def _basic(self, text: str) -> list[str]:
        toks = []
        for w in self._clean(text).split():
            w = unicodedata.normalize("NFD", w.lower())
            w = "".join(c for c in w if unicodedata.category(c) != "Mn")
            cur = ""
            for c in w:
                if _is_punct(c):
                    if cur:
                        toks.append(cur)
                    toks.append(c)
                    cur = ""
                else:
                    cur += c
            if cur:
                toks.append(cur)
        return toks

    def _wordpiece(self, word: str) -> list[int]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if len(word) > self.max_chars:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end, cur = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    cur = self.vocab[piece]
                    break
                end -= 1
            if cur is None:
                ids = [self.unk]
                break
            ids.append(cur)
            start = end
        self._cache[word] = ids
        return ids

    def encode(self, text: str, max_len: int = 256) -> list[int]:
        ids = [i for w in self._basic(text) for i in self._wordpiece(w)]
        return [self.cls] + ids[: max_len - 2] + [self.sep]


# --- model ----------------------------------------------------------------------------------------

def _ln(x, g, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _erf(x):
    # Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7)
    s = np.sign(x); a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
    return s * y


def _gelu_erf(x):
    return 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))


def _gelu_tanh(x):
    """tanh approximation of GELU, computed in place (x is a fresh temporary)."""
    t = x * x
    t *= np.float32(0.044715)
    t += np.float32(1.0)
    t *= x
    t *= np.float32(0.7978845608028654)
    np.tanh(t, out=t)
    t += np.float32(1.0)
    t *= np.float32(0.5)
    x *= t
    return x


_gelu = _gelu_tanh


class MiniLM:
    def __init__(self, w: dict[str, np.ndarray], heads: int = 12, layers: int = 6, gelu: str = "tanh") -> None:
        self.gelu = _gelu_tanh if gelu == "tanh" else _gelu_erf
        g = lambda k: np.ascontiguousarray(w[k], dtype=np.float32)
        self.word, self.pos, self.typ = g("embeddings.word_embeddings.weight"), g("embeddings.position_embeddings.weight"), g("embeddings.token_type_embeddings.weight")
        self.eln = (g("embeddings.LayerNorm.weight"), g("embeddings.LayerNorm.bias"))
        self.heads = heads
        self.layers = []
        for i in range(layers):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([g(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")]).T.copy()
            qkv_b = np.concatenate([g(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            self.layers.append(dict(
                qkv_w=qkv_w, qkv_b=qkv_b,
                o_w=g(p + "attention.output.dense.weight").T.copy(), o_b=g(p + "attention.output.dense.bias"),
                ln1=(g(p + "attention.output.LayerNorm.weight"), g(p + "attention.output.LayerNorm.bias")),
                i_w=g(p + "intermediate.dense.weight").T.copy(), i_b=g(p + "intermediate.dense.bias"),
                f_w=g(p + "output.dense.weight").T.copy(), f_b=g(p + "output.dense.bias"),
                ln2=(g(p + "output.LayerNorm.weight"), g(p + "output.LayerNorm.bias")),
            ))

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states (B, L, H). Dense layers run on the (B*L, H) matrix (one GEMM each)."""
        B, L = ids.shape
        H = self.word.shape[1]; nh = self.heads; dh = H // nh
        x = (self.word[ids] + self.pos[:L][None] + self.typ[0]).reshape(B * L, H)
        x = _ln(x, *self.eln)
        bias = ((1.0 - mask[:, None, None, :]) * np.float32(-1e9)).astype(np.float32)
        scale = np.float32(1 / np.sqrt(dh))
        for ly in self.layers:
            qkv = x @ ly["qkv_w"]
            qkv += ly["qkv_b"]
            qkv = qkv.reshape(B, L, 3, nh, dh).transpose(2, 0, 3, 1, 4)  # (3, B, nh, L, dh)
            q, k, v = qkv[0], qkv[1], qkv[2]
            s = q @ k.transpose(0, 1, 3, 2)
            s *= scale
            s += bias
            s -= s.max(-1, keepdims=True)
            np.exp(s, out=s)
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(B * L, H)
            a = ctx @ ly["o_w"]
            a += ly["o_b"]
            a += x
            x = _ln(a, *ly["ln1"])
            h = x @ ly["i_w"]
            h += ly["i_b"]
            h = self.gelu(h)
            f = h @ ly["f_w"]
            f += ly["f_b"]
            f += x
            x = _ln(f, *ly["ln2"])
        return x.reshape(B, L, H)


def embed(model: MiniLM, tok: WordPiece, texts: list[str], batch: int = 32, max_len: int = 256) -> np.ndarray:
    enc = [tok.encode(t, max_len) for t in texts]
    order = np.argsort([len(e) for e in enc])
    out = np.zeros((len(texts), model.word.shape[1]), dtype=np.float32)
    for i in range(0, len(order), batch):
        idx = order[i:i + batch]
        L = max(len(enc[j]) for j in idx)
        ids = np.zeros((len(idx), L), dtype=np.int64); mask = np.zeros((len(idx), L), dtype=np.float32)
        for r, j in enumerate(idx):
            ids[r, :len(enc[j])] = enc[j]; mask[r, :len(enc[j])] = 1
        h = model.hidden(ids, mask)
        e = (h * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        out[idx] = e / np.linalg.norm(e, axis=1, keepdims=True)
    return out
