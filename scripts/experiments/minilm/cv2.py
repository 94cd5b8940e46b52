"""Second CV round: in-context token poolings (emb_plv_tok.npz) alone and with the sparse features."""
import json, sys
sys.path.insert(0, "/tmp/minilm_exp")
import numpy as np
import cv
T = np.load("/tmp/minilm_exp/emb_plv_tok.npz")
E = {k: cv.E[k] for k in cv.E.files}
E.update({k: T[k] for k in T.files})
cv.E = E
rows = []
if __name__ == "__main__":
    for v in [("btw_fb",), ("btw_max",), ("cover",), ("window",), ("between_tokens", "btw_max"), ("btw_fb", "src", "tgt"),
              ("plain", "between_tokens"), ("plain", "window"), ("plain", "btw_fb"), ("cls",)]:
        for C in (10, 30, 100):
            cv.report(f"emb LR {'+'.join(v)} C={C}", cv.run_cv(cv.dense(v), C))
    for v in [("between_tokens",), ("btw_fb",), ("window",), ("plain", "between_tokens"), ("plain", "window"), ("plain", "btw_fb")]:
        for alpha in (2, 4, 6):
            for C in (1, 3):
                cv.report(f"sparse + emb {'+'.join(v)} alpha={alpha} C={C}", cv.run_cv(cv.combo(v, alpha), C))
    json.dump(cv.rows, open("/tmp/minilm_exp/cv2_results.json", "w"), indent=0)
