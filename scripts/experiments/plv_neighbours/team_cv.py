import sys, pickle; sys.path.insert(0,"/tmp/s9")
from cv import *
from v2lib import softmax, score, Y
from flashpoint.coding.memory import ExampleMemory
T = pickle.load(open("/tmp/s9/team.pkl","rb"))
TW = np.stack([t["win"] for t in T]); TY = [t["label"] for t in T]; TX = [t["feats"] for t in T]
W = np.stack([d["win"] for d in D])
def cvrun(use_team_lin, use_team_mem, weight=1.0, name=""):
    P = np.zeros((len(D), len(classes)))
    for f in range(5):
        tr = np.flatnonzero(folds!=f); te = np.flatnonzero(folds==f)
        X = [D[i]["feats"] for i in tr]; yy = [y[i] for i in tr]; dd = W[tr]*6; sw = [1.0]*len(tr)
        if use_team_lin:
            X = X + TX; yy = yy + TY; dd = np.vstack([dd, TW*6]); sw = sw + [weight]*len(TX)
        m = fit(X, yy, classes=classes, dense=dd, sample_weight=sw, **HYPER)
        mv, ml = W[tr], [classes.index(y[i]) for i in tr]
        if use_team_mem: mv = np.vstack([mv, TW]); ml = ml + [classes.index(t) for t in TY]
        m.memory = ExampleMemory.of(mv, ml, len(classes))
        P[te] = m.predict_proba([D[i]["feats"] for i in te], W[te]*6)
    score(P, name)
cvrun(False, False, name="plv only")
cvrun(True, False, name="team in linear")
cvrun(False, True, name="team in memory")
cvrun(True, True, name="team in both")
cvrun(True, True, 0.5, name="team in both, w0.5")
cvrun(True, False, 0.5, name="team in linear, w0.5")
