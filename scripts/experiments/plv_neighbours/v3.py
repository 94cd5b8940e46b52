import sys; sys.path.insert(0,"/tmp/s9")
from cv import *
from v2lib import *
Plin = run(lambda d: win(d)*6, "lin win6")
reps = {"win": np.stack([win(d) for d in D]), "sent": np.stack([sentmean(d) for d in D]),
        "win_a2": np.stack([win(d, after=2) for d in D]), "cover": np.stack([win(d, cover=True) for d in D])}
reps["win+sent"] = np.hstack([reps["win"], reps["sent"]*0.7])
for rn, R in reps.items():
    for k in (5, 10):
        for temp in (10, 20):
            Pk = knn(R, k, temp)
            for w in (0.3, 0.5, 0.7, 1.0):
                score(softmax(np.log(Plin)+w*np.log(Pk)), f"{rn} k{k} t{temp} w{w}")
