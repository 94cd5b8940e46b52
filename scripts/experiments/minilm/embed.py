"""Embed PLV sentences (several variants) and NGEC first sentences with all-MiniLM-L6-v2 (torch).

Output: /tmp/minilm_exp/emb_plv.npz (one (n, 384) array per variant, L2-normalised) and emb_ngec.npz.
The model, pooling and marking helpers are in embed_lib.py.
"""
import csv, json, re, time

import numpy as np

from embed_lib import GOLD, OUT, arg_range, between, forward, mark, mean_pool, norm, span_sel


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
