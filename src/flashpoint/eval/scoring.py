"""How each gold set turns into coder input and how the coder's output is scored against it.

A set has one or more *passes* (PLV is coded twice: with actor hints and end to end); each pass
maps a gold item to the Article the coder sees. `score` gets the items and, per pass, the
CodedArticles in item order, and returns that set's metrics (JSON-ready).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flashpoint.errors import ConfigError
from flashpoint.eval import examples, metrics
from flashpoint.eval.gold import (
    PENTA_LABELS,
    PLV_LABELS,
    AcledItem,
    CaseItem,
    EventLocationItem,
    NerItem,
    PentaItem,
    PlvItem,
    plv_label,
)
from flashpoint.records import ActorHints, ActorRef, Article, CodedArticle, Event, Location, most_confident

NONE = "NONE"  # the label of "no (suitable) event"

Coded = dict[str, Sequence[Any]]  # pass name -> coded articles in item order (and TEXT_CLASS, below)
TEXT_CLASS = "text_class"  # key of the coder's own class readings of the texts (sets with a text_class)


@dataclass(frozen=True, slots=True)
class SetSpec:
    passes: tuple[str, ...]
    article: Callable[[Any, str], Article]  # (gold item, pass name) -> Article
    score: Callable[[Sequence[Any], Coded], dict[str, Any]]
    # also ask the coder for its reading of each text of the first pass, under TEXT_CLASS: the name of the
    # Coder method that reads one coded text ("penta_class", "text_category"); a coder without it reads none
    text_class: str | None = None


def best_event(events: Sequence[Event], *, acled_only: bool = False) -> Event | None:
    """The highest-confidence event (the first one on ties); with acled_only, among those with an ACLED reading."""
    return most_confident([ev for ev in events if ev.acled is not None] if acled_only else events)


DONE = ("asserted", "claimed")  # the modalities of an event told as having happened
STRATEGIC = "strategic developments"  # ACLED's event type for what is neither political violence nor a demonstration


def acled_event(events: Sequence[Event]) -> Event | None:
    """The event that gives a report its one ACLED reading, as ACLED codes a note: among the events
    with an ACLED reading, political violence and demonstrations before strategic developments (ACLED
    records an arrest, a seizure or a looting as a strategic development only where the report tells of
    no battle, attack or protest: "held a protest against the arrest of X" is a protest); then the
    highest confidence (the first one on ties)."""
    best: Event | None = None
    best_key: tuple[bool, float] | None = None
    for ev in events:
        if ev.acled is None:
            continue
        key = (" ".join(ev.acled.event_type.split()).casefold() != STRATEGIC, ev.confidence)
        if best_key is None or key > best_key:
            best, best_key = ev, key
    return best


def actor1_event(events: Sequence[Event]) -> Event | None:
    """The event whose doer is compared with a note's ACLED actor 1: among the events that name a doer, the
    one that would give the note its ACLED reading (`acled_event`: the event whose type and location are
    scored), else the most confident; None when no event names a doer. ACLED's actor 1 is who did what the
    note reports: an event with no doer ("1 Burundian soldier was killed") has no actor 1 to compare, where
    another event of the note names who did it ("Burundian and Rwandan soldiers clashed")."""
    doers = [ev for ev in events if ev.source is not None]
    return acled_event(doers) or most_confident(doers)


def penta_of_root(root: str) -> str:
    """ConfliBERT's penta class of a CAMEO root code ("01".."20"); "0" for an unreadable root."""
    try:
        r = int(root)
    except (TypeError, ValueError):
        return "0"
    if 1 <= r <= 2:
        return "0"
    if 3 <= r <= 5:
        return "1"
    if 6 <= r <= 8:
        return "2"
    if 9 <= r <= 13 or r == 16:
        return "3"
    if 14 <= r <= 20:
        return "4"
    return "0"


def _plain(item: Any, _pass: str) -> Article:
    return Article(id=item.id, text=item.text)


def _failures(coded: Coded) -> int:
    """Coded articles that failed, over every pass (the coder's text readings under TEXT_CLASS are no pass)."""
    return sum(c.failure is not None for p, arts in coded.items() if p != TEXT_CLASS for c in arts)


def _trigger_at(ev: Event | None) -> int | None:
    """Where an excerpt of an item centres: the event's trigger, or the middle of the text (None)."""
    return ev.trigger.span[0] if ev is not None else None


def _confusions(items: Sequence[Any], gold: Sequence[str], pred: Sequence[str],
                events: Sequence[Event | None]) -> list[dict[str, Any]]:
    """The largest confusions of a labelling with excerpts centred on the deciding event's trigger."""
    return examples.top_confusions(
        gold, pred, [it.id for it in items], [it.text for it in items], [_trigger_at(ev) for ev in events]
    )


def _with_event(confs: Sequence[float | None], correct: Sequence[bool]) -> tuple[list[float], list[bool]]:
    """Confidences and correctness of the items that have a deciding event (confidence not None)."""
    kept = [(c, ok) for c, ok in zip(confs, correct) if c is not None]
    return [c for c, _ in kept], [ok for _, ok in kept]


def _confidence_curves(confs: Sequence[float | None], correct: Sequence[bool], n: int) -> dict[str, Any]:
    """PR curve and calibration over the items that have a deciding event (confidence not None)."""
    cs, oks = _with_event(confs, correct)
    return {"pr_curve": metrics.pr_curve(cs, oks, n), "calibration": metrics.calibration(cs, oks)}


# --- PLV -------------------------------------------------------------------------------------

def _plv_article(item: PlvItem, pass_name: str) -> Article:
    if pass_name == "with_hints":
        return Article(id=item.id, text=item.text, actors=ActorHints(item.source_spans, item.target_spans))
    return Article(id=item.id, text=item.text)


def _fills(party: ActorRef | None, spans: Sequence[metrics.Span]) -> bool:
    """Whether an event's party is the gold role: it overlaps one of the role's spans, or, where the gold marks
    the role implicit (PLV's "a recipient" with no span: "authorities have launched an investigation"), the
    event names no party there either."""
    if not spans:
        return party is None
    return party is not None and metrics.overlaps_any(party.span, spans)


def _links(ev: Event, sources: Sequence[metrics.Span], targets: Sequence[metrics.Span]) -> bool:
    return _fills(ev.source, sources) and _fills(ev.target, targets)


def score_plv(items: Sequence[PlvItem], coded: Coded) -> dict[str, Any]:
    gold = [it.label for it in items]
    pred: list[str] = []
    conf: list[float] = []
    firsts: list[Event | None] = []
    for ca in coded["with_hints"]:
        ev = ca.events[0] if ca.events else None
        firsts.append(ev)
        pred.append(plv_label(ev.plover.type) if ev else NONE)
        conf.append(ev.confidence if ev else 0.0)
    right = [g == p for g, p in zip(gold, pred)]
    hints = metrics.classification(gold, pred, PLV_LABELS)
    hints["no_event"] = pred.count(NONE)
    hints["calibration"] = metrics.calibration(conf, right)
    hints["pr_curve"] = metrics.pr_curve(
        *_with_event([c if ev is not None else None for c, ev in zip(conf, firsts)], right), len(items)
    )
    hints["top_confusions"] = _confusions(items, gold, pred, firsts)

    counts = dict.fromkeys(("found_directed", "typed_directed", "found_either", "typed_either", "no_event"), 0)
    ev_conf: list[float] = []
    ev_right: list[bool] = []
    ev_item: list[int] = []
    misses = _Misses()
    for i, (it, ca) in enumerate(zip(items, coded["end_to_end"])):
        counts["no_event"] += not ca.events
        found_d = found_e = typed_d = typed_e = False
        for ev in ca.events:
            directed = _links(ev, it.source_spans, it.target_spans)
            either = directed or _links(ev, it.target_spans, it.source_spans)
            right = plv_label(ev.plover.type) == it.label
            found_d |= directed
            found_e |= either
            typed_d |= directed and right
            typed_e |= either and right
            ev_conf.append(ev.confidence)
            ev_right.append(directed and right)
            ev_item.append(i)
        counts["found_directed"] += found_d
        counts["typed_directed"] += typed_d
        counts["found_either"] += found_e
        counts["typed_either"] += typed_e
        if not typed_d:
            misses.add(it, ca.events)
    n = len(items)
    rate = (lambda k: counts[k] / n if n else 0.0)
    e2e = {
        "n": n,
        "found_rate_directed": rate("found_directed"),
        "typed_rate_directed": rate("typed_directed"),
        "found_rate_either": rate("found_either"),
        "typed_rate_either": rate("typed_either"),
        "counts": counts,
        "pr_curve": metrics.pr_curve(ev_conf, ev_right, n, groups=ev_item),
        "misses": misses.summary(),
    }
    return {"with_hints": hints, "end_to_end": e2e, "failures": _failures(coded)}


class _Misses:
    """PLV end-to-end items without a right directed event, by why: no event at all, events but none
    on the gold (source, target) pair, or an event on the pair with the wrong type."""

    KINDS = ("no_event", "wrong_pair", "wrong_type")

    def __init__(self) -> None:
        self.counts = dict.fromkeys(self.KINDS, 0)
        self.examples: dict[str, list[dict[str, str]]] = {k: [] for k in self.KINDS}
        self.wrong_type: list[tuple[PlvItem, str, Event]] = []  # (item, predicted type, event on the pair)

    def add(self, it: PlvItem, events: Sequence[Event]) -> None:
        on_pair = [ev for ev in events if _links(ev, it.source_spans, it.target_spans)]
        if not events:
            kind, ev = "no_event", None
        elif not on_pair:
            kind, ev = "wrong_pair", best_event(events)
        else:
            kind, ev = "wrong_type", best_event(on_pair)
        self.counts[kind] += 1
        if kind == "wrong_type" and ev is not None:
            self.wrong_type.append((it, plv_label(ev.plover.type), ev))
        if len(self.examples[kind]) < examples.EXAMPLES_PER_CONFUSION:
            ex = examples.example(it.id, it.text, _trigger_at(ev))
            self.examples[kind].append({**ex, "gold": it.label, "pred": plv_label(ev.plover.type) if ev else NONE})

    def summary(self) -> dict[str, Any]:
        wt = self.wrong_type
        return {
            **self.counts,
            "examples": self.examples,
            "wrong_type_confusions": examples.top_confusions(
                [it.label for it, _, _ in wt], [p for _, p, _ in wt], [it.id for it, _, _ in wt],
                [it.text for it, _, _ in wt], [_trigger_at(ev) for _, _, ev in wt],
            ),
        }


# --- ConfliBERT sentence class ---------------------------------------------------------------

def score_penta(items: Sequence[PentaItem], coded: Coded) -> dict[str, Any]:
    """Accuracy of the text's class: the coder's own reading where it gives one (`Coder.penta_class`, under
    TEXT_CLASS), else the class of the most confident event ("0" without events)."""
    gold = [it.penta for it in items]
    pred: list[str] = []
    confs: list[float | None] = []
    bests = [best_event(ca.events) for ca in coded["plain"]]
    readings = coded.get(TEXT_CLASS) or [None] * len(items)
    for ev, reading in zip(bests, readings):
        if reading is not None:
            pred.append(reading.label)
            confs.append(reading.prob)
        else:
            pred.append(penta_of_root(ev.cameo.root) if ev else "0")
            # without an event, "0" is a default, not a prediction: no confidence
            confs.append(ev.confidence if ev else None)
    out = metrics.classification(gold, pred, PENTA_LABELS)
    out["no_event"] = sum(not ca.events for ca in coded["plain"])
    out["class_from"] = "coder's text class" if any(r is not None for r in readings) else "most confident event"
    out["failures"] = _failures(coded)
    out.update(_confidence_curves(confs, [g == p for g, p in zip(gold, pred)], len(items)))
    out["top_confusions"] = _confusions(items, gold, pred, bests)
    return out


# --- ConfliBERT source/target spans ----------------------------------------------------------

def score_ner(items: Sequence[NerItem], coded: Coded) -> dict[str, Any]:
    """Overlap span P/R/F1; reciprocal gold spans count as gold for both roles."""
    src_counts, tgt_counts = [], []
    for it, ca in zip(items, coded["plain"]):
        pred_src = {ev.source.span for ev in ca.events if ev.source is not None}
        pred_tgt = {ev.target.span for ev in ca.events if ev.target is not None}
        src_counts.append(metrics.span_counts(it.source_spans + it.reciprocal_spans, pred_src))
        tgt_counts.append(metrics.span_counts(it.target_spans + it.reciprocal_spans, pred_tgt))
    return {
        "source": metrics.span_prf(src_counts),
        "target": metrics.span_prf(tgt_counts),
        "combined": metrics.span_prf(src_counts + tgt_counts),
        "failures": _failures(coded),
    }


# --- CASE 2021 -------------------------------------------------------------------------------

def _case_mapper() -> Callable[[str, str], str | None]:
    try:
        from flashpoint.coding.ontology import case2021_label  # lazy: owned by the coding stage
    except ImportError as exc:
        raise ConfigError(f"CASE 2021 scoring needs flashpoint.coding.ontology.case2021_label: {exc}") from exc
    return case2021_label  # type: ignore[no-any-return]


def score_case(items: Sequence[CaseItem], coded: Coded) -> dict[str, Any]:
    """The coder's own category of the snippet where it gives one (`Coder.text_category`, under TEXT_CLASS);
    else the label of the highest-confidence event with an ACLED reading, mapped to CASE 2021, NONE
    without one. (Not `acled_event`: CASE 2021 labels a snippet's arrest or agreement beside a clash as
    such; putting strategic developments last lowered its weighted F1 from 0.481 to 0.456.)"""
    to_case = _case_mapper()
    gold = [it.label for it in items]
    pred = []
    bests = [best_event(ca.events, acled_only=True) for ca in coded["plain"]]
    readings = coded.get(TEXT_CLASS) or [None] * len(items)
    for ev, reading in zip(bests, readings):
        if reading is not None:
            pred.append(reading.label)
        else:
            pred.append((to_case(ev.acled.event_type, ev.acled.sub_event_type) or NONE) if ev and ev.acled else NONE)
    out = metrics.classification(gold, pred)
    out["no_event"] = sum(ev is None for ev in bests)
    out["class_from"] = "coder's text category" if any(r is not None for r in readings) else "most confident ACLED event"
    out["failures"] = _failures(coded)
    out["top_confusions"] = _confusions(items, gold, pred, bests)
    return out


# --- ACLED -----------------------------------------------------------------------------------

def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def place_matches(loc: Location, location: str | None, admin1: str | None) -> tuple[bool, bool]:
    """Whether `loc` is ACLED's `location`, and whether it is or lies in ACLED's `admin1` (names compared
    by `geo.gazetteer.compare_key`); shared with benchmarks/geo_acled.py."""
    from flashpoint.geo.gazetteer import compare_key as key  # noqa: PLC0415

    names = {key(loc.name), key(loc.text)}
    return key(location) in names, key(admin1) in names | {key(loc.admin1)}


ACC_KM = 161  # the geoparsing field's distance for a right place (100 miles: Leidner 2008, Gritta et al. 2018)


@dataclass(frozen=True, slots=True)
class Where:
    """How the location of a note's ACLED event compares with ACLED's own: located at all; in ACLED's country;
    at its place or in its admin1 (names compared by `geo.gazetteer.compare_key`); km from ACLED's point (None:
    either has no coordinates)."""

    located: bool
    country: bool
    place: bool
    km: float | None


def _where(ev: Event | None, it: AcledItem) -> Where:
    loc = ev.location if ev is not None else None
    if loc is None:
        return Where(False, False, False, None)
    from flashpoint.geo.gazetteer import distance_km  # noqa: PLC0415  (as place_matches)

    km = None
    if it.point is not None and loc.lat is not None and loc.lon is not None:
        km = distance_km(loc.lat, loc.lon, *it.point)
    return Where(True, loc.country == it.country, any(place_matches(loc, it.location, it.admin1)), km)


def _location_scores(wheres: Sequence[Where]) -> dict[str, Any]:
    """`score_acled`'s location measure over the notes ACLED locates: shares located, in ACLED's country, at its
    place or admin1, and within 161 km of its point (of all those notes); the median and mean km of the located."""
    n = len(wheres)
    kms = [w.km for w in wheres if w.km is not None]
    return {
        "located": sum(w.located for w in wheres) / n if n else 0.0,
        "country": sum(w.country for w in wheres) / n if n else 0.0,
        "place_or_admin1": sum(w.place for w in wheres) / n if n else 0.0,
        "within_161km": sum(k <= ACC_KM for k in kms) / n if n else 0.0,
        "median_km": statistics.median(kms) if kms else None,
        "mean_km": sum(kms) / len(kms) if kms else None,
        "n": n,
    }


def score_acled(items: Sequence[AcledItem], coded: Coded) -> dict[str, Any]:
    et_gold, et_pred, sub_gold, sub_pred = [], [], [], []
    fat_exact = 0
    fat_abs = 0
    covered = country_right = 0
    wheres: list[Where] = []
    with_event = done = 0
    bests: list[Event | None] = []
    for it, ca in zip(items, coded["plain"]):
        ev = acled_event(ca.events)
        bests.append(ev)
        if ev is not None:  # ACLED records what happened: the event of its reading is told as done
            with_event += 1
            done += ev.modality in DONE
        et_gold.append(it.event_type)
        sub_gold.append(it.sub_event_type)
        et_pred.append(ev.acled.event_type if ev and ev.acled else NONE)
        sub_pred.append(ev.acled.sub_event_type if ev and ev.acled else NONE)
        ours = max((e.fatalities or 0 for e in ca.events), default=0)
        fat_exact += ours == it.fatalities
        fat_abs += abs(ours - it.fatalities)
        if it.country is not None:
            wheres.append(_where(ev, it))
        if it.actor1_country is not None:
            covered += 1
            top = actor1_event(ca.events)
            country = top.source.country if top is not None else None
            country_right += country == it.actor1_country
    n = len(items)
    et_g, et_p = [_norm(x) for x in et_gold], [_norm(x) for x in et_pred]
    sub_g, sub_p = [_norm(x) for x in sub_gold], [_norm(x) for x in sub_pred]
    event_type = metrics.classification(et_g, et_p)
    sub_type = metrics.classification(sub_g, sub_p)
    event_type["top_confusions"] = _confusions(items, et_g, et_p, bests)
    sub_type["top_confusions"] = _confusions(items, sub_g, sub_p, bests)
    return {
        "event_type": event_type,
        "sub_event_type": sub_type,
        "fatalities": {
            "exact_accuracy": fat_exact / n if n else 0.0,
            "mean_abs_error": fat_abs / n if n else 0.0,
            "n": n,
        },
        "done": {"accuracy": done / with_event if with_event else 0.0, "n": with_event},
        "actor1_country": {
            "accuracy": country_right / covered if covered else 0.0,
            "covered": covered,
            "coverage": covered / n if n else 0.0,
            "n": n,
        },
        "location": _location_scores(wheres),
        "no_acled_event": et_pred.count(NONE),
        "failures": _failures(coded),
    }


def score_event_location(items: Sequence[EventLocationItem], coded: Coded) -> dict[str, Any]:
    """Per annotated verb: the event whose trigger is that verb (the most confident one where several are),
    and whether its `location` is where the set says the event happened (its span overlaps the gold
    place's words, or it has the same name: "in Iraq" said twice; no location where the sentence gives none).

    A location at another place is a false positive and, where the verb has a gold place, also a miss.
    Precision, recall and F1 count the located verbs; accuracy counts every verb with an event (no
    location for a verb with none is right); the verbs with no event are counted apart (`found`)."""
    from flashpoint.geo.gazetteer import compare_key  # noqa: PLC0415

    n = found = tp = fp = fn = tn = 0
    adj_n = adj_right = 0
    for it, ca in zip(items, coded["plain"]):
        for verb in it.verbs:
            n += 1
            ev = most_confident([e for e in ca.events if metrics.overlaps(e.trigger.span, verb.span)])
            if ev is None:
                continue
            found += 1
            loc = ev.location
            right = (loc is None and not verb.locations) or (loc is not None and any(
                metrics.overlaps(loc.span, g) or compare_key(loc.text) == compare_key(it.text[g[0]:g[1]])
                for g in verb.locations))
            if loc is None:
                fn += bool(verb.locations)
                tn += not verb.locations
            elif right:
                tp += 1
            else:
                fp += 1
                fn += bool(verb.locations)
            if verb.adjudicated:
                adj_n += 1
                adj_right += right
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "verbs": n,  # ("n", set by the run, counts the sentences)
        "found": found,
        "found_rate": found / n if n else 0.0,
        "accuracy": (tp + tn) / found if found else 0.0,
        "precision": p,
        "recall": r,
        "f1": metrics.f1_score(p, r),
        "counts": {"right_place": tp, "wrong_or_unsupported_place": fp, "missed_place": fn, "rightly_none": tn},
        "adjudicated": {"n": adj_n, "accuracy": adj_right / adj_n if adj_n else 0.0},
        "failures": _failures(coded),
    }


SPECS: dict[str, SetSpec] = {
    "plv": SetSpec(("with_hints", "end_to_end"), _plv_article, score_plv),
    "conflibert_class": SetSpec(("plain",), _plain, score_penta, text_class="penta_class"),
    "conflibert_ner": SetSpec(("plain",), _plain, score_ner),
    "case2021": SetSpec(("plain",), _plain, score_case, text_class="text_category"),
    "acled": SetSpec(("plain",), _plain, score_acled),
    "event_location": SetSpec(("plain",), _plain, score_event_location),
}
