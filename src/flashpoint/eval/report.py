"""Write an evaluation report (from `flashpoint.eval.run.evaluate`) as JSON, readable Markdown and SVG figures.

The Markdown has, per set, the per-class table and confusion matrix of every labelling, the
precision-recall table over the confidence threshold and the reliability table where the set has
confidences, links to the figures (`flashpoint.eval.plots`), and an "Errors" section: the largest
confusions with short excerpts and, for PLV end to end, why the misses missed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flashpoint.eval.gold import PENTA_NAMES
from flashpoint.eval.plots import plot_specs, write_plots

WIDE = 16  # a confusion matrix with more labels than this gets numbered columns
TOP_ERRORS = 5  # confusions shown per labelling in the Errors section
ERROR_EXAMPLES = 2  # examples shown per confusion

# Published figures to read ours against (they are on the sets' test splits, ours on dev/train).
ANCHORS: dict[tuple[str, str], str] = {
    ("plv", "accuracy (with hints)"): "0.838 (zero-shot NLI, PLV test)",
    ("plv", "macro-F1 (with hints)"): "0.824 (zero-shot NLI, PLV test)",
    ("case2021", "weighted F1"): "0.839 (best published, full test)",
}

Row = tuple[str, str, float, int]  # set, measure, value, n


def _get(d: dict[str, Any], *path: str) -> Any:
    for key in path:
        d = d[key]
    return d


# measure name, path into the set's result, path to its n
_HEADLINES: dict[str, list[tuple[str, tuple[str, ...], tuple[str, ...]]]] = {
    "plv": [
        ("accuracy (with hints)", ("with_hints", "accuracy"), ("with_hints", "n")),
        ("macro-F1 (with hints)", ("with_hints", "macro_f1"), ("with_hints", "n")),
        ("ECE (with hints)", ("with_hints", "calibration", "ece"), ("with_hints", "n")),
        ("found rate, directed (end-to-end)", ("end_to_end", "found_rate_directed"), ("end_to_end", "n")),
        ("typed rate, directed (end-to-end)", ("end_to_end", "typed_rate_directed"), ("end_to_end", "n")),
        ("found rate, either direction (end-to-end)", ("end_to_end", "found_rate_either"), ("end_to_end", "n")),
        ("typed rate, either direction (end-to-end)", ("end_to_end", "typed_rate_either"), ("end_to_end", "n")),
    ],
    "conflibert_class": [
        ("accuracy", ("accuracy",), ("n",)),
        ("macro-F1", ("macro_f1",), ("n",)),
    ],
    "conflibert_ner": [
        ("span F1, source", ("source", "f1"), ("n",)),
        ("span F1, target", ("target", "f1"), ("n",)),
        ("span F1, combined", ("combined", "f1"), ("n",)),
    ],
    "case2021": [
        ("weighted F1", ("weighted_f1",), ("n",)),
        ("macro-F1", ("macro_f1",), ("n",)),
        ("accuracy", ("accuracy",), ("n",)),
    ],
    "acled": [
        ("event_type accuracy", ("event_type", "accuracy"), ("n",)),
        ("sub_event_type accuracy", ("sub_event_type", "accuracy"), ("n",)),
        ("fatalities exact match", ("fatalities", "exact_accuracy"), ("n",)),
        ("actor-1 country accuracy", ("actor1_country", "accuracy"), ("actor1_country", "covered")),
        ("event told as done (asserted or claimed)", ("done", "accuracy"), ("done", "n")),
        ("event location: ACLED's country", ("location", "country"), ("location", "n")),
        ("event location: ACLED's place or admin1", ("location", "place_or_admin1"), ("location", "n")),
        ("event location: within 161 km of ACLED's point", ("location", "within_161km"), ("location", "n")),
    ],
    "event_location": [
        ("location F1 (verbs with an event)", ("f1",), ("found",)),
        ("location accuracy (verbs with an event)", ("accuracy",), ("found",)),
        ("event found for the annotated verb", ("found_rate",), ("verbs",)),
    ],
}


def headline_rows(report: dict[str, Any]) -> list[Row]:
    """The headline measures of every set evaluated without error."""
    rows: list[Row] = []
    for name, result in report.get("sets", {}).items():
        if "error" in result:
            continue
        for measure, value_path, n_path in _HEADLINES.get(name, []):
            if value_path[0] not in result:
                continue  # a report written before the measure existed
            rows.append((name, measure, float(_get(result, *value_path)), int(_get(result, *n_path))))
    return rows


def _f(x: Any) -> str:
    return "–" if x is None else f"{x:.3f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines + [""]


def _per_class(table: dict[str, dict[str, Any]], names: dict[str, str] | None = None) -> list[str]:
    rows = [
        [f"{label} {names[label]}" if names and label in names else label,
         _f(r["precision"]), _f(r["recall"]), _f(r["f1"]), str(r["support"]), str(r["predicted"])]
        for label, r in table.items()
    ]
    return _table(["class", "precision", "recall", "F1", "support", "predicted"], rows)


def _confusion(conf: dict[str, Any]) -> list[str]:
    labels = conf["labels"]
    head = "Confusion (rows gold, columns predicted; classes without gold items have no row)"
    if len(labels) <= WIDE:
        rows = [[label] + [str(v) for v in row] for label, row in zip(labels, conf["matrix"]) if sum(row)]
        return [head + ":", ""] + _table(["gold \\ pred"] + labels, rows)
    rows = [[f"{i} {label}"] + [str(v) for v in row]
            for i, (label, row) in enumerate(zip(labels, conf["matrix"]), 1) if sum(row)]
    return [head + "; columns are numbered as the rows:", ""] + _table(
        ["gold \\ pred"] + [str(i) for i in range(1, len(labels) + 1)], rows
    )


def _classification(res: dict[str, Any], names: dict[str, str] | None = None, confusion: bool = True) -> list[str]:
    lines = [
        f"n = {res['n']}; accuracy {_f(res['accuracy'])}; macro-F1 {_f(res['macro_f1'])}; "
        f"weighted F1 {_f(res['weighted_f1'])}",
        "",
    ]
    lines += _per_class(res["per_class"], names)
    if confusion:
        lines += _confusion(res["confusion"])
    return lines


def _calibration(cal: dict[str, Any], what: str = "items") -> list[str]:
    rows = [
        [f"[{b['low']:.1f}, {b['high']:.1f})", _f(b["mean_confidence"]), _f(b["accuracy"]), str(b["count"])]
        for b in cal["bins"]
    ]
    return [f"Calibration (reliability): ECE {_f(cal['ece'])} over {cal['n']} {what} "
            f"({len(cal['bins'])} equal-width bins).", ""] + _table(
        ["confidence bin", "mean confidence", "accuracy", "count"], rows
    )


def _pr(curve: list[dict[str, Any]], what: str) -> list[str]:
    rows = [[f"{r['threshold']:g}", _f(r["precision"]), _f(r["recall"]), str(r["kept"])] for r in curve]
    return [f"Precision-recall over the confidence threshold ({what}):", ""] + _table(
        ["threshold ≥", "precision", "recall", "kept"], rows
    )


def _plv(res: dict[str, Any]) -> list[str]:
    h, e = res["with_hints"], res["end_to_end"]
    lines = ["### With actor hints (15 classes, CONCEDE/RETREAT → YIELD)", ""]
    lines += [f"No event returned: {h['no_event']}.", ""]
    lines += _classification(h) + _calibration(h["calibration"], "items (no event counts as confidence 0, wrong)")
    if "pr_curve" in h:
        lines += _pr(h["pr_curve"], "the first event's confidence; precision among items with an event kept, "
                                    "recall over all items")
    lines += ["### End to end (no hints)", ""]
    lines += _table(
        ["measure", "directed", "either direction"],
        [["found rate", _f(e["found_rate_directed"]), _f(e["found_rate_either"])],
         ["typed rate", _f(e["typed_rate_directed"]), _f(e["typed_rate_either"])]],
    )
    lines += [f"n = {e['n']}; items with no event: {e['counts']['no_event']}.", ""]
    if "pr_curve" in e:
        lines += _pr(e["pr_curve"], "each event's confidence; precision = kept events on the gold (source, target) "
                                    "pair with the right type, among kept events; recall = items with such an event "
                                    "kept, over all items")
    return lines


def _penta(res: dict[str, Any]) -> list[str]:
    lines = _classification(res, PENTA_NAMES)
    if res.get("class_from") == "coder's text class":
        lines += ["Class: the coder's text class (`Coder.penta_class`: a classifier over the words and the "
                  "coder's events, retrained per fold).", "",
                  f"Items with no event: {res['no_event']}.", ""]
        what = "the text class's probability"
    else:
        lines += [f"Items with no event (scored as class 0): {res['no_event']}.", ""]
        what = "the best event's confidence"
    if "calibration" in res:
        lines += _calibration(res["calibration"], f"items with a class reading ({what})")
    if "pr_curve" in res:
        lines += _pr(res["pr_curve"], f"{what}; precision among items with a reading kept, recall over all items")
    return lines


def _case(res: dict[str, Any]) -> list[str]:
    lines = _classification(res)
    if res.get("class_from") == "coder's text category":
        lines += ["Type: the coder's text category (`Coder.text_category`: a classifier over the words and the "
                  "coder's events, retrained per fold).", ""]
    else:
        lines += ["Type: the most confident event with an ACLED reading, mapped to CASE 2021 (NONE without one).", ""]
    lines += [f"Items with no event carrying an ACLED reading: {res['no_event']}.", ""]
    return lines


def _ner(res: dict[str, Any]) -> list[str]:
    rows = [
        [role, _f(r["precision"]), _f(r["recall"]), _f(r["f1"]), str(r["pred"]), str(r["gold"])]
        for role, r in ((k, res[k]) for k in ("source", "target", "combined"))
    ]
    return ["Overlap match; reciprocal gold spans count for both roles.", ""] + _table(
        ["role", "precision", "recall", "F1", "predicted spans", "gold spans"], rows
    )


def _acled(res: dict[str, Any]) -> list[str]:
    fat, ctry = res["fatalities"], res["actor1_country"]
    lines = [f"Rows with no event carrying an ACLED reading: {res['no_acled_event']}.", "", "### event_type", ""]
    lines += _classification(res["event_type"])
    lines += ["### sub_event_type", ""] + _classification(res["sub_event_type"])
    lines += [
        "### Fatalities and actor-1 country",
        "",
        f"Fatalities (max over events, none → 0): exact match {_f(fat['exact_accuracy'])}, "
        f"mean absolute error {fat['mean_abs_error']:.2f}, n = {fat['n']}.",
        "",
        f"Actor-1 country (the doer of the note's ACLED event among the events that name one, else of the most "
        f"confident such event, vs the country named in ACLED's actor1): "
        f"accuracy {_f(ctry['accuracy'])} over {ctry['covered']} rows with a gold country "
        f"(coverage {_f(ctry['coverage'])} of {ctry['n']}).",
        "",
    ]
    done = res.get("done")
    if done:
        lines += [
            f"Event told as done: ACLED records events that happened, so the event giving a note its ACLED reading "
            f"should be asserted or claimed (not future, hypothetical, negated or denied): {_f(done['accuracy'])} "
            f"of {done['n']} notes with such an event.",
            "",
        ]
    where = res.get("location")
    if where:
        lines += [
            "### Event location",
            "",
            f"Location of the event with the ACLED reading vs ACLED's own (iso3, location, admin1), over {where['n']} "
            f"notes: located {_f(where['located'])}, in ACLED's country {_f(where['country'])}, at ACLED's place "
            f"or in its admin1 {_f(where['place_or_admin1'])} (names compared without diacritics, hyphens or a "
            "leading Arabic article).",
            "",
        ]
        if where.get("median_km") is not None:
            lines += [
                f"By distance from ACLED's coordinates: within 161 km (Acc@161, the geoparsing field's measure) "
                f"{_f(where['within_161km'])} of the {where['n']} notes; over the located notes the median error is "
                f"{where['median_km']:.1f} km and the mean {where['mean_km']:.1f} km.",
                "",
            ]
    return lines


def _event_location(res: dict[str, Any]) -> list[str]:
    c, adj = res["counts"], res["adjudicated"]
    return [
        f"Where each annotated verb's event happened, as the sentence says (or that it does not say): "
        f"{res['verbs']} verbs in {res['n']} sentences; an event whose trigger is the verb for {res['found']} "
        f"({_f(res['found_rate'])}). Over those: accuracy {_f(res['accuracy'])}; located verbs precision "
        f"{_f(res['precision'])}, recall {_f(res['recall'])}, F1 {_f(res['f1'])} (a location is right when its "
        "words overlap the gold place's or name it). The gold-standard relabelled verbs alone: accuracy "
        f"{_f(adj['accuracy'])} over {adj['n']}.",
        "",
    ] + _table(["right place", "another place (or none in gold)", "gold place missed", "rightly none"],
               [[str(c["right_place"]), str(c["wrong_or_unsupported_place"]), str(c["missed_place"]),
                 str(c["rightly_none"])]])


_SECTIONS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "plv": _plv,
    "conflibert_class": _penta,
    "conflibert_ner": _ner,
    "case2021": _case,
    "acled": _acled,
    "event_location": _event_location,
}


def _md(text: str) -> str:
    """Text safe inside Markdown prose: markup characters escaped."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out


def _examples(exs: list[dict[str, str]]) -> str:
    return "; ".join(f"`{ex['id']}` “{_md(ex['excerpt'])}”" for ex in exs[:ERROR_EXAMPLES])


def _named(label: str, names: dict[str, str] | None) -> str:
    return f"{label} {names[label]}" if names and label in names else label


def _top_confusions(title: str, confusions: list[dict[str, Any]], names: dict[str, str] | None = None) -> list[str]:
    if not confusions:
        return [f"**{title}**: no confusions.", ""]
    lines = [f"**{title}** (gold → predicted, count: examples):", ""]
    for c in confusions[:TOP_ERRORS]:
        lines.append(f"- {_md(_named(c['gold'], names))} → {_md(_named(c['pred'], names))}, {c['count']}: "
                     + _examples(c["examples"]))
    return lines + [""]


def _weakest(title: str, res: dict[str, Any], names: dict[str, str] | None = None) -> list[str]:
    rows = sorted(((r["f1"], label, r["support"]) for label, r in res["per_class"].items() if r["support"] >= 5))
    if not rows:
        return []
    shown = ", ".join(f"{_md(_named(label, names))} {f1:.2f} (n={n})" for f1, label, n in rows[:5])
    return [f"Weakest classes of {title} by F1 (support ≥ 5): {shown}.", ""]


def _plv_misses(m: dict[str, Any], n: int) -> list[str]:
    missed = m["no_event"] + m["wrong_pair"] + m["wrong_type"]
    lines = [
        f"**plv end to end**: {missed} of {n} items have no event on the gold (source, target) pair with the gold "
        f"type: no event at all {m['no_event']}; events, but none on the gold pair {m['wrong_pair']}; "
        f"an event on the gold pair with the wrong type {m['wrong_type']}.",
        "",
    ]
    what = {"no_event": "no event at all", "wrong_pair": "events, none on the gold pair (best event's type shown)",
            "wrong_type": "gold pair, wrong type"}
    for kind, label in what.items():
        exs = m["examples"].get(kind) or []
        if exs:
            shown = "; ".join(f"`{ex['id']}` gold {ex['gold']}, predicted {ex['pred']}: “{_md(ex['excerpt'])}”"
                              for ex in exs[:ERROR_EXAMPLES])
            lines.append(f"- {label}: {shown}")
    lines.append("")
    return lines + _top_confusions("plv end to end, wrong type on the gold pair", m["wrong_type_confusions"])


def _errors(sets: dict[str, Any]) -> list[str]:
    lines = ["## Errors", "",
             f"The {TOP_ERRORS} largest confusions of every labelling with up to {ERROR_EXAMPLES} examples each "
             "(item id and an excerpt of at most 15 words around the deciding event's trigger, or the middle of the "
             "text when there is none; the JSON report keeps more).", ""]
    for name, res in sets.items():
        if "error" in res:
            continue
        if name == "plv":
            h = res["with_hints"]
            lines += _weakest("plv with hints", h)
            if "top_confusions" in h:
                lines += _top_confusions("plv with hints", h["top_confusions"])
            if "misses" in res["end_to_end"]:
                lines += _plv_misses(res["end_to_end"]["misses"], res["end_to_end"]["n"])
        elif name == "acled":
            for key in ("event_type", "sub_event_type"):
                lines += _weakest(f"acled {key}", res[key])
                if "top_confusions" in res[key]:
                    lines += _top_confusions(f"acled {key}", res[key]["top_confusions"])
        elif "per_class" in res:
            names = PENTA_NAMES if name == "conflibert_class" else None
            lines += _weakest(name, res, names)
            if "top_confusions" in res:
                lines += _top_confusions(name, res["top_confusions"], names)
    return lines


def _figures(report: dict[str, Any], name: str, plots_dir: str | None) -> list[str]:
    if plots_dir is None:
        return []
    prefix = name + "_"
    specs = [s for s in plot_specs({"sets": {name: report["sets"][name]}}) if s.file.startswith(prefix)]
    lines = [f"![{s.title}]({plots_dir}/{s.file})" for s in specs]
    return ["Figures:", ""] + [line + "\n" for line in lines] if lines else []


def render_markdown(report: dict[str, Any], command: str, plots_dir: str | None = None) -> str:
    """The Markdown report; `plots_dir` (relative to the Markdown file) links the figures when given."""
    coder = report.get("coder") or {}
    lines = [
        "# Flashpoint evaluation on the shared gold sets",
        "",
        "Produced by:",
        "",
        "```",
        command,
        "```",
        "",
        f"Coder: {coder.get('name', '?')} {coder.get('version', '?')}; created {report.get('created', '?')}; "
        f"gold: `{report.get('gold_dir', '?')}`; limit: {report.get('limit')}.",
        "",
        "## Headline",
        "",
    ]
    sets = report.get("sets", {})
    rows = [
        [name, measure, _f(value), str(n), "5-fold CV" if sets[name].get("cross_validated") else "",
         ANCHORS.get((name, measure), "")]
        for name, measure, value, n in headline_rows(report)
    ]
    lines += _table(["set", "measure", "value", "n", "cross-validated", "anchor"], rows)
    lines += ["Anchors are published figures on the sets' test splits; ours are on the shared dev/train files.", ""]
    errors = [(name, res) for name, res in sets.items() if "error" in res]
    if errors:
        lines += ["## Not evaluated", ""]
        lines += [f"- **{name}**: {res['error_type']}: {res['error']}" for name, res in errors] + [""]
    for name, res in sets.items():
        if "error" in res:
            continue
        cv = f"{res['folds']}-fold cross-validated" if res.get("cross_validated") else "not cross-validated"
        lines += [f"## {name}", "", f"n = {res['n']}; {cv}; {res.get('elapsed_s', 0):.1f} s.", ""]
        if res.get("failures"):
            lines += [f"Articles the coder failed on: {res['failures']}.", ""]
        lines += _SECTIONS[name](res)
        lines += _figures(report, name, plots_dir)
    lines += _errors(sets)
    return "\n".join(lines).rstrip() + "\n"


def plots_dir_of(md_path: Path) -> Path:
    """Where the figures of the Markdown report `md_path` go: `<stem>_plots/` beside it."""
    md_path = Path(md_path)
    return md_path.with_name(md_path.stem + "_plots")


def write_report(report: dict[str, Any], md_path: Path, json_path: Path, command: str, plots: bool = True) -> None:
    """Write `report` as sorted, indented JSON, as Markdown headed by the command that produced it and,
    with `plots`, its SVG figures into `plots_dir_of(md_path)` (linked from the Markdown)."""
    md_path, json_path = Path(md_path), Path(json_path)
    for path in (md_path, json_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"command": command, **report}
    json_path.write_text(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    plots_dir = None
    if plots:
        out = plots_dir_of(md_path)
        write_plots(report, out)
        plots_dir = out.name
    md = render_markdown(report, command, plots_dir)
    written = analysis_path_of(md_path)
    if written.exists():  # the hand-written error analysis survives every regeneration of the report
        md = md.rstrip("\n") + "\n\n" + written.read_text(encoding="utf-8").rstrip("\n") + "\n"
    md_path.write_text(md, encoding="utf-8")


def analysis_path_of(md_path: Path) -> Path:
    """The hand-written error analysis appended to a report: `<stem>_analysis.md` beside it."""
    md_path = Path(md_path)
    return md_path.with_name(md_path.stem + "_analysis.md")
