import pickle
from pathlib import Path
from flashpoint.coding.train import acled_examples, CoderFactory
from flashpoint.coding.coder import CoderConfig
gold = Path("/work/shared/data/gold")
f = CoderFactory(gold, CoderConfig(encoder="off"))
ex = acled_examples(gold, f._base)
pickle.dump(ex, open("/tmp/s9/acl/examples.pkl", "wb")); print(len(ex), len({e.id for e in ex}))
