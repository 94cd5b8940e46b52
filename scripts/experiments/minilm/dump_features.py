"""Dump the project's PLV TrainingItem features + fold ids (run with /work/main/.venv/bin/python)."""
import json, sys
from pathlib import Path
from flashpoint.coding.train import plv_items
from flashpoint.eval.run import fold_of
from flashpoint.eval.gold import plv_label
items = plv_items(Path("/work/shared/data/gold"))
out = [{"id": it.id, "features": list(it.features), "label": plv_label(it.label), "fold": fold_of(it.id)} for it in items]
Path("/tmp/minilm_exp/plv_features.json").write_text(json.dumps(out))
print(len(out))
