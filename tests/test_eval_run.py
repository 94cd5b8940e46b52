"""evaluate() and write_report() with a scripted fake coder over a temp gold dir in the real formats.

Every expected figure is computed by hand in the comments next to it.
"""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from flashpoint.coding.penta_model import PentaReading
from flashpoint.errors import InputError
from flashpoint.eval import run
from flashpoint.eval.report import write_report
from flashpoint.eval.run import evaluate, fold_of, stable_view
from flashpoint.records import (
    Acled,
    ActorRef,
    Article,
    Cameo,
    CodedArticle,
    Event,
    Plover,
    Sentence,
    Trigger,
)

# --- gold rows in the shared files' formats --------------------------------------------------

PLV_ROWS = [
    ("p1", "Rebels attacked soldiers.", (0, 6), (16, 24), "ASSAULT"),
    ("p2", "Police arrested protesters.", (0, 6), (16, 26), "COERCE"),
    ("p3", "Iran retreated from talks.", (0, 4), (20, 25), "RETREAT"),  # gold class YIELD
    ("p4", "Kenya praised Uganda.", (0, 5), (14, 20), "SUPPORT"),
    ("p5", "Chad accused Sudan.", (0, 4), (13, 18), "ACCUSE"),
]
CLASS_ROWS = [("c1", 4), ("c2", 3), ("c3", 0), ("c4", 1)]
NER_ROWS = [
    {"id": "n1", "text": "Iraqi troops attacked the Kurds .", "source_spans": [[0, 12]],
     "target_spans": [[26, 31]], "reciprocal_spans": []},
    {"id": "n2", "text": "Erdogan met Mattarella in Rome .", "source_spans": [], "target_spans": [],
     "reciprocal_spans": [[0, 7], [12, 22]]},
]
CASE_ROWS = [("k1", "ARMED_CLASH"), ("k2", "PEACE_PROTEST"), ("k3", "AIR_STRIKE"), ("k4", "ARMED_CLASH")]
ACLED_A = [
    ("a1", "Military Forces of Yemen (2012-) 170th Air Defence Brigade", "Violence against civilians",
     "Abduction/forced disappearance", 0),
    ("a2", "Protesters (India)", "Protests", "Peaceful protest", 0),
    ("a3", "Taliban", "Battles", "Armed clash", 12),
]
ACLED_B = [("b1", "Unidentified Armed Group (Afghanistan)", "Violence against civilians", "Attack", 1)]


def _jsonl(path: Path, rows: Iterable[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _plv_row(i: str, text: str, src: tuple[int, int], tgt: tuple[int, int], label: str) -> dict:
    return {"id": i, "text": text, "source": {"text": text[slice(*src)], "spans": [list(src)]},
            "target": {"text": text[slice(*tgt)], "spans": [list(tgt)]}, "plover": label, "quad": 4}


def _acled_row(i: str, actor1: str, et: str, sub: str, fat: int) -> dict:
    return {"id": i, "text": f"Report {i}.", "date": "1-May-20", "event_type": et, "sub_event_type": sub,
            "actor1": actor1, "assoc_actor_1": "", "inter1": "1", "actor2": "", "assoc_actor_2": "", "inter2": "",
            "country": "", "iso3": "", "admin1": "", "admin2": "", "location": "", "latitude": "0",
            "longitude": "0", "fatalities": fat, "source": "x"}


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    g = tmp_path / "gold"
    _jsonl(g / "plv" / "plv_train.jsonl", [_plv_row(*r) for r in PLV_ROWS])
    _jsonl(g / "conflibert" / "cameo_class_train.jsonl",
           [{"id": i, "text": f"Sentence {i}.", "penta": p} for i, p in CLASS_ROWS])
    _jsonl(g / "conflibert" / "cameo_ner_train.jsonl", NER_ROWS)
    _jsonl(g / "case2021" / "case2021_dev.jsonl", [{"id": i, "text": f"Story {i}.", "label": lab} for i, lab in CASE_ROWS])
    _jsonl(g / "acled" / "a.jsonl", [_acled_row(*r) for r in ACLED_A])
    _jsonl(g / "acled" / "b.jsonl", [_acled_row(*r) for r in ACLED_B])
    return g


FAKE_CASE = {("Battles", "Armed clash"): "ARMED_CLASH", ("Protests", "Peaceful protest"): "PEACE_PROTEST"}


@pytest.fixture
def case_mapping(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real ontology mapping when it exists (these pairs are unambiguous), else a local fake."""
    try:
        from flashpoint.coding.ontology import case2021_label  # noqa: F401
    except ImportError:
        fake = types.ModuleType("flashpoint.coding.ontology")
        fake.case2021_label = lambda et, sub: FAKE_CASE.get((et, sub))  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "flashpoint.coding.ontology", fake)


# --- the scripted fake coder -----------------------------------------------------------------

def ev(
    art: Article,
    plover: str = "ASSAULT",
    root: str = "18",
    src: tuple[int, int] | None = None,
    tgt: tuple[int, int] | None = None,
    conf: float = 0.5,
    acled: tuple[str, str] | None = None,
    country: str | None = None,
    fatalities: int | None = None,
    modality: str = "asserted",
) -> Event:
    def actor(span: tuple[int, int] | None, cc: str | None = None) -> ActorRef | None:
        return None if span is None else ActorRef(art.text[span[0] : span[1]], span, country=cc)

    return Event(
        event_id=f"{art.id}-{plover}-{conf}", article_id=art.id,
        sentence=Sentence(0, art.text, 0, len(art.text)), trigger=Trigger(art.text[:1], (0, 1)),
        date=None, date_precision="article", plover=Plover(plover),
        cameo=Cameo(root + "0", root, 0.0, 4), acled=Acled(*acled) if acled else None,
        source=actor(src if src is not None else ((0, 1) if country else None), country), target=actor(tgt),
        location=None, modality=modality, attribution=None, fatalities=fatalities, confidence=conf,
    )


def scripted_events(a: Article) -> tuple[Event, ...]:
    """What the fake coder answers, per article id (and per hinted / not hinted for PLV)."""
    if a.actors is not None:  # PLV with hints: one event on the given pair
        src, tgt = a.actors.source[0], a.actors.target[0]
        hinted = {"p1": ("ASSAULT", 0.9), "p2": ("ASSAULT", 0.8), "p3": ("CONCEDE", 0.7), "p4": ("ASSAULT", 0.25)}
        if a.id not in hinted:  # p5: no event
            return ()
        plover, conf = hinted[a.id]
        return (ev(a, plover, src=src, tgt=tgt, conf=conf),)
    script = {
        # PLV end to end
        "p1": [ev(a, "ASSAULT", src=(0, 6), tgt=(16, 24))],  # directed, typed
        "p2": [ev(a, "COERCE", src=(16, 26), tgt=(0, 6))],  # reversed roles, typed
        "p3": [ev(a, "RETREAT", src=(0, 4), tgt=(20, 25))],  # directed, typed via YIELD
        "p4": [ev(a, "ACCUSE", src=(0, 5), tgt=(14, 20)), ev(a, "SUPPORT", src=(0, 2))],  # found, not typed
        # ConfliBERT class
        "c1": [ev(a, root="18", conf=0.5), ev(a, root="01", conf=0.9)],  # best root 01 -> 0
        "c2": [ev(a, root="16")],  # -> 3
        "c4": [ev(a, root="04", conf=0.6), ev(a, root="19", conf=0.6)],  # tie: first -> 1
        # ConfliBERT spans
        "n1": [ev(a, src=(0, 5), tgt=(26, 31)), ev(a, src=(0, 5), tgt=(13, 21)), ev(a, src=(0, 5), tgt=(22, 25))],
        "n2": [ev(a, src=(0, 7), tgt=(12, 22)), ev(a, src=(26, 30))],
        # CASE 2021
        "k1": [ev(a, acled=("Battles", "Armed clash"), conf=0.6), ev(a, conf=0.9)],
        "k2": [ev(a, acled=("Protests", "Peaceful protest"), conf=0.5), ev(a, acled=("Battles", "Armed clash"), conf=0.7)],
        "k3": [ev(a, conf=0.9)],
        "k4": [ev(a, acled=("Battles", "Armed clash"))],
        # ACLED
        "a1": [ev(a, acled=("Violence against civilians", "Abduction/forced disappearance"), conf=0.8, country="YEM")],
        "a2": [ev(a, acled=("Protests", "Protest with intervention"), conf=0.7, country="IND", modality="future"),
               ev(a, conf=0.9, country="PAK")],
        "a3": [ev(a, acled=("Battles", "Armed clash"), conf=0.9, fatalities=10), ev(a, conf=0.1, fatalities=12)],
    }
    return tuple(script.get(a.id, []))


class FakeCoder:
    name = "fake"
    version = "1.0"

    def __init__(self, excluded: frozenset[str] = frozenset()) -> None:
        self.excluded = excluded
        self.coded: list[str] = []
        self.batches: list[int] = []

    def code(self, article: Article) -> CodedArticle:
        self.coded.append(article.id)
        return CodedArticle(article, events=scripted_events(article))

    def code_many(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        batch = list(articles)
        self.batches.append(len(batch))
        return iter([self.code(a) for a in batch])


class Factory:
    def __init__(self, trained_on: frozenset[str] | None = None) -> None:
        if trained_on is not None:
            self.trained_on = trained_on
        self.coders: list[FakeCoder] = []

    def __call__(self, excluded: frozenset[str]) -> FakeCoder:
        coder = FakeCoder(excluded)
        self.coders.append(coder)
        return coder


# --- figures ---------------------------------------------------------------------------------

def test_plv_with_hints(gold_dir: Path, case_mapping: None) -> None:
    res = evaluate(Factory(), gold_dir, sets=["plv"])["sets"]["plv"]
    h = res["with_hints"]
    # predictions: p1 ASSAULT (right), p2 ASSAULT (gold COERCE), p3 CONCEDE->YIELD (right),
    # p4 ASSAULT (gold SUPPORT), p5 NONE (gold ACCUSE) -> accuracy 2/5
    assert h["accuracy"] == pytest.approx(0.4)
    # ASSAULT: tp 1, predicted 3, support 1 -> P 1/3, R 1, F1 0.5; YIELD: F1 1; COERCE/SUPPORT/ACCUSE 0
    assert h["per_class"]["ASSAULT"]["precision"] == pytest.approx(1 / 3)
    assert h["per_class"]["ASSAULT"]["f1"] == pytest.approx(0.5)
    assert h["per_class"]["YIELD"]["f1"] == pytest.approx(1.0)
    # macro over the 5 classes with support: (0.5 + 1 + 0 + 0 + 0) / 5
    assert h["macro_f1"] == pytest.approx(0.3)
    assert h["no_event"] == 1
    labels = h["confusion"]["labels"]
    assert labels[-1] == "NONE" and "CONCEDE" not in labels and len(labels) == 16
    m = h["confusion"]["matrix"]
    assert m[labels.index("ACCUSE")][labels.index("NONE")] == 1
    assert m[labels.index("COERCE")][labels.index("ASSAULT")] == 1
    assert sum(map(sum, m)) == 5
    # calibration: conf 0.9 right, 0.8 wrong, 0.7 right, 0.25 wrong, 0.0 (no event) wrong
    # ECE = (|1-0.9| + |0-0.8| + |1-0.7| + |0-0.25| + |0-0|) / 5 = (0.1+0.8+0.3+0.25)/5 = 0.29
    cal = h["calibration"]
    assert cal["ece"] == pytest.approx(0.29)
    assert [b["count"] for b in cal["bins"]] == [1, 0, 1, 0, 0, 0, 0, 1, 1, 1]
    assert res["cross_validated"] is False and res["n"] == 5


def test_plv_end_to_end(gold_dir: Path) -> None:
    e = evaluate(Factory(), gold_dir, sets=["plv"])["sets"]["plv"]["end_to_end"]
    # directed found: p1, p3, p4 -> 3/5; typed: p1, p3 -> 2/5
    # either direction adds p2 (roles reversed, type right): found 4/5, typed 3/5; p5 has no event
    assert e["found_rate_directed"] == pytest.approx(0.6)
    assert e["typed_rate_directed"] == pytest.approx(0.4)
    assert e["found_rate_either"] == pytest.approx(0.8)
    assert e["typed_rate_either"] == pytest.approx(0.6)
    assert e["counts"]["no_event"] == 1


def test_conflibert_class(gold_dir: Path) -> None:
    r = evaluate(Factory(), gold_dir, sets=["conflibert_class"])["sets"]["conflibert_class"]
    # c1 gold 4 pred 0 (root 01 has the higher confidence); c2 3/3; c3 no event -> 0 (right); c4 tie -> root 04 -> 1
    assert r["accuracy"] == pytest.approx(0.75)
    # class 0: P 1/2, R 1, F1 2/3; class 1: 1; class 3: 1; class 4: 0; class 2 has no support
    # macro = (2/3 + 1 + 1 + 0) / 4 = 2/3
    assert r["per_class"]["0"]["f1"] == pytest.approx(2 / 3)
    assert r["macro_f1"] == pytest.approx(2 / 3)
    assert r["no_event"] == 1


def test_conflibert_ner(gold_dir: Path) -> None:
    r = evaluate(Factory(), gold_dir, sets=["conflibert_ner"])["sets"]["conflibert_ner"]
    # n1 source: pred {(0,5)} (deduped), matches gold (0,12): pred 1/1, gold 1/1
    # n2 source: gold = reciprocal (0,7),(12,22); pred {(0,7),(26,30)}: pred 1/2 matched, gold 1/2 matched
    # source: P = 2/3, R = 2/3
    assert r["source"]["precision"] == pytest.approx(2 / 3)
    assert r["source"]["recall"] == pytest.approx(2 / 3)
    # n1 target: pred {(26,31),(13,21),(22,25)}: 1 of 3 matches; gold (26,31) matched
    # n2 target: pred {(12,22)} matches; gold (0,7),(12,22): 1 of 2 matched
    # target: P = 2/4, R = 2/3, F1 = 2*(1/2)(2/3)/(1/2+2/3) = 4/7
    assert r["target"]["precision"] == pytest.approx(0.5)
    assert r["target"]["recall"] == pytest.approx(2 / 3)
    assert r["target"]["f1"] == pytest.approx(4 / 7)
    # combined: P = 4/7, R = 4/6, F1 = 2*(4/7)(2/3)/(4/7+2/3) = 8/13
    assert r["combined"]["f1"] == pytest.approx(8 / 13)


def test_case2021(gold_dir: Path, case_mapping: None) -> None:
    r = evaluate(Factory(), gold_dir, sets=["case2021"])["sets"]["case2021"]
    # k1 ARMED_CLASH (the event without ACLED reading is skipped) right; k2 ARMED_CLASH (0.7 beats 0.5) wrong;
    # k3 no ACLED reading -> NONE wrong; k4 right -> accuracy 2/4
    assert r["accuracy"] == pytest.approx(0.5)
    # ARMED_CLASH: P 2/3, R 1, F1 0.8, support 2; PEACE_PROTEST, AIR_STRIKE: 0
    # weighted = (0.8*2 + 0 + 0) / 4 = 0.4; macro = 0.8 / 3
    assert r["weighted_f1"] == pytest.approx(0.4)
    assert r["macro_f1"] == pytest.approx(0.8 / 3)
    assert r["no_event"] == 1


def test_case2021_uses_the_fold_coders_own_category(gold_dir: Path, case_mapping: None) -> None:
    class CategoryCoder(FakeCoder):
        """Reads every snippet as PEACE_PROTEST, except that a coder not trained on k3 reads it AIR_STRIKE."""

        def text_category(self, coded: CodedArticle) -> PentaReading:
            if coded.article.id == "k3" and "k3" in self.excluded:
                return PentaReading("AIR_STRIKE", 0.6)
            return PentaReading("PEACE_PROTEST", 0.5)

    class F(Factory):
        def __call__(self, excluded: frozenset[str]) -> FakeCoder:
            return CategoryCoder(excluded)

    r = evaluate(F(frozenset({"case2021"})), gold_dir, sets=["case2021"])["sets"]["case2021"]
    # k2 PEACE_PROTEST and k3 AIR_STRIKE right (the readings, not the events); k1, k4 ARMED_CLASH wrong
    assert r["accuracy"] == pytest.approx(0.5)
    assert r["class_from"] == "coder's text category"
    assert r["no_event"] == 1  # still counted from the events
    plain = evaluate(Factory(frozenset({"case2021"})), gold_dir, sets=["case2021"])["sets"]["case2021"]
    assert plain["class_from"] == "most confident ACLED event"  # a coder without text_category: the events


def test_acled(gold_dir: Path) -> None:
    r = evaluate(Factory(), gold_dir, sets=["acled"])["sets"]["acled"]
    assert r["n"] == 4  # both files
    # event_type right for a1, a2, a3; b1 has no event -> 3/4
    assert r["event_type"]["accuracy"] == pytest.approx(0.75)
    # sub_event_type right for a1, a3 -> 2/4
    assert r["sub_event_type"]["accuracy"] == pytest.approx(0.5)
    # fatalities: a1 0=0, a2 0=0, a3 max(10,12)=12 ok, b1 0 vs 1 -> 3/4; MAE 1/4
    assert r["fatalities"]["exact_accuracy"] == pytest.approx(0.75)
    assert r["fatalities"]["mean_abs_error"] == pytest.approx(0.25)
    # gold countries: a1 YEM, a2 IND, b1 AFG (Taliban none) -> covered 3;
    # ours: a1 YEM right; a2 the protest (the note's ACLED event) says IND right, not the more confident event
    # without an ACLED reading (PAK); b1 no event wrong -> 2/3
    c = r["actor1_country"]
    assert (c["covered"], c["coverage"]) == (3, 0.75)
    assert c["accuracy"] == pytest.approx(2 / 3)
    # the event of the reading told as done: a1, a3 yes, a2's protest is future, b1 has none -> 2 of 3
    assert r["done"] == {"accuracy": pytest.approx(2 / 3), "n": 3}


def test_plv_confidence_curves_and_confusion_examples(gold_dir: Path, case_mapping: None) -> None:
    h = evaluate(Factory(), gold_dir, sets=["plv"])["sets"]["plv"]["with_hints"]
    # first events: p1 0.9 right, p2 0.8 wrong, p3 0.7 right, p4 0.25 wrong; p5 has none (never kept); n = 5
    curve = {r["threshold"]: r for r in h["pr_curve"]}
    assert (curve[0.0]["kept"], curve[0.0]["precision"], curve[0.0]["recall"]) == (4, 0.5, 0.4)
    assert curve[0.3]["kept"] == 3 and curve[0.3]["precision"] == pytest.approx(2 / 3)  # 0.9, 0.8, 0.7
    assert (curve[0.8]["kept"], curve[0.8]["precision"], curve[0.8]["recall"]) == (2, 0.5, 0.2)
    assert (curve[0.85]["kept"], curve[0.85]["precision"], curve[0.85]["recall"]) == (1, 1.0, 0.2)
    assert curve[0.95]["kept"] == 0 and curve[0.95]["precision"] is None
    # wrong answers: ACCUSE->NONE (p5), COERCE->ASSAULT (p2), SUPPORT->ASSAULT (p4), one each, by labels
    top = h["top_confusions"]
    assert [(c["gold"], c["pred"], c["count"]) for c in top] == [
        ("ACCUSE", "NONE", 1), ("COERCE", "ASSAULT", 1), ("SUPPORT", "ASSAULT", 1)]
    assert [c["examples"][0]["id"] for c in top] == ["p5", "p2", "p4"]
    # p2 "Police arrested protesters." (3 words -> 1 word), centred on the trigger at 0
    assert top[1]["examples"][0]["excerpt"] == "Police …"


def test_plv_end_to_end_curve_and_misses(gold_dir: Path) -> None:
    e = evaluate(Factory(), gold_dir, sets=["plv"])["sets"]["plv"]["end_to_end"]
    # 5 events, all at confidence 0.5: right ones (directed pair + type) are p1's and p3's -> P 2/5, R 2/5
    curve = {r["threshold"]: r for r in e["pr_curve"]}
    assert (curve[0.5]["kept"], curve[0.5]["correct"]) == (5, 2)
    assert curve[0.5]["precision"] == pytest.approx(0.4) and curve[0.5]["recall"] == pytest.approx(0.4)
    assert curve[0.6]["kept"] == 0 and curve[0.6]["recall"] == 0.0
    # misses: p5 no event; p2 only a reversed pair (not the directed gold pair); p4 ACCUSE on the pair, gold SUPPORT
    m = e["misses"]
    assert (m["no_event"], m["wrong_pair"], m["wrong_type"]) == (1, 1, 1)
    assert m["no_event"] + m["wrong_pair"] + m["wrong_type"] == e["n"] - e["counts"]["typed_directed"]
    assert [x["id"] for x in m["examples"]["wrong_pair"]] == ["p2"]
    assert m["examples"]["wrong_type"][0]["gold"] == "SUPPORT" and m["examples"]["wrong_type"][0]["pred"] == "ACCUSE"
    assert m["examples"]["no_event"][0]["pred"] == "NONE"
    assert [(c["gold"], c["pred"], c["count"]) for c in m["wrong_type_confusions"]] == [("SUPPORT", "ACCUSE", 1)]


def test_conflibert_class_confidence_curves(gold_dir: Path) -> None:
    r = evaluate(Factory(), gold_dir, sets=["conflibert_class"])["sets"]["conflibert_class"]
    # items with an event: c1 best 0.9 (pred 0, gold 4: wrong), c2 0.5 right, c4 0.6 right; c3 has none
    # ECE over those 3: (|0 - 0.9| + |1 - 0.5| + |1 - 0.6|) / 3 = 1.8 / 3
    assert r["calibration"]["n"] == 3
    assert r["calibration"]["ece"] == pytest.approx(0.6)
    curve = {row["threshold"]: row for row in r["pr_curve"]}
    assert curve[0.0]["precision"] == pytest.approx(2 / 3) and curve[0.0]["recall"] == pytest.approx(0.5)
    assert curve[0.6]["kept"] == 2 and curve[0.6]["recall"] == pytest.approx(0.25)
    assert (curve[0.7]["kept"], curve[0.7]["precision"]) == (1, 0.0)
    assert [(c["gold"], c["pred"], c["examples"][0]["id"]) for c in r["top_confusions"]] == [("4", "0", "c1")]


class ClassReadingCoder(FakeCoder):
    """A fake coder that also reads each text's class: "2" with probability 0.8 for every text, except
    that a coder which was not trained on c1 reads c1 as its gold class 4."""

    def penta_class(self, coded: CodedArticle) -> PentaReading:
        if coded.article.id == "c1" and "c1" in self.excluded:
            return PentaReading("4", 0.9)
        return PentaReading("2", 0.8)


def test_conflibert_class_uses_the_fold_coders_own_text_class(gold_dir: Path) -> None:
    class F(Factory):
        def __call__(self, excluded: frozenset[str]) -> FakeCoder:
            coder = ClassReadingCoder(excluded)
            self.coders.append(coder)
            return coder

    r = evaluate(F(frozenset({"conflibert_class"})), gold_dir, sets=["conflibert_class"])["sets"]["conflibert_class"]
    # c1 read by the coder of its fold (never trained on it) -> 4, right; c2 (3), c3 (0), c4 (1) read as 2: wrong
    assert r["accuracy"] == pytest.approx(0.25)
    assert r["class_from"] == "coder's text class"
    assert r["no_event"] == 1  # still counted from the events
    # every item has a reading now, c3 (no event) included: ECE = (|1 - 0.9| + 3 * |0 - 0.8|) / 4
    assert r["calibration"]["n"] == 4 and r["calibration"]["ece"] == pytest.approx(2.5 / 4)


def test_conflibert_class_without_text_class_falls_back_to_the_best_event(gold_dir: Path) -> None:
    r = evaluate(Factory(frozenset({"conflibert_class"})), gold_dir, sets=["conflibert_class"])["sets"]["conflibert_class"]
    assert r["accuracy"] == pytest.approx(0.75)  # as test_conflibert_class: the fake coder has no penta_class
    assert r["class_from"] == "most confident event"


def test_case_and_acled_confusion_examples(gold_dir: Path, case_mapping: None) -> None:
    sets = evaluate(Factory(), gold_dir, sets=["case2021", "acled"])["sets"]
    case = sets["case2021"]["top_confusions"]
    assert [(c["gold"], c["pred"]) for c in case] == [("AIR_STRIKE", "NONE"), ("PEACE_PROTEST", "ARMED_CLASH")]
    acled = sets["acled"]
    assert [(c["gold"], c["pred"], c["examples"][0]["id"]) for c in acled["event_type"]["top_confusions"]] == [
        ("violence against civilians", "none", "b1")]
    assert [(c["gold"], c["pred"]) for c in acled["sub_event_type"]["top_confusions"]] == [
        ("attack", "none"), ("peaceful protest", "protest with intervention")]


# --- behaviour -------------------------------------------------------------------------------

def test_missing_gold_dir_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(InputError, match="nowhere"):
        evaluate(Factory(), missing)
    with pytest.raises(InputError, match="unknown gold set"):
        evaluate(Factory(), tmp_path, sets=["plv", "bogus"])


def test_one_sets_error_does_not_stop_the_others(gold_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (gold_dir / "conflibert" / "cameo_ner_train.jsonl").unlink()
    monkeypatch.setitem(sys.modules, "flashpoint.coding.ontology", None)  # import fails -> CASE cannot be scored
    report = evaluate(Factory(), gold_dir)
    sets = report["sets"]
    assert list(sets) == ["plv", "conflibert_class", "conflibert_ner", "case2021", "acled", "event_location"]
    assert sets["event_location"]["error_type"] == "InputError"  # the fixture has no event-location archive
    assert sets["conflibert_ner"]["error_type"] == "InputError"
    assert "cameo_ner_train.jsonl" in sets["conflibert_ner"]["error"]
    assert sets["case2021"]["error_type"] == "ConfigError"
    assert sets["acled"]["event_type"]["accuracy"] == pytest.approx(0.75)
    assert sets["plv"]["with_hints"]["accuracy"] == pytest.approx(0.4)


class CrashingCoder(FakeCoder):
    def code(self, article: Article) -> CodedArticle:
        if article.id.startswith("c"):
            raise RuntimeError(f"boom on {article.id}")
        return super().code(article)


def test_a_coder_crash_is_recorded_per_set(gold_dir: Path, case_mapping: None) -> None:
    sets = evaluate(lambda ex: CrashingCoder(ex), gold_dir)["sets"]
    assert sets["conflibert_class"]["error"] == "RuntimeError: boom on c1"
    assert sets["conflibert_ner"]["combined"]["f1"] == pytest.approx(8 / 13)
    assert sets["acled"]["n"] == 4


def test_one_plain_coder_batches_limit_and_progress(gold_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                     case_mapping: None) -> None:
    monkeypatch.setattr(run, "BATCH_SIZE", 2)
    factory = Factory()
    calls: list[tuple[str, int, int]] = []
    report = evaluate(factory, gold_dir, sets=["plv", "acled"], limit=3, progress=lambda *a: calls.append(a))
    assert len(factory.coders) == 1  # the plain coder is built once and shared
    coder = factory.coders[0]
    assert coder.excluded == frozenset()
    # plv: 3 items x 2 passes in batches of 2 -> [2, 1, 2, 1]; acled: 3 items -> [2, 1]
    assert coder.batches == [2, 1, 2, 1, 2, 1]
    assert coder.coded == ["p1", "p2", "p3"] * 2 + ["a1", "a2", "a3"]
    assert calls == [("plv", 2, 6), ("plv", 3, 6), ("plv", 5, 6), ("plv", 6, 6), ("acled", 2, 3), ("acled", 3, 3)]
    assert report["sets"]["plv"]["n"] == 3 and report["limit"] == 3
    assert report["coder"] == {"name": "fake", "version": "1.0"}


def test_deterministic_apart_from_volatile_fields(gold_dir: Path, case_mapping: None) -> None:
    a = evaluate(Factory(), gold_dir)
    b = evaluate(Factory(), gold_dir)
    assert "created" in a and "elapsed_s" in a["sets"]["plv"]
    assert stable_view(a) == stable_view(b)
    assert "created" not in stable_view(a)


# --- cross-validation ------------------------------------------------------------------------

@pytest.fixture
def plv20(tmp_path: Path) -> Path:
    """A PLV file of 20 items: enough that every one of the 5 folds is non-empty."""
    g = tmp_path / "gold20"
    labels = ["AGREE", "REJECT", "ACCUSE", "AID"]
    rows = [_plv_row(f"plv-{i:02d}", "Alpha hit Beta.", (0, 5), (10, 14), labels[i % 4]) for i in range(20)]
    _jsonl(g / "plv" / "plv_train.jsonl", rows)
    assert len({fold_of(r["id"]) for r in rows}) == 5
    return g


class MemorisingCoder(FakeCoder):
    """Answers the gold label of every item it trained on (all but `excluded`); ASSAULT otherwise."""

    def __init__(self, excluded: frozenset[str], gold: dict[str, str]) -> None:
        super().__init__(excluded)
        self.gold = gold

    def code(self, article: Article) -> CodedArticle:
        self.coded.append(article.id)
        label = self.gold[article.id] if article.id not in self.excluded else "ASSAULT"
        hints = article.actors
        src, tgt = (hints.source[0], hints.target[0]) if hints else ((0, 5), (10, 14))
        return CodedArticle(article, events=(ev(article, label, src=src, tgt=tgt, conf=0.9),))


def _memorising_factory(gold_dir: Path, trained_on: frozenset[str] | None) -> Factory:
    gold = {json.loads(line)["id"]: json.loads(line)["plover"]
            for line in (gold_dir / "plv" / "plv_train.jsonl").read_text().splitlines()}

    class F(Factory):
        def __call__(self, excluded: frozenset[str]) -> FakeCoder:
            coder = MemorisingCoder(excluded, gold)
            self.coders.append(coder)
            return coder

    return F(trained_on)


def test_cross_validation_folds_are_disjoint_cover_all_and_exclude_the_scored_item(plv20: Path) -> None:
    factory = _memorising_factory(plv20, frozenset({"plv"}))
    res = evaluate(factory, plv20, sets=["plv"])["sets"]["plv"]
    folds = [c.excluded for c in factory.coders]
    assert len(folds) == 5  # once per fold, no plain coder needed
    all_ids = {f"plv-{i:02d}" for i in range(20)}
    assert set().union(*folds) == all_ids
    assert sum(len(f) for f in folds) == 20  # disjoint
    for c in factory.coders:
        assert set(c.coded) <= c.excluded  # each item scored only by the coder that did not train on it
        assert {fold_of(i) for i in c.excluded} == {fold_of(next(iter(c.excluded)))}
    # every item scored by a coder that never saw it -> always ASSAULT -> accuracy 0
    assert res["with_hints"]["accuracy"] == 0.0
    assert res["cross_validated"] is True and res["folds"] == 5


def test_without_trained_on_the_plain_coder_is_used(plv20: Path) -> None:
    factory = _memorising_factory(plv20, None)
    res = evaluate(factory, plv20, sets=["plv"])["sets"]["plv"]
    assert [c.excluded for c in factory.coders] == [frozenset()]
    assert res["with_hints"]["accuracy"] == 1.0  # a memorising coder scored on its training data
    assert res["cross_validated"] is False


def test_cross_validation_with_limit_keeps_whole_folds(plv20: Path) -> None:
    factory = _memorising_factory(plv20, frozenset({"plv"}))
    res = evaluate(factory, plv20, sets=["plv"], limit=4)["sets"]["plv"]
    first4 = [f"plv-{i:02d}" for i in range(4)]
    assert len(factory.coders) == len({fold_of(i) for i in first4})  # only folds holding scored items
    for c in factory.coders:
        assert len(c.excluded) == sum(fold_of(f"plv-{i:02d}") == fold_of(next(iter(c.excluded))) for i in range(20))
    assert sorted(c for coder in factory.coders for c in coder.coded) == sorted(first4 * 2)
    assert res["n"] == 4


# --- report ----------------------------------------------------------------------------------

def test_write_report(gold_dir: Path, tmp_path: Path, case_mapping: None) -> None:
    (gold_dir / "case2021" / "case2021_dev.jsonl").unlink()
    report = evaluate(Factory(frozenset({"conflibert_class"})), gold_dir)
    md, js = tmp_path / "out" / "eval.md", tmp_path / "out" / "eval.json"
    command = "flashpoint eval --gold ../shared/data/gold"
    write_report(report, md, js, command)
    text = md.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert command in lines[:10]  # the exact command near the top
    assert "| set | measure | value | n | cross-validated | anchor |" in text
    assert "| plv | accuracy (with hints) | 0.400 | 5 |  | 0.838" in text
    assert "| plv | macro-F1 (with hints) | 0.300 | 5 |  | 0.824" in text
    assert "| conflibert_class | accuracy | 0.750 | 4 | 5-fold CV |" in text
    assert "| acled | actor-1 country accuracy | 0.667 | 3 |" in text
    assert "ECE 0.290" in text and "| [0.9, 1.0) | 0.900 | 1.000 | 1 |" in text
    assert "case2021" in text and "gold file not found" in text  # the set's error is reported
    assert "Confusion (rows gold, columns predicted" in text
    assert "| ACCUSE | 0 |" in text and "| NONE | 0 |" not in text  # gold rows only where gold items exist
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["command"] == command
    assert data["sets"]["plv"]["with_hints"]["accuracy"] == pytest.approx(0.4)
    assert data["sets"]["conflibert_class"]["cross_validated"] is True
    # precision-recall tables, errors section and figures
    assert "| threshold ≥ | precision | recall | kept |" in text
    assert "| 0.3 | 0.667 | 0.400 | 3 |" in text  # PLV with hints: 0.9, 0.8, 0.7 kept, 2 right, 2 of 5 items
    assert "## Errors" in text and "- COERCE → ASSAULT, 1: `p2`" in text
    assert "no event at all 1; events, but none on the gold pair 1; an event on the gold pair with the wrong type 1" in text
    assert "| gold \\ pred | abduction/forced disappearance |" in text  # sub_event_type has its confusion too
    plots = tmp_path / "out" / "eval_plots"
    for name in ("plv_reliability.svg", "plv_pr.svg", "plv_confusion.svg", "conflibert_class_pr.svg",
                 "acled_sub_event_type_confusion.svg"):
        assert (plots / name).is_file()
        assert f"](eval_plots/{name})" in text
    assert not (plots / "case2021_confusion.svg").exists()  # the set was not evaluated
    # no gold text is written whole, in the Markdown or the JSON
    written = text + js.read_text(encoding="utf-8")
    for _, sentence, *_ in PLV_ROWS:
        assert sentence not in written


def test_write_report_without_plots_and_wide_confusions(gold_dir: Path, tmp_path: Path, case_mapping: None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from flashpoint.eval import report as report_mod

    monkeypatch.setattr(report_mod, "WIDE", 3)  # case2021 has 4 labels: numbered columns
    md, js = tmp_path / "r.md", tmp_path / "r.json"
    write_report(evaluate(Factory(), gold_dir, sets=["case2021"]), md, js, "cmd", plots=False)
    text = md.read_text(encoding="utf-8")
    assert not (tmp_path / "r_plots").exists() and "r_plots/" not in text
    assert "| gold \\ pred | 1 | 2 | 3 | 4 |" in text
    assert "| 1 AIR_STRIKE | 0 | 0 | 0 | 1 |" in text  # AIR_STRIKE -> NONE (label 4)


def test_hand_written_analysis_is_appended_on_every_regeneration(gold_dir: Path, tmp_path: Path, case_mapping: None) -> None:
    md, js = tmp_path / "r.md", tmp_path / "r.json"
    report = evaluate(Factory(), gold_dir, sets=["case2021"])
    write_report(report, md, js, "cmd", plots=False)
    assert "## Error analysis (written)" not in md.read_text(encoding="utf-8")
    (tmp_path / "r_analysis.md").write_text("## Error analysis (written)\n\nAir strikes read as shelling.\n", encoding="utf-8")
    for _ in range(2):
        write_report(report, md, js, "cmd", plots=False)
        text = md.read_text(encoding="utf-8")
        assert text.count("## Error analysis (written)") == 1 and text.rstrip().endswith("Air strikes read as shelling.")


def test_a_reports_acled_reading_puts_strategic_developments_last() -> None:
    """ACLED codes an arrest as a strategic development only where the report tells of no violence or
    protest: "held a protest against the arrest of X" is a protest, whatever the arrest's confidence."""
    from flashpoint.eval.scoring import acled_event

    a = Article(id="x", text="Traders held a protest against the arrest of a union leader.")
    protest = ev(a, "PROTEST", acled=("Protests", "Peaceful protest"), conf=0.4)
    arrest = ev(a, "COERCE", acled=("Strategic developments", "Arrests"), conf=0.8)
    unread = ev(a, "CONSULT", conf=0.95)
    assert acled_event([arrest, unread, protest]) is protest
    assert acled_event([unread, arrest]) is arrest  # nothing else: the arrest is the reading
    stronger = ev(a, "ASSAULT", acled=("Battles", "Armed clash"), conf=0.6)
    assert acled_event([protest, stronger]) is stronger  # otherwise the highest confidence
    assert acled_event([unread]) is None and acled_event([]) is None


def test_event_location_is_scored_per_annotated_verb() -> None:
    """Each gold verb is read off the event whose trigger it is; a location is right where its words overlap the
    gold place's, and no location is right where the sentence gives none; verbs with no event count apart."""
    from flashpoint.eval.gold import EventLocationItem, LocatedVerb
    from flashpoint.eval.scoring import score_event_location
    from flashpoint.records import Location

    text = "Rebels attacked Kabul , police marched in Herat and troops fled to Gao ; talks ended ."

    def at(words: str) -> tuple[int, int]:
        return text.index(words), text.index(words) + len(words)

    def ev(trigger: str, place: str | None, conf: float = 0.5) -> Event:
        loc = Location(place, at(place), place, "AFG", None) if place else None
        return Event(event_id=trigger, article_id="s", sentence=Sentence(0, text, 0, len(text)),
                     trigger=Trigger(trigger, at(trigger)), date=None, date_precision="article",
                     plover=Plover("ASSAULT"), cameo=Cameo("190", "19", -10.0, 4), acled=None, source=None,
                     target=None, location=loc, modality="asserted", attribution=None, fatalities=None,
                     confidence=conf)

    item = EventLocationItem("s", text, (
        LocatedVerb(at("attacked"), (at("Kabul"),), False),  # right place
        LocatedVerb(at("marched"), (at("Herat"),), True),  # another place: a false positive and a miss
        LocatedVerb(at("fled"), (at("Gao"),), False),  # no location: a miss
        LocatedVerb(at("ended"), (), True),  # rightly none
        LocatedVerb(at("talks"), (), False),  # no event for it
    ))
    events = [ev("attacked", "Kabul"), ev("marched", "Kabul", 0.9), ev("marched", "Herat", 0.2), ev("fled", None),
              ev("ended", None)]
    art = Article(id="s", text=text)
    r = score_event_location([item], {"plain": [CodedArticle(art, events=tuple(events))]})
    assert (r["verbs"], r["found"]) == (5, 4)
    assert r["counts"] == {"right_place": 1, "wrong_or_unsupported_place": 1, "missed_place": 2, "rightly_none": 1}
    assert r["accuracy"] == pytest.approx(2 / 4)
    assert (r["precision"], r["recall"]) == (pytest.approx(1 / 2), pytest.approx(1 / 3))
    assert r["adjudicated"] == {"n": 2, "accuracy": pytest.approx(1 / 2)}


def test_a_notes_actor_1_is_the_doer_of_its_acled_event_among_those_that_name_one() -> None:
    from flashpoint.eval.scoring import actor1_event

    a = Article(id="x", text="Burundian and Rwandan soldiers clashed. 1 Burundian soldier was killed.")
    clash = ev(a, "ASSAULT", src=(0, 9), acled=("Battles", "Armed clash"), conf=0.36)
    killed = ev(a, "ASSAULT", acled=("Violence against civilians", "Attack"), conf=0.45)  # no doer
    assert killed.source is None
    assert actor1_event([killed, clash]) is clash  # the killing names no doer: the clash's is the note's
    unread = ev(a, "CONSULT", src=(0, 9), conf=0.9)
    assert actor1_event([unread, clash]) is clash  # the note's ACLED reading before a more confident other act
    assert actor1_event([unread, killed]) is unread  # no ACLED event with a doer: the most confident doer's
    assert actor1_event([killed]) is None and actor1_event([]) is None



def test_plv_end_to_end_an_implicit_gold_role_is_filled_by_no_party() -> None:
    """PLV marks some roles implicit (target "a recipient" with no span): the event with the gold source and no
    target is that pair's event, one that names a target there is not, and an explicit role still needs one."""
    from flashpoint.eval.gold import PlvItem
    from flashpoint.eval.scoring import score_plv

    text = "Authorities launched an investigation into Acme."
    item = PlvItem("i1", text, ((0, 11),), (), "ACCUSE")
    art = Article(id="i1", text=text)

    def e2e(*events: Event) -> dict:
        coded = {"with_hints": [CodedArticle(art)], "end_to_end": [CodedArticle(art, events=events)]}
        return score_plv([item], coded)["end_to_end"]["counts"]

    assert e2e(ev(art, "ACCUSE", src=(0, 11)))["typed_directed"] == 1
    assert e2e(ev(art, "ACCUSE", src=(0, 11), tgt=(43, 47)))["found_directed"] == 0
    assert e2e(ev(art, "ACCUSE", tgt=(0, 11)))["found_either"] == 1  # reversed: the gold source read as the target
    explicit = PlvItem("i2", text, ((0, 11),), ((43, 47),), "ACCUSE")
    one = (ev(art, "ACCUSE", src=(0, 11)),)
    coded = {"with_hints": [CodedArticle(art)], "end_to_end": [CodedArticle(art, events=one)]}
    assert score_plv([explicit], coded)["end_to_end"]["counts"]["found_directed"] == 0
