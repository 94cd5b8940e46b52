"""More in-context token poolings from one plain-sentence pass (the 'between_tokens' family).

Output: /tmp/minilm_exp/emb_plv_tok.npz
"""
import json, sys, time
sys.path.insert(0, "/tmp/minilm_exp")
import numpy as np
from embed_lib import forward, norm, span_sel, arg_range, GOLD, OUT

rows = [json.loads(l) for l in (GOLD / "plv/plv_train.jsonl").read_text().splitlines() if l.strip()]
texts = [r["text"] for r in rows]
S = [r["source"]["spans"] for r in rows]
T = [r["target"]["spans"] for r in rows]
t0 = time.time()
toks = forward(texts)
print("forward", time.time() - t0)
emb = {}


def pools(x, s, t):
    h, offs = x
    real = offs[:, 1] > offs[:, 0]
    end = int(offs[:, 1].max())
    a, b = arg_range(s, 0), arg_range(t, end)
    (f0, f1), (s0, s1) = sorted([a, b])
    btw = real & (offs[:, 0] >= f1) & (offs[:, 1] <= s0)
    cover = real & (offs[:, 0] >= f0) & (offs[:, 1] <= s1)
    idx = np.where(real)[0]
    # window: between tokens plus 4 real tokens after the second argument
    after = idx[offs[idx, 0] >= s1][:4]
    win = btw.copy(); win[after] = True
    if not btw.any():  # adjacent arguments: fall back to the 4 tokens after the second one
        btw = np.zeros_like(btw); btw[after] = True
    z = np.zeros(h.shape[1], np.float32)
    m = lambda sel: h[sel].mean(0) if sel.any() else z
    mx = lambda sel: h[sel].max(0) if sel.any() else z
    srcsel, tgtsel = span_sel(offs, s), span_sel(offs, t)
    extra = {}
    for n in (2, 8):
        wn = btw.copy(); wn[idx[offs[idx, 0] >= s1][:n]] = True
        extra[f"window{n}"] = m(wn)
    return {**extra, "btw_fb": m(btw), "btw_max": mx(btw), "cover": m(cover), "window": m(win), "src": m(srcsel), "tgt": m(tgtsel),
            "cls": h[0], "sent": h.mean(0)}


P = [pools(x, s, t) for x, s, t in zip(toks, S, T)]
for k in P[0]:
    emb[k] = norm(np.stack([p[k] for p in P]))
np.savez(OUT / "emb_plv_tok.npz", ids=np.asarray([r["id"] for r in rows]), **emb)
print("saved", list(emb))
